// itpm's own small script. No inline scripts anywhere (the Content-Security-Policy forbids them).
(function () {
  "use strict";
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
})();
