"""One representative registered action per converted app (issue 18.3): called in the actor's write scope it
records exactly one audit event of its registered type; called outside it raises the scope exception and
writes nothing (the rows it would write and the audit log keep their counts)."""

from datetime import date

import pytest

from dangbo.core.models import AuditEvent
from dangbo.core.scopes import ScopeDenied

pytestmark = pytest.mark.django_db


def _discipline(tree, members, users):
    from dangbo.members.actions import record_discipline
    from dangbo.members.models import Discipline

    return ("member.discipline", lambda: Discipline.objects.count(),
            lambda actor: record_discipline(actor, members.dung, form="khien_trach", decided_on=date(2024, 3, 1),
                                            violation="Vi phạm thử"))


def _cancel_import(tree, members, users):
    from dangbo.exchange.models import ImportBatch, ImportStatus
    from dangbo.exchange.pipeline.batches import cancel

    batch = ImportBatch.objects.create(organization=tree.b, org_path=tree.b.path, file_name="dv.xlsx",
                                       file_sha256="0" * 64, status=ImportStatus.PREVIEWED)
    return ("import.cancel", lambda: ImportBatch.objects.filter(status=ImportStatus.CANCELLED).count(),
            lambda actor: cancel(actor, batch))


def _rename_org(tree, members, users):
    from dangbo.organizations.actions import rename_organization
    from dangbo.organizations.models import OrgEvent

    return ("organization.rename", lambda: OrgEvent.objects.count(),
            lambda actor: rename_organization(actor, tree.b, name="Chi bộ Tổng hợp – Hành chính",
                                              effective_date=date(2024, 1, 2)))


def _register_document(tree, members, users):
    from dangbo.documents.actions import register_document
    from dangbo.documents.models import Document

    return ("document.register", lambda: Document.objects.count(),
            lambda actor: register_document(actor, organization=tree.b, direction="in", doc_type="quyet_dinh",
                                            issued_on=date(2024, 5, 6), summary="Về việc thử",
                                            symbol="15-QĐ/ĐU"))


def _propose_commendation(tree, members, users):
    from dangbo.recognition.actions import propose
    from dangbo.recognition.models import Commendation

    return ("commendation.propose", lambda: Commendation.objects.count(),
            lambda actor: propose(actor, organization=tree.b, year=2024, form="giay_khen",
                                  basis="excellent_year", member=members.dung))


def _create_resolution(tree, members, users):
    from dangbo.resolutions.actions import create_resolution
    from dangbo.resolutions.models import Resolution

    return ("resolution.create", lambda: Resolution.objects.count(),
            lambda actor: create_resolution(actor, organization=tree.b, kind="yearly", title="Nghị quyết năm 2024",
                                            adopted_on=date(2024, 1, 5), period_start=date(2024, 1, 1),
                                            period_end=date(2024, 12, 31)))


def _close_dues_month(tree, members, users):
    from dangbo.dues.actions import close_month
    from dangbo.dues.models import DuesMonth

    return ("dues.month.close", lambda: DuesMonth.objects.count(),
            lambda actor: close_month(actor, tree.b, date(2024, 1, 1)))


def _propose_candidate(tree, members, users):
    from dangbo.admission.actions import propose_candidate
    from dangbo.admission.models import Candidate

    return ("admission.propose", lambda: Candidate.objects.count(),
            lambda actor: propose_candidate(actor, organization=tree.b, full_name="Phan Thị Thu Trang",
                                            birth_date=date(2000, 7, 20), gender="F", education_grade=12,
                                            proposed_by="Đoàn cơ sở", proposed_on=date(2025, 3, 2)))


def _open_inspection(tree, members, users):
    from dangbo.inspection.actions import open_inspection
    from dangbo.inspection.models import Inspection

    return ("inspection.open", lambda: Inspection.objects.count(),
            lambda actor: open_inspection(actor, organization=tree.b, body="chi_bo", kind="giam_sat",
                                          basis="chuyen_de", subject_member=members.dung, content="Nêu gương",
                                          decision_number="1-QĐ/CB", decision_date=date(2025, 3, 2),
                                          signer="Bí thư", team_leader="Phó bí thư", period_from=date(2025, 3, 3),
                                          period_to=date(2025, 3, 20)))


CASES = [_discipline, _cancel_import, _rename_org, _register_document, _propose_commendation, _create_resolution,
         _close_dues_month, _propose_candidate, _open_inspection]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.__name__.strip("_"))
