"""Corrections are new entries, never edits, and a closed month is locked: for payments and for remittances
(what a level passed up, what the level above received). Each correction is an audited, scope-checked action
with a reason, and shows in the summaries, the sổ and the reconciliation."""

import io
from datetime import date

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangbo.core.models import AuditEvent
from dangbo.core.registry import audit_label
from dangbo.dues import actions, queries
from dangbo.dues import report as report_builder
from dangbo.dues.models import DuesPayment, Remittance, RemittanceCorrection
from tests.dues import on_salary

pytestmark = pytest.mark.django_db
JAN, FEB, MAR = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)


@pytest.fixture
def january(tree, members, users):
    """Chi bộ A collects January (two payments), remits it and closes the month."""
    on_salary(members, men=8_000_000, lan=6_000_000)
    actions.generate_month(users.office, tree.root, JAN)
    men = actions.record_payment(users.secretary, members.men, month=JAN, amount=80_000, paid_on=date(2026, 1, 5))
    lan = actions.record_payment(users.secretary, members.lan, month=JAN, amount=60_000, paid_on=date(2026, 1, 6))
    remit = actions.record_remittance(users.secretary, tree.a, JAN, remitted_on=date(2026, 1, 25))
    actions.close_month(users.secretary, tree.a, JAN)
    return {"men": men, "lan": lan, "remit": remit}


def test_a_closed_month_locks_payments_and_corrections(tree, members, users, january):
    with pytest.raises(ValidationError, match="đã khóa sổ"):
        actions.record_payment(users.secretary, members.men, month=JAN, amount=1_000, paid_on=date(2026, 1, 20))
    with pytest.raises(ValidationError, match="đã khóa sổ"):
        actions.correct_payment(users.secretary, january["men"], amount=-1_000, reason="Thu thừa",
                                on=date(2026, 1, 30))
    with pytest.raises(ValidationError, match="đã khóa sổ"):
        actions.correct_remittance(users.secretary, january["remit"], side="remitted", amount=1_000,
                                   reason="Nộp thiếu", on=date(2026, 1, 30))
    # A remittance is booked in the month it is made: not in a closed one, not in the future.
    actions.close_month(users.secretary, tree.a, FEB)
    with pytest.raises(ValidationError, match="đã khóa sổ"):
        actions.record_remittance(users.secretary, tree.a, FEB, remitted_on=date(2026, 2, 25))
    with pytest.raises(ValidationError, match="sau hôm nay"):
        actions.record_remittance(users.secretary, tree.a, FEB, remitted_on=date(2099, 3, 2))
    assert not Remittance.objects.filter(organization=tree.a, month=FEB).exists()
    # No saved entry can be edited, whatever the code path.
    p = DuesPayment.objects.get(pk=january["men"].pk)
    p.amount = 1
    with pytest.raises(ValueError, match="không được sửa"):
        p.save()
    r = Remittance.objects.get(pk=january["remit"].pk)
    r.amount = 1
    with pytest.raises(ValueError, match="không được sửa"):
        r.save()
    assert DuesPayment.objects.get(pk=p.pk).amount == 80_000 and Remittance.objects.get(pk=r.pk).amount > 1


