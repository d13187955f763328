"""Demo data: the Đảng bộ Văn phòng UBND tỉnh inside the Đảng bộ Khối các cơ quan tỉnh.

`load_demo()` is deterministic for a given load date: the office's histories since 1985 are fixed, and
the few items that must be "due" on the dashboard are placed relative to the day of loading.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from dangbo.core import registry

BLOC_CODE = "DBKCQT"
# Since 01/07/2025 the Đảng bộ Khối no longer exists (rules-2025-2026.md §1.2): the Văn phòng UBND tỉnh's đảng bộ
# was moved, with its chi bộ and members, by one decision to the Đảng bộ UBND tỉnh (§1.3).
UBND_CODE = "DBUBNDT"
REORGANIZED_ON = date(2025, 7, 1)
DEMO_PASSWORD = "dangbo-demo-2026"

# username, role, organisation code, label, full name
DEMO_USERS = [
    ("quantri", "admin", None, "Toàn hệ thống", "Quản trị Hệ thống"),
    ("vanphong", "office", "VPUBND", "Văn phòng Đảng ủy Văn phòng UBND tỉnh", "Trần Thị Thanh Tâm"),
    ("bithu", "secretary", "VPUBND-TH", "Bí thư Chi bộ Phòng Tổng hợp", "Võ Văn Hiệp"),
    (
        "dangvien",
        "member",
        "VPUBND-HCTC",
        "Đảng viên Trương Công Lực (chỉ xem hồ sơ của mình)",
        "Trương Công Lực",
    ),
    ("captren", "reader", BLOC_CODE,
     "Đảng ủy Khối các cơ quan tỉnh, Đảng ủy UBND tỉnh và Đảng ủy các cơ quan Đảng tỉnh (chỉ xem)", "Lê Văn Khối"),
]


@dataclass
class DemoResult:
    seconds: float = 0.0
    organizations: int = 0
    members: int = 0
    office_members: int = 0
    events: int = 0
    audit_events: int = 0
    users: list = field(default_factory=list)


def is_loaded() -> bool:
    from dangbo.organizations.models import Organization

    return Organization.objects.filter(code=BLOC_CODE).exists()


def load_demo(today: date | None = None, progress=None) -> DemoResult:
    """Build the whole demo in one transaction. `progress(step_label, advance)` is called as it goes."""
    from dangbo.core.bulk import refresh_statistics
    from dangbo.core.models import AuditEvent
    from dangbo.members.actions import recount
    from dangbo.members.models import ACTIVE_STATUSES, Member, MemberEvent
    from dangbo.organizations.actions import found_organization
    from dangbo.organizations.models import Organization, OrgKind, OrgLevel

    from .bloc import found_tree, load_bloc_members
    from .office import BLOC_ISSUER, BLOC_ISSUER_OLD, OLD_PROVINCE, build_office, drop_old_province
    from .users import create_user

    def tick(label, n=1):
        if progress:
            progress(label, n)

    started = time.perf_counter()
    today = today or timezone.localdate()
    with transaction.atomic():
        bloc = found_organization(
            None,
            code=BLOC_CODE,
            name=f"Đảng bộ Khối các cơ quan tỉnh {OLD_PROVINCE}",
            kind=OrgKind.UPPER,
            level=OrgLevel.BLOC,
            founded_on=date(1980, 5, 12),
            decision_number="118-QĐ/TU",
            decision_date=date(1980, 5, 5),
            issuer=f"Ban Thường vụ Tỉnh ủy {OLD_PROVINCE}",
            address="Số 2 Trần Phú, thành phố Tam Kỳ",
        )
        drop_old_province(bloc, "02-QĐ/TU", date(1997, 1, 2), "Ban Thường vụ Tỉnh ủy Quảng Nam")
        assert BLOC_ISSUER and BLOC_ISSUER_OLD
        tick("Tổ chức đảng", 1)
        tree = found_tree(bloc)
        tick("Tổ chức đảng", 1)
        office = build_office(bloc, tree.cells, today)
        tick("Đảng bộ Văn phòng UBND tỉnh", 1)
        load_bloc_members(tree, today, progress=lambda n: tick("Đảng viên các tổ chức trong Khối", n))
        recount()
        refresh_statistics()  # the steps below query the 3.000 members and their events just written
        from dangbo.congresses.demo import load_congress_demo

        load_congress_demo(today)  # Đại hội X (2020) counted and approved, XI in preparation, monthly meetings
        tick("Tài khoản", 1)
        pw = make_password(DEMO_PASSWORD)
        lực = next(s.member for s in office.stories if s.key == "luc")
        users = []
        for username, role, code, label, full_name in DEMO_USERS:
            create_user(
                username,
                role,
                org_code=code,
                password_hash=pw,
                full_name=full_name,
                member=lực if role == "member" else None,
            )
            users.append({"username": username, "password": DEMO_PASSWORD, "role": role, "label": label})
        for name, loader in registry.demo_loaders():  # each app's own demo records, in layer order
            tick(name, 1)
            import_string(loader)(today)
        tick("Sắp xếp tổ chức 2025", 1)
        move_office_2025(today)
        from dangbo.congresses.demo import load_bodies_demo

        # a bí thư approved mid-term (2021); the Đảng bộ UBND tỉnh's appointed bodies (2025)
        load_bodies_demo(today, UBND_CODE)
        for name, loader in registry.demo_loaders(after_reorganization=True):  # e.g. issuing freezes a heading
            tick(name, 1)
            import_string(loader)(today)
        close_year_ends(today)
        refresh_statistics()
    office_org = Organization.objects.get(code="VPUBND")
    return DemoResult(
        seconds=time.perf_counter() - started,
        organizations=Organization.objects.count(),
        members=Member.objects.filter(status__in=ACTIVE_STATUSES).count(),
        office_members=Member.objects.filter(
            organization__path__startswith=office_org.path, status__in=ACTIVE_STATUSES
        ).count(),
        events=MemberEvent.objects.count(),
        audit_events=AuditEvent.objects.count(),
        users=users,
    )


CLOSED_FROM = 2018  # the first year end whose figures the demo has closed (chốt số liệu)


def close_year_ends(today: date):
    """Chốt số liệu of every past year end since CLOSED_FROM (members/closing.py): the office closes its figures
    once the year's report is made; the reports and statistics of those years then read the closed table, and
    tests/demo/test_reorganization.py proves their figures are what the history gave."""
    from dangbo.members.closing import close_period

    for year in range(CLOSED_FROM, today.year):
        close_period(None, date(year, 12, 31))


# The Khối's other organisations split between the two provincial đảng bộ founded on 01/07/2025 (rules-2025-2026.md
# §1.2: "Đảng bộ cơ quan Đảng, đoàn thể, HĐND, tư pháp cấp tỉnh" and the đảng bộ of the government), by one decision
# each; the Khối then ended (HD 31-HD/BTCTW: "kết thúc hoạt động" synchronised with the founding of the new ones).
AGENCIES_CODE = "DBCQDT"
WARD_CODE = "DBPBT"
TO_PARTY_AGENCIES = {"VPTU", "VPHDND", "MTTQ", "TDOAN", "HLHPN", "HND", "HCCB", "LDLD", "TAND", "VKSND", "TCT",
                     "BQN", "LHHVHNT", "HNB", "HCTD", "LMHTX"}
UBND_DECISION = ("1521-QĐ/TU", date(2025, 6, 27))
AGENCIES_DECISION = ("1522-QĐ/TU", date(2025, 6, 27))
# A ward's đảng ủy since 01/07/2025 (QĐ 298): the cấp trên trực tiếp of its residential chi bộ, which are chi bộ cơ sở.
WARD_CELLS = [("DBPBT-KP1", "Chi bộ Khối phố 1"), ("DBPBT-KP2", "Chi bộ Khối phố 2")]
# (cell code, full name, gender, birth date, citizen id, decision date, decision number, ceremony date)
WARD_ADMISSIONS = [
    ("DBPBT-KP1", "Nguyễn Thị Thu Hà", "F", date(1994, 3, 12), "049194012345", date(2025, 9, 15), "12-QĐ/ĐU",
     date(2025, 10, 3)),
    ("DBPBT-KP1", "Lê Văn Thành", "M", date(1989, 11, 2), "049089067812", date(2025, 9, 15), "13-QĐ/ĐU",
     date(2025, 10, 3)),
    ("DBPBT-KP2", "Phạm Minh Tuấn", "M", date(1997, 6, 21), "049097031456", date(2025, 10, 20), "21-QĐ/ĐU",
     date(2025, 11, 7)),
]


def move_office_2025(today: date):
    """The 2025 reorganisation of the demo (rules-2025-2026.md §1.2, §1.3): the Đảng bộ UBND tỉnh and the Đảng bộ
    các cơ quan Đảng tỉnh founded on 01/07/2025; the Văn phòng's đảng bộ moved to the former by one decision, with
    the handover record, and the Khối's other organisations split between the two by one decision each; the Khối
    ended the same day. The tree as of 2024 shows them under the Khối, today under the new parents; the reader of the
    upper level reads all three. A phường đảng ủy with two residential chi bộ cơ sở shows the level that decides
    for them (QĐ 298)."""
    from dangbo.core.users import grant_role
    from dangbo.organizations.actions import dissolve_organization, found_organization, move_organization
    from dangbo.organizations.models import Organization, OrgKind, OrgLevel, OrgStatus

    if today < REORGANIZED_ON:
        return
    bloc = Organization.objects.get(code=BLOC_CODE)
    ubnd = Organization.objects.filter(code=UBND_CODE).first() or found_organization(
        None, code=UBND_CODE, name="Đảng bộ UBND tỉnh", kind=OrgKind.UPPER, level=OrgLevel.GOVERNMENT,
        founded_on=REORGANIZED_ON, decision_number="1519-QĐ/TU", decision_date=date(2025, 6, 27),
        issuer="Ban Thường vụ Tỉnh ủy", address="Số 62 Hùng Vương, thành phố Tam Kỳ")
    agencies = Organization.objects.filter(code=AGENCIES_CODE).first() or found_organization(
        None, code=AGENCIES_CODE, name="Đảng bộ các cơ quan Đảng tỉnh", kind=OrgKind.UPPER,
        level=OrgLevel.PARTY_AGENCIES, founded_on=REORGANIZED_ON, decision_number="1518-QĐ/TU",
        decision_date=date(2025, 6, 27), issuer="Ban Thường vụ Tỉnh ủy", address="Số 2 Trần Phú, thành phố Tam Kỳ")
    move_organization(
        None, Organization.objects.get(code="VPUBND"), ubnd, effective_date=REORGANIZED_ON,
        decision_number="1520-QĐ/TU", decision_date=date(2025, 6, 27), issuer="Ban Thường vụ Tỉnh ủy",
        record="Biên bản bàn giao số 01-BB/ĐUK ngày 30/6/2025 giữa Đảng ủy Khối các cơ quan tỉnh và Đảng ủy UBND "
               "tỉnh: chuyển giao toàn bộ tổ chức đảng và đảng viên của Đảng bộ Văn phòng UBND tỉnh, kèm hồ sơ "
               "đảng viên.")
    for org in list(Organization.objects.filter(parent=bloc, status=OrgStatus.ACTIVE).order_by("path")):
        to_agencies = org.code in TO_PARTY_AGENCIES
        to, (number, decided) = (agencies, AGENCIES_DECISION) if to_agencies else (ubnd, UBND_DECISION)
        move_organization(
            None, org, to, effective_date=REORGANIZED_ON, decision_number=number, decision_date=decided,
            issuer="Ban Thường vụ Tỉnh ủy",
            record=f"Biên bản bàn giao số {'03' if to_agencies else '02'}-BB/ĐUK ngày 30/6/2025 giữa Đảng ủy Khối "
                   f"các cơ quan tỉnh và {'Đảng ủy các cơ quan Đảng tỉnh' if to_agencies else 'Đảng ủy UBND tỉnh'}: "
                   "chuyển giao toàn bộ tổ chức đảng và đảng viên, kèm hồ sơ đảng viên.")
    dissolve_organization(None, Organization.objects.get(pk=bloc.pk), effective_date=REORGANIZED_ON,
                          decision_number="1523-QĐ/TU", decision_date=date(2025, 6, 27),
                          issuer="Ban Thường vụ Tỉnh ủy", reorganized=True)
    found_ward(today)
    from django.contrib.auth import get_user_model

    reader = get_user_model().objects.filter(username="captren").first()
    if reader is not None:
        grant_role(None, reader, "reader", ubnd)
        grant_role(None, reader, "reader", agencies)


def found_ward(today: date):
    """Đảng bộ phường Bàn Thạch (founded 01/07/2025 with the new phường) and its two residential chi bộ cơ sở; the
    members admitted there since were decided by the phường đảng ủy, their cấp trên trực tiếp."""
    from dangbo.members.actions import admit_member, record_event
    from dangbo.organizations.actions import found_organization
    from dangbo.organizations.models import Organization, OrgKind, OrgLevel
    from dangbo.rules.membership import add_months

    if Organization.objects.filter(code=WARD_CODE).exists():
        return
    ward = found_organization(
        None, code=WARD_CODE, name="Đảng bộ phường Bàn Thạch", kind=OrgKind.UPPER, level=OrgLevel.COMMUNE,
        founded_on=REORGANIZED_ON, decision_number="1602-QĐ/TU", decision_date=date(2025, 6, 28),
        issuer="Ban Thường vụ Tỉnh ủy", address="Số 15 Phan Bội Châu, phường Bàn Thạch")
    cells = {}
    for i, (code, name) in enumerate(WARD_CELLS):
        cells[code] = found_organization(
            None, code=code, name=name, kind=OrgKind.GRASSROOTS_CELL, parent=ward, founded_on=REORGANIZED_ON,
            decision_number=f"{i + 1:02d}-QĐ/ĐU", decision_date=REORGANIZED_ON,
            issuer="Ban Thường vụ Đảng ủy phường Bàn Thạch")
    issuer = "Ban Thường vụ Đảng ủy phường Bàn Thạch"
    for i, (code, name, gender, birth, cccd, decided, number, ceremony) in enumerate(WARD_ADMISSIONS):
        if decided > today:
            continue
        member = admit_member(None, organization=cells[code], dossier={
            "full_name": name, "gender": gender, "birth_date": birth, "citizen_id": cccd,
            "residence": f"{dict(WARD_CELLS)[code].removeprefix('Chi bộ ')}, phường Bàn Thạch"},
            decision_date=decided, decision_number=number, issuer=issuer,
            ceremony_date=ceremony if ceremony <= today else None)
        official = add_months(ceremony, 12)
        recognised = official + timedelta(days=17)
        if recognised <= today:  # the phường đảng ủy recognises them too (the cấp trên trực tiếp)
            record_event(None, member, "recognition", effective_date=official, decision_number=f"{40 + i}-QĐ/ĐU",
                         decision_date=recognised, issuer=issuer)
