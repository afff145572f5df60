"""Snippets: the best passage of a text, with the query's words marked.

A Latin or Cyrillic word is marked when its stem is a query stem ("policies" marks
"Policy"; «по» never marks «подтверждаем»), a number only as a whole number, and Chinese
where a query run (or one of its variants) occurs. The passage shown is the window that
holds the most marked words.
"""

from __future__ import annotations

import functools
import itertools
import re
from html import escape

from django.utils.safestring import mark_safe

from portal.search import analyzer

SNIPPET_CHARS = 220


def _han_run(tokens: list[str]) -> str:
    """The Chinese text a list of query bigrams spells (``上海 海合`` -> ``上海合``)."""
    if not tokens:
        return ""
    return tokens[0] + "".join(t[-1] for t in tokens[1:])


class Terms:
    """What to mark: stems of words, whole numbers, Chinese strings."""

    def __init__(self, stems=(), numbers=(), han=()):
        self.stems = sorted(set(stems))
        self.numbers = sorted(set(numbers))
        self.han = sorted(set(han), key=lambda term: (-len(term), term))

    def __bool__(self):
        return bool(self.stems or self.numbers or self.han)

    @classmethod
    def of(cls, query) -> Terms:
        stems, numbers, han = set(), set(), set()
        run: list[str] = []
        for token in [*query.sequence, ""]:  # runs of Chinese bigrams as typed
            if _is_han(token):
                run.append(token)
            elif run:
                han.add(_han_run(run))
                run = []
        groups = [alt for slot in query.slots for alt in slot.alternatives]
        groups += [list(p) for p in query.phrases]
        for tokens in groups:
            chinese = [t for t in tokens if _is_han(t)]
            if chinese:
                han.add(_han_run(chinese))
            for t in tokens:
                if t.isdigit():
                    numbers.add(t)
                elif not _is_han(t):
                    stems.add(t)
        return cls(stems, numbers, han)


_LATIN, _CYRILLIC = "a-z\u00c0-\u024f", "\u0400-\u04ff"
#: How many terms' hits a text keeps (``Prepared.found``) before it forgets them all.
KEPT_TERMS = 256


@functools.lru_cache(maxsize=512)
def _words(stem: str):
    """A stem's script and a pattern for the words that may have it: words beginning as
    the stem does (Snowball removes endings and spellings are folded first, so a stem
    begins as the words it marks), so that only those are stemmed and compared. None
    for a stem that is neither Latin nor Cyrillic (it marks nothing)."""
    for script, letters in (("latin", _LATIN), ("cyrillic", _CYRILLIC)):
        if re.fullmatch(f"[{letters}]+", stem):
            start = stem[:2]
            # The beginning first, then the test that no letter comes before it: a
            # pattern that begins with literals is searched for them (8x faster on a
            # long text).
            pattern = f"{re.escape(start)}(?<![{letters}]{'.' * len(start)})[{letters}]*"
            return script, re.compile(pattern)
    return None


@functools.lru_cache(maxsize=512)
def _number(number: str):
    return re.compile(f"(?<![0-9]){re.escape(number)}(?![0-9])")


def _is_han(token: str) -> bool:
    return bool(token) and "\u3400" <= token[0] <= "\ufaff"


class Prepared:
    """A text as snippets read it: runs of whitespace as one space, the text folded as
    terms are (``folded``: None when a character's lower case is longer, which would
    shift every position), and each term's hits in it once found.

    A term's hits depend on the text alone, so they are kept with it (``found``), as
    scoring keeps a field's counts: the process keeps the entries' rows, a search reads
    the same texts again and again, and finding a word meant scanning the whole text
    (which runs to 16,000 characters) on every request.
    """

    __slots__ = ("_found", "folded", "text")

    def __init__(self, text: str):
        self.text = _flattened(text)
        folded = self.text.lower().replace("ё", "е")
        self.folded = folded if len(folded) == len(self.text) else None
        self._found: dict[tuple[str, str], tuple[tuple[int, int], ...]] = {}

    def found(self, kind: str, term: str) -> tuple[tuple[int, int], ...]:
        """The (start, end) of each hit of a term: ``han`` (every occurrence, overlapping
        ones too), ``number`` (a whole number) or ``stem`` (a word with that stem)."""
        key = (kind, term)
        known = self._found.get(key)
        if known is None:
            if len(self._found) >= KEPT_TERMS:
                self._found.clear()
            known = self._found[key] = tuple(_find(self.folded or "", kind, term))
        return known