def test_payment_correction_is_a_new_checked_audited_entry_shown_everywhere(tree, members, users, january,
                                                                            as_secretary):
    men = january["men"]
    with pytest.raises(PermissionDenied):
        actions.correct_payment(users.secretary_b, men, amount=-10_000, reason="Thu thừa", on=date(2026, 2, 2))
    with pytest.raises(ValidationError, match="lý do"):
        actions.correct_payment(users.secretary, men, amount=-10_000, reason="  ", on=date(2026, 2, 2))
    with pytest.raises(ValidationError, match="sau hôm nay"):
        actions.correct_payment(users.secretary, men, amount=-10_000, reason="Thu thừa", on=date(2099, 1, 1))
    with pytest.raises(ValidationError, match="nhỏ hơn 0"):
        actions.correct_payment(users.secretary, men, amount=-90_000, reason="Thu thừa", on=date(2026, 2, 2))
    fix = actions.correct_payment(users.secretary, men, amount=-10_000, reason="Thu thừa", on=date(2026, 2, 2))
    with pytest.raises(ValidationError, match="khoản thu gốc"):
        actions.correct_payment(users.secretary, fix, amount=1_000, reason="Sửa lại", on=date(2026, 2, 2))
    men.refresh_from_db()
    assert men.amount == 80_000 and (fix.book_month, fix.month, fix.corrects_id) == (FEB, JAN, men.pk)
    event = AuditEvent.objects.get(action="dues.payment.correct")
    assert event.data == {"corrects": men.pk, "amount": -10_000} and "Thu thừa" in event.summary
    # In February's figures (the month it is booked in), the sổ, the month's sheet for January.
    assert report_builder.build(tree.a, 2026, 2)["totals"]["collected"] == -10_000
    assert report_builder.build(tree.a, 2026, 1)["totals"]["collected"] == 140_000
    book = queries.book(tree.a, 2026)
    assert book["totals"].months[:2] == [140_000, -10_000]
    sheet = {r.member.pk: r for r in queries.month_sheet(tree.a, JAN)}
    assert sheet[members.men.pk].paid == 70_000 and sheet[members.men.pk].owing == 10_000
    # February's remittance splits the correction with February's entries.
    actions.record_payment(users.secretary, members.lan, month=FEB, amount=60_000, paid_on=date(2026, 2, 6))
    feb = actions.record_remittance(users.secretary, tree.a, FEB, remitted_on=date(2026, 2, 25))
    assert feb.collected == 50_000 == report_builder.build(tree.a, 2026, 2)["totals"]["collected"]
    # The month's sheet lists the entries, the correction with its reason, and links to correct the payment.
    url = f"/dang-phi/dieu-chinh/{men.pk}/"
    sheet_page = as_secretary.get(f"/dang-phi/?to_chuc={tree.a.pk}&thang=01/2026").content.decode()
    assert url in sheet_page and "Thu thừa" in sheet_page and f"/dang-phi/dieu-chinh/{fix.pk}/" not in sheet_page
    # The page: a GET shows the form, a POST without a reason is refused with the message, nothing written.
    assert as_secretary.get(url).status_code == 200
    r = as_secretary.post(url, {"amount": "-5000", "reason": "", "on": "02/02/2026"})
    assert r.status_code == 200 and DuesPayment.objects.filter(corrects=men).count() == 1


def test_remittance_corrections_both_sides(tree, users, january, as_office, as_secretary_b):
    remit = january["remit"]
    actions.confirm_received(users.office, remit, amount=remit.amount - 2_000, received_on=date(2026, 2, 2))
    recon = {r["organization"]: r for r in queries.reconciliation(tree.root, 2026, 1)}
    assert recon[tree.a.name]["difference"] == 2_000 and not recon[tree.a.name]["ok"]
    # A confirmed receipt cannot be confirmed again; it is corrected by the receiving level, with a reason.
    with pytest.raises(ValidationError, match="đã xác nhận"):
        actions.confirm_received(users.office, remit, amount=remit.amount, received_on=date(2026, 2, 3))
    with pytest.raises(PermissionDenied):  # the chi bộ does not write the đảng bộ's book
        actions.correct_remittance(users.secretary, remit, side="received", amount=2_000, reason="Gõ nhầm",
                                   on=date(2026, 2, 3))
    with pytest.raises(PermissionDenied):  # nor another chi bộ the chi bộ's
        actions.correct_remittance(users.secretary_b, remit, side="remitted", amount=2_000, reason="x",
                                   on=date(2026, 2, 3))
    with pytest.raises(ValidationError, match="lý do"):
        actions.correct_remittance(users.office, remit, side="received", amount=2_000, reason="",
                                   on=date(2026, 2, 3))
    with pytest.raises(ValidationError, match="trước ngày nhận"):
        actions.correct_remittance(users.office, remit, side="received", amount=2_000, reason="Gõ nhầm",
                                   on=date(2026, 2, 1))
    with pytest.raises(ValidationError, match="Chọn số"):
        actions.correct_remittance(users.office, remit, side="kept", amount=2_000, reason="Gõ nhầm",
                                   on=date(2026, 2, 3))
    fix = actions.correct_remittance(users.office, remit, side="received", amount=2_000, reason="Gõ nhầm số nhận",
                                     on=date(2026, 2, 3))
    assert (fix.org_path, fix.book_month) == (tree.root.path, FEB)
    remit.refresh_from_db()
    assert remit.received == remit.amount - 2_000  # the confirmation stays as written
    event = AuditEvent.objects.get(action="dues.remittance.correct")
    assert event.org_path == tree.root.path and event.data["after"] == remit.amount
    assert audit_label("dues.remittance.correct") == "Điều chỉnh khoản nộp, nhận đảng phí"
    recon = {r["organization"]: r for r in queries.reconciliation(tree.root, 2026, 1)}
    assert recon[tree.a.name]["ok"] and recon[tree.a.name]["corrections"][0]["reason"] == "Gõ nhầm số nhận"
    # The chi bộ finds it passed up 5.000 too little and sends it (its January book is closed: booked in March).
    actions.correct_remittance(users.secretary, remit, side="remitted", amount=5_000, reason="Nộp bổ sung",
                               on=date(2026, 3, 2))
    jan = report_builder.build(tree.root, 2026, 1)
    a_row = next(r for r in jan["organizations"] if r["name"] == tree.a.name)
    assert a_row["remitted"] == remit.amount + 5_000 and a_row["kept"] == remit.kept - 5_000
    assert a_row["held"] == 0 and a_row["collected"] == remit.collected == a_row["kept"] + a_row["remitted"]
    assert jan["reconciliation"][0]["difference"] == 5_000 and jan["discrepancies"] == 1
    text = report_builder.text(jan)
    assert "Nộp bổ sung" in text and "Gõ nhầm số nhận" in text
    # The page of the sổ lists them; the xlsx carries them; the correction page checks the scope.
    page = as_office.get(f"/dang-phi/so/?to_chuc={tree.a.pk}&nam=2026").content.decode()
    assert "Nộp bổ sung" in page and f"/dang-phi/dieu-chinh-nop/{remit.pk}/" in page
    x = as_office.get(f"/dang-phi/so.xlsx?to_chuc={tree.a.pk}&nam=2026")
    rows = list(openpyxl.load_workbook(io.BytesIO(x.content)).active.iter_rows(values_only=True))
    assert any(r[0] == "01/2026" and r[7] == 5_000 and r[8] == 2_000 for r in rows)
    x = as_office.get(f"/dang-phi/bao-cao.xlsx?to_chuc={tree.root.pk}&nam=2026&thang_so=1")
    rows = list(openpyxl.load_workbook(io.BytesIO(x.content)).active.iter_rows(values_only=True))
    recon_row = next(r for r in rows if r[0] == tree.a.name and r[1] == tree.root.name)
    assert recon_row[2:5] == (remit.amount + 5_000, remit.amount, 5_000) and "Nộp bổ sung" in recon_row[6]
    api = as_office.get(f"/api/dues/report/?organization={tree.root.pk}&year=2026&month=1").json()
    assert [c["reason"] for c in api["reconciliation"][0]["corrections"]] == ["Gõ nhầm số nhận", "Nộp bổ sung"]
    url = f"/dang-phi/dieu-chinh-nop/{remit.pk}/"
    assert as_secretary_b.get(url).status_code == 404
    r = as_office.post(url, {"side": "received", "amount": "-1000", "reason": "", "on": "03/03/2026"})
    assert r.status_code == 200 and RemittanceCorrection.objects.count() == 2
    r = as_office.post(url, {"side": "received", "amount": "5000", "reason": "Nhận bổ sung", "on": "03/03/2026"})
    assert r.status_code == 302 and RemittanceCorrection.objects.count() == 3
    assert report_builder.build(tree.root, 2026, 1)["discrepancies"] == 0


