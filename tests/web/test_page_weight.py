"""Issue 17, weak connections: pages cross the network gzipped; static files, once `dangbo serve` has collected
them, carry their hash in their name, are cached for a year and served gzipped; before any collection the plain
names are served from the app folders. bench/page_weight.py measures the bytes over every page of the demo."""

import gzip

import pytest
from django.templatetags.static import static

from dangbo.core import staticfiles

pytestmark = pytest.mark.django_db


def test_pages_are_gzipped_and_downloads_are_not(as_office, members):
    page = as_office.get("/dang-vien/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert page.status_code == 200
    assert page["Content-Encoding"] == "gzip"
    html = gzip.decompress(page.content).decode()
    assert "Nguyễn Văn Mến" in html
    assert len(page.content) < len(html.encode()) / 3

    plain = as_office.get("/dang-vien/")  # a client that does not say it accepts gzip gets the page as it is
    assert not plain.has_header("Content-Encoding") and "Nguyễn Văn Mến" in plain.content.decode()

    xlsx = as_office.get("/xuat/dang-vien/", {"dinh_dang": "xlsx"}, HTTP_ACCEPT_ENCODING="gzip")
    assert xlsx.status_code == 200 and not xlsx.has_header("Content-Encoding")
    assert b"".join(xlsx.streaming_content if xlsx.streaming else [xlsx.content])[:2] == b"PK"


def test_before_any_collection_static_names_are_plain_and_served(settings, tmp_path, as_office):
    settings.STATIC_ROOT = tmp_path / "static"
    assert static("dangbo/app.css") == "/static/dangbo/app.css"
    resp = as_office.get("/static/dangbo/app.css")
    assert resp.status_code == 200 and "immutable" not in resp["Cache-Control"]


def test_collected_static_files_are_hashed_cached_for_a_year_and_gzipped(settings, tmp_path, client):
    settings.STATIC_ROOT = tmp_path / "static"
    assert staticfiles.collect_if_stale() is True
    assert staticfiles.collect_if_stale() is False  # nothing changed: the next start does not collect again

    url = static("vendor/tabler/tabler.min.css")
    assert url != "/static/vendor/tabler/tabler.min.css" and url.endswith(".css")  # the hash is in the name
    resp = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert resp.status_code == 200
    assert resp["Content-Encoding"] == "gzip"
    assert "immutable" in resp["Cache-Control"] and "max-age=315360000" in resp["Cache-Control"]
    body = b"".join(resp.streaming_content)
    assert len(body) < 150_000 < len(gzip.decompress(body))

    # A changed source file makes the next start collect again.
    css = tmp_path / "extra"
    css.mkdir()
    (css / "dangbo-test.css").write_text("body { color: #000; }")
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, css]
    assert staticfiles.collect_if_stale() is True
    assert static("dangbo-test.css") != "/static/dangbo-test.css"


def test_dangbo_serve_collects_the_static_files_before_serving(settings, tmp_path, monkeypatch):
    import waitress.server

    from dangbo.cli.server import _serve

    class Server:  # the real server would block: it is enough that it was built after the collection
        def run(self):
            assert (tmp_path / "static" / staticfiles.STAMP).exists()

        def close(self):
            pass

    settings.STATIC_ROOT = tmp_path / "static"
    monkeypatch.setattr(waitress.server, "create_server", lambda *a, **kw: Server())
    assert _serve("127.0.0.1", 8000, worker=False) == 0
    assert static("dangbo/app.css") != "/static/dangbo/app.css"
