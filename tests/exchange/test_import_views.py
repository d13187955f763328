"""/nhap/: upload, column mapping, preview, commit, cancel, history, progress; and `dangbo import members`."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dangbo.cli import main
from dangbo.exchange.models import ImportBatch, ImportStatus
from dangbo.members.models import Member

from .test_importer import row, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"


def upload(client, path, org):
    f = SimpleUploadedFile(path.name, path.read_bytes())
    return client.post("/nhap/tai-len/", {"file": f, "organization": org.pk, "kind": "members"})


def test_upload_preview_commit(tmp_path, tree, members, as_office):
    path = write_xlsx(tmp_path / "dv.xlsx", [
        row("Phạm Văn Bình", "15/04/1985", cccd="001085012345"),
        row("Nguyễn Văn Mến", "19/08/1975", cccd=members.men.citizen_id, decision="", number="", ceremony="",
            official="", phone="0912345678"),
        row("Lê Văn Cường", "31/02/1985"),
    ])
    assert as_office.get("/nhap/tai-len/").status_code == 200
    resp = upload(as_office, path, tree.root)
    assert resp.status_code == 302
    batch = ImportBatch.objects.get()
    assert resp["Location"] == f"/nhap/{batch.pk}/" and batch.status == ImportStatus.PREVIEWED
    page = as_office.get(f"/nhap/{batch.pk}/").content.decode()
    for text in ("Sẽ thêm mới", "Sẽ cập nhật", "Không thay đổi", "Lỗi", "Nghi trùng trong tệp",
                 "Chuyển mã TCVN3/VNI", "Ghi vào sổ", "Phạm Văn Bình", "0912345678", "Ngày sinh"):
        assert text in page, text
    assert Member.objects.filter(full_name="Phạm Văn Bình").count() == 0  # nothing written by the preview
    resp = as_office.post(f"/nhap/{batch.pk}/ghi-vao-so/")
    assert resp.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportStatus.COMMITTED and batch.created_count == 1 and batch.updated_count == 1
    assert Member.objects.filter(full_name="Phạm Văn Bình").exists()
    members.men.refresh_from_db()
    assert members.men.phone == "0912345678"
    # a second commit is refused
    as_office.post(f"/nhap/{batch.pk}/ghi-vao-so/")
    assert Member.objects.filter(full_name="Phạm Văn Bình").count() == 1
    history = as_office.get("/nhap/").content.decode()
    assert "dv.xlsx" in history and "Đã ghi vào sổ" in history


def test_mapping_step_for_unknown_headers(tmp_path, tree, as_office):
    headers = ["Tên ĐV", "Ngày sinh", "Giới tính", "Chi bộ", "Ngày quyết định kết nạp", "Cột lạ"]
    path = write_xlsx(tmp_path / "m.xlsx", [["Phạm Văn Bình", "15/04/1985", "Nam", "TN-VP", "02/03/2010", "x"]],
                      headers=headers)
    upload(as_office, path, tree.root)
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.MAPPING
    page = as_office.get(f"/nhap/{batch.pk}/").content.decode()
    assert "Ghép cột" in page and "Tên ĐV" in page
    resp = as_office.post(f"/nhap/{batch.pk}/ghep-cot/", {"map_0": "full_name", "map_5": ""})
    assert resp.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEWED and batch.created_count == 1, batch.preview
    assert batch.mapping == {"Tên ĐV": "full_name", "Cột lạ": ""}


def test_cancel_and_bad_files(tmp_path, tree, as_office):
    path = write_xlsx(tmp_path / "c.xlsx", [row("Phạm Văn Bình", "15/04/1985")])
    upload(as_office, path, tree.root)
    batch = ImportBatch.objects.get()
    as_office.post(f"/nhap/{batch.pk}/huy/")
    batch.refresh_from_db()
    assert batch.status == ImportStatus.CANCELLED and not batch.file_path.exists()
    assert as_office.post(f"/nhap/{batch.pk}/ghi-vao-so/").status_code == 302
    assert not Member.objects.filter(full_name="Phạm Văn Bình").exists()
    # not a spreadsheet: a clear message, no stack trace
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"%PDF-1.4 this is not a spreadsheet")
    upload(as_office, bad, tree.root)
    b2 = ImportBatch.objects.latest("id")
    assert b2.status == ImportStatus.FAILED and b2.message
    assert b2.message in as_office.get(f"/nhap/{b2.pk}/").content.decode()
    resp = as_office.post("/nhap/tai-len/", {"file": SimpleUploadedFile("a.pdf", b"x"), "organization": tree.root.pk})
    assert "Chỉ nhận tệp Excel" in resp.content.decode()


def test_background_job_with_progress(tmp_path, tree, members, as_office, settings, monkeypatch):
    """Large files go to the queue (core/jobs.py); the page polls /tien-do/; `dangbo worker` runs the job."""
    from dangbo.core import jobs as core_jobs
    from dangbo.core.models import Job, JobStatus

    settings.DANGBO_IMPORT_INLINE_BYTES = 10
    path = write_xlsx(tmp_path / "b.xlsx", [row("Phạm Văn Bình", "15/04/1985")])
    upload(as_office, path, tree.root)
    batch = ImportBatch.objects.get()
    job = Job.objects.get(ref=f"import:{batch.pk}")
    assert job.kind == "import.preview" and job.status == JobStatus.QUEUED and job.org_path == tree.root.path
    assert batch.status == ImportStatus.READING
    # queued, no worker yet: not stale, the page shows the progress and polls
    Job.objects.filter(pk=job.pk).update(done=400, total=1000, message="Đang kiểm tra từng dòng")
    page = as_office.get(f"/nhap/{batch.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and "40%" in page
    part = as_office.get(f"/nhap/{batch.pk}/tien-do/", HTTP_HX_REQUEST="true")
    assert "40%" in part.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.READING
    # the worker runs it: the poll tells the page to reload
    core_jobs.run_pending()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEWED and Job.objects.get(pk=job.pk).status == JobStatus.DONE
    part = as_office.get(f"/nhap/{batch.pk}/tien-do/", HTTP_HX_REQUEST="true")
    assert part["HX-Redirect"] == f"/nhap/{batch.pk}/"
    # the commit is queued too, and written by the worker
    from dangbo.exchange.web import import_views

    monkeypatch.setattr(import_views, "INLINE_COMMIT_ROWS", 0)
    resp = as_office.post(f"/nhap/{batch.pk}/ghi-vao-so/")
    assert resp.status_code == 302
    batch.refresh_from_db()
    assert batch.status in (ImportStatus.COMMITTING, ImportStatus.COMMITTED)
    core_jobs.run_pending()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.COMMITTED
    assert Member.objects.filter(full_name="Phạm Văn Bình").exists()
    job = Job.objects.filter(ref=f"import:{batch.pk}").latest("id")
    assert job.kind == "import.commit" and job.status == JobStatus.DONE
    # a job that died with its worker: the batch is rolled back and failed when looked at
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.COMMITTING)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, worker=core_jobs.worker_name().rsplit(":", 1)[0]
                                         + ":999999999")
    as_office.get(f"/nhap/{batch.pk}/")
    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED
    assert Job.objects.get(pk=job.pk).status == JobStatus.FAILED


def test_scope_of_the_pages(tmp_path, tree, members, users, client_as):
    path = write_xlsx(tmp_path / "s.xlsx", [row("Phạm Văn Bình", "15/04/1985", org="TN-TH")])
    upload(client_as("secretary_b"), path, tree.b)
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.PREVIEWED
    sec_a = client_as("secretary")
    assert sec_a.get(f"/nhap/{batch.pk}/").status_code == 404
    assert sec_a.post(f"/nhap/{batch.pk}/ghi-vao-so/").status_code == 404
    assert "s.xlsx" not in sec_a.get("/nhap/").content.decode()
    # the secretary of A cannot upload into B: B is not among the choices
    resp = upload(sec_a, path, tree.b)
    assert resp.status_code == 200 and ImportBatch.objects.count() == 1
    reader = client_as("reader")
    assert reader.get(f"/nhap/{batch.pk}/").status_code == 200
    assert reader.post(f"/nhap/{batch.pk}/ghi-vao-so/").status_code == 403
    assert reader.get("/nhap/tai-len/").status_code == 403
    assert not Member.objects.filter(full_name="Phạm Văn Bình").exists()
    # CCCD is hidden from those who may not see it
    path2 = write_xlsx(tmp_path / "s2.xlsx", [row("Lê Văn Cường", "15/04/1985", org="TN-TH", cccd="001085099999")])
    upload(client_as("secretary_b"), path2, tree.b)
    b2 = ImportBatch.objects.latest("id")
    assert "001085099999" not in client_as("secretary_b").get(f"/nhap/{b2.pk}/").content.decode()
    # ... nor may they enter it (issue 11.7): the cell is dropped, the row refused; the office may.
    assert "001085099999" not in client_as("office").get(f"/nhap/{b2.pk}/").content.decode()
    upload(client_as("office"), path2, tree.b)
    b3 = ImportBatch.objects.latest("id")
    assert "001085099999" in client_as("office").get(f"/nhap/{b3.pk}/").content.decode()


def test_anonymous_goes_to_login(client, tree):
    for url in ("/nhap/", "/nhap/tai-len/"):
        resp = client.get(url)
        assert resp.status_code == 302 and "dang-nhap" in resp["Location"]


# -- the command line --------------------------------------------------------------------------------------
def test_cli_import_dry_run_json_and_commit(tmp_path, tree, users, capsys):
    good = write_xlsx(tmp_path / "g.xlsx", [row("Phạm Văn Bình", "15/04/1985")])
    assert main(["import", "members", str(good), "--org", "TN", "--user", "vanphong", "--dry-run", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["counts"]["created"] == 1 and out["committed"] is False and out["batch"] is None
    assert not Member.objects.filter(full_name="Phạm Văn Bình").exists()
    assert main(["import", "members", str(good), "--org", "TN", "--user", "vanphong", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["committed"] is True and out["batch"]
    assert Member.objects.filter(full_name="Phạm Văn Bình").count() == 1
    # errors only: nothing committed, exit status 1, errors listed
    bad = write_xlsx(tmp_path / "b.xlsx", [row("Lê Văn Cường", "31/02/1985")])
    assert main(["import", "members", str(bad), "--org", "TN"]) == 1
    text = capsys.readouterr().out
    assert "Lỗi dòng 2, cột «Ngày sinh»" in text
    assert main(["import", "members", str(bad), "--org", "TN", "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["errors"][0]["row"] == 2 and out["ok"] is False
    # mixed: valid rows are written, the error rows skipped: success
    mixed = write_xlsx(tmp_path / "m.xlsx", [row("Vũ Văn Em", "15/04/1985"), row("X", "15/04/1985")])
    assert main(["import", "members", str(mixed), "--org", "TN"]) == 0
    assert Member.objects.filter(full_name="Vũ Văn Em").exists()


def test_cli_failures(tmp_path, tree, users, capsys):
    assert main(["import", "members", str(tmp_path / "none.xlsx"), "--org", "TN"]) == 1
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"not a spreadsheet at all")
    assert main(["import", "members", str(bad), "--org", "TN"]) == 1
    assert "Lỗi:" in capsys.readouterr().err
    good = write_xlsx(tmp_path / "g.xlsx", [row("Phạm Văn Bình", "15/04/1985")])
    assert main(["import", "members", str(good), "--org", "TN", "--user", "bithu_a"]) == 1  # not their scope
    assert main(["import", "members", str(good), "--org", "KHONG"]) == 1
    headers = ["Tên ĐV", "Ngày sinh", "Giới tính", "Chi bộ", "Ngày quyết định kết nạp"]
    odd = write_xlsx(tmp_path / "o.xlsx", [["Phạm Văn Bình", "15/04/1985", "Nam", "TN-VP", "02/03/2010"]],
                     headers=headers)
    assert main(["import", "members", str(odd), "--org", "TN"]) == 1
    assert main(["import", "members", str(odd), "--org", "TN", "--mapping", "Tên ĐV=full_name", "--json"]) == 0
    assert Member.objects.filter(full_name="Phạm Văn Bình").exists()
    assert main(["import"]) == 2
