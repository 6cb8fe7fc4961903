// Quick exit: leave at once for a neutral site, by the button, by Escape (not while typing in a
// field) or by pressing Shift three times. The page is blanked before anything else happens, and
// the tab's current history entry is replaced by the neutral site, so Back does not return to it
// (crossings-one-entry.js keeps the rest of the visit in that same entry). Without JavaScript the
// button is a plain link to the same site.
//
// Every tab of the archive leaves together: the tab where the reader pressed Quick exit tells the
// others (same origin, same browser: a BroadcastChannel, and the `storage` event of the one note
// below where channels are missing), and each of them leaves the same way, for its own language's
// neutral site. A tab that cannot hear it at that moment (still loading, kept in the back-forward
// cache, frozen or discarded by the phone to save memory) reads the note when it shows again and
// leaves at once. The note is the time of the last quick exit, in localStorage (`crossings-left`),
// nothing else; each tab keeps in its own sessionStorage when its visit began
// (`crossings-visit-since`), so a page opened anew after the exit is a new visit and stays.
(function () {
  "use strict";

  var SHIFT_PRESSES = 3;
  var SHIFT_WINDOW_MS = 5000; // all three presses within five seconds, as GOV.UK's "Exit this page"
  var HINT_MS = 5000;
  var shiftTimes = [];
  var hintTimer = 0;
  var leaving = false;

  function exitLink() { return document.getElementById("crossings-quick-exit"); }

  // Hide everything at once: the next site may take seconds to load on a slow connection.
  function blank(url) {
    document.documentElement.classList.add("crossings-leaving");
    if (document.body) { document.body.style.display = "none"; } // even if the stylesheet failed
    try { document.title = new URL(url).hostname; } catch (error) { document.title = ""; }
  }

  function unblank() {
    document.documentElement.classList.remove("crossings-leaving");
    if (document.body) { document.body.style.display = ""; }
  }

  // Sphinx's built-in search (the fallback of the archive's search) files the reader's words in
  // localStorage for the next page to mark them: storage that outlives the tab and the browser,
  // for anyone who opens the site on this phone later. They are kept in the tab instead
  // (sessionStorage, which Quick exit clears), and lent back to Sphinx only on a page whose
  // Sphinx's highlighting script reads them when the page is ready, and deletes them at once.
  var HIGHLIGHT = "sphinx_highlight_terms";
  var TAB_HIGHLIGHT = "crossings-highlight-terms";

  function keepWordsInTab() {
    try {
      var words = window.localStorage.getItem(HIGHLIGHT);
      window.localStorage.removeItem(HIGHLIGHT);
      if (words !== null) { window.sessionStorage.setItem(TAB_HIGHLIGHT, words); }
    } catch (error) { /* storage disabled */ }
  }

  function lendWordsToSphinx() {
    try {
      var words = window.sessionStorage.getItem(TAB_HIGHLIGHT);
      window.sessionStorage.removeItem(TAB_HIGHLIGHT);
      if (words !== null && typeof SphinxHighlight !== "undefined") { window.localStorage.setItem(HIGHLIGHT, words); }
    } catch (error) { /* storage disabled */ }
  }

  function watchSphinxSearch() {
    if (typeof Search === "undefined" || !Search || typeof Search.query !== "function") { return; }
    var query = Search.query;
    Search.query = function () {
      try { return query.apply(this, arguments); } finally { keepWordsInTab(); }
    };
  }

  // Traces of this visit the site itself can still remove before it goes.
  function forget() {
    try { window.sessionStorage.clear(); } catch (error) { /* storage disabled */ }
    try { window.localStorage.removeItem(HIGHLIGHT); } catch (error) { /* idem */ }
    try {
      // The search words must not stay in the address bar if the next site is slow to come.
      window.history.replaceState(null, "", window.location.pathname);
    } catch (error) { /* a file: page may refuse */ }
  }

  // Every other tab of the archive: the exit's time, and the message.
  var CHANNEL = "crossings-quick-exit";
  var LEFT = "crossings-left";
  var VISIT = "crossings-visit-since";
  var channel = null;
  // When this page started to load (a page kept in the back-forward cache keeps its time).
  var loadedAt = window.performance && window.performance.timeOrigin ? window.performance.timeOrigin : Date.now();

  function lastExit() {
    try { return Number(window.localStorage.getItem(LEFT)) || 0; } catch (error) { return 0; }
  }

  function visitSince() {
    try {
      var since = window.sessionStorage.getItem(VISIT);
      return since === null ? null : Number(since) || 0;
    } catch (error) { return null; }
  }

  function tellOtherTabs() {
    try { window.localStorage.setItem(LEFT, String(Date.now())); } catch (error) { /* storage disabled */ }
    if (channel) {
      try { channel.postMessage("leave"); } catch (error) { /* closed */ }
    }
  }

  function openChannel() {
    if (channel || typeof window.BroadcastChannel !== "function") { return; }
    try {
      channel = new window.BroadcastChannel(CHANNEL);
      channel.onmessage = function (event) { if (event.data === "leave") { leave(null, true); } };
    } catch (error) { channel = null; }
  }

  function closeChannel() {
    if (channel) { channel.close(); channel = null; }
  }

  // Shown again rather than opened: reloaded, reached by Back or Forward, or reloaded by a browser
  // that had discarded the tab.
  function reopened() {
    if (document.wasDiscarded) { return true; }
    var entry = null;
    try { entry = window.performance.getEntriesByType("navigation")[0]; } catch (error) { /* old browser */ }
    return Boolean(entry && (entry.type === "reload" || entry.type === "back_forward"));
  }

  // Whether a quick exit in any tab ended the visit this page belongs to. A tab whose own exit
  // cleared its sessionStorage keeps to what crossings_one_history_entry says of its Back button.
  function endedByAnExit() {
    var exitAt = lastExit();
    if (!exitAt) { return false; }
    if (exitAt > loadedAt) { return true; } // it was still loading when the reader left
    var since = visitSince();
    return reopened() && since !== null && since < exitAt;
  }

  function startVisit() {
    var since = visitSince();
    if (since !== null && since >= lastExit()) { return; }
    try { window.sessionStorage.setItem(VISIT, String(Math.floor(loadedAt))); } catch (error) { /* disabled */ }
  }

  // told: another tab left, and said so already.
  function leave(event, told) {
    var link = exitLink();
    if (!link) { return; }
    if (event) { event.preventDefault(); }
    if (leaving) { return; }
    leaving = true;
    blank(link.href);
    forget();
    if (!told) { tellOtherTabs(); }
    closeChannel();
    window.location.replace(link.href);
  }

  // Text fields keep Escape (it closes menus, cancels input methods) and Shift (capitals).
  function typingIn(element) {
    if (!element || element.nodeType !== 1) { return false; }
    if (element.isContentEditable) { return true; }
    var tag = element.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT") { return true; }
    if (tag !== "INPUT") { return false; }
    return !/^(button|submit|reset|checkbox|radio|image|file|color|range|hidden)$/i.test(element.type || "text");
  }

  function say(message) {
    var status = document.getElementById("crossings-exit-status");
    if (!status) { return; }
    status.textContent = message;
    window.clearTimeout(hintTimer);
    if (message) { hintTimer = window.setTimeout(function () { status.textContent = ""; }, HINT_MS); }
  }

  function hint(key) {
    var bar = document.getElementById("crossings-exit-bar");
    return bar ? bar.getAttribute(key) || "" : "";
  }

  function countShift(event) {
    var now = Date.now();
    shiftTimes = shiftTimes.filter(function (time) { return now - time < SHIFT_WINDOW_MS; });
    shiftTimes.push(now);
    var left = SHIFT_PRESSES - shiftTimes.length;
    if (left <= 0) {
      shiftTimes = [];
      say("");
      leave(event, false);
    } else {
      say(hint(left === 1 ? "data-shift-one" : "data-shift-two"));
    }
  }

  function onKeyDown(event) {
    if (event.isComposing) { shiftTimes = []; return; } // an input method is at work
    if (event.key === "Shift") {
      if (!event.repeat) { countShift(null); }
      return;
    }
    shiftTimes = []; // any other key (capital letters included) starts the count again
    if (event.key !== "Escape" && event.key !== "Esc") { return; }
    var target = event.target;
    if (typingIn(target)) {
      // A search field would clear itself on Escape: keep what the reader typed.
      if (target.tagName === "INPUT" && (target.type || "").toLowerCase() === "search") { event.preventDefault(); }
      return;
    }
    if (!event.defaultPrevented) { leave(event, false); }
  }

  if (endedByAnExit()) {
    leave(null, true);
    return;
  }
  startVisit();
  openChannel();
  window.addEventListener("storage", function (event) {
    if (event.key === LEFT && event.newValue && Number(event.newValue) > loadedAt) { leave(null, true); }
  });
  keepWordsInTab(); // words an earlier version of the site, or another script, left behind
  lendWordsToSphinx();
  watchSphinxSearch();
  document.addEventListener("keydown", onKeyDown);
  document.addEventListener("pointerdown", function () { shiftTimes = []; });
  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest ? event.target.closest("#crossings-quick-exit") : null;
    if (link) { leave(event, false); }
  });
  // A page kept in the back-forward cache hears no message there (its channel is closed, so that
  // the browser may keep it). Shown again: if a quick exit in another tab ended its visit, it
  // leaves at once; otherwise a page that comes back blank is shown again.
  window.addEventListener("pagehide", function (event) {
    if (event.persisted) { closeChannel(); }
  });
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    leaving = false;
    if (lastExit() > loadedAt && visitSince() !== null) {
      leave(null, true);
      return;
    }
    unblank();
    openChannel();
  });
})();
