"""Every page of the demo, per role: the one URL list of the phone sweep (tests/e2e/test_every_page_fits.py) and
of the page-weight benchmark (bench/page_weight.py).

The list starts from the URL resolver: every route without path arguments that answers a page (not the API, the
Django admin, a download, the log-in and log-out or the language switch). Each page visited offers its links; the
first link to a route not yet visited is visited in turn (breadth first), so the pages of the objects the role can
reach (a member, an organisation, a congress, a review, an inspection, an admission dossier, a dues receipt…) are
taken once each, by the route, whatever their number. Pages that answer something else than a page of the app (a
403, a 405 for a POST-only route, a redirect to a page already seen, an htmx fragment) offer nothing.

It needs Django set up (it reads the resolver), nothing else: `visit(path)` does the fetching.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable
from urllib.parse import urldefrag, urljoin, urlsplit

# The demo's accounts (dangbo/demo/__init__.py DEMO_USERS), one per role.
ROLES = ("quantri", "vanphong", "bithu", "dangvien", "captren")

# Not pages of the app's layout: the API and its docs, the Django admin, log-in/out, the language switch.
SKIPPED_PREFIXES = ("/api/", "/quan-tri/", "/admin/", "/dang-nhap/", "/dang-xuat/", "/i18n/", "/static/")
SKIPPED_VIEWS = {"login", "logout", "set_language"}
DOWNLOAD = re.compile(r"\.(docx|pdf|xlsx|xls|ods|csv|json|txt|zip)$", re.IGNORECASE)


def route_key(path: str) -> str | None:
    """The route a path of the app takes ("members:detail"), or None when it is not a page to visit."""
    from django.urls import Resolver404, resolve

    bare = urlsplit(path).path
    if not bare.startswith("/") or bare.startswith(SKIPPED_PREFIXES) or DOWNLOAD.search(bare):
        return None
    try:
        match = resolve(bare)
    except Resolver404:
        return None
    name = match.view_name or match.route
    if name in SKIPPED_VIEWS or name.startswith("admin:"):
        return None
    return name


def seed_paths() -> list[str]:
    """Every route of the resolver without path arguments that may answer a page, in the resolver's order."""
    from django.urls import URLPattern, URLResolver, get_resolver
    from django.utils.regex_helper import normalize

    out: list[str] = []

    def walk(patterns, prefix: str):
        for p in patterns:
            regex = prefix + p.pattern.regex.pattern.lstrip("^")
            if isinstance(p, URLResolver):
                walk(p.url_patterns, regex)
            elif isinstance(p, URLPattern):
                template, params = normalize("^" + regex)[0]
                if params:
                    continue
                path = "/" + template
                if route_key(path) is not None and path not in out:
                    out.append(path)

    walk(get_resolver().url_patterns, "")
    return out


def same_site_paths(base: str, current: str, hrefs: Iterable[str]) -> list[str]:
    """The links of a page at `current` that stay on the site at `base`, as paths with their query."""
    origin = urlsplit(base)
    out = []
    for href in hrefs:
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
            continue
        absolute, _ = urldefrag(urljoin(current, href))
        parts = urlsplit(absolute)
        if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
            continue
        out.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return out


def crawl(visit: Callable[[str, str], list[str] | None], seeds: Iterable[str] | None = None) -> list[str]:
    """Visit the seeds (by default `seed_paths()`), then the first link to each route not yet visited.

    `visit(path, key)` loads the page and returns the paths it links to, or None when the answer was not a page.
    Returns the route keys visited, in order."""
    queue: deque[tuple[str, str]] = deque()
    keys: set[str] = set()
    order: list[str] = []

    def offer(path: str):
        key = route_key(path)
        if key is not None and key not in keys:
            keys.add(key)
            queue.append((path, key))

    for path in seed_paths() if seeds is None else seeds:
        offer(path)
    while queue:
        path, key = queue.popleft()
        order.append(key)
        for link in visit(path, key) or ():
            offer(link)
    return order


# -- walking the pages in a browser (Playwright): the steps the phone sweep and the benchmarks take alike --------
# htmx fragments loaded on "load" are part of the page: wait until none is in flight.
SETTLED = "() => !document.querySelector('.htmx-request')"
# What Playwright says when a link starts a download or answers an error without a body: not a page.
NOT_A_PAGE = ("Download is starting", "net::ERR_HTTP_RESPONSE_CODE_FAILURE", "net::ERR_ABORTED")
DOCUMENT_START = re.compile(rb"\s*(<!doctype|<html)", re.IGNORECASE)


def log_in(page, base: str, username: str, password: str) -> bool:
    """Log `username` in through the log-in form; False when the form is still shown after (a wrong password, or
    a second factor asked: serve with DANGBO_REQUIRE_2FA_ROLES= for the demo accounts)."""
    page.goto(base + "/dang-nhap/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    page.wait_for_load_state()
    return "/dang-nhap/" not in page.url


def open_path(context, page, url: str):
    """(page, response) of going to `url`. When it is not a page (a download starting, an error answer without a
    body) the response is None and the page a fresh tab of `context`: the old one may still be loading."""
    try:
        return page, page.goto(url)
    except Exception as exc:
        if not any(sign in str(exc) for sign in NOT_A_PAGE):
            raise
        page.close()
        return context.new_page(), None


def is_page(response) -> bool:
    """A whole HTML page answered 200: not a download, an error or a redirect's end elsewhere, nor an htmx
    fragment (which has no <html>)."""
    return (response is not None and response.status == 200
            and "text/html" in (response.headers.get("content-type") or "")
            and DOCUMENT_START.match(response.body()[:200]) is not None)


def page_links(base: str, page) -> list[str]:
    """The paths on the site at `base` that the page shown links to."""
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.getAttribute('href'))")
    return same_site_paths(base, page.url, hrefs)
