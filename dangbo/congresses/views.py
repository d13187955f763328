"""Congresses, elections (list, double entry of ballots, results, documents) and meetings.

Reads go through scope_for(user) on org_path; every write is an action (which checks write scope again). Every
input is read through a form of `forms.py`; a refused action shows its page again with the errors on the form
and everything typed kept.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangbo.core.forms import apply_validation_error
from dangbo.core.generic import DOCX, attachment
from dangbo.core.scopes import WRITE, scope_for
from dangbo.organizations.models import CommitteeMember, Organization, Term
from dangbo.rules import elections as rules
from dangbo.rules.text import parse_date

from . import actions, counting, documents, forms, queries
from .models import BallotEntry, Congress, Election, ElectionStatus, Meeting


# -- helpers ----------------------------------------------------------------------------------------------------
def _congress(request, pk) -> Congress:
    qs = scope_for(request.user).by_org_path(Congress.objects.select_related("organization", "organization__parent"))
    return get_object_or_404(qs, pk=pk)


def _election(request, pk) -> Election:
    qs = scope_for(request.user).by_org_path(Election.objects.select_related("congress", "congress__organization"))
    return get_object_or_404(qs, pk=pk)


def _meeting(request, pk) -> Meeting:
    return get_object_or_404(scope_for(request.user).by_org_path(Meeting.objects.select_related("organization")),
                             pk=pk)


def _submit(request, form, fn, ok=None):
    """Validate the form and run the action on it. An action's ValidationError goes onto the form (field errors
    beside their fields, the others on top) so the page shows it again with everything typed. Returns the
    action's result (True when it returns nothing), or None when the form is to be shown again."""
    if not form.is_valid():
        return None
    try:
        result = fn(form)
    except ValidationError as exc:
        apply_validation_error(form, exc)
        return None
    result = True if result is None else result
    if ok:
        messages.success(request, ok(result) if callable(ok) else ok)
    return result


def _button(request, fn, ok):
    """Run the action of a button (no form): a refusal becomes error messages, success the message `ok` (or
    `ok(result)`). Returns the action's result (True when it returns nothing), or None when refused."""
    try:
        result = fn()
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
        return None
    result = True if result is None else result
    messages.success(request, ok(result) if callable(ok) else ok)
    return result


def _posted(request):
    """The posted data for a form (bound even when empty, so an empty post shows its errors), None on GET."""
    return request.POST if request.method == "POST" else None


def _int(value, default=None):
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def _date(value):
    try:
        return parse_date(value) if value else None
    except ValueError:
        return None


def _writable_orgs(request):
    scope = scope_for(request.user)
    return scope.writable_organizations(Organization.objects.filter(status="active")).order_by("path")




# -- congresses -------------------------------------------------------------------------------------------------
@login_required
def index(request):
    scope = scope_for(request.user)
    congresses = scope.by_org_path(Congress.objects.select_related("organization")).order_by("-opened_on", "-id")
    return render(request, "congresses/index.html", {
        "congresses": congresses[:200], "can_create": scope.can_write_any,
        "year": timezone.localdate().year})


def _congress_form_page(request, form, congress=None):
    return render(request, "congresses/create.html", {
        "form": form, "congress": congress, "orgs": form.fields["organization"].queryset[:500],
        "kinds": form.fields["kind"].choices, "quorums": form.fields["quorum"].choices,
        "ties": form.fields["tie_rule"].choices,
        "quorum_source": rules.REGISTRY["elections.quorum"], "tie_source": rules.REGISTRY["elections.tie_rule"]})


@login_required
def create(request):
    orgs = _writable_orgs(request)
    form = forms.CongressForm(_posted(request), organizations=orgs, initial={"kind": "members"})
    if request.method == "POST":
        c = _submit(request, form, lambda f: actions.create_congress(request.user, **f.action_kwargs()),
                    lambda c: f"Đã lập {c.title}.")
        if c:
            return redirect("congresses:detail", c.pk)
    return _congress_form_page(request, form)


@login_required
def edit(request, pk):
    c = get_object_or_404(Congress.objects.select_related("organization"), pk=pk)
    if not scope_for(request.user).can_read_path(c.org_path):
        raise Http404
    scope_for(request.user).require(WRITE, c.org_path, "Bạn không có quyền sửa đại hội này.")
    form = forms.CongressForm(_posted(request), congress=c,
                              organizations=Organization.objects.filter(pk=c.organization_id))
    if request.method == "POST":
        def save(f):
            kw = f.action_kwargs()
            del kw["organization"], kw["kind"]
            return actions.update_congress(request.user, c, **kw)
        if _submit(request, form, save, f"Đã lưu thông tin {c.title}."):
            return redirect("congresses:detail", c.pk)
    return _congress_form_page(request, form, c)


