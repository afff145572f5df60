"""Benchmark search on a synthetic corpus built from the fixtures' own vocabulary.

Reports p50/p95 latency per query class for the portal's search (index) and for a naive
``icontains`` scan over the same rows, in the same run: each approach is timed in its own
loop after one warm-up run per query, with the cache emptied before each timed run (so
every run is a first search after a content change). Run it through ``make bench-search``
against a throw-away database: it adds tens of thousands of synthetic meetings.
"""

import random
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import Q

from cooperation.models import Document, DocumentSection, Meeting, MeetingKind
from news.models import Brief
from portal.models import Source
from portal.search import index, kept
from portal.search.models import FacetSet
from portal.search.query import search

LANGS = ("zh_hans", "en", "ru")

QUERY_CLASSES: dict[str, list[dict[str, str | int]]] = {
    "zh 1-2 chars": [{"q": q} for q in ("峰会", "生态", "水", "合作", "气候", "城市")],
    "zh phrase": [{"q": q} for q in ("环境保护合作", "生物多样性", "应对气候变化", "绿色发展")],
    "English": [{"q": q} for q in ("cooperation", "climate change", "biodiversity", "forum")],
    "Russian": [{"q": q} for q in ("сотрудничество", "экологической", "изменения климата")],
    # Words a few hundred to a few thousand entries hold: past the pool, short of common.
    "rarer words": [{"q": q} for q in ("memorandum", "tripartite", "тематика", "巴基斯坦")],
    "filtered": [
        {"q": "合作", "mechanism": "sco", "year_from": 2015, "year_to": 2019},
        {"q": "cooperation", "type": "meeting", "year_from": 2012},
        {"q": "сотрудничество", "mechanism": "asean"},
    ],
    "empty + filters": [
        {"mechanism": "sco"},
        {"type": "meeting", "year_from": 2016, "year_to": 2018},
        {"mechanism": "asean", "sort": "oldest"},
    ],
}


def _sentences(texts):
    out = []
    for text in texts:
        for part in re.split(r"(?<=[。！？.!?;；])\s*|\n+", text or ""):
            part = part.strip()
            if 6 <= len(part) <= 240:
                out.append(part)
    return out or ["—"]


def _vocabulary():
    vocab = {}
    for lang in LANGS:
        texts = []
        for model, fields in (
            (Meeting, ("title", "theme", "description")),
            (Document, ("title", "summary")),
            (DocumentSection, ("heading", "body")),
            (Brief, ("title", "body")),
        ):
            for row in model.objects.values_list(*[f"{f}_{lang}" for f in fields]):
                texts.extend(row)
        vocab[lang] = _sentences(texts)
    return vocab


def _percentile(samples, pct):
    ordered = sorted(samples)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


