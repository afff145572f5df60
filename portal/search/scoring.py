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
from collections import Counter
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
        df = self.df.get(token, 0)
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))


@dataclass
class Candidate:
    id: int
    rank_group: int
    when: str
    names: str
    title: str
    summary: str
    body: str


def _fields(c: Candidate) -> dict[str, tuple[Counter, int, str]]:
    """Per field: token counts, length and the padded token string (for adjacency)."""
    names = c.names.split()
    title = c.title.split()
    summary = c.summary.split()
    body = c.body.split()
    name_tf, title_tf, summary_tf, all_tf = (Counter(x) for x in (names, title, summary, body))
    # The title column also holds the names, the text column also the summaries.
    title_tf.subtract(name_tf)
    all_tf.subtract(summary_tf)
    return {
        "name": (name_tf, len(names), f" {c.names.replace(chr(10), ' | ')} "),
        "title": (title_tf, max(0, len(title) - len(names)), f" {c.title} "),
        "summary": (summary_tf, len(summary), f" {c.summary} "),
        "body": (all_tf, max(0, len(body) - len(summary)), f" {c.body} "),
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
    fields = _fields(candidate)
    total, covered, possible = 0.0, 0.0, 0.0
    for slot in query.slots:
        best = 0.0
        for alternative in slot.alternatives:
            parts = [_token_weight(fields, t, stats) for t in alternative]
            if parts and all(parts):
                best = max(best, sum(parts) / len(parts))
        rarity = max(stats.idf(t) for t in slot.tokens)
        possible += rarity
        if best:
            covered += rarity
            total += best
    for phrase in query.phrases:
        total += sum(_token_weight(fields, t, stats) for t in phrase)
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
