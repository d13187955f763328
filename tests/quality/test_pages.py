"""The data-quality page, `dangbo quality` and the export in the CSDL đảng viên's column layout: scope, filter,
keyset paging, columns, audit."""

import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from dangbo.core.models import AuditEvent
from dangbo.members.models import Member
from dangbo.quality import exports, views
from dangbo.rules.quality import KINDS

pytestmark = pytest.mark.django_db
URL = "/chat-luong-du-lieu/"


@pytest.fixture
def defects(tree, members):
    """Members of both chi bộ without a CCCD, and one of A without a hometown: findings of two kinds."""
    Member.objects.update(hometown="xã Đại Lộc, tỉnh Quảng Nam", residence="phường Hội An, thành phố Đà Nẵng")
    Member.objects.filter(pk__in=[members.men.pk, members.dung.pk, members.lan.pk]).update(citizen_id=None)
    Member.objects.filter(pk=members.men.pk).update(hometown="")
    return members


def test_the_office_sees_counts_and_findings_with_links(as_office, tree, defects):
    resp = as_office.get(URL, {"to_chuc": tree.root.pk})
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "Thiếu số CCCD" in html and f"/dang-vien/{defects.men.pk}/" in html and "Đặng Văn Dũng" in html
    assert f'href="?to_chuc={tree.root.pk}&amp;loai=missing_citizen_id"' in html


def test_filter_by_kind(as_office, tree, defects):
    html = as_office.get(URL, {"to_chuc": tree.root.pk, "loai": "record_incomplete"}).content.decode()
    findings = html.split('id="quality-findings"')[1]
    assert "Nguyễn Văn Mến" in findings and "Đặng Văn Dũng" not in findings


def test_an_unknown_kind_is_a_message_not_an_error(as_office, tree, defects):
    resp = as_office.get(URL, {"to_chuc": tree.root.pk, "loai": "khong-co"})
    html = resp.content.decode()
    assert resp.status_code == 200 and "Loại phát hiện" in html and "alert-danger" in html
    assert "Đặng Văn Dũng" not in html.split('id="quality-findings"')[1]


def test_keyset_pages_run_across_kinds_without_gaps_or_repeats(as_office, tree, defects, monkeypatch):
    monkeypatch.setattr(views.FindingList, "page_size", 2)
    seen, query = [], f"to_chuc={tree.root.pk}"
    for _ in range(10):
        resp = as_office.get(f"{URL}?{query}")
        page = resp.context["page"]
        seen += [(i.kind, i.member_id) for i in page.rows]
        if not page.next_query:
            break
        query = page.next_query
    order = [k.code for k in KINDS]
    expected = {("missing_citizen_id", m.pk) for m in (defects.men, defects.dung, defects.lan)}
    expected |= {("record_incomplete", defects.men.pk), ("citizen_id_mismatch", defects.hoa.pk),
                 ("probation_overdue", defects.hoa.pk)}  # dự bị since 2024
    assert len(seen) == len(set(seen)) and set(seen) == expected  # 6 rows on 3 pages
    assert [k for k, _ in seen] == sorted((k for k, _ in seen), key=order.index)
    assert resp.context["page"].start == 5  # the numbering runs on (STT)


def test_a_secretary_sees_only_their_chi_bo(client_as, tree, defects):
    sec = client_as("secretary")
    html = sec.get(URL).content.decode()
    assert "Nguyễn Văn Mến" in html and "Đặng Văn Dũng" not in html
    assert sec.get(URL, {"to_chuc": tree.b.pk}).status_code == 404
    assert sec.get(URL, {"to_chuc": tree.root.pk}).status_code == 404


def test_a_member_has_no_organisation_to_check(client_as, defects):
    resp = client_as("member").get(URL)
    assert resp.status_code == 200 and "Nguyễn Văn Mến" not in resp.content.decode()


def test_cli_json_and_text(run, run_json, tree, defects):
    code, data, _ = run_json("quality", "--org", tree.root.code)
    assert code == 0 and data["organization"]["code"] == tree.root.code
    counts = {c["kind"]: c["count"] for c in data["counts"]}
    assert counts["missing_citizen_id"] == 3 and counts["record_incomplete"] == 1
    assert data["total"] == sum(counts.values())
    assert {i["member_id"] for i in data["items"] if i["kind"] == "missing_citizen_id"} == {
        defects.men.pk, defects.dung.pk, defects.lan.pk}
    code, data, _ = run_json("quality", "--org", tree.a.code, "--kind", "record_incomplete", "--limit", "0")
    assert [c["kind"] for c in data["counts"]] == ["record_incomplete"] and data["items"] == []
    code, out, _ = run("quality", "--org", tree.root.code)
    assert code == 0 and "Thiếu số CCCD" in out and "Đặng Văn Dũng" in out


