"""Every change of the admission pipeline: one registered action per step (scope first, the rules, one audit event).

The decision step calls the register's own `members.actions.admit_member` (the candidate becomes a member, the
link is kept) and the ceremony step `members.actions.record_event(CEREMONY)`: each writes its own audit event
inside this app's one.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dangbo.core import audit
from dangbo.core.actions import audited_action, date_text, fail, writes, writes_chosen
from dangbo.core.i18n import listed as _listed
from dangbo.core.i18n import lowered as _lowered
from dangbo.members import actions as member_actions
from dangbo.members.models import EventKind, Member, Status
from dangbo.members.queries import working_calendar
from dangbo.organizations.models import Organization, OrgKind
from dangbo.organizations.queries import admission_decider
from dangbo.rules import admission as rules
from dangbo.rules import membership
from dangbo.rules.text import name_sort_key, nfc, search_key

from .models import Candidate, CandidateStatus, Step, StepKind
from .queries import admission_settings, needs_committee


def _path(candidate: Candidate) -> str:
    """Where the candidate is filed now (the object passed in may be stale)."""
    return Candidate.objects.filter(pk=candidate.pk).values_list("org_path", flat=True).get()


# Lowered choice labels and lists of labels inside a sentence, read when the message is shown (the reader's
# language; the actions' bodies run in Vietnamese).


def _denied(candidate: Candidate) -> str:
    return _("Bạn không có quyền thay đổi hồ sơ phát triển đảng viên của «%(org)s».") % {
        "org": candidate.organization.name}


ON_CANDIDATE = writes(lambda candidate, **kw: _path(candidate), lambda candidate, **kw: _denied(candidate))


def _upper_path(candidate: Candidate) -> str:
    """Who records the đảng ủy cơ sở's resolution and the decision: the đảng ủy cơ sở above a chi bộ trực thuộc
    (its office), the chi bộ itself when it is a chi bộ cơ sở (the upper level may not use this register)."""
    c = Candidate.objects.select_related("organization__parent").get(pk=candidate.pk)
    return admission_decider(c.organization).path


def _upper_denied(candidate: Candidate) -> str:
    return _("Nghị quyết của đảng ủy cơ sở và quyết định kết nạp do đảng ủy cơ sở ghi: bạn không có quyền ghi cho "
             "«%(org)s».") % {"org": candidate.organization.name}


ON_CANDIDATE_UPPER = writes(lambda candidate, **kw: _upper_path(candidate),
                            lambda candidate, **kw: _upper_denied(candidate))


IN_CELL = writes_chosen(_("Chưa chọn chi bộ."),
                        _("Bạn không có quyền thay đổi hồ sơ phát triển đảng viên của «{org.name}»."))


def _raise(findings):
    errors = [f for f in findings if f.is_error]
    if errors:
        out: dict = {}
        for f in errors:
            out.setdefault(f.field or None, []).append(f.message)
        raise ValidationError(out)


def _text(value) -> str:
    return nfc(value or "").strip()


def _check_day(on: date | None, field: str = "on", label=None):
    """`label`: the day's name, a gettext_lazy text in lower case («ngày viết đơn»)."""
    label = label or pgettext_lazy("tên của ngày trong thông báo lỗi", "ngày")
    if on is None:
        fail(field, _("Chưa nhập %(what)s."), what=label)
    if on > timezone.localdate():
        fail(field, _("%(what)s %(date)s ở tương lai."), what=capfirst(label), date=date_text(on))


def _open(candidate: Candidate) -> Candidate:
    candidate = Candidate.objects.select_related("organization").get(pk=candidate.pk)
    if candidate.status != CandidateStatus.PIPELINE:
        fail(None, _("%(name)s %(status)s: không ghi thêm bước trước kết nạp."), name=candidate.full_name,
             status=_lowered(CandidateStatus(candidate.status).label))
    return candidate


def _begin(candidate: Candidate, on: date | None, label, once: str = "") -> Candidate:
    """Every step's opening: the candidate still in the pipeline, the step's day given and not in the future, and
    (`once`) no step of that kind recorded before."""
    candidate = _open(candidate)
    _check_day(on, label=label)
    if once:
        _once(candidate, once)
    return candidate


def _step(candidate: Candidate, kind: str) -> Step | None:
    return candidate.steps.filter(kind=kind).order_by("-on", "-id").first()


def _after(candidate: Candidate, kind: str, on: date, missing, before=None) -> Step:
    """The recorded step `kind` that this one follows: refused with `missing` when there is none, and with `before`
    (its date as %(date)s) when `on` precedes it."""
    step = _step(candidate, kind)
    if step is None:
        fail("on", missing)
    if before is not None and on < step.on:
        fail("on", before, date=date_text(step.on))
    return step