def _detail_page(request, c: Congress, **bound):
    """The congress page; `bound` holds a refused form, shown with its errors and what was typed."""
    scope = scope_for(request.user)
    base = counting.base_of(c)
    elections = list(c.elections.order_by("body", "round", "id"))
    parent = c.organization.parent
    term = Term.objects.filter(congress_id=c.pk).first()
    convened = list(c.convened.all())
    return render(request, "congresses/detail.html", {
        "c": c, "base": base, "convened": convened, "elections": elections,
        "can_write": scope.can_write_path(c.org_path),
        "can_approve": scope.is_admin or (parent is not None and scope.can_write_path(parent.path)),
        "bodies": rules.BODY_LABELS.items(), "term": term,
        "committee": CommitteeMember.objects.filter(term=term) if term else [],
        "quorum_source": rules.REGISTRY["elections.quorum"],
        "conference_source": rules.REGISTRY["elections.conference_base"], "threshold": _threshold(c),
        "tie_source": rules.REGISTRY["elections.tie_rule"],
        "election_form": bound.get("election_form") or forms.ElectionForm(initial={"alternate_seats": 0}),
        "approval_form": bound.get("approval_form") or forms.ApprovalForm(),
        "attendance_form": bound.get("attendance_form") or forms.AttendanceForm(rows=convened),
        "delegates_form": bound.get("delegates_form") or forms.DelegatesForm(initial={"delegates": "".join(
            f"{r.full_name}; {r.unit}\n" for r in convened)}),
    })


@login_required
def detail(request, pk):
    return _detail_page(request, _congress(request, pk))


def _threshold(c: Congress) -> str:
    """"Điều 30, QĐ 190-QĐ/TW" for the regime in force on the opening date."""
    try:
        reg = rules.regime_for(c.opened_on)
    except ValueError:
        return ""
    return f"{reg.threshold.clause.split(':')[0]}, {reg.label}"


@login_required
@require_POST
def attendance(request, pk):
    c = _congress(request, pk)
    form = forms.AttendanceForm(request.POST, rows=c.convened.all())
    return _on_congress(
        request, c, form, "attendance_form",
        lambda f: actions.set_attendance(request.user, c, f.changes()), "Đã lưu điểm danh.")


@login_required
@require_POST
def redraw(request, pk):
    c = _congress(request, pk)
    _button(request, lambda: actions.redraw_convened(request.user, c), "Đã lập lại danh sách triệu tập.")
    return redirect("congresses:detail", c.pk)


@login_required
@require_POST
def delegates(request, pk):
    c = _congress(request, pk)
    form = forms.DelegatesForm(request.POST)
    return _on_congress(
        request, c, form, "delegates_form",
        lambda f: actions.set_delegates(request.user, c, f.cleaned_data["delegates"]),
        "Đã lưu danh sách đại biểu.")


@login_required
@require_POST
def approve(request, pk):
    c = _congress(request, pk)
    form = forms.ApprovalForm(request.POST)
    return _on_congress(
        request, c, form, "approval_form",
        lambda f: actions.approve_congress(request.user, c, **f.cleaned_data),
        "Đã ghi quyết định chuẩn y; cấp ủy khóa mới đã được cập nhật vào danh sách tổ chức.")


@login_required
def committee_docx(request, pk):
    c = _congress(request, pk)
    term = Term.objects.filter(congress_id=c.pk).first()
    if term is None:
        raise Http404("Đại hội chưa được chuẩn y.")
    body = documents.committee_docx(c, list(CommitteeMember.objects.filter(term=term)))
    return attachment(body, f"danh-sach-cap-uy-{c.pk}.docx", DOCX)


@login_required
@require_POST
def election_create(request, pk):
    c = _congress(request, pk)
    form = forms.ElectionForm(request.POST)
    e = _submit(request, form, lambda f: actions.create_election(request.user, c, **f.action_kwargs()),
                lambda e: f"Đã lập {e.title}.")
    if e:
        return redirect("congresses:election", e.pk)
    return _detail_page(request, c, election_form=form)


