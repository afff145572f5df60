"""Real headless Chromium (Debian's chromium + chromedriver) against the live portal."""

import pytest

from tests.browser.chromium import wait_for_url


def test_the_content_the_browser_reads_is_loaded(db):
    """The live server serves the session's content. (This test also asks pytest-django
    for the test database, which it creates only when a collected test asks for it, so
    that this file can run on its own.)"""
    from cooperation.models import Document

    assert Document.objects.published().filter(slug="bri-eco-plan-2017").exists()


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
def test_home_page_in_each_language(desktop, portal_url, lang, title):
    browser = desktop
    browser.get(f"{portal_url}/{lang}/")
    assert browser.title == title
    html = browser.find_element(_by("TAG_NAME"), "html")
    assert html.get_attribute("lang") == lang
    assert browser.find_element(_by("TAG_NAME"), "h1").text == title
    cards = browser.find_elements(_by("CSS_SELECTOR"), ".cards .card")
    assert len(cards) == 7


def test_switching_language_on_a_meeting_page(desktop, portal_url):
    browser = desktop
    browser.get(f"{portal_url}/ru/meetings/sco-green-development-forum-2024/")
    assert browser.find_element(_by("TAG_NAME"), "html").get_attribute("lang") == "ru"
    browser.find_element(_by("CSS_SELECTOR"), '.language-switcher a[hreflang="en"]').click()
    wait_for_url(browser, "/en/")
    assert browser.current_url == f"{portal_url}/en/meetings/sco-green-development-forum-2024/"
    assert browser.find_element(_by("TAG_NAME"), "html").get_attribute("lang") == "en"
    assert "July 8, 2024" in browser.find_element(_by("CSS_SELECTOR"), ".facts").text


def test_filtering_the_meeting_list(desktop, portal_url):
    browser = desktop
    from selenium.webdriver.support.ui import Select

    browser.get(f"{portal_url}/en/meetings/")
    Select(browser.find_element(_by("ID"), "id_mechanism")).select_by_value("asean")
    Select(browser.find_element(_by("ID"), "id_kind")).select_by_value("forum")
    browser.find_element(_by("CSS_SELECTOR"), ".filters button[type=submit]").click()
    wait_for_url(browser, "kind=forum")
    assert "mechanism=asean" in browser.current_url and "kind=forum" in browser.current_url
    count = browser.find_element(_by("CSS_SELECTOR"), ".count").text
    items = browser.find_elements(_by("CSS_SELECTOR"), "ul.records li.record")
    assert count == f"{len(items)} meetings"
    assert len(items) >= 9


def test_following_a_document_table_of_contents(desktop, portal_url):
    browser = desktop
    browser.get(f"{portal_url}/zh-hans/documents/bri-eco-plan-2017/")
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


def test_searching_from_the_home_page_and_refining_by_type(desktop, portal_url):
    browser = desktop
    browser.get(f"{portal_url}/zh-hans/")
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
