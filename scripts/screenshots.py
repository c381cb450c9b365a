"""Take screenshots of pages at phone and desktop widths in each language, with Debian's Chromium.

Usage: python scripts/screenshots.py BASE_URL OUT_DIR PATH [PATH ...]   (PATH without the language prefix)
Set DAUYS_SHOT_LOGIN=email:password to take them signed in.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def main() -> int:
    base, out, *paths = sys.argv[1:]
    outdir = Path(out)
    outdir.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for width in (390, 1280):
            page = browser.new_page(viewport={"width": width, "height": 900})
            if os.environ.get("DAUYS_SHOT_LOGIN"):
                email, password = os.environ["DAUYS_SHOT_LOGIN"].split(":", 1)
                page.goto(f"{base}/en/accounts/login/")
                page.fill("#id_login", email)
                page.fill("#id_password", password)
                page.click("button[type=submit]")
            for lang in ("kk", "ru", "en"):
                for path in paths:
                    page.goto(f"{base}/{lang}{path}")
                    name = path.strip("/").replace("/", "_") or "home"
                    page.screenshot(path=str(outdir / f"{name}-{lang}-{width}.png"), full_page=True)
            page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
