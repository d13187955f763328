"""Browser journeys: Debian's Chromium driven by Playwright (sync API) against pytest-django's live server.

Playwright never downloads a browser here: it launches /usr/bin/chromium (DANGBO_CHROMIUM overrides).
Without Chromium the journeys are skipped, except under CI, where scripts/test has installed it.

Fixtures: browser (session), page (a fresh context per test, Vietnamese locale, a small laptop screen),
login(page, username, password=PASSWORD) -> page, url(path) -> absolute live-server address.
"""

import os
from pathlib import Path

import pytest

from tests.conftest import PASSWORD

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run where a loop
# runs unless told it is safe. It is: the loop only talks to the browser.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("DANGBO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = Path(os.environ.get("DANGBO_E2E_ARTIFACTS", "/tmp/dangbo-e2e"))
TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        msg = f"{CHROMIUM} is missing: install Debian's chromium (bash scripts/test does)"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(autouse=True)
def _cached_figures_on(settings):
    settings.CACHED_FIGURES = True  # the live server's writes commit: the cached figures are renewed as in use
    settings.CACHED_FIGURES_LAG = 0  # a journey checks its write at once, even where a busy machine builds slowly


@pytest.fixture
def url(live_server):
    def make(path: str) -> str:
        return live_server.url + path

    return make


@pytest.fixture
def page(browser, request, live_server):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                  viewport={"width": 1366, "height": 768})
    context.set_default_timeout(TIMEOUT_MS)
    pg = context.new_page()
    yield pg
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = ARTIFACTS / f"{request.node.name}.png"
        try:
            pg.screenshot(path=str(shot), full_page=True)
            (ARTIFACTS / f"{request.node.name}.html").write_text(pg.content(), encoding="utf-8")
            print(f"\nscreenshot of the failing page: {shot} (url {pg.url})")
        except Exception as exc:  # the page may be gone; the test's own failure is what matters
            print(f"\nno screenshot: {exc}")
    context.close()


@pytest.fixture
def login(url):
    def do(page, username: str, password: str = PASSWORD):
        response = page.goto(url("/dang-nhap/"))
        assert response is not None and response.ok, f"the login page answered {response and response.status}"
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill(password)
        page.locator("form:has(input[name=password]) [type=submit]").click()
        page.wait_for_load_state()
        return page

    return do