def test_in_scope_one_event_of_its_type(tree, members, users, case):
    code, rows, act = case(tree, members, users)
    before_rows, last = rows(), AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    act(users.secretary_b)  # the secretary of B, acting on B
    assert list(AuditEvent.objects.filter(seq__gt=last).values_list("action", flat=True)) == [code]
    assert rows() == before_rows + 1


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.__name__.strip("_"))
def test_out_of_scope_is_refused_and_writes_nothing(tree, members, users, case):
    code, rows, act = case(tree, members, users)
    before = (rows(), AuditEvent.objects.count())
    with pytest.raises(ScopeDenied):
        act(users.secretary)  # the secretary of A, acting on B
    assert (rows(), AuditEvent.objects.count()) == before


# -- two-factor: the administrator's reset ------------------------------------------------------------------
def test_a_2fa_reset_is_an_administrators_one_event(users):
    from dangbo.twofactor.actions import reset

    n = AuditEvent.objects.count()
    with pytest.raises(ScopeDenied, match="Chỉ quản trị hệ thống"):
        reset(users.office, users.secretary)
    assert AuditEvent.objects.count() == n
    reset(users.admin, users.secretary)
    assert list(AuditEvent.objects.filter(seq__gt=n).values_list("action", flat=True)) == ["twofactor.reset"]


# -- merge and split: every organisation involved is checked before anything is written ---------------------
def _tree_state(tree):
    from dangbo.members.models import Member, MemberEvent
    from dangbo.organizations.models import Organization, OrgEvent

    return (sorted(Organization.objects.values_list("pk", "status", "path")), OrgEvent.objects.count(),
            sorted(Member.objects.values_list("pk", "organization_id")), MemberEvent.objects.count(),
            AuditEvent.objects.count())


def test_a_merge_with_one_organisation_out_of_scope_writes_nothing(tree, members, users):
    from dangbo.organizations.actions import merge_organizations

    before = _tree_state(tree)
    with pytest.raises(ScopeDenied):  # the target is B's, a source is A's
        merge_organizations(users.secretary_b, [tree.a], tree.b, effective_date=date(2025, 7, 1),
                            decision_number="1-QĐ/TU")
    with pytest.raises(ScopeDenied):  # the target is A's, the source is B's
        merge_organizations(users.secretary, [tree.b], tree.a, effective_date=date(2025, 7, 1),
                            decision_number="1-QĐ/TU")
    assert _tree_state(tree) == before
    merge_organizations(users.office, [tree.b], tree.a, effective_date=date(2025, 7, 1), decision_number="1-QĐ/TU")
    tree.b.refresh_from_db()
    assert tree.b.status == "merged" and AuditEvent.objects.filter(action="organization.merge").count() == 1


def test_a_split_into_an_organisation_out_of_scope_writes_nothing(tree, members, users):
    from dangbo.organizations.actions import split_organization

    before = _tree_state(tree)
    with pytest.raises(ScopeDenied):
        split_organization(users.secretary_b, tree.b, {members.dung.pk: tree.a, members.hoa.pk: tree.b},
                           effective_date=date(2025, 7, 1))
    assert _tree_state(tree) == before


# -- an import's last step re-checks the scope of every organisation it wrote into -------------------------------
def test_finish_commit_refuses_a_row_written_outside_the_scope(tree, users):
    from dangbo.exchange.models import ImportBatch, ImportStatus
    from dangbo.exchange.pipeline.batches import finish_commit
    from dangbo.exchange.pipeline.rows import Preview, RowResult

    batch = ImportBatch.objects.create(organization=tree.b, org_path=tree.b.path, file_name="dv.xlsx",
                                       file_sha256="0" * 64, status=ImportStatus.COMMITTING)
    pv = Preview(kind="members", target_org=tree.b, actor=users.secretary_b, headers=[], columns={},
                 unknown_headers=[], rows=[RowResult(row=2, org=tree.b), RowResult(row=3, org=tree.a)],
                 conversions=[], duplicates=[])
    n = AuditEvent.objects.count()
    with pytest.raises(ScopeDenied, match=tree.a.name):
        finish_commit(users.secretary_b, batch, pv, created_ids=[], updated_ids=[], summary="thử")
    batch.refresh_from_db()
    assert batch.status == ImportStatus.COMMITTING and AuditEvent.objects.count() == n


def test_an_admission_without_an_organisation_is_a_named_error_for_users_and_jobs(users):
    from django.core.exceptions import ValidationError

    from dangbo.members.actions import admit_member

    n = AuditEvent.objects.count()
    for actor in (users.office, None):
        with pytest.raises(ValidationError) as exc:
            admit_member(actor, organization=None, dossier={"full_name": "Phạm Văn Bình"},
                         decision_date=date(2010, 3, 2))
        assert exc.value.message_dict == {"organization": ["Chưa chọn tổ chức đảng nơi đến."]}
    assert AuditEvent.objects.count() == n
