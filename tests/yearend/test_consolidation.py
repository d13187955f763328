"""Upper level consolidation (issue 12): submissions draft → submitted → accepted | returned, frozen figures, the
consolidated report with its coverage (one organisation missing: N−1 of N, named), every total recomputed
independently from each organisation's own `data.build`, the bảng tổng hợp read back through LibreOffice."""

import subprocess
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangbo.core.scopes import Scope, scope_for

pytestmark = pytest.mark.django_db

YEAR = 2024


@pytest.fixture
def bloc(make_org, make_member, make_user):
    """A bloc of three grassroots organisations; each has members and one admission in 2024."""
    from dangbo.organizations.models import OrgKind

    upper = make_org("Đảng bộ Khối Thử nghiệm", OrgKind.UPPER, code="KTN")
    a = make_org("Đảng bộ Sở Xây dựng", OrgKind.GRASSROOTS_COMMITTEE, parent=upper, code="KTN-XD")
    a1 = make_org("Chi bộ Văn phòng Sở", OrgKind.CELL, parent=a, code="KTN-XD-VP")
    b = make_org("Chi bộ Sở Tư pháp", OrgKind.GRASSROOTS_CELL, parent=upper, code="KTN-TP")
    c = make_org("Chi bộ Ban Dân tộc", OrgKind.GRASSROOTS_CELL, parent=upper, code="KTN-DT")
    for i, name in enumerate(("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường")):
        make_member(a1, name, birth_date=date(1980 + i, 5, 17))
    make_member(a1, "Phạm Thị Ngọc Ánh", official=False, decision_date=date(2024, 3, 10))
    make_member(b, "Đặng Văn Dũng")
    make_member(b, "Võ Thị Hoa", official=False, decision_date=date(2024, 6, 2))
    for name in ("Huỳnh Đức Lộc", "Trương Thị Mỹ Duyên", "Lý Văn Tám", "Đoàn Thị Lan", "Mai Văn Sơn"):
        make_member(c, name)
    return SimpleNamespace(
        upper=upper, a=a, b=b, c=c, orgs=[a, b, c],
        office=make_user("office", upper, username="vp_khoi"),
        sec_b=make_user("secretary", b, username="bithu_tp"),
        sec_c=make_user("secretary", c, username="bithu_dt"))


def _submit_and_accept(bloc, *orgs):
    from dangbo.reports import submissions

    subs = []
    for org in orgs:
        sub = submissions.submit(None, organization=org, year=YEAR)
        subs.append(submissions.accept(bloc.office, sub, version=sub.version))
    return subs


def _independent(org, year=YEAR) -> dict:
    """The figures of one organisation from its own data.build, read directly (not through the snapshot)."""
    from dangbo.reports import data

    d = data.build(Scope(is_admin=True), org, year)
    m = d["members"]
    return {"members_end": m["end"]["total"], "official": m["end"]["official"],
            "probationary": m["end"]["probationary"], "members_start": m["start"]["total"],
            "admission": m["movements"]["admission"], "badges": d["badges"]["total"],
            "commendations": d["commendations"]["total"]}


def test_one_missing_organisation_is_named_and_never_counted_as_zero(bloc):
    from dangbo.reports import consolidated

    _submit_and_accept(bloc, bloc.a, bloc.b)
    data = consolidated.build(scope_for(bloc.office), bloc.upper, YEAR)
    cov = data["coverage"]
    assert (cov["expected"], cov["submitted"], cov["counted"]) == (3, 2, 2)
    assert cov["text"] == "2/3 tổ chức cơ sở đã nộp"
    assert [m["name"] for m in cov["missing"]] == ["Chi bộ Ban Dân tộc"]
    assert cov["missing"][0]["state_label"] == "chưa nộp"
    # Every total recomputed from the organisations' own data.build, and the missing one not in it.
    own = [_independent(o) for o in (bloc.a, bloc.b)]
    for key in own[0]:
        assert data["totals"][key] == sum(x[key] for x in own), key
    assert data["totals"]["members_end"] == 6 and data["totals"]["admission"] == 2
    assert _independent(bloc.c)["members_end"] == 5  # would be 11 if the missing one were counted
    text = "\n".join(consolidated.lines(data))
    assert "2/3 tổ chức cơ sở đã nộp" in text
    assert "Chi bộ Ban Dân tộc (chưa nộp)" in text
    assert "có 6 đảng viên (4 chính thức, 2 dự bị)" in text
    row = next(r for r in data["rows"] if r["code"] == "KTN-DT")
    assert row["counted"] is False and row["figures"] == {}


