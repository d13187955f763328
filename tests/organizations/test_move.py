"""Whole organisations moved by one decision (issue 13 item 1): the action, its refusals, scope and audit, and the
tree, the counts and the statistics as of dates before and after the move."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from dangbo.core.models import AuditEvent
from dangbo.core.scopes import Scope
from dangbo.exchange import statistics
from dangbo.members import asof
from dangbo.members.models import MemberEvent
from dangbo.organizations import history, queries
from dangbo.organizations.actions import merge_organizations, move_organization
from dangbo.organizations.models import Organization, OrganizationMove, OrgEvent, OrgKind

from .conftest import MOVE_DAY, move_vp

pytestmark = pytest.mark.django_db
BEFORE, AFTER = date(2024, 12, 31), date(2025, 12, 31)


def refused(field, call) -> str:
    with pytest.raises(ValidationError) as e:
        call()
    assert field in e.value.message_dict, e.value.message_dict
    return " ".join(e.value.message_dict[field])


def test_move_carries_the_subtree_and_its_members_without_member_events(bloc):
    events = MemberEvent.objects.count()
    party_age = {m.pk: m.party_age_start for m in bloc.members}
    move = move_vp(bloc)
    bloc.vp.refresh_from_db()
    assert bloc.vp.parent == bloc.ubnd and bloc.vp.path.startswith(bloc.ubnd.path)
    assert Organization.objects.get(pk=bloc.th.pk).path.startswith(bloc.vp.path)
    assert (move.organizations_moved, move.members_moved) == (3, 3)
    assert (move.old_parent, move.new_parent, move.kind) == (bloc.khoi, bloc.ubnd, OrganizationMove.Kind.MOVE)
    # no individual transfer, no gap in party age: the members' own history is untouched
    assert MemberEvent.objects.count() == events
    for m in bloc.members:
        m.refresh_from_db()
        assert m.party_age_start == party_age[m.pk]
    ev = OrgEvent.objects.get(organization=bloc.vp, kind=OrgEvent.Kind.MOVED)
    assert ev.decision_number == "1520-QĐ/TU" and ev.note.startswith("Biên bản bàn giao")
    assert ev.data == {"from": "KHOI", "to": "UBND", "organizations_moved": 3, "members_moved": 3}
    audit = AuditEvent.objects.filter(action="organization.move").get()
    assert audit.data["decision"] == "1520-QĐ/TU" and audit.data["members_moved"] == 3


def test_counts_and_tree_as_of_before_and_after(bloc):
    khoi_before = asof.counts_as_of(BEFORE, bloc.khoi.path)
    move_vp(bloc)
    for o in (bloc.khoi, bloc.ubnd, bloc.vp):
        o.refresh_from_db()
    # before the move, exactly as it was; after it, the Văn phòng counts under the new parent
    assert asof.counts_as_of(BEFORE, bloc.khoi.path) == khoi_before
    assert khoi_before.total == 3  # the probationary member is admitted on 02/03/2025
    assert asof.counts_as_of(BEFORE, bloc.ubnd.path).total == 0
    assert asof.counts_as_of(AFTER, bloc.khoi.path).total == 1
    assert asof.counts_as_of(AFTER, bloc.ubnd.path).total == 3
    assert (asof.counts_as_of(BEFORE, bloc.vp.path).total, asof.counts_as_of(AFTER, bloc.vp.path).total) == (2, 3)
    by_org = queries.counts_as_of([bloc.khoi, bloc.ubnd, bloc.vp, bloc.so], BEFORE)
    assert [by_org[o.pk].total for o in (bloc.khoi, bloc.ubnd, bloc.vp, bloc.so)] == [3, 0, 2, 1]
    assert asof.counts_on_dates(bloc.khoi.path, [BEFORE, AFTER]) == {
        BEFORE: asof.counts_as_of(BEFORE, bloc.khoi.path), AFTER: asof.counts_as_of(AFTER, bloc.khoi.path)}
    # the day before the move and the day itself
    assert asof.counts_as_of(MOVE_DAY - timedelta(days=1), bloc.khoi.path).total == 4
    assert asof.counts_as_of(MOVE_DAY, bloc.khoi.path).total == 1

    admin = Scope(is_admin=True)
    then = {r["code"]: r for r in queries.tree_rows(admin, BEFORE)}
    assert then["VP"]["parent"] == "KHOI" and then["VP-TH"]["parent"] == "VP" and "UBND" not in then
    assert then["KHOI"]["total"] == 3 and then["VP"]["level"] == 1
    now = {r["code"]: r for r in queries.tree_rows(admin, AFTER)}
    assert now["VP"]["parent"] == "UBND" and now["UBND"]["total"] == 3 and now["KHOI"]["total"] == 1
    assert [r["code"] for r in queries.tree_rows(admin, BEFORE, bloc.khoi)][:2] == ["KHOI", "VP"]
    assert history.parent_as_of(bloc.vp, BEFORE) == bloc.khoi and history.parent_as_of(bloc.vp, AFTER) == bloc.ubnd


def test_statistics_show_the_move_on_its_own_line(bloc):
    move_vp(bloc)
    admin = Scope(is_admin=True)
    khoi = statistics.year_statistics(admin, 2025, Organization.objects.get(pk=bloc.khoi.pk))
    assert khoi.balanced
    assert (khoi.start.total, khoi.end.total) == (3, 1)  # the probationary member was admitted in 2025
    assert khoi.movement("reorganization_out") == 3 and khoi.movement("transfer_out") == 0
    assert khoi.movement("admission") == 1  # admitted in the Văn phòng on 02/03/2025, in the Khối then
    ubnd = statistics.year_statistics(admin, 2025, Organization.objects.get(pk=bloc.ubnd.pk))
    assert ubnd.balanced and ubnd.movement("reorganization_in") == 3 and ubnd.movement("transfer_in") == 0
    vp = statistics.year_statistics(admin, 2025, Organization.objects.get(pk=bloc.vp.pk))
    assert vp.movement("reorganization_in") == vp.movement("reorganization_out") == 0
    # the table of organisations as of 2024 is the tree of 2024
    rows = statistics.year_statistics(admin, 2024, Organization.objects.get(pk=bloc.khoi.pk)).organizations
    assert [(r.code, r.level, r.sub_total) for r in rows][:3] == [("KHOI", 0, 3), ("VP", 1, 2), ("VP-TH", 2, 2)]
    assert "VP" not in [r.code for r in statistics.year_statistics(admin, 2025, bloc.khoi).organizations]

    # the UNCONFIRMED setting: counted as transfers, with a «trong đó» line
    with override_settings(DANGBO_REORGANIZATION={"count_as_transfers": True}):
        khoi = statistics.year_statistics(admin, 2025, bloc.khoi)
        assert khoi.balanced and khoi.movement("transfer_out") == 3
        line = next(m for m in khoi.movements if m.key == "reorganization_out")
        assert line.of_which and line.count == 3


def test_refusals_name_the_field(bloc, make_org):
    assert "số quyết định" in refused("decision_number", lambda: move_vp(bloc, decision_number="  "))
    assert "trực thuộc chính nó" in refused("to", lambda: move_organization(
        None, bloc.vp, bloc.th, effective_date=MOVE_DAY, decision_number="1-QĐ/TU"))
    assert "trực thuộc chính nó" in refused("to", lambda: move_organization(
        None, bloc.khoi, bloc.vp, effective_date=MOVE_DAY, decision_number="1-QĐ/TU"))
    assert "đã trực thuộc" in refused("to", lambda: move_organization(
        None, bloc.vp, bloc.khoi, effective_date=MOVE_DAY, decision_number="1-QĐ/TU"))
    assert "thành lập «Đảng bộ UBND tỉnh»" in refused("effective_date", lambda: move_vp(
        bloc, effective_date=date(2025, 6, 30)))
    assert "tương lai" in refused("effective_date", lambda: move_vp(bloc, effective_date=date(2099, 1, 1)))
    assert "Không thể đặt" in refused("to", lambda: move_organization(
        None, bloc.th, bloc.ubnd, effective_date=MOVE_DAY, decision_number="1-QĐ/TU"))
    move_vp(bloc, effective_date=date(2025, 8, 1))
    other = make_org("Đảng bộ các cơ quan Đảng tỉnh", OrgKind.UPPER, code="CQD", founded_on=MOVE_DAY)
    assert "theo thứ tự thời gian" in refused("effective_date", lambda: move_organization(
        None, Organization.objects.get(pk=bloc.vp.pk), other, effective_date=MOVE_DAY, decision_number="2-QĐ/TU"))
    assert OrganizationMove.objects.count() == 1


def test_scope_the_moved_organisation_and_the_destination(bloc, make_user):
    office_vp = make_user("office", bloc.vp)
    office_khoi = make_user("office", bloc.khoi)
    with pytest.raises(PermissionDenied):
        move_vp(bloc, actor=office_vp)  # writes the Văn phòng, not the new parent
    with pytest.raises(PermissionDenied):
        move_vp(bloc, actor=office_khoi)  # writes the Khối (and so the Văn phòng), not the Đảng bộ UBND tỉnh
    assert not OrganizationMove.objects.exists() and not AuditEvent.objects.filter(action="organization.move").exists()
    from dangbo.core.models import RoleAssignment

    RoleAssignment.objects.get_or_create(user=office_khoi, role="office", organization=bloc.ubnd)
    office_khoi = type(office_khoi).objects.get(pk=office_khoi.pk)  # its scope is read anew
    move = move_vp(bloc, actor=office_khoi)
    audit = AuditEvent.objects.get(action="organization.move")
    assert audit.user_id == office_khoi.pk and move.created_by == office_khoi


def test_merge_of_two_top_level_organisations_keeps_the_tree_as_of_earlier_dates(bloc):
    merge_organizations(None, [bloc.khoi], bloc.ubnd, effective_date=MOVE_DAY, decision_number="1521-QĐ/TU",
                        record="Biên bản bàn giao")
    khoi = Organization.objects.get(pk=bloc.khoi.pk)
    assert khoi.status == "merged" and khoi.ended_on == MOVE_DAY and khoi.successor == bloc.ubnd
    assert OrganizationMove.objects.filter(kind=OrganizationMove.Kind.MERGE).count() == 2  # VP and STC
    assert asof.counts_as_of(BEFORE, khoi.path).total == 3
    assert asof.counts_as_of(AFTER, khoi.path).total == 0
    assert asof.counts_as_of(AFTER, bloc.ubnd.path).total == 4
    then = {r["code"]: r["parent"] for r in queries.tree_rows(Scope(is_admin=True), BEFORE)}
    assert then["VP"] == then["STC"] == "KHOI"
    now = {r["code"]: r["parent"] for r in queries.tree_rows(Scope(is_admin=True), AFTER)}
    assert now["VP"] == now["STC"] == "UBND" and "KHOI" not in now
    stats = statistics.year_statistics(Scope(is_admin=True), 2025, bloc.ubnd)
    assert stats.balanced and stats.movement("reorganization_in") == 4


def test_merge_refuses_a_missing_decision(bloc):
    assert "số quyết định" in refused("decision_number", lambda: merge_organizations(
        None, [bloc.khoi], bloc.ubnd, effective_date=MOVE_DAY))
