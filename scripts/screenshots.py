"""Write PNGs of the main pages in every language at a phone and a desktop width.

Usage: ``python scripts/screenshots.py [--url http://127.0.0.1:8000] [--out var/screenshots]
[--widths 390,1366] [--pages home,news] [--first-screen]``. Without ``--url`` it builds a
throw-away SQLite database in var/, loads the content and serves it with ``runserver`` on
SCREENSHOT_PORT (default 8390) for as long as it takes. A reviewer opens the folder and
looks (`make screenshots`). The README's two images are first screens (``--first-screen``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import chromium  # noqa: E402

LANGUAGES = ("zh-hans", "en", "ru")


def serve(port: int) -> subprocess.Popen:
    """Migrate and load a fresh SQLite database, then serve it; return the server process."""
    database = ROOT / "var" / "screenshots.sqlite3"
    database.parent.mkdir(exist_ok=True)
    database.unlink(missing_ok=True)
    env = {
        **os.environ,
        "DEBUG": "1",
        "PAGE_CACHE": "0",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    # The commands are this project's own manage.py, not input: S603 does not apply.
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)  # noqa: S603
    subprocess.run([*manage, "load_portal_fixtures", "-v0"], env=env, check=True)  # noqa: S603
    server = subprocess.Popen(  # noqa: S603
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"the server on port {port} did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running portal (default: start one)")
    parser.add_argument("--out", default=str(ROOT / "var" / "screenshots"))
    parser.add_argument("--widths", default="390,1366")
    parser.add_argument("--pages", default="", help="comma-separated names (default: all)")
    parser.add_argument(
        "--first-screen", action="store_true", help="only what shows before scrolling"
    )
    args = parser.parse_args()
    widths = [int(w) for w in args.widths.split(",")]
    wanted = [p for p in args.pages.split(",") if p] or list(chromium.SCREENSHOT_PAGES)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    server = None
    if args.url:
        base = args.url.rstrip("/")
    else:
        port = int(os.environ.get("SCREENSHOT_PORT", "8390"))
        server = serve(port)
        base = f"http://127.0.0.1:{port}"
    driver = chromium.start()
    try:
        for width in widths:
            chromium.set_width(driver, width)
            for name in wanted:
                for language in LANGUAGES:
                    driver.get(f"{base}/{language}/{chromium.SCREENSHOT_PAGES[name]}")
                    path = out / f"{name}-{language}-{width}.png"
                    if args.first_screen:
                        driver.save_screenshot(str(path))
                    else:
                        chromium.save_full_page(driver, str(path))
                    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    finally:
        chromium.stop(driver)
        if server is not None:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
