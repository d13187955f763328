"""Importing organisation lists: preview (order, validation, renames, scope), the all-or-nothing commit,
the round trip with the organisation export, the upload page and `dangbo import organizations`."""

import io
import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dangbo.cli import main
from dangbo.core.models import AuditEvent
from dangbo.core.scopes import scope_for
from dangbo.exchange.exports import export_organizations
from dangbo.exchange.kinds import organizations as org_importer
from dangbo.exchange.kinds.organizations import commit_organizations, preview_organizations
from dangbo.exchange.models import ImportBatch, ImportKind, ImportStatus
from dangbo.exchange.parsing.legacy import encode
from dangbo.exchange.parsing.readers import read_table
from dangbo.organizations.models import Organization, OrgEvent, OrgKind

from .test_importer import write_xlsx as write_rows

pytestmark = pytest.mark.django_db

HEADERS = ["STT", "Mã tổ chức", "Tên tổ chức", "Loại tổ chức", "Mã tổ chức cấp trên", "Ngày thành lập"]


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"


def write_xlsx(path, rows, headers=HEADERS):
    return write_rows(path, rows, headers, sheet="Tổ chức")


def preview(tmp_path, rows, target, actor=None, name="tc.xlsx"):
    path = write_xlsx(tmp_path / name, rows)
    return preview_organizations(read_table(path.read_bytes(), path.name), actor=actor, target_org=target)


def errors(pv):
    return {(e.row, e.column): e.message for e in pv.errors}


def test_creates_committee_with_its_cells(tmp_path, tree, users):
    pv = preview(tmp_path, [
        # the children first: the importer orders parents before children
        ["KT-1", "Chi bộ Kinh tế 1", "Chi bộ", "KT", "01/02/2020"],
        ["KT-2", "Chi bộ Kinh tế 2", "Chi bộ trực thuộc", "kt", ""],
        ["KT", "Đảng bộ bộ phận Khối Kinh tế", "Đảng bộ bộ phận", "", date(2019, 5, 1)],
        ["TN-BV", "Chi bộ Bảo vệ", "cell", "TN", ""],  # parent existing, English value
        ["TN-VP", "Chi bộ Văn phòng", "Chi bộ trực thuộc", "TN", ""],  # already there
    ], tree.root, users.office)
    assert pv.counts["created"] == 4 and pv.counts["unchanged"] == 1 and pv.counts["errors"] == 0, pv.errors
    assert [r.data["code"] for r in pv.rows][:2] == ["KT", "TN-BV"]  # depth 0 first, file order within
    result = commit_organizations(pv, users.office)
    assert (result.created, result.updated, result.unchanged) == (4, 0, 1)
    kt = Organization.objects.get(code="KT")
    assert kt.parent == tree.root and kt.kind == OrgKind.PARTIAL_COMMITTEE and kt.founded_on == date(2019, 5, 1)
    k1 = Organization.objects.get(code="KT-1")
    assert k1.parent == kt and k1.kind == OrgKind.CELL and k1.path.startswith(kt.path)
    assert k1.founded_on == date(2020, 2, 1)
    assert Organization.objects.get(code="KT-2").parent == kt
    assert Organization.objects.get(code="TN-BV").parent == tree.root
    batch = ImportBatch.objects.get(pk=result.batch_id)
    assert batch.kind == ImportKind.ORGANIZATIONS and batch.status == ImportStatus.COMMITTED
    assert batch.created_count == 4 and batch.preview["create"][0]["code"] == "KT"
    event = AuditEvent.objects.get(action="import.commit")
    assert event.data["created"] == ["KT", "KT-1", "KT-2", "TN-BV"]
    assert AuditEvent.objects.filter(action="organization.found", request_id=batch.source).count() == 4


def test_short_kind_follows_the_parent(tmp_path, make_org, users):
    upper = make_org("Đảng bộ Quận", OrgKind.UPPER, code="Q1")
    pv = preview(tmp_path, [["Q1-A", "Chi bộ Trường A", "Chi bộ", "", ""],
                            ["Q1-B", "Đảng bộ Phường B", "ĐBCS", "", ""],
                            ["Q1-C", "Đảng bộ Phường C", "Đảng bộ", "", ""]], upper, users.admin)
    kinds = {r.data["code"]: r.data.get("kind_value") for r in pv.rows}
    assert kinds["Q1-A"] == OrgKind.GRASSROOTS_CELL and kinds["Q1-B"] == OrgKind.GRASSROOTS_COMMITTEE
    assert "chưa rõ" in errors(pv)[(4, "Loại tổ chức")]  # upper or grassroots committee: never a guess


