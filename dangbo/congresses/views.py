"""Congresses, elections (list, double entry of ballots, results, documents) and meetings.

Built on the generic views (`dangbo.core.generic`): each page's object comes from its model's `.scoped()` manager
(404 outside the read scope), the lists are a FilterSet, a table and the keyset pager, and every change is a
`PageFormView` (a form posted on the congress, election or meeting page: a refusal shows the page again with the
errors on the form and everything typed kept) or an `ActionButtonView` (a button without a form). The actions
check write scope again. Every input is read through a form of `forms.py`.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dangbo.core import printing
from dangbo.core.generic import (
    DOCX,
    ActionButtonView,
    ActionFormView,
    ObjectPage,
    PageFormView,
    ScopedDetailView,
    ScopedListView,
    ScopedObjectMixin,
    ScopedView,
    attachment,
)
from dangbo.core.i18n import in_vietnamese
from dangbo.organizations.models import CommitteeMember, Organization, Term
from dangbo.organizations.queries import deciding_body
from dangbo.rules import elections as rules
from dangbo.rules.committees import ordinal_hint
from dangbo.rules.text import format_date

from . import actions, counting, documents, forms, queries
from .filters import CongressFilterSet, MeetingFilterSet
from .models import BallotEntry, Congress, Election, ElectionStatus, Meeting
from .tables import CongressTable, MeetingTable

SOURCES = {"quorum_source": rules.REGISTRY["elections.quorum"], "tie_source": rules.REGISTRY["elections.tie_rule"]}


def _writable_orgs(scope):
    return scope.writable_organizations(Organization.objects.filter(status="active")).order_by("path")


def _threshold(c: Congress) -> str:
    """"Điều 30, QĐ 190-QĐ/TW" for the regime in force on the opening date."""
    try:
        reg = rules.regime_for(c.opened_on)
    except ValueError:
        return ""
    return f"{reg.threshold.clause.split(':')[0]}, {reg.label}"


class FileView(ScopedObjectMixin, ScopedView):
    """A download made from one object (`make_file(obj)` returns the response)."""

    def make_file(self, obj) -> HttpResponse:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        # A Party document is Vietnamese whatever the page's language (choice labels are lazy).
        return in_vietnamese(self.make_file)(self.object)


# -- congresses -------------------------------------------------------------------------------------------------
index = ScopedListView.as_view(filterset_class=CongressFilterSet, table_class=CongressTable,
                               template_name="congresses/index.html", select_related=("organization",))


class CongressFormPage:
    template_name = "congresses/create.html"

    def get_context(self, form) -> dict:
        return {"congress": getattr(self, "object", None) if isinstance(self, ScopedObjectMixin) else None,
                "orgs": form.fields["organization"].queryset[:500], "kinds": form.fields["kind"].choices,
                "quorums": form.fields["quorum"].choices, "ties": form.fields["tie_rule"].choices,
                "ordinal_hint": ordinal_hint(), **SOURCES}  # HD 06 only as a hint: the ordinal is typed


class CongressCreate(CongressFormPage, ActionFormView):
    action = staticmethod(actions.create_congress)
    success_message, result_url = _("Đã lập {result.title}."), "congresses:detail"

    def get_form(self, data=None):
        return forms.CongressForm(data, organizations=_writable_orgs(self.scope), initial={"kind": "members"})


create = CongressCreate.as_view()


class CongressMixin(ScopedObjectMixin):
    model = Congress
    select_related = ("organization", "organization__parent")
    template_name = "congresses/detail.html"
    page_url = "congresses:detail"

    def page_context(self, **bound) -> dict:
        """The congress page; `bound` holds a refused form, shown with its errors and what was typed."""
        c, scope = self.object, self.scope
        parent = deciding_body(c.organization)
        term = Term.objects.filter(congress_id=c.pk).first()
        convened = list(c.convened.all())
        return {
            "c": c, "base": counting.base_of(c), "convened": convened,
            "elections": list(c.elections.order_by("body", "round", "id")),
            "can_write": scope.can_write_path(c.org_path),
            "can_approve": scope.is_admin or (parent is not None and scope.can_write_path(parent.path)),
            "bodies": rules.BODY_LABELS.items(), "term": term,
            "committee": _as_approved(term),
            "upper_delegates": queries.upper_delegates(c),
            "contents_form": bound.get("contents_form") or forms.ContentsForm(initial={"contents": c.contents}),
            "upper_delegates_form": bound.get("upper_delegates_form") or forms.UpperDelegatesForm(initial={
                "upper_delegates": "".join(f"{d.full_name}; {d.get_kind_display().lower()}; "
                                           f"{'dự khuyết' if d.alternate else 'chính thức'}; {d.unit}\n"
                                           for d in c.upper_delegates.all())}),
            "conference_source": rules.REGISTRY["elections.conference_base"], "threshold": _threshold(c), **SOURCES,
            "election_form": bound.get("election_form") or forms.ElectionForm(initial={"alternate_seats": 0}),
            "approval_form": bound.get("approval_form") or forms.ApprovalForm(),
            "pause_form": bound.get("pause_form") or forms.PauseForm(),
            "resume_form": bound.get("resume_form") or forms.ResumeForm(),
            "pause_source": rules.REGISTRY["elections.planned_not_elected"],
            "attendance_form": bound.get("attendance_form") or forms.AttendanceForm(rows=convened),
            "delegates_form": bound.get("delegates_form") or forms.DelegatesForm(initial={"delegates": "".join(
                f"{r.full_name}; {r.unit}\n" for r in convened)}),
        }


def _as_approved(term):
    """The committee as the chuẩn y or appointment made it (the changes between congresses are on the
    organisation's page, `organizations.committee.committee_as_of`)."""
    from django.db.models import Q

    from dangbo.organizations.models import CommitteeChange

    if term is None:
        return []
    return CommitteeMember.objects.filter(Q(started_by__isnull=True) | Q(started_by__kind__in=[
        CommitteeChange.Kind.ELECTED, CommitteeChange.Kind.APPOINTED]), term=term)


class CongressDetail(CongressMixin, ObjectPage):
    pass


detail = CongressDetail.as_view()


class CongressEdit(CongressMixin, CongressFormPage, ActionFormView):
    write = True
    denied = _("Bạn không có quyền sửa đại hội này.")
    success_message = _("Đã lưu thông tin {obj.title}.")
    template_name = "congresses/create.html"

    def get_form(self, data=None):
        return forms.CongressForm(data, congress=self.object,
                                  organizations=Organization.objects.filter(pk=self.object.organization_id))

    def perform(self, form):
        kw = form.action_kwargs()
        del kw["organization"], kw["kind"]
        return actions.update_congress(self.request.user, self.object, **kw)


edit = CongressEdit.as_view()


class OnCongress(CongressMixin, PageFormView):
    pass


class Attendance(OnCongress):
    def form_kwargs(self):
        return {"rows": self.object.convened.all()}


attendance = Attendance.as_view(action=actions.set_attendance, form_class=forms.AttendanceForm,
                                slot="attendance_form", success_message=_("Đã lưu điểm danh."))
delegates = OnCongress.as_view(action=actions.set_delegates, form_class=forms.DelegatesForm, slot="delegates_form",
                               success_message=_("Đã lưu danh sách đại biểu."))
contents = OnCongress.as_view(action=actions.set_contents, form_class=forms.ContentsForm, slot="contents_form",
                              success_message=_("Đã lưu nội dung đại hội."))
upper_delegates = OnCongress.as_view(
    action=actions.set_upper_delegates, form_class=forms.UpperDelegatesForm, slot="upper_delegates_form",
    field_map={"delegates": "upper_delegates"}, success_message=_("Đã lưu danh sách đại biểu dự đại hội cấp trên."))


approve = OnCongress.as_view(
    action=actions.approve_congress, form_class=forms.ApprovalForm, slot="approval_form",
    success_message=_("Đã ghi quyết định chuẩn y; cấp ủy khóa mới đã được cập nhật vào danh sách tổ chức."))


election_create = OnCongress.as_view(action=actions.create_election, form_class=forms.ElectionForm,
                                     slot="election_form", success_message=_("Đã lập {result.title}."),
                                     result_url="congresses:election")


pause = OnCongress.as_view(action=actions.pause_elections, form_class=forms.PauseForm, slot="pause_form",
                           success_message=_("Đã tạm dừng việc bầu cử, chờ ý kiến cấp trên."))
resume = OnCongress.as_view(action=actions.resume_elections, form_class=forms.ResumeForm, slot="resume_form",
                            success_message=_("Đã ghi ý kiến chỉ đạo của cấp trên; tiếp tục bầu cử."))


class CongressButton(CongressMixin, ActionButtonView):
    pass


redraw = CongressButton.as_view(action=actions.redraw_convened, success_message=_("Đã lập lại danh sách triệu tập."))


class CommitteeDocx(CongressMixin, FileView):
    def make_file(self, c):
        term = Term.objects.filter(congress_id=c.pk).first()
        if term is None:
            raise Http404(_("Đại hội chưa được chuẩn y."))
        body = documents.committee_docx(c, list(_as_approved(term)), term)
        return attachment(body, f"danh-sach-cap-uy-{c.pk}.docx", DOCX)


committee_docx = CommitteeDocx.as_view()


class UpperDelegatesDocx(CongressMixin, FileView):
    def make_file(self, c):
        body = documents.upper_delegates_docx(c, queries.upper_delegates(c))
        return attachment(body, f"dai-bieu-du-dai-hoi-cap-tren-{c.pk}.docx", DOCX)


upper_delegates_docx = UpperDelegatesDocx.as_view()


# -- elections --------------------------------------------------------------------------------------------------
def _show_reading(entry, names) -> str:
    """One counter's reading of a ballot, in words (the disagreements' table)."""
    if entry.kept is not None:
        kept = ", ".join(names.get(x, "?") for x in entry.kept) or gettext("(không giữ tên ai)")
        text = gettext("Giữ: %(names)s") % {"names": kept}
    else:
        agree = ", ".join(names.get(x, "?") for x in entry.agree) or gettext("(không ai)")
        text = gettext("Đồng ý: %(names)s") % {"names": agree}
        if entry.disagree:
            text += gettext("; không đồng ý: %(names)s") % {
                "names": ", ".join(names.get(x, "?") for x in entry.disagree)}
    if not entry.issued_by_board:
        text += gettext("; không do ban kiểm phiếu phát ra")
    if entry.invalid_reason:
        text += gettext("; không hợp lệ: %(reason)s") % {"reason": entry.invalid_reason}
    return text


def _next_numbers(e: Election) -> dict[int, int]:
    """Each counter's first ballot number not entered yet."""
    out = {}
    for counter in (1, 2):
        done = set(BallotEntry.objects.filter(election=e, counter=counter).values_list("number", flat=True))
        n = 1
        while n in done:
            n += 1
        out[counter] = n
    return out


def _list_text(cands) -> str:
    """The list as typed: a shared name keeps what tells the person apart, «Nguyễn Văn An (sinh năm 1968)»."""
    return "\n".join(shown + ("" if c.source == "committee" else f"; {c.get_source_display().lower()}; "
                                                                f"{c.floor_approvals}")
                     for c, shown in zip(cands, counting.shown_names(cands), strict=True))


class ElectionMixin(ScopedObjectMixin):
    model = Election
    select_related = ("congress", "congress__organization")
    template_name = "congresses/election.html"
    page_url = "congresses:election"

    def form_kwargs(self) -> dict:
        """A ballot's form lists the candidates and the seats."""
        if self.form_class and issubclass(self.form_class, forms.BallotForm):
            return {"candidates": list(self.object.candidates.all()), "seats": self.object.seats}
        return {}

    def page_context(self, **bound) -> dict:
        """The election page; `bound` holds a refused form, shown with its errors and what was typed."""
        e = self.object
        cands = list(e.candidates.all())
        base = counting.base_for(e)
        r = counting.readings(e) if e.status != ElectionStatus.DRAFT and not e.by_totals else None
        names = {c.pk: c.full_name for c in cands}
        disagreements = [{"number": n, "one": _show_reading(a, names), "two": _show_reading(b, names), "entry": a}
                         for n, (a, b) in sorted(r.disagreements.items())] if r else []
        next_number = _next_numbers(e) if r else {1: 1, 2: 1}
        counter = 2 if self.request.GET.get("nguoi_nhap") == "2" else 1
        ballot = {"candidates": cands, "seats": e.seats}
        return {
            "e": e, "c": e.congress, "cands": cands, "base": base, "data": counting.live_result(e), "readings": r,
            "findings": actions.findings(e), "with_surplus": rules.with_surplus(len(cands), e.seats),
            "can_write": self.scope.can_write_path(e.org_path), "disagreements": disagreements,
            "pending": sorted(r.pending) if r else [], "final_count": len(r.final) if r else 0,
            "next_number": next_number, "results": list(e.results.all()),
            "list_form": bound.get("list_form") or forms.ElectionListForm(initial={
                "seats": e.seats, "board": "\n".join(b["name"] for b in e.board), "candidates": _list_text(cands)}),
            "start_form": bound.get("start_form") or forms.StartCountingForm(initial={"issued": base.present}),
            "ballot_form": bound.get("ballot_form") or forms.BallotEntryForm(
                initial={"counter": counter, "number": next_number[counter]}, **ballot),
            "resolve_form": bound.get("resolve_form") or forms.ResolveForm(
                initial={"number": disagreements[0]["number"] if disagreements else None}, **ballot),
            "correct_form": bound.get("correct_form") or forms.CorrectBallotForm(**ballot),
            "totals_form": bound.get("totals_form") or forms.TotalsForm(
                candidates=cands, correction=e.locked,
                initial={"valid": e.totals_valid, "invalid": e.totals_invalid}),
            "threshold": _threshold(e.congress), **SOURCES, "libreoffice": documents.soffice() is not None,
        }


class ElectionDetail(ElectionMixin, ObjectPage):
    pass


election = ElectionDetail.as_view()


class OnElection(ElectionMixin, PageFormView):
    pass


election_list = OnElection.as_view(action=actions.update_list, form_class=forms.ElectionListForm, slot="list_form",
                                   success_message=_("Đã lưu danh sách bầu cử."))


election_start = OnElection.as_view(action=actions.start_counting, form_class=forms.StartCountingForm,
                                    slot="start_form", success_message=_("Đã chốt danh sách và bắt đầu kiểm phiếu."))


class ElectionBallot(OnElection):
    form_class, action = forms.BallotEntryForm, staticmethod(actions.record_ballot)
    slot = "ballot_form"
    success_message = _("Đã nhập phiếu số {data[number]} (người nhập thứ {data[counter]}).")

    def perform(self, form):
        self.counter = form.cleaned_data["counter"]
        return super().perform(form)

    def success_url(self, result):
        # The next ballot is typed by the same counter.
        return reverse("congresses:election", args=[self.object.pk]) + f"?nguoi_nhap={self.counter}#nhap-phieu"


election_ballot = ElectionBallot.as_view()


election_resolve = OnElection.as_view(action=actions.resolve_ballot, form_class=forms.ResolveForm, slot="resolve_form",
                                      success_message=_("Trưởng ban kiểm phiếu đã xác định phiếu số {data[number]}."))


class ElectionTotals(OnElection):
    """Hand-counted totals; once the result is signed, the same form records a correction (with its reason)."""

    slot = "totals_form"

    def get_form(self, data=None):
        return forms.TotalsForm(data, candidates=list(self.object.candidates.all()), correction=self.object.locked)

    def perform(self, form):
        e, cd = self.object, form.cleaned_data
        kwargs = {"totals": form.totals(), "valid": cd["valid"], "invalid": cd["invalid"]}
        if e.locked:
            return actions.correct_result(self.request.user, e, reason=cd["reason"], **kwargs)
        return actions.enter_totals(self.request.user, e, **kwargs)

    def get_success_message(self, result, form):
        return gettext("Đã ghi phiên bản điều chỉnh của kết quả.") if self.object.locked else gettext(
            "Đã lưu tổng số phiếu.")


election_totals = ElectionTotals.as_view()


election_correct = OnElection.as_view(action=actions.correct_result, form_class=forms.CorrectBallotForm,
                                      slot="correct_form",
                                      success_message=_("Đã ghi phiên bản điều chỉnh của kết quả."))


class ElectionButton(ElectionMixin, ActionButtonView):
    pass


election_sign = ElectionButton.as_view(action=actions.sign_result,
                                       success_message=_("Ban kiểm phiếu đã ký: kết quả đã được khóa."))


election_next = ElectionButton.as_view(action=actions.next_round, success_message=_("Đã lập {result.title}."),
                                       result_url="congresses:election")


def _signed_or_live(e: Election):
    rv = e.current_result()
    data = rv.data if rv else counting.live_result(e)
    if data is None:
        raise Http404(_("Chưa có kết quả kiểm phiếu."))
    return data, (rv.number if rv else None)


def _pdf(make, filename: str) -> HttpResponse:
    """The .docx that `make()` builds, as PDF (LibreOffice); 503 with the reason when it is not installed."""
    try:
        return attachment(documents.to_pdf(make()), filename, "application/pdf")
    except documents.NoLibreOffice as exc:
        return HttpResponse(exc.shown(), status=503, content_type="text/plain; charset=utf-8")


class ElectionFile(ElectionMixin, FileView):
    """A document of the election: `kind` names it."""

    kind = ""

    def make_file(self, e):
        if self.kind == "ballot_docx":
            return attachment(documents.ballot_docx(e), f"phieu-bau-{e.pk}.docx", DOCX)
        if self.kind == "ballot_pdf":
            return _pdf(lambda: documents.ballot_docx(e), f"phieu-bau-{e.pk}.pdf")
        data, version = _signed_or_live(e)
        if self.kind == "record_docx":
            return attachment(documents.record_docx(e, data, version), f"bien-ban-kiem-phieu-{e.pk}.docx", DOCX)
        if self.kind == "record_pdf":
            return _pdf(lambda: documents.record_docx(e, data, version), f"bien-ban-kiem-phieu-{e.pk}.pdf")
        if self.kind == "result_csv":
            return attachment(documents.result_csv(data), f"ket-qua-{e.pk}.csv", "text/csv; charset=utf-8")
        return attachment(documents.result_json(data), f"ket-qua-{e.pk}.json", "application/json")


ballot_docx = ElectionFile.as_view(kind="ballot_docx")
ballot_pdf = ElectionFile.as_view(kind="ballot_pdf")
record_docx = ElectionFile.as_view(kind="record_docx")
record_pdf = ElectionFile.as_view(kind="record_pdf")
result_csv = ElectionFile.as_view(kind="result_csv")
result_json = ElectionFile.as_view(kind="result_json")


# -- meetings ---------------------------------------------------------------------------------------------------
class MeetingList(ScopedListView):
    filterset_class = MeetingFilterSet
    table_class = MeetingTable
    template_name = "congresses/meetings.html"

    def get_context(self, filterset, table, page):
        org, year = filterset.organization, filterset.year
        grid = []
        if org is not None:
            summary = queries.monthly_meetings(org, year)
            names = dict(Organization.objects.filter(pk__in=summary["by_cell"]).values_list("pk", "name"))
            grid = [{"name": names[k], "months": [(m, m in v) for m in range(1, 13)]}
                    for k, v in sorted(summary["by_cell"].items(), key=lambda kv: names[kv[0]])]
        from .meeting_views import meetings_page_extra  # the 2025 meeting rules (meeting_views.py)

        return {"org": org, "year": year, "grid": grid, "can_write": self.scope.can_write_any,
                **meetings_page_extra(self.scope, org, year),
                "cells": self.scope.organizations(Organization.objects.filter(status="active")).order_by("path")[:500]}


meetings = MeetingList.as_view()


class MeetingCreate(ActionFormView):
    """Two steps: choose the chi bộ and the day (GET), then the minutes with the roster as of that day (POST)."""

    template_name = "congresses/meeting_form.html"
    success_message, result_url = _("Đã lưu biên bản cuộc họp."), "congresses:meeting"

    def get_form(self, data=None):
        orgs = _writable_orgs(self.scope)
        step = forms.MeetingStepForm(self.request.GET, data, organizations=orgs)
        org, held_on = step.chosen()
        roster = actions.members_as_of(org, held_on, statuses=("official", "probationary"),
                                       subtree=not org.is_cell) if org else []
        self.step = {"orgs": orgs[:500], "org": org, "roster": roster, "held_on": held_on}
        return forms.MeetingForm(data, organizations=orgs, roster=roster,
                                 initial={"organization": org, "held_on": held_on})

    def perform(self, form):
        return actions.record_meeting(
            self.request.user, absences=form.absences(),
            **{k: form.cleaned_data[k] for k in ("organization", "kind", "held_on", "title", "agenda", "guests",
                                                 "minutes", "resolutions", "mode")})

    def get_context(self, form):
        return self.step


meeting_create = MeetingCreate.as_view()


class MeetingMixin(ScopedObjectMixin):
    model = Meeting
    template_name = "congresses/meeting.html"
    page_url = "congresses:meeting"

    def page_context(self, **bound) -> dict:
        m = self.object
        att = list(m.attendance.select_related("member"))
        return {
            "m": m, "attendance": att, "present": sum(1 for a in att if a.present),
            "can_write": self.scope.can_write_path(m.org_path),
            "edit_form": bound.get("edit_form") or forms.MeetingEditForm(initial={
                k: getattr(m, k) for k in ("title", "agenda", "guests", "minutes", "resolutions", "version")}),
            "attendance_form": bound.get("attendance_form") or forms.MeetingAttendanceForm(attendance=att)}


class MeetingDetail(MeetingMixin, ObjectPage):
    pass


meeting = MeetingDetail.as_view()


class OnMeeting(MeetingMixin, PageFormView):
    pass


class MeetingAttendance(OnMeeting):
    def form_kwargs(self):
        return {"attendance": self.object.attendance.select_related("member")}


meeting_attendance = MeetingAttendance.as_view(
    action=actions.set_meeting_attendance, form_class=forms.MeetingAttendanceForm, slot="attendance_form",
    success_message=_("Đã lưu điểm danh."))

ATTENDANCE_COLUMNS = [printing.Col("STT", 1.2, "center"), printing.Col("Họ và tên", 5.8),
                      printing.Col("Có mặt", 2.4, "center"), printing.Col("Lý do vắng", 8.1)]


class MeetingAttendancePdf(MeetingMixin, ScopedDetailView):
    """The meeting's attendance as a filed list (core.printing): who was there, who was absent and why."""

    def get(self, request, *args, **kwargs):
        m = self.object

        def build():  # in Vietnamese (core.printing.pdf_response)
            att = list(m.attendance.select_related("member").order_by("member__sort_key", "member_id"))
            present = sum(1 for a in att if a.present)
            rows = [[n, a.member.full_name, "Có mặt" if a.present else "Vắng", a.reason]
                    for n, a in enumerate(att, 1)]
            subtitle = f"{m.get_kind_display()} ngày {format_date(m.held_on)}" + (f": {m.title}" if m.title else "")
            head = printing.head_for(m.organization, "Danh sách điểm danh",
                                     f"Cuộc họp ngày {format_date(m.held_on)}; có mặt {present}/{len(att)}",
                                     timezone.localdate(), subtitle=subtitle)
            return head, ATTENDANCE_COLUMNS, rows
        return printing.pdf_response(request, f"diem-danh-{m.held_on:%Y%m%d}.pdf", build,
                                     empty="Cuộc họp chưa có danh sách điểm danh.")


meeting_attendance_pdf = MeetingAttendancePdf.as_view()


meeting_edit = OnMeeting.as_view(action=actions.update_meeting, form_class=forms.MeetingEditForm, slot="edit_form",
                                 success_message=_("Đã lưu biên bản."))
