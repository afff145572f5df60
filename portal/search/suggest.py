""" "Did you mean": a spelling the index knows, when a query finds little.

Each Latin or Cyrillic word whose stem no entry contains is replaced by the closest stem
of the index's own vocabulary (``SearchTerm``: same first letter, similar length, most
entries on a tie), shown in a form a record actually uses. Chinese needs no such help:
every character is indexed.
"""

from __future__ import annotations

import difflib
import re

from portal.search import analyzer
from portal.search.models import SearchTerm, SearchText

FEW = 3
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+|[\u0400-\u04ff]+")


def _script(word: str) -> str:
    return "cyrillic" if "\u0400" <= word[0].lower() <= "\u04ff" else "latin"


def _closest(stem: str) -> str | None:
    if len(stem) < 4:
        return None
    vocabulary = dict(
        SearchTerm.objects.filter(term__startswith=stem[0], entries__gt=0)
        .exclude(term__startswith="§")
        .values_list("term", "entries")
    )
    near = [t for t in vocabulary if abs(len(t) - len(stem)) <= 2]
    matches = difflib.get_close_matches(stem, near, n=5, cutoff=0.75)
    if not matches:
        return None
    best = max(
        matches, key=lambda t: (difflib.SequenceMatcher(None, stem, t).ratio(), vocabulary[t])
    )
    return best


def _surface(stem: str, script: str) -> str:
    """A word of the indexed texts whose stem is ``stem`` (as a record spells it)."""
    row = (
        SearchText.objects.filter(tokens__contains=f" {stem} ")
        .values_list("title_en", "title_ru", "text_en", "text_ru")
        .first()
    )
    for text in row or ():
        for word in _WORD.findall(text or ""):
            if (
                _script(word) == script
                and analyzer.stem(word.lower().replace("ё", "е"), script) == stem
            ):
                return word.lower()
    return stem


def did_you_mean(words: list[str], known) -> str:
    """A corrected query, or "" when every word is known or nothing better is found.

    ``known(stem)`` tells whether the index has entries containing a stem.
    """
    changed, out = False, []
    for word in words:
        parts = _WORD.fullmatch(word)
        if not parts:
            out.append(word)
            continue
        script = _script(word)
        stem = analyzer.stem(word.lower().replace("ё", "е"), script)
        if known(stem):
            out.append(word)
            continue
        better = _closest(stem)
        if better is None:
            out.append(word)
            continue
        out.append(_surface(better, script))
        changed = True
    return " ".join(out) if changed else ""
