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
        self.stems = set(stems)
        self.numbers = set(numbers)
        self.han = sorted(set(han), key=lambda term: (-len(term), term))
        self.words = _candidates(self.stems, self.numbers)

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


def _candidates(stems, numbers):
    """A pattern for the words that may be marked: whole numbers of the query, and words
    beginning as a stem does (Snowball removes endings and spellings are folded first, so
    a stem begins as the words it marks): only those are stemmed and compared."""
    parts = []
    for kind, letters in (("latin", _LATIN), ("cyrillic", _CYRILLIC)):
        starts = sorted({s[:2] for s in stems if re.fullmatch(f"[{letters}]+", s)})
        if starts:
            # The beginning first, then the test that no letter comes before it: a pattern
            # that begins with literals is searched for them (8x faster on a long text).
            branches = "|".join(
                f"(?:{'|'.join(re.escape(s) for s in starts if len(s) == n)})"
                f"(?<![{letters}]{'.' * n})"
                for n in sorted({len(s) for s in starts})
            )
            parts.append(f"(?P<{kind}>(?:{branches})[{letters}]*)")
    if numbers:
        alternatives = "|".join(re.escape(n) for n in sorted(numbers))
        parts.append(f"(?P<digits>(?<![0-9])(?:{alternatives})(?![0-9]))")
    return re.compile("|".join(parts)) if parts else None


def _is_han(token: str) -> bool:
    return bool(token) and "\u3400" <= token[0] <= "\ufaff"


def _hits(folded: str, terms: Terms):
    """The (start, end) of each marked word or Chinese run (unmerged, unsorted).

    Chinese terms are found directly, longest first, never over a longer term's hit (they
    are Han only, so a hit never crosses into another script); of overlapping hits of one
    length the leftmost is marked (not whichever term a set happened to list first, which
    changed with the process's string hashing). Words are read only when there are stems
    or numbers to mark.
    """
    if terms.han:
        taken = bytearray(len(folded))
        for _, same_length in itertools.groupby(terms.han, key=len):
            found = []
            for term in same_length:
                start = folded.find(term)
                while start != -1:
                    found.append((start, start + len(term)))
                    start = folded.find(term, start + 1)
            for start, end in sorted(found):
                if not any(taken[start:end]):
                    taken[start:end] = b"\x01" * (end - start)
                    yield (start, end)
    if terms.words is None:
        return
    for match in terms.words.finditer(folded):
        kind = match.lastgroup
        if kind == "digits" or analyzer.stem(match.group(), kind) in terms.stems:
            yield match.span()


def _spans(folded: str, terms: Terms) -> list[tuple[int, int]]:
    spans = list(_hits(folded, terms))
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
    text, folded = _prepared(text or "")
    if not text:
        return ""
    if folded is None:  # a character whose lower case is longer: mark nothing
        folded, terms = text, Terms()
    spans = _spans(folded, terms) if terms else []
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


@functools.lru_cache(maxsize=256)
def _prepared(text: str) -> tuple[str, str | None]:
    """A text with runs of whitespace as one space, and that text folded as terms are
    (None when a character's lower case is longer, which would shift every position).

    Kept for the 256 texts seen last (a page's results hold up to 80; two copies of a
    long section of 20,000 characters make at most 10 MB a process): a search reads
    the same entries' texts again and again (the process keeps their rows), and
    folding a page of long texts cost it 0.2-0.4 ms. Split and join: split() and \\s
    agree on what whitespace is, and splitting is four times faster than the regular
    expression on long texts.
    """
    text = " ".join(text.split())
    folded = text.lower().replace("ё", "е")
    return text, (folded if len(folded) == len(text) else None)


def has_match(text: str, terms: Terms) -> bool:
    if not text or not terms:
        return False
    folded = _prepared(text)[1]
    if folded is None:
        return False
    # Cheap test first: a stem is (nearly always) a prefix of the words it marks.
    if not (
        any(h in folded for h in terms.han)
        or any(n in folded for n in terms.numbers)
        or any(s[:3] in folded for s in terms.stems)
    ):
        return False
    return next(_hits(folded, terms), None) is not None