def test_rename_through_the_file(tmp_path, tree, users):
    pv = preview(tmp_path, [["TN-VP", "Chi bộ Văn phòng Đảng ủy", "Chi bộ trực thuộc", "TN", ""],
                            ["TN-TH", "Chi bộ Tổng hợp", "Chi bộ trực thuộc", "", ""]], tree.root, users.office)
    assert pv.counts["updated"] == 1 and pv.counts["unchanged"] == 1
    (r,) = pv.of("update")
    assert [(c.current, c.new) for c in r.changes] == [("Chi bộ Văn phòng", "Chi bộ Văn phòng Đảng ủy")]
    commit_organizations(pv, users.office)
    tree.a.refresh_from_db()
    assert tree.a.name == "Chi bộ Văn phòng Đảng ủy"
    assert OrgEvent.objects.filter(organization=tree.a, kind=OrgEvent.Kind.RENAMED).count() == 1


def test_errors(tmp_path, tree, make_org, users):
    make_org("Đảng bộ Khác", OrgKind.GRASSROOTS_COMMITTEE, code="KH")
    pv = preview(tmp_path, [
        ["A1", "Chi bộ A1", "Chi bộ trực thuộc", "KHONGCO", ""],           # 2: unknown parent
        ["A2", "Chi bộ A2", "Chi bộ trực thuộc", "TN-VP", ""],             # 3: a chi bộ has no children
        ["A3", "Chi bộ A3", "Chi bộ trực thuộc", "", ""],                  # 4
        ["A3", "Chi bộ A3 bis", "Chi bộ trực thuộc", "", ""],              # 5: duplicate code
        ["A4", "Chi bộ A4", "Chi bộ trực thuộc", "KH", ""],                # 6: parent outside scope
        ["A5", "Đảng bộ A5", "Đảng bộ cơ sở", "", ""],                     # 7: not under a đảng bộ cơ sở
        ["A6", "Chi bộ A6", "Tổ đảng", "", ""],                            # 8: unknown kind
        ["A7", "Chi bộ A7", "Chi bộ trực thuộc", "", "31/02/2020"],        # 9: bad date
        ["TN-VP", "Chi bộ Văn phòng", "Đảng bộ bộ phận", "", ""],          # 10: kind differs from the register
        ["A8", "Chi bộ A8", "Chi bộ trực thuộc", "A9", ""],                # 11: parent row with an error
        ["A9", "", "Đảng bộ bộ phận", "", ""],                             # 12: no name
        ["KH", "Đảng bộ Khác", "Đảng bộ cơ sở", "", ""],                   # 13: existing code, other subtree
    ], tree.root, users.office)
    e = errors(pv)
    assert "Không tìm thấy tổ chức cấp trên mã «KHONGCO»" in e[(2, "Mã tổ chức cấp trên")]
    assert "Không thể đặt chi bộ trực thuộc trực thuộc «Chi bộ Văn phòng»" in e[(3, "Loại tổ chức")]
    assert "Trùng mã tổ chức «A3» với dòng 4" in e[(5, "Mã tổ chức")]
    assert "ngoài phạm vi" in e[(6, "Mã tổ chức cấp trên")]
    assert "đảng bộ cơ sở" in e[(7, "Loại tổ chức")]
    assert "Tổ đảng" in e[(8, "Loại tổ chức")]
    assert (9, "Ngày thành lập") in e
    assert "loại tổ chức không đổi" in e[(10, "Loại tổ chức")]
    assert "dòng 12" in e[(11, "Mã tổ chức cấp trên")]
    assert (12, "Tên tổ chức") in e
    assert "ngoài phạm vi" in e[(13, "Mã tổ chức")]
    assert pv.counts["created"] == 1 and pv.counts["errors"] == 11  # only A3 (row 4)
    assert [d.row for d in pv.duplicates] == [5]
    summary = pv.summary()
    assert summary["errors"][0][0] == 2 and summary["create"][0]["code"] == "A3"


def test_secretary_cannot_import_into_their_cell(tmp_path, tree, users):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        preview(tmp_path, [["A1", "Chi bộ A1", "Chi bộ", "", ""]], tree.root, users.secretary)
    pv = preview(tmp_path, [["A1", "Tổ A1", "Chi bộ trực thuộc", "", ""]], tree.a, users.secretary)
    assert "Không thể đặt" in pv.errors[0].message


