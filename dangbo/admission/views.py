"""The pipeline's pages: the list (filter, paging, figures, overdue deadlines), a candidate's dossier with its
checklist, and one form per step (each runs one registered action)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangbo.core.generic import FormPage, ObjectFormPage, ScopedDetailView, ScopedListView, ScopedObjectMixin
from dangbo.core.i18n import in_vietnamese
from dangbo.core.scopes import WRITE
from dangbo.members.models import Member
from dangbo.members.queries import working_calendar
from dangbo.organizations.pickers import ChosenOrgListMixin, org_choices, writable_org
from dangbo.organizations.queries import admission_decider

from . import actions, queries
from .filters import CandidateFilterSet
from .forms import CandidateForm, StepForm
from .models import Candidate, CandidateStatus
from .tables import CandidateTable


class CandidateList(ChosenOrgListMixin, ScopedListView):
    filterset_class = CandidateFilterSet
    table_class = CandidateTable
    template_name = "admission/list.html"
    title = _("Phát triển đảng viên")
    prefetch_related = ("steps__member",)

    def get_context(self, filterset, table, page):
        today = timezone.localdate()
        cal = working_calendar()
        missing = {c.pk: [i.label for i in queries.open_items(c, today, calendar=cal)] for c in page.rows
                   if c.status == CandidateStatus.PIPELINE}
        figures = overdue = None
        if self.org is not None:
            figures = queries.pipeline_figures(self.scope, self.org.path, today.year)
            overdue = queries.overdue(self.scope, today, self.org.path)
        return {"org": self.org, "orgs": org_choices(self.scope), "can_add": self.scope.can_write_any,
                "figures": figures, "overdue": overdue, "missing": missing}


candidate_list = CandidateList.as_view()


class CandidateCreate(FormPage):
    title, submit = _("Giới thiệu quần chúng ưu tú"), _("Lưu")
    result_url = "admission:detail"
    intro = _("Người được đoàn thể hoặc chi bộ giới thiệu để bồi dưỡng, xem xét kết nạp vào Đảng.")

    def check(self):
        self.scope.require(WRITE, message=_("Bạn không có quyền ghi hồ sơ phát triển đảng viên."))

    def get_form(self, data=None):
        return CandidateForm(data, scope=self.scope)

    def perform(self, form):
        cd = dict(form.cleaned_data)
        org = writable_org(self.request, cd.pop("organization"))
        return actions.propose_candidate(self.request.user, organization=org, **cd)

    def get_success_message(self, c, form):
        return _("Đã đưa %(name)s vào danh sách phát triển đảng viên.") % {"name": c.full_name}

    def cancel_url(self):
        return reverse("admission:list")


candidate_create = CandidateCreate.as_view()


class CandidateMixin(ScopedObjectMixin):
    model = Candidate
    select_related = ("organization__parent", "member")
    denied = _("Bạn không có quyền thay đổi hồ sơ phát triển đảng viên của «{obj.organization.name}».")
    page_url = "admission:detail"


@dataclass
class StepSpec:
    key: str  # the URL segment
    title: str
    action: object
    fields: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)  # fixed arguments of the action
    admitted: bool = False  # a step after the decision

    def url(self, candidate) -> str:
        return reverse(f"admission:{self.key}", args=[candidate.pk])


ON, DOC, ISSUER = "on", "document", "issuer"
STEPS = [
    StepSpec("chung-chi", _("Giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng"), actions.record_certificate,
             {ON: _("Ngày cấp"), DOC: _("Số giấy chứng nhận"), ISSUER: _("Nơi cấp (trung tâm chính trị)")}),
    StepSpec("don", _("Đơn xin vào Đảng"), actions.record_application,
             {ON: _("Ngày viết đơn"), DOC: _("Ghi chú về đơn")}),
    StepSpec("gioi-thieu", _("Người giới thiệu (đảng viên chính thức)"), actions.add_introducer,
             {"member": _("Đảng viên giới thiệu"), "months_known": _("Số tháng cùng công tác, học tập, cư trú"),
              ON: _("Ngày giới thiệu"), DOC: _("Phiếu giới thiệu")}),
    StepSpec("doan-the", _("Nghị quyết giới thiệu của đoàn thể"), actions.record_union_resolution,
             {ON: _("Ngày nghị quyết"), DOC: _("Số nghị quyết"),
              ISSUER: _("Đoàn thể (ban chấp hành đoàn cơ sở, công đoàn)")}),
    StepSpec("tham-tra", _("Thẩm tra lý lịch"), actions.record_verification,
             {ON: _("Ngày"), DOC: _("Văn bản kết quả thẩm tra"),
              "waived": _("Không phải thẩm tra: cha, mẹ, anh, chị, em ruột hoặc con đẻ là đảng viên đã khai đầy đủ"),
              "member": _("Người thân là đảng viên"), "note": _("Ghi chú")}),
    StepSpec("nhan-xet-cong-tac", _("Nhận xét của nơi công tác"), actions.record_comment,
             {ON: _("Ngày nhận xét"), DOC: _("Văn bản"), ISSUER: _("Nơi nhận xét")}, {"where": "work"}),
    StepSpec("nhan-xet-cu-tru", _("Nhận xét của nơi cư trú"), actions.record_comment,
             {ON: _("Ngày nhận xét"), DOC: _("Văn bản"), ISSUER: _("Chi bộ, tổ chức đoàn thể nơi cư trú")},
             {"where": "home"}),
    StepSpec("nghi-quyet-chi-bo", _("Nghị quyết đề nghị kết nạp của chi bộ"), actions.record_branch_resolution,
             {ON: _("Ngày nghị quyết"), "official_members": _("Số đảng viên chính thức của chi bộ"),
              "votes_for": _("Số đảng viên chính thức tán thành"), DOC: _("Số nghị quyết")}),
    StepSpec("nghi-quyet-dang-uy", _("Nghị quyết của đảng ủy cơ sở"), actions.record_committee_resolution,
             {ON: _("Ngày nghị quyết"), DOC: _("Số nghị quyết"), ISSUER: _("Đảng ủy")}),
    StepSpec("quyet-dinh", _("Quyết định kết nạp"), actions.decide_admission,
             {ON: _("Ngày quyết định"), DOC: _("Số quyết định"), ISSUER: _("Cấp ủy ra quyết định"),
              "extended": _("Được gia hạn thêm 30 ngày làm việc")}),
    StepSpec("le-ket-nap", _("Lễ kết nạp"), actions.record_ceremony,
             {ON: _("Ngày lễ kết nạp"), "note": _("Ghi chú")}, admitted=True),
    StepSpec("dua-khoi", _("Đưa khỏi danh sách phát triển đảng viên"), actions.withdraw_candidate,
             {ON: _("Ngày"), "note": _("Lý do")}),
]
SPECS = {s.key: s for s in STEPS}


def introducer_pool(scope, candidate):
    """Members the user may read in the candidate's đảng bộ cơ sở (the chi bộ's parent for a chi bộ trực thuộc)."""
    org = candidate.organization
    path = org.path[:-4] if queries.needs_committee(org) and len(org.path) > 4 else org.path
    return Member.objects.scoped(scope, "read").filter(org_path__startswith=path)


class CandidateDetail(CandidateMixin, ScopedDetailView):
    template_name = "admission/detail.html"

    def get_context(self, c):
        steps = list(c.steps.select_related("member"))
        can_write = self.scope.can_write_path(c.org_path)
        if c.status == CandidateStatus.PIPELINE:
            offered = [s for s in STEPS if not s.admitted]
            if not queries.needs_committee(c.organization):
                offered = [s for s in offered if s.key != "nghi-quyet-dang-uy"]
        elif c.status == CandidateStatus.ADMITTED:
            offered = [s for s in STEPS if s.admitted]
        else:
            offered = []
        org = c.organization
        upper = admission_decider(org).path
        if not self.scope.can_write_path(upper):  # the đảng ủy cơ sở's steps are not the chi bộ's to record
            offered = [s for s in offered if s.key not in ("nghi-quyet-dang-uy", "quyet-dinh")]
        has_branch = any(s.kind == "branch" for s in steps)
        return {"c": c, "steps": steps, "has_branch": has_branch,
                "has_introducers": any(s.kind == "introducer" and s.member_id for s in steps),
                "has_decision": any(s.kind == "decision" for s in steps),
                "items": queries.checklist(c, timezone.localdate(), steps=steps),
                "can_write": can_write, "offered": [(s.title, s.url(c)) for s in offered],
                "settings_rows": queries.settings_rows()}


candidate_detail = CandidateDetail.as_view()


class StepView(CandidateMixin, ObjectFormPage):
    spec_key = ""
    field_map = {"relative": "member", "admission_decision_date": "on", "effective_date": "on"}

    @property
    def spec(self) -> StepSpec:
        return SPECS[self.spec_key]

    def get_form(self, data=None):
        return StepForm(data, spec=self.spec, members=introducer_pool(self.scope, self.object))

    def perform(self, form):
        cd = dict(form.cleaned_data)
        if self.spec.key == "tham-tra":
            cd["relative"] = cd.pop("member", None)
        if self.spec.key == "dua-khoi":
            cd["reason"] = cd.pop("note", "")
        return self.spec.action(self.request.user, self.object, **self.spec.extra, **cd)

    @property
    def title(self):
        return self.spec.title

    def get_success_message(self, result, form):
        return _("Đã ghi «%(step)s» của %(name)s.") % {"step": self.spec.title, "name": self.object.full_name}


def step_view(key: str):
    return StepView.as_view(spec_key=key)


class CandidatePrint(CandidateMixin, ScopedDetailView):
    """A paper of the dossier as .docx (read scope: it shows what the dossier page shows)."""

    paper = ""

    @in_vietnamese  # a Party paper is Vietnamese whatever the page's language (choice labels are lazy)
    def get(self, request, *args, **kwargs):
        from django.http import Http404

        from dangbo.core.generic import DOCX, attachment

        from . import printing

        c = self.object
        if self.paper == "application":
            return attachment(printing.application_docx(c), f"don-xin-vao-dang-{c.pk}.docx", DOCX)
        build, name = PAPERS[self.paper]
        try:
            content = getattr(printing, build)(c)
        except ValueError as exc:  # the lazy text: read in the page's language when the 404 is shown
            raise Http404(exc.args[0]) from exc
        return attachment(content, f"{name}-{c.pk}.docx", DOCX)


# paper -> (builder in printing.py, file name): each raises ValueError (a 404) while its step is not recorded.
PAPERS = {"branch_resolution": ("branch_resolution_docx", "nghi-quyet-de-nghi-ket-nap"),
          "introducers": ("introducer_docx", "phieu-gioi-thieu-nguoi-vao-dang"),
          "decision": ("decision_docx", "quyet-dinh-ket-nap")}


print_application = CandidatePrint.as_view(paper="application")
print_branch_resolution = CandidatePrint.as_view(paper="branch_resolution")
print_introducers = CandidatePrint.as_view(paper="introducers")
print_decision = CandidatePrint.as_view(paper="decision")
