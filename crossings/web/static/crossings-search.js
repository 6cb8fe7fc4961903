// The search page of the online archive: asks /api/search and draws results, facets and pages.
// The whole query lives in the page's URL (?q=...&country=TH), so a search can be bookmarked.
// The facets and filters are the page's data-facets (crossings.search.registry): none is named here.
// When the API cannot be reached the page says so and the form falls back to Sphinx's search.
(function () {
  "use strict";

  var GENERAL_PARAMS = ["q", "sort", "page"];
  var LIST_PARAMS = [];     // repeatable parameters (several values per document)
  var SINGLE_PARAMS = [];   // every other parameter, the general ones included
  var FILTER_PARAMS = [];   // the parameters of every facet and filter
  var FACET_KEYS = {};      // control -> the facet's name in the answer and the labels
  var RADIO_FACETS = {};    // controls of one value at a time
  var RANGES = {};          // control -> [first, last] parameters of a year range
  var OWN_FIRST = {};       // controls whose values are languages: the reader's own first
  var UNCONTROLLED = [];    // parameters of filters the page has no control for (kept from the URL)
  var LIMIT = 10;           // hits per page: the page's data-limit (crossings.search.request.limits)
  var RETRIES = 2;  // a busy service (503 with retry_after) is asked again this many times

  var root, form, input, sortSelect, statusLine, suggestion, results, pager, texts, labels, api, uiLang;
  var latest = 0;

  function text(key, values) {
    var message = texts[key] || key;
    Object.keys(values || {}).forEach(function (name) {
      message = message.split("{" + name + "}").join(String(values[name]));
    });
    return message;
  }

  function readJSON(value, empty) {
    try { return JSON.parse(value || "null") || empty; } catch (error) { return empty; }
  }

  // The parameter tables, from the registry the page carries.
  function learnFacets(facets) {
    SINGLE_PARAMS = GENERAL_PARAMS.slice();
    facets.forEach(function (facet) {
      facet.params.forEach(function (param) {
        FILTER_PARAMS.push(param);
        (facet.kind === "keywords" ? LIST_PARAMS : SINGLE_PARAMS).push(param);
        if (!facet.counted) { UNCONTROLLED.push(param); }
      });
      if (!facet.counted) { return; }
      FACET_KEYS[facet.control] = facet.name;
      if (facet.kind === "keyword") { RADIO_FACETS[facet.control] = true; }
      if (facet.kind === "years") { RANGES[facet.control] = facet.params; }
      if (facet.value === "language") { OWN_FIRST[facet.control] = true; }
    });
  }

  // The state of a search, read from a query string.
  function stateFrom(search) {
    var params = new URLSearchParams(search);
    var state = {};
    LIST_PARAMS.forEach(function (name) { state[name] = params.getAll(name); });
    SINGLE_PARAMS.forEach(function (name) { state[name] = params.get(name) || ""; });
    return state;
  }

  // The state as a query string, without empty values.
  function queryString(state) {
    var params = new URLSearchParams();
    SINGLE_PARAMS.forEach(function (name) {
      if (name === "q" || state[name]) { params.set(name, state[name] || ""); }
    });
    LIST_PARAMS.forEach(function (name) {
      state[name].forEach(function (value) { params.append(name, value); });
    });
    if (params.get("sort") === "relevance") { params.delete("sort"); }
    if (params.get("page") === "1") { params.delete("page"); }
    return params.toString();
  }

  function isEmpty(state) {
    return !state.q && FILTER_PARAMS.every(function (name) {
      return LIST_PARAMS.indexOf(name) >= 0 ? state[name].length === 0 : !state[name];
    });
  }

  // The state the form shows now (page back to 1: the filters changed).
  function stateFromForm() {
    var state = stateFrom(window.location.search);  // keeps the filters the page has no control for
    state.q = input.value.trim();
    state.sort = sortSelect.value;
    state.page = "";
    Object.keys(FACET_KEYS).forEach(function (control) {
      var checked = [];
      form.querySelectorAll('input[name="' + control + '"]:checked').forEach(function (box) {
        if (box.value) { checked.push(box.value); }
      });
      if (RANGES[control]) {
        var years = checked.map(Number).sort();
        state[RANGES[control][0]] = years.length ? String(years[0]) : "";
        state[RANGES[control][1]] = years.length ? String(years[years.length - 1]) : "";
      } else if (LIST_PARAMS.indexOf(control) >= 0) {
        state[control] = checked;
      } else {
        state[control] = checked.length ? checked[0] : "";
      }
    });
    return state;
  }

  function fillForm(state) {
    input.value = state.q;
    sortSelect.value = state.sort === "date" ? "date" : "relevance";
  }

  function apiURL(state, facetsOnly) {
    var query = queryString(state);
    var url = facetsOnly ? api.replace(/search$/, "facets") : api;
    return url + "?" + query + (query ? "&" : "") + "limit=" + LIMIT + "&ui=" + encodeURIComponent(uiLang);
  }

  // The answer for *url*: the one the page's head asked for already when it is that URL
  // (crossings.web.firstsearch; taken once), else a new request.
  function ask(url) {
    var first = window.crossingsFirstSearch;
    window.crossingsFirstSearch = null;
    if (first && first.url === url) { return first.answer; }
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "omit" });
  }

  function run(state, retries) {
    var ticket = ++latest;
    var facetsOnly = isEmpty(state);
    var left = retries === undefined ? RETRIES : retries;
    statusLine.textContent = facetsOnly ? "" : text("searching");
    ask(apiURL(state, facetsOnly))
      .then(function (response) {
        var type = response.headers.get("content-type") || "";
        if (type.indexOf("application/json") !== 0) { throw new Error("offline"); }
        return response.json().then(function (body) { return { status: response.status, body: body }; });
      })
      .then(function (answer) {
        if (ticket !== latest) { return; }
        // Busy (every search process taken): wait as asked and try again, rather than fall back.
        if (answer.status === 503 && answer.body.retry_after && left > 0) {
          statusLine.textContent = text("busy");
          window.setTimeout(function () { if (ticket === latest) { run(state, left - 1); } },
            1000 * Math.min(Number(answer.body.retry_after) || 1, 10));
          return;
        }
        if (answer.status === 503 && answer.body.retry_after) { showError(answer.body.error); return; }
        if (answer.status === 404 || answer.status === 503) { fallBack(state); return; }
        if (answer.body.ok === false) { showError(answer.body.error); return; }
        draw(state, answer.body, facetsOnly);
      })
      .catch(function () {
        if (ticket === latest) { fallBack(state); }
      });
  }

  function showError(message) {
    statusLine.textContent = text("error") + " " + message;
    results.replaceChildren();
    pager.replaceChildren();
    suggestion.hidden = true;
  }

  function draw(state, answer, facetsOnly) {
    drawFacets(state, answer.facets || {});
    suggestion.hidden = true;
    results.replaceChildren();
    pager.replaceChildren();
    if (facetsOnly) { statusLine.textContent = ""; return; }
    var total = answer.total || 0;
    statusLine.textContent = total === 0 ? text("none") : total === 1 ? text("one") : text("results", { total: total });
    if (answer.suggestion) { drawSuggestion(state, answer.suggestion); }
    (answer.hits || []).forEach(function (hit) { results.appendChild(hitItem(hit)); });
    drawPages(state, total);
  }

  function safeURL(url) {
    // Only links inside the site: no scheme (javascript:, data:, http:) and no protocol-relative //.
    return (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(url) || url.indexOf("//") === 0) ? "#" : url;
  }

  // The API's snippet is escaped HTML with <mark>; keep only text and <mark>, build the nodes.
  function snippetNodes(html) {
    var parsed = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html").body;
    var fragment = document.createDocumentFragment();
    (function copy(source, target) {
      source.childNodes.forEach(function (node) {
        if (node.nodeType === Node.TEXT_NODE) {
          target.appendChild(document.createTextNode(node.textContent));
        } else if (node.nodeType === Node.ELEMENT_NODE && node.nodeName === "MARK") {
          var mark = document.createElement("mark");
          mark.textContent = node.textContent;
          target.appendChild(mark);
        } else if (node.nodeType === Node.ELEMENT_NODE) {
          copy(node, target);
        }
      });
    })(parsed, fragment);
    return fragment;
  }

  // A hit is a document: its title links to its best section; its matching sections follow,
  // each with its heading (when it has one) and snippet.
  function hitItem(hit) {
    var item = document.createElement("li");
    item.className = "cs-hit";
    // The document's language marks its own text (title, section names, snippets) and nothing
    // else: the labels under it are in the reader's interface language, in its font.
    var docLang = hit.language || "";
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = safeURL(hit.url || "");
    link.textContent = hit.title;
    if (docLang) { link.lang = docLang; }
    heading.appendChild(link);
    item.appendChild(heading);
    var sections = hit.sections && hit.sections.length ? hit.sections : [hit];
    var list = document.createElement("ul");
    list.className = "cs-sections";
    sections.forEach(function (section) { list.appendChild(sectionItem(section, docLang)); });
    item.appendChild(list);
    var meta = document.createElement("p");
    meta.className = "cs-meta";
    var parts = (hit.countries || []).map(function (code) { return label("country", code); });
    if (hit.type) { parts.push(label("type", hit.type)); }
    if (hit.language) { parts.push(label("language", hit.language)); }
    if (hit.date) { parts.push(hit.date); }
    meta.textContent = parts.join(" · ");
    item.appendChild(meta);
    return item;
  }

  function sectionItem(section, docLang) {
    var entry = document.createElement("li");
    entry.className = "cs-section";
    if (docLang) { entry.lang = docLang; }
    if (section.section) {
      var name = document.createElement("a");
      name.className = "cs-section-name";
      name.href = safeURL(section.url || "");
      name.textContent = section.section;
      entry.appendChild(name);
    }
    var snippet = document.createElement("p");
    snippet.className = "cs-snippet";
    snippet.appendChild(snippetNodes(section.snippet || ""));
    entry.appendChild(snippet);
    return entry;
  }

  function label(facet, value) {
    var known = labels[facet] || {};
    return known[value] || known[value.toUpperCase()] || value;
  }

  function drawSuggestion(state, suggested) {
    var next = Object.assign({}, state, { q: suggested, page: "" });
    var link = document.createElement("a");
    link.href = "?" + queryString(next);
    link.textContent = suggested;
    link.addEventListener("click", function (event) { event.preventDefault(); go(next, true); });
    suggestion.replaceChildren(document.createTextNode(text("suggest") + " "), link, document.createTextNode("?"));
    suggestion.hidden = false;
  }

  function drawPages(state, total) {
    var pages = Math.ceil(total / LIMIT);
    var page = Number(state.page || "1");
    if (pages <= 1) { return; }
    var where = document.createElement("span");
    where.textContent = text("page", { page: page, pages: pages });
    if (page > 1) { pager.appendChild(pageLink(state, page - 1, text("previous"), "prev")); }
    pager.appendChild(where);
    if (page < pages) { pager.appendChild(pageLink(state, page + 1, text("next"), "next")); }
  }

  function pageLink(state, page, title, rel) {
    var next = Object.assign({}, state, { page: String(page) });
    var link = document.createElement("a");
    link.href = "?" + queryString(next);
    link.rel = rel;
    link.textContent = title;
    link.addEventListener("click", function (event) {
      event.preventDefault();
      go(next, true);
      statusLine.focus();
    });
    return link;
  }

  function drawFacets(state, facets) {
    // The groups are drawn anew: the control that had the focus gets it back (same id).
    var focused = document.activeElement && form.contains(document.activeElement) ? document.activeElement.id : "";
    form.querySelectorAll(".cs-facet").forEach(function (group) {
      var param = group.getAttribute("data-param");
      var counts = facets[FACET_KEYS[param]] || {};
      var chosen = chosenValues(state, param);
      var values = Object.keys(counts);
      chosen.forEach(function (value) { if (values.indexOf(value) < 0) { values.push(value); } });
      values = orderValues(param, values, counts);
      var box = group.querySelector(".cs-values");
      box.replaceChildren();
      if (RADIO_FACETS[param] && values.length) { box.appendChild(option(param, "", text("any"), null, chosen.length === 0)); }
      values.forEach(function (value) {
        box.appendChild(option(param, value, label(FACET_KEYS[param], value), counts[value] || 0, chosen.indexOf(value) >= 0));
      });
      group.hidden = values.length === 0;
    });
    var again = focused ? document.getElementById(focused) : null;
    if (again && again !== document.activeElement) { again.focus(); }
  }

  function chosenValues(state, param) {
    if (RANGES[param]) {
      var from = state[RANGES[param][0]], to = state[RANGES[param][1]];
      if (!from && !to) { return []; }
      var years = [];
      for (var y = Number(from || to); y <= Number(to || from) && years.length < 200; y++) {
        years.push(String(y));
      }
      return years;
    }
    if (LIST_PARAMS.indexOf(param) >= 0) { return state[param]; }
    return state[param] ? [state[param]] : [];
  }

  // Years newest first; the reader's own language first; the rest by count as the API sent them.
  function orderValues(param, values, counts) {
    if (RANGES[param]) { return values.sort().reverse(); }
    if (OWN_FIRST[param]) {
      var own = values.filter(function (v) { return v.toLowerCase() === uiLang.toLowerCase(); });
      return own.concat(values.filter(function (v) { return own.indexOf(v) < 0; }));
    }
    return values;
  }

  function option(param, value, title, count, checked) {
    var id = "cs-" + param + "-" + (value || "any").replace(/[^A-Za-z0-9_-]/g, "_");
    var wrapper = document.createElement("div");
    wrapper.className = "cs-value";
    var control = document.createElement("input");
    control.type = RADIO_FACETS[param] ? "radio" : "checkbox";
    control.name = param;
    control.value = value;
    control.id = id;
    control.checked = checked;
    control.addEventListener("change", function () { go(stateFromForm(), true); });
    var caption = document.createElement("label");
    caption.htmlFor = id;
    caption.textContent = title;
    if (count !== null) {
      var number = document.createElement("span");
      number.className = "cs-count";
      number.textContent = String(count);
      caption.appendChild(document.createTextNode(" "));
      caption.appendChild(number);
    }
    wrapper.appendChild(control);
    wrapper.appendChild(caption);
    return wrapper;
  }

  function go(state, remember) {
    var query = queryString(state);
    // Replace, not push: the readers' searches can be sensitive, and the quick exit (which replaces
    // the current entry) should leave no earlier search one Back away. The entry's state (the way
    // back inside the archive, crossings-one-entry.js) is kept.
    if (remember) { history.replaceState(history.state, "", "?" + query); }
    carryQuery(query);
    fillForm(state);
    run(state);
  }

  // The language switcher's links to this page in other languages keep the search.
  function carryQuery(query) {
    document.querySelectorAll('a[rel="alternate"][hreflang]').forEach(function (link) {
      var href = link.getAttribute("href") || "";
      var path = href.split("?")[0];
      if (/search-service\.html$/.test(path)) { link.setAttribute("href", path + (query ? "?" + query : "")); }
    });
  }

  // No service: with words to look for, go on to Sphinx's own search page with them (it says it is
  // the fallback); without, say so, hide the filters, and let the form submit to that page.
  function fallBack(state) {
    var staticSearch = root.getAttribute("data-static-search") || "search.html";
    if (state.q) {
      window.location.replace(staticSearch + "?q=" + encodeURIComponent(state.q));
      return;
    }
    root.classList.add("cs-offline");
    form.action = staticSearch;
    form.querySelectorAll(".cs-filters, .cs-options").forEach(function (part) { part.hidden = true; });
    form.querySelectorAll(".cs-facets input, .cs-options select").forEach(function (control) { control.disabled = true; });
    var link = document.createElement("a");
    link.href = staticSearch + (state.q ? "?q=" + encodeURIComponent(state.q) : "");
    link.id = "cs-offline-link";
    link.textContent = text("offlineLink");
    statusLine.replaceChildren(document.createTextNode(text("offline") + " "), link);
    results.replaceChildren();
    pager.replaceChildren();
    form.removeEventListener("submit", onSubmit);
  }

  function onSubmit(event) {
    event.preventDefault();
    go(stateFromForm(), true);
  }

  function start() {
    root = document.getElementById("crossings-search");
    if (!root) { return; }
    form = document.getElementById("cs-form");
    input = document.getElementById("cs-q");
    sortSelect = document.getElementById("cs-sort");
    statusLine = document.getElementById("cs-status");
    statusLine.tabIndex = -1;
    suggestion = document.getElementById("cs-suggestion");
    results = document.getElementById("cs-results");
    pager = document.getElementById("cs-pages");
    texts = readJSON(root.getAttribute("data-texts"), {});
    labels = readJSON(root.getAttribute("data-labels"), {});
    learnFacets(readJSON(root.getAttribute("data-facets"), []));
    LIMIT = Number(root.getAttribute("data-limit")) || LIMIT;
    api = root.getAttribute("data-api") || "../api/search";
    // Filters open beside the results on a wide screen, folded away on a phone.
    document.getElementById("cs-filters").open = window.matchMedia("(min-width: 50em)").matches;
    uiLang = root.getAttribute("data-lang") || document.documentElement.lang || "en";
    // Opened to search with no words yet (?q=, the phone header's link): the focus waits in the box.
    // Not otherwise: Escape in a box keeps what is typed instead of leaving (crossings-quick-exit.js).
    var asked = new URLSearchParams(window.location.search);
    if (asked.has("q") && !asked.get("q").trim()) { input.focus(); }
    if (window.location.protocol === "file:") {
      fallBack(stateFrom(window.location.search));
      return;
    }
    form.addEventListener("submit", onSubmit);
    sortSelect.addEventListener("change", function () { go(stateFromForm(), true); });
    window.addEventListener("popstate", function () { go(stateFrom(window.location.search), false); });
    go(stateFrom(window.location.search), false);
  }

  document.addEventListener("DOMContentLoaded", start);
})();
