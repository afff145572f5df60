"""Restore a backup written by backup_portal into an empty database, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore FILE (written by backup_portal) in one transaction, then rebuild the search "
        "index. Refuses a database that holds content or users unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace whatever the database holds (users and history included).",
        )

    def handle(self, *args, **options):
        try:
            counts = restore_backup(
                path=options["file"],
                force=options["force"],
                verbosity=options["verbosity"],
                stdout=self.stdout,
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"]:
            self.stdout.write(f"Restored {sum(counts.values())} rows from {options['file']}.")
