"""Summaries of a subtree by month, quarter and year, and the top-down reconciliation: what a level says it
received against what its children say they remitted (action, report, page, .xlsx, API, CLI)."""

import io
import json
from datetime import date

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangbo.core.models import AuditEvent
from dangbo.dues import actions, queries
from dangbo.dues import report as report_builder
from tests.dues import on_salary

pytestmark = pytest.mark.django_db
JAN, FEB, APR = date(2026, 1, 1), date(2026, 2, 1), date(2026, 4, 1)


@pytest.fixture
def remitted(tree, members, users):
    """Chi bộ A and B collect and remit January and April; the đảng bộ has confirmed nothing yet."""
    on_salary(members, men=8_000_000, dung=5_000_000)
    out = {}
    for month in (JAN, APR):
        actions.generate_month(users.office, tree.root, month)
        actions.record_payment(users.office, members.men, month=month, amount=80_000, paid_on=month)
        actions.record_payment(users.office, members.dung, month=month, amount=50_000, paid_on=month)
        out[("a", month.month)] = actions.record_remittance(users.secretary, tree.a, month,
                                                            remitted_on=date(2026, month.month, 28))
        out[("b", month.month)] = actions.record_remittance(users.secretary_b, tree.b, month,
                                                            remitted_on=date(2026, month.month, 28))
    return out


def by_org(recon):
    return {r["organization"]: r for r in recon}


def test_confirm_received_is_checked_audited_and_once(tree, users, remitted):
    a_jan = remitted[("a", 1)]
    with pytest.raises(PermissionDenied):  # a chi bộ cannot confirm for its đảng bộ
        actions.confirm_received(users.secretary, a_jan, amount=a_jan.amount, received_on=date(2026, 2, 2))
    with pytest.raises(ValidationError, match="trước ngày nộp"):
        actions.confirm_received(users.office, a_jan, amount=a_jan.amount, received_on=date(2026, 1, 2))
    with pytest.raises(ValidationError, match="âm"):
        actions.confirm_received(users.office, a_jan, amount=-1, received_on=date(2026, 2, 2))
    actions.confirm_received(users.office, a_jan, amount=a_jan.amount - 1_000, received_on=date(2026, 2, 2))
    a_jan.refresh_from_db()
    assert (a_jan.received, a_jan.received_on) == (a_jan.amount - 1_000, date(2026, 2, 2))
    event = AuditEvent.objects.get(action="dues.remittance.receive")
    assert "chênh 1.000" in event.summary and event.data["difference"] == 1_000
    with pytest.raises(ValidationError, match="đã xác nhận"):
        actions.confirm_received(users.office, a_jan, amount=a_jan.amount, received_on=date(2026, 2, 2))


def test_reconciliation_by_period(tree, users, remitted):
    a_jan, b_jan, a_apr = remitted[("a", 1)], remitted[("b", 1)], remitted[("a", 4)]
    actions.confirm_received(users.office, a_jan, amount=a_jan.amount, received_on=date(2026, 2, 2))
    actions.confirm_received(users.office, b_jan, amount=b_jan.amount - 500, received_on=date(2026, 2, 2))
    q1 = by_org(queries.reconciliation(tree.root, 2026, quarter=1))
    assert q1[tree.a.name]["ok"] and q1[tree.a.name]["received"] == a_jan.amount
    assert q1[tree.b.name]["difference"] == 500 and not q1[tree.b.name]["ok"]
    year = by_org(queries.reconciliation(tree.root, 2026))
    assert year[tree.a.name]["remitted"] == a_jan.amount + a_apr.amount
    assert year[tree.a.name]["unconfirmed"] == ["04/2026"] and year[tree.a.name]["difference"] == a_apr.amount
    assert queries.reconciliation(tree.root, 2026, month=3) == []
    # Seen from a chi bộ, nothing was remitted to a level inside its subtree.
    assert queries.reconciliation(tree.a, 2026) == []
    data = report_builder.build(tree.root, 2026, quarter=1)
    assert data["discrepancies"] == 1 and data["period"] == "quý 1/2026"
    assert "chênh 500" in report_builder.text(data)


def test_summary_totals_by_quarter_add_up_to_the_year(tree, remitted):
    year = report_builder.build(tree.root, 2026)["totals"]
    quarters = [report_builder.build(tree.root, 2026, quarter=q)["totals"] for q in (1, 2, 3, 4)]
    for figure in queries.FIGURES:
        assert year[figure] == sum(q[figure] for q in quarters)
    assert quarters[0]["collected"] == 130_000 and quarters[2]["collected"] == 0


def test_page_confirm_and_xlsx(tree, users, remitted, as_office, as_secretary):
    url = f"/dang-phi/bao-cao/?to_chuc={tree.root.pk}&nam=2026&quy=1"
    page = as_office.get(url).content.decode()
    assert "quý 1/2026" in page and 'id="dues-reconciliation"' in page and 'id="dues-to-confirm"' in page
    a_jan = remitted[("a", 1)]
    r = as_office.post(f"/dang-phi/nhan-nop/{a_jan.pk}/", {"received": "abc", "received_on": "02/02/2026",
                                                           "next": url})
    assert r.status_code == 302
    a_jan.refresh_from_db()
    assert a_jan.received is None
    r = as_office.post(f"/dang-phi/nhan-nop/{a_jan.pk}/", {"received": f"{a_jan.amount:,}".replace(",", "."),
                                                           "received_on": "02/02/2026", "next": url}, follow=True)
    assert "Đã xác nhận nhận" in r.content.decode()
    a_jan.refresh_from_db()
    assert a_jan.received == a_jan.amount
    # A chi bộ secretary sees no confirmation form and cannot confirm for the đảng bộ.
    b_jan = remitted[("b", 1)]
    assert as_secretary.post(f"/dang-phi/nhan-nop/{b_jan.pk}/", {"received": "1"}).status_code == 404
    b_jan.refresh_from_db()
    assert b_jan.received is None
    r = as_office.get(f"/dang-phi/bao-cao.xlsx?to_chuc={tree.root.pk}&nam=2026&quy=1")
    assert r.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    cells = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    assert any(row[0] == tree.b.name and row[4] == b_jan.amount for row in cells)  # unconfirmed: all of it


def test_api_and_cli_carry_the_reconciliation(tree, users, remitted, as_office, capsys):
    from dangbo.cli import main

    data = as_office.get(f"/api/dues/report/?organization={tree.root.pk}&year=2026&quarter=2").json()
    assert {r["organization"] for r in data["reconciliation"]} == {tree.a.name, tree.b.name}
    assert main(["dues", "report", "--org", tree.root.code, "--year", "2026", "--quarter", "2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["totals"] == data["totals"] and out["reconciliation"] == data["reconciliation"]
    assert main(["dues", "report", "--org", tree.root.code, "--year", "2026", "--quarter", "5"]) != 0
    assert "Quý phải từ 1 đến 4" in capsys.readouterr().err
