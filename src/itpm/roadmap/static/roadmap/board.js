// The roadmap board: drag a card to another column or place, or open a card's "Move…" form inside
// the card (fetched with htmx: the same form as the card's own move page). Every move is saved at
// once (POST, answered with JSON); each column then follows the server's order of the page it
// shows, and a refused move puts the card back and says why. A column shows one page of its
// cards: a place is counted in the whole column (the list's data-offset is the cards above the
// page). Without this script the links and forms still work (the move page, a plain POST and a
// redirect). No libraries, no inline scripts or styles (the CSP forbids them).
(function () {
  "use strict";
  var board = document.querySelector("[data-board]");
  if (!board) { return; }
  var announcer = document.getElementById("board-announcer");
  var query = board.getAttribute("data-query") || "";
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

  // The board holds the move URL of card 0; a card's own is the same with its id.
  function moveUrl(card) {
    return board.getAttribute("data-move-url").replace(/\/0\/move\/$/, "/" + card.getAttribute("data-feature") + "/move/");
  }

  function cardById(id) {
    return board.querySelector('.board-card[data-feature="' + id + '"]');
  }

  function shownIds() {
    return Array.prototype.map.call(board.querySelectorAll(".board-card"), function (card) {
      return card.getAttribute("data-feature");
    }).join(",");
  }

  function setText(column, selector, value) {
    var element = column.querySelector(selector);
    if (element) { element.textContent = String(value); }
  }

  function refreshColumn(list, shown) {
    var column = list.closest(".board-column");
    var count = cardsOf(list).length;
    if (shown) {
      list.setAttribute("data-offset", String(shown.first - 1));
      list.setAttribute("start", String(shown.first));
      setText(column, "[data-count]", shown.total);
      setText(column, "[data-total]", shown.total);
      setText(column, "[data-first]", shown.first);
      setText(column, "[data-last]", shown.first + count - 1);
    }
    var empty = column.querySelector(".board-empty");
    if (empty) { empty.hidden = count > 0; }
  }

  // The answer names the ids of the page each column shows, top first, and brings the cards the
  // page did not hold yet; cards that left a page are taken off it.
  function applyOrder(body) {
    var columns = body.columns || {};
    var cards = body.cards || {};
    Object.keys(columns).forEach(function (horizon) {
      var list = board.querySelector('.board-list[data-horizon="' + horizon + '"]');
      if (!list) { return; }
      var wanted = columns[horizon].ids.map(String);
      wanted.forEach(function (id) {
        var card = cardById(id);
        if (!card && cards[id]) {
          var holder = document.createElement("template");
          holder.innerHTML = cards[id].trim();
          card = holder.content.firstElementChild;
        }
        if (card) { list.appendChild(card); }
      });
      cardsOf(list).forEach(function (card) {
        if (wanted.indexOf(card.getAttribute("data-feature")) < 0) { card.remove(); }
      });
    });
    Object.keys(columns).forEach(function (horizon) {
      var list = board.querySelector('.board-list[data-horizon="' + horizon + '"]');
      if (list) { refreshColumn(list, columns[horizon]); }
    });
  }

  function save(url, data) {
    data.append("shown", shownIds());
    return fetch(url + (query ? "?" + query : ""), {
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
    board.querySelectorAll(".board-list").forEach(function (list) { refreshColumn(list, null); });
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
    if (list === place.list && card.nextElementSibling === place.next) { return; }  // put down where it was
    // The place in the whole column: the cards above this page, then those above it on the page.
    var offset = parseInt(list.getAttribute("data-offset") || "0", 10) || 0;
    var position = offset + cardsOf(list).indexOf(card) + 1;
    var data = new FormData();
    data.append("horizon", list.getAttribute("data-horizon"));
    data.append("position", String(position));
    card.setAttribute("aria-busy", "true");
    save(moveUrl(card), data).then(function (body) {
      applyOrder(body);
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

  // --- A card's move form, inside the card (keyboard) -------------------------------------------

  function closeForm(card, focusLink) {
    var slot = card.querySelector("[data-move-slot]");
    if (slot) { slot.innerHTML = ""; }
    var link = card.querySelector("[data-move-link]");
    if (link) {
      link.setAttribute("aria-expanded", "false");
      if (focusLink) { link.focus(); }
    }
  }

  board.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-move-link]");
    var close = event.target.closest && event.target.closest("[data-move-close]");
    if (close) {
      closeForm(close.closest(".board-card"), true);
      return;
    }
    if (!link || !window.htmx || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    event.preventDefault();
    var card = link.closest(".board-card");
    var slot = card.querySelector("[data-move-slot]");
    if (slot.querySelector("form")) { closeForm(card, true); return; }
    link.setAttribute("aria-expanded", "true");
    window.htmx.ajax("GET", link.getAttribute("href"), { source: slot, target: slot, swap: "innerHTML" });
  });

  // Once the form is in the card, the keyboard is in its first field.
  board.addEventListener("htmx:afterSettle", function (event) {
    var slot = event.target;
    if (!slot.hasAttribute || !slot.hasAttribute("data-move-slot")) { return; }
    var first = slot.querySelector("select, input:not([type=hidden]), button");
    if (first) { first.focus(); }
  });

  board.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var form = event.target.closest && event.target.closest("[data-move-form]");
    if (form) { closeForm(form.closest(".board-card"), true); }
  });

  board.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-move-form")) { return; }
    event.preventDefault();
    var card = form.closest(".board-card");
    var submitter = event.submitter;
    var data = new FormData(form);
    if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
    save(moveUrl(card), data).then(function (body) {
      applyOrder(body);
      announce(body.message);
      if (document.body.contains(card)) {
        var place = form.querySelector("[data-move-place]");
        if (place) { place.textContent = body.place_text; }
        var horizon = form.querySelector("select[name=horizon]");
        if (horizon) { horizon.value = body.horizon; }
        var position = form.querySelector("input[name=position]");
        if (position) { position.value = ""; }
        if (submitter && document.body.contains(submitter)) { submitter.focus(); }
      } else {
        // The card went to a page this board does not show: the message says where it is.
        var heading = document.getElementById("column-" + body.horizon);
        if (heading) { heading.focus(); }
      }
    }, function (error) {
      announce(error.message, true);
    });
  });
})();
