"""BM25F scoring of candidate entries, in Python: the same numbers on both databases.

Fields and weights: names and aliases (``NAME``) far above titles, titles above summaries,
summaries above bodies; per-field length normalisation; term rarity from the stored
document frequencies (``SearchTerm``). On top: a bonus for covering every query word, a
bonus for query words adjacent in the record as in the query (Chinese bigram runs, word
pairs), and a query that is exactly one of a record's names puts that record first.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from portal.search.parsing import Query

#: field: (weight, length normalisation b)
FIELDS = {"name": (10.0, 0.3), "title": (4.0, 0.6), "summary": (2.0, 0.75), "body": (1.0, 0.75)}
K1 = 1.2
ADJACENCY = {"name": 3.0, "title": 1.5, "summary": 0.7, "body": 0.5}
NAME_BONUS = 1000.0


@dataclass
class Stats:
    n: int
    df: dict[str, int]
    avg: dict[str, float]

    def idf(self, token: str) -> float:
        known = self._idf.get(token)
        if known is None:
            df = self.df.get(token, 0)
            known = self._idf[token] = math.log(1 + (self.n - df + 0.5) / (df + 0.5))
        return known

    def __post_init__(self):
        self._idf: dict[str, float] = {}


@dataclass
class Candidate:
    id: int
    rank_group: int
    when: str
    names: str
    title: str
    summary: str
    body: str


class _Tokens:
    """A field's token string, counted without splitting it (tokens never contain spaces).

    ``spaced`` is the string with one space around it and line breaks read as spaces; a
    token's count is the number of `` token `` in it. A token repeated back to back
    (`` a a ``) would be counted once that way, so that rare case is counted by splitting.
    """

    def __init__(self, text: str):
        if "\n" in text:
            text = text.replace("\n", " ")
        self.spaced = f" {text} "
        if not text.strip():
            self.length = 0
        elif "  " in text or text[0] == " " or text[-1] == " ":
            self.length = len(text.split())
        else:
            self.length = text.count(" ") + 1

    def get(self, token: str, default: int = 0) -> int:
        probe = f" {token} "
        found = self.spaced.count(probe)
        if found and f"{probe}{token} " in self.spaced:
            found = self.spaced.split().count(token)
        return found or default


class _Difference:
    """Counts of one field minus another (titles hold the names, texts the summaries)."""

    def __init__(self, whole: _Tokens, part: _Tokens):
        self.whole, self.part = whole, part

    def get(self, token: str, default: int = 0) -> int:
        return max(0, self.whole.get(token) - self.part.get(token)) or default


def _rest(whole: str, part: _Tokens, part_text: str) -> tuple[_Tokens | _Difference, int]:
    """The counts and length of ``whole`` without ``part``, which it begins with (titles
    hold the names, then a line break; texts the summaries, then a space): the rest is
    counted on its own, else (an index written otherwise) as a difference of counts."""
    size = len(part_text)
    if whole.startswith(part_text) and (size == 0 or whole[size : size + 1] in ("", " ", "\n")):
        rest = _Tokens(whole[size:])
        return rest, rest.length
    counted = _Tokens(whole)
    return _Difference(counted, part), max(0, counted.length - part.length)


def _fields(c: Candidate, adjacency: bool = True) -> dict[str, tuple]:
    """Per field: token counts, length and the padded token string (for adjacency, which
    a query of one token never tests: then the copies of the long texts are not made)."""
    names, summary = _Tokens(c.names), _Tokens(c.summary)
    title, title_length = _rest(c.title, names, c.names)
    body, body_length = _rest(c.body, summary, c.summary)
    return {
        "name": (names, names.length, f" {c.names.replace(chr(10), ' | ')} " if adjacency else ""),
        "title": (title, title_length, f" {c.title} " if adjacency else ""),
        "summary": (summary, summary.length, summary.spaced),
        "body": (body, body_length, f" {c.body} " if adjacency else ""),
    }


def _token_weight(fields, token: str, stats: Stats) -> float:
    weighted = 0.0
    for name, (tf, length, _) in fields.items():
        f = tf.get(token, 0)
        if f > 0:
            weight, b = FIELDS[name]
            avg = stats.avg.get(name) or 1.0
            weighted += weight * f / (1 - b + b * length / avg)
    if not weighted:
        return 0.0
    return stats.idf(token) * weighted * (K1 + 1) / (weighted + K1)


def score(
    candidate: Candidate, query: Query, stats: Stats, name_keys: tuple[str, list[str]]
) -> float:
    fields = _fields(candidate, adjacency=len(query.sequence) > 1)
    weights: dict[str, float] = {}

    def weight(token: str) -> float:
        if token not in weights:
            weights[token] = _token_weight(fields, token, stats)
        return weights[token]

    total, covered, possible = 0.0, 0.0, 0.0
    for slot in query.slots:
        best = 0.0
        for alternative in slot.alternatives:
            # An alternative counts only when the record has all its words: look for the
            # rarest first (weights are kept, so the sum below recomputes nothing).
            if not alternative or not all(
                weight(t) for t in sorted(alternative, key=stats.idf, reverse=True)
            ):
                continue
            parts = [weight(t) for t in alternative]
            best = max(best, sum(parts) / len(parts))
        rarity = max(stats.idf(t) for t in slot.tokens)
        possible += rarity
        if best:
            covered += rarity
            total += best
    for phrase in query.phrases:
        total += sum(weight(t) for t in phrase)
    coverage = covered / possible if possible else 1.0
    total *= coverage**2
    sequence = query.sequence
    for a, b in itertools.pairwise(sequence):
        pair = f" {a} {b} "
        for name, (_, _, padded) in fields.items():
            if pair in padded:
                total += ADJACENCY[name] * (stats.idf(a) + stats.idf(b)) / 2
                break
    if name_keys[0] and _names_match(candidate.names, name_keys):
        total += NAME_BONUS
    return total


def _names_match(names: str, name_keys: tuple[str, list[str]]) -> bool:
    """The whole query is one of the names, or each of its words is."""
    whole, words = name_keys
    lines = {line.strip() for line in names.splitlines() if line.strip()}
    return whole in lines or (len(words) > 1 and all(w in lines for w in words))


def rank(candidates: list[Candidate], query: Query, stats: Stats, name_keys: tuple[str, list[str]]):
    """Candidates best first; ties by kind, then newest, then id (the same everywhere)."""
    scored = [(round(score(c, query, stats, name_keys), 9), c) for c in candidates]
    scored.sort(key=lambda sc: (-sc[0], sc[1].rank_group, _neg(sc[1].when), -sc[1].id))
    return [c for _, c in scored]


def _neg(when: str) -> tuple:
    # Newest first: compare code points negated (dates are ASCII digits and separators).
    return (*tuple(-ord(ch) for ch in when), 1)
