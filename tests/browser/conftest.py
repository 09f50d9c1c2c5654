"""Real-browser tests: Debian's Chromium driven by Playwright, with an axe-core
audit helper. Outside CI they skip when no Chromium is installed; with
REKINDLE_REQUIRE_BROWSER=1 (set by .ci/run) they fail instead."""

import os
import shutil
import threading
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection
from django.test.testcases import LiveServerThread

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make between browser steps are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class OneRequestAtATimeOnSQLite(ThreadedWSGIServer):
    """The live server as Django makes it, but on the SQLite test database it
    serves one request at a time. That database lived in memory in SQLite's
    shared-cache mode, which locks whole tables between connections: two
    requests at once (htmx refreshing two panels after a save) could fail with
    "database table is locked", which no real deployment gives: a stress run
    of panel reads beside check-in saves had one request in six fail that way,
    and a CI run once had a panel refresh fail. It is a file now
    (tests/conftest.py), where SQLite still lets one writer at a time. On PostgreSQL every request
    thread has its own connection, and requests run side by side."""

    def set_app(self, application):
        if connection.vendor != "sqlite":
            return super().set_app(application)
        lock = threading.Lock()

        def one_at_a_time(environ, start_response):
            with lock:
                return application(environ, start_response)

        return super().set_app(one_at_a_time)


LiveServerThread.server_class = OneRequestAtATimeOnSQLite

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}: install Debian's chromium package"
        if os.environ.get("REKINDLE_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser):
    """Open fresh, separate browser contexts (one per person, or per device)."""
    contexts = []

    def make(viewport=PHONE):
        context = browser.new_context(viewport=viewport)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def audit(page, name: str | None = None) -> None:
    """Run axe-core on the page: no serious or critical violations allowed.
    With a name, also keep a screenshot in test-artifacts/ for review."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    if name:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
    assert not bad, f"axe violations on {page.url}:\n" + "\n".join(bad)
