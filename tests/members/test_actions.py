"""The member actions against a real database: rules enforced, projection and counts kept, audit written."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from dangbo.core.actions import ConflictError
from dangbo.core.models import AuditEvent
from dangbo.core.scopes import ScopeDenied
from dangbo.members import actions
from dangbo.members.models import EventKind, Member, MemberEvent, Status
from dangbo.organizations import queries as org_queries
from dangbo.organizations.actions import dissolve_organization, merge_organizations, split_organization
from dangbo.organizations.models import Organization

from .conftest import dossier

pytestmark = pytest.mark.django_db


def admit(org, name="Nguyễn Văn Mến", decided=date(2010, 3, 2), ceremony=date(2010, 3, 20), official=True,
          **extra):
    return actions.admit_member(
        None, organization=org, dossier=dossier(name, **extra), decision_date=decided,
        decision_number="12-QĐ/ĐU", issuer="Đảng ủy Khối", ceremony_date=ceremony,
        official_date=date(ceremony.year + 1, ceremony.month, ceremony.day) if official and ceremony else None)


def counts(org):
    org.refresh_from_db()
    return org.official_count, org.probationary_count


def test_admission_sets_projection_counts_and_audit(tree):
    before = AuditEvent.objects.count()
    m = admit(tree["a"])
    assert m.status == Status.OFFICIAL
    assert m.official_date == date(2011, 3, 20)
    assert m.search_name == "nguyen van men"
    assert counts(tree["a"]) == (1, 0)
    assert [e.kind for e in m.events.all()] == [EventKind.ADMISSION, EventKind.CEREMONY, EventKind.RECOGNITION]
    assert AuditEvent.objects.count() == before + 1
    assert org_queries.subtree_totals(tree["dbo"]).official == 1


def test_official_date_is_ceremony_plus_twelve_months_whatever_the_decision(tree):
    m = admit(tree["a"], decided=date(2024, 1, 10), ceremony=date(2024, 2, 29), official=False)
    assert m.official_date == date(2025, 2, 28)
    with pytest.raises(ValidationError) as exc:
        actions.record_event(None, m, EventKind.RECOGNITION, effective_date=date(2025, 4, 1),
                             decision_date=date(2025, 4, 1))
    assert "12 tháng dự bị" in str(exc.value)
    ev = actions.record_event(None, m, EventKind.RECOGNITION, decision_date=date(2025, 4, 1))
    assert ev.effective_date == date(2025, 2, 28)
    m.refresh_from_db()
    assert m.status == Status.OFFICIAL


@pytest.mark.parametrize("kwargs, field, text", [
    ({"birth": date(2000, 6, 1), "decided": date(2018, 5, 1)}, "birth_date", "18 tuổi"),
    ({"decided": date(2010, 3, 2), "ceremony": date(2010, 3, 1)}, "ceremony_date", "lễ kết nạp"),
])
def test_bad_admissions_are_refused_naming_the_field(tree, kwargs, field, text):
    birth = kwargs.pop("birth", date(1980, 5, 17))
    with pytest.raises(ValidationError) as exc:
        admit(tree["a"], birth=birth, **kwargs)
    assert field in exc.value.message_dict, exc.value.message_dict
    assert text in " ".join(exc.value.message_dict[field]).lower() or text in str(exc.value)
    assert Member.objects.count() == 0 and MemberEvent.objects.count() == 0


def test_duplicate_citizen_id_and_card_number_refused(tree):
    m = admit(tree["a"])
    for field in ("citizen_id", "card_number"):
        with pytest.raises(ValidationError) as exc:
            actions.admit_member(None, organization=tree["b"], dossier=dossier(
                "Trần Thị Bình", gender="F", **{field: getattr(m, field)}), decision_date=date(2012, 1, 1))
        assert field in exc.value.message_dict
        assert m.full_name in exc.value.message_dict[field][0]
    assert Member.objects.count() == 1


def test_transfer_moves_counts_and_is_refused_to_same_or_dissolved(tree):
    m = admit(tree["a"])
    with pytest.raises(ValidationError) as exc:
        actions.record_event(None, m, EventKind.TRANSFER, effective_date=date(2020, 1, 6), to_organization=tree["a"])
    assert "trùng" in exc.value.message_dict["to_organization"][0]
    actions.record_event(None, m, EventKind.TRANSFER, effective_date=date(2020, 1, 6), to_organization=tree["b"],
                         decision_number="05-QĐ/ĐU")
    m.refresh_from_db()
    assert m.organization == tree["b"]
    assert counts(tree["a"]) == (0, 0) and counts(tree["b"]) == (1, 0)
    dissolve_organization(None, tree["a"], effective_date=date(2021, 1, 1))
    with pytest.raises(ValidationError) as exc:
        actions.record_event(None, m, EventKind.TRANSFER, effective_date=date(2021, 2, 1),
                             to_organization=Organization.objects.get(code="VP-A"))
    assert "ngừng hoạt động" in exc.value.message_dict["to_organization"][0]


def test_temporary_transfer_counts_at_home_not_host(tree):
    m = admit(tree["a"])
    actions.record_event(None, m, EventKind.TEMPORARY, effective_date=date(2021, 3, 1), to_organization=tree["c"],
                         end_date=date(2021, 12, 1))
    m.refresh_from_db()
    assert m.host_organization == tree["c"] and m.organization == tree["a"]
    assert counts(tree["a"]) == (1, 0) and counts(tree["c"]) == (0, 0)


def test_exempted_members_still_count(tree):
    m = admit(tree["a"])
    actions.record_event(None, m, EventKind.EXEMPTION, effective_date=date(2022, 1, 5))
    m.refresh_from_db()
    assert m.is_exempted and counts(tree["a"]) == (1, 0)


def test_no_event_after_death(tree):
    m = admit(tree["a"])
    actions.record_event(None, m, EventKind.DEATH, effective_date=date(2023, 7, 1))
    assert counts(tree["a"]) == (0, 0)
    for kind in (EventKind.TRANSFER, EventKind.EXEMPTION, EventKind.REMOVAL):
        with pytest.raises(ValidationError) as exc:
            actions.record_event(None, m, kind, effective_date=date(2023, 8, 1), to_organization=tree["b"])
        assert "từ trần" in str(exc.value)
    with pytest.raises(ValidationError):
        actions.update_dossier(None, m, {"phone": "0905000000"})


def test_event_dated_before_the_last_one_is_refused(tree):
    m = admit(tree["a"])
    actions.record_event(None, m, EventKind.TRANSFER, effective_date=date(2020, 1, 6), to_organization=tree["b"])
    with pytest.raises(ValidationError) as exc:
        actions.record_event(None, m, EventKind.EXEMPTION, effective_date=date(2019, 1, 6))
    assert "effective_date" in exc.value.message_dict


def test_stale_version_is_a_conflict_and_nothing_is_lost(tree):
    m = admit(tree["a"])
    seen = m.version
    actions.update_dossier(None, m, {"phone": "0905111222"}, version=seen)
    with pytest.raises(ConflictError):
        actions.update_dossier(None, m, {"phone": "0905999999"}, version=seen)
    m.refresh_from_db()
    assert m.phone == "0905111222"


def test_secretary_cannot_change_another_chi_bo(tree, django_user_model):
    from dangbo.core.models import Role, RoleAssignment

    user = django_user_model.objects.create_user("bt_a", password="x" * 12)
    RoleAssignment.objects.create(user=user, role=Role.SECRETARY, organization=tree["a"])
    m_b = admit(tree["b"], name="Lê Thị Hoa", gender="F")
    with pytest.raises(ScopeDenied):
        actions.update_dossier(user, m_b, {"phone": "0905000000"})
    with pytest.raises(ScopeDenied):
        actions.record_event(user, m_b, EventKind.EXEMPTION, effective_date=date(2022, 1, 5))
    m_a = admit(tree["a"], name="Phạm Văn Tùng")
    actions.update_dossier(user, m_a, {"phone": "0905000000"})


def test_as_of_counts_come_from_history(tree):
    m1 = admit(tree["a"], decided=date(2010, 3, 2), ceremony=date(2010, 3, 20))
    admit(tree["a"], name="Võ Thị Thu", gender="F", decided=date(2019, 6, 3), ceremony=date(2019, 6, 20),
          official=False)
    actions.record_event(None, m1, EventKind.TRANSFER, effective_date=date(2021, 1, 6), to_organization=tree["c"])
    got = org_queries.counts_as_of([tree["a"], tree["dbo"], tree["other"]], date(2020, 12, 31))
    assert (got[tree["a"].pk].official, got[tree["a"].pk].probationary) == (1, 1)
    got = org_queries.counts_as_of([tree["a"], tree["other"]], date(2021, 12, 31))
    assert got[tree["a"].pk].total == 1 and got[tree["other"].pk].official == 1
    got = org_queries.counts_as_of([tree["a"]], date(2009, 12, 31))
    assert got[tree["a"].pk].total == 0


def test_merge_moves_members_and_keeps_history(tree):
    m = admit(tree["a"])
    merge_organizations(None, [tree["a"]], tree["b"], effective_date=date(2025, 7, 1),
                        decision_number="100-QĐ/TU")
    m.refresh_from_db()
    a = Organization.objects.get(pk=tree["a"].pk)
    assert m.organization == tree["b"] and a.status == "merged" and a.successor == tree["b"]
    assert m.events.filter(kind=EventKind.REORGANIZATION).exists()
    got = org_queries.counts_as_of([a], date(2025, 6, 30))
    assert got[a.pk].official == 1


def test_split_assigns_every_member(tree):
    m1 = admit(tree["a"])
    m2 = admit(tree["a"], name="Đặng Thị Lan", gender="F")
    with pytest.raises(ValidationError):
        split_organization(None, tree["a"], {m1.pk: tree["b"]}, effective_date=date(2025, 7, 1))
    split_organization(None, tree["a"], {m1.pk: tree["b"], m2.pk: tree["c"]}, effective_date=date(2025, 7, 1))
    assert counts(tree["b"]) == (1, 0) and counts(tree["c"]) == (1, 0) and counts(tree["a"]) == (0, 0)


def test_recount_agrees_with_projection(tree):
    for i, name in enumerate(["Nguyễn Văn An", "Trần Thị Bé", "Lê Văn Cường"]):
        admit(tree["a"] if i % 2 else tree["b"], name=name, official=bool(i))
    expected = {o.pk: (o.official_count, o.probationary_count) for o in Organization.objects.all()}
    actions.recount()
    assert {o.pk: (o.official_count, o.probationary_count) for o in Organization.objects.all()} == expected


def test_award_badge_checks_party_age_and_duplicates(tree):
    m = admit(tree["a"], birth=date(1965, 1, 9), decided=date(1990, 5, 2), ceremony=date(1990, 5, 19))
    with pytest.raises(ValidationError) as exc:
        actions.award_badge(None, m, 40, awarded_on=date(2020, 2, 3))
    assert "chưa đủ 40 năm" in exc.value.message_dict["years"][0]
    actions.award_badge(None, m, 30, awarded_on=date(2020, 5, 19), decision_number="12-QĐ/TU")
    with pytest.raises(ValidationError) as exc:
        actions.award_badge(None, m, 30, awarded_on=date(2020, 9, 2))
    assert "đã được trao" in exc.value.message_dict["years"][0]
    with pytest.raises(ValidationError):  # no 45-year badge before 29-QĐ/TW (25/7/2016)
        actions.award_badge(None, m, 45, awarded_on=date(2015, 9, 2))
    assert AuditEvent.objects.filter(action="member.badge").count() == 1


def test_member_rows_carry_their_organisations_paths_through_moves(tree):
    from dangbo.organizations.actions import found_organization
    from dangbo.organizations.models import OrgKind

    m = admit(tree["a"])
    assert m.org_path == tree["a"].path and m.host_path == ""
    actions.record_event(None, m, EventKind.TEMPORARY, effective_date=date(2021, 3, 1), to_organization=tree["c"],
                         end_date=date(2021, 12, 1))
    m.refresh_from_db()
    assert m.host_path == tree["c"].path
    # Merging the đảng bộ moves its chi bộ subtree: every member row follows.
    target = found_organization(None, code="MOI", name="Đảng bộ Khối mới", kind=OrgKind.GRASSROOTS_COMMITTEE)
    merge_organizations(None, [tree["dbo"]], target, effective_date=date(2025, 7, 1), decision_number="1-QĐ/TU")
    m.refresh_from_db()
    a = Organization.objects.get(pk=tree["a"].pk)
    assert a.path.startswith(target.path) and m.org_path == a.path
    actions.recount()
    assert set(Member.objects.values_list("org_path", flat=True)) == {a.path}


def test_a_moved_subtree_keeps_its_history_visible_to_its_new_parent_and_its_path_is_never_reused(tree):
    """Audit events keep the (hashed) path of their time: after a merge re-roots a subtree, the new parent's
    scope still finds them through core.PathMove, and a chi bộ founded later under the old parent never takes
    the moved-away path (it would otherwise inherit a stranger's history)."""
    from dangbo.core.audit import verify_chain
    from dangbo.core.scopes import Scope
    from dangbo.organizations.actions import found_organization
    from dangbo.organizations.models import OrgKind

    admit(tree["a"], name="Phan Văn Dời")
    old_a_path = tree["a"].path
    before = set(AuditEvent.objects.filter(org_path__startswith=old_a_path).values_list("pk", flat=True))
    assert before
    target = found_organization(None, code="MOI", name="Đảng bộ Khối mới", kind=OrgKind.GRASSROOTS_COMMITTEE)
    merge_organizations(None, [tree["dbo"]], target, effective_date=date(2025, 7, 1), decision_number="1-QĐ/TU")
    a = Organization.objects.get(pk=tree["a"].pk)
    assert a.path != old_a_path
    new_parent = Scope(read_paths=[target.path])
    seen = set(new_parent.by_org_path(AuditEvent.objects.all()).values_list("pk", flat=True))
    assert before <= seen
    # The moved chi bộ's own scope (its new path) sees its own past too.
    assert before <= set(Scope(read_paths=[a.path]).by_org_path(AuditEvent.objects.all())
                         .values_list("pk", flat=True))
    # A stranger founded later in the old place gets a fresh path and none of that history.
    newcomer = found_organization(None, code="VP-N", name="Chi bộ mới", kind=OrgKind.CELL, parent=tree["other"])
    dbo_again = found_organization(None, code="VP2", name="Đảng bộ mới", kind=OrgKind.GRASSROOTS_COMMITTEE)
    assert dbo_again.path != tree["dbo"].path and not old_a_path.startswith(dbo_again.path)
    stranger = Scope(read_paths=[newcomer.path, dbo_again.path])
    assert not before & set(stranger.by_org_path(AuditEvent.objects.all()).values_list("pk", flat=True))
    assert verify_chain()[1] == []


def test_discipline_is_recorded_checked_annulled_and_audited(tree):
    from dangbo.members.models import Discipline
    from dangbo.members.queries import disciplines_in_year

    m = admit(tree["a"], decided=date(2010, 3, 2))
    with pytest.raises(ValidationError) as exc:
        actions.record_discipline(None, m, form="khai_tru", decided_on=date(2020, 1, 2))
    assert "Khai trừ" in exc.value.message_dict["form"][0]
    with pytest.raises(ValidationError) as exc:
        actions.record_discipline(None, m, form="canh_cao", decided_on=date(2009, 1, 2))
    assert "trước ngày kết nạp" in exc.value.message_dict["decided_on"][0]
    assert not Discipline.objects.exists()
    d1 = actions.record_discipline(None, m, form="khien_trach", decided_on=date(2020, 3, 2), self_detected=True)
    actions.record_discipline(None, m, form="cach_chuc", decided_on=date(2020, 9, 2), violation="Vi phạm  ")
    assert disciplines_in_year([m.pk], 2020) == {m.pk: ("cach_chuc", False)}
    assert disciplines_in_year([m.pk], 2021) == {}
    with pytest.raises(ValidationError):
        actions.annul_discipline(None, d1, on=date(2020, 4, 1), reason=" ")
    actions.annul_discipline(None, d1, on=date(2020, 4, 1), reason="Sai đối tượng")
    with pytest.raises(ValidationError):
        actions.annul_discipline(None, d1, on=date(2020, 4, 1), reason="Lần nữa")
    assert AuditEvent.objects.filter(action__in=["member.discipline", "member.discipline_annul"]).count() == 3


def test_audit_summary_and_label_stay_vietnamese_on_an_english_page(tree):
    """Event kinds are lazy labels (English on an English page); the audit log stores the Vietnamese text, and
    the action log shows the English of the Vietnamese label."""
    from django.utils import translation

    from dangbo.core import registry

    m = admit(tree["a"], decided=date(2024, 1, 10), ceremony=date(2024, 2, 29), official=False)
    with translation.override("en"):
        assert str(EventKind.RECOGNITION.label) == "Recognition as official member"
        actions.record_event(None, m, EventKind.RECOGNITION, decision_date=date(2025, 4, 1))
        assert registry.audit_label("member.recognition") == "Recognition as official member"
    event = AuditEvent.objects.filter(action="member.recognition").get()
    assert event.summary == "Công nhận đảng viên chính thức – Nguyễn Văn Mến (28/02/2025)"
    with translation.override("vi"):
        assert registry.audit_label("member.recognition") == "Công nhận đảng viên chính thức"
