"""Fixtures for the real-browser tests: headless Debian Chromium driven by Playwright, and the real
app served by waitress on a free localhost port over a small index built once in a temp folder.

Never downloads a browser. Without Chromium the tests skip, unless ARCHIVE_SEARCH_BROWSER_REQUIRED=1
(set by .ci/run), when they fail instead.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from indexer.config import SAMPLE_DIR
from tests.browser.reports import EXTRA_REPORTS
from tests.browser.support import served
from tests.conftest import build_index, write_reports

REQUIRED_ENV = "ARCHIVE_SEARCH_BROWSER_REQUIRED"
CHROMIUM_ENV = "ARCHIVE_SEARCH_CHROMIUM"
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def _unavailable(reason: str):
    if os.environ.get(REQUIRED_ENV) == "1":
        pytest.fail(f"{reason} ({REQUIRED_ENV}=1, so this is an error)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session; tests get fresh contexts from it."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed: python -m pip install -e '.[test]'")
    executable = Path(os.environ.get(CHROMIUM_ENV, "/usr/bin/chromium"))
    if not executable.exists():
        _unavailable(f"no Chromium at {executable}: apt-get install -y chromium")
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(
                executable_path=str(executable), headless=True, args=CHROMIUM_ARGS
            )
        except Error as exc:
            _unavailable(f"Chromium at {executable} could not start: {exc.message.splitlines()[0]}")
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory) -> Path:
    """The bundled sample plus two long crafted reports (for match navigation and "similar")."""
    root = tmp_path_factory.mktemp("browser")
    extra = write_reports(root / "extra", EXTRA_REPORTS)
    return build_index(root / "index", SAMPLE_DIR, extra)


@pytest.fixture(scope="session")
def live_server(browser, index_dir) -> str:
    with served(index_dir) as base:
        yield base


class PageProblems:
    """What went wrong on a page: console errors, uncaught exceptions, requests off localhost."""

    def __init__(self):
        self.console: list[str] = []
        self.exceptions: list[str] = []
        self.foreign: list[str] = []

    def watch(self, page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.exceptions.append(str(exc)))
        page.on("request", self._request)

    def _console(self, message) -> None:
        if message.type == "error":
            self.console.append(f"{message.text} ({message.location.get('url', '')})")

    def _request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme != "data" and parts.hostname != "127.0.0.1":
            self.foreign.append(request.url)


@pytest.fixture()
def new_page(browser):
    """Factory: new_page(javascript=True, viewport=DESKTOP) -> a Page in its own context.

    After the test, every page must have logged no console error, thrown nothing and requested
    nothing but 127.0.0.1.
    """
    opened = []

    def open_page(javascript: bool = True, viewport: dict | None = None, **options):
        context = browser.new_context(
            java_script_enabled=javascript, viewport=viewport or DESKTOP, **options
        )
        context.set_default_timeout(10_000)
        page = context.new_page()
        problems = PageProblems()
        problems.watch(page)
        opened.append((context, problems))
        return page

    yield open_page
    for context, _ in opened:
        context.close()
    for _, problems in opened:
        assert problems.console == [], "console errors"
        assert problems.exceptions == [], "uncaught page errors"
        assert problems.foreign == [], "requests to hosts other than 127.0.0.1"


@pytest.fixture()
def page(new_page):
    """A desktop page with JavaScript on."""
    return new_page()
