"""Load the committed content fixtures in dependency order, keeping what staff changed."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from portal.content_loading import load_fixtures

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
    # Last: glossary terms name records of every other file by slug.
    "glossary.json",
)


def fixture_paths() -> list[Path]:
    """Return the fixture files that exist, in load order."""
    folder = Path(settings.BASE_DIR) / "fixtures"
    return [folder / name for name in FIXTURE_ORDER if (folder / name).exists()]


class Command(BaseCommand):
    help = (
        "Load the portal's content fixtures: create what is missing, update what nobody "
        "changed since the last load, keep staff edits and deletions (and report them)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Compare every record even when the fixture files did not change.",
        )

    def handle(self, *args, **options):
        paths = fixture_paths()
        if not paths:
            self.stdout.write("No fixtures to load.")
            return
        report = load_fixtures(paths=paths, force=options["force"])
        if options["verbosity"]:
            for line in report.lines():
                self.stdout.write(line)
        if report.changed:
            # The loader saves raw, which the index and the terms' uses skip; rebuild them
            # once, after everything.
            call_command("rebuild_search_index", verbosity=options["verbosity"])
            call_command("rebuild_term_uses", verbosity=options["verbosity"])
