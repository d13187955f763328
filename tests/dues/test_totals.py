"""The per-(organisation, month) totals the actions keep (dangbo/dues/totals.py) always equal the entries they add
up, whatever the sequence of actions: months drawn up and drawn up again, a member moving to another chi bộ
after their month was drawn up elsewhere, cash payments, corrections, a portal import; the summary reads them."""

from datetime import date

import pytest

from dangbo.dues import actions, portal, queries, totals
from dangbo.dues.models import DuesObligation, DuesPayment, DuesTotal
from dangbo.members.actions import reorganize_member

pytestmark = pytest.mark.django_db
JAN, FEB, MAR = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)


def test_totals_follow_every_action(tmp_path, tree, members, users):
    men, lan, dung = members.men, members.lan, members.dung
    actions.set_profile(None, men, from_month=date(2025, 1, 1), category="bhxh", base=8_000_000)
    actions.set_profile(None, lan, from_month=date(2025, 1, 1), category="pensioner", base=6_000_000)
    actions.set_profile(None, dung, from_month=date(2025, 1, 1), category="student")
    for month in (JAN, FEB, MAR):
        actions.generate_month(users.office, tree.root, month)
    assert totals.differences() == [] and DuesTotal.objects.filter(month=FEB, owed__gt=0).count() == 2
    # A new base from February, drawn up again for chi bộ A only: its total changes, B's stays.
    actions.set_profile(None, men, from_month=FEB, category="bhxh", base=9_500_000)
    actions.generate_month(users.secretary, tree.a, MAR)
    assert DuesTotal.objects.get(organization=tree.a, month=MAR).owed == 95_000 + 30_000
    # Mến moves to chi bộ B in March; B draws March up again: his month leaves A's total for B's.
    reorganize_member(None, men, tree.b, effective_date=date(2026, 3, 2))
    actions.generate_month(users.secretary_b, tree.b, MAR)
    assert DuesTotal.objects.get(organization=tree.a, month=MAR).owed == 30_000
    assert DuesTotal.objects.get(organization=tree.b, month=MAR).owed == 95_000 + 5_000
    assert totals.differences() == []
    # Payments: cash (booked in the month paid), a correction, a portal import.
    p = actions.record_payment(None, lan, month=JAN, amount=30_000, paid_on=date(2026, 2, 3))
    actions.correct_payment(None, p, amount=-1_000, reason="Thu thừa", on=date(2026, 3, 4))
    csv = tmp_path / "cong.csv"
    csv.write_text("Mã giao dịch,Số CCCD,Họ và tên,Kỳ đóng,Số tiền,Ngày nộp\n"
                   f"GD1,{dung.citizen_id},{dung.full_name},02/2026,5000,10/02/2026\n"
                   f"GD2,{lan.citizen_id},{lan.full_name},02/2026,30000,11/02/2026\n", encoding="utf-8")
    portal.commit(users.office, csv)
    assert DuesTotal.objects.get(organization=tree.a, month=FEB).collected == 60_000
    assert DuesTotal.objects.get(organization=tree.a, month=MAR).collected == -1_000
    assert DuesTotal.objects.get(organization=tree.b, month=FEB).collected == 5_000
    assert totals.differences() == []
    # The roll-up read from the totals equals the entries, for the tree and each chi bộ.
    year = {r["path"]: r for r in queries.summary(tree.root, 2026)}
    for org in tree.orgs:
        assert year[org.path]["owed"] == sum(
            o.amount for o in DuesObligation.objects.filter(org_path__startswith=org.path))
        assert year[org.path]["collected"] == sum(
            x.amount for x in DuesPayment.objects.filter(org_path__startswith=org.path))


def test_rebuild_after_a_bulk_load(tree, members, users):
    actions.set_profile(None, members.men, from_month=date(2025, 1, 1), category="bhxh", base=8_000_000)
    actions.generate_month(users.office, tree.root, JAN)
    ob = DuesObligation.objects.get(member=members.men, month=JAN)
    DuesPayment.objects.bulk_create([DuesPayment(member=members.men, organization=ob.organization,
                                                 org_path=ob.org_path, month=JAN, book_month=JAN, amount=80_000,
                                                 channel="portal", paid_on=JAN, portal_ref="B1")])
    assert totals.differences() == [(tree.a.pk, JAN, (80_000, 0), (80_000, 80_000))]
    totals.rebuild()
    assert totals.differences() == []