def test_a_receipt_not_yet_confirmed_is_confirmed_not_corrected(tree, users, january, as_secretary):
    remit = january["remit"]
    with pytest.raises(ValidationError, match="chưa xác nhận"):
        actions.correct_remittance(users.office, remit, side="received", amount=1_000, reason="x",
                                   on=date(2026, 2, 3))
    # The receiving level's book: a closed month refuses the confirmation booked in it.
    actions.close_month(users.office, tree.root, FEB)
    with pytest.raises(ValidationError, match="đã khóa sổ"):
        actions.confirm_received(users.office, remit, amount=remit.amount, received_on=date(2026, 2, 3))
    page = as_secretary.get(f"/dang-phi/dieu-chinh-nop/{remit.pk}/")
    assert page.status_code == 200 and 'value="received"' not in page.content.decode()


def test_the_level_above_splits_what_its_child_passed_up_with_the_corrections(tree, users, january):
    remit = january["remit"]
    actions.correct_remittance(users.secretary, remit, side="remitted", amount=5_000, reason="Nộp bổ sung",
                               on=date(2026, 2, 2))
    up = actions.record_remittance(users.office, tree.root, JAN, remitted_on=date(2026, 2, 5))
    assert up.collected == remit.amount + 5_000
    t = report_builder.build(tree.root, 2026, 1)["totals"]
    assert t["held"] == 0 and t["collected"] == t["kept"] + t["remitted"]


def test_refusals_in_the_readers_language(tree, members, users, january):
    """A closed month's refusal, formatted in the action (run in Vietnamese), reads in the reader's language."""
    from django.utils import translation

    with pytest.raises(ValidationError) as e:
        actions.record_payment(users.secretary, members.men, month=JAN, amount=1_000, paid_on=date(2026, 1, 20))
    with translation.override("vi"):
        assert e.value.messages == [f"Tháng 01/2026 của «{tree.a.name}» đã khóa sổ: không thể thay đổi. Khoản "
                                    "điều chỉnh ghi vào tháng đang mở."]
    with translation.override("en"):
        assert e.value.messages == [f"Month 01/2026 of «{tree.a.name}» is closed: it cannot be changed. Record "
                                    "corrections in an open month."]