def _once(candidate: Candidate, kind: str):
    if (old := _step(candidate, kind)) is not None:
        fail("on", _("Đã ghi «%(step)s» ngày %(date)s."), step=StepKind(old.kind).label, date=date_text(old.on))


def _record(actor, candidate: Candidate, code: str, step: Step, summary: str, **data) -> Step:
    audit.record(code, actor=actor, obj=candidate, org_path=candidate.org_path,
                 summary=f"{summary}: {candidate.full_name}",
                 data={"step": step.kind, "on": step.on, "document": step.document, **data})
    return step


# -- entering the pipeline -----------------------------------------------------------------------------------
@audited_action("admission.propose", scope=IN_CELL)
def propose_candidate(actor, *, organization: Organization, full_name: str, birth_date: date | None, gender: str,
                      education_grade: int | None, proposed_by: str, proposed_on: date | None,
                      education_exception: str = "", citizen_id: str = "", workplace: str = "",
                      residence: str = "", note: str = "") -> Candidate:
    """A quần chúng ưu tú the unions or the chi bộ propose, filed under the chi bộ that will admit them."""
    if not organization.is_active:
        fail("organization", _("«%(org)s» đã ngừng hoạt động."), org=organization.name)
    if not organization.is_cell:
        fail("organization", _("Người vào Đảng được chi bộ xem xét; «%(org)s» là %(kind)s."), org=organization.name,
             kind=_lowered(OrgKind(organization.kind).label))
    full_name = _text(full_name)
    if len(full_name.split()) < 2:
        fail("full_name", _("Họ và tên phải có ít nhất họ và tên."))
    if birth_date is None:
        fail("birth_date", _("Chưa nhập ngày sinh."))
    if birth_date >= timezone.localdate():
        fail("birth_date", _("Ngày sinh %(date)s không hợp lệ."), date=date_text(birth_date))
    if gender not in ("M", "F"):
        fail("gender", _("Chọn giới tính."))
    if education_exception not in dict(rules.EducationException.CHOICES):
        fail("education_exception", _("Chọn trường hợp đặc biệt về học vấn trong danh sách."))
    _raise(rules.check_education(education_grade, education_exception))
    citizen_id = _text(citizen_id).replace(" ", "")
    if citizen_id and not (citizen_id.isdigit() and len(citizen_id) == 12):
        fail("citizen_id", _("Số CCCD phải gồm đúng 12 chữ số (đã nhập «%(value)s»)."), value=citizen_id)
    if not _text(proposed_by):
        fail("proposed_by", _("Nhập đoàn thể hoặc chi bộ giới thiệu."))
    _check_day(proposed_on, "proposed_on", _("ngày giới thiệu"))
    if citizen_id and Candidate.objects.filter(citizen_id=citizen_id, status=CandidateStatus.PIPELINE).exists():
        fail("citizen_id", _("Số CCCD %(value)s đã có trong danh sách phát triển đảng viên."), value=citizen_id)
    if citizen_id and Member.objects.filter(citizen_id=citizen_id).exists():  # no name: it may be outside the scope
        fail("citizen_id", _("Số CCCD %(value)s đã có trong sổ đảng viên (kết nạp lại là một thủ tục khác)."),
             value=citizen_id)
    c = Candidate.objects.create(
        organization=organization, org_path=organization.path, full_name=full_name,
        sort_key=name_sort_key(full_name), search_name=search_key(full_name), birth_date=birth_date, gender=gender,
        citizen_id=citizen_id, education_grade=education_grade, education_exception=education_exception,
        workplace=_text(workplace), residence=_text(residence), proposed_by=_text(proposed_by),
        proposed_on=proposed_on, note=_text(note))
    audit.record("admission.propose", actor=actor, obj=c, org_path=c.org_path,
                 summary=f"Giới thiệu quần chúng ưu tú {c.full_name} ({organization.name})",
                 data={"proposed_by": c.proposed_by, "proposed_on": proposed_on})
    return c


@audited_action("admission.withdraw", scope=ON_CANDIDATE)
def withdraw_candidate(actor, candidate: Candidate, *, on: date | None, reason: str) -> Candidate:
    candidate = _open(candidate)
    _check_day(on)
    if not _text(reason):
        fail("note", _("Nhập lý do."))
    candidate.status = CandidateStatus.WITHDRAWN
    candidate.note = (candidate.note + "\n" if candidate.note else "") + f"{date_text(on)}: {_text(reason)}"
    candidate.save(update_fields=["status", "note"])
    audit.record("admission.withdraw", actor=actor, obj=candidate, org_path=candidate.org_path,
                 summary=f"Đưa {candidate.full_name} khỏi danh sách phát triển đảng viên",
                 data={"on": on, "reason": _text(reason)})
    return candidate


