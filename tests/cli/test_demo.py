"""`dangbo demo`: the demo register loads, reads as real, and is consistent with its own history."""

import unicodedata
from collections import Counter
from datetime import date

import pytest
from django.db import transaction
from django.utils import timezone

pytestmark = [pytest.mark.django_db, pytest.mark.heavy(3)]


def _replay_changes(members):
    """Replay each member's history with the actions' code; return the members whose state would change."""
    from dangbo.members.actions import replay
    from dangbo.members.models import Member

    fields = (
        "organization_id",
        "host_organization_id",
        "status",
        "is_exempted",
        "is_suspended",
        "temporary_until",
        "party_age_start",
        "left_on",
    )
    changed = []
    with transaction.atomic():
        for m in members:
            before = tuple(getattr(m, f) for f in fields)
            replay(m)
            after = tuple(getattr(Member.objects.get(pk=m.pk), f) for f in fields)
            if before != after:
                changed.append((m.full_name, before, after))
        transaction.set_rollback(True)
    return changed


def test_demo_loads_a_register_that_reads_as_real(run_json):
    from dangbo.core.models import AuditEvent, Role, RoleAssignment
    from dangbo.core.registry import audit_types
    from dangbo.core.scopes import Scope
    from dangbo.members.models import ACTIVE_STATUSES, Badge, EventKind, Member, MemberEvent, Status
    from dangbo.members.queries import due_work, search_filter
    from dangbo.organizations.models import Organization, OrgKind, OrgStatus

    code, data, err = run_json("demo", "--no-serve")
    assert code == 0, err
    assert data["loaded_now"] is True
    assert data["address"] == "http://127.0.0.1:8000/"
    assert {u["role"] for u in data["users"]} == {"admin", "office", "secretary", "member", "reader"}
    assert data["seconds"] > 0  # how long it takes is a benchmark (docs/benchmarks.md), not a test

    bloc = Organization.objects.get(code="DBKCQT")
    assert bloc.name == "Đảng bộ Khối các cơ quan tỉnh" and bloc.kind == OrgKind.UPPER
    office = Organization.objects.get(name="Đảng bộ Văn phòng UBND tỉnh")
    assert office.kind == OrgKind.GRASSROOTS_COMMITTEE
    # under the Khối until 30/06/2025, moved by one decision to the Đảng bộ UBND tỉnh from 01/07/2025
    from dangbo.organizations.history import parent_as_of
    from dangbo.organizations.models import OrganizationMove

    ubnd = Organization.objects.get(code="DBUBNDT")
    assert office.parent == ubnd and parent_as_of(office, date(2025, 6, 30)) == bloc
    move = OrganizationMove.objects.get(organization=office)
    assert (move.old_parent, move.effective_date, move.decision_number) == (bloc, date(2025, 7, 1), "1520-QĐ/TU")
    assert move.record.startswith("Biên bản bàn giao") and move.members_moved > 50
    cells = office.children.filter(status=OrgStatus.ACTIVE)
    assert cells.count() == 5 and all(c.kind == OrgKind.CELL for c in cells)
    assert {c.name for c in cells} >= {"Chi bộ Phòng Tổng hợp", "Chi bộ Phòng Kinh tế"}
    # the Chi bộ Phòng Nội chính was merged in 2025: its members moved, its history stays
    merged = office.children.get(status=OrgStatus.MERGED, successor__parent=office)
    assert merged.successor.name == "Chi bộ Phòng Tổng hợp"
    # three chi bộ left with their units in 2019 (8 chi bộ in 2018, 5 since: the published reports)
    left = office.children.filter(status=OrgStatus.MERGED).exclude(pk=merged.pk)
    assert left.count() == 3 and all(o.ended_on.year == 2019 for o in left)
    assert not any(o.successor.path.startswith(office.path) for o in left)
    assert MemberEvent.objects.filter(kind=EventKind.REORGANIZATION, from_organization=merged).exists()

    active = Member.objects.filter(status__in=ACTIVE_STATUSES)
    in_office = active.filter(organization__path__startswith=office.path).count()
    assert 60 <= in_office <= 70
    assert 2800 <= active.count() <= 3200
    # the Khối's 69 other grassroots organisations were split on 01/07/2025 between the Đảng bộ UBND tỉnh and the
    # Đảng bộ các cơ quan Đảng tỉnh by one decision each, and the Khối ended (rules-2025-2026.md §1.2)
    from dangbo.organizations.history import tree_as_of

    agencies = Organization.objects.get(code="DBCQDT")
    assert (ubnd.kind_label, agencies.kind_label) == ("Đảng bộ UBND tỉnh", "Đảng bộ các cơ quan Đảng tỉnh")
    moved = OrganizationMove.objects.filter(old_parent=bloc, effective_date=date(2025, 7, 1)).exclude(
        organization=office)
    assert moved.count() == 69
    assert {m.decision_number for m in moved.filter(new_parent=agencies)} == {"1522-QĐ/TU"}
    assert {m.decision_number for m in moved.filter(new_parent=ubnd)} == {"1521-QĐ/TU"}
    assert moved.filter(new_parent=agencies).count() == 16 and moved.filter(new_parent=ubnd).count() == 53
    bloc.refresh_from_db()
    assert (bloc.status, bloc.ended_on) == (OrgStatus.ENDED, date(2025, 7, 1))
    assert not bloc.children.filter(status=OrgStatus.ACTIVE).exists()
    then = next(n for n in tree_as_of(date(2025, 6, 30)) if n.org == bloc)
    assert len(then.children) == 70  # the tree as of 30/06/2025 is the Khối with all its organisations
    # a phường đảng ủy, the cấp trên trực tiếp of its two residential chi bộ cơ sở, decided their admissions
    from dangbo.organizations.queries import admission_decider

    ward = Organization.objects.get(code="DBPBT")
    assert ward.kind_label == "Đảng bộ xã, phường, đặc khu"
    wcells = list(ward.children.order_by("path"))
    assert [c.kind for c in wcells] == [OrgKind.GRASSROOTS_CELL] * 2
    assert all(admission_decider(c) == ward for c in wcells)
    # counts kept on the organisations are the members' statuses
    totals = Organization.objects.all()
    assert sum(o.official_count + o.probationary_count for o in totals) == active.count()

    # histories since 1985, with every kind of event the register keeps
    office_members = Member.objects.filter(organization__path__startswith=office.path)
    kinds = Counter(MemberEvent.objects.filter(member__in=office_members).values_list("kind", flat=True))
    for kind in (
        "admission",
        "ceremony",
        "recognition",
        "transfer",
        "temporary",
        "temporary_end",
        "exemption",
        "death",
        "removal",
        "transfer_out",
        "reorganization",
    ):
        assert kinds[kind] > 0, kind
    first = MemberEvent.objects.filter(member__in=office_members).order_by("effective_date").first()
    assert first.effective_date.year == 1985
    assert office_members.filter(status=Status.DECEASED).exists()
    assert office_members.filter(is_exempted=True, status=Status.OFFICIAL).exists()
    assert office_members.filter(host_organization__isnull=False).exists()  # temporary transfer running
    assert Badge.objects.filter(member__organization__path__startswith=office.path, years=40).exists()

    # the work due on the office's dashboard
    today = timezone.localdate()
    items = due_work(Scope(is_admin=True), today, org_path=office.path)
    by_kind = {(i.kind, i.member.full_name) for i in items}
    assert ("ceremony", "Trần Quốc Huy") in by_kind
    assert ("probation_end", "Nguyễn Thị Mỹ Duyên") in by_kind
    assert ("recognition", "Võ Thị Ngọc Ánh") in by_kind
    assert any(i.kind == "badge" and i.member.full_name == "Phan Văn Bình" and "30" in i.label for i in items)
    assert any(i.kind == "ceremony" and i.overdue for i in items)
    # the admission pipeline: a person at every step, its overdue decision and lapsed certificate on due work
    from dangbo.admission.models import Candidate, CandidateStatus, StepKind

    steps = Counter(k for c in Candidate.objects.all() for k in {s.kind for s in c.steps.all()})
    assert steps[StepKind.CEREMONY] == 1 and steps[StepKind.DECISION] == 2 and steps[StepKind.BRANCH_RESOLUTION] == 4
    assert Candidate.objects.filter(status=CandidateStatus.PIPELINE, steps__isnull=True).exists()
    assert {i.kind for i in items} >= {"admission_decision", "admission_certificate"}
    assert ("ceremony", "Bùi Thị Hồng Nhung") in by_kind  # admitted through the pipeline, ceremony due

    # names and numbers read as real
    rows = list(
        Member.objects.values_list(
            "full_name", "birth_date", "admission_decision_date", "citizen_id", "card_number", "gender"
        )
    )
    for name, birth, admitted, cccd, _card, _gender in rows:
        assert name == unicodedata.normalize("NFC", name) and len(name.split()) >= 3
        assert cccd and len(cccd) == 12 and cccd.isdigit()
        age = (admitted - birth).days / 365.25
        assert 18 <= age <= 60, (name, birth, admitted)
        assert admitted >= date(1975, 6, 1)
    assert len({r[3] for r in rows}) == len(rows)
    cards = [r[4] for r in rows if r[4]]
    assert len(set(cards)) == len(cards)
    assert Member.objects.filter(search_filter("nguyen van men")).filter(full_name="Nguyễn Văn Mến").exists()

    # users: one per role, the member linked to their record
    for role in Role.values:
        assert RoleAssignment.objects.filter(role=role).exists()
    lực = Member.objects.get(full_name="Trương Công Lực")
    assert lực.user.username == "dangvien"

    # every member's stored state is what replaying its history gives (office and bulk alike)
    sample = list(Member.objects.order_by("id")[::25])
    assert _replay_changes(sample) == []

    # the audit chain is real and intact
    assert AuditEvent.objects.filter(action="member.admit").count() >= 65
    stored = set(AuditEvent.objects.values_list("action", flat=True).distinct())
    assert sorted(stored - set(audit_types())) == []  # every stored type has its Vietnamese label
    code, verify, _ = run_json("audit", "verify")
    assert code == 0 and verify["ok"] and verify["checked"] == AuditEvent.objects.count()
    code, check, _ = run_json("check")
    assert code == 0, check

    # a second run keeps the data
    code, again, _ = run_json("demo", "--no-serve")
    assert code == 0 and again["loaded_now"] is False
    assert Member.objects.filter(status__in=ACTIVE_STATUSES).count() == active.count()
