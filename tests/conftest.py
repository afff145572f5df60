"""Shared test configuration: database markers and the real fixtures."""

import pytest
from django.core.management import call_command


def pytest_collection_modifyitems(config, items):
    """Skip tests marked ``postgres`` unless the suite runs on PostgreSQL."""
    from django.conf import settings

    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real content fixtures once into the test database.

    The footer's period is read here too: without the page cache it is read once per
    process, which must not land in the first page whose queries a test counts.
    """
    from portal import sources

    with django_db_blocker.unblock():
        call_command("load_portal_fixtures", verbosity=0)
        sources.reread_period()


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts with an empty cache: test transactions roll the content generation
    back, so a page cached by one test could otherwise match another test's generation
    (the fragments, the search's variants map and the index rows each process keeps per
    generation, likewise)."""
    from django.core.cache import cache

    from portal import caching
    from portal.search import kept, variants

    cache.clear()
    caching.forget_fragments()
    variants.clear()
    kept.forget()
