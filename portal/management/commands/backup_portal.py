"""Write the whole portal (content, history, users, ledger) to one backup file."""

from pathlib import Path

from django.core.management.base import BaseCommand

from portal.backup import write_backup


class Command(BaseCommand):
    help = (
        "Back up content in all languages, translation states, history, users, groups, "
        "the fixture ledger, glossary and search variants to FILE (gzip if it ends in .gz). "
        "Derived data (the search index, sessions) is rebuilt by restore_portal."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, **options):
        counts = write_backup(path=options["file"])
        if options["verbosity"]:
            self.stdout.write(f"Backed up {sum(counts.values())} rows to {options['file']}.")