def test_figures_are_frozen_at_submission(bloc, make_member):
    from dangbo.reports import consolidated

    _submit_and_accept(bloc, bloc.a, bloc.b, bloc.c)
    make_member(bloc.b, "Người Vào Sau", official=False, decision_date=date(2024, 12, 1))
    data = consolidated.build(Scope(is_admin=True), bloc.upper, YEAR)
    assert data["coverage"]["text"] == "3/3 tổ chức cơ sở đã nộp" and not data["coverage"]["missing"]
    assert data["totals"]["members_end"] == 11  # not 12: the later admission is not in what was submitted
    assert _independent(bloc.b)["members_end"] == 3


def test_return_with_comment_then_submit_again(bloc):
    from dangbo.core.models import AuditEvent
    from dangbo.reports import consolidated, submissions

    sub = submissions.submit(bloc.sec_b, organization=bloc.b, year=YEAR)
    assert sub.state == "submitted" and sub.figures["figures"]["members_end"] == 2
    with pytest.raises(ValidationError, match="Ghi ý kiến"):
        submissions.return_(bloc.office, sub, comment="  ", version=sub.version)
    sub = submissions.return_(bloc.office, sub, comment="Thiếu số liệu khen thưởng", version=sub.version)
    assert sub.state == "returned"
    for basis in ("accepted", "submitted"):
        data = consolidated.build(Scope(is_admin=True), bloc.upper, YEAR, basis=basis)
        assert "Chi bộ Sở Tư pháp (cấp trên trả lại: Thiếu số liệu khen thưởng)" in consolidated.missing_line(data)
    sub = submissions.submit(bloc.sec_b, organization=bloc.b, year=YEAR, version=sub.version)
    assert (sub.state, sub.times) == ("submitted", 2)
    with pytest.raises(ValidationError, match="không nộp lại được"):
        submissions.submit(bloc.sec_b, organization=bloc.b, year=YEAR)
    waiting = consolidated.build(Scope(is_admin=True), bloc.upper, YEAR)
    assert waiting["coverage"]["counted"] == 0 and waiting["coverage"]["submitted"] == 1
    assert waiting["totals"]["members_end"] is None  # nothing counted: unknown, not 0
    counted = consolidated.build(Scope(is_admin=True), bloc.upper, YEAR, basis="submitted")
    assert counted["coverage"]["counted"] == 1 and counted["totals"]["members_end"] == 2
    kinds = list(AuditEvent.objects.filter(action__startswith="report.sub").values_list("action", flat=True))
    assert kinds.count("report.submit") == 2 and "report.submission_return" in kinds


def test_scopes_the_organisation_submits_the_level_above_decides(bloc):
    from dangbo.reports import consolidated, submissions

    with pytest.raises(PermissionDenied):
        submissions.submit(bloc.sec_b, organization=bloc.c, year=YEAR)
    sub = submissions.submit(bloc.sec_b, organization=bloc.b, year=YEAR)
    with pytest.raises(PermissionDenied, match="Chỉ cấp ủy cấp trên"):
        submissions.accept(bloc.sec_b, sub, version=sub.version)
    with pytest.raises(PermissionDenied):
        submissions.return_(bloc.sec_c, sub, comment="không", version=sub.version)
    with pytest.raises(PermissionDenied):
        consolidated.build(scope_for(bloc.sec_b), bloc.upper, YEAR)
    with pytest.raises(ValidationError, match="không có cấp trên"):
        submissions.submit(None, organization=bloc.upper, year=YEAR)


def test_page_accept_and_return_buttons(bloc, client_as):
    from dangbo.reports import submissions
    from dangbo.reports.models import Submission

    sub = submissions.submit(bloc.sec_b, organization=bloc.b, year=YEAR)
    office = client_as(bloc.office)
    page = office.get("/bao-cao/tong-hop/", {"to_chuc": bloc.upper.pk, "nam": YEAR}).content.decode()
    assert "1/3 tổ chức cơ sở đã nộp" in page and "Chi bộ Ban Dân tộc" in page
    r = office.post(f"/bao-cao/tong-hop/{sub.pk}/tra-lai/", {"comment": "", "version": sub.version})
    assert r.status_code == 302 and Submission.objects.get(pk=sub.pk).state == "submitted"
    r = office.post(f"/bao-cao/tong-hop/{sub.pk}/nhan/", {"version": sub.version})
    assert r.status_code == 302 and Submission.objects.get(pk=sub.pk).state == "accepted"
    secretary = client_as(bloc.sec_c)
    r = secretary.post("/bao-cao/tong-hop/nop/", {"organization": bloc.c.pk, "year": YEAR})
    assert r.status_code == 302 and Submission.objects.get(organization=bloc.c).state == "submitted"
    r = secretary.post("/bao-cao/tong-hop/nop/", {"organization": bloc.a.pk, "year": YEAR})
    assert r.status_code == 404 and not Submission.objects.filter(organization=bloc.a).exists()  # not even read
    own = secretary.get("/bao-cao/tong-hop/", {"to_chuc": bloc.c.pk, "nam": YEAR}).content.decode()
    assert "Đã nộp, chờ cấp trên xem" in own
    assert secretary.get("/bao-cao/tong-hop/bang-tong-hop.xlsx", {"to_chuc": bloc.upper.pk, "nam": YEAR}
                         ).status_code == 404
    x = office.get("/bao-cao/tong-hop/bang-tong-hop.xlsx", {"to_chuc": bloc.upper.pk, "nam": YEAR})
    assert x.status_code == 200 and x.content[:2] == b"PK"
    d = office.get("/bao-cao/tong-hop/bao-cao-tong-hop.docx", {"to_chuc": bloc.upper.pk, "nam": YEAR})
    assert d.status_code == 200 and d.content[:2] == b"PK"


