"""Issue 17: every page of every role fits a phone (390 px) and a small laptop (1366 px) without scrolling the
page sideways.

The demo is loaded, then each demo account logs in once (one browser context per role) and visits every page of
the demo it can reach: the routes of the URL resolver without arguments and the first link to each other route
(bench/pages.py, the list the page-weight benchmark uses too). Each page (a whole HTML document, not an htmx
fragment) is measured at 390 px, then the window is widened to 1366 px and measured again: the page fails when
`document.documentElement.scrollWidth` is larger than `window.innerWidth`, or when a button is narrower than its
label (cut off, or overlapping the next one); the failure names the role, the width, the page and the elements
at fault. A screenshot of each page at both widths is saved under DANGBO_SWEEP_SCREENSHOTS, else the test's tmp
path. A page that answers 500 fails too, and so does the rating review when its decisions are not in the window.
"""

import os
import re
from pathlib import Path

import pytest
from django.utils import timezone

from bench.pages import ROLES, SETTLED, crawl, is_page, log_in, open_path, page_links
from tests.e2e.conftest import TIMEOUT_MS

# ~7 minutes on the shared 2-core machine (about 360 pages, two widths, two screenshots each).
pytestmark = [pytest.mark.e2e, pytest.mark.heavy(7), pytest.mark.timeout(1200)]

WIDTHS = (390, 1366)
HEIGHT = 800

# Where a page sticks out: the outermost elements whose right edge passes the window, outside any box that
# scrolls or clips its own content.
OVERFLOW = """() => {
  const inner = window.innerWidth, scroll = document.documentElement.scrollWidth;
  const describe = (el) => {
    const cls = (el.getAttribute("class") || "").trim().split(/\\s+/).filter(Boolean).slice(0, 3).join(".");
    const text = (el.innerText || el.value || "").replace(/\\s+/g, " ").trim().slice(0, 40);
    return `<${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${cls ? "." + cls : ""}> «${text}»`;
  };
  // Buttons squeezed narrower than their label (cut off, or overlapping the next one).
  const clipped = [...document.querySelectorAll(".btn")]
    .filter((el) => el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1).slice(0, 4).map(describe);
  const culprits = [];
  if (scroll > inner) {
    const clips = (el) => getComputedStyle(el).overflowX !== "visible";
    const sticksOut = (el) => el.getBoundingClientRect().right > inner + 0.5;
    for (const el of document.body.querySelectorAll("*")) {
      if (!sticksOut(el)) { continue; }
      let clippedBy = false, outermost = true;
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (clips(a)) { clippedBy = true; break; }
        if (sticksOut(a)) { outermost = false; }
      }
      if (!clippedBy && outermost) {
        culprits.push(describe(el) + ` right ${Math.round(el.getBoundingClientRect().right)}`);
      }
      if (culprits.length >= 4) { break; }
    }
    if (!culprits.length) {  // a box whose content passes its own edge, then the container's padding
      for (const el of document.body.querySelectorAll("*")) {
        if (getComputedStyle(el).overflowX === "visible" && el.scrollWidth > el.clientWidth + 1 &&
            ![...el.children].some((c) => c.scrollWidth > c.clientWidth + 1)) {
          culprits.push(describe(el) + ` content ${el.scrollWidth} px in ${el.clientWidth} px`);
          if (culprits.length >= 4) { break; }
        }
      }
    }
  }
  return {scroll, inner, culprits, clipped};
}"""


