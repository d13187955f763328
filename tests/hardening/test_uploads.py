"""Issue 11.2: hostile uploads are refused before they cost memory, with a Vietnamese message; stored
previews stay small; the web layer caps the upload size itself.

The hostile files are built here. Memory is measured in a child process (its peak resident size covers
calamine's Rust allocations, which tracemalloc does not see), under an address-space limit so a regression fails the
test instead of exhausting the machine.
"""

import json
import subprocess
import sys
import textwrap
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dangbo.exchange.models import ImportBatch, ImportStatus
from dangbo.exchange.parsing.errors import ExchangeError
from dangbo.exchange.parsing.readers import read_table
from tests.exchange.test_importer import row, write_xlsx

MB = 1024 * 1024


def _read_in_child(path, limits: dict | None = None) -> dict:
    """read_table(path) and iterate every row in a fresh process: its outcome and peak memory (MB)."""
    script = textwrap.dedent(f"""
        import json, resource
        resource.setrlimit(resource.RLIMIT_AS, (3 * 1024 ** 3, 3 * 1024 ** 3))
        from django.conf import settings
        settings.configure(**{limits or {}!r})
        from dangbo.exchange.parsing.errors import ExchangeError
        from dangbo.exchange.parsing.readers import read_table
        out = {{}}
        try:
            table = read_table({str(path)!r})
            out["rows"] = sum(1 for _ in table.rows)
            out["columns"] = len(table.headers)
        except ExchangeError as e:
            out["code"], out["message"] = e.code, str(e)
        except MemoryError:
            out["code"] = "MemoryError"
        # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forked pytest process across exec
        hwm = [line for line in open("/proc/self/status") if line.startswith("VmHWM:")][0]
        out["peak_mb"] = int(hwm.split()[1]) / 1024
        print(json.dumps(out, ensure_ascii=False))
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _bomb_xlsx(tmp_path, unzipped_mb: int):
    """A small valid workbook whose shared string table holds one string of `unzipped_mb` MB."""
    base = write_xlsx(tmp_path / "base.xlsx", [row("Phạm Văn Bình", "15/04/1985")])
    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            if info.filename != "xl/sharedStrings.xml":
                dst.writestr(info, src.read(info))
                continue
            xml = src.read(info).decode()
            head, tail = xml.split("<t>Phạm Văn Bình</t>")
            with dst.open("xl/sharedStrings.xml", "w", force_zip64=True) as out:
                out.write(head.encode() + b"<t>")
                chunk = b"A" * MB
                for _ in range(unzipped_mb):
                    out.write(chunk)
                out.write(b"</t>" + tail.encode())
    return path


def test_xlsx_zip_bomb_is_refused_before_it_is_inflated(tmp_path):
    path = _bomb_xlsx(tmp_path, 300)
    assert path.stat().st_size < 2 * MB
    out = _read_in_child(path)
    assert out.get("code") == "too_large_unzipped", out
    assert "khi giải nén vượt 200 MB" in out["message"] and "bom.xlsx" in out["message"]
    assert out["peak_mb"] < 100, out  # never inflated: refused at 10 MB by the ratio (measured 25 MB)


def test_the_unzipped_cap_is_a_setting(tmp_path, settings):
    path = _bomb_xlsx(tmp_path, 30)
    with pytest.raises(ExchangeError) as err:  # 30 MB from 30 KB: the ratio of a bomb
        read_table(path)
    assert err.value.code == "too_large_unzipped"
    settings.IMPORT_MAX_ZIP_RATIO = 100_000
    with pytest.raises(ExchangeError) as err:  # inflated now, the 30 MB cell is past the cell cap
        list(read_table(path).rows)
    assert err.value.code == "cell_too_long" and "ô B2 quá dài (31.457.280 ký tự)" in str(err.value)
    settings.IMPORT_MAX_UNZIPPED_BYTES = 20 * MB
    with pytest.raises(ExchangeError) as err:
        read_table(path)
    assert err.value.code == "too_large_unzipped" and "vượt 20 MB" in str(err.value)


def test_a_damaged_deflate_stream_is_reported_as_a_damaged_file(tmp_path):
    """The bomb check inflates first, so zlib's own error must become the usual Vietnamese message."""
    path = write_xlsx(tmp_path / "hong.xlsx", [row(f"Người số {i}", "15/04/1985") for i in range(200)])
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    raw[start + 10: start + 60] = bytes(50)
    path.write_bytes(bytes(raw))
    with pytest.raises(ExchangeError) as err:
        read_table(path)
    assert err.value.code == "corrupt" and "bị hỏng" in str(err.value)


def test_csv_with_50000_columns_is_refused(tmp_path):
    path = tmp_path / "rong.csv"
    header = ",".join(f"Cột {i}" for i in range(50_000))
    path.write_text(header + "\n" + ",".join("x" for _ in range(50_000)) + "\n", encoding="utf-8")
    out = _read_in_child(path)
    assert out.get("code") == "too_many_columns", out
    assert "quá 200 cột" in out["message"] and "sau cột GR" in out["message"]
    assert out["peak_mb"] < 100, out


def test_trailing_empty_columns_are_dropped_not_refused(tmp_path):
    path = tmp_path / "excel.csv"
    pad = "," * 600
    path.write_text("Họ và tên,Ngày sinh,Giới tính" + pad + "\nPhạm Văn Bình,15/04/1985,Nam" + pad + "\n",
                    encoding="utf-8")
    table = read_table(path)
    assert table.headers == ["Họ và tên", "Ngày sinh", "Giới tính"]
    assert [cells for _, cells in table.rows] == [["Phạm Văn Bình", "15/04/1985", "Nam"]]


def test_a_cell_longer_than_excel_allows_is_refused_naming_it(tmp_path):
    path = tmp_path / "dai.csv"
    path.write_text("Họ và tên,Ngày sinh,Giới tính\nPhạm Văn Bình,15/04/1985,Nam\nLê Văn Cường,"
                    + "x" * 32_768 + ",Nam\n", encoding="utf-8")
    with pytest.raises(ExchangeError) as err:
        list(read_table(path).rows)
    assert err.value.code == "cell_too_long" and err.value.row == 3
    assert "ô B3 quá dài (32.768 ký tự)" in str(err.value) and "32.767 ký tự" in str(err.value)
    # far longer: the csv module stops at the cap, the row is still named
    path.write_text("Họ và tên,Ngày sinh,Giới tính\nPhạm Văn Bình," + "x" * 1_000_000 + ",Nam\n", encoding="utf-8")
    with pytest.raises(ExchangeError) as err:
        list(read_table(path).rows)
    assert err.value.code == "cell_too_long" and "dòng 2" in str(err.value)


def test_too_many_rows_are_refused_while_reading(tmp_path):
    path = tmp_path / "dai.xlsx"
    write_xlsx(path, [row(f"Người số {i}", "15/04/1985") for i in range(3000)])
    out = _read_in_child(path, {"IMPORT_MAX_ROWS": 2000})
    assert out.get("code") == "too_many_rows", out
    assert "hơn 2.000 dòng dữ liệu" in out["message"]
    assert _read_in_child(path, {"IMPORT_MAX_ROWS": 3000}).get("rows") == 3000


def test_a_large_csv_is_read_without_copies_of_the_whole_text(tmp_path):
    """100.000 rows, 17 MB: the file's bytes and its decoded text are held, but not a StringIO copy of the
    text nor all of its lines at once (measured 69 MB; 123 MB before)."""
    path = tmp_path / "lon.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("Họ và tên,Ngày sinh,Giới tính,Chi bộ,Quê quán,Nơi ở hiện nay\r\n")
        for i in range(100_000):
            f.write(f"Nguyễn Văn Người Số {i},15/04/1985,Nam,SKHDT-01,"
                    f"\"xã Bình Triều, huyện Thăng Bình, tỉnh Quảng Nam\",\"Số {i} đường Lê Lợi, phường Hải Châu\"\r\n")
    out = _read_in_child(path)
    assert out.get("rows") == 100_000 and out["columns"] == 6, out
    assert out["peak_mb"] < 100, out


# -- through the web: the refusal shows on the import's page, previews are bounded, the size is capped -------
def _post(client, name, data, org):
    return client.post("/nhap/tai-len/", {"file": SimpleUploadedFile(name, data), "organization": org.pk,
                                          "kind": "members"})


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"


@pytest.mark.django_db
def test_upload_of_a_bomb_fails_with_the_message(tmp_path, data_dir, tree, as_office, settings):
    settings.IMPORT_MAX_UNZIPPED_BYTES = 20 * MB
    path = _bomb_xlsx(tmp_path, 30)
    assert _post(as_office, "bom.xlsx", path.read_bytes(), tree.root).status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.FAILED and "khi giải nén vượt 20 MB" in batch.message
    assert len(json.dumps(batch.preview)) < 10_000


@pytest.mark.django_db
def test_stored_preview_is_bounded(tmp_path, data_dir, tree, as_office, settings):
    settings.IMPORT_PREVIEW_ROWS = 50
    long_name = "Phạm Văn " + "Bình" * 5000  # 20.000 characters: a valid cell, an invalid name
    rows = [row(long_name, "15/04/1985")] + [row(f"Người số {i}", "15/04/1985") for i in range(200)]
    path = write_xlsx(tmp_path / "dv.xlsx", rows)
    assert _post(as_office, "dv.xlsx", path.read_bytes(), tree.root).status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.PREVIEWED, batch.message
    assert batch.total_rows == 201 and len(batch.preview["create"]) == 50
    texts = []

    def walk(v):
        if isinstance(v, str):
            texts.append(v)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    walk(batch.preview)
    assert any(t.startswith("Phạm Văn Bình") for t in texts)
    assert max(len(t) for t in texts) <= settings.IMPORT_PREVIEW_CELL_CHARS
    page = as_office.get(f"/nhap/{batch.pk}/")
    assert page.status_code == 200 and len(page.content) < 2 * MB


@pytest.mark.django_db
def test_upload_past_the_size_cap_gets_a_vietnamese_message(data_dir, tree, as_office, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 64 * 1024
    resp = _post(as_office, "to.csv", b"Ho va ten,Ngay sinh,Gioi tinh\n" + b"a,b,c\n" * 20_000, tree.root)
    assert resp.status_code == 413
    assert "Tệp lớn hơn 64 KB; hãy chia thành nhiều tệp nhỏ hơn." in resp.content.decode()
    assert not ImportBatch.objects.exists()
