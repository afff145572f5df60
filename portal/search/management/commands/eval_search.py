"""Print nDCG@10 of the portal's search and of a plain BM25 reference on the relevance set."""

from django.core.management.base import BaseCommand

from portal.search.evaluation import evaluate


class Command(BaseCommand):
    help = "nDCG@10 per language and overall: the portal and a BM25 reference (same analyzer)."

    def add_arguments(self, parser):
        parser.add_argument("--losses", action="store_true", help="List needs BM25 wins.")

    def handle(self, *args, losses=False, **options):
        report = evaluate()
        self.stdout.write(f"{'needs':<8}{'n':>4}{'portal':>9}{'BM25':>9}")
        for label, (ours, theirs, n) in report.per_language.items():
            self.stdout.write(f"{label:<8}{n:>4}{ours:>9.3f}{theirs:>9.3f}")
        ours, theirs, n = report.overall
        self.stdout.write(f"{'overall':<8}{n:>4}{ours:>9.3f}{theirs:>9.3f}")
        if losses:
            for need_id, query, a, b in report.losses:
                self.stdout.write(f"  {need_id:<7} {a:.3f} < {b:.3f}  {query}")
