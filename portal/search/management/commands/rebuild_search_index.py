"""Rebuild the search index from the content."""

from django.core.management.base import BaseCommand

from portal.search import index


class Command(BaseCommand):
    help = "Drop and rebuild the search index from all content."

    def handle(self, *args, **options):
        total = index.rebuild()
        self.stdout.write(f"Indexed {total} records.")
