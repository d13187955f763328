"""Page weight (issue 17): the bytes every page of the demo sends over the network, per role, on a first visit
(empty cache) and on a repeat visit, and whether a page needs a script to show its content.

    DANGBO_DATA_DIR=/tmp/weight uv run dangbo demo --no-serve
    DANGBO_DATA_DIR=/tmp/weight uv run python bench/page_weight.py [--json] [--budget-kb 150]

It starts `dangbo serve` on a free port (static files as deployed: collected, hashed, gzipped, cached), then for
each demo role logs in with Chromium and walks the pages of bench/pages.py (the list of the 390 px sweep). Each
page is opened in a fresh browser context holding the role's session (empty cache: the first visit), then opened
again in that context (the repeat visit), then in a context without JavaScript. Bytes are what Chromium received
(headers and body as transferred, `Network.loadingFinished.encodedDataLength`): the HTML (the page and the htmx
fragments it loads) and the static files. A page "needs a script" when without JavaScript its main column shows
less than 90 % of its text. Exit status 1 when a repeat visit passes the budget. See docs/benchmarks.md.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.config.settings")

import django  # noqa: E402

django.setup()

from bench.pages import ROLES, SETTLED, crawl, is_page, log_in, same_site_paths  # noqa: E402

CHROMIUM = os.environ.get("DANGBO_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
MAIN_TEXT = "() => (document.querySelector('.page-wrapper') || document.body).innerText.replace(/\\s+/g, ' ').length"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    env = {**os.environ, "DANGBO_REQUIRE_2FA_ROLES": ""}
    log = tempfile.TemporaryFile()  # the server's warnings (403, 405…) must not fill a pipe and stop it
    proc = subprocess.Popen([sys.executable, "-c", "import sys; from dangbo.cli import main; sys.exit(main())",
                             "serve", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=log)
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/dang-nhap/", timeout=2)
            return proc
        except OSError:
            if proc.poll() is not None:
                log.seek(0)
                raise SystemExit(f"dangbo serve stopped: {log.read().decode()}")
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit("dangbo serve did not answer")


class Meter:
    """Bytes received by one page, split into HTML (documents, fragments) and static files."""

    def __init__(self, context, page):
        self.urls: dict[str, str] = {}
        self.html = self.static = 0
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.responseReceived", lambda e: self.urls.__setitem__(e["requestId"], e["response"]["url"]))
        cdp.on("Network.loadingFinished", self.finished)

    def finished(self, e):
        url = self.urls.get(e["requestId"], "")
        if "/static/" in url:
            self.static += int(e["encodedDataLength"])
        else:
            self.html += int(e["encodedDataLength"])

    def take(self) -> tuple[int, int]:
        out = (self.html, self.static)
        self.html = self.static = 0
        return out


def load(page, url: str) -> bool:
    try:
        response = page.goto(url)
    except Exception:  # a download, an error answer without a body
        return False
    if not is_page(response):
        return False
    page.wait_for_function(SETTLED)
    page.evaluate("1")  # let the network events of the load arrive
    return True


def measure_role(browser, base: str, username: str, password: str) -> list[dict]:
    login_context = browser.new_context()
    page = login_context.new_page()
    if not log_in(page, base, username, password):
        raise SystemExit(f"{username} could not log in")
    state = login_context.storage_state()
    login_context.close()
    no_js = browser.new_context(storage_state=state, java_script_enabled=False)
    no_js_page = no_js.new_page()
    rows: list[dict] = []

    def visit(path: str, key: str):
        context = browser.new_context(storage_state=state)
        try:
            pg = context.new_page()
            meter = Meter(context, pg)
            if not load(pg, base + path):
                return None
            first_html, first_static = meter.take()
            text = pg.evaluate(MAIN_TEXT)
            hrefs = pg.eval_on_selector_all("a[href]", "els => els.map(a => a.getAttribute('href'))")
            load(pg, base + path)
            repeat_html, repeat_static = meter.take()
        finally:
            context.close()
        load(no_js_page, base + path)
        text_no_js = no_js_page.evaluate(MAIN_TEXT)
        rows.append({"role": username, "path": path, "route": key, "first_html": first_html,
                     "first_static": first_static, "repeat_html": repeat_html, "repeat_static": repeat_static,
                     "needs_script": text_no_js < 0.9 * text})
        print(f"{username} {len(rows)} {path}", file=sys.stderr, flush=True)
        return same_site_paths(base, base + path, hrefs)

    crawl(visit)
    no_js.close()
    return rows


def kb(n: float) -> str:
    return f"{n / 1024:.1f}".replace(".", ",")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--budget-kb", type=float, default=150)
    parser.add_argument("--base", help="a server already running (default: start dangbo serve)")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from dangbo.demo import DEMO_PASSWORD

    proc = None
    base = args.base
    if base is None:
        port = free_port()
        proc = start_server(port)
        base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            rows = [r for role in ROLES for r in measure_role(browser, base, role, DEMO_PASSWORD)]
            browser.close()
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait()
    budget = args.budget_kb * 1024
    summary = []
    for role in ROLES:
        mine = [r for r in rows if r["role"] == role]
        if not mine:
            continue
        first = [r["first_html"] + r["first_static"] for r in mine]
        repeat = [r["repeat_html"] + r["repeat_static"] for r in mine]
        summary.append({
            "role": role, "pages": len(mine),
            "html_median_kb": kb(statistics.median(r["first_html"] for r in mine)),
            "html_max_kb": kb(max(r["first_html"] for r in mine)),
            "static_first_kb": kb(statistics.median(r["first_static"] for r in mine)),
            "first_median_kb": kb(statistics.median(first)), "first_max_kb": kb(max(first)),
            "repeat_median_kb": kb(statistics.median(repeat)), "repeat_max_kb": kb(max(repeat)),
            "heaviest": max(mine, key=lambda r: r["repeat_html"] + r["repeat_static"])["path"],
            "over_budget": [r["path"] for r in mine if r["repeat_html"] + r["repeat_static"] > budget],
            "needs_script": [r["path"] for r in mine if r["needs_script"]],
        })
    result = {"seconds": round(time.perf_counter() - started), "budget_kb": args.budget_kb, "roles": summary}
    if args.json:
        print(json.dumps({**result, "pages": rows}, ensure_ascii=False, indent=2))
    else:
        print("| role | pages | HTML median / max (KB) | static, first visit (KB) | first visit median / max (KB) "
              "| repeat visit median / max (KB) | heaviest page | over budget | needs a script |")
        print("|---|---|---|---|---|---|---|---|---|")
        for s in summary:
            print(f"| {s['role']} | {s['pages']} | {s['html_median_kb']} / {s['html_max_kb']} | {s['static_first_kb']} "
                  f"| {s['first_median_kb']} / {s['first_max_kb']} | {s['repeat_median_kb']} / {s['repeat_max_kb']} "
                  f"| {s['heaviest']} | {', '.join(s['over_budget']) or 'none'} "
                  f"| {', '.join(s['needs_script']) or 'none'} |")
        print(f"{result['seconds']} s")
    sys.exit(1 if any(s["over_budget"] for s in summary) else 0)


if __name__ == "__main__":
    main()
