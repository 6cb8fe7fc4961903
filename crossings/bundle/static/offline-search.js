/* crossings offline search: the bundle's search page, with no server.
 *
 * The index (window.CROSSINGS_OFFLINE_INDEX, loaded by a <script> because browsers refuse fetch()
 * of file://) was analysed at bundle time by the service's own analyzer. Here a query is cut into
 * the same terms: folded as crossings.search.text.fold folds (NFKC, case, marks, digits, Latin accents,
 * Traditional to Simplified through the shipped table), Han/Hangul/kana runs as bigrams, other
 * words by Intl.Segmenter; a Thai (Lao, Khmer, Burmese) word the index does not hold is cut into
 * its longest indexed words; English words take the stem the service gives them (a form the
 * archive does not hold: an indexed stem it starts with before a common ending). Every term must
 * occur in a document; a single Han character or a Thai word is also found inside longer terms,
 * as the service does. No fuzzy matching, prefixes, phrases, operators, facets or snippets.
 */
(function (root) {
  "use strict";

  const LETTERS = { "đ": "d", "ð": "d", "ø": "o", "ł": "l", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe" };
  const MARKS = /['’‘‛ʼ′`´]|[‐‑‒–—―⁃−﹘⸺⸻]|[“”„‟″«»]|[\u00ad\u200b\u2060\ufeff]/g;
  const LATIN = /[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]/;
  const MAX_WORD = 24; // longest Thai word tried when a word is cut by the index's terms
  // English endings the service's Porter stemmer removes: an English word the archive does not
  // hold in this form is looked for as an indexed stem it starts with, followed by one of these.
  const ENDINGS = ["s", "es", "ed", "ing", "ings", "er", "ers", "ly", "ies", "ied", "ion", "ions", "ation",
    "ations", "ment", "ments", "ness", "ity", "ities", "al", "ally", "ive", "ism", "ist", "ists", "e", "y"];

  function inRanges(ranges, ch) {
    const code = ch.codePointAt(0);
    return ranges.some((pair) => code >= pair[0] && code <= pair[1]);
  }

  function mark(ch) {
    if ("'’‘‛ʼ′`´".includes(ch)) return "'";
    if ("“”„‟″«»".includes(ch)) return '"';
    if ("\u00ad\u200b\u2060\ufeff".includes(ch)) return "";
    return "-";
  }

  function asciiDigit(ch) {
    let code = ch.codePointAt(0);
    let zero = code;
    while (zero > 0 && /\p{Nd}/u.test(String.fromCodePoint(zero - 1)) && code - zero < 9) zero -= 1;
    return String((code - zero) % 10);
  }

  function stripAccents(word) {
    const kept = [];
    let latin = false;
    for (const ch of word.normalize("NFD")) {
      if (/\p{M}/u.test(ch)) {
        if (!latin) kept.push(ch);
        continue;
      }
      latin = LATIN.test(ch);
      kept.push(ch);
    }
    return kept.join("").normalize("NFC").replace(/[đðøłħıæœ]/g, (ch) => LETTERS[ch]);
  }

  function fold(text, index) {
    if (/^[\x00-\x7f]*$/.test(text)) return text.toLowerCase();
    let out = text.normalize("NFKC").toLowerCase().replace(MARKS, mark);
    out = out.replace(/\u0e4d\u0e32/g, "\u0e33").replace(/\u0ecd\u0eb2/g, "\u0eb3"); // SARA AM kept whole
    out = out.replace(/(?![0-9])\p{Nd}/gu, asciiDigit);
    if (LATIN.test(out)) out = stripAccents(out);
    return Array.from(out, (ch) => index.t2s[ch] || ch).join("");
  }

  function bigrams(run) {
    const chars = Array.from(run);
    if (chars.length < 2) return chars;
    const out = [];
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
    return out;
  }

  // The query's pieces: runs of bigram scripts, and the text between them.
  function pieces(query, index) {
    const out = [];
    let run = "";
    let other = "";
    for (const ch of Array.from(query)) {
      if (inRanges(index.bigram, ch)) {
        if (other) out.push({ bigram: false, text: other });
        other = "";
        run += ch;
      } else {
        if (run) out.push({ bigram: true, text: run });
        run = "";
        other += ch;
      }
    }
    if (run) out.push({ bigram: true, text: run });
    if (other) out.push({ bigram: false, text: other });
    return out;
  }

  function words(text, lang) {
    if (typeof Intl !== "undefined" && Intl.Segmenter) {
      const segmenter = new Intl.Segmenter(lang || undefined, { granularity: "word" });
      return Array.from(segmenter.segment(text)).filter((s) => s.isWordLike).map((s) => s.segment);
    }
    return text.split(/[^\p{L}\p{N}\p{M}_]+/u).filter((w) => w);
  }

  // A word of a dictionary script the index does not hold, cut into the longest indexed words;
  // kept whole (then found inside longer words) when it cannot be cut into indexed words only.
  function cutByIndex(word, index) {
    const chars = Array.from(word);
    const out = [];
    let at = 0;
    while (at < chars.length) {
      let end = Math.min(chars.length, at + MAX_WORD);
      while (end > at + 1 && !(chars.slice(at, end).join("") in index.terms)) end -= 1;
      const piece = chars.slice(at, end).join("");
      if (!(piece in index.terms)) return [word];
      out.push(piece);
      at = end;
    }
    return out;
  }

  function englishStem(word, index) {
    for (let end = word.length - 1; end >= 3; end--) {
      const stem = word.slice(0, end);
      const ending = word.slice(end);
      if (stem in index.terms && ENDINGS.some((e) => ending === e || ending === stem.slice(-1) + e)) return stem;
    }
    return word;
  }

  function wordTerms(word, index) {
    const folded = fold(word, index);
    const parts = folded.split(/['’:＇：]/).filter((w) => w);
    if (parts.length > 1 && parts[parts.length - 1] === "s") parts.pop();
    const out = [];
    for (const part of parts) {
      if (index.stopSet.has(part)) continue;
      if (Object.prototype.hasOwnProperty.call(index.stems, part)) out.push(index.stems[part]);
      else if (/^[a-z]+$/.test(part) && !(part in index.terms)) out.push(englishStem(part, index));
      else if (part in index.terms || part in index.syn || !inRanges(index.dictionary, part)) out.push(part);
      else out.push(...cutByIndex(part, index));
    }
    return out;
  }

  function queryTerms(query, index, lang) {
    const terms = [];
    // SARA AM typed as two characters would be cut in two by the word breaker: made one first
    query = query.replace(/\u0e4d\u0e32/g, "\u0e33").replace(/\u0ecd\u0eb2/g, "\u0eb3");
    for (const piece of pieces(query, index)) {
      if (piece.bigram) terms.push(...bigrams(fold(piece.text, index)));
      else for (const word of words(piece.text, lang)) terms.push(...wordTerms(word, index));
    }
    return Array.from(new Set(terms));
  }

  // A table of the index with no inherited keys: a query word such as "constructor" or
  // "__proto__" must be looked up among the archive's words, not among Object's own properties.
  function own(table) {
    const copy = Object.create(null);
    for (const key of Object.keys(table || {})) copy[key] = table[key];
    return copy;
  }

  function prepare(index) {
    if (!index.stopSet) {
      for (const name of ["terms", "stems", "t2s", "syn"]) index[name] = own(index[name]);
      index.stopSet = new Set(index.stops);
      index.vocabulary = Object.keys(index.terms);
    }
    return index;
  }

  // Documents holding *term*: as indexed, and inside longer terms for a single Han (kana, Hangul)
  // character or a word of a dictionary script, as the service finds them.
  function documents(term, index) {
    const found = new Set(index.terms[term] || []);
    const single = Array.from(term).length === 1 && inRanges(index.bigram, term);
    if (single || inRanges(index.dictionary, term)) {
      for (const other of index.vocabulary) {
        if (other !== term && other.includes(term)) for (const doc of index.terms[other]) found.add(doc);
      }
    }
    return found;
  }

  // The query as clauses, all required: each a list of alternatives (term lists), the terms of
  // a run the synonyms know joined by the other term lists of its groups, longest run first.
  function clauses(terms, index) {
    const out = [];
    let longest = 0;
    for (const key of Object.keys(index.syn)) longest = Math.max(longest, key.split(" ").length);
    let start = 0;
    while (start < terms.length) {
      let matched = false;
      for (let end = Math.min(terms.length, start + longest); end > start; end--) {
        const run = terms.slice(start, end);
        const others = index.syn[run.join(" ")];
        if (others) {
          out.push([run, ...others]);
          start = end;
          matched = true;
          break;
        }
      }
      if (!matched) {
        out.push([[terms[start]]]);
        start += 1;
      }
    }
    return out;
  }

  function intersect(sets) {
    let docs = null;
    for (const found of sets) {
      docs = docs === null ? new Set(found) : new Set(Array.from(docs).filter((doc) => found.has(doc)));
      if (!docs.size) break;
    }
    return docs || new Set();
  }

  // Words and "phrases" with a minus sign in front (-police), as the service reads them: NOT;
  // so are the dashes and minus signs keyboards type for it, and "!" (!police, as other engines write NOT).
  const MINUS = /(^|[\s(])[-!\u2010-\u2013\u2212\ufe63\uff0d]("[^"]*"?|[^\s"()\-\u2010-\u2013\u2212\ufe63\uff0d][^\s()]*)/gu;

  function excluded(query) {
    const banned = [];
    const rest = query.replace(MINUS, (whole, before, what) => {
      banned.push(what);
      return before + " ";
    });
    return { rest, banned };
  }

  function search(index, query, lang) {
    prepare(index);
    const { rest, banned } = excluded(query);
    const terms = queryTerms(rest, index, lang);
    const without = banned.map((what) => queryTerms(what, index, lang)).filter((found) => found.length);
    if (!terms.length && !without.length) return { terms, hits: [] };
    let docs = terms.length
      ? intersect(
          clauses(terms, index).map((alternatives) => {
            const union = new Set();
            for (const alternative of alternatives) {
              for (const doc of intersect(alternative.map((term) => documents(term, index)))) union.add(doc);
            }
            return union;
          })
        )
      : new Set(index.docs.keys());
    // Without sections here, a document holding an excluded word (every word of an excluded
    // phrase) is left out whole; the service leaves out the sections holding it.
    for (const found of without) {
      const holding = intersect(found.map((term) => documents(term, index)));
      docs = new Set(Array.from(docs).filter((doc) => !holding.has(doc)));
    }
    const wanted = fold(rest.trim(), index);
    const hits = Array.from(docs).sort((a, b) => a - b).map((doc) => index.docs[doc]);
    hits.sort((a, b) => Number(fold(b.t, index).includes(wanted)) - Number(fold(a.t, index).includes(wanted)));
    return { terms, hits };
  }

  function render(form, list, status, index) {
    const params = new URLSearchParams(root.location.search);
    const query = params.get("q") || "";
    form.elements.q.value = query;
    if (!query.trim()) {
      // Opened to search with no words yet (?q=, the phone header's link): the focus waits in the box.
      if (params.has("q")) form.elements.q.focus();
      return;
    }
    const lang = root.document.documentElement.lang;
    const answer = search(index, query, lang);
    list.textContent = "";
    for (const hit of answer.hits) {
      const item = root.document.createElement("li");
      const link = root.document.createElement("a");
      link.href = hit.u;
      link.textContent = hit.t;
      if (hit.l) link.lang = hit.l;
      item.appendChild(link);
      list.appendChild(item);
    }
    const template = status.dataset[answer.hits.length === 1 ? "one" : "many"];
    status.textContent = template.replace("{n}", String(answer.hits.length));
  }

  const api = { search, queryTerms, fold };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  root.crossingsOfflineSearch = api;
  if (root.document && root[ "CROSSINGS_OFFLINE_INDEX" ]) {
    const form = root.document.getElementById("offline-search-form");
    const list = root.document.getElementById("offline-search-results");
    const status = root.document.getElementById("offline-search-status");
    if (form && list && status) render(form, list, status, root.CROSSINGS_OFFLINE_INDEX);
  }
})(typeof window !== "undefined" ? window : globalThis);