# -- the dossier's steps ---------------------------------------------------------------------------------------
@audited_action("admission.certificate", scope=ON_CANDIDATE)
def record_certificate(actor, candidate: Candidate, *, on: date | None, document: str = "",
                       issuer: str = "") -> Step:
    """The awareness class's certificate. A new one may be recorded (the class retaken after one lapsed)."""
    candidate = _begin(candidate, on, _("ngày cấp giấy chứng nhận"))
    if (old := _step(candidate, StepKind.CERTIFICATE)) and old.on >= on:
        fail("on", _("Đã có giấy chứng nhận ngày %(date)s; chỉ ghi giấy mới hơn."), date=date_text(old.on))
    step = Step.objects.create(candidate=candidate, kind=StepKind.CERTIFICATE, on=on, document=_text(document),
                               issuer=_text(issuer))
    until = rules.certificate_valid_until(on, admission_settings())
    return _record(actor, candidate, "admission.certificate", step, "Giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng",
                   valid_until=until)


@audited_action("admission.application", scope=ON_CANDIDATE)
def record_application(actor, candidate: Candidate, *, on: date | None, document: str = "") -> Step:
    candidate = _begin(candidate, on, _("ngày viết đơn"), once=StepKind.APPLICATION)
    step = Step.objects.create(candidate=candidate, kind=StepKind.APPLICATION, on=on, document=_text(document))
    return _record(actor, candidate, "admission.application", step, "Đơn xin vào Đảng")


@audited_action("admission.introducer", scope=ON_CANDIDATE)
def add_introducer(actor, candidate: Candidate, *, member: Member | None, on: date | None, months_known: int | None,
                   document: str = "") -> Step:
    """An official member who worked, studied or lived with the person at least 12 months (a setting)."""
    candidate = _begin(candidate, on, _("ngày giới thiệu"))
    if member is None:
        fail("member", _("Chọn đảng viên giới thiệu."))
    member = Member.objects.select_related("organization").get(pk=member.pk)
    _raise(rules.check_introducer(months_known, member.status == Status.OFFICIAL, admission_settings()))
    existing = list(candidate.steps.filter(kind=StepKind.INTRODUCER))
    if any(s.member_id == member.pk for s in existing):
        fail("member", _("Đảng viên %(name)s đã là người giới thiệu."), name=member.full_name)
    union = _step(candidate, StepKind.UNION_RESOLUTION) is not None
    if len(existing) >= (1 if union else 2):
        fail("member", _("Đã đủ người giới thiệu (hai đảng viên chính thức, hoặc nghị quyết của đoàn thể và một "
                         "đảng viên chính thức)."))
    step = Step.objects.create(candidate=candidate, kind=StepKind.INTRODUCER, on=on, member=member,
                               months_known=months_known, document=_text(document))
    return _record(actor, candidate, "admission.introducer", step, f"Người giới thiệu {member.full_name}",
                   member=member.pk, months_known=months_known)


@audited_action("admission.union_resolution", scope=ON_CANDIDATE)
def record_union_resolution(actor, candidate: Candidate, *, on: date | None, document: str = "",
                            issuer: str = "") -> Step:
    """The ban chấp hành đoàn cơ sở's (or công đoàn's) resolution: it stands for one of the two introducers."""
    candidate = _begin(candidate, on, _("ngày nghị quyết"), once=StepKind.UNION_RESOLUTION)
    if candidate.steps.filter(kind=StepKind.INTRODUCER).count() >= 2:
        fail("on", _("Đã có hai đảng viên chính thức giới thiệu."))
    if not _text(issuer):
        fail("issuer", _("Nhập tên đoàn thể ra nghị quyết."))
    step = Step.objects.create(candidate=candidate, kind=StepKind.UNION_RESOLUTION, on=on, document=_text(document),
                               issuer=_text(issuer))
    return _record(actor, candidate, "admission.union_resolution", step, "Nghị quyết giới thiệu của đoàn thể")


