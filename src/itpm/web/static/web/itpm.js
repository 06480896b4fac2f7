// itpm's own small script. No inline scripts anywhere (the Content-Security-Policy forbids them).
(function () {
  "use strict";
  // The main menu folds behind a Menu button on narrow screens (the CSS keys on .js).
  document.documentElement.classList.add("js");
  var menuButton = document.querySelector(".menu-toggle");
  if (menuButton) {
    menuButton.hidden = false;
    menuButton.addEventListener("click", function () {
      var menu = document.getElementById(menuButton.getAttribute("aria-controls"));
      var open = menuButton.getAttribute("aria-expanded") !== "true";
      menuButton.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("open", open);
    });
  }
  // Buttons that ask before doing something that cannot be undone: data-confirm="Question?"
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
  // Copy-to-clipboard buttons next to secrets shown once: data-copy="#element-id"
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) { return; }
    var source = document.querySelector(button.getAttribute("data-copy"));
    if (source && navigator.clipboard) {
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        button.textContent = "Copied";
      });
    }
  });
  // Lists to act on many at once (idea triage): a box that ticks every box named
  // data-tick-all="<name>" in its form (shown only with this script), and a count of the ticked
  // ones in data-ticked-count="<name>".
  function tickedBoxes(form, name) {
    return Array.prototype.filter.call(form.querySelectorAll("input[type=checkbox]"), function (box) {
      return box.name === name;
    });
  }
  function showTicked(form, name) {
    var boxes = tickedBoxes(form, name);
    var ticked = boxes.filter(function (box) { return box.checked; }).length;
    form.querySelectorAll("[data-tick-all]").forEach(function (all) {
      if (all.getAttribute("data-tick-all") !== name) { return; }
      all.checked = ticked > 0 && ticked === boxes.length;
      all.indeterminate = ticked > 0 && ticked < boxes.length;
    });
    form.querySelectorAll("[data-ticked-count]").forEach(function (count) {
      if (count.getAttribute("data-ticked-count") !== name) { return; }
      count.textContent = ticked ? ticked + (ticked === 1 ? " idea ticked" : " ideas ticked") : "No idea ticked yet";
    });
  }
  document.querySelectorAll("[data-tick-all]").forEach(function (all) {
    var label = all.closest("label");
    if (label) { label.hidden = false; }
    if (all.form) { showTicked(all.form, all.getAttribute("data-tick-all")); }
  });
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.form || box.type !== "checkbox") { return; }
    var name = box.getAttribute("data-tick-all");
    if (name) {
      tickedBoxes(box.form, name).forEach(function (each) { each.checked = box.checked; });
    } else {
      name = box.name;
    }
    if (box.form.querySelector("[data-ticked-count='" + name + "'], [data-tick-all='" + name + "']")) {
      showTicked(box.form, name);
    }
  });
  // Choosers (itpm.web.choosers): a search box that asks the server for matches, a listbox to
  // move through with the arrow keys, Enter or a click to choose. Without this script the box
  // is a plain search step the server answers when the form is sent.
  function chooserOf(element) { return element.closest("[data-chooser]"); }
  function optionsOf(chooser) { return chooser.querySelector("[role=listbox]"); }
  function closeChooser(chooser) {
    var list = optionsOf(chooser);
    var box = chooser.querySelector("[role=combobox]");
    list.hidden = true;
    box.setAttribute("aria-expanded", "false");
    box.removeAttribute("aria-activedescendant");
  }
  function activate(chooser, option) {
    var box = chooser.querySelector("[role=combobox]");
    optionsOf(chooser).querySelectorAll("[role=option]").forEach(function (each) {
      each.setAttribute("aria-selected", each === option ? "true" : "false");
    });
    if (option) {
      box.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    }
  }
  function choose(chooser, option) {
    var chosen = chooser.querySelector(".chooser-chosen");
    var name = chooser.getAttribute("data-name");
    var value = option.getAttribute("data-value");
    var label = option.textContent;
    if (!chooser.hasAttribute("data-multiple")) { chosen.innerHTML = ""; }
    var already = Array.prototype.some.call(chosen.querySelectorAll("input"), function (input) {
      return input.value === value;
    });
    if (!already) {
      var item = document.createElement("li");
      var wrap = document.createElement("label");
      var tick = document.createElement("input");
      tick.type = "checkbox";
      tick.name = name;
      tick.value = value;
      tick.checked = true;
      wrap.appendChild(tick);
      wrap.appendChild(document.createTextNode(" " + label));
      item.appendChild(wrap);
      chosen.appendChild(item);
    }
    chosen.hidden = false;
    var box = chooser.querySelector("[role=combobox]");
    box.value = "";
    closeChooser(chooser);
    chooser.querySelector(".chooser-status").textContent = label + " chosen.";
    box.focus();
    // Filter forms that refresh on change (htmx) see the new choice.
    chooser.querySelector(".chooser-chosen input").dispatchEvent(new Event("change", { bubbles: true }));
  }
  // With the script the box only searches: its own change is not the form's.
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("[data-chooser] [role=combobox]")) { event.stopPropagation(); }
  }, true);
  var searchTimer = null;
  document.addEventListener("input", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("[data-chooser] [role=combobox]")) { return; }
    var chooser = chooserOf(box);
    window.clearTimeout(searchTimer);
    searchTimer = window.setTimeout(function () {
      var text = box.value.trim();
      if (!text) { closeChooser(chooser); return; }
      var url = chooser.getAttribute("data-url") + "?q=" + encodeURIComponent(text) + "&id=" + encodeURIComponent(box.id);
      fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) {
          if (box.value.trim() !== text) { return; }
          var list = optionsOf(chooser);
          list.innerHTML = html;
          var count = list.querySelectorAll("[role=option]").length;
          list.hidden = !html.trim();
          box.setAttribute("aria-expanded", list.hidden ? "false" : "true");
          chooser.querySelector(".chooser-status").textContent = count ? count + (count === 1 ? " match" : " matches") + "; arrow keys to move, Enter to choose." : "No matches.";
        });
    }, 200);
  });
  document.addEventListener("keydown", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("[data-chooser] [role=combobox]")) { return; }
    var chooser = chooserOf(box);
    var list = optionsOf(chooser);
    var options = Array.prototype.slice.call(list.querySelectorAll("[role=option]"));
    var current = list.querySelector("[aria-selected=true]");
    var index = options.indexOf(current);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!options.length) { return; }
      event.preventDefault();
      list.hidden = false;
      box.setAttribute("aria-expanded", "true");
      var step = event.key === "ArrowDown" ? 1 : -1;
      activate(chooser, options[(index + step + options.length) % options.length]);
    } else if (event.key === "Enter" && !list.hidden && current) {
      event.preventDefault();
      choose(chooser, current);
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();
      closeChooser(chooser);
    }
  });
  document.addEventListener("mousedown", function (event) {
    var option = event.target.closest && event.target.closest("[data-chooser] [role=option]");
    if (!option) { return; }
    event.preventDefault();
    choose(chooserOf(option), option);
  });
  document.addEventListener("focusout", function (event) {
    var box = event.target;
    if (box.matches && box.matches("[data-chooser] [role=combobox]")) { closeChooser(chooserOf(box)); }
  });
})();