def test_legacy_names_converted(tmp_path, tree, users):
    name = encode("Chi bộ Đồng Tiến", "tcvn3")
    pv = preview(tmp_path, [["DT", name, "Chi bộ", "", ""], ["DT2", encode("Chi bộ Hưng Thịnh", "tcvn3"),
                                                                "Chi bộ", "", ""]], tree.root, users.office)
    assert pv.rows[0].data["name"] == "Chi bộ Đồng Tiến" and len(pv.conversions) == 2


def test_all_or_nothing(tmp_path, tree, users, monkeypatch):
    pv = preview(tmp_path, [["KT", "Đảng bộ bộ phận Kinh tế", "Đảng bộ bộ phận", "", ""],
                            ["KT-1", "Chi bộ Kinh tế 1", "Chi bộ", "KT", ""],
                            ["TN-VP", "Chi bộ Văn phòng mới", "Chi bộ", "", ""]], tree.root, users.office)
    assert pv.writable == 3
    # another user takes the code KT-1 between the preview and the commit: nothing is written
    from dangbo.organizations.actions import found_organization

    found_organization(None, code="KT-1", name="Chi bộ chen ngang", kind=OrgKind.CELL, parent=tree.b.parent)
    before = Organization.objects.count()
    with pytest.raises(ValidationError, match="Dòng 3"):
        commit_organizations(pv, users.office)
    assert Organization.objects.count() == before and not Organization.objects.filter(code="KT").exists()
    tree.a.refresh_from_db()
    assert tree.a.name == "Chi bộ Văn phòng"
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.FAILED and "không có dòng nào được ghi" in batch.message


def test_round_trip_with_the_export(tmp_path, tree, users):
    from dangbo.organizations.actions import found_organization

    kt = found_organization(None, code="KT", name="Đảng bộ bộ phận Kinh tế", kind=OrgKind.PARTIAL_COMMITTEE,
                            parent=tree.root, founded_on=date(2018, 1, 2))
    found_organization(None, code="KT-1", name="Chi bộ =Kinh tế 1", kind=OrgKind.CELL, parent=kt)
    for fmt in ("xlsx", "csv"):
        out = io.BytesIO()
        export_organizations(scope_for(users.office), fmt, out, actor=users.office, org=tree.root)
        table = read_table(out.getvalue(), f"to-chuc.{fmt}")
        pv = preview_organizations(table, actor=users.office, target_org=tree.root)
        assert not pv.fatal and not pv.unknown_headers, (pv.fatal, pv.unknown_headers)
        assert pv.counts["unchanged"] == 5 and pv.counts["total"] == 5, (fmt, pv.errors)
        assert not any(r.warnings for r in pv.rows)


def test_upload_preview_commit(tmp_path, tree, users, as_office):
    path = write_xlsx(tmp_path / "tc.xlsx", [["KT-1", "Chi bộ Kinh tế 1", "Chi bộ", "KT", ""],
                                             ["KT", "Đảng bộ bộ phận Kinh tế", "Đảng bộ bộ phận", "", ""],
                                             ["TN-VP", "Chi bộ Văn phòng 2", "Chi bộ", "", ""],
                                             ["X", "", "Chi bộ", "", ""]])
    page = as_office.get("/nhap/tai-len/").content.decode()
    assert "Danh sách tổ chức đảng" in page
    f = SimpleUploadedFile(path.name, path.read_bytes())
    resp = as_office.post("/nhap/tai-len/", {"file": f, "organization": tree.root.pk, "kind": "organizations"})
    batch = ImportBatch.objects.get()
    assert resp.status_code == 302 and batch.status == ImportStatus.PREVIEWED, batch.message
    assert batch.kind == ImportKind.ORGANIZATIONS and (batch.created_count, batch.updated_count) == (2, 1)
    page = as_office.get(f"/nhap/{batch.pk}/").content.decode()
    for text in ("Mã tổ chức cấp trên", "Đảng bộ bộ phận Kinh tế", "Chi bộ Văn phòng 2", "Chưa có tên tổ chức"):
        assert text in page, text
    assert not Organization.objects.filter(code="KT").exists()
    resp = as_office.post(f"/nhap/{batch.pk}/ghi-vao-so/")
    assert resp.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportStatus.COMMITTED, batch.message
    assert Organization.objects.get(code="KT-1").parent.code == "KT"
    assert Organization.objects.get(code="TN-VP").name == "Chi bộ Văn phòng 2"


