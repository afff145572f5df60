"""Benchmark the API's list and search endpoints beside the search page, at scale.

Every endpoint is requested through Django's whole stack (middleware, throttling, ETag,
rendering) with ``DEBUG`` off, after one warm-up request per query, each in its own loop.
The synthetic corpus is ``bench_search``'s (meetings built from the fixtures' own
sentences); it is generated first when the database has fewer bench meetings than asked.
Run it through ``make bench-api`` against a throw-away database.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.test import Client

from cooperation.models import Meeting

#: Query classes: the search page's parameters; the meeting list takes the same filters.
QUERY_CLASSES: dict[str, list[dict[str, str | int]]] = {
    "zh 1-2 chars": [{"q": q} for q in ("峰会", "生态", "合作")],
    "English": [{"q": q} for q in ("cooperation", "climate change")],
    "Russian": [{"q": q} for q in ("сотрудничество", "изменения климата")],
    "query + filters": [
        {"q": "合作", "mechanism": "sco", "year_from": 2015, "year_to": 2019},
        {"q": "сотрудничество", "mechanism": "asean"},
    ],
    "filters only": [
        {"mechanism": "sco"},
        {"year_from": 2016, "year_to": 2018},
        {"mechanism": "asean", "sort": "oldest"},
    ],
}


def endpoints(params: dict) -> dict[str, str]:
    """The URLs that answer one question: search page, API search, API list, list page."""
    as_search = urlencode({**params, "type": "meeting"} if "q" not in params else params)
    as_list = urlencode(params)
    return {
        "search page": f"/en/search/?{as_search}",
        "API search": f"/api/v1/search/?{as_search}&lang=en",
        "API meetings": f"/api/v1/meetings/?{as_list}",
        "meetings page": f"/en/meetings/?{as_list}",
    }


def percentile(samples, pct):
    ordered = sorted(samples)
    return ordered[max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))]


class Command(BaseCommand):
    help = "Benchmark the API list and search endpoints beside the search page."

    def add_arguments(self, parser):
        parser.add_argument("--records", type=int, default=100_000)
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, records, repeat, **options):
        if Meeting.objects.filter(slug__startswith="bench-").count() < records:
            call_command("bench_search", records=records, repeat=1, stdout=self.stdout)
        settings.DEBUG = False
        settings.API_RATE_LIMIT = "1000000/min"
        client = Client()
        names = list(endpoints({}))
        self.stdout.write(
            f"\n{Meeting.objects.count()} meetings; p50 / p95 in ms over {repeat} runs per query"
        )
        self.stdout.write(
            f"{'query class':<16}" + "".join(f"{n:>22}" for n in names) + f"{'API / page p95':>22}"
        )
        samples: dict[str, list[float]]  # per endpoint: milliseconds of each request
        for name, queries in QUERY_CLASSES.items():
            samples = {n: [] for n in names}
            for endpoint in names:
                for params in queries:
                    url = endpoints(params)[endpoint]
                    self._get(client, url)
                    samples[endpoint] += [self._get(client, url) for _ in range(repeat)]
            p95 = {n: percentile(s, 95) for n, s in samples.items()}
            cells = "".join(
                f"{percentile(s, 50):>11.1f} /{p95[n]:>8.1f}" for n, s in samples.items()
            )
            ratios = (
                f"{p95['API search'] / p95['search page']:.1f}x, "
                f"{p95['API meetings'] / p95['search page']:.1f}x"
            )
            self.stdout.write(f"{name:<16}{cells}{ratios:>22}")

    @staticmethod
    def _get(client, url):
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        return elapsed