def shot_name(path: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_")[:120] or "home"


def sweep_role(browser, base: str, username: str, shots: Path, reach: dict) -> tuple[list[str], list[str]]:
    """Log in as `username` and visit every page it reaches. Returns (problems, route keys measured); fills
    `reach` with whether the action bar of each page of ACTIONS_IN_REACH is in the window on arrival at 390 px."""
    from dangbo.demo import DEMO_PASSWORD

    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                  viewport={"width": WIDTHS[0], "height": HEIGHT})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    problems: list[str] = []
    measured: list[str] = []
    try:
        assert log_in(page, base, username, DEMO_PASSWORD), f"{username} could not log in"

        def visit(path: str, key: str):
            nonlocal page
            page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
            page, response = open_path(context, page, base + path)
            if response is not None and response.status >= 500:
                problems.append(f"{username}: {path} ({key}) answered {response.status}")
                return None
            if not is_page(response):
                return None
            page.wait_for_function(SETTLED)
            measured.append(key)
            name = shot_name(path)
            for width in WIDTHS:
                if width != WIDTHS[0]:
                    page.set_viewport_size({"width": width, "height": HEIGHT})
                found = page.evaluate(OVERFLOW)
                if found["scroll"] > found["inner"]:
                    problems.append(
                        f"{username} at {width} px: {path} ({key}) is {found['scroll'] - found['inner']} px "
                        f"wider than the window ({found['scroll']} > {found['inner']}): "
                        + "; ".join(found["culprits"]))
                if found["clipped"]:
                    problems.append(f"{username} at {width} px: {path} ({key}) has buttons cut off: "
                                    + "; ".join(found["clipped"]))
                page.screenshot(path=str(shots / username / str(width) / f"{name}.jpg"), full_page=True,
                                type="jpeg", quality=60)
            if key in ACTIONS_IN_REACH:
                page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
                page.evaluate("window.scrollTo(0, 0)")
                bar = page.locator(ACTIONS_IN_REACH[key])
                if bar.count():
                    box = bar.bounding_box()
                    reach[key] = box is not None and 0 <= box["y"] and box["y"] + box["height"] <= HEIGHT
            return page_links(base, page)

        crawl(visit)
    finally:
        context.close()
    return problems, measured


# Long pages whose actions must be in the window on arrival, on a phone: route -> the action bar.
ACTIONS_IN_REACH = {"evaluations:review": "#review-actions"}

# Pages of each kind that an office account must have reached: proof that the walk follows links to objects.
OFFICE_REACHES = {
    "members:detail", "organizations:detail", "congresses:detail", "evaluations:review", "evaluations:rating",
    "inspection:detail", "admission:detail", "documents:detail", "resolutions:detail", "congresses:meeting",
    "dues:sheet", "reports:dashboard", "recognition:list",
}


def test_every_page_of_every_role_fits_390_and_1366_px(browser, live_server, transactional_db, tmp_path):
    from django.db import connection

    from dangbo.demo import load_demo

    if connection.vendor != "sqlite" and not os.environ.get("DANGBO_SWEEP_EVERY_DATABASE"):
        # A page's width does not depend on the database, and the sweep takes minutes: the SQLite pass runs it,
        # the PostgreSQL pass has the route-by-route scope proof and the journeys (set the variable to run it here).
        pytest.skip("the layout sweep runs on the SQLite pass")

    load_demo(today=timezone.localdate())
    shots = Path(os.environ.get("DANGBO_SWEEP_SCREENSHOTS") or tmp_path / "screenshots")
    problems: list[str] = []
    reached: dict[str, list[str]] = {}
    for username in ROLES:
        for width in WIDTHS:
            (shots / username / str(width)).mkdir(parents=True, exist_ok=True)
        reach: dict[str, bool] = {}
        found, measured = sweep_role(browser, live_server.url, username, shots, reach)
        if username == "vanphong":
            assert reach == {"evaluations:review": True}, (
                f"the rating review's decisions are out of reach on a phone: {reach}")
        problems += found
        reached[username] = measured
    print(f"\nscreenshots: {shots}; pages per role: " + ", ".join(f"{r} {len(k)}" for r, k in reached.items()))

    missing = OFFICE_REACHES - set(reached["vanphong"])
    assert not missing, f"the walk did not reach these pages as vanphong: {sorted(missing)}"
    assert "members:detail" in reached["dangvien"], "the member did not reach their own record"
    assert not problems, f"{len(problems)} pages do not fit:\n" + "\n".join(problems)
