"""Each step is a registered action: in scope it writes its step and one audit event; out of scope nothing."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangbo.admission import actions, queries
from dangbo.admission.models import Candidate, CandidateStatus, Step, StepKind
from dangbo.core.models import AuditEvent
from dangbo.core.scopes import scope_for
from dangbo.members.models import Member, Status

from .conftest import complete_dossier

pytestmark = pytest.mark.django_db


def codes_since(seq):
    return list(AuditEvent.objects.filter(seq__gt=seq).order_by("seq").values_list("action", flat=True))


def last_seq():
    return AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def test_the_whole_pipeline_ends_in_a_member(candidate, members, users, tree):
    sec = users.secretary
    start = last_seq()
    complete_dossier(sec, candidate, [members.men, members.lan])
    assert codes_since(start) == ["admission.certificate", "admission.application", "admission.introducer",
                                  "admission.introducer", "admission.verification", "admission.comment",
                                  "admission.comment"]
    actions.record_branch_resolution(sec, candidate, on=date(2025, 5, 5), votes_for=2, official_members=2,
                                     document="05-NQ/CB")
    # Chi bộ A is a chi bộ trực thuộc: the đảng ủy cơ sở's resolution comes before the decision.
    with pytest.raises(ValidationError, match="đảng ủy cơ sở"):
        actions.decide_admission(users.office, candidate, on=date(2025, 6, 2), document="77-QĐ/ĐU")
    actions.record_committee_resolution(users.office, candidate, on=date(2025, 5, 20), document="12-NQ/ĐU")
    seq = last_seq()
    member = actions.decide_admission(users.office, candidate, on=date(2025, 6, 2), document="77-QĐ/ĐU",
                                      issuer="Ban Thường vụ Đảng ủy")
    # The register's own admit action ran inside (its event), then the pipeline's one.
    assert codes_since(seq) == ["member.admit", "admission.decide"]
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.ADMITTED and candidate.member == member
    assert member.status == Status.PROBATIONARY and member.organization == tree.a
    assert member.admission_decision_date == date(2025, 6, 2) and member.citizen_id == "001200012345"
    actions.record_ceremony(sec, candidate, on=date(2025, 6, 20))
    member.refresh_from_db()
    assert member.ceremony_date == date(2025, 6, 20) and member.official_date == date(2026, 6, 20)
    items = {i.key: i for i in queries.checklist(candidate, date(2025, 7, 1))}
    assert all(i.done for i in items.values()), {k: i.state for k, i in items.items() if not i.done}
    # the person's conditions read «Đạt», the dossier's documents «Đã có»
    assert (items["age"].state_label, items["application"].state_label) == ("Đạt", "Đã có")
    figures = queries.pipeline_figures(scope_for(users.office), tree.root.path, 2025)
    assert figures == {"in_pipeline": 0, "admitted_this_year": 1, "year": 2025}


def test_a_secretary_cannot_touch_another_chi_bos_candidate(candidate, users, members):
    before = (Step.objects.count(), last_seq())
    for call in (lambda: actions.record_application(users.secretary_b, candidate, on=date(2025, 4, 1)),
                 lambda: actions.add_introducer(users.secretary_b, candidate, member=members.dung,
                                                on=date(2025, 4, 1), months_known=30),
                 lambda: actions.withdraw_candidate(users.secretary_b, candidate, on=date(2025, 4, 1), reason="x")):
        with pytest.raises(PermissionDenied, match="Chi bộ Văn phòng"):
            call()
    with pytest.raises(PermissionDenied):
        actions.propose_candidate(users.secretary_b, organization=candidate.organization, full_name="Lê Văn Bảy",
                                  birth_date=date(2001, 1, 1), gender="M", education_grade=12,
                                  proposed_by="Đoàn", proposed_on=date(2025, 1, 1))
    # The đảng ủy cơ sở's resolution and the decision belong to the level above the chi bộ.
    with pytest.raises(PermissionDenied, match="đảng ủy cơ sở"):
        actions.record_committee_resolution(users.secretary, candidate, on=date(2025, 5, 20))
    with pytest.raises(PermissionDenied, match="đảng ủy cơ sở"):
        actions.decide_admission(users.secretary, candidate, on=date(2025, 6, 2), document="1-QĐ")
    assert (Step.objects.count(), last_seq()) == before
    assert Candidate.objects.get(pk=candidate.pk).status == CandidateStatus.PIPELINE
    # Reading is scoped too: B's secretary does not see A's candidate.
    assert not queries.visible(scope_for(users.secretary_b)).filter(pk=candidate.pk).exists()
    assert queries.visible(scope_for(users.secretary)).filter(pk=candidate.pk).exists()


def test_the_vote_needs_a_complete_dossier_a_valid_certificate_and_two_thirds(candidate, users, members):
    sec = users.secretary
    with pytest.raises(ValidationError, match="thiếu đơn xin vào đảng"):
        actions.record_branch_resolution(sec, candidate, on=date(2025, 5, 5), votes_for=2, official_members=2)
    # A certificate of 20/3/2020 is valid 60 months, to 19/3/2025: the vote of 5/5/2025 is refused.
    complete_dossier(sec, candidate, [members.men, members.lan], certificate=date(2020, 3, 20))
    with pytest.raises(ValidationError, match="hết giá trị"):
        actions.record_branch_resolution(sec, candidate, on=date(2025, 5, 5), votes_for=6, official_members=9)
    actions.record_certificate(sec, candidate, on=date(2025, 4, 25))  # the class taken again
    with pytest.raises(ValidationError, match="cần 6"):
        actions.record_branch_resolution(sec, candidate, on=date(2025, 5, 5), votes_for=5, official_members=9)
    step = actions.record_branch_resolution(sec, candidate, on=date(2025, 5, 5), votes_for=6, official_members=9)
    assert step.kind == StepKind.BRANCH_RESOLUTION


def test_under_18_by_month_on_the_vote_is_refused(tree, members, users):
    sec = users.secretary
    c = actions.propose_candidate(sec, organization=tree.a, full_name="Vũ Minh Khôi", birth_date=date(2007, 5, 6),
                                  gender="M", education_grade=12, proposed_by="Đoàn trường",
                                  proposed_on=date(2025, 1, 6))
    complete_dossier(sec, c, [members.men, members.lan])
    with pytest.raises(ValidationError, match="đủ 18 tuổi"):
        actions.record_branch_resolution(sec, c, on=date(2025, 5, 5), votes_for=2, official_members=2)
    assert actions.record_branch_resolution(sec, c, on=date(2025, 5, 6), votes_for=2, official_members=2)


def test_introducers_must_be_official_and_known_12_months(candidate, users, members):
    sec = users.secretary
    with pytest.raises(ValidationError, match="ít nhất 12 tháng"):
        actions.add_introducer(sec, candidate, member=members.men, on=date(2025, 4, 2), months_known=11)
    with pytest.raises(ValidationError, match="chính thức"):
        actions.add_introducer(sec, candidate, member=members.hoa, on=date(2025, 4, 2), months_known=30)
    actions.record_union_resolution(sec, candidate, on=date(2025, 4, 1), issuer="Đoàn cơ sở")
    actions.add_introducer(sec, candidate, member=members.men, on=date(2025, 4, 2), months_known=12)
    with pytest.raises(ValidationError, match="Đã đủ người giới thiệu"):
        actions.add_introducer(sec, candidate, member=members.lan, on=date(2025, 4, 2), months_known=12)


def test_checklist_shows_missing_expired_and_overdue(candidate, users, members):
    items = {i.key: i.state for i in queries.checklist(candidate, date(2025, 3, 10))}
    assert items["certificate"] == queries.MISSING and items["introducers"] == queries.MISSING
    complete_dossier(users.secretary, candidate, [members.men, members.lan])
    assert {i.key: i.state for i in queries.checklist(candidate, date(2030, 3, 19))}["certificate"] == queries.OK
    assert {i.key: i.state for i in queries.checklist(candidate, date(2030, 3, 20))}["certificate"] == queries.EXPIRED
    actions.record_branch_resolution(users.secretary, candidate, on=date(2025, 5, 5), votes_for=2,
                                     official_members=2)
    decision = {i.key: i for i in queries.checklist(candidate, date(2025, 9, 1))}["decision"]
    assert decision.state == queries.OVERDUE and decision.due < date(2025, 9, 1)
    # ... and it reaches the register's due-work list, linked to the candidate's page.
    from dangbo.members.queries import due_work

    due = [i for i in due_work(scope_for(users.office), date(2025, 9, 1)) if i.kind.startswith("admission")]
    assert [(i.member.pk, i.link, i.overdue) for i in due] == [(candidate.pk, f"/ket-nap/{candidate.pk}/", True)]
    assert not [i for i in due_work(scope_for(users.secretary_b), date(2025, 9, 1)) if i.kind.startswith("admission")]


def test_verification_may_be_waived_for_a_members_relative(candidate, users, members):
    with pytest.raises(ValidationError, match="cha, mẹ"):
        actions.record_verification(users.secretary, candidate, on=date(2025, 4, 1), waived=True)
    actions.record_verification(users.secretary, candidate, on=date(2025, 4, 1), waived=True, relative=members.men)
    item = {i.key: i for i in queries.checklist(candidate, date(2025, 4, 2))}["verification"]
    assert item.state == queries.WAIVED and members.men.full_name in item.detail
    assert not Member.objects.filter(full_name=candidate.full_name).exists()


def test_withdrawn_candidates_take_no_more_steps(candidate, users):
    with pytest.raises(ValidationError, match="lý do"):
        actions.withdraw_candidate(users.secretary, candidate, on=date(2025, 4, 1), reason=" ")
    actions.withdraw_candidate(users.secretary, candidate, on=date(2025, 4, 1), reason="Chuyển công tác")
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.WITHDRAWN and "Chuyển công tác" in candidate.note
    with pytest.raises(ValidationError, match="đưa khỏi danh sách"):
        actions.record_application(users.secretary, candidate, on=date(2025, 4, 2))
    figures = queries.pipeline_figures(scope_for(users.secretary), candidate.org_path, 2025)
    assert figures["in_pipeline"] == 0


def test_a_citizen_id_already_on_the_register_or_in_the_pipeline_is_refused(candidate, users, members, tree):
    def propose(cccd):
        return actions.propose_candidate(users.secretary, organization=tree.a, full_name="Lê Văn Bảy",
                                         birth_date=date(2001, 1, 1), gender="M", education_grade=12,
                                         proposed_by="Đoàn", proposed_on=date(2025, 1, 1), citizen_id=cccd)

    with pytest.raises(ValidationError, match="danh sách phát triển"):
        propose(candidate.citizen_id)
    with pytest.raises(ValidationError, match="sổ đảng viên") as err:
        propose(members.dung.citizen_id)
    assert members.dung.full_name not in str(err.value)  # B's member is not named to A's secretary
    with pytest.raises(ValidationError, match="12 chữ số"):
        propose("12345")


def test_refusals_in_the_readers_language(candidate, users):
    """Refused in the action's body (run in Vietnamese), shown in the reader's language: the missing steps are
    the choice labels lowered and listed when the message is read."""
    from django.utils import translation

    with pytest.raises(ValidationError) as e:
        actions.record_branch_resolution(users.secretary, candidate, on=date(2025, 5, 5), votes_for=2,
                                         official_members=2)
    with translation.override("vi"):
        assert e.value.messages[0].startswith("Hồ sơ chưa đủ trước ngày 05/05/2025: thiếu đơn xin vào đảng, ")
    with translation.override("en"):
        message = e.value.messages[0]
        assert message.startswith("The dossier is incomplete before 05/05/2025: missing ")
        assert str(StepKind.APPLICATION.label).lower() in message and "introducers" in message
        with pytest.raises(ValidationError) as e:
            actions.record_application(users.secretary, candidate, on=date(2099, 1, 1))
        assert e.value.messages == ["Application date 01/01/2099 is in the future."]
