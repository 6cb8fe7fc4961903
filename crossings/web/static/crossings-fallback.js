// Sphinx's own search page, used as the fallback of the archive's search: its link back to the
// archive's search carries the words the reader looked for (?q=...), as the box above it does.
(function () {
  "use strict";
  function carry() {
    var link = document.getElementById("crossings-fallback-link");
    var words = new URLSearchParams(window.location.search).get("q");
    if (!link || !words) { return; }
    link.setAttribute("href", link.getAttribute("href").split("?")[0] + "?q=" + encodeURIComponent(words));
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", carry);
  } else {
    carry();
  }
})();