def test_cli_refusals_are_vietnamese(run, tree, users, defects):
    code, _, err = run("quality", "--org", "KHONG-CO")
    assert code != 0 and "Không có tổ chức đảng mã «KHONG-CO»" in err
    code, _, err = run("quality", "--org", tree.root.code, "--kind", "sai")
    assert code != 0 and "Không có loại phát hiện «sai»" in err
    code, out, err = run("quality", "--org", tree.b.code, "--user", users.secretary.username)
    assert code != 0 and "không có quyền" in err and "Đặng Văn Dũng" not in out


def _sheet(content: bytes):
    ws = load_workbook(io.BytesIO(content), read_only=True).active
    rows = list(ws.iter_rows(values_only=True))
    return rows[3], rows[4:]  # title, subtitle, blank, then the header row


def test_export_in_the_csdl_layout_is_scoped_and_audited(as_office, client_as, tree, members):
    resp = as_office.get(f"{URL}csdl-dang-vien.xlsx", {"to_chuc": tree.root.pk})
    assert resp.status_code == 200 and resp["Content-Disposition"].endswith('.xlsx"')
    header, rows = _sheet(resp.content)
    assert list(header) == [c.header for c in exports.COLUMNS]
    assert len(rows) == 4
    names = {r[header.index("Họ và tên đang dùng")] for r in rows}
    assert names == {"Nguyễn Văn Mến", "Trần Thị Lan", "Đặng Văn Dũng", "Lê Thị Hoa"}
    row = next(r for r in rows if r[header.index("Họ và tên đang dùng")] == "Lê Thị Hoa")
    assert row[header.index("Số CCCD")] == members.hoa.citizen_id
    assert row[header.index("Đảng viên chính thức / dự bị")] == "Dự bị"
    event = AuditEvent.objects.filter(action="export.csdl").latest("seq")
    assert event.data["rows"] == 4 and event.data["sensitive"] is True and event.org_path == tree.root.path

    sec = client_as("secretary")
    header, rows = _sheet(sec.get(f"{URL}csdl-dang-vien.xlsx").content)
    assert "Số CCCD" not in header and "Tôn giáo" not in header  # the secretary may not see them
    assert {r[header.index("Họ và tên đang dùng")] for r in rows} == {"Nguyễn Văn Mến", "Trần Thị Lan"}
    assert sec.get(f"{URL}csdl-dang-vien.xlsx", {"to_chuc": tree.b.pk}).status_code == 404


def test_export_leaves_out_members_who_left(as_office, tree, members):
    from dangbo.members.actions import record_event
    from dangbo.members.models import EventKind

    record_event(None, members.dung, EventKind.DEATH, effective_date=date(2024, 5, 1))
    _, rows = _sheet(as_office.get(f"{URL}csdl-dang-vien.xlsx", {"to_chuc": tree.root.pk}).content)
    assert len(rows) == 3


def test_every_export_column_is_documented_with_its_status():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "csdl-export.md").read_text(encoding="utf-8")
    for c in exports.COLUMNS:
        line = next((x for x in doc.splitlines() if x.startswith(f"| {c.header} |")), None)
        assert line is not None, c.header
        assert line.split("|")[2].strip() == ("xác nhận" if c.status == exports.CONFIRMED else "chưa xác nhận")


def test_the_scope_proofs_world_has_findings_in_b(db):
    """Positive control for tests/test_scope_routes.py, which asks this page for chi bộ B (`?to_chuc=`) as A's
    secretary: B has findings the reader sees, so a missing scope check would show B's names there."""
    from django.test import Client

    from tests.api.world import build_world

    w = build_world()
    reader, sec = Client(), Client()
    reader.force_login(w.users["reader"])
    sec.force_login(w.users["secretary_a"])
    html = reader.get(URL, {"to_chuc": w.b.pk}).content.decode()
    assert "Phùng Văn Quỳnh" in html  # dự bị since 2024: probation overdue
    assert sec.get(URL, {"to_chuc": w.b.pk}).status_code == 404
    assert "Phùng Văn Quỳnh" not in sec.get(URL).content.decode()
