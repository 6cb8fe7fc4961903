"""The plan of a search: the parsed query as the engine runs it.

Each pattern word (``migra*``), fuzzy word (``polise~``) and one-character Han, kana or Hangul
word is replaced by the indexed words it stands for, found once (so that matching, scoring and
highlighting see the same plain terms); a Thai (Lao, Khmer, Burmese) word also by the longer
words holding it; a phrase whose edge words may sit inside longer words of the text by an
``EdgePhrase``; a year by its key, a year range by the years the index holds. What comes out is
made only of Whoosh's queries and the two kinds of crossings.search.engine.queries.
"""

from __future__ import annotations

from typing import Any

from whoosh import query as wq

from crossings.search.engine.queries import EdgePhrase, FlatPattern
from crossings.search.engine.schema import TEXT_FIELDS
from crossings.search.language.fuzzy import spelling_words, words_within
from crossings.search.language.patterns import expand_pattern
from crossings.search.request.budget import Budget
from crossings.search.request.errors import QueryError
from crossings.search.request.limits import MAX_EXPANDED
from crossings.search.text.scripts import bigram_script, dictionary_script

MAX_EXPANSION = 64  # terms one fuzzy word may expand to
INSIDE_WORDS = 1000  # longer words a Thai (Lao, Khmer, Burmese) word is looked for inside
INSIDE_WEIGHT = 0.25  # the share of a word's boost a longer word holding it counts


def prepare(q: Any, reader: Any, budget: Budget | None = None) -> Any:
    """*q* as the search runs it: each pattern, fuzzy word and one-character Han, kana or Hangul
    word replaced by the indexed words it stands for (found once, so highlighting sees plain
    terms), a year range by the years the index holds, ``*`` by everything.

    Each indexed word costs a read of its postings in every segment that holds it: QueryError
    when the patterns and fuzzy words the reader typed stand for more than MAX_EXPANDED words."""
    typed = [0]
    prepared = _prepare(q, reader, budget, typed)
    if typed[0] > MAX_EXPANDED:
        raise QueryError(
            f"the query's words with * ? or ~ stand for {typed[0]:,} words of the archive; the limit "
            f"is {MAX_EXPANDED:,}: use fewer of them, or longer ones"
        )
    return prepared


def _prepare(q: Any, reader: Any, budget: Budget | None, typed: list[int]) -> Any:
    """:func:`prepare` of one part of the query; *typed* counts the words patterns expanded to."""
    if budget is not None:
        budget.check()
    kind = type(q)
    if kind is wq.FuzzyTerm:
        fuzzy = _fuzzy_or(q, reader, budget)
        typed[0] += len(fuzzy.subqueries) if isinstance(fuzzy, wq.Or) else 0
        return fuzzy
    if kind in (wq.Prefix, wq.Wildcard):
        pattern = q.text + "*" if kind is wq.Prefix else q.text
        words = expand_pattern(reader, q.fieldname, pattern, budget)
        typed[0] += len(words)
        return FlatPattern(q.fieldname, pattern, words, q.boost)
    if kind is wq.Every:
        return wq.Every()
    if kind is wq.Term and q.fieldname in TEXT_FIELDS:
        return _inside_words(q, reader, budget) or _single_character(q, reader, budget)
    if kind is wq.Phrase and q.slop == 1 and q.fieldname in TEXT_FIELDS and len(q.words) > 1:
        return _edge_phrase(q, reader, budget)
    if kind is wq.Term and q.fieldname == "year":
        year = reader.schema["year"].from_bytes(q.text) if isinstance(q.text, bytes) else q.text
        return wq.Term("year_key", str(year), boost=q.boost)
    if kind is wq.NumericRange and q.fieldname == "year":
        return years_query(q.start, q.end, reader)
    if kind is wq.AndNot:
        # The same as AND NOT, which Whoosh's matchers answer right: its AndNot matcher keeps a
        # first match of the left side that the right side also matches when the right side's
        # first match comes before it (lang:zh-Hant ANDNOT 香港 kept a Hong Kong section).
        return _prepare(wq.And([q.a, wq.Not(q.b)], boost=q.boost), reader, budget, typed)
    if isinstance(q, wq.BinaryQuery):
        return kind(_prepare(q.a, reader, budget, typed), _prepare(q.b, reader, budget, typed))
    if isinstance(q, wq.CompoundQuery):
        return _simplified(kind, [_prepare(sub, reader, budget, typed) for sub in q.subqueries], q.boost)
    if kind is wq.Not:
        inner = _prepare(q.query, reader, budget, typed)
        return wq.NullQuery if type(inner) is wq.Every else wq.Not(inner, boost=q.boost)
    return q