# -- elections --------------------------------------------------------------------------------------------------
def _election_page(request, e: Election, **bound):
    """The election page; `bound` holds a refused form, shown with its errors and what was typed."""
    scope = scope_for(request.user)
    cands = list(e.candidates.all())
    base = counting.base_for(e)
    data = counting.live_result(e)
    r = counting.readings(e) if e.status != ElectionStatus.DRAFT and not e.by_totals else None
    names = {c.pk: c.full_name for c in cands}

    def show(entry):
        if entry.kept is not None:
            kept = ", ".join(names.get(x, "?") for x in entry.kept) or "(không giữ tên ai)"
            text = f"Giữ: {kept}"
        else:
            text = "Đồng ý: " + (", ".join(names.get(x, "?") for x in entry.agree) or "(không ai)")
            if entry.disagree:
                text += "; không đồng ý: " + ", ".join(names.get(x, "?") for x in entry.disagree)
        if not entry.issued_by_board:
            text += "; không do ban kiểm phiếu phát ra"
        if entry.invalid_reason:
            text += f"; không hợp lệ: {entry.invalid_reason}"
        return text

    disagreements = [{"number": n, "one": show(a), "two": show(b), "entry": a}
                     for n, (a, b) in sorted(r.disagreements.items())] if r else []
    next_number = {1: 1, 2: 1}
    if r:
        for counter in (1, 2):
            done = set(BallotEntry.objects.filter(election=e, counter=counter).values_list("number", flat=True))
            n = 1
            while n in done:
                n += 1
            next_number[counter] = n
    counter = 2 if request.GET.get("nguoi_nhap") == "2" else 1
    ballot = {"candidates": cands, "seats": e.seats}
    return render(request, "congresses/election.html", {
        "e": e, "c": e.congress, "cands": cands, "base": base, "data": data, "readings": r,
        "findings": actions.findings(e), "with_surplus": rules.with_surplus(len(cands), e.seats),
        "can_write": scope.can_write_path(e.org_path), "disagreements": disagreements,
        "pending": sorted(r.pending) if r else [], "final_count": len(r.final) if r else 0,
        "next_number": next_number, "results": list(e.results.all()),
        "list_form": bound.get("list_form") or forms.ElectionListForm(initial={
            "seats": e.seats, "board": "\n".join(b["name"] for b in e.board),
            "candidates": "\n".join(
                c.full_name + ("" if c.source == "committee" else f"; {c.get_source_display().lower()}; "
                                                                  f"{c.floor_approvals}") for c in cands)}),
        "start_form": bound.get("start_form") or forms.StartCountingForm(initial={"issued": base.present}),
        "ballot_form": bound.get("ballot_form") or forms.BallotEntryForm(
            initial={"counter": counter, "number": next_number[counter]}, **ballot),
        "resolve_form": bound.get("resolve_form") or forms.ResolveForm(
            initial={"number": disagreements[0]["number"] if disagreements else None}, **ballot),
        "correct_form": bound.get("correct_form") or forms.CorrectBallotForm(**ballot),
        "totals_form": bound.get("totals_form") or forms.TotalsForm(
            candidates=cands, correction=e.locked,
            initial={"valid": e.totals_valid, "invalid": e.totals_invalid}),
        "threshold": _threshold(e.congress),
        "quorum_source": rules.REGISTRY["elections.quorum"], "tie_source": rules.REGISTRY["elections.tie_rule"],
        "libreoffice": documents.soffice() is not None,
    })


@login_required
def election(request, pk):
    return _election_page(request, _election(request, pk))


def _ballot_kwargs(e: Election) -> dict:
    return {"candidates": list(e.candidates.all()), "seats": e.seats}


@login_required
@require_POST
def election_list(request, pk):
    e = _election(request, pk)
    form = forms.ElectionListForm(request.POST)
    return _on_election(
        request, e, form, "list_form",
        lambda f: actions.update_list(request.user, e, **f.cleaned_data),
        "Đã lưu danh sách bầu cử.")


@login_required
@require_POST
def election_start(request, pk):
    e = _election(request, pk)
    form = forms.StartCountingForm(request.POST)
    return _on_election(
        request, e, form, "start_form",
        lambda f: actions.start_counting(request.user, e, **f.cleaned_data),
        "Đã chốt danh sách và bắt đầu kiểm phiếu.")


