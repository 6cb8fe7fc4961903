// Quick exit: leave for a neutral site and replace this page in the history, so Back does not return.
(function () {
  "use strict";
  function leave(event) {
    var link = document.getElementById("crossings-quick-exit");
    if (!link) { return; }
    if (event) { event.preventDefault(); }
    document.body.style.visibility = "hidden";
    window.location.replace(link.href);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var link = document.getElementById("crossings-quick-exit");
    if (link) { link.addEventListener("click", leave); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !event.defaultPrevented) { leave(event); }
  });
})();
