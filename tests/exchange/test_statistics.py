"""Yearly statistics: every figure of a small tree with known movements in 2025, checked exactly.

The tree (built with the actions, actor=None):

    Đảng bộ Thống kê (ST, đảng bộ cơ sở)
      Chi bộ A (ST-A)         Chi bộ B (ST-B)
    Chi bộ Ngoài (NG, chi bộ cơ sở outside ST)

On 31/12/2024, inside ST: A = a1 a2 a3 a4 a5 (official) + p1 (probationary); B = b1 b2 b3 b4 (official)
+ p3 (probationary). b5 was removed in 2024. x1 is in NG.
During 2025: p2 admitted into B; x1 transferred NG -> A (in); a3 transferred A -> B (inside ST: neither in
nor out of ST, but out of A); b1 transferred B -> NG (out); a5 transferred out of the system; b2 died;
b4 expelled; b3 removed; p3 removed while probationary; a4 resigned; p1 recognised official.
In 2026 a1 died (must not change the 2025 figures).
"""

import io
from datetime import date
from types import SimpleNamespace

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from python_calamine import CalamineWorkbook

from dangbo.core.models import AuditEvent
from dangbo.core.scopes import Scope, scope_for
from dangbo.exchange import statistics
from dangbo.members.actions import record_event
from dangbo.organizations.models import Organization, OrgKind
from dangbo.organizations.queries import counts_as_of

pytestmark = pytest.mark.django_db

ADMIN = Scope(is_admin=True)


@pytest.fixture
def world(make_org, make_member):
    root = make_org("Đảng bộ Thống kê", OrgKind.GRASSROOTS_COMMITTEE, code="ST")
    a = make_org("Chi bộ A", OrgKind.CELL, parent=root, code="ST-A")
    b = make_org("Chi bộ B", OrgKind.CELL, parent=root, code="ST-B")
    ng = make_org("Chi bộ Ngoài", OrgKind.GRASSROOTS_CELL, code="NG")
    m = SimpleNamespace(root=root, a=a, b=b, ng=ng)
    m.a1 = make_member(a, "Nguyễn Văn Một", birth_date=date(1960, 1, 15), decision_date=date(1980, 6, 1),
                       political_theory="cao_cap", education="10/10")
    m.a2 = make_member(a, "Trần Thị Hai", birth_date=date(1990, 7, 1), decision_date=date(2015, 5, 4),
                       political_theory="trung_cap", ethnicity="Tày")
    m.a3 = make_member(a, "Lê Văn Ba", birth_date=date(1985, 3, 3), decision_date=date(2010, 3, 2))
    m.a4 = make_member(a, "Bùi Thị Tám", birth_date=date(1980, 1, 1))
    m.a5 = make_member(a, "Ngô Văn Chín", birth_date=date(1981, 1, 1))
    m.b1 = make_member(b, "Phạm Văn Bốn", birth_date=date(1975, 12, 31), decision_date=date(2000, 1, 10))
    m.b2 = make_member(b, "Hoàng Thị Năm", birth_date=date(1970, 2, 2), decision_date=date(1995, 2, 2))
    m.b3 = make_member(b, "Vũ Văn Sáu", birth_date=date(1982, 2, 2), decision_date=date(2005, 2, 2))
    m.b4 = make_member(b, "Đỗ Văn Bảy", birth_date=date(1983, 2, 2), decision_date=date(2006, 2, 2))
    m.b5 = make_member(b, "Cao Văn Xóa", birth_date=date(1984, 2, 2))
    m.x1 = make_member(ng, "Đinh Văn Mười", birth_date=date(1994, 12, 31), decision_date=date(2015, 12, 31),
                       religion="Phật giáo")
    m.p1 = make_member(a, "Lý Thị Mười Một", birth_date=date(1995, 12, 31), official=False,
                       decision_date=date(2024, 2, 1), ceremony_date=date(2024, 2, 15))
    m.p3 = make_member(b, "Hồ Văn Dự", birth_date=date(1999, 9, 9), official=False,
                       decision_date=date(2024, 6, 1), ceremony_date=date(2024, 6, 10))
    record_event(None, m.b5, "removal", effective_date=date(2024, 5, 1))
    # 2025
    m.p2 = make_member(b, "Mai Văn Mười Hai", birth_date=date(2000, 5, 5), official=False,
                       decision_date=date(2025, 3, 10), ceremony_date=date(2025, 3, 20))
    record_event(None, m.p1, "recognition")  # effective 15/02/2025 (end of 12 months' probation)
    record_event(None, m.p3, "removal", effective_date=date(2025, 3, 1))
    record_event(None, m.a3, "transfer", effective_date=date(2025, 4, 1), to_organization=b)
    record_event(None, m.x1, "transfer", effective_date=date(2025, 5, 1), to_organization=a)
    record_event(None, m.b1, "transfer", effective_date=date(2025, 6, 1), to_organization=ng)
    record_event(None, m.a5, "transfer_out", effective_date=date(2025, 7, 1), external_place="Tỉnh khác")
    record_event(None, m.b2, "death", effective_date=date(2025, 8, 1))
    record_event(None, m.b4, "expulsion", effective_date=date(2025, 9, 1))
    record_event(None, m.b3, "removal", effective_date=date(2025, 10, 1))
    record_event(None, m.a4, "resignation", effective_date=date(2025, 12, 31))
    # 2026: after the reference date
    record_event(None, m.a1, "death", effective_date=date(2026, 1, 10))
    return m


