"""Real headless Chromium (Debian's chromium + chromedriver) against the live portal."""

import os
import shutil
import tempfile

import pytest
from django.core.management import call_command

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
HAVE_BROWSER = os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)

if not HAVE_BROWSER and os.environ.get("REQUIRE_BROWSER"):
    raise RuntimeError("REQUIRE_BROWSER is set but chromium/chromedriver are not installed")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not HAVE_BROWSER, reason="apt-get install chromium chromium-driver"),
]


@pytest.fixture(scope="module", autouse=True)
def restore_content_afterwards(django_db_blocker):
    """Live-server tests flush the database; put the shared content back for later tests."""
    yield
    with django_db_blocker.unblock():
        call_command("load_portal_fixtures", verbosity=0)


@pytest.fixture
def content(transactional_db):
    call_command("load_portal_fixtures", verbosity=0)


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="portal-chromium-")
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def wait_for_url(browser, fragment):
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 10).until(lambda driver: fragment in driver.current_url)


def _by(name):
    from selenium.webdriver.common.by import By

    return getattr(By, name)


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("zh-hans", "环境合作门户"),
        ("en", "Environmental Cooperation Portal"),
        ("ru", "Портал экологического сотрудничества"),
    ],
)
def test_home_page_in_each_language(browser, live_server, content, lang, title):
    browser.get(f"{live_server.url}/{lang}/")
    assert browser.title == title
    html = browser.find_element(_by("TAG_NAME"), "html")
    assert html.get_attribute("lang") == lang
    assert browser.find_element(_by("TAG_NAME"), "h1").text == title
    cards = browser.find_elements(_by("CSS_SELECTOR"), ".cards .card")
    assert len(cards) == 7


def test_switching_language_on_a_meeting_page(browser, live_server, content):
    browser.get(f"{live_server.url}/ru/meetings/sco-green-development-forum-2024/")
    assert browser.find_element(_by("TAG_NAME"), "html").get_attribute("lang") == "ru"
    browser.find_element(_by("CSS_SELECTOR"), '.language-switcher a[hreflang="en"]').click()
    wait_for_url(browser, "/en/")
    assert browser.current_url == f"{live_server.url}/en/meetings/sco-green-development-forum-2024/"
    assert browser.find_element(_by("TAG_NAME"), "html").get_attribute("lang") == "en"
    assert "July 8, 2024" in browser.find_element(_by("CSS_SELECTOR"), ".facts").text


def test_filtering_the_meeting_list(browser, live_server, content):
    from selenium.webdriver.support.ui import Select

    browser.get(f"{live_server.url}/en/meetings/")
    Select(browser.find_element(_by("ID"), "id_mechanism")).select_by_value("asean")
    Select(browser.find_element(_by("ID"), "id_kind")).select_by_value("forum")
    browser.find_element(_by("CSS_SELECTOR"), ".filters button[type=submit]").click()
    wait_for_url(browser, "kind=forum")
    assert "mechanism=asean" in browser.current_url and "kind=forum" in browser.current_url
    count = browser.find_element(_by("CSS_SELECTOR"), ".count").text
    items = browser.find_elements(_by("CSS_SELECTOR"), "ul.records li.record")
    assert count == f"{len(items)} meetings"
    assert len(items) >= 9


def test_following_a_document_table_of_contents(browser, live_server, content):
    browser.get(f"{live_server.url}/zh-hans/documents/bri-eco-plan-2017/")
    links = browser.find_elements(_by("CSS_SELECTOR"), "nav.toc a")
    assert len(links) == 25
    target = links[8]
    anchor = target.get_attribute("href").split("#", 1)[1]
    target.click()
    wait_for_url(browser, f"#{anchor}")
    assert browser.current_url.endswith(f"#{anchor}")
    section = browser.find_element(_by("ID"), anchor)
    top = browser.execute_script("return arguments[0].getBoundingClientRect().top;", section)
    assert abs(top) < 5  # the section is scrolled to the top of the window


def test_searching_from_the_home_page_and_refining_by_type(browser, live_server, content):
    browser.get(f"{live_server.url}/zh-hans/")
    box = browser.find_element(_by("ID"), "search-q")
    box.send_keys("峰会")
    box.submit()
    wait_for_url(browser, "/zh-hans/search/")
    heading = browser.find_element(_by("ID"), "results-heading").text
    marks = browser.find_elements(_by("CSS_SELECTOR"), "ol.records mark")
    assert heading.split()[0].isdigit() and int(heading.split()[0]) >= 2
    assert marks and all(m.text == "峰会" for m in marks)
    # Refine by type: the facet link keeps the words and narrows to meetings.
    browser.find_element(_by("CSS_SELECTOR"), "aside.facets a[href*='type=meeting']").click()
    wait_for_url(browser, "type=meeting")
    kinds = {
        el.text.split(" · ")[0]
        for el in browser.find_elements(_by("CSS_SELECTOR"), "ol.records li.record .meta")
    }
    assert kinds == {"会议"}
    assert "q=%E5%B3%B0%E4%BC%9A" in browser.current_url