class Command(BaseCommand):
    help = "Benchmark search (index vs naive icontains) on a synthetic corpus."

    def add_arguments(self, parser):
        parser.add_argument("--records", type=int, default=100_000)
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument("--seed", type=int, default=20261121)

    def handle(self, *args, records, repeat, seed, **options):
        # Timed as production runs: without DEBUG's per-query logging.
        settings.DEBUG = False
        rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
        existing = Meeting.objects.filter(slug__startswith="bench-").count()
        if existing < records:
            self._generate(rng, records - existing, start=existing)
            started = time.perf_counter()
            total = index.rebuild()
            self.stdout.write(f"indexed {total} entries in {time.perf_counter() - started:.1f} s")
            if connection.vendor == "postgresql":
                # What autovacuum would do soon after a rebuild: visibility map, statistics.
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM ANALYZE")
        entries = connection.vendor
        self.stdout.write(
            f"\n{entries}: {Meeting.objects.count()} meetings, "
            f"{DocumentSection.objects.count()} sections, {FacetSet.objects.count()} facet sets; "
            f"{repeat} runs per query"
        )
        self.stdout.write(
            f"{'query class':<18}{'index p50':>11}{'index p95':>11}"
            f"{'naive p50':>11}{'naive p95':>11}{'speed-up p95':>14}   results"
        )
        for name, queries in QUERY_CLASSES.items():
            # Each approach in its own loop after a warm-up run, so that neither is timed
            # right after the other has filled the database's cache with its own tables.
            fast: list[float] = []
            slow: list[float] = []
            for samples, run in ((fast, self._indexed), (slow, self._naive)):
                for params in queries:
                    run(params)
                    samples.extend(self._time(lambda p=params, f=run: f(p)) for _ in range(repeat))
            matches = [search(p, "en").count for p in queries]
            p50, p95 = _percentile(fast, 50), _percentile(fast, 95)
            n50, n95 = _percentile(slow, 50), _percentile(slow, 95)
            self.stdout.write(
                f"{name:<18}{p50:>9.1f}ms{p95:>9.1f}ms{n50:>9.1f}ms{n95:>9.1f}ms"
                f"{n95 / p95:>13.1f}x   matches {min(matches)}-{max(matches)}"
            )

    @staticmethod
    def _time(fn):
        # Cold: nothing kept from the previous run (the facet counts a search keeps per
        # content generation would make every repeat of a query a cache read, and the
        # entries' rows each process keeps a read from memory).
        cache.clear()
        kept.forget()
        started = time.perf_counter()
        fn()
        return (time.perf_counter() - started) * 1000

    @staticmethod
    def _indexed(params):
        outcome = search(params, "en")
        return outcome.count, [r.url for r in outcome.results]

    @staticmethod
    def _naive(params):
        """The same question answered by a LIKE scan over the records' text columns."""
        qs = Meeting.objects.filter(publication="published")
        q = params.get("q", "")
        if q:
            cond = Q()
            for lang in LANGS:
                for field in ("title", "theme", "description"):
                    cond |= Q(**{f"{field}_{lang}__icontains": q})
            qs = qs.filter(cond)
        if params.get("mechanism"):
            qs = qs.filter(mechanism__slug=params["mechanism"])
        if params.get("year_from"):
            qs = qs.filter(when__gte=str(params["year_from"]))
        if params.get("year_to"):
            qs = qs.filter(when__lt=str(int(params["year_to"]) + 1))
        return qs.count(), list(qs.order_by("-when", "-pk").values_list("slug", flat=True)[:20])

    @transaction.atomic
    def _generate(self, rng, count, start):
        vocab = _vocabulary()
        # Each synthetic meeting takes the mechanism, host country and topics of a real
        # one: mechanisms meet in their member states, so combinations repeat as they do
        # in the content (drawing the three independently would give thousands of
        # combinations that no real record has).
        profiles = [
            (m.mechanism_id, m.country_id, [t.pk for t in m.topics.all()])
            for m in Meeting.objects.exclude(slug__startswith="bench-").prefetch_related("topics")
        ]
        source = Source.objects.first()
        kinds = list(MeetingKind.values)
        batch, topics = [], []
        for i in range(start, start + count):
            fields = {}
            for lang in LANGS:
                words = vocab[lang]
                fields[f"title_{lang}"] = rng.choice(words)[:480]
                fields[f"description_{lang}"] = " ".join(rng.sample(words, 3))
            year = rng.randint(2005, 2024)
            month = rng.randint(1, 12)
            mechanism_id, country_id, topic_ids = rng.choice(profiles)
            batch.append(
                Meeting(
                    slug=f"bench-{i}",
                    source=source,
                    locator="synthetic benchmark record",
                    kind=rng.choice(kinds),
                    mechanism_id=mechanism_id,
                    country_id=country_id,
                    when=f"{year}-{month:02d}",
                    **fields,
                )
            )
            topics.append(topic_ids)
        created = Meeting.objects.bulk_create(batch, batch_size=2000)
        link = Meeting.topics.through
        link.objects.bulk_create(
            (
                link(meeting_id=m.pk, topic_id=t)
                for m, topic_ids in zip(created, topics, strict=True)
                for t in topic_ids
            ),
            batch_size=5000,
        )
        self.stdout.write(f"generated {len(created)} synthetic meetings")