def rows(b) -> dict[str, tuple[int, int]]:
    return {r.label: (r.official, r.probationary) for r in b.rows}


def test_totals_and_movements_of_the_dang_bo(world):
    s = statistics.year_statistics(ADMIN, 2025, world.root)
    assert (s.start.official, s.start.probationary) == (9, 2)
    assert (s.end.official, s.end.probationary) == (5, 1)
    mv = {m.key: m.count for m in s.movements}
    assert mv == {
        "admission": 1, "readmission": 0, "transfer_in": 1, "transfer_in_outside": 0,
        "death": 1, "expulsion": 1, "removal": 2, "removal_probationary": 1, "resignation": 1,
        "transfer_out": 2, "transfer_out_outside": 1, "recognition": 1,
        "reorganization_in": 0, "reorganization_out": 0,
    }
    # a3 moved A -> B inside the đảng bộ: neither in nor out of it
    assert s.increases == 2 and s.decreases == 7
    assert s.balanced and s.start.total + s.increases - s.decreases == s.end.total == 6


def test_per_organisation_as_of_31_12(world):
    s = statistics.year_statistics(ADMIN, 2025, world.root)
    by_code = {o.code: o for o in s.organizations}
    assert list(by_code) == ["ST", "ST-A", "ST-B"]
    assert (by_code["ST-A"].official, by_code["ST-A"].probationary) == (4, 0)  # a1 a2 x1 p1
    assert (by_code["ST-B"].official, by_code["ST-B"].probationary) == (1, 1)  # a3, p2
    st = by_code["ST"]
    assert (st.official, st.probationary, st.sub_official, st.sub_probationary, st.sub_total) == (0, 0, 5, 1, 6)
    assert by_code["ST-A"].level == 1 and st.level == 0
    # the same figures as the "đảng số theo ngày" page
    as_of = counts_as_of([world.root, world.a, world.b], date(2025, 12, 31))
    assert (as_of[world.a.pk].official, as_of[world.a.pk].probationary) == (4, 0)
    assert (as_of[world.root.pk].official, as_of[world.root.pk].probationary) == (5, 1)


def test_an_ended_organisation_is_listed_only_while_members_were_on_its_roll(world, make_org):
    """A chi bộ ended by 31/12 is left out of the table, unless members were still on its roll that day (an end
    recorded before the members were moved): those members are counted somewhere."""
    for code, ended in (("ST-C", date(2025, 6, 30)), ("ST-D", date(2026, 3, 1))):
        make_org(f"Chi bộ {code}", OrgKind.CELL, parent=world.root, code=code)
        Organization.objects.filter(code=code).update(ended_on=ended)
    Organization.objects.filter(pk=world.b.pk).update(ended_on=date(2025, 11, 30))  # a3 and p2 still on it
    codes = [o.code for o in statistics.year_statistics(ADMIN, 2025, world.root).organizations]
    assert codes == ["ST", "ST-A", "ST-B", "ST-D"]