#: A line ending in one of these runs on into the next with a space (none after Chinese
#: punctuation); other lines (a heading, a place, a list item) are set apart with " · ".
_RUNS_ON = re.compile(r"[.!?;:,…]$")
_CHINESE_END = re.compile(r"[。！？；：，、）」』”]$")
_BULLET = re.compile(r"^[-•▶■]\s+")


def _flattened(text: str) -> str:
    """The text on one line, as a snippet shows it: "Astana, Kazakhstan · Climate change",
    not the fields and list items run together ("Kazakhstan Climate change")."""
    out: list[str] = []
    for line in text.splitlines():
        # Split and join: split() and \s agree on what whitespace is, and splitting is
        # four times faster than the regular expression on long texts.
        line = _BULLET.sub("", " ".join(line.split()))
        if not line:
            continue
        if out:
            last = out[-1]
            out.append("" if _CHINESE_END.search(last) else " " if _RUNS_ON.search(last) else " · ")
        out.append(line)
    return "".join(out)


def _find(folded: str, kind: str, term: str):
    if kind == "han":
        start = folded.find(term)
        while start != -1:
            yield (start, start + len(term))
            start = folded.find(term, start + 1)
    elif kind == "number":
        for match in _number(term).finditer(folded):
            yield match.span()
    else:
        words = _words(term)
        if words is not None:
            script, pattern = words
            for match in pattern.finditer(folded):
                if analyzer.stem(match.group(), script) == term:
                    yield match.span()


def _hits(prepared: Prepared, terms: Terms):
    """The (start, end) of each marked word or Chinese run (unmerged, unsorted).

    Chinese terms are found directly, longest first, never over a longer term's hit (they
    are Han only, so a hit never crosses into another script); of overlapping hits of one
    length the leftmost is marked (not whichever term a set happened to list first, which
    changed with the process's string hashing).
    """
    if terms.han:
        taken = bytearray(len(prepared.text))
        for _, same_length in itertools.groupby(terms.han, key=len):
            found = sorted(hit for term in same_length for hit in prepared.found("han", term))
            for start, end in found:
                if not any(taken[start:end]):
                    taken[start:end] = b"\x01" * (end - start)
                    yield (start, end)
    for number in terms.numbers:
        yield from prepared.found("number", number)
    for stem in terms.stems:
        yield from prepared.found("stem", stem)


def _spans(prepared: Prepared, terms: Terms) -> list[tuple[int, int]]:
    spans = list(_hits(prepared, terms))
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _best_start(spans, length: int, size: int) -> int:
    """The start of the window of ``length`` characters holding the most marked words."""
    if size <= length or not spans:
        return 0
    best, best_count, j = 0, -1, 0
    # Spans are merged, so sorted by start and by end: the spans a window starting at
    # span i holds are i .. j-1, and j only moves forward.
    for i, (a, _) in enumerate(spans):
        j = max(j, i)
        while j < len(spans) and spans[j][1] <= a + length:
            j += 1
        if j - i > best_count:
            best, best_count = a, j - i
    return max(0, min(best - length // 5, size - length))


def snippet(text: str, terms: Terms, length: int = SNIPPET_CHARS) -> str:
    """An escaped passage of ``text`` (at most ``length`` characters) with terms in <mark>."""
    prepared = _prepared(text or "")
    text = prepared.text
    if not text:
        return ""
    # A character whose lower case is longer: mark nothing.
    spans = _spans(prepared, terms) if terms and prepared.folded is not None else []
    start = _best_start(spans, length, len(text))
    if start:
        # Begin at a word boundary.
        space = text.find(" ", start, start + 20)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + length)
    out: list[str] = []
    last = start
    for a, b in spans:
        if a < start or b > end:
            continue
        out.append(escape(text[last:a]))
        out.append(f"<mark>{escape(text[a:b])}</mark>")
        last = b
    out.append(escape(text[last:end]))
    # html.escape: what django.utils.html.escape returns, without its lazy-string wrapper
    # (half of the escaping's cost, a dozen calls per snippet).
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + "".join(out) + suffix)  # noqa: S308 - pieces escaped above


#: Kept for the 256 texts seen last (a page's results hold up to 80; two copies of a
#: long section of 20,000 characters make at most 10 MB a process): a search reads the
#: same entries' texts again and again (the process keeps their rows), and folding a
#: page of long texts cost it 0.2-0.4 ms.
_prepared = functools.lru_cache(maxsize=256)(Prepared)


def has_match(text: str, terms: Terms) -> bool:
    if not text or not terms:
        return False
    prepared = _prepared(text)
    if prepared.folded is None:
        return False
    found = prepared.found
    return (
        any(found("han", h) for h in terms.han)
        or any(found("number", n) for n in terms.numbers)
        or any(found("stem", s) for s in terms.stems)
    )
