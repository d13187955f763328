"""The admission routes in the scope proof (tests/test_scope_routes.py explains each hook)."""

from datetime import date

from tests.db import outside

KWARGS: dict[str, str] = {}
SEGMENTS: dict[str, str] = {"ket-nap": "candidate"}


def make(kind, org, member):
    """A candidate of `org` whose dossier is complete up to the chi bộ's vote (so the step forms' bodies would
    succeed without their scope check); its note names `member`, so a leak of it would show."""
    from dangbo.admission.models import Candidate, Step, StepKind

    if kind != "candidate":
        return None
    c = Candidate.objects.filter(organization=org).first()
    if c is None:
        c = Candidate.objects.create(
            organization=org, org_path=org.path, full_name="Quần chúng Thử Nghiệm", sort_key="q", search_name="q",
            birth_date=date(1998, 5, 4), gender="F", education_grade=12, proposed_by="Đoàn cơ sở",
            proposed_on=date(2025, 1, 6), note=f"Giới thiệu: {member.full_name}")
        for kind_, on in ((StepKind.CERTIFICATE, date(2025, 2, 3)), (StepKind.APPLICATION, date(2025, 3, 3)),
                          (StepKind.UNION_RESOLUTION, date(2025, 3, 10)), (StepKind.VERIFICATION, date(2025, 4, 1)),
                          (StepKind.COMMENT_WORK, date(2025, 4, 2)), (StepKind.COMMENT_RESIDENCE, date(2025, 4, 3))):
            Step.objects.create(candidate=c, kind=kind_, on=on, document="1", issuer="Đoàn cơ sở")
        Step.objects.create(candidate=c, kind=StepKind.INTRODUCER, on=date(2025, 3, 12), member=member,
                            months_known=24)
    return c.pk


def snapshot(outside_path):
    from dangbo.admission.models import Candidate, Step

    cands = outside(Candidate.objects.all(), outside_path)
    return {
        "candidates": sorted(map(tuple, cands.values_list("pk", "status", "member_id", "note", "version"))),
        "candidate_steps": sorted(Step.objects.filter(candidate__in=cands).values_list("pk", flat=True)),
    }


def body_fields(org, member):
    return {
        "kn-organization": org.pk, "kn-full_name": "Người do kẻ xâm nhập ghi", "kn-birth_date": "04/05/1999",
        "kn-gender": "M", "kn-education_grade": "12", "kn-proposed_by": "Kẻ xâm nhập", "kn-proposed_on": "02/03/2026",
        "kn-on": "02/03/2026", "kn-document": "99-NQ/XN", "kn-issuer": "Kẻ xâm nhập", "kn-member": member.pk,
        "kn-months_known": "24", "kn-votes_for": "3", "kn-official_members": "3", "kn-note": "kẻ xâm nhập",
    }