@audited_action("admission.verification", scope=ON_CANDIDATE)
def record_verification(actor, candidate: Candidate, *, on: date | None, document: str = "", waived: bool = False,
                        relative: Member | None = None, note: str = "") -> Step:
    """The lý lịch verified, or not needed because a parent, sibling or child is a fully declared member."""
    candidate = _begin(candidate, on, _("ngày thẩm tra"), once=StepKind.VERIFICATION)
    if waived and relative is None:
        fail("member", _("Chọn đảng viên là cha, mẹ, anh, chị, em ruột hoặc con đẻ của người vào Đảng."))
    if not waived and not _text(document):
        fail("document", _("Nhập văn bản kết quả thẩm tra lý lịch."))
    step = Step.objects.create(candidate=candidate, kind=StepKind.VERIFICATION, on=on, document=_text(document),
                               waived=waived, member=relative if waived else None, note=_text(note))
    return _record(actor, candidate, "admission.verification", step,
                   "Không phải thẩm tra lý lịch" if waived else "Thẩm tra lý lịch", waived=waived)


@audited_action("admission.comment", scope=ON_CANDIDATE)
def record_comment(actor, candidate: Candidate, *, where: str, on: date | None, document: str = "",
                   issuer: str = "") -> Step:
    """Comments of the workplace (where: "work") or the place of residence ("home")."""
    kind = {"work": StepKind.COMMENT_WORK, "home": StepKind.COMMENT_RESIDENCE}.get(where)
    if kind is None:
        fail("where", _("Chọn nơi công tác hoặc nơi cư trú."))
    candidate = _begin(candidate, on, _("ngày nhận xét"), once=kind)
    step = Step.objects.create(candidate=candidate, kind=kind, on=on, document=_text(document), issuer=_text(issuer))
    return _record(actor, candidate, "admission.comment", step, step.get_kind_display())


@audited_action("admission.branch_resolution", scope=ON_CANDIDATE)
def record_branch_resolution(actor, candidate: Candidate, *, on: date | None, votes_for: int | None,
                             official_members: int | None, document: str = "") -> Step:
    """The chi bộ's resolution proposing admission: the dossier complete, the certificate valid, age 18 by month
    on that day, education, and at least 2/3 of official members in favour (settings)."""
    candidate = _begin(candidate, on, _("ngày nghị quyết"), once=StepKind.BRANCH_RESOLUTION)
    settings = admission_settings()
    steps = list(candidate.steps.all())
    missing = []
    kinds = {s.kind for s in steps}
    for kind in (StepKind.APPLICATION, StepKind.VERIFICATION, StepKind.COMMENT_WORK, StepKind.COMMENT_RESIDENCE):
        if kind not in kinds or min(s.on for s in steps if s.kind == kind) > on:
            missing.append(_lowered(StepKind(kind).label))
    introducers = sum(1 for s in steps if s.kind == StepKind.INTRODUCER and s.on <= on)
    union = any(s.kind == StepKind.UNION_RESOLUTION and s.on <= on for s in steps)
    if not rules.introductions_complete(introducers, union):
        missing.append(_("người giới thiệu"))
    if missing:
        fail("on", _("Hồ sơ chưa đủ trước ngày %(date)s: thiếu %(missing)s."), date=date_text(on),
             missing=_listed(missing))
    certs = [s for s in steps if s.kind == StepKind.CERTIFICATE and s.on <= on]
    if not certs:
        fail("on", _("Chưa có giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng."))
    cert = max(certs, key=lambda s: s.on)
    if not rules.certificate_valid_on(cert.on, on, settings):
        until = date_text(rules.certificate_valid_until(cert.on, settings))
        fail("on", _("Giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng ngày %(date)s đã hết giá trị (%(months)s tháng, "
                     "đến %(until)s); người vào Đảng phải học lại trước khi chi bộ xét."), date=date_text(cert.on),
             months=settings.certificate_validity_months, until=until)
    _raise(membership.check_admission(candidate.birth_date, on, on))
    _raise(rules.check_education(candidate.education_grade, candidate.education_exception))
    _raise(rules.check_branch_vote(votes_for, official_members, settings))
    step = Step.objects.create(candidate=candidate, kind=StepKind.BRANCH_RESOLUTION, on=on, document=_text(document),
                               votes_for=votes_for, official_members=official_members)
    return _record(actor, candidate, "admission.branch_resolution", step, "Nghị quyết đề nghị kết nạp của chi bộ",
                   votes_for=votes_for, official_members=official_members)