def test_cli_and_api(bloc, run, run_json, tmp_path, client_as):
    _submit_and_accept(bloc, bloc.a, bloc.c)
    out = tmp_path / "tong-hop.docx"
    xlsx = tmp_path / "bang.xlsx"
    code, text, err = run("report", "consolidated", "--org", "KTN", "--year", YEAR, "-o", out, "--xlsx", xlsx)
    assert code == 0, err
    assert "2/3 tổ chức cơ sở đã nộp" in text and out.exists() and xlsx.exists()
    from docx import Document

    body = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "2/3 tổ chức cơ sở đã nộp" in body and "Chi bộ Sở Tư pháp (chưa nộp)" in body
    assert "BÁO CÁO" in body and "T/M ĐẢNG ỦY" in body
    code, data, err = run_json("report", "consolidated", "--org", "KTN", "--year", YEAR)
    assert data["report"]["totals"]["members_end"] == 4 + 5
    code, data, err = run_json("report", "submit", "--org", "KTN-TP", "--year", YEAR)
    assert code == 0 and data["state"] == "submitted"
    api = client_as(bloc.office).get("/api/reports/consolidated/", {"organization": bloc.upper.pk, "year": YEAR,
                                                                     "basis": "submitted"})
    assert api.status_code == 200 and api.json()["coverage"]["counted"] == 3
    bad = client_as(bloc.office).get("/api/reports/consolidated/", {"organization": bloc.upper.pk, "year": YEAR,
                                                                     "basis": "x"})
    assert bad.status_code == 400


def test_xlsx_opens_in_libreoffice(bloc, soffice, tmp_path):
    from openpyxl import load_workbook

    from dangbo.reports import consolidated

    _submit_and_accept(bloc, bloc.a, bloc.b)
    data = consolidated.build(Scope(is_admin=True), bloc.upper, YEAR)
    src = tmp_path / "in" / "bang.xlsx"
    src.parent.mkdir()
    src.write_bytes(consolidated.render_xlsx(data))
    out = tmp_path / "out"
    proc = subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                           "--norestore", "--convert-to", "xlsx", "--outdir", str(out), str(src)],
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    ws = load_workbook(out / "bang.xlsx").active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    head = rows[2]
    col = head.index("Đảng viên cuối năm")
    adm = head.index("Kết nạp")
    by_name = {r[2]: r for r in rows[3:]}
    assert by_name["Đảng bộ Sở Xây dựng"][col] == 4 and by_name["Chi bộ Sở Tư pháp"][col] == 2
    missing = by_name["Chi bộ Ban Dân tộc"]
    assert missing[col] is None and "chưa nộp" in missing[-1]
    total = next(r for r in rows if r[2] and str(r[2]).startswith("Tổng cộng"))
    assert "2/3" in total[2] and total[col] == 6 and total[adm] == 2
    assert "2/3 tổ chức cơ sở đã nộp" in rows[1][0]


def test_an_organisation_moved_after_the_year_reports_that_year_where_it_stood(bloc, make_org):
    from dangbo.organizations.actions import move_organization
    from dangbo.organizations.models import OrgKind
    from dangbo.reports import submissions

    other = make_org("Đảng bộ UBND tỉnh thử", OrgKind.UPPER, code="UBT", founded_on=date(2025, 7, 1))
    move_organization(None, bloc.c, other, effective_date=date(2025, 7, 1), decision_number="1520-QĐ/TU",
                      decision_date=date(2025, 6, 27), issuer="Ban Thường vụ Tỉnh ủy")
    assert [o.code for o in submissions.expected(bloc.upper, YEAR)] == ["KTN-XD", "KTN-TP", "KTN-DT"]
    assert [o.code for o in submissions.expected(bloc.upper, 2025)] == ["KTN-XD", "KTN-TP"]
    assert [o.code for o in submissions.expected(other, 2025)] == ["KTN-DT"]
    bloc.c.refresh_from_db()
    assert submissions.submit(None, organization=bloc.c, year=YEAR).upper == bloc.upper
    assert submissions.submit(None, organization=bloc.c, year=2025).upper == other