def test_mapping_step_offers_organisation_columns(tmp_path, tree, users, as_office):
    path = write_xlsx(tmp_path / "m.xlsx", [["KT", "Đảng bộ bộ phận Kinh tế", "Đảng bộ bộ phận", "", ""]],
                      headers=["STT", "Ký hiệu", "Tên tổ chức", "Loại tổ chức", "Mã tổ chức cấp trên", "Ghi chép"])
    f = SimpleUploadedFile(path.name, path.read_bytes())
    as_office.post("/nhap/tai-len/", {"file": f, "organization": tree.root.pk, "kind": "organizations"})
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.MAPPING
    page = as_office.get(f"/nhap/{batch.pk}/").content.decode()
    assert "Mã tổ chức" in page and "Ký hiệu" in page
    as_office.post(f"/nhap/{batch.pk}/ghep-cot/", {"map_1": "code", "map_5": ""})
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEWED and batch.created_count == 1, batch.preview


def test_cli(tmp_path, tree, users, capsys):
    good = write_xlsx(tmp_path / "g.xlsx", [["KT", "Đảng bộ bộ phận Kinh tế", "Đảng bộ bộ phận", "", ""],
                                            ["KT-1", "Chi bộ Kinh tế 1", "Chi bộ", "KT", ""]])
    args = ["import", "organizations", str(good), "--org", "TN", "--user", "vanphong"]
    assert main([*args, "--dry-run", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["counts"]["created"] == 2 and out["committed"] is False
    assert not Organization.objects.filter(code="KT").exists()
    assert main(args) == 0
    assert "2 tổ chức đảng thành lập mới" in capsys.readouterr().out
    assert Organization.objects.get(code="KT-1").parent.code == "KT"
    assert main([*args, "--json"]) == 0  # again: all unchanged, nothing to write
    assert json.loads(capsys.readouterr().out)["counts"]["unchanged"] == 2
    bad = write_xlsx(tmp_path / "b.xlsx", [["Z", "Chi bộ Z", "Chi bộ", "KHONGCO", ""]])
    assert main(["import", "organizations", str(bad), "--org", "TN"]) == 1
    assert "Lỗi dòng 2, cột «Mã tổ chức cấp trên»" in capsys.readouterr().out
    assert main(["import", "organizations", str(good), "--org", "TN", "--user", "bithu_a"]) == 1  # scope
    members_file = write_xlsx(tmp_path / "m.xlsx", [["Phạm Văn Bình", "15/04/1985"]],
                              headers=["STT", "Họ và tên", "Ngày sinh"])
    assert main(["import", "organizations", str(members_file), "--org", "TN"]) == 1  # missing columns


def test_module_reuses_the_member_structures():
    from dangbo.exchange.kinds import members as importer

    assert issubclass(org_importer.OrgPreview, importer.Preview)
    assert org_importer.RowResult is importer.RowResult and org_importer.CommitResult is importer.CommitResult


def test_import_and_export_stay_vietnamese_on_an_english_page(tmp_path, tree, users):
    """Kind labels are lazy (English on an English page); the importer matches, stores and writes Vietnamese."""
    from django.utils import translation

    with translation.override("en"):
        assert str(OrgKind.CELL.label) == "Subordinate cell"
        pv = preview(tmp_path, [["KT-1", "Chi bộ Kinh tế 1", "Chi bộ trực thuộc", "KT", ""],
                                ["KT", "Đảng bộ bộ phận Kinh tế", "Đảng bộ bộ phận", "", ""],
                                ["KT-2", "Chi bộ Kinh tế 2", "Subordinate cell", "KT", ""]], tree.root, users.office)
        assert pv.counts["created"] == 2 and pv.counts["errors"] == 1
        message = errors(pv)[(4, "Loại tổ chức")]
        assert "Loại tổ chức «Subordinate cell» không hợp lệ" in message and "«Chi bộ trực thuộc»" in message
        result = commit_organizations(pv, users.office)
        batch = ImportBatch.objects.get(pk=result.batch_id)
        out = io.BytesIO()
        export_organizations(scope_for(users.office), "csv", out, actor=users.office, org=tree.root)
    assert Organization.objects.get(code="KT-1").kind == OrgKind.CELL
    stored = json.dumps(ImportBatch.objects.get(pk=batch.pk).preview, ensure_ascii=False)
    assert "Đảng bộ bộ phận" in stored and "Partial party committee" not in stored
    exported = out.getvalue().decode("utf-8-sig")
    assert "Chi bộ trực thuộc" in exported and "Subordinate cell" not in exported
