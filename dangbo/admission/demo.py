"""Demo data: the Văn phòng's chi bộ each have people in the admission pipeline, one at every step (issue 14
"must hold"), written through the actions as a system job: just proposed; certificate and application; dossier
complete; the chi bộ's resolution with the decision pending; a decision overdue (on due work); a certificate
lapsed before the vote; admitted awaiting the ceremony; admitted with the ceremony held."""

from __future__ import annotations

from datetime import date, timedelta

from dangbo.members.models import Member, Status
from dangbo.organizations.models import CELL_KINDS, Organization
from dangbo.rules.quality import expected_citizen_id_digits

from . import actions
from .models import Candidate
from .queries import needs_committee

OFFICE_CODE = "VPUBND"
PEOPLE = [
    # name, birth date, gender, how far the dossier goes, days to shift every date back
    ("Nguyễn Thị Minh Thư", date(2001, 4, 12), "F", "proposed", 0),
    ("Trần Quốc Bảo", date(1998, 9, 3), "M", "application", 0),
    ("Lê Hoàng Yến", date(1999, 1, 25), "F", "dossier", 0),
    ("Phạm Đức Thắng", date(1996, 11, 8), "M", "branch", -130),  # voted 20 days ago: decision pending
    ("Võ Thị Kim Ngân", date(2000, 6, 30), "F", "branch", 0),  # voted 150 days ago: decision overdue
    ("Đỗ Minh Khang", date(1997, 2, 14), "M", "lapsed", 0),
    ("Bùi Thị Hồng Nhung", date(1995, 8, 19), "F", "decision", -100),  # admitted 36 days ago, ceremony due
    ("Hoàng Văn Phúc", date(1994, 12, 2), "M", "ceremony", 100),
]


def load(today: date) -> int:
    """Returns the number of candidates written (0 when the office is not in the register)."""
    office = Organization.objects.filter(code=OFFICE_CODE).first()
    if office is None or Candidate.objects.exists():
        return 0
    cells = [c for c in Organization.objects.filter(path__startswith=office.path, kind__in=CELL_KINDS,
                                                    status="active").order_by("path")
             if Member.objects.filter(organization=c, status=Status.OFFICIAL).count() >= 3]
    if not cells:
        return 0
    for i, (name, born, gender, upto, shift) in enumerate(PEOPLE):
        cell = cells[i % len(cells)]
        _walk(cell, name, born, gender, upto, lambda days, s=shift: today - timedelta(days=days + s),
              citizen_id=_citizen_id(born, gender, i))
    return len(PEOPLE)


def _citizen_id(born: date, gender: str, i: int) -> str:
    """A well-formed CCCD: 038 (Thanh Hóa), the century/gender digit and the year of birth, then a serial, so that
    the data-quality report finds nothing wrong with the demo's candidates (quality.citizen_id_structure)."""
    return f"038{expected_citizen_id_digits(born, gender)}{900000 + i:06d}"


def _walk(cell, name, born, gender, upto, ago, citizen_id):
    introducers = list(Member.objects.filter(organization=cell, status=Status.OFFICIAL).order_by("sort_key")[:2])
    c = actions.propose_candidate(None, organization=cell, full_name=name, birth_date=born, gender=gender,
                                  education_grade=12, proposed_by="Đoàn Thanh niên Văn phòng", proposed_on=ago(220),
                                  workplace="Văn phòng UBND tỉnh", residence="Phường Hạc Thành",
                                  citizen_id=citizen_id)
    if upto == "proposed":
        return c
    lapsed = upto == "lapsed"
    cert_on = ago(220) - timedelta(days=62 * 31) if lapsed else ago(200)
    actions.record_certificate(None, c, on=cert_on, document=f"{c.pk:03d}/GCN", issuer="Trung tâm Chính trị tỉnh")
    actions.record_application(None, c, on=ago(190))
    if upto == "application":
        return c
    for m in introducers:
        actions.add_introducer(None, c, member=m, on=ago(185), months_known=36, document="Phiếu giới thiệu")
    actions.record_verification(None, c, on=ago(170), document=f"{c.pk}-KQ/TTLL")
    actions.record_comment(None, c, where="work", on=ago(165), issuer="Công đoàn Văn phòng")
    actions.record_comment(None, c, where="home", on=ago(164), issuer="Chi bộ khu dân cư")
    if upto in ("dossier", "lapsed"):
        return c
    official = Member.objects.filter(organization=cell, status=Status.OFFICIAL).count()
    actions.record_branch_resolution(None, c, on=ago(150), votes_for=official, official_members=official,
                                     document=f"{c.pk:02d}-NQ/CB")
    if upto == "branch":
        return c
    if needs_committee(cell):
        actions.record_committee_resolution(None, c, on=ago(140), document=f"{c.pk:02d}-NQ/ĐU",
                                            issuer=cell.parent.name if cell.parent_id else "")
    # The decision 14 days after the chi bộ's resolution; the ceremony awaited (due work) or held 15 days later.
    actions.decide_admission(None, c, on=ago(136), document=f"{c.pk:02d}-QĐ/ĐU", issuer="Ban Thường vụ Đảng ủy Khối")
    if upto == "ceremony":
        actions.record_ceremony(None, c, on=ago(121))
    return c
