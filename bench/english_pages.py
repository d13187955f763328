"""Vietnamese left on English pages (issue 17): every page of the demo, per role, with the English language chosen,
and the visible lines that still carry Vietnamese letters.

    DANGBO_DATA_DIR=/tmp/d-en uv run dangbo demo --no-serve
    DANGBO_REQUIRE_2FA_ROLES= DANGBO_DATA_DIR=/tmp/d-en uv run dangbo serve --port 8021 --no-worker
    DANGBO_DATA_DIR=/tmp/d-en uv run python bench/english_pages.py --base http://127.0.0.1:8021 [--out lines.json]

Each role logs in with Chromium, presses the language button (`button[name=language][value=en]`) and walks the
pages of bench/pages.py (the list of the 390 px sweep and of the page-weight benchmark). A line is a line of the
page's visible text (`innerText`, form fields' values left out: the news item to publish is Vietnamese by design);
it is counted when it has a letter only Vietnamese writes (ă â đ ê ô ơ ư or a tone mark). Names, addresses, stored
titles, legal citations and stored audit summaries are data and stay as stored: the counts include them, the JSON
(`--out`) lists each line with the pages it is on, to tell them from texts of the code.
"""

import argparse
import json
import os
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.config.settings")

import django  # noqa: E402

django.setup()

from bench.pages import SETTLED, crawl, is_page, log_in, open_path, page_links  # noqa: E402

CHROMIUM = os.environ.get("DANGBO_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
ROLES = ("bithu", "vanphong", "dangvien", "captren")
VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
                        r"ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ]")


def vietnamese_lines(text: str) -> list[str]:
    return [line for line in (" ".join(raw.split()) for raw in text.splitlines()) if VIETNAMESE.search(line)]


def walk_role(browser, base: str, username: str, password: str) -> dict[str, list[str]]:
    """{path: its Vietnamese lines} of every page `username` reaches with English chosen."""
    context = browser.new_context(locale="en-GB", viewport={"width": 1366, "height": 800})
    context.set_default_timeout(15_000)
    page = context.new_page()
    found: dict[str, list[str]] = {}
    try:
        if not log_in(page, base, username, password):
            raise SystemExit(f"{username} could not log in (two-factor required? serve with DANGBO_REQUIRE_2FA_ROLES=)")
        english = page.locator("button[name=language][value=en]")
        if english.count():
            english.first.click()
            page.wait_for_load_state()

        def visit(path: str, key: str):
            nonlocal page
            page, response = open_path(context, page, base + path)
            if not is_page(response):
                return None
            page.wait_for_function(SETTLED)
            found[path] = vietnamese_lines(page.evaluate("() => document.body.innerText"))
            return page_links(base, page)

        crawl(visit)
    finally:
        context.close()
    return found


def main() -> int:
    from playwright.sync_api import sync_playwright

    from dangbo.demo import DEMO_PASSWORD

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8021")
    parser.add_argument("--roles", nargs="*", default=list(ROLES))
    parser.add_argument("--out", help="write {role: {line: [paths]}} as JSON here")
    args = parser.parse_args()
    report = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for role in args.roles:
            pages = walk_role(browser, args.base.rstrip("/"), role, DEMO_PASSWORD)
            where: dict[str, list[str]] = defaultdict(list)
            for path, lines in pages.items():
                for line in dict.fromkeys(lines):
                    where[line].append(path)
            report[role] = dict(sorted(where.items()))
            print(f"{role}: {len(pages)} pages, {sum(len(v) for v in pages.values())} Vietnamese lines, "
                  f"{len(where)} distinct")
        browser.close()
    if args.out:
        Path(args.out).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
