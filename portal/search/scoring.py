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
        #: Each token's count, once counted: a field's counts are kept from one query to
        #: the next (``Scorer``), and counting scans the whole text (a body runs to tens
        #: of thousands of characters).
        self._found: dict[str, int] = {}
        if not text.strip():
            self.length = 0
        elif "  " in text or text[0] == " " or text[-1] == " ":
            self.length = len(text.split())
        else:
            self.length = text.count(" ") + 1

    def get(self, token: str, default: int = 0) -> int:
        found = self._found.get(token)
        if found is None:
            probe = f" {token} "
            found = self.spaced.count(probe)
            if found and f"{probe}{token} " in self.spaced:
                found = self.spaced.split().count(token)
            self._found[token] = found
        return found or default


class _Difference:
    """Counts of one field minus another (titles hold the names, texts the summaries)."""

    def __init__(self, whole: _Tokens, part: _Tokens):
        self.whole, self.part = whole, part

    def get(self, token: str, default: int = 0) -> int:
        return max(0, self.whole.get(token) - self.part.get(token)) or default


def _rest(whole: str, part_text: str) -> tuple[_Tokens | _Difference, int]:
    """The counts and length of ``whole`` without ``part_text``, which it begins with
    (titles hold the names, then a line break; texts the summaries, then a space): the
    rest is counted on its own, else (an index written otherwise) as a difference of
    counts."""
    size = len(part_text)
    if whole.startswith(part_text) and (size == 0 or whole[size : size + 1] in ("", " ", "\n")):
        # Without the separator: a string that begins with a space is measured by
        # splitting it (see _Tokens), which for a long text costs more than counting.
        rest = _Tokens(whole[size + 1 :] if size else whole)
        return rest, rest.length
    counted, part = _Tokens(whole), _Tokens(part_text)
    return _Difference(counted, part), max(0, counted.length - part.length)


def _counted(c: Candidate, field: str) -> tuple[_Tokens | _Difference, int]:
    """A field's token counts and length (titles without the names, texts without the
    summaries: those are fields of their own)."""
    if field == "title":
        return _rest(c.title, c.names)
    if field == "body":
        return _rest(c.body, c.summary)
    tokens = _Tokens(c.names if field == "name" else c.summary)
    return tokens, tokens.length


def _padded(c: Candidate, field: str) -> str:
    """The field as adjacency reads it: one space around, names apart (`` | ``)."""
    if field == "name":
        return f" {c.names.replace(chr(10), ' | ')} "
    if field == "summary":
        return _Tokens(c.summary).spaced
    return f" {c.title if field == 'title' else c.body} "


class Scorer:
    """Scores candidates for one query: what depends only on the query is worked out once.

    A field is counted only when a token occurs in its text at all (most fields of most
    candidates hold none of a query's tokens), and adjacency is tested only where both
    tokens occur; the numbers are those of the formulas as written, in the same order.
    A field's counts depend on the entry alone: ``counted`` (keyed by entry id and field)
    may keep them from one query to the next, each token's count once counted; a field
    already kept is asked for its count without searching its text first.
    """

    def __init__(
        self,
        query: Query,
        stats: Stats,
        name_keys: tuple[str, list[str]],
        counted: dict[tuple[int, str], tuple] | None = None,
    ):
        self.counted = counted
        idf = stats.idf
        self.idf = idf
        self.avg = {name: stats.avg.get(name) or 1.0 for name in FIELDS}
        # Per slot: its alternatives (each also rarest token first, for the test that
        # the record holds all of them) and its rarity.
        self.slots = [
            (
                [(sorted(alt, key=idf, reverse=True), alt) for alt in slot.alternatives if alt],
                max(idf(t) for t in slot.tokens),
            )
            for slot in query.slots
        ]
        self.phrases = query.phrases
        self.pairs = [
            (a, b, f" {a} {b} ", idf(a) + idf(b)) for a, b in itertools.pairwise(query.sequence)
        ]
        self.name_keys = name_keys

    def score(self, c: Candidate) -> float:
        texts = {"name": c.names, "title": c.title, "summary": c.summary, "body": c.body}
        counted = self.counted if self.counted is not None else {}
        weights: dict[str, float] = {}

        def weight(token: str) -> float:
            known = weights.get(token)
            if known is not None:
                return known
            weighted = 0.0
            for name, text in texts.items():
                known_field = counted.get((c.id, name))
                if known_field is None:
                    if token not in text:
                        continue
                    known_field = counted[(c.id, name)] = _counted(c, name)
                tf, length = known_field
                f = tf.get(token, 0)
                if f > 0:
                    w, b = FIELDS[name]
                    weighted += w * f / (1 - b + b * length / self.avg[name])
            if weighted:
                weighted = self.idf(token) * weighted * (K1 + 1) / (weighted + K1)
            weights[token] = weighted
            return weighted

        total, covered, possible = 0.0, 0.0, 0.0
        for alternatives, rarity in self.slots:
            best = 0.0
            for rarest_first, alternative in alternatives:
                # An alternative counts only when the record has all its words.
                if not all(weight(t) for t in rarest_first):
                    continue
                parts = [weight(t) for t in alternative]
                best = max(best, sum(parts) / len(parts))
            possible += rarity
            if best:
                covered += rarity
                total += best
        for phrase in self.phrases:
            total += sum(weight(t) for t in phrase)
        coverage = covered / possible if possible else 1.0
        total *= coverage**2
        for a, b, pair, rarities in self.pairs:
            for name, text in texts.items():
                if a in text and b in text and pair in _padded(c, name):
                    total += ADJACENCY[name] * rarities / 2
                    break
        whole, words = self.name_keys
        if (
            whole
            and (whole in c.names or (len(words) > 1 and all(w in c.names for w in words)))
            and _names_match(c.names, self.name_keys)
        ):
            total += NAME_BONUS
        return total


def score(
    candidate: Candidate, query: Query, stats: Stats, name_keys: tuple[str, list[str]]
) -> float:
    return Scorer(query, stats, name_keys).score(candidate)


def _names_match(names: str, name_keys: tuple[str, list[str]]) -> bool:
    """The whole query is one of the names, or each of its words is."""
    whole, words = name_keys
    lines = {line.strip() for line in names.splitlines() if line.strip()}
    return whole in lines or (len(words) > 1 and all(w in lines for w in words))


def rank(
    candidates: list[Candidate],
    query: Query,
    stats: Stats,
    name_keys: tuple[str, list[str]],
    counted: dict[tuple[int, str], tuple] | None = None,
):
    """Candidates best first; ties by kind, then newest, then id (the same everywhere).

    ``counted``: the fields' counts kept from earlier queries (see ``Scorer``)."""
    scorer = Scorer(query, stats, name_keys, counted)
    scored = [(round(scorer.score(c), 9), c) for c in candidates]
    # Stable sorts from the last key to the first: newest first is the dates (ASCII
    # digits and separators, "" when undated) in descending order.
    scored.sort(key=lambda sc: -sc[1].id)
    scored.sort(key=lambda sc: sc[1].when, reverse=True)
    scored.sort(key=lambda sc: (-sc[0], sc[1].rank_group))
    return [c for _, c in scored]
