"""Dues actions: profiles, obligations across the change of regime, payments and receipts, corrections,
closed months, reasons, the 3-months finding, remittances; scope and one audit event each."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dangbo.core.models import AuditEvent
from dangbo.dues import actions, queries
from dangbo.dues.models import DuesObligation, DuesPayment, DuesTotal

pytestmark = pytest.mark.django_db
JAN, FEB, MAR = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)


@pytest.fixture
def dues(tree, members, users):
    actions.set_profile(None, members.men, from_month=date(2025, 1, 1), category="bhxh", base=8_000_000)
    actions.set_profile(None, members.men, from_month=FEB, category="bhxh", base=9_000_000)
    actions.set_profile(None, members.lan, from_month=date(2025, 1, 1), category="pensioner", base=6_000_000)
    actions.set_profile(None, members.dung, from_month=date(2025, 1, 1), category="student")
    return members


def audits(code):
    return AuditEvent.objects.filter(action=code).count()


def test_obligations_across_the_change_of_regime(tree, dues, users):
    for month in (JAN, FEB, MAR):
        actions.generate_month(users.office, tree.root, month)
    men = {o.month: o for o in DuesObligation.objects.filter(member=dues.men)}
    assert (men[JAN].regime, men[JAN].amount) == ("342", 80_000)
    assert (men[FEB].regime, men[FEB].amount) == ("01", 80_000)  # January's base
    assert men[MAR].amount == 90_000
    assert DuesObligation.objects.get(member=dues.dung, month=FEB).amount == 5_000
    hoa = DuesObligation.objects.get(member=dues.hoa, month=FEB)
    assert hoa.amount == 0 and hoa.problem == "Chưa có mức đóng đảng phí"
    assert audits("dues.month.generate") == 3
    # Regenerating an open month replaces it.
    actions.generate_month(users.office, tree.root, FEB)
    assert DuesObligation.objects.filter(month=FEB).count() == 4


def test_secretary_only_their_chi_bo(tree, dues, users):
    actions.generate_month(users.secretary, tree.a, FEB)
    with pytest.raises(PermissionDenied):
        actions.generate_month(users.secretary, tree.b, FEB)
    with pytest.raises(PermissionDenied):
        actions.record_payment(users.secretary, dues.dung, month=FEB, amount=5_000, paid_on=date(2026, 2, 5))
    with pytest.raises(PermissionDenied):
        actions.set_profile(users.member, dues.lan, from_month=FEB, category="student")
    assert not DuesPayment.objects.exists()


def test_cash_payments_get_numbered_receipts_per_year(tree, dues, users):
    actions.generate_month(users.secretary, tree.a, FEB)
    p1 = actions.record_payment(users.secretary, dues.men, month=FEB, amount=80_000, paid_on=date(2026, 2, 5))
    p2 = actions.record_payment(users.secretary, dues.lan, month=FEB, amount=30_000, paid_on=date(2026, 2, 5))
    assert (p1.receipt_label, p2.receipt_label) == ("0001/2026", "0002/2026")
    portal = actions.record_payment(users.secretary, dues.lan, month=MAR, amount=30_000, paid_on=date(2026, 2, 6),
                                    channel="portal", portal_ref="GD1")
    assert portal.receipt_number is None and portal.book_month == FEB  # in advance, booked in February
    assert audits("dues.payment.record") == 3
    with pytest.raises(ValidationError) as e:
        actions.record_payment(users.secretary, dues.men, month=FEB, amount=0, paid_on=date(2026, 2, 5))
    assert "amount" in e.value.message_dict


def test_closed_month_is_locked_and_corrections_are_new_entries(tree, dues, users):
    actions.generate_month(users.secretary, tree.a, FEB)
    pay = actions.record_payment(users.secretary, dues.men, month=FEB, amount=800_000, paid_on=date(2026, 2, 5))
    actions.close_month(users.secretary, tree.a, FEB)
    with pytest.raises(ValidationError):
        actions.record_payment(users.secretary, dues.men, month=FEB, amount=1, paid_on=date(2026, 2, 20))
    with pytest.raises(ValidationError):
        actions.set_reason(users.secretary, DuesObligation.objects.get(member=dues.lan, month=FEB), "x")
    with pytest.raises(ValidationError):
        actions.correct_payment(users.secretary, pay, amount=-720_000, reason="Thu nhầm", on=date(2026, 2, 25))
    fix = actions.correct_payment(users.secretary, pay, amount=-720_000, reason="Thu nhầm", on=date(2026, 3, 2))
    pay.refresh_from_db()
    assert pay.amount == 800_000 and fix.book_month == MAR and fix.corrects == pay
    sheet = {r.member.pk: r for r in queries.month_sheet(tree.a, FEB)}
    assert sheet[dues.men.pk].paid == 80_000 and sheet[dues.men.pk].owing == 0
    with pytest.raises(ValidationError):
        actions.correct_payment(users.secretary, pay, amount=-100_000, reason="x", on=date(2026, 3, 2))
    # Generating again leaves the closed chi bộ's month as it was.
    before = list(DuesObligation.objects.filter(organization=tree.a, month=FEB).values_list("id", flat=True))
    actions.generate_month(users.office, tree.root, FEB)
    assert list(DuesObligation.objects.filter(organization=tree.a, month=FEB).values_list("id", flat=True)) == before


def test_three_unpaid_months_finding_and_reason(tree, dues, users):
    for m in range(1, 5):
        actions.generate_month(users.office, tree.root, date(2026, m, 1))
    for m in (1, 2, 3, 4):
        actions.record_payment(users.office, dues.lan, month=date(2026, m, 1), amount=30_000,
                               paid_on=date(2026, 4, 10))
    actions.record_payment(users.office, dues.dung, month=JAN, amount=3_000, paid_on=date(2026, 4, 10))
    found = queries.unpaid_findings(actions_scope(users.office), date(2026, 5, 3))
    names = {r.member.full_name for r in found}
    assert names == {"Nguyễn Văn Mến", "Đặng Văn Dũng"}  # Lan paid every month; Dũng only January
    rows = {r.member.pk: r for r in queries.arrears(tree.root.path, 2026, date(2026, 4, 1))}
    assert rows[dues.dung.pk].unpaid_months == ["02/2026", "03/2026", "04/2026"]
    assert rows[dues.dung.pk].finding is not None
    ob = DuesObligation.objects.get(member=dues.dung, month=MAR)
    actions.set_reason(users.office, ob, "Miễn sinh hoạt tạm thời, hoãn đóng")
    rows = {r.member.pk: r for r in queries.arrears(tree.root.path, 2026, date(2026, 4, 1))}
    assert rows[dues.dung.pk].finding is None and rows[dues.men.pk].finding is not None
    assert audits("dues.reason.set") == 1


def actions_scope(user):
    from dangbo.core.scopes import scope_for

    return scope_for(user)


def test_remittance_split_by_regime(tree, dues, users):
    actions.generate_month(users.office, tree.root, JAN)
    actions.record_payment(users.office, dues.men, month=JAN, amount=80_000, paid_on=date(2026, 1, 10))
    actions.record_payment(users.office, dues.lan, month=JAN, amount=30_001, paid_on=date(2026, 1, 10))
    r = actions.record_remittance(users.secretary, tree.a, JAN, remitted_on=date(2026, 1, 31))
    assert (r.collected, r.percent_kept, r.kept, r.amount, r.rule_key) == (110_001, 30, 33_000, 77_001,
                                                                           "dues.split_342")
    up = actions.record_remittance(users.office, tree.root, JAN, remitted_on=date(2026, 2, 5))
    assert up.collected == 77_001 and up.percent_kept == 70 and up.rule_key == "dues.split_342"
    with pytest.raises(ValidationError):
        actions.record_remittance(users.secretary, tree.a, JAN, remitted_on=date(2026, 1, 31))
    with pytest.raises(PermissionDenied):
        actions.record_remittance(users.secretary, tree.b, JAN, remitted_on=date(2026, 1, 31))
    summary = {r["path"]: r for r in queries.summary(tree.root, 2026, 1)}
    assert summary[tree.root.path]["collected"] == 110_001
    assert summary[tree.a.path]["remitted"] == 77_001 and summary[tree.a.path]["kept"] == 33_000


def test_relief_limits(dues, users):
    with pytest.raises(ValidationError) as e:
        actions.grant_relief(users.office, dues.men, kind="reduce", percent=50, start=FEB, end=date(2027, 2, 1),
                             document="QĐ 1")
    assert "end" in e.value.message_dict
    actions.grant_relief(users.office, dues.men, kind="reduce", percent=50, start=FEB, end=date(2026, 7, 1),
                         document="QĐ 1")
    with pytest.raises(ValidationError):
        actions.grant_relief(users.office, dues.men, kind="exempt", percent=100, start=date(2026, 7, 1),
                             end=date(2026, 8, 1), document="QĐ 2")
    assert audits("dues.relief.grant") == 1


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["men", "lan", "dung"]), st.integers(1, 6), st.integers(1, 200_000),
                          st.integers(-50_000, 0)), max_size=12))
def test_subtree_totals_equal_the_members_entries(tree, dues, users, entries):
    DuesPayment.objects.filter(corrects__isnull=False).delete()
    DuesPayment.objects.all().delete()
    DuesTotal.objects.update(collected=0)  # the example before wrote entries through the actions: start again
    for name, month, amount, fix in entries:
        p = actions.record_payment(None, getattr(dues, name), month=date(2026, month, 1), amount=amount,
                                   paid_on=date(2026, month, 15))
        if fix and amount + fix >= 0:
            actions.correct_payment(None, p, amount=fix, reason="Điều chỉnh", on=date(2026, month, 20))
    for month in range(1, 7):
        summary = {r["path"]: r for r in queries.summary(tree.root, 2026, month)}
        for org in tree.orgs:
            expected = sum(p.amount for p in DuesPayment.objects.all()
                           if p.org_path.startswith(org.path) and p.book_month.month == month)
            assert summary[org.path]["collected"] == expected
    year = {r["path"]: r for r in queries.summary(tree.root, 2026)}
    assert year[tree.root.path]["collected"] == sum(p.amount for p in DuesPayment.objects.all())
    book = queries.book(tree.a, 2026)
    assert book["totals"].total == sum(p.amount for p in DuesPayment.objects.filter(organization=tree.a))


def test_due_work_lists_the_finding_for_the_chi_bo_only(tree, dues, users):
    from dangbo.members.queries import due_work

    for m in range(1, 5):
        actions.generate_month(users.office, tree.root, date(2026, m, 1))
    for month in (2, 3):
        actions.record_payment(users.secretary, dues.lan, month=date(2026, month, 1), amount=30_000,
                               paid_on=date(2026, 4, 2))
    today = date(2026, 5, 3)
    items = [i for i in due_work(actions_scope(users.secretary), today) if i.kind == "dues_unpaid"]
    assert [i.member.full_name for i in items] == ["Nguyễn Văn Mến"]  # Lan: only January and April unpaid
    assert "Điều lệ Đảng" in items[0].detail
    b_items = [i for i in due_work(actions_scope(users.secretary_b), today) if i.kind == "dues_unpaid"]
    assert [i.member.full_name for i in b_items] == ["Đặng Văn Dũng"]
    assert not [i for i in due_work(actions_scope(users.member), today) if i.kind == "dues_unpaid"]
    # On 31/03 only January and February are over.
    assert [i for i in due_work(actions_scope(users.secretary), date(2026, 3, 31)) if i.kind == "dues_unpaid"] == []