@login_required
@require_POST
def election_ballot(request, pk):
    e = _election(request, pk)
    form = forms.BallotEntryForm(request.POST, **_ballot_kwargs(e))

    def save(f):
        number, counter = f.cleaned_data["number"], f.cleaned_data["counter"]
        actions.record_ballot(request.user, e, number=number, counter=counter, **f.reading())
        messages.success(request, f"Đã nhập phiếu số {number} (người nhập thứ {counter}).")

    if _submit(request, form, save):
        return redirect(reverse("congresses:election", args=[e.pk])
                        + f"?nguoi_nhap={form.cleaned_data['counter']}#nhap-phieu")
    return _election_page(request, e, ballot_form=form)


@login_required
@require_POST
def election_resolve(request, pk):
    e = _election(request, pk)
    form = forms.ResolveForm(request.POST, **_ballot_kwargs(e))

    def save(f):
        number = f.cleaned_data["number"]
        actions.resolve_ballot(request.user, e, number=number, note=f.cleaned_data["note"], **f.reading())
        messages.success(request, f"Trưởng ban kiểm phiếu đã xác định phiếu số {number}.")

    return _on_election(request, e, form, "resolve_form", save)


@login_required
@require_POST
def election_totals(request, pk):
    e = _election(request, pk)
    form = forms.TotalsForm(request.POST, candidates=list(e.candidates.all()), correction=e.locked)

    def save(f):
        kwargs = {"totals": f.totals(), "valid": f.cleaned_data["valid"], "invalid": f.cleaned_data["invalid"]}
        if e.locked:
            actions.correct_result(request.user, e, reason=f.cleaned_data["reason"], **kwargs)
            messages.success(request, "Đã ghi phiên bản điều chỉnh của kết quả.")
        else:
            actions.enter_totals(request.user, e, **kwargs)
            messages.success(request, "Đã lưu tổng số phiếu.")

    return _on_election(request, e, form, "totals_form", save)


@login_required
@require_POST
def election_sign(request, pk):
    e = _election(request, pk)
    _button(request, lambda: actions.sign_result(request.user, e), "Ban kiểm phiếu đã ký: kết quả đã được khóa.")
    return redirect("congresses:election", e.pk)


@login_required
@require_POST
def election_correct(request, pk):
    e = _election(request, pk)
    form = forms.CorrectBallotForm(request.POST, **_ballot_kwargs(e))
    return _on_election(
        request, e, form, "correct_form",
        lambda f: actions.correct_result(
            request.user, e, reason=f.cleaned_data["reason"], number=f.cleaned_data["number"], **f.reading()),
        "Đã ghi phiên bản điều chỉnh của kết quả.")


@login_required
@require_POST
def election_next(request, pk):
    e = _election(request, pk)
    new = _button(request, lambda: actions.next_round(request.user, e), lambda new: f"Đã lập {new.title}.")
    return redirect("congresses:election", new.pk if new else e.pk)


def _signed_or_live(e: Election):
    rv = e.current_result()
    data = rv.data if rv else counting.live_result(e)
    if data is None:
        raise Http404("Chưa có kết quả kiểm phiếu.")
    return data, (rv.number if rv else None)


@login_required
def ballot_docx(request, pk):
    e = _election(request, pk)
    return attachment(documents.ballot_docx(e), f"phieu-bau-{e.pk}.docx", DOCX)


@login_required
def ballot_pdf(request, pk):
    e = _election(request, pk)
    try:
        return attachment(documents.to_pdf(documents.ballot_docx(e)), f"phieu-bau-{e.pk}.pdf", "application/pdf")
    except documents.NoLibreOffice as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")


@login_required
def record_docx(request, pk):
    e = _election(request, pk)
    data, version = _signed_or_live(e)
    return attachment(documents.record_docx(e, data, version), f"bien-ban-kiem-phieu-{e.pk}.docx", DOCX)


@login_required
def record_pdf(request, pk):
    e = _election(request, pk)
    data, version = _signed_or_live(e)
    try:
        pdf = documents.to_pdf(documents.record_docx(e, data, version))
    except documents.NoLibreOffice as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    return attachment(pdf, f"bien-ban-kiem-phieu-{e.pk}.pdf", "application/pdf")


@login_required
def result_csv(request, pk):
    e = _election(request, pk)
    data, _ = _signed_or_live(e)
    return attachment(documents.result_csv(data), f"ket-qua-{e.pk}.csv", "text/csv; charset=utf-8")


@login_required
def result_json(request, pk):
    e = _election(request, pk)
    data, _ = _signed_or_live(e)
    return attachment(documents.result_json(data), f"ket-qua-{e.pk}.json", "application/json")


