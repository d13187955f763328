"""The year-end report reads the pipeline through reports.sources (admission.queries.pipeline_figures): «kết nạp
mới N đảng viên» stays the register's admissions (the pipeline's and any other), and the pipeline adds «đang bồi
dưỡng, xem xét N quần chúng»; without the pipeline's answer the report says the list is missing, never 0."""

import io
from datetime import date

import pytest
from docx import Document

from dangbo.admission import actions, queries
from dangbo.core.scopes import scope_for
from dangbo.members.models import MemberEvent
from dangbo.reports import data as report_data
from dangbo.reports import news, render, sources

from .conftest import complete_dossier

pytestmark = pytest.mark.django_db
MADE = date(2026, 1, 10)


@pytest.fixture
def year_2025(tree, members, users, candidate, make_member):
    """Trang admitted through the pipeline (June 2025), Bình still in it; Hà admitted outside it (an import)."""
    complete_dossier(users.secretary, candidate, [members.men, members.lan])
    actions.record_branch_resolution(users.secretary, candidate, on=date(2025, 5, 5), votes_for=2,
                                     official_members=2, document="05-NQ/CB")
    actions.record_committee_resolution(users.office, candidate, on=date(2025, 5, 20), document="12-NQ/ĐU")
    actions.decide_admission(users.office, candidate, on=date(2025, 6, 2), document="77-QĐ/ĐU")
    actions.propose_candidate(users.secretary_b, organization=tree.b, full_name="Lê Văn Bình",
                              birth_date=date(1998, 1, 5), gender="M", education_grade=12,
                              proposed_by="Công đoàn cơ sở", proposed_on=date(2025, 9, 1))
    make_member(tree.b, "Ngô Thị Hà", official=False, decision_date=date(2025, 10, 2))


def test_the_admission_sentence_reads_the_register_and_the_pipeline(tree, users, year_2025):
    scope = scope_for(users.office)
    data = report_data.build(scope, tree.root, 2025, made_on=MADE)
    register = MemberEvent.objects.filter(kind="admission", effective_date__year=2025,
                                          org_after__path__startswith=tree.root.path).count()
    pipeline = queries.pipeline_figures(scope, tree.root.path, 2025)
    assert register == 2 and pipeline["admitted_this_year"] == 1 and pipeline["in_pipeline"] == 1
    assert data["members"]["movements"]["admission"] == register
    assert {k: v for k, v in data["admission"].items() if k not in ("source", "url")} == pipeline
    line = render.admission_line(data)
    assert line == ("Công tác phát triển đảng viên: năm 2025 kết nạp mới 2 đảng viên; đang bồi dưỡng, xem xét 1 "
                    "quần chúng (đến ngày lập báo cáo).")
    assert "kết nạp mới 2 đảng viên" in render.movements_line(data)
    out = io.BytesIO()
    render.render_docx(data, out, made_on=MADE)
    paragraphs = [p.text for p in Document(io.BytesIO(out.getvalue())).paragraphs]
    assert paragraphs[paragraphs.index(render.movements_line(data)) + 1] == line
    assert "kết nạp 2 đảng viên mới, công nhận 0 đảng viên chính thức; đang bồi dưỡng, xem xét 1 quần chúng." in \
        news.news_text(data, MADE)
    # The secretary of chi bộ B reads chi bộ B's pipeline only.
    cell = report_data.build(scope_for(users.secretary_b), tree.b, 2025, made_on=MADE)
    assert (cell["admission"]["in_pipeline"], cell["admission"]["admitted_this_year"]) == (1, 0)
    assert cell["members"]["movements"]["admission"] == 1


def test_without_the_pipeline_the_list_is_missing_not_zero(tree, users, year_2025, monkeypatch):
    monkeypatch.setattr(sources, "ADMISSION", "dangbo.no_such_app.queries")
    data = report_data.build(scope_for(users.office), tree.root, 2025, made_on=MADE)
    assert data["admission"] == {"missing": "chưa có dữ liệu phát triển đảng viên năm 2025"}
    assert render.admission_line(data) == ("Phát triển đảng viên: kết nạp mới 2 đảng viên; danh sách quần chúng: "
                                           "chưa có dữ liệu phát triển đảng viên năm 2025.")
    assert "quần chúng" not in news.news_text(data, MADE)