def test_breakdowns(world):
    s = statistics.year_statistics(ADMIN, 2025, world.root)
    assert rows(s.breakdown("gender")) == {"Nam": (3, 1), "Nữ": (2, 0)}
    assert rows(s.breakdown("ethnicity")) == {"Kinh": (4, 1), "Tày": (1, 0)}
    assert rows(s.breakdown("religion")) == {"Không": (4, 1), "Phật giáo": (1, 0)}
    # Age on 31/12/2025: p1 exactly 30, x1 exactly 31, p2 25, a2 35, a3 40, a1 65.
    assert rows(s.breakdown("age")) == {
        "18–30": (1, 1), "31–35": (2, 0), "36–40": (1, 0), "41–45": (0, 0), "46–50": (0, 0),
        "51–55": (0, 0), "56–60": (0, 0), "Trên 60": (1, 0)}
    assert rows(s.breakdown("education")) == {"12/12": (4, 1), "10/10": (1, 0)}
    assert rows(s.breakdown("political_theory")) == {
        "Cử nhân": (0, 0), "Cao cấp": (1, 0), "Trung cấp": (1, 0), "Sơ cấp": (0, 0), "Chưa qua đào tạo": (3, 1)}
    # Party age on 31/12/2025 (official only): p1 1 year; a2 10 (04/5/2015), x1 exactly 10 (31/12/2015),
    # a3 15; a1 45.
    assert rows(s.breakdown("party_age")) == {
        "Dưới 10 năm": (1, 0), "Từ 10 đến 19 năm": (3, 0), "Từ 20 đến 29 năm": (0, 0), "Từ 30 đến 39 năm": (0, 0),
        "Từ 40 đến 49 năm": (1, 0), "Từ 50 năm trở lên": (0, 0), statistics.PROBATIONARY_ROW: (0, 1)}
    for b in s.breakdowns:
        assert b.sum.total == s.end.total, b.key


def test_chi_bo_view_counts_moves_between_chi_bo_as_in_and_out(world):
    s = statistics.year_statistics(ADMIN, 2025, world.a)
    assert (s.start.official, s.start.probationary) == (5, 1)
    assert (s.end.official, s.end.probationary) == (4, 0)
    assert s.movement("transfer_in") == 1  # x1 from NG
    assert s.movement("transfer_out") == 2  # a3 to B (another chi bộ), a5 out of the system
    assert s.movement("resignation") == 1 and s.movement("recognition") == 1
    assert s.balanced
    s = statistics.year_statistics(ADMIN, 2025, world.b)
    assert s.movement("transfer_in") == 1 and s.movement("transfer_out") == 1 and s.balanced


def test_whole_register_and_other_years(world):
    s = statistics.year_statistics(ADMIN, 2025)
    # the whole system: NG had x1 then b1; transfers between organisations are not movements
    assert s.movement("transfer_in") == 0 and s.movement("transfer_out") == 1  # only a5 (out of the system)
    assert s.end.total == 7 and s.balanced
    s24 = statistics.year_statistics(ADMIN, 2024, world.root)
    assert s24.movement("removal") == 1 and s24.movement("admission") == 2 and s24.balanced
    assert s24.end.total == statistics.year_statistics(ADMIN, 2025, world.root).start.total
    # As of the end of the current year the figures are the organisations' live counters.
    now = statistics.year_statistics(ADMIN, 2026, world.root)
    for o in now.organizations:
        org = Organization.objects.get(code=o.code)
        assert (o.official, o.probationary) == (org.official_count, org.probationary_count), o.code
    assert now.movement("death") == 1 and now.balanced


