"""Every dues figure of an organisation and period is the same in every output (CLI text and JSON, the summary
page, its .xlsx, the API, the sổ and the year-end section), and adds up: collected = kept in the subtree (by
level) + remitted to the level above + not yet split. Organisations with nothing in the period stay out of
the reconciliation."""

import io
import json
from datetime import date

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from docx import Document

from dangbo.core.scopes import Scope
from dangbo.dues import actions, queries
from dangbo.dues import report as report_builder
from dangbo.dues.models import Remittance
from dangbo.organizations.models import Organization, OrgKind
from dangbo.reports import data as report_data
from dangbo.reports import render
from tests.dues import on_salary

pytestmark = pytest.mark.django_db
MADE = date(2027, 1, 10)


@pytest.fixture
def year_2025(tree, members, users):
    """Both chi bộ collect January-March 2025 (QĐ 342: a chi bộ trực thuộc keeps 30%) and remit; the đảng bộ
    remits January and February only: March is collected but not yet split at the đảng bộ."""
    actions.set_profile(None, members.men, from_month=date(2024, 1, 1), category="bhxh", base=8_000_000)
    actions.set_profile(None, members.dung, from_month=date(2024, 1, 1), category="bhxh", base=5_000_000)
    for m in (1, 2, 3):
        month = date(2025, m, 1)
        actions.generate_month(users.office, tree.root, month)
        actions.record_payment(users.office, members.men, month=month, amount=80_000, paid_on=month)
        actions.record_payment(users.office, members.dung, month=month, amount=50_000, paid_on=month)
        actions.record_remittance(users.secretary, tree.a, month, remitted_on=date(2025, m, 25))
        actions.record_remittance(users.secretary_b, tree.b, month, remitted_on=date(2025, m, 25))
        if m < 3:
            actions.record_remittance(users.office, tree.root, month, remitted_on=date(2025, m, 28))


