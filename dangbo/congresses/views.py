"""Congresses, elections (list, double entry of ballots, results, documents) and meetings.

Reads go through scope_for(user) on org_path; every write is an action (which checks write scope again).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangbo.core.scopes import scope_for
from dangbo.organizations.models import CommitteeMember, Organization, Term
from dangbo.rules import elections as rules
from dangbo.rules.text import format_date, parse_date

from . import actions, counting, documents, queries
from .models import (
    BallotEntry,
    Congress,
    CongressKind,
    Election,
    ElectionStatus,
    Meeting,
    MeetingKind,
)


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


def _errors(request, exc: ValidationError):
    for msg in exc.messages:
        messages.error(request, msg)


def _run(request, fn, ok: str) -> bool:
    try:
        fn()
    except ValidationError as exc:
        _errors(request, exc)
        return False
    messages.success(request, ok)
    return True


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


def _file(content: bytes, name: str, ctype: str) -> HttpResponse:
    resp = HttpResponse(content, content_type=ctype)
    resp["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# -- congresses -------------------------------------------------------------------------------------------------
@login_required
def index(request):
    scope = scope_for(request.user)
    congresses = scope.by_org_path(Congress.objects.select_related("organization")).order_by("-opened_on", "-id")
    return render(request, "congresses/index.html", {
        "congresses": congresses[:200], "can_create": bool(scope.is_admin or scope.write_paths),
        "year": timezone.localdate().year})


@login_required
def create(request):
    orgs = _writable_orgs(request)
    form = {"kind": CongressKind.MEMBERS, "place": ""}
    if request.method == "POST":
        form = request.POST
        org = orgs.filter(pk=_int(request.POST.get("organization"), 0)).first()
        try:
            if org is None:
                raise ValidationError({"organization": ["Chưa chọn tổ chức đảng (hoặc bạn không có quyền)."]})
            opened = _date(request.POST.get("opened_on"))
            if opened is None:
                raise ValidationError({"opened_on": ["Ngày khai mạc không đúng định dạng ngày/tháng/năm."]})
            c = actions.create_congress(
                request.user, organization=org, kind=request.POST.get("kind", ""),
                ordinal=_int(request.POST.get("ordinal"), 0), term_start=_int(request.POST.get("term_start"), 0),
                term_end=_int(request.POST.get("term_end"), 0), opened_on=opened,
                closed_on=_date(request.POST.get("closed_on")), place=request.POST.get("place", ""),
                quorum=request.POST.get("quorum", ""), tie_rule=request.POST.get("tie_rule") or "next_round")
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, f"Đã lập {c.title}.")
            return redirect("congresses:detail", c.pk)
    return render(request, "congresses/create.html", {
        "orgs": orgs[:500], "form": form, "kinds": CongressKind.choices,
        "quorums": Congress._meta.get_field("quorum").choices, "ties": Congress._meta.get_field("tie_rule").choices,
        "quorum_source": rules.REGISTRY["elections.quorum"], "tie_source": rules.REGISTRY["elections.tie_rule"]})


@login_required
def edit(request, pk):
    c = get_object_or_404(Congress.objects.select_related("organization"), pk=pk)
    if not scope_for(request.user).can_read_path(c.org_path):
        raise Http404
    if not scope_for(request.user).can_write_path(c.org_path):
        raise PermissionDenied("Bạn không có quyền sửa đại hội này.")
    form = {"organization": str(c.organization_id), "kind": c.kind, "ordinal": c.ordinal,
            "term_start": c.term_start, "term_end": c.term_end, "opened_on": format_date(c.opened_on),
            "closed_on": format_date(c.closed_on) if c.closed_on else "", "place": c.place, "quorum": c.quorum,
            "tie_rule": c.tie_rule}
    if request.method == "POST":
        form = dict(request.POST.items(), organization=str(c.organization_id), kind=c.kind)
        try:
            opened = _date(request.POST.get("opened_on"))
            if opened is None:
                raise ValidationError({"opened_on": ["Ngày khai mạc không đúng định dạng ngày/tháng/năm."]})
            actions.update_congress(
                request.user, c, ordinal=_int(request.POST.get("ordinal"), 0),
                term_start=_int(request.POST.get("term_start"), 0), term_end=_int(request.POST.get("term_end"), 0),
                opened_on=opened, closed_on=_date(request.POST.get("closed_on")),
                place=request.POST.get("place", ""), quorum=request.POST.get("quorum", ""),
                tie_rule=request.POST.get("tie_rule") or "next_round")
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, f"Đã lưu thông tin {c.title}.")
            return redirect("congresses:detail", c.pk)
    return render(request, "congresses/create.html", {
        "orgs": [c.organization], "form": form, "kinds": [(c.kind, c.get_kind_display())], "congress": c,
        "quorums": Congress._meta.get_field("quorum").choices, "ties": Congress._meta.get_field("tie_rule").choices,
        "quorum_source": rules.REGISTRY["elections.quorum"], "tie_source": rules.REGISTRY["elections.tie_rule"]})


@login_required
def detail(request, pk):
    c = _congress(request, pk)
    scope = scope_for(request.user)
    base = counting.base_of(c)
    elections = list(c.elections.order_by("body", "round", "id"))
    parent = c.organization.parent
    term = Term.objects.filter(congress_id=c.pk).first()
    return render(request, "congresses/detail.html", {
        "c": c, "base": base, "convened": c.convened.all(), "elections": elections,
        "can_write": scope.can_write_path(c.org_path),
        "can_approve": scope.is_admin or (parent is not None and scope.can_write_path(parent.path)),
        "bodies": rules.BODY_LABELS.items(), "term": term,
        "committee": CommitteeMember.objects.filter(term=term) if term else [],
        "quorum_source": rules.REGISTRY["elections.quorum"],
        "conference_source": rules.REGISTRY["elections.conference_base"], "threshold": _threshold(c),
        "tie_source": rules.REGISTRY["elections.tie_rule"],
    })


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
    changes = {}
    for r in c.convened.all():
        changes[r.pk] = {"present": request.POST.get(f"present_{r.pk}") == "1",
                         "absence_approved": request.POST.get(f"approved_{r.pk}") == "1",
                         "absence_reason": request.POST.get(f"reason_{r.pk}", "")}
    _run(request, lambda: actions.set_attendance(request.user, c, changes), "Đã lưu điểm danh.")
    return redirect("congresses:detail", c.pk)


@login_required
@require_POST
def redraw(request, pk):
    c = _congress(request, pk)
    _run(request, lambda: actions.redraw_convened(request.user, c), "Đã lập lại danh sách triệu tập.")
    return redirect("congresses:detail", c.pk)


@login_required
@require_POST
def delegates(request, pk):
    c = _congress(request, pk)
    _run(request, lambda: actions.set_delegates(request.user, c, request.POST.get("delegates", "")),
         "Đã lưu danh sách đại biểu.")
    return redirect("congresses:detail", c.pk)


@login_required
@require_POST
def approve(request, pk):
    c = _congress(request, pk)
    _run(request, lambda: actions.approve_congress(
        request.user, c, decision_number=request.POST.get("decision_number", ""),
        decision_date=_date(request.POST.get("decision_date")), issuer=request.POST.get("issuer", "")),
        "Đã ghi quyết định chuẩn y; cấp ủy khóa mới đã được cập nhật vào danh sách tổ chức.")
    return redirect("congresses:detail", c.pk)


@login_required
def committee_docx(request, pk):
    c = _congress(request, pk)
    term = Term.objects.filter(congress_id=c.pk).first()
    if term is None:
        raise Http404("Đại hội chưa được chuẩn y.")
    body = documents.committee_docx(c, list(CommitteeMember.objects.filter(term=term)))
    return _file(body, f"danh-sach-cap-uy-{c.pk}.docx", DOCX)


@login_required
@require_POST
def election_create(request, pk):
    c = _congress(request, pk)
    try:
        e = actions.create_election(
            request.user, c, body=request.POST.get("body", ""), seats=_int(request.POST.get("seats"), 0),
            alternate_seats=_int(request.POST.get("alternate_seats"), 0) or 0,
            candidates=request.POST.get("candidates", ""), board=request.POST.get("board", ""),
            at_conference=request.POST.get("at_conference") == "1",
            conference_members=_int(request.POST.get("conference_members")),
            conference_present=_int(request.POST.get("conference_present")),
            conference_excluded=request.POST.get("conference_excluded", ""))
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("congresses:detail", c.pk)
    messages.success(request, f"Đã lập {e.title}.")
    return redirect("congresses:election", e.pk)


# -- elections --------------------------------------------------------------------------------------------------
@login_required
def election(request, pk):
    e = _election(request, pk)
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
    return render(request, "congresses/election.html", {
        "e": e, "c": e.congress, "cands": cands, "base": base, "data": data, "readings": r,
        "findings": actions.findings(e), "with_surplus": len(cands) > e.seats,
        "can_write": scope.can_write_path(e.org_path), "disagreements": disagreements,
        "pending": sorted(r.pending) if r else [], "final_count": len(r.final) if r else 0,
        "next_number": next_number, "results": list(e.results.all()),
        "candidates_text": "\n".join(
            c.full_name + ("" if c.source == "committee" else f"; {c.get_source_display().lower()}; "
                                                              f"{c.floor_approvals}") for c in cands),
        "board_text": "\n".join(b["name"] for b in e.board),
        "threshold": _threshold(e.congress),
        "quorum_source": rules.REGISTRY["elections.quorum"], "tie_source": rules.REGISTRY["elections.tie_rule"],
        "libreoffice": documents.soffice() is not None,
    })


def _ids(request, prefix: str) -> list[int]:
    return [int(k[len(prefix):]) for k, v in request.POST.items() if k.startswith(prefix) and v == "1"
            and k[len(prefix):].isdigit()]


def _reading_from_post(request, e: Election) -> dict:
    cand_ids = list(e.candidates.values_list("pk", flat=True))
    if len(cand_ids) > e.seats:
        kept = [pk for pk in cand_ids if request.POST.get(f"c{pk}") == "keep"]
        out = {"kept": kept}
    else:
        out = {"agree": [pk for pk in cand_ids if request.POST.get(f"c{pk}") in ("agree", "both")],
               "disagree": [pk for pk in cand_ids if request.POST.get(f"c{pk}") in ("disagree", "both")]}
    out["issued_by_board"] = request.POST.get("not_issued") != "1"
    out["invalid_reason"] = request.POST.get("invalid_reason", "")
    return out


@login_required
@require_POST
def election_list(request, pk):
    e = _election(request, pk)
    _run(request, lambda: actions.update_list(request.user, e, candidates=request.POST.get("candidates", ""),
                                              board=request.POST.get("board", ""),
                                              seats=_int(request.POST.get("seats"))), "Đã lưu danh sách bầu cử.")
    return redirect("congresses:election", e.pk)


@login_required
@require_POST
def election_start(request, pk):
    e = _election(request, pk)
    _run(request, lambda: actions.start_counting(request.user, e, issued=_int(request.POST.get("issued"), -1),
                                                 by_totals=request.POST.get("by_totals") == "1"),
         "Đã chốt danh sách và bắt đầu kiểm phiếu.")
    return redirect("congresses:election", e.pk)


@login_required
@require_POST
def election_ballot(request, pk):
    e = _election(request, pk)
    number, counter = _int(request.POST.get("number"), 0), _int(request.POST.get("counter"), 0)
    ok = _run(request, lambda: actions.record_ballot(request.user, e, number=number, counter=counter,
                                                     **_reading_from_post(request, e)),
              f"Đã nhập phiếu số {number} (người nhập thứ {counter}).")
    return redirect(reverse("congresses:election", args=[e.pk]) + f"?nguoi_nhap={counter}"
                    + ("" if ok else f"&so={number}") + "#nhap-phieu")


@login_required
@require_POST
def election_resolve(request, pk):
    e = _election(request, pk)
    number = _int(request.POST.get("number"), 0)
    _run(request, lambda: actions.resolve_ballot(request.user, e, number=number, note=request.POST.get("note", ""),
                                                 **_reading_from_post(request, e)),
         f"Trưởng ban kiểm phiếu đã xác định phiếu số {number}.")
    return redirect("congresses:election", e.pk)


@login_required
@require_POST
def election_totals(request, pk):
    e = _election(request, pk)
    totals = {str(c.pk): request.POST.get(f"t{c.pk}", "0") for c in e.candidates.all()}
    kwargs = {"totals": totals, "valid": _int(request.POST.get("valid"), -1),
              "invalid": _int(request.POST.get("invalid"), -1)}
    if e.locked:
        _run(request, lambda: actions.correct_result(request.user, e, reason=request.POST.get("reason", ""),
                                                     **kwargs), "Đã ghi phiên bản điều chỉnh của kết quả.")
    else:
        _run(request, lambda: actions.enter_totals(request.user, e, **kwargs), "Đã lưu tổng số phiếu.")
    return redirect("congresses:election", e.pk)


@login_required
@require_POST
def election_sign(request, pk):
    e = _election(request, pk)
    _run(request, lambda: actions.sign_result(request.user, e), "Ban kiểm phiếu đã ký: kết quả đã được khóa.")
    return redirect("congresses:election", e.pk)


@login_required
@require_POST
def election_correct(request, pk):
    e = _election(request, pk)
    _run(request, lambda: actions.correct_result(
        request.user, e, reason=request.POST.get("reason", ""), number=_int(request.POST.get("number"), 0),
        **_reading_from_post(request, e)), "Đã ghi phiên bản điều chỉnh của kết quả.")
    return redirect("congresses:election", e.pk)


@login_required
@require_POST
def election_next(request, pk):
    e = _election(request, pk)
    try:
        new = actions.next_round(request.user, e)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("congresses:election", e.pk)
    messages.success(request, f"Đã lập {new.title}.")
    return redirect("congresses:election", new.pk)


def _signed_or_live(e: Election):
    rv = e.current_result()
    data = rv.data if rv else counting.live_result(e)
    if data is None:
        raise Http404("Chưa có kết quả kiểm phiếu.")
    return data, (rv.number if rv else None)


@login_required
def ballot_docx(request, pk):
    e = _election(request, pk)
    return _file(documents.ballot_docx(e), f"phieu-bau-{e.pk}.docx", DOCX)


@login_required
def ballot_pdf(request, pk):
    e = _election(request, pk)
    try:
        return _file(documents.to_pdf(documents.ballot_docx(e)), f"phieu-bau-{e.pk}.pdf", "application/pdf")
    except documents.NoLibreOffice as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")


@login_required
def record_docx(request, pk):
    e = _election(request, pk)
    data, version = _signed_or_live(e)
    return _file(documents.record_docx(e, data, version), f"bien-ban-kiem-phieu-{e.pk}.docx", DOCX)


@login_required
def record_pdf(request, pk):
    e = _election(request, pk)
    data, version = _signed_or_live(e)
    try:
        pdf = documents.to_pdf(documents.record_docx(e, data, version))
    except documents.NoLibreOffice as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    return _file(pdf, f"bien-ban-kiem-phieu-{e.pk}.pdf", "application/pdf")


@login_required
def result_csv(request, pk):
    e = _election(request, pk)
    data, _ = _signed_or_live(e)
    return _file(documents.result_csv(data), f"ket-qua-{e.pk}.csv", "text/csv; charset=utf-8")


@login_required
def result_json(request, pk):
    e = _election(request, pk)
    data, _ = _signed_or_live(e)
    return _file(documents.result_json(data), f"ket-qua-{e.pk}.json", "application/json")


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
        "can_write": bool(scope.is_admin or scope.write_paths)})


@login_required
def meeting_create(request):
    scope = scope_for(request.user)
    orgs = _writable_orgs(request)
    org = orgs.filter(pk=_int(request.GET.get("to_chuc") or request.POST.get("organization"), 0)).first()
    held_on = _date(request.POST.get("held_on") or request.GET.get("ngay")) or timezone.localdate()
    roster = actions.members_as_of(org, held_on, statuses=("official", "probationary"),
                                   subtree=not org.is_cell) if org else []
    if request.method == "POST" and org is not None and scope.can_write_path(org.path):
        absences = {r["member_id"]: request.POST.get(f"reason_{r['member_id']}", "")
                    for r in roster if request.POST.get(f"absent_{r['member_id']}") == "1"}
        try:
            m = actions.record_meeting(
                request.user, organization=org, kind=request.POST.get("kind", ""),
                held_on=_date(request.POST.get("held_on")), title=request.POST.get("title", ""),
                agenda=request.POST.get("agenda", ""), guests=request.POST.get("guests", ""),
                minutes=request.POST.get("minutes", ""), resolutions=request.POST.get("resolutions", ""),
                absences=absences)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "Đã lưu biên bản cuộc họp.")
            return redirect("congresses:meeting", m.pk)
    elif request.method == "POST":
        messages.error(request, "Chưa chọn chi bộ (hoặc bạn không có quyền).")
    return render(request, "congresses/meeting_form.html", {
        "orgs": orgs[:500], "org": org, "roster": roster, "held_on": held_on, "kinds": MeetingKind.choices,
        "form": request.POST})


@login_required
def meeting(request, pk):
    m = _meeting(request, pk)
    att = list(m.attendance.select_related("member"))
    return render(request, "congresses/meeting.html", {
        "m": m, "attendance": att, "present": sum(1 for a in att if a.present),
        "can_write": scope_for(request.user).can_write_path(m.org_path)})


@login_required
@require_POST
def meeting_attendance(request, pk):
    m = _meeting(request, pk)
    ids = list(m.attendance.values_list("member_id", flat=True))
    absences = {i: request.POST.get(f"reason_{i}", "") for i in ids if request.POST.get(f"absent_{i}") == "1"}
    _run(request, lambda: actions.set_meeting_attendance(request.user, m, absences,
                                                         version=_int(request.POST.get("version"))),
         "Đã lưu điểm danh.")
    return redirect("congresses:meeting", m.pk)


@login_required
@require_POST
def meeting_edit(request, pk):
    m = _meeting(request, pk)
    _run(request, lambda: actions.update_meeting(
        request.user, m, version=_int(request.POST.get("version")),
        **{k: request.POST.get(k, getattr(m, k)) for k in ("title", "agenda", "guests", "minutes", "resolutions")}),
        "Đã lưu biên bản.")
    return redirect("congresses:meeting", m.pk)
