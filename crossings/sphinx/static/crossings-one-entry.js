// One history entry for the whole visit. A page cannot delete entries from the tab's history, so
// the archive never adds any: links and forms that stay inside the site replace the current page
// (location.replace), a link to another site in the same tab replaces it too (Back from there
// must not lead back here), and the search page updates its address with history.replaceState. After a
// quick exit replaces that one entry with a neutral site, Back leads to whatever came before the
// archive. The browser's Back button therefore leaves the archive; the site offers its own "Back"
// link at the top of each page instead.
//
// Where the way back is kept: in the current entry's history.state (a list of earlier pages of
// this visit), which the quick exit replaces with everything else. Between two pages it crosses in
// sessionStorage for the moment of the navigation only: the page being left writes it, the page
// that arrives moves it into its own history.state and deletes it at once. Nothing else is stored.
// Turned off by crossings_one_history_entry = False in conf.py (this script is then not loaded).
(function () {
  "use strict";

  var HANDOFF = "crossings-back-handoff";
  var HANDOFF_MS = 60000; // a handoff older than this belongs to some earlier, interrupted visit
  var MAX_BACK = 30;
  var MAX_TITLE = 80;
  var known = null; // this page's list, once read (another script may replace history.state later)

  function readHandoff() {
    var text = null;
    try {
      text = window.sessionStorage.getItem(HANDOFF);
      window.sessionStorage.removeItem(HANDOFF);
    } catch (error) { return null; }
    try { return text ? JSON.parse(text) : null; } catch (error) { return null; }
  }

  function writeHandoff(to, back) {
    try {
      window.sessionStorage.setItem(HANDOFF, JSON.stringify({ to: to, at: Date.now(), back: back }));
    } catch (error) { /* storage disabled: no Back link on the next page, nothing else lost */ }
  }

  function withoutHash(url) { return url.split("#")[0]; }

  function validPage(item) {
    return item && typeof item.url === "string" && typeof item.title === "string" && sameSite(item.url);
  }

  function sameSite(href) {
    var url;
    try { url = new URL(href, document.baseURI); } catch (error) { return null; }
    if (url.protocol !== window.location.protocol) { return null; }
    if (url.protocol !== "file:" && url.origin !== window.location.origin) { return null; }
    return url;
  }

  // The earlier pages of this visit: from this entry's state, or from the page that led here.
  function earlierPages() {
    if (known) { return known; }
    var state = window.history.state;
    if (state && Array.isArray(state.crossingsBack)) {
      known = state.crossingsBack.filter(validPage);
      return known;
    }
    var handoff = readHandoff();
    var fresh = handoff && Date.now() - handoff.at < HANDOFF_MS && Array.isArray(handoff.back) &&
      withoutHash(String(handoff.to)) === withoutHash(window.location.href);
    var back = fresh ? handoff.back.filter(validPage).slice(-MAX_BACK) : [];
    var kept = Object.assign({}, state && typeof state === "object" ? state : {}, { crossingsBack: back });
    try { window.history.replaceState(kept, ""); } catch (error) { /* keep it in memory only */ }
    known = back;
    return back;
  }

  function thisPage() {
    var heading = document.querySelector("article h1, [role=main] h1, h1");
    var title = "";
    if (heading) {
      var copy = heading.cloneNode(true);
      copy.querySelectorAll(".headerlink").forEach(function (mark) { mark.remove(); });
      title = copy.textContent.replace(/\s+/g, " ").trim();
    }
    title = title || document.title;
    if (title.length > MAX_TITLE) { title = title.slice(0, MAX_TITLE - 1) + "\u2026"; }
    return { url: window.location.href, title: title };
  }

  // Pages of the site (not a PDF, an e-book or a citation file, which no page of ours will read).
  function isPage(url) {
    var last = url.pathname.split("/").pop();
    return last === "" || /\.x?html?$/i.test(last) || !/\.[A-Za-z0-9]+$/.test(last);
  }

  function go(href, back) {
    // A jump inside this page keeps the page, and its list with it: no handoff to leave behind.
    var url = new URL(href, document.baseURI);
    if (withoutHash(href) !== withoutHash(window.location.href) && isPage(url)) { writeHandoff(href, back); }
    window.location.replace(href);
  }

  function follow(href) {
    var back = earlierPages();
    if (withoutHash(href) !== withoutHash(window.location.href)) { back = back.concat([thisPage()]).slice(-MAX_BACK); }
    go(href, back);
  }

  // A target that names this same tab: none, _self, and _top or _parent when the page is not in a
  // frame (Graphviz gives the route diagram's links target="_top"). Any other opens another window.
  function thisTab(target) {
    var name = (target || "").trim().toLowerCase();
    if (name === "" || name === "_self") { return true; }
    if (name === "_top") { return window.top === window; }
    if (name === "_parent") { return window.parent === window; }
    return false;
  }

  // Where a link leads in this tab: a page of the site, another site (http or https), or null for
  // what the browser does better itself (a new tab, a download, mailto:, javascript:).
  function linkTarget(anchor) {
    if (anchor.id === "crossings-quick-exit" || anchor.hasAttribute("download")) { return null; }
    if (!thisTab(anchor.getAttribute("target"))) { return null; }
    var href = anchor.getAttribute("href") || anchor.getAttributeNS("http://www.w3.org/1999/xlink", "href");
    if (!href || /^\s*javascript:/i.test(href)) { return null; }
    var url;
    try { url = new URL(href, document.baseURI); } catch (error) { return null; }
    return sameSite(href) || (/^https?:$/.test(url.protocol) ? url : null);
  }

  function onClick(event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return; // a new tab or window is the reader's choice
    }
    var anchor = event.target && event.target.closest ? event.target.closest("a, area") : null;
    var url = anchor ? linkTarget(anchor) : null;
    if (!url) { return; }
    event.preventDefault();
    if (!sameSite(url.href)) {
      // Leaving for another site replaces this entry too: Back from there never returns here.
      window.location.replace(url.href);
    } else if (anchor.classList.contains("crossings-back-link")) {
      var back = earlierPages();
      go(url.href, back.slice(0, -1));
    } else {
      follow(url.href);
    }
  }

  function onSubmit(event) {
    var form = event.target;
    if (event.defaultPrevented || !form || form.tagName !== "FORM") { return; }
    if ((form.getAttribute("method") || "get").toLowerCase() !== "get") { return; }
    if (!thisTab(form.getAttribute("target"))) { return; }
    var url = sameSite(form.action || window.location.href);
    if (!url) { return; }
    var data;
    try { data = new FormData(form, event.submitter || null); } catch (error) { data = new FormData(form); }
    var query = new URLSearchParams();
    data.forEach(function (value, name) { if (typeof value === "string") { query.append(name, value); } });
    url.search = query.toString();
    url.hash = "";
    event.preventDefault();
    follow(url.href);
  }

  function drawBackLink() {
    var back = earlierPages();
    if (!back.length) { return; }
    var bar = document.getElementById("crossings-exit-bar");
    var previous = back[back.length - 1];
    var nav = document.createElement("nav");
    nav.className = "crossings-back";
    nav.setAttribute("aria-label", (bar && bar.getAttribute("data-back-nav")) || "Previous page");
    var link = document.createElement("a");
    link.className = "crossings-back-link";
    link.href = previous.url;
    link.textContent = "\u2190 " + ((bar && bar.getAttribute("data-back")) || "Back") + ": " + previous.title;
    nav.appendChild(link);
    var main = document.querySelector("article[role=main]") || document.querySelector("[role=main]") || document.body;
    main.insertBefore(nav, main.firstChild);
  }

  document.addEventListener("click", onClick);
  document.addEventListener("submit", onSubmit);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawBackLink);
  } else {
    drawBackLink();
  }
})();
