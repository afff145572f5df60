"""The admin's translation tabs work with no network, and the CSP holds (headless Chromium)."""

import os
import shutil
import tempfile

import pytest
from django.core.management import call_command

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
HAVE_BROWSER = os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)

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


@pytest.fixture(scope="module")
def offline_browser():
    """Chromium that can reach the live server only: every other host fails to resolve."""
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
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1366,900",
        "--lang=en-US",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def test_translation_tabs_work_offline_without_csp_violations(
    offline_browser, live_server, transactional_db, django_user_model
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from cooperation.models import Meeting

    call_command("load_portal_fixtures", verbosity=0)
    django_user_model.objects.create_superuser("chief", password="pw-chief-123456")
    browser = offline_browser
    browser.get(f"{live_server.url}/admin/login/")
    browser.find_element(By.NAME, "username").send_keys("chief")
    browser.find_element(By.NAME, "password").send_keys("pw-chief-123456")
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    assert "Environmental Cooperation Portal" in browser.find_element(By.ID, "site-name").text

    meeting = Meeting.objects.get(slug="sco-heads-of-state-council-2018-qingdao")
    browser.get(f"{live_server.url}/admin/cooperation/meeting/{meeting.pk}/change/")
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
    assert violations == []
