"""Relevance evaluation: nDCG@10 of the portal's search and of a plain BM25 reference.

The graded needs live in ``tests/search/relevance/needs.json`` (written from the source
texts; records named by their path without the language prefix). The reference is a
textbook BM25 (k1 1.2, b 0.75, title counted three times) over the same published index
entries and tokens, using the project's own analyzer for documents and queries, so the
comparison measures ranking, not tokenisation.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from portal import i18n
from portal.search import analyzer

NEEDS_FILE = Path(settings.BASE_DIR) / "tests" / "search" / "relevance" / "needs.json"
FLOOR_FILE = Path(settings.BASE_DIR) / "tests" / "search" / "relevance" / "floor.json"
CUTOFF = 10


def interface_language(label: str) -> str:
    """The page language a need is asked in: its own, English for cross-lingual ones."""
    if i18n.is_chinese(label):
        return i18n.CHINESE
    if i18n.is_russian(label):
        return i18n.RUSSIAN
    return i18n.ENGLISH


def load_needs(path: Path = NEEDS_FILE) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["needs"]


def ndcg(ranked: list[str], grades: dict[str, int], cutoff: int = CUTOFF) -> float:
    """Normalised discounted cumulative gain of a ranked list of record paths."""

    def dcg(gains):
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))

    ideal = dcg(sorted(grades.values(), reverse=True)[:cutoff])
    if not ideal:
        return 0.0
    return dcg([grades.get(path, 0) for path in ranked[:cutoff]]) / ideal


class BM25Reference:
    """A plain BM25 over the published entries' tokens (title weight 3), for comparison."""

    K1, B, TITLE_WEIGHT = 1.2, 0.75, 3

    def __init__(self):
        from portal.search.models import SearchText

        self.docs: list[tuple[str, Counter, int]] = []
        df: Counter = Counter()
        rows = SearchText.objects.filter(entry__published=True).values_list(
            "url", "title_tokens", "tokens"
        )
        for url, title, text in rows:
            tokens = title.split() * self.TITLE_WEIGHT + text.split()
            tf = Counter(tokens)
            self.docs.append((url, tf, len(tokens)))
            df.update(tf.keys())
        self.df = df
        self.n = len(self.docs)
        self.avgdl = sum(length for _, _, length in self.docs) / max(1, self.n)

    def ranked(self, query: str, limit: int = CUTOFF) -> list[str]:
        terms = analyzer.query_tokens(query)
        scored = []
        for url, tf, length in self.docs:
            score = 0.0
            for term in terms:
                f = tf.get(term)
                if not f:
                    continue
                idf = math.log(1 + (self.n - self.df[term] + 0.5) / (self.df[term] + 0.5))
                norm = self.K1 * (1 - self.B + self.B * length / self.avgdl)
                score += idf * f * (self.K1 + 1) / (f + norm)
            if score > 0:
                scored.append((-score, url))
        scored.sort()
        return [url for _, url in scored[:limit]]


def portal_ranked(query: str, language: str = i18n.ENGLISH, limit: int = CUTOFF) -> list[str]:
    """The portal's first ``limit`` results for a query, as record paths."""
    from portal.search.query import search

    outcome = search({"q": query}, language)
    return [i18n.neutral_path(result.url) for result in outcome.results[:limit]]


@dataclass
class Report:
    per_language: dict[str, tuple[float, float, int]]
    overall: tuple[float, float, int]
    losses: list[tuple[str, str, float, float]]


def evaluate(needs: list[dict] | None = None) -> Report:
    """Score the portal and the BM25 reference on every need."""
    needs = needs if needs is not None else load_needs()
    reference = BM25Reference()
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    losses = []
    for need in needs:
        language = interface_language(need["lang"])
        ours = ndcg(portal_ranked(need["q"], language), need["grades"])
        theirs = ndcg(reference.ranked(need["q"]), need["grades"])
        for key in (need["lang"], "all"):
            sums[key][0] += ours
            sums[key][1] += theirs
            sums[key][2] += 1
        if ours < theirs:
            losses.append((need["id"], need["q"], ours, theirs))
    per_language = {
        lang: (s[0] / s[2], s[1] / s[2], int(s[2])) for lang, s in sums.items() if lang != "all"
    }
    total = sums["all"]
    return Report(per_language, (total[0] / total[2], total[1] / total[2], int(total[2])), losses)
