"""The year-end report's kiểm tra, giám sát section reads inspection.queries.figures: every figure in its sentence
equals figures() and the inspection list page's figures for the same organisation and year, in the data, the
.docx, the news text, the dashboard and the JSON; a year with nothing says «chưa có dữ liệu»."""

import io
import re
from datetime import date

import pytest
from docx import Document

from dangbo.core.scopes import Scope, scope_for
from dangbo.inspection import actions, queries
from dangbo.reports import data as report_data
from dangbo.reports import news, render

from .conftest import conclude
from .test_actions import open_for

pytestmark = pytest.mark.django_db
MADE = date(2026, 1, 10)


@pytest.fixture
def year_2025(tree, members, users, inspection):
    """Kiểm tra: Mến (signs, concluded with a violation, khiển trách), Dũng, Chi bộ Văn phòng; giám sát:
    Chi bộ Tổng hợp (thematic); one denunciation received and settled, one complaint pending."""
    conclude(users.office, inspection)
    actions.discipline_after(users.office, inspection, member=members.men, form="khien_trach", decider="ubkt",
                             decided_on=date(2025, 4, 20), decision_number="9-QĐ/UBKT")
    open_for(users.office, tree.root, members.dung, basis="thuong_xuyen", decision_number="10-QĐ")
    open_for(users.office, tree.root, None, subject_org=tree.a, subject_member=None, basis="thuong_xuyen",
             decision_number="11-QĐ")
    open_for(users.office, tree.root, None, subject_org=tree.b, subject_member=None, kind="giam_sat",
             basis="chuyen_de", decision_number="12-QĐ")
    c = actions.receive_complaint(users.office, organization=tree.root, body="ubkt", kind="to_cao",
                                  received_on=date(2025, 5, 2), sender="Ông A", member=members.lan, content="Tố cáo")
    actions.settle_complaint(users.office, c, settled_on=date(2025, 6, 2), outcome="sai", result="Không có cơ sở")
    actions.receive_complaint(users.office, organization=tree.root, body="ubkt", kind="to_cao",
                              received_on=date(2025, 7, 2), sender="Bà B", subject_org=tree.b, content="Tố cáo")


def page_figures(client, org, year) -> dict:
    """The list page's figures card, read back from its HTML: {label: [cells]} and the discipline line."""
    html = client.get(f"/kiem-tra/?to_chuc={org.pk}&nam={year}").content.decode()
    card = html[html.index('id="inspection-figures"'):]
    card = card[:card.index("</div></div>")]
    rows = {m[0]: re.findall(r"<td>([^<]*)</td>", m[1]) for m in re.findall(r"<tr><th>([^<]+)</th>(.*?)</tr>", card)}
    return {"rows": rows, "text": re.sub(r"<[^>]+>", "", card)}