def test_scope_and_sensitive_religion(world, make_user):
    secretary = make_user("secretary", world.a)
    scope = scope_for(secretary)
    s = statistics.year_statistics(scope, 2025, world.a)
    assert s.end.total == 4
    assert s.breakdown("religion").hidden and s.breakdown("religion").rows == []
    with pytest.raises(PermissionDenied):
        statistics.year_statistics(scope, 2025, world.b)
    with pytest.raises(PermissionDenied):
        statistics.year_statistics(scope, 2025, None)
    office = scope_for(make_user("office", world.root))
    assert not statistics.year_statistics(office, 2025, world.a).breakdown("religion").hidden
    reader = scope_for(make_user("reader", world.root))
    assert statistics.year_statistics(reader, 2025, world.root).breakdown("religion").hidden


def test_xlsx_rendering_holds_every_figure(world):
    out = io.BytesIO()
    s = statistics.export_statistics(ADMIN, 2025, world.root, out, actor=None, prepared_by="Nguyễn Văn Lập")
    wb = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    assert wb.sheetnames == ["Tăng giảm", "Theo tổ chức", "Giới tính", "Dân tộc", "Tôn giáo", "Độ tuổi",
                             "Giáo dục phổ thông", "Lý luận chính trị", "Tuổi đảng"]
    for ws in wb.worksheets:
        assert ws["A1"].value == "Thống kê đảng viên đến ngày 31/12/2025"
        assert ws["A2"].value == "Tổ chức: Đảng bộ Thống kê"
        values = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
        assert "Người lập biểu" in values and "Nguyễn Văn Lập" in values
    moves = {r[0].strip(): r[1] for r in wb["Tăng giảm"].iter_rows(min_row=6, values_only=True) if r[0]}
    assert moves["A. Đảng viên đầu kỳ (đến 31/12/2024)"] == 11
    assert moves["Kết nạp mới"] == 1 and moves["Chuyển sinh hoạt đến"] == 1 and moves["Chuyển sinh hoạt đi"] == 2
    assert moves["trong đó: đảng viên dự bị"] == 1 and moves["Xóa tên"] == 2
    assert moves["D. Đảng viên cuối kỳ (đến 31/12/2025)"] == 6
    gender = {r[0]: r[1:4] for r in wb["Giới tính"].iter_rows(min_row=6, max_row=8, values_only=True)}
    assert gender == {"Nam": (4, 3, 1), "Nữ": (2, 2, 0), "Cộng": (6, 5, 1)}
    orgs = [r for r in wb["Theo tổ chức"].iter_rows(min_row=6, max_row=8, values_only=True)]
    assert [r[0] for r in orgs] == ["ST", "ST-A", "ST-B"] and orgs[0][6:9] == (5, 1, 6)
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(out.getvalue())).get_sheet_by_name("Độ tuổi").to_python()
    assert [r[0] for r in sheet[5:14]] == ["18–30", "31–35", "36–40", "41–45", "46–50", "51–55", "56–60",
                                           "Trên 60", "Cộng"]
    assert sheet[13][1] == 6
    ev = AuditEvent.objects.filter(action="export.statistics").latest("seq")
    assert ev.data == {"year": 2025, "organization": "ST", "members": s.end.total}


def test_figures_are_sql_aggregates_not_a_loop_over_members(world, django_assert_max_num_queries):
    # 21: one of them reads the closed dates (chốt số liệu, members/closing.py) once for the whole workbook.
    with django_assert_max_num_queries(21):
        statistics.year_statistics(ADMIN, 2025, world.root)


def test_a_closed_year_gives_the_same_workbook(world):
    """Chốt số liệu (members/closing.py): the closed year's figures are read from its table, and are the same."""
    from dataclasses import asdict

    from dangbo.members import closing

    open_figures = asdict(statistics.year_statistics(ADMIN, 2025, world.root))
    for on in (date(2024, 12, 31), date(2025, 12, 31)):
        closing.close_period(None, on)
    assert asdict(statistics.year_statistics(ADMIN, 2025, world.root)) == open_figures
    with closing.history_only():
        assert asdict(statistics.year_statistics(ADMIN, 2025, world.root)) == open_figures
