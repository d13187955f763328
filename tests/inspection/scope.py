"""The inspection routes in the scope proof (tests/test_scope_routes.py explains each hook)."""

from datetime import date

from tests.db import outside

KWARGS: dict[str, str] = {}
SEGMENTS: dict[str, str] = {"kiem-tra": "inspection", "chuong-trinh": "inspection_programme",
                            "khieu-nai": "inspection_complaint"}


def make(kind, org, member):
    """An open inspection of `member` by the chi bộ `org` (so the conclusion form's body would succeed without
    its scope check), a programme of `org`, a pending denunciation of `member`; each names `member`."""
    from dangbo.inspection.models import Complaint, Inspection, Programme, ProgrammeItem

    if kind == "inspection":
        i = Inspection.objects.filter(organization=org).first() or Inspection.objects.create(
            organization=org, org_path=org.path, body="chi_bo", kind="kiem_tra", basis="dau_hieu",
            subject_member=member, subject_name=member.full_name, content=f"Kiểm tra {member.full_name}",
            decision_number="1-QĐ/CB", decision_date=date(2025, 3, 2), signer="Bí thư", team_leader="Phó bí thư",
            period_from=date(2025, 3, 3), period_to=date(2025, 3, 20))
        return i.pk
    if kind == "inspection_programme":
        p = Programme.objects.filter(organization=org).first()
        if p is None:
            p = Programme.objects.create(organization=org, org_path=org.path, body="chi_bo", year=2025,
                                         adopted_on=date(2025, 1, 6), note=f"Giám sát {member.full_name}")
            ProgrammeItem.objects.create(programme=p, kind="giam_sat", basis="chuyen_de", subject=member.full_name,
                                         content="Việc thực hiện nhiệm vụ đảng viên", quarter=2)
        return p.pk
    if kind == "inspection_complaint":
        c = Complaint.objects.filter(organization=org).first() or Complaint.objects.create(
            organization=org, org_path=org.path, body="chi_bo", kind="to_cao", received_on=date(2025, 4, 1),
            sender="Quần chúng", member=member, content=f"Tố cáo {member.full_name}")
        return c.pk
    return None


def snapshot(outside_path):
    from dangbo.inspection.models import Complaint, Inspection, InspectionDiscipline, Programme, ProgrammeItem

    ins = outside(Inspection.objects.all(), outside_path)
    progs = outside(Programme.objects.all(), outside_path)
    return {
        "inspections": sorted(map(tuple, ins.values_list("pk", "version", "concluded_on", "follow_up_done_on"))),
        "inspection_disciplines": sorted(InspectionDiscipline.objects.filter(inspection__in=ins)
                                         .values_list("pk", flat=True)),
        "programmes": sorted(map(tuple, progs.values_list("pk", "version"))),
        "programme_items": sorted(ProgrammeItem.objects.filter(programme__in=progs).values_list("pk", flat=True)),
        "complaints": sorted(map(tuple, outside(Complaint.objects.all(), outside_path)
                                 .values_list("pk", "version", "settled_on"))),
    }


def body_fields(org, member):
    return {
        "kt-body": "chi_bo", "kt-kind": "kiem_tra", "kt-basis": "thuong_xuyen", "kt-subject_member": member.pk,
        "kt-member": member.pk, "kt-content": "kẻ xâm nhập", "kt-decision_number": "99-QĐ/XN",
        "kt-decision_date": "02/03/2026", "kt-signer": "Kẻ xâm nhập", "kt-team_leader": "Kẻ xâm nhập",
        "kt-period_from": "03/03/2026", "kt-period_to": "10/03/2026", "kt-concluded_on": "11/03/2026",
        "kt-conclusion": "kẻ xâm nhập", "kt-violation_found": "on", "kt-violations": "kẻ xâm nhập",
        "kt-form": "khien_trach", "kt-decider": "chi_bo", "kt-decided_on": "12/03/2026",
        "kt-announced_on": "12/03/2026", "kt-year": "2026", "kt-adopted_on": "02/01/2026", "kt-subject": "x",
        "kt-quarter": "1", "kt-received_on": "02/03/2026", "kt-sender": "Kẻ xâm nhập", "kt-settled_on": "03/03/2026",
        "kt-outcome": "sai", "kt-result": "kẻ xâm nhập", "kt-done_on": "12/03/2026", "kt-report": "kẻ xâm nhập",
    }
