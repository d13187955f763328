"""The dues section of the year-end report: read through the dues app's public function, its figures equal to
`dangbo dues report` for the same organisation and year, in the data, the .docx context, the news text and
the API; missing (never 0) for a year without dues."""

import io
import json
from datetime import date

import pytest
from docx import Document

from dangbo.core.scopes import Scope
from dangbo.dues import actions
from dangbo.reports import data as report_data
from dangbo.reports import news, render

pytestmark = pytest.mark.django_db
MADE = date(2027, 1, 10)


@pytest.fixture
def year_2026(tree, members, users):
    actions.set_profile(None, members.men, from_month=date(2025, 1, 1), category="bhxh", base=8_000_000)
    actions.set_profile(None, members.dung, from_month=date(2025, 1, 1), category="student")
    for m in (1, 2, 3):
        month = date(2026, m, 1)
        actions.generate_month(users.office, tree.root, month)
        actions.record_payment(users.office, members.men, month=month, amount=80_000, paid_on=month)
        actions.record_remittance(users.secretary, tree.a, month, remitted_on=date(2026, m, 25))
    actions.record_remittance(users.office, tree.root, date(2026, 1, 1), remitted_on=date(2026, 1, 28))


@pytest.mark.parametrize("which", ["root", "a", "b"])
def test_figures_equal_the_dues_report_command(tree, year_2026, capsys, which):
    from dangbo.cli import main

    org = getattr(tree, which)
    assert main(["dues", "report", "--org", org.code, "--year", "2026", "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    section = report_data.build(Scope(is_admin=True), org, 2026, made_on=MADE)["dues"]
    assert section["totals"] == cli["totals"]
    assert section["discrepancies"] == cli["discrepancies"] and section["regimes"] == cli["regimes"]
    assert f"--org {org.code} --year 2026" in section["source"]


def test_rendered_in_docx_news_and_api(tree, year_2026, as_office, tmp_path):
    data = report_data.build(Scope(is_admin=True), tree.root, 2026, made_on=MADE)
    t = data["dues"]["totals"]
    assert t["collected"] == 240_000 and t["owed"] > t["collected"]
    line = render.dues_line(data)
    assert "thu đảng phí 240.000 đồng" in line and f"nộp lên cấp trên {render.so(t['remitted'])} đồng" in line
    assert "1 tổ chức có số nộp" in line  # the đảng bộ has confirmed none of A's three months
    out = io.BytesIO()
    render.render_docx(data, out, made_on=MADE)
    text = "\n".join(p.text for p in Document(io.BytesIO(out.getvalue())).paragraphs)
    assert line in text
    assert line in news.news_text(data, MADE)
    api = as_office.get(f"/api/reports/year-end/?organization={tree.root.pk}&year=2026").json()
    assert api["dues"]["totals"] == t


def test_missing_for_a_year_without_dues(tree, year_2026):
    data = report_data.build(Scope(is_admin=True), tree.root, 2024, made_on=MADE)
    assert data["dues"] == {"missing": "chưa có dữ liệu sổ thu nộp đảng phí năm 2024"}
    assert render.dues_line(data) == "Đảng phí: chưa có dữ liệu sổ thu nộp đảng phí năm 2024."
    assert "Đảng phí" not in news.news_text(data, MADE)