def test_year_end_sentence_adds_up_by_level_and_equals_every_output(tree, year_2025, as_office, capsys):
    from dangbo.cli import main

    assert main(["dues", "report", "--org", tree.root.code, "--year", "2025", "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    t = cli["totals"]
    cells = Remittance.objects.filter(organization__in=[tree.a, tree.b])
    own = Remittance.objects.filter(organization=tree.root)
    cells_kept, own_kept = sum(r.kept for r in cells), sum(r.kept for r in own)
    assert t["collected"] == 390_000
    assert t["kept"] == cells_kept + own_kept and t["kept_own"] == own_kept
    assert t["remitted"] == sum(r.amount for r in own)
    # March: split by the chi bộ, passed up to the đảng bộ, not yet split there.
    assert t["held"] == sum(r.amount for r in cells if r.month.month == 3) > 0
    assert t["collected"] == t["kept"] + t["remitted"] + t["held"]
    assert cli["kept_by_level"] == [{"level": tree.root.name, "amount": own_kept},
                                    {"level": "các chi bộ trực thuộc", "amount": cells_kept}]
    n = render.so
    sentence = (f"Năm 2025, thu đảng phí {n(t['collected'])} đồng (phải thu {n(t['owed'])} đồng), gồm: để lại "
                f"{n(t['kept'])} đồng ({tree.root.name} {n(own_kept)} đồng, các chi bộ trực thuộc {n(cells_kept)} "
                f"đồng); nộp lên cấp trên {n(t['remitted'])} đồng; chưa phân chia (chưa ghi nộp lên) "
                f"{n(t['held'])} đồng.")
    assert cli["sentence"] == sentence
    # The year-end section: the same figures, the same sentence, in the data, the .docx and the API.
    data = report_data.build(Scope(is_admin=True), tree.root, 2025, made_on=MADE)
    assert data["dues"]["totals"] == t and data["dues"]["kept_by_level"] == cli["kept_by_level"]
    line = render.dues_line(data)
    assert line.startswith(sentence)
    out = io.BytesIO()
    render.render_docx(data, out, made_on=MADE)
    assert line in "\n".join(p.text for p in Document(io.BytesIO(out.getvalue())).paragraphs)
    assert as_office.get(f"/api/dues/report/?organization={tree.root.pk}&year=2025").json()["totals"] == t
    # The summary page and its .xlsx: every row's figures equal the JSON's.
    page = as_office.get(f"/dang-phi/bao-cao/?to_chuc={tree.root.pk}&nam=2025").content.decode()
    assert sentence in page
    x = as_office.get(f"/dang-phi/bao-cao.xlsx?to_chuc={tree.root.pk}&nam=2025")
    rows = list(openpyxl.load_workbook(io.BytesIO(x.content)).active.iter_rows(values_only=True))
    assert rows[2][0] == sentence
    figures = ("owed", "collected", "kept", "kept_own", "remitted", "held")
    by_name = {r[0].strip(): r[1:7] for r in rows[4:4 + len(cli["organizations"])]}
    for org in cli["organizations"]:
        assert by_name[org["name"]] == tuple(org[f] for f in figures)
    # Each chi bộ row adds up as well (a leaf keeps everything it keeps itself).
    for org in cli["organizations"][1:]:
        assert org["collected"] == org["kept"] + org["remitted"] + org["held"] and org["kept"] == org["kept_own"]


def test_sentence_without_anything_below(tree, year_2025):
    data = report_builder.build(tree.a, 2025)
    t = data["totals"]
    assert data["kept_by_level"] == [{"level": tree.a.name, "amount": t["kept"]}]
    assert data["sentence"] == (f"Năm 2025, thu đảng phí {render.so(t['collected'])} đồng (phải thu "
                                f"{render.so(t['owed'])} đồng), gồm: để lại {render.so(t['kept'])} đồng; nộp lên "
                                f"cấp trên {render.so(t['remitted'])} đồng.")


def _merged_away(make_org, tree, name, ended_on):
    c = make_org(name, OrgKind.CELL, parent=tree.root)
    Organization.objects.filter(pk=c.pk).update(status="merged", ended_on=ended_on, successor=tree.a)
    c.refresh_from_db()
    return c


def test_reconciliation_leaves_out_organisations_with_nothing_in_the_period(tree, year_2025, users, make_org):
    gone = _merged_away(make_org, tree, "Chi bộ Nhà khách", date(2019, 10, 1))
    late = _merged_away(make_org, tree, "Chi bộ Nội chính", date(2025, 3, 1))
    # An organisation merged away before the month has nothing to remit: refused, with the reason.
    with pytest.raises(ValidationError, match="không hoạt động trong tháng 01/2025"):
        actions.record_remittance(users.office, gone, date(2025, 1, 1), remitted_on=date(2025, 1, 25))
    with pytest.raises(ValidationError, match="kết thúc ngày 01/03/2025"):
        actions.record_remittance(users.office, late, date(2025, 3, 1), remitted_on=date(2025, 3, 25))
    # Zero rows written before that check (as the demo did) and a zero month of a chi bộ that did exist.
    zero = actions.record_remittance(users.office, late, date(2025, 2, 1), remitted_on=date(2025, 2, 25))
    assert zero.amount == 0
    Remittance.objects.create(organization=gone, org_path=gone.path, to_organization=tree.root,
                              month=date(2025, 1, 1), collected=0, percent_kept=30, kept=0, amount=0,
                              rule_key="dues.split.342", remitted_on=date(2025, 1, 25))
    a_jan = Remittance.objects.get(organization=tree.a, month=date(2025, 1, 1))
    actions.confirm_received(users.office, a_jan, amount=a_jan.amount - 1_000, received_on=date(2025, 2, 2))
    recon = {r["organization"]: r for r in queries.reconciliation(tree.root, 2025)}
    assert set(recon) == {tree.a.name, tree.b.name}  # the real ones, confirmed or not; nothing about the others
    assert recon[tree.a.name]["difference"] > 1_000 and not recon[tree.a.name]["ok"]
    data = report_builder.build(tree.root, 2025)
    assert data["discrepancies"] == 2
    text = report_builder.text(data)
    assert gone.name not in text and f"{late.name} →" not in text
    # The summary leaves out an organisation that did not exist in the period and has nothing in it; one that
    # existed (merged away during the year) stays, with its zeros.
    names = [r["name"] for r in data["organizations"]]
    assert gone.name not in names and late.name in names
    assert gone.name in [r["name"] for r in report_builder.build(tree.root, 2019)["organizations"]]


def test_the_book_months_are_booking_months_like_the_summary_and_the_remittance(tree, members, users, as_office):
    """A January payment made on 03/02: the sổ's February column, the February remittance's «số thu» and the
    February summary all count it; the year's sổ total is the year's collected."""
    on_salary(members, men=8_000_000)
    for m in (1, 2):
        actions.generate_month(users.office, tree.root, date(2026, m, 1))
    actions.record_payment(users.secretary, members.men, month=date(2026, 1, 1), amount=80_000,
                           paid_on=date(2026, 2, 3))
    actions.record_payment(users.secretary, members.men, month=date(2026, 2, 1), amount=80_000,
                           paid_on=date(2026, 2, 3))
    feb = actions.record_remittance(users.secretary, tree.a, date(2026, 2, 1), remitted_on=date(2026, 2, 25))
    book = queries.book(tree.a, 2026)
    assert book["totals"].months[:2] == [0, 160_000] and feb.collected == 160_000
    by_month = {m: report_builder.build(tree.a, 2026, m)["totals"]["collected"] for m in (1, 2)}
    assert by_month == {1: 0, 2: 160_000}
    assert book["totals"].total == report_builder.build(tree.a, 2026)["totals"]["collected"]
    x = as_office.get(f"/dang-phi/so.xlsx?to_chuc={tree.a.pk}&nam=2026")
    rows = list(openpyxl.load_workbook(io.BytesIO(x.content)).active.iter_rows(values_only=True))
    total = next(r for r in rows if r[1] == "Cộng")
    assert total[2:4] == (0, 160_000) and total[14] == 160_000


def test_api_rows_of_a_period_add_up_to_the_report(tree, members, users, as_office):
    """The payments listed for a month are those the report counts as collected that month (booked in it);
    the obligations those it counts as owed; the sổ and the reconciliation carry the same figures too."""
    on_salary(members, men=8_000_000)
    for m in (1, 2):
        actions.generate_month(users.office, tree.root, date(2026, m, 1))
    actions.record_payment(users.secretary, members.men, month=date(2026, 1, 1), amount=80_000,
                           paid_on=date(2026, 2, 3))  # late: January's dues, booked in February
    remit = actions.record_remittance(users.secretary, tree.a, date(2026, 2, 1), remitted_on=date(2026, 2, 25))
    actions.confirm_received(users.office, remit, amount=remit.amount, received_on=date(2026, 2, 26))
    actions.correct_remittance(users.secretary, remit, side="remitted", amount=-1_000, reason="Ghi thừa",
                               on=date(2026, 2, 27))
    for m in (1, 2):
        report = as_office.get(f"/api/dues/report/?organization={tree.a.pk}&year=2026&month={m}").json()
        pays = as_office.get(f"/api/dues/payments/?organization={tree.a.pk}&year=2026&month={m}").json()
        obs = as_office.get(f"/api/dues/obligations/?organization={tree.a.pk}&year=2026&month={m}").json()
        assert sum(r["amount"] for r in pays["results"]) == report["totals"]["collected"]
        assert sum(r["amount"] for r in obs["results"]) == report["totals"]["owed"]
        page = as_office.get(f"/dang-phi/?to_chuc={tree.a.pk}&thang={m:02d}/2026").content.decode()
        assert f"<strong>{render.so(report['totals']['collected'])}</strong> đồng" in page
    book = queries.book(tree.a, 2026)
    year = report_builder.build(tree.root, 2026)
    a_row = next(r for r in year["organizations"] if r["name"] == tree.a.name)
    assert book["totals"].due == a_row["owed"] and book["totals"].total == a_row["collected"]
    recon = year["reconciliation"][0]
    assert recon["remitted"] == a_row["remitted"] == remit.amount - 1_000 and recon["difference"] == -1_000


def test_a_month_that_passed_nothing_up_has_nothing_to_confirm(tree, members, users, as_office):
    """Chi bộ B owes February but nobody paid: its remittance is 0, listed as agreeing, with no form to confirm;
    chi bộ A's is listed unconfirmed, with the form."""
    on_salary(members, men=8_000_000, dung=5_000_000)
    actions.generate_month(users.office, tree.root, date(2026, 2, 1))
    actions.record_payment(users.secretary, members.men, month=date(2026, 2, 1), amount=80_000,
                           paid_on=date(2026, 2, 3))
    a = actions.record_remittance(users.secretary, tree.a, date(2026, 2, 1), remitted_on=date(2026, 2, 25))
    b = actions.record_remittance(users.secretary_b, tree.b, date(2026, 2, 1), remitted_on=date(2026, 2, 25))
    assert b.amount == 0
    data = report_builder.build(tree.root, 2026, 2)
    recon = {r["organization"]: r for r in data["reconciliation"]}
    assert recon[tree.b.name]["ok"] and recon[tree.b.name]["unconfirmed"] == []
    assert recon[tree.a.name]["unconfirmed"] == ["02/2026"] and data["discrepancies"] == 1
    assert [r.pk for r in queries.unconfirmed_remittances(tree.root, 2026, 2)] == [a.pk]
    page = as_office.get(f"/dang-phi/bao-cao/?to_chuc={tree.root.pk}&nam=2026&thang_so=2").content.decode()
    assert f"/dang-phi/nhan-nop/{a.pk}/" in page and f"/dang-phi/nhan-nop/{b.pk}/" not in page


def test_the_sentence_names_the_level_that_kept_even_when_only_the_chi_bo_did(tree, year_2025):
    Remittance.objects.filter(organization=tree.root).delete()  # the đảng bộ has split nothing yet
    data = report_builder.build(tree.root, 2025)
    cells_kept = sum(r.kept for r in Remittance.objects.filter(organization__in=[tree.a, tree.b]))
    assert f"để lại {render.so(cells_kept)} đồng (các chi bộ trực thuộc {render.so(cells_kept)} đồng)" in (
        data["sentence"])