def _simplified(kind: Any, subqueries: list[Any], boost: float) -> Any:
    """An Or holding everything is everything; an And ignores its everything parts."""
    every = [sub for sub in subqueries if type(sub) is wq.Every]
    if every and kind is wq.Or:
        return wq.Every()
    if every and kind is wq.And:
        subqueries = [sub for sub in subqueries if type(sub) is not wq.Every]
        if not subqueries:
            return wq.Every()
    return kind(subqueries, boost=boost)


def _single_character(q: Any, reader: Any, budget: Budget | None) -> Any:
    """A one-character word of a bigram script matches wherever the character is: alone, or as
    either half of the index's character pairs (only a character ICU took for a word is
    indexed alone)."""
    text = q.text if isinstance(q.text, str) else ""
    if len(text) != 1 or not bigram_script(text):
        return q
    pairs = [
        FlatPattern(q.fieldname, pattern, expand_pattern(reader, q.fieldname, pattern, budget), q.boost)
        for pattern in (text + "?", "?" + text)
    ]
    return wq.Or([q, *pairs])


def _inside_words(q: Any, reader: Any, budget: Budget | None) -> Any:
    """A Thai (Lao, Khmer, Burmese) word also matches where a substring search finds it: inside
    the longer words ICU kept whole (การ in การประชุม), and across two words of the text where
    ICU cut the text between two words it kept together in the query (คนมา in คน|มา); both count
    less than the word itself. None for a word of another script."""
    text = q.text if isinstance(q.text, str) else ""
    if not dictionary_script(text):
        return None
    pattern = f"*{text}*"
    words = expand_pattern(reader, q.fieldname, pattern, budget, limit=INSIDE_WORDS, typed=False)
    weight = q.boost * INSIDE_WEIGHT
    found = [q, FlatPattern(q.fieldname, pattern, words, weight)]
    known = spelling_words(reader, q.fieldname) if reader.schema[q.fieldname].separate_spelling() else ()
    for cut in range(1, len(text)):
        head, tail = text[:cut], text[cut:]
        if head in known and tail in known:
            found.append(_edge_phrase(wq.Phrase(q.fieldname, [head, tail], boost=weight), reader, budget))
    return wq.Or(found)


def _edge_phrase(q: Any, reader: Any, budget: Budget | None) -> Any:
    """A phrase whose first word may end a longer word of the text, and whose last may start
    one, where a substring search would find them: a Thai (Lao, Khmer, Burmese) word ICU kept
    inside its neighbour, or a lone Han, kana or Hangul character the text has inside a longer
    run (取 in 銀行取り締まり). The phrase as typed when neither edge is such a word."""
    field = reader.schema[q.fieldname]
    slots = [(field.to_bytes(word),) for word in q.words]
    changed = False
    for index, pattern in ((0, "*{}"), (len(slots) - 1, "{}*")):
        word = q.words[index]
        if dictionary_script(word):
            glob = pattern.format(word)
        elif len(word) == 1 and bigram_script(word):
            glob = pattern.format(word).replace("*", "?")
        else:
            continue
        found = expand_pattern(reader, q.fieldname, glob, budget, limit=INSIDE_WORDS, typed=False)
        slots[index] = tuple(dict.fromkeys(slots[index] + found))
        changed = True
    return EdgePhrase(q.fieldname, list(q.words), tuple(slots), q.boost) if changed else q


def _fuzzy_or(q: Any, reader: Any, budget: Budget | None) -> Any:
    """The OR of terms within the fuzzy query's distance (NullQuery when none)."""
    fieldobj = reader.schema[q.fieldname]
    text, dist, prefix = str(q.text), int(q.maxdist), int(q.prefixlength)
    found = sorted(words_within(reader, q.fieldname, text, dist, prefix), key=lambda pair: (pair[1], pair[0]))
    if budget is not None:
        budget.check()
    terms: dict[str, None] = {}
    for word, _ in found:
        if fieldobj.separate_spelling():  # a spelling word: index it the way the field does
            terms.update(dict.fromkeys(_analysed(fieldobj.analyzer, word)))
        else:
            terms[word] = None
    chosen = list(terms)[:MAX_EXPANSION]
    if not chosen:
        return wq.NullQuery
    return wq.Or([wq.Term(q.fieldname, term, boost=q.boost) for term in chosen])


def _analysed(analyzer: Any, word: str) -> tuple[str, ...]:
    """The query terms of one word."""
    return tuple(t.text for t in analyzer(word, mode="query"))


def years_query(low: int | None, high: int | None, reader: Any) -> Any:
    """The years *low* to *high* (either open) the index holds, as an OR of ``year_key`` terms
    (Whoosh's NumericRange walks its trie terms for every query, ten times slower)."""
    years = [int(b) for b in reader.lexicon("year_key") if b.isdigit()]
    kept = [y for y in years if (low is None or y >= low) and (high is None or y <= high)]
    if not kept:
        return wq.NullQuery
    return wq.Or([wq.Term("year_key", str(y)) for y in kept])
