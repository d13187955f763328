"""The actions and the open items: the phiếu bổ sung applied through the register's dossier action, late
dossiers of transfers in (exactly 3 months), slips (exactly 30 working days), loans, cards; scope refusals."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangbo.core.models import AuditEvent
from dangbo.core.scopes import scope_for
from dangbo.dossier import actions, queries
from dangbo.dossier.models import CardState, Series, State, Supplement
from dangbo.members.actions import record_event
from dangbo.members.models import EventKind, Member
from dangbo.members.queries import due_work, working_calendar
from dangbo.rules import dossier as rules

pytestmark = pytest.mark.django_db


def kinds(items):
    return [(i.kind, i.member_name) for i in items]


def test_campaign_sends_a_phieu_to_every_member_and_apply_goes_through_the_dossier_action(
        tree, members, users, today, office_scope):
    sent = today - timedelta(days=30)
    c = actions.open_campaign(users.office, organization=tree.root, year=today.year, sent_on=sent,
                              due_on=today - timedelta(days=1))
    rows = {s.member_id: s for s in Supplement.objects.filter(campaign=c)}
    assert set(rows) == {members.men.pk, members.lan.pk, members.dung.pk, members.hoa.pk}
    assert rows[members.dung.pk].org_path == tree.b.path
    with pytest.raises(ValidationError, match="đã phát phiếu"):
        actions.open_campaign(users.office, organization=tree.root, year=today.year, sent_on=sent, due_on=today)

    s = rows[members.men.pk]
    with pytest.raises(ValidationError, match="chưa được chi ủy kiểm tra"):
        actions.apply_supplement(users.secretary, s, applied_on=today)
    with pytest.raises(ValidationError, match="trước ngày phát phiếu"):
        actions.return_supplement(users.secretary, s, returned_on=sent - timedelta(days=1))
    actions.return_supplement(users.secretary, s, returned_on=sent + timedelta(days=3),
                              changes={"workplace": "Sở Nội vụ", "qualification": ""}, note="Giấy khen 2025")
    s.refresh_from_db()
    assert s.state == State.RETURNED and s.changes == {"workplace": "Sở Nội vụ"}
    actions.check_supplement(users.secretary, s, checked_on=sent + timedelta(days=4))
    actions.apply_supplement(users.secretary, s, applied_on=sent + timedelta(days=5))
    s.refresh_from_db()
    assert s.state == State.APPLIED
    assert Member.objects.get(pk=members.men.pk).workplace == "Sở Nội vụ"
    update = AuditEvent.objects.filter(action="member.update", object_id=str(members.men.pk)).get()
    assert update.data["after"] == {"workplace": "Sở Nội vụ"}  # the register's history records the change
    assert AuditEvent.objects.filter(action="dossier.supplement_apply").count() == 1

    # The others are open items, overdue since the due date passed; on due work too.
    items = queries.open_items(office_scope, tree.root, today)
    assert sorted(n for k, n in kinds(items) if k == "phieu_bo_sung") == sorted(
        [members.lan.full_name, members.dung.full_name, members.hoa.full_name])
    assert all(i.overdue for i in items if i.kind == "phieu_bo_sung")
    assert "dossier_phieu_bo_sung" in {d.kind for d in due_work(office_scope, today)}


def test_secretary_writes_only_their_chi_bo(tree, members, users, today):
    c = actions.open_campaign(users.office, organization=tree.root, year=today.year,
                              sent_on=today - timedelta(days=5), due_on=today)
    other = Supplement.objects.get(campaign=c, member=members.dung)  # chi bộ B
    with pytest.raises(PermissionDenied):
        actions.return_supplement(users.secretary, other, returned_on=today)
    with pytest.raises(PermissionDenied):
        actions.open_campaign(users.secretary, organization=tree.root, year=today.year - 1, sent_on=today,
                              due_on=today)
    with pytest.raises(PermissionDenied):
        actions.lend_dossier(users.secretary, members.dung, kind="muon", person="X", lent_on=today)
    # Their own chi bộ's phiếu only, on their open items.
    items = queries.open_items(scope_for(users.secretary), tree.a, today)
    assert {n for _, n in kinds(items)} == {members.men.full_name, members.lan.full_name}


def test_transfer_in_late_after_exactly_three_months(tree, users, transferred, today, office_scope):
    event = transferred.events.get(kind=EventKind.TRANSFER_IN)
    due = rules.transfer_dossier_due(event.effective_date)
    assert not queries.late_transfers(office_scope, tree.root.path, due)
    assert [e.pk for e in queries.late_transfers(office_scope, tree.root.path, due + timedelta(days=1))] == [event.pk]
    quarters = queries.late_by_quarter(office_scope, tree.root.path, today)
    assert [(g["year"], g["quarter"]) for g in quarters] == [rules.quarter_of(due)]
    assert ("ho_so_chuyen_den", "Phạm Thị Ngân") in kinds(queries.open_items(office_scope, tree.root, today))
    with pytest.raises(ValidationError, match="trước ngày chuyển đến"):
        actions.receive_transfer_dossier(users.office, event, received_on=event.effective_date - timedelta(days=1))
    with pytest.raises(PermissionDenied):
        actions.receive_transfer_dossier(users.secretary, event, received_on=today)  # chi bộ B
    actions.receive_transfer_dossier(users.secretary_b, event, received_on=today)
    assert not queries.transfers_in(office_scope, tree.root.path).exists()
    assert AuditEvent.objects.get(action="dossier.transfer_received").data["late"] is True


def test_death_slip_due_in_exactly_thirty_working_days(tree, members, users, today, office_scope):
    died_on = today - timedelta(days=20)
    record_event(users.office, members.dung, EventKind.DEATH, effective_date=died_on)
    event = members.dung.events.get(kind=EventKind.DEATH)
    due = rules.slip_due(died_on, calendar=working_calendar())
    [(e, slip, got_due, late)] = queries.slips_open(office_scope, tree.root.path, due)
    assert (e.pk, slip, got_due, late) == (event.pk, None, due, False)
    assert queries.slips_open(office_scope, tree.root.path, due + timedelta(days=1))[0][3] is True
    s = actions.make_slip(users.office, event, made_on=today, number="01-PB")
    assert s.kind == "tu_tran"
    _, slip, due2, _ = queries.slips_open(office_scope, tree.root.path, today)[0]
    assert slip == s and due2 == rules.slip_due(today, calendar=working_calendar())
    with pytest.raises(ValidationError, match="Đã lập phiếu báo"):
        actions.make_slip(users.office, event, made_on=today)
    actions.send_slip(users.office, s, sent_on=today)
    assert queries.slips_open(office_scope, tree.root.path, today) == []
    assert [e.member.full_name for e in queries.register_rows(office_scope, tree.root.path, "died")] == [
        members.dung.full_name]
    assert queries.register_rows(office_scope, tree.root.path, "left") == []
    with pytest.raises(ValidationError, match="Chỉ lập phiếu báo"):
        actions.make_slip(users.office, members.men.events.first(), made_on=today)


def test_loans_and_lost_cards_are_open_until_returned_and_reissued(tree, members, users, today, office_scope):
    m = members.men
    loan = actions.lend_dossier(users.secretary, m, kind="muon", person="Ủy ban Kiểm tra", lent_on=today,
                                due_on=today + timedelta(days=3))
    with pytest.raises(ValidationError, match="đang được mượn"):
        actions.lend_dossier(users.secretary, m, kind="muon", person="Khác", lent_on=today)
    card = actions.issue_card(users.office, m, series=Series.OLD, number="01234567", issued_on=date(2015, 3, 2))
    assert Member.objects.get(pk=m.pk).card_number == "01234567"
    with pytest.raises(ValidationError, match="đang có thẻ"):
        actions.issue_card(users.office, m, series=Series.OLD, number="7654321", issued_on=date(2016, 3, 2))
    with pytest.raises(ValidationError, match="dự bị"):
        actions.issue_card(users.office, members.hoa, series=Series.OLD, number="555", issued_on=date(2024, 3, 2))
    actions.report_card_lost(users.office, card, lost_on=today)
    items = kinds(queries.open_items(office_scope, tree.root, today))
    assert ("muon_ho_so", m.full_name) in items and ("the_mat", m.full_name) in items
    new = actions.reissue_card(users.office, card, number="88888888", issued_on=today)
    assert new.series == Series.CHIP_2025 and new.replaces_id == card.pk
    card.refresh_from_db()
    assert card.state == CardState.REPLACED and Member.objects.get(pk=m.pk).card_number == "88888888"
    actions.return_dossier(users.secretary, loan, returned_on=today)
    items = kinds(queries.open_items(office_scope, tree.root, today))
    assert not [k for k, _ in items if k in ("muon_ho_so", "the_mat")]
    history = [c.number for c in queries.card_history(m)]
    assert history == ["01234567", "88888888"]


def test_exchange_to_the_chip_card(members, users, today):
    m = members.lan  # official, holds no card row: the record's number becomes the old card
    Member.objects.filter(pk=m.pk).update(card_number="11112222")
    m.refresh_from_db()
    with pytest.raises(ValidationError, match="08/8/2025"):
        actions.exchange_card(users.office, m, number="99990000", issued_on=date(2025, 8, 1))
    new = actions.exchange_card(users.office, m, number="99990000", issued_on=date(2025, 8, 20))
    assert [(c.number, c.state) for c in queries.card_history(m)] == [
        ("11112222", CardState.EXCHANGED), ("99990000", CardState.ACTIVE)]
    assert new.replaces.number == "11112222"
    with pytest.raises(ValidationError, match="chính thức"):
        actions.exchange_card(users.office, members.hoa, number="1", issued_on=date(2025, 8, 20))


def test_records_older_than_the_watch_window_are_not_open(tree, members, users, transferred, today, office_scope):
    """Old transfers in and leavings entered from paper had their dossiers handled long ago (a setting)."""
    from django.test import override_settings

    record_event(users.office, members.dung, EventKind.DEATH, effective_date=today - timedelta(days=100))
    assert {i.kind for i in queries.open_items(office_scope, tree.root, today)} >= {"ho_so_chuyen_den", "phieu_bao"}
    with override_settings(DANGBO_DOSSIER={"watch_months": 3}):
        kinds_now = {i.kind for i in queries.open_items(office_scope, tree.root, today)}
        assert "ho_so_chuyen_den" not in kinds_now and "phieu_bao" not in kinds_now


def test_refusals_in_the_readers_language(tree, users, today):
    """The dates of a refusal are named by lazy labels: English on an English page, Vietnamese unchanged."""
    from django.utils import translation

    sent = today - timedelta(days=30)
    c = actions.open_campaign(users.office, organization=tree.root, year=today.year, sent_on=sent, due_on=today)
    s = Supplement.objects.filter(campaign=c).first()
    with pytest.raises(ValidationError) as e:
        actions.return_supplement(users.office, s, returned_on=sent - timedelta(days=1))
    before, on = f"{sent - timedelta(days=1):%d/%m/%Y}", f"{sent:%d/%m/%Y}"
    with translation.override("vi"):
        assert e.value.messages == [f"Ngày nộp {before} trước ngày phát phiếu {on}."]
    with translation.override("en"):
        assert e.value.messages == [f"Date returned {before} is before the date the slips were handed out {on}."]
