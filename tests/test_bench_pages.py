"""The browser steps shared by the phone sweep (tests/e2e/test_every_page_fits.py) and the page benchmarks
(bench/english_pages.py, bench/page_weight.py), on stand-ins for Playwright's page and response."""

import pytest

from bench.pages import is_page, log_in, open_path, page_links


class Response:
    def __init__(self, status=200, content_type="text/html; charset=utf-8", body=b"<!DOCTYPE html><html></html>"):
        self.status, self.headers, self._body = status, {"content-type": content_type}, body

    def body(self):
        return self._body


class Field:
    def __init__(self, page, selector):
        self.page, self.selector = page, selector

    def fill(self, value):
        self.page.filled[self.selector] = value

    def click(self):
        ok = self.page.filled.get("input[name=password]") == "right"
        self.page.url = "http://t/" if ok else "http://t/dang-nhap/"


class Page:
    def __init__(self, goto=None):
        self.url, self.filled, self.closed, self._goto = "", {}, False, goto

    def goto(self, url):
        if self._goto:
            return self._goto(url)
        self.url = url
        return Response()

    def locator(self, selector):
        return Field(self, selector)

    def wait_for_load_state(self):
        pass

    def close(self):
        self.closed = True

    def eval_on_selector_all(self, selector, script):
        return ["/dang-vien/", "#top", "https://elsewhere.example/x", "?trang=2", "mailto:a@b.c"]


class Context:
    def new_page(self):
        return Page()


@pytest.mark.parametrize(("response", "expected"), [
    (Response(), True),
    (Response(body=b"\n  <html lang=vi>"), True),
    (None, False),
    (Response(status=403), False),
    (Response(status=302), False),
    (Response(content_type="application/pdf", body=b"%PDF"), False),
    (Response(body=b"<div id=fragment></div>"), False),  # an htmx fragment
])
def test_is_page(response, expected):
    assert is_page(response) is expected


def test_log_in_says_whether_the_form_let_the_user_in():
    page = Page()
    assert log_in(page, "http://t", "vanphong", "right")
    assert page.filled == {"input[name=username]": "vanphong", "input[name=password]": "right"}
    assert not log_in(Page(), "http://t", "vanphong", "wrong")


def test_open_path_goes_on_in_a_fresh_tab_after_a_download_and_raises_anything_else():
    page = Page()
    same, response = open_path(Context(), page, "http://t/a/")
    assert same is page and response.status == 200 and page.url == "http://t/a/"

    def download(url):
        raise RuntimeError("Download is starting")

    old = Page(goto=download)
    new, response = open_path(Context(), old, "http://t/x.xlsx")
    assert response is None and old.closed and new is not old

    def broken(url):
        raise RuntimeError("net::ERR_CONNECTION_REFUSED")

    with pytest.raises(RuntimeError):
        open_path(Context(), Page(goto=broken), "http://t/")


def test_page_links_keeps_the_links_that_stay_on_the_site():
    page = Page()
    page.url = "http://t/to-chuc/"
    assert page_links("http://t", page) == ["/dang-vien/", "/to-chuc/?trang=2"]
