// The roadmap board: drag a card to another column or place, or use the small form on each card.
// Every move is saved at once (POST, answered with JSON); the board follows the server's order,
// and a refused move puts the card back and says why. Without this script the forms still work
// (plain POST and redirect). No libraries, no inline scripts or styles (the CSP forbids them).
(function () {
  "use strict";
  var board = document.querySelector("[data-board]");
  if (!board) { return; }
  var announcer = document.getElementById("board-announcer");
  var dragged = null;
  var origin = null;
  var dropped = false;

  function csrfToken() {
    try {
      var headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
      if (headers["X-CSRFToken"]) { return headers["X-CSRFToken"]; }
    } catch (ignored) { /* fall back to the cookie */ }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function announce(text, isError) {
    if (!announcer) { return; }
    announcer.classList.toggle("message-error", Boolean(isError));
    announcer.classList.toggle("message-success", !isError);
    announcer.textContent = text;
  }

  function cardsOf(list) {
    return Array.prototype.filter.call(list.children, function (child) {
      return child.classList.contains("board-card");
    });
  }

  function refreshColumns() {
    board.querySelectorAll(".board-list").forEach(function (list) {
      var cards = cardsOf(list);
      var column = list.closest(".board-column");
      var count = column.querySelector("[data-count]");
      // Cards below the shown top of a long column still count.
      var hidden = parseInt(column.getAttribute("data-hidden") || "0", 10) || 0;
      if (count) { count.textContent = String(cards.length + hidden); }
      var empty = column.querySelector(".board-empty");
      if (empty) { empty.hidden = cards.length > 0; }
      cards.forEach(function (card) {
        var select = card.querySelector("select[name=horizon]");
        if (select) { select.value = list.getAttribute("data-horizon"); }
      });
    });
  }

  function applyOrder(columns) {
    Object.keys(columns || {}).forEach(function (horizon) {
      var list = board.querySelector('.board-list[data-horizon="' + horizon + '"]');
      if (!list) { return; }
      columns[horizon].forEach(function (id) {
        var card = board.querySelector('.board-card[data-feature="' + id + '"]');
        if (card) { list.appendChild(card); }
      });
    });
    refreshColumns();
  }

  function save(url, data) {
    return fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrfToken() }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) {
          var error = new Error(body.detail || body.message || "The move was not saved (error " + response.status + ").");
          error.body = body;
          throw error;
        }
        return body;
      });
    }, function () {
      throw new Error("The move was not saved: the server could not be reached.");
    });
  }

  function putBack(card, place) {
    if (place.next && place.next.parentNode === place.list) {
      place.list.insertBefore(card, place.next);
    } else {
      place.list.appendChild(card);
    }
    refreshColumns();
  }

  // --- Drag and drop ---------------------------------------------------------------------------

  function cardAfter(list, y) {
    var after = null;
    var closest = Number.NEGATIVE_INFINITY;
    cardsOf(list).forEach(function (card) {
      if (card === dragged) { return; }
      var box = card.getBoundingClientRect();
      var offset = y - box.top - box.height / 2;
      if (offset < 0 && offset > closest) {
        closest = offset;
        after = card;
      }
    });
    return after;
  }

  board.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".board-card");
    if (!card) { return; }
    dragged = card;
    dropped = false;
    origin = { list: card.parentNode, next: card.nextElementSibling };
    card.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.getAttribute("data-feature"));
  });

  board.addEventListener("dragover", function (event) {
    if (!dragged) { return; }
    var list = event.target.closest && event.target.closest(".board-column");
    list = list && list.querySelector(".board-list");
    if (!list) { return; }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    var after = cardAfter(list, event.clientY);
    if (after) { list.insertBefore(dragged, after); } else { list.appendChild(dragged); }
  });

  board.addEventListener("drop", function (event) {
    if (!dragged) { return; }
    event.preventDefault();
    dropped = true;
    var card = dragged;
    var place = origin;
    var list = card.parentNode;
    var position = cardsOf(list).indexOf(card) + 1;
    if (list === place.list && card.nextElementSibling === place.next) { return; }  // put down where it was
    var data = new FormData();
    data.append("horizon", list.getAttribute("data-horizon"));
    data.append("position", String(position));
    refreshColumns();
    card.setAttribute("aria-busy", "true");
    save(card.getAttribute("data-move-url"), data).then(function (body) {
      applyOrder(body.columns);
      announce(body.message);
    }, function (error) {
      putBack(card, place);
      announce(error.message, true);
    }).then(function () { card.removeAttribute("aria-busy"); });
  });

  board.addEventListener("dragend", function () {
    if (dragged) {
      dragged.classList.remove("is-dragging");
      if (!dropped && origin) { putBack(dragged, origin); }
    }
    dragged = null;
  });

  // --- The form on each card (keyboard) ---------------------------------------------------------

  board.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList.contains("board-move")) { return; }
    event.preventDefault();
    var card = form.closest(".board-card");
    var submitter = event.submitter;
    var data = new FormData(form);
    if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
    if (!data.get("direction")) {
      // Moving to another column puts the card at the bottom; within its own, nothing changes.
      data.delete("position");
    }
    save(form.getAttribute("action"), data).then(function (body) {
      applyOrder(body.columns);
      announce(body.message);
      if (submitter && document.body.contains(submitter)) { submitter.focus(); }
    }, function (error) {
      announce(error.message, true);
    });
  });
})();
