"""Headless Chromium for the browser tests and `make screenshots`, and the public pages.

One place knows how to start Debian's chromium through chromedriver, how to show a page
at a given CSS width (device metrics, so 320 px is really 320 px and the viewport meta
applies), and which page of each type the tests and the screenshots visit.
"""

from __future__ import annotations

import os
import shutil
import tempfile

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
HAVE_BROWSER = os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)

#: Phone (small and common) and desktop widths, in CSS pixels.
WIDTHS = (320, 390, 1366)
HEIGHT = 900

#: One page of every public type, by name, as paths below the language prefix.
PUBLIC_PAGES = {
    "home": "",
    "mechanism list": "mechanisms/",
    "mechanism": "mechanisms/sco/",
    "country list": "countries/",
    "country": "countries/kazakhstan/",
    "meeting list": "meetings/",
    "meeting": "meetings/sco-heads-of-state-council-2018-qingdao/",
    "document list": "documents/",
    "document": "documents/bri-eco-plan-2017/",
    "parallel view": "documents/sco-green-development-initiative-2024/parallel/ru/",
    "topic": "topics/climate-change/",
    "news list": "news/",
    "brief": "news/green-kazakhstan-national-project/",
    "search": "search/?q=%E5%B3%B0%E4%BC%9A",
    "source": "sources/sco-brochure/",
    "glossary": "glossary/",
    "about": "about/",
    "data and API": "data/",
    "BRI project": "projects/bri-project-01/",
    "planned activity": "activities/asean-activity-1-1-1/",
}

#: The pages `make screenshots` writes, in every language at a phone and a desktop width.
SCREENSHOT_PAGES = {
    "home": "",
    "mechanism-sco": "mechanisms/sco/",
    "document-bri-plan": "documents/bri-eco-plan-2017/",
    "parallel-qingdao-initiative": PUBLIC_PAGES["parallel view"],
    "meeting": PUBLIC_PAGES["meeting"],
    "search": "search/?q=%E5%B3%B0%E4%BC%9A",
    "news": "news/",
    "source": "sources/sco-brochure/",
}


def start(*, offline: bool = False):
    """A headless Chromium; ``offline``: every host but the live server fails to resolve."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="portal-chromium-")
    flags = [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--window-size=1366,{HEIGHT}",
        "--lang=en-US",
        f"--user-data-dir={profile}",
    ]
    if offline:
        rules = "MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1"
        flags.append(f"--host-resolver-rules={rules}")
    for flag in flags:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(2)
    driver.portal_profile = profile
    return driver


def stop(driver) -> None:
    driver.quit()
    shutil.rmtree(driver.portal_profile, ignore_errors=True)


def wait_for_url(driver, fragment: str, timeout: float = 10) -> None:
    """Wait until the window shows an address containing ``fragment``: after a click that
    navigates, elements found before the new page commits belong to the old one."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(lambda d: fragment in d.current_url)


def log_in(driver, portal_url: str, username: str, password: str) -> None:
    """Sign in to the admin and wait until the login page has given way to the index."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(f"{portal_url}/admin/login/")
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: "/admin/login/" not in d.current_url)


def set_width(driver, width: int, height: int = HEIGHT) -> None:
    """Show pages at ``width`` CSS pixels, as a phone does below 1024 px."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 1024},
    )


def overflow(driver) -> int:
    """How many CSS pixels the page is wider than the window (0: no sideways scrolling)."""
    return driver.execute_script(
        "return Math.max(0, document.documentElement.scrollWidth - window.innerWidth);"
    )


def widest_elements(driver, limit: int = 3) -> list[str]:
    """The elements that stick out past the window's right edge, for a failure message."""
    return driver.execute_script(
        """
        const out = [];
        for (const el of document.querySelectorAll('body *')) {
          const r = el.getBoundingClientRect();
          if (r.right > window.innerWidth + 1 && r.width > 0) {
            const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
              + (el.className && typeof el.className === 'string'
                 ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
            out.push(name + ' (right ' + Math.round(r.right) + ')');
          }
        }
        return out.slice(-arguments[0]);
        """,
        limit,
    )


def save_full_page(driver, path: str) -> None:
    """A PNG of the whole page (not only the window) at the current width."""
    import base64

    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {
                "x": 0,
                "y": 0,
                "width": size["width"],
                "height": min(size["height"], 16000),
                "scale": 1,
            },
        },
    )
    with open(path, "wb") as out:
        out.write(base64.b64decode(shot["data"]))
