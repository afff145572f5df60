"""Load the committed content fixtures in dependency order (idempotent: primary keys are fixed)."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

#: Fixture files under fixtures/, in the order their foreign keys need.
FIXTURE_ORDER = (
    "sources.json",
    "topics.json",
    "countries.json",
    "sco.json",
    "bilateral.json",
    "cica_eaef.json",
    "qingdao_2024.json",
    "news.json",
    "bri.json",
    "asean.json",
    "asean_tables.json",
)


def fixture_paths() -> list[Path]:
    """Return the fixture files that exist, in load order."""
    folder = Path(settings.BASE_DIR) / "fixtures"
    return [folder / name for name in FIXTURE_ORDER if (folder / name).exists()]


class Command(BaseCommand):
    help = (
        "Load the portal's content fixtures in dependency order; running it twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only into a database without content (production starts: reloading "
            "would undo editors' changes to fixture records and rebuild the search index).",
        )

    def handle(self, *args, **options):
        from portal.models import Source

        if options["if_empty"] and Source.objects.exists():
            self.stdout.write("Content present; fixtures not loaded.")
            return
        paths = fixture_paths()
        if not paths:
            self.stdout.write("No fixtures to load.")
            return
        call_command("loaddata", *[str(p) for p in paths], verbosity=options["verbosity"])
        # loaddata saves raw, which the index skips; rebuild it once, after everything.
        call_command("rebuild_search_index", verbosity=options["verbosity"])
