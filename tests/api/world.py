"""A small register for the API and scope tests: one đảng bộ with chi bộ A and B, and a user for each role.

B's members have names and CCCD numbers that appear nowhere in A, so a test can search any response body for
them: if one shows up in a response to A's secretary, B's data has leaked.
"""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User

from dangbo.core.models import Role, RoleAssignment
from dangbo.members import actions as member_actions
from dangbo.members.models import EventKind, Member, MemberEvent
from dangbo.organizations import actions as org_actions
from dangbo.organizations.models import Organization, OrgEvent, OrgKind

PASSWORD = "mat-khau-thu-nghiem-2024"


@dataclass
class World:
    dbo: Organization
    a: Organization
    b: Organization
    b_sub: Organization  # a second chi bộ of B's side, for transfers and merges inside B's reach
    other: Organization
    users: dict[str, User] = field(default_factory=dict)
    a_members: list[Member] = field(default_factory=list)
    b_members: list[Member] = field(default_factory=list)
    b_event: MemberEvent | None = None
    b_org_event: OrgEvent | None = None

    @property
    def b_secrets(self) -> list[str]:
        """Strings that only B's data contains: names (as stored and in HTML-escaped form) and CCCD."""
        out = []
        for m in self.b_members:
            out += [m.full_name, m.citizen_id, m.card_number]
        return [s for s in out if s]


def _dossier(name, n, gender="M", birth=date(1980, 5, 17), **extra):
    d = {"full_name": name, "birth_date": birth, "gender": gender, "citizen_id": f"0019{n:08d}",
         "card_number": f"7700{n:06d}", "religion": "Phật giáo", "workplace": "Văn phòng UBND tỉnh"}
    d.update(extra)
    return d


def admit(org, name, n, *, official=True, decided=date(2010, 3, 2), ceremony=date(2010, 3, 20), **extra):
    return member_actions.admit_member(
        None, organization=org, dossier=_dossier(name, n, **extra), decision_date=decided,
        decision_number=f"{n}-QĐ/ĐU", issuer="Đảng ủy Văn phòng", ceremony_date=ceremony,
        official_date=date(ceremony.year + 1, ceremony.month, ceremony.day) if official else None)


_hash: list[str] = []


def make_user(username, role=None, org=None, *, superuser=False, member=None):
    if not _hash:  # Argon2 is slow on purpose: hash the shared password once per test run
        _hash.append(make_password(PASSWORD))
    user = User.objects.create(username=username, password=_hash[0], is_superuser=superuser,
                               is_staff=superuser)
    if role is not None:
        RoleAssignment.objects.create(user=user, role=role, organization=org)
    if member is not None:
        member_actions.link_user(None, member, user)
    return user


def build_world() -> World:
    dbo = org_actions.found_organization(None, code="VP", name="Đảng bộ Văn phòng UBND tỉnh",
                                         kind=OrgKind.GRASSROOTS_COMMITTEE, founded_on=date(1976, 1, 1))
    a = org_actions.found_organization(None, code="VP-A", name="Chi bộ Phòng Tổng hợp", kind=OrgKind.CELL,
                                       parent=dbo, founded_on=date(1980, 1, 1))
    b = org_actions.found_organization(None, code="VP-B", name="Chi bộ Phòng Kinh tế", kind=OrgKind.CELL,
                                       parent=dbo, founded_on=date(1980, 1, 1))
    b_sub = org_actions.found_organization(None, code="VP-C", name="Chi bộ Phòng Nội chính",
                                           kind=OrgKind.CELL, parent=dbo, founded_on=date(1980, 1, 1))
    other = org_actions.found_organization(None, code="SO", name="Đảng bộ Sở Tài chính",
                                           kind=OrgKind.GRASSROOTS_COMMITTEE, founded_on=date(1976, 1, 1))
    w = World(dbo=dbo, a=a, b=b, b_sub=b_sub, other=other)
    w.a_members = [
        admit(a, "Nguyễn Văn Mến", 1),
        admit(a, "Trần Thị Bình", 2, gender="F"),
        admit(a, "Lê Văn An", 3, official=False, decided=date(2024, 1, 10), ceremony=date(2024, 2, 1)),
    ]
    w.b_members = [
        admit(b, "Đặng Quốc Khánh", 11),
        admit(b, "Hoàng Thị Xuyến", 12, gender="F"),
        admit(b, "Phùng Văn Quỳnh", 13, official=False, decided=date(2024, 1, 10), ceremony=date(2024, 2, 1)),
    ]
    # History in B: a transfer between B's chi bộ and back, and a renamed chi bộ.
    k = w.b_members[0]
    member_actions.record_event(None, k, EventKind.TRANSFER, effective_date=date(2015, 6, 1),
                                decision_number="15-QĐ/ĐU", to_organization=b_sub)
    w.b_event = member_actions.record_event(None, k, EventKind.TRANSFER, effective_date=date(2016, 6, 1),
                                            decision_number="16-QĐ/ĐU", to_organization=b)
    for m in Member.objects.all():
        m.refresh_from_db()
    org_actions.rename_organization(None, b, name="Chi bộ Phòng Kinh tế – Ngành",
                                    effective_date=date(2020, 1, 1))
    b.refresh_from_db()
    w.b_org_event = OrgEvent.objects.filter(organization=b).order_by("-id").first()
    w.users = {
        "admin": make_user("quantri", superuser=True),
        "office": make_user("vanphong", Role.OFFICE, dbo),
        "secretary_a": make_user("bithu_a", Role.SECRETARY, a),
        "secretary_b": make_user("bithu_b", Role.SECRETARY, b),
        "reader": make_user("capTren", Role.READER, dbo),
        "member_a": make_user("dangvien_a", member=w.a_members[1]),
    }
    for m in w.a_members + w.b_members:
        m.refresh_from_db()
    return w