def test_the_section_equals_figures_and_the_list_page(tree, users, year_2025, as_office):
    f = queries.figures(scope_for(users.office), tree.root.path, 2025)
    data = report_data.build(scope_for(users.office), tree.root, 2025, made_on=MADE)
    section = data["inspection"]
    assert {k: v for k, v in section.items() if k not in ("source", "url")} == f
    assert section["url"] == f"/kiem-tra/?to_chuc={tree.root.pk}&nam=2025"
    # The figures as built above, so that a wrong query cannot agree with itself.
    assert (f["kiem_tra"]["total"], f["kiem_tra"]["organizations"], f["kiem_tra"]["members"]) == (3, 1, 2)
    assert (f["kiem_tra"]["signs"], f["kiem_tra"]["concluded"], f["kiem_tra"]["with_violations"]) == (1, 1, 1)
    assert (f["giam_sat"]["total"], f["giam_sat"]["organizations"], f["giam_sat"]["thematic"]) == (1, 1, 1)
    assert f["giam_sat"]["members"] == 0  # so the sentence names only the organisation (no «0 đảng viên»)
    assert f["disciplined"]["members"] == 1 and f["to_cao"] == {"label": "Tố cáo", "received": 2, "settled": 1}
    line = render.inspection_line(data)
    k, g = f["kiem_tra"], f["giam_sat"]
    assert line == (
        f"Năm 2025, cấp ủy, Ủy ban Kiểm tra Đảng ủy và các tổ chức đảng trực thuộc đã kiểm tra "
        f"{k['organizations']} tổ chức đảng và {k['members']} đảng viên ({k['total']} cuộc, trong đó {k['signs']} "
        f"cuộc khi có dấu hiệu vi phạm; đã kết luận {k['concluded']} cuộc, {k['with_violations']} cuộc có vi phạm, "
        f"{k['discipline_required']} cuộc phải thi hành kỷ luật); giám sát {g['organizations']} tổ chức đảng "
        f"({g['total']} cuộc, {g['thematic']} cuộc chuyên đề; đã kết luận "
        f"{g['concluded']} cuộc); thi hành kỷ luật {f['disciplined']['members']} đảng viên (khiển trách); tiếp nhận "
        f"tố cáo {f['to_cao']['received']} đơn, đã giải quyết {f['to_cao']['settled']}.")
    # The inspection list page for the same organisation and year shows the same figures.
    page = page_figures(as_office, tree.root, 2025)
    for kind in ("kiem_tra", "giam_sat"):
        x = f[kind]
        assert page["rows"][x["label"]] == [str(x[key]) for key in (
            "total", "organizations", "members", "signs", "concluded", "with_violations", "discipline_required")]
    assert f"Thi hành kỷ luật {f['disciplined']['members']} đảng viên" in page["text"]
    assert f"Tố cáo: nhận {f['to_cao']['received']}, đã giải quyết {f['to_cao']['settled']}" in page["text"]
    # The same sentence in the .docx (its own section), the news text, the dashboard; the figures in the JSON.
    out = io.BytesIO()
    render.render_docx(data, out, made_on=MADE)
    paragraphs = [p.text for p in Document(io.BytesIO(out.getvalue())).paragraphs]
    at = paragraphs.index("IV. CÔNG TÁC KIỂM TRA, GIÁM SÁT VÀ THI HÀNH KỶ LUẬT ĐẢNG")
    assert paragraphs[at + 1] == line
    assert line in news.news_text(data, MADE)
    dash = as_office.get(f"/bao-cao/?to_chuc={tree.root.pk}&nam=2025").content.decode()
    assert line in dash[dash.index('id="report-inspection"'):]
    api = as_office.get(f"/api/reports/year-end/?organization={tree.root.pk}&year=2025").json()
    assert {k: v for k, v in api["inspection"].items() if k not in ("source", "url")} == f


def test_a_cell_sees_its_own_figures_only(tree, users, members, year_2025):
    """The section is scoped: the secretary of chi bộ A reads the inspections decided under chi bộ A (none)."""
    mine = open_for(users.secretary, tree.a, members.lan, decision_number="1-QĐ/CB", basis="thuong_xuyen")
    data = report_data.build(scope_for(users.secretary), tree.a, 2025, made_on=MADE)
    f = queries.figures(scope_for(users.secretary), tree.a.path, 2025)
    assert f["kiem_tra"]["total"] == 1 and mine.org_path == tree.a.path
    assert render.inspection_line(data).startswith(
        "Năm 2025, Chi bộ Văn phòng đã kiểm tra 1 đảng viên (1 cuộc; đã kết luận 0 cuộc); "
        "chưa tiến hành cuộc giám sát nào; không có đảng viên bị thi hành kỷ luật")


def test_a_year_with_nothing_says_so(tree, users, year_2025):
    data = report_data.build(Scope(is_admin=True), tree.root, 2024, made_on=MADE)
    assert data["inspection"] == {"missing": "chưa có dữ liệu kiểm tra, giám sát năm 2024"}
    assert render.inspection_line(data) == "Công tác kiểm tra, giám sát: chưa có dữ liệu kiểm tra, giám sát năm 2024."
    out = io.BytesIO()
    render.render_docx(data, out, made_on=MADE)
    assert render.inspection_line(data) in [p.text for p in Document(io.BytesIO(out.getvalue())).paragraphs]
    assert "kiểm tra, giám sát" not in news.news_text(data, MADE)