# -- meetings ---------------------------------------------------------------------------------------------------
@login_required
def meetings(request):
    scope = scope_for(request.user)
    year = _int(request.GET.get("nam"), timezone.localdate().year)
    orgs = scope.organizations(Organization.objects.all())
    org = orgs.filter(pk=_int(request.GET.get("to_chuc"), 0)).first()
    qs = scope.by_org_path(Meeting.objects.select_related("organization")).filter(held_on__year=year)
    grid = []
    if org is not None:
        qs = qs.filter(org_path__startswith=org.path)
        summary = queries.monthly_meetings(org, year)
        names = dict(Organization.objects.filter(pk__in=summary["by_cell"]).values_list("pk", "name"))
        grid = [{"name": names[k], "months": [(m, m in v) for m in range(1, 13)]}
                for k, v in sorted(summary["by_cell"].items(), key=lambda kv: names[kv[0]])]
    return render(request, "congresses/meetings.html", {
        "meetings": qs.order_by("-held_on")[:300], "org": org, "year": year, "grid": grid,
        "cells": scope.organizations(Organization.objects.filter(status="active")).order_by("path")[:500],
        "can_write": scope.can_write_any})


@login_required
def meeting_create(request):
    """Two steps: choose the chi bộ and the day (GET), then the minutes with the roster as of that day (POST)."""
    orgs = _writable_orgs(request)
    step = forms.MeetingForm(_posted(request), organizations=orgs, roster=[])
    org = orgs.filter(pk=_int(request.GET.get("to_chuc") or step["organization"].value(), 0)).first()
    held_on = (_date(step["held_on"].value() or request.GET.get("ngay")) or timezone.localdate())
    roster = actions.members_as_of(org, held_on, statuses=("official", "probationary"),
                                   subtree=not org.is_cell) if org else []
    form = forms.MeetingForm(_posted(request), organizations=orgs, roster=roster,
                             initial={"organization": org, "held_on": held_on})
    if request.method == "POST":
        m = _submit(request, form, lambda f: actions.record_meeting(
            request.user, absences=f.absences(),
            **{k: f.cleaned_data[k] for k in ("organization", "kind", "held_on", "title", "agenda", "guests",
                                               "minutes", "resolutions")}), "Đã lưu biên bản cuộc họp.")
        if m:
            return redirect("congresses:meeting", m.pk)
    return render(request, "congresses/meeting_form.html", {
        "orgs": orgs[:500], "org": org, "roster": roster, "held_on": held_on, "form": form})


def _meeting_page(request, m: Meeting, **bound):
    att = list(m.attendance.select_related("member"))
    return render(request, "congresses/meeting.html", {
        "m": m, "attendance": att, "present": sum(1 for a in att if a.present),
        "can_write": scope_for(request.user).can_write_path(m.org_path),
        "edit_form": bound.get("edit_form") or forms.MeetingEditForm(initial={
            k: getattr(m, k) for k in ("title", "agenda", "guests", "minutes", "resolutions", "version")}),
        "attendance_form": bound.get("attendance_form") or forms.MeetingAttendanceForm(attendance=att)})


@login_required
def meeting(request, pk):
    return _meeting_page(request, _meeting(request, pk))


@login_required
@require_POST
def meeting_attendance(request, pk):
    m = _meeting(request, pk)
    form = forms.MeetingAttendanceForm(request.POST, attendance=m.attendance.select_related("member"))
    return _on_meeting(
        request, m, form, "attendance_form",
        lambda f: actions.set_meeting_attendance(
            request.user, m, f.absences(), version=f.cleaned_data["version"]), "Đã lưu điểm danh.")


@login_required
@require_POST
def meeting_edit(request, pk):
    m = _meeting(request, pk)
    form = forms.MeetingEditForm(request.POST)
    return _on_meeting(
        request, m, form, "edit_form",
        lambda f: actions.update_meeting(request.user, m, **f.cleaned_data),
        "Đã lưu biên bản.")


def _posted_on(page, target):
    """A form posted on a page (the congress, an election, a meeting): its action, then back to the page; a
    refused form is shown again on the page (as `slot`) with its errors and everything typed."""

    def respond(request, obj, form, slot, fn, ok=None):
        if _submit(request, form, fn, ok):
            return redirect(target, obj.pk)
        return page(request, obj, **{slot: form})

    return respond


_on_congress = _posted_on(_detail_page, "congresses:detail")
_on_election = _posted_on(_election_page, "congresses:election")
_on_meeting = _posted_on(_meeting_page, "congresses:meeting")
