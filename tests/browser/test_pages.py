"""Every public page type, in every language, on a phone and a desktop (issue 15).

At 320, 390 and 1366 CSS px no page scrolls sideways (WCAG 1.4.10, reflow), and axe-core
finds no WCAG 2.0/2.1 A or AA violation, at every width in every language (axe takes
about 0.3 s a page, 6 s for the glossary; each width is its own layout: the narrowest
phone, the phone menu with stacked facts and tables, the desktop).

axe-selenium-python 2.1.6 (the last release for Python 3.11) ships axe-core 3.1.1, which
tags its WCAG 2.1 rules ``wcag21aa`` only (it has no ``wcag21a`` tag and refuses one).
"""

import pytest

from tests.browser import chromium

LANGUAGES = ("zh-hans", "en", "ru")
#: Where axe runs: every language at every width.
AXE_RUNS = {(language, width) for language in LANGUAGES for width in chromium.WIDTHS}
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]},
    "resultTypes": ["violations"],
}
#: axe.run with its error reported, not swallowed into a script timeout.
AXE_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, arguments[0]).then(
  (results) => done({violations: results.violations}),
  (error) => done({error: String(error)}));
"""


def _axe_violations(browser) -> list[str]:
    from axe_selenium_python import Axe

    Axe(browser).inject()
    results = browser.execute_async_script(AXE_RUN, AXE_OPTIONS)
    assert "error" not in results, results["error"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:3])
        for v in results["violations"]
    ]


def test_the_content_the_browser_reads_is_loaded(db):
    """The live server serves the session's content. (This test also asks pytest-django
    for the test database, which it creates only when a collected test asks for it, so
    that this file can run on its own.)"""
    from cooperation.models import Document

    assert Document.objects.published().filter(slug="bri-eco-plan-2017").exists()


@pytest.mark.parametrize("width", chromium.WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_type_reflows_and_passes_axe(browser, portal_url, language, width):
    chromium.set_width(browser, width)
    problems = []
    for name, path in chromium.PUBLIC_PAGES.items():
        browser.get(f"{portal_url}/{language}/{path}")
        where = f"{name} (/{language}/{path}) at {width} px"
        assert browser.find_element("css selector", "h1").text, f"{where}: no heading"
        extra = chromium.overflow(browser)
        if extra:
            stuck_out = ", ".join(chromium.widest_elements(browser))
            problems.append(f"{where} scrolls sideways by {extra} px: {stuck_out}")
        if (language, width) in AXE_RUNS:
            problems.extend(f"{where}: {v}" for v in _axe_violations(browser))
    assert not problems, "\n".join(problems)


def _focused(browser):
    return browser.execute_script("return document.activeElement;")


def test_the_phone_menu_opens_and_closes_with_the_keyboard(browser, portal_url):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    chromium.set_width(browser, 390)
    browser.get(f"{portal_url}/ru/")
    header = browser.find_element(By.CSS_SELECTOR, ".site-header")
    assert header.size["height"] <= 120
    summary = browser.find_element(By.CSS_SELECTOR, "details.menu > summary")
    assert summary.text == "Меню"
    first_link = browser.find_element(By.CSS_SELECTOR, ".site-nav-phone a")
    assert not first_link.is_displayed()
    assert not browser.find_element(By.CSS_SELECTOR, ".site-nav-wide a").is_displayed()

    # Tab from the top of the page: skip link, portal name, three languages, the menu.
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    for _ in range(5):
        _focused(browser).send_keys(Keys.TAB)
    assert _focused(browser) == summary

    summary.send_keys(Keys.ENTER)
    assert first_link.is_displayed()
    assert first_link.text == "Механизмы"
    summary.send_keys(Keys.TAB)
    assert _focused(browser) == first_link

    first_link.send_keys(Keys.SHIFT, Keys.TAB)
    assert _focused(browser) == summary
    summary.send_keys(Keys.SPACE)
    assert not first_link.is_displayed()


def test_the_desktop_header_shows_the_menu_without_a_button(browser, portal_url):
    from selenium.webdriver.common.by import By

    chromium.set_width(browser, 1366)
    browser.get(f"{portal_url}/en/")
    assert not browser.find_element(By.CSS_SELECTOR, "details.menu").is_displayed()
    links = browser.find_elements(By.CSS_SELECTOR, ".site-nav-wide a")
    assert [a.text for a in links] == [
        "Mechanisms",
        "Meetings",
        "Documents",
        "Countries",
        "Topics",
        "BRI key projects",
        "News",
        "Glossary",
        "About the sources",
        "Search",
    ]
    assert all(a.value_of_css_property("text-decoration-line") == "none" for a in links)


def test_a_document_prints_without_header_menu_and_footer_but_with_its_citation(
    browser, portal_url
):
    from selenium.webdriver.common.by import By

    chromium.set_width(browser, 1366)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        browser.get(f"{portal_url}/en/documents/bri-eco-plan-2017/")
        shown = {
            selector: any(
                e.is_displayed() for e in browser.find_elements(By.CSS_SELECTOR, selector)
            )
            for selector in (".site-header", ".breadcrumbs", ".site-footer", "h1", ".citation")
        }
        citation = browser.find_element(By.CSS_SELECTOR, ".citation").text
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert shown == {
        ".site-header": False,
        ".breadcrumbs": False,
        ".site-footer": False,
        "h1": True,
        ".citation": True,
    }
    assert f"{portal_url}/en/documents/bri-eco-plan-2017/" in citation
    assert "BibTeX" not in citation
