"""The admin's translation tabs work with no network, and the CSP holds (headless Chromium)."""

import os
import tempfile

import pytest

from tests.browser.chromium import log_in


def test_the_content_the_browser_reads_is_loaded(db):
    """The live server serves the session's content. (This test also asks pytest-django
    for the test database, which it creates only when a collected test asks for it, so
    that this file can run on its own.)"""
    from cooperation.models import Document

    assert Document.objects.published().filter(slug="bri-eco-plan-2017").exists()


@pytest.fixture
def chief():
    """A superuser for this test only: the browser tests share one database, unflushed.

    Not through pytest-django's ``django_user_model``: that opens a test transaction, and on
    PostgreSQL the live server's own connection would not see an uncommitted user."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_superuser("chief", password="pw-chief-123456")
    yield user
    user.delete()


def test_translation_tabs_work_offline_without_csp_violations(desktop, portal_url, chief):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from cooperation.models import Meeting

    browser = desktop
    browser.get_log("browser")  # only this test's messages below
    log_in(browser, portal_url, "chief", "pw-chief-123456")
    assert "Environmental Cooperation Portal" in browser.find_element(By.ID, "site-name").text

    meeting = Meeting.objects.get(slug="sco-heads-of-state-council-2018-qingdao")
    browser.get(f"{portal_url}/admin/cooperation/meeting/{meeting.pk}/change/")
    tabs = browser.find_elements(By.CSS_SELECTOR, ".ui-tabs-nav")
    assert tabs, "jQuery UI did not build the translation tabs"
    WebDriverWait(browser, 10).until(
        lambda driver: driver.find_elements(By.CSS_SELECTOR, "a.portal-language-tab")
    )
    labels = [a.text for a in tabs[0].find_elements(By.CSS_SELECTOR, "li a")]
    assert labels == ["Simplified Chinese", "English", "Russian"]
    title_zh = browser.find_element(By.ID, "id_title_zh_hans")
    title_ru = browser.find_element(By.ID, "id_title_ru")
    title_en = browser.find_element(By.ID, "id_title_en")
    # The editor's language (English here) is the open tab.
    assert [f.is_displayed() for f in (title_zh, title_en, title_ru)] == [False, True, False]
    title_tabs = title_zh.find_element(
        By.XPATH, "ancestor::div[contains(concat(' ', @class, ' '), ' ui-tabs ')][1]"
    )
    title_tabs.find_elements(By.CSS_SELECTOR, ".ui-tabs-nav li a")[2].click()
    assert [f.is_displayed() for f in (title_zh, title_en, title_ru)] == [False, False, True]
    browser.save_screenshot(os.path.join(tempfile.gettempdir(), "portal-admin-tabs.png"))

    violations = [
        entry["message"]
        for entry in browser.get_log("browser")
        if "Content Security Policy" in entry["message"]
        or "ERR_NAME_NOT_RESOLVED" in entry["message"]
    ]
    browser.delete_all_cookies()
    assert violations == []


def test_import_preview_shows_its_colours_without_csp_violations(desktop, portal_url, chief):
    """New, updated and skipped rows, the words a row adds and removes, and the rows that
    fail validation each have their colour; none comes from an inline style, which the
    CSP refuses (it would log a violation and show no colour)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from tests.admin.test_spreadsheet_import import preview_sheet

    browser = desktop
    browser.get_log("browser")
    log_in(browser, portal_url, "chief", "pw-chief-123456")

    def preview(data: bytes) -> None:
        with tempfile.NamedTemporaryFile(suffix=".csv", delete=False) as sheet:
            sheet.write(data)
        browser.get(f"{portal_url}/admin/cooperation/meeting/import/")
        browser.find_element(By.NAME, "import_file").send_keys(sheet.name)
        browser.find_element(By.CSS_SELECTOR, "select[name=format] option[value='0']").click()
        browser.find_element(By.CSS_SELECTOR, "form input[type=submit]").click()
        WebDriverWait(browser, 10).until(
            lambda driver: driver.find_elements(By.CSS_SELECTOR, "table.import-preview")
        )
        os.unlink(sheet.name)

    def colour(selector: str) -> str:
        element = browser.find_element(By.CSS_SELECTOR, f"table.import-preview {selector}")
        return element.value_of_css_property("background-color")

    preview(preview_sheet())
    colours = {
        kind: colour(selector)
        for kind, selector in {
            "new": "tr.new",
            "update": "tr.update",
            "skip": "tr.skip",
            "added words": "tr.update ins",
            "removed words": "tr.update del",
        }.items()
    }
    browser.save_screenshot(os.path.join(tempfile.gettempdir(), "portal-import-preview.png"))
    preview(preview_sheet(invalid=True))
    colours["invalid"] = colour("tr:has(td.errors)")
    violations = [
        entry["message"]
        for entry in browser.get_log("browser")
        if "Content Security Policy" in entry["message"]
    ]
    browser.delete_all_cookies()
    assert violations == []
    assert colours == {
        "new": "rgba(189, 216, 178, 1)",
        "update": "rgba(253, 253, 207, 1)",
        "skip": "rgba(210, 210, 210, 1)",
        "added words": "rgba(230, 255, 230, 1)",
        "removed words": "rgba(255, 230, 230, 1)",
        "invalid": "rgba(255, 239, 239, 1)",
    }
