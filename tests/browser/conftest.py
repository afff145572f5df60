"""One headless Chromium and one live server for every browser test.

The content is loaded once per session (tests/conftest.py, ``django_db_setup``) and the
browser tests only read it, so the server here serves that database as it is: no test
flushes it and nothing is loaded again. Starting Chromium costs about a second and
loading the fixtures several, so both happen once.
"""

import os

import pytest

from tests.browser import chromium

if not chromium.HAVE_BROWSER and os.environ.get("REQUIRE_BROWSER"):
    raise RuntimeError("REQUIRE_BROWSER is set but chromium/chromedriver are not installed")


def pytest_collection_modifyitems(config, items):
    """Every test in this folder drives Chromium: mark it, and skip it without one."""
    skip = pytest.mark.skip(reason="apt-get install chromium chromium-driver")
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            if not chromium.HAVE_BROWSER:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def portal_url(django_db_setup, django_db_blocker):
    """The live portal's address, serving the session's test database (content loaded)."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield server.url
        finally:
            server._live_server_modified_settings.disable()
            server.stop()


@pytest.fixture(autouse=True)
def _database_for_the_server(django_db_blocker):
    """The server thread reads the database while a test runs; let it."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture(scope="session")
def browser(portal_url):
    """Headless Chromium that can reach the live server only (every other host fails).

    It needs the server, so it closes before the server stops: no request is in flight
    when the server's threads give the database connection back."""
    driver = chromium.start(offline=True)
    try:
        yield driver
    finally:
        chromium.stop(driver)


@pytest.fixture
def desktop(browser):
    """The browser at desktop width, whatever width the test before it left."""
    chromium.set_width(browser, 1366)
    return browser
