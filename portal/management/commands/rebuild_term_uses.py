"""Find again which published records use each glossary term (``portal.term_uses``)."""

from django.core.management.base import BaseCommand

from portal import term_uses


class Command(BaseCommand):
    help = (
        "Rebuild the table of published records using each glossary term, which the "
        "glossary page reads (saves keep it in step; bulk writes and raw loads do not)."
    )

    def handle(self, *args, **options):
        total = term_uses.rebuild()
        if options["verbosity"]:
            self.stdout.write(f"Found {total} uses of glossary terms.")