@audited_action("admission.committee_resolution", scope=ON_CANDIDATE_UPPER)
def record_committee_resolution(actor, candidate: Candidate, *, on: date | None, document: str = "",
                                issuer: str = "") -> Step:
    candidate = _begin(candidate, on, _("ngày nghị quyết"), once=StepKind.COMMITTEE_RESOLUTION)
    if not needs_committee(candidate.organization):
        fail("on", _("«%(org)s» là chi bộ cơ sở: không có nghị quyết của đảng ủy cơ sở."),
             org=candidate.organization.name)
    _after(candidate, StepKind.BRANCH_RESOLUTION, on, _("Chưa có nghị quyết đề nghị kết nạp của chi bộ."),
           _("Nghị quyết của đảng ủy cơ sở không được trước nghị quyết của chi bộ (%(date)s)."))
    step = Step.objects.create(candidate=candidate, kind=StepKind.COMMITTEE_RESOLUTION, on=on,
                               document=_text(document), issuer=_text(issuer))
    return _record(actor, candidate, "admission.committee_resolution", step, "Nghị quyết của đảng ủy cơ sở")


@audited_action("admission.decide", scope=ON_CANDIDATE_UPPER)
def decide_admission(actor, candidate: Candidate, *, on: date | None, document: str = "", issuer: str = "",
                     extended: bool = False) -> Member:
    """The competent level's decision: the register's admit action makes the member (the link is kept). A
    decision later than 60 working days (90 when extended) is recorded and shown as late on the checklist."""
    candidate = _begin(candidate, on, _("ngày quyết định"))
    branch = _after(candidate, StepKind.BRANCH_RESOLUTION, on, _("Chưa có nghị quyết đề nghị kết nạp của chi bộ."))
    if needs_committee(candidate.organization):
        _after(candidate, StepKind.COMMITTEE_RESOLUTION, on, _("Chưa có nghị quyết của đảng ủy cơ sở."),
               _("Quyết định không được trước nghị quyết của đảng ủy cơ sở (%(date)s)."))
    _raise(rules.check_decision_date(branch.on, on, extended, working_calendar()))
    if not _text(document):
        fail("document", _("Nhập số quyết định kết nạp."))
    dossier = {"full_name": candidate.full_name, "birth_date": candidate.birth_date, "gender": candidate.gender,
               "workplace": candidate.workplace, "residence": candidate.residence,
               "education": f"{candidate.education_grade}/12"}
    if candidate.citizen_id:
        dossier["citizen_id"] = candidate.citizen_id
    try:
        member = member_actions.admit_member(actor, organization=candidate.organization, dossier=dossier,
                                             decision_date=on, decision_number=_text(document), issuer=_text(issuer),
                                             note=f"Kết nạp từ hồ sơ phát triển đảng viên số {candidate.pk}")
    except ValidationError as exc:  # the register's own field names onto this form's
        if hasattr(exc, "error_dict") and "admission_decision_date" in exc.error_dict:
            raise ValidationError({"on": exc.error_dict["admission_decision_date"]}) from exc
        raise
    step = Step.objects.create(candidate=candidate, kind=StepKind.DECISION, on=on, document=_text(document),
                               issuer=_text(issuer), extended=extended, member=member)
    candidate.status, candidate.member = CandidateStatus.ADMITTED, member
    candidate.save(update_fields=["status", "member"])
    _record(actor, candidate, "admission.decide", step, "Quyết định kết nạp", member=member.pk, extended=extended)
    return member


@audited_action("admission.ceremony", scope=ON_CANDIDATE)
def record_ceremony(actor, candidate: Candidate, *, on: date | None, note: str = "") -> Step:
    """The ceremony (within 30 working days of the decision; later needs the upper level's consent, a finding on
    the member's record as on the register): the member's CEREMONY event starts the 12 months of probation."""
    candidate = Candidate.objects.select_related("organization", "member").get(pk=candidate.pk)
    if candidate.status != CandidateStatus.ADMITTED or candidate.member is None:
        fail("on", _("Chưa có quyết định kết nạp."))
    _check_day(on, label=_("ngày lễ kết nạp"))
    _once(candidate, StepKind.CEREMONY)
    decision = _step(candidate, StepKind.DECISION)
    if decision and on < decision.on:
        fail("on", _("Lễ kết nạp không được trước ngày quyết định (%(date)s)."), date=date_text(decision.on))
    try:
        member_actions.record_event(actor, candidate.member, EventKind.CEREMONY, effective_date=on, note=_text(note))
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "effective_date" in exc.error_dict:
            raise ValidationError({"on": exc.error_dict["effective_date"]}) from exc
        raise
    step = Step.objects.create(candidate=candidate, kind=StepKind.CEREMONY, on=on, member=candidate.member,
                               note=_text(note))
    return _record(actor, candidate, "admission.ceremony", step, "Lễ kết nạp", member=candidate.member_id)

