"""Pages of the yearly review: reviews, one review (refresh, decide), one rating (self-assessment, proposals,
withdrawal), a chi bộ's proposals on one screen, an organisation's rating. Results and records: results_views.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangbo.core.forms import apply_validation_error
from dangbo.core.scopes import READ, WRITE, ScopeDenied, scope_for
from dangbo.organizations import queries as org_queries
from dangbo.organizations.models import Organization
from dangbo.rules import ratings as rules

from . import actions, queries
from .forms import (
    DecideForm,
    OpenReviewForm,
    ProposeForm,
    QuickProposeForm,
    RevokeForm,
    SelfAssessForm,
)
from .models import Commitment, MemberRating, OrgRating, Review
from .pickers import scoped_org

PAGE_ROWS = 500  # a review page lists at most this many members; pick a sub-organisation for the rest


# -- scope helpers -------------------------------------------------------------------------------------------
def _inside(scope, path: str) -> bool:
    """The user reads `path` or a part of its subtree (a secretary inside the đảng bộ's review)."""
    return scope.is_admin or scope.reads_inside(path)


def visible_reviews(scope):
    qs = Review.objects.select_related("organization")
    if scope.is_admin:
        return qs
    q = scope.path_q("org_path", with_ancestors=True)  # a review of the đảng bộ above covers the chi bộ
    if scope.own_member_id:
        q |= Q(pk__in=MemberRating.objects.filter(member_id=scope.own_member_id).values("review_id"))
    return qs.filter(q)


def _review(request, pk) -> Review:
    return get_object_or_404(visible_reviews(scope_for(request.user)), pk=pk)


def _member_rating(request, pk) -> MemberRating:
    scope = scope_for(request.user)
    r = get_object_or_404(MemberRating.objects.select_related("review", "member", "organization",
                                                              "host_organization"), pk=pk)
    host = r.host_organization.path if r.host_organization_id else None
    if not (scope.can_read_path(r.org_path) or r.member_id == scope.own_member_id
            or (host and scope.can_read_path(host))):
        raise Http404
    return r


def _org_rating(request, pk) -> OrgRating:
    scope = scope_for(request.user)
    r = get_object_or_404(OrgRating.objects.select_related("review", "organization"), pk=pk)
    if not scope.can_read_path(r.org_path):
        raise Http404
    return r


# -- reviews -------------------------------------------------------------------------------------------------
@login_required
def index(request):
    scope = scope_for(request.user)
    reviews = list(visible_reviews(scope).exclude(status=Review.Status.HISTORY)[:200])
    writable = list(org_queries.visible(scope).filter(kind__in=["upper", "grassroots_committee",
                                                                 "grassroots_cell"]).order_by("path")
                    .filter(pk__in=scope.writable_organizations(Organization.objects.all()).values("pk"))[:200])
    form = OpenReviewForm(request.POST or None, initial={"year": timezone.localdate().year,
                                                         "review_date": timezone.localdate()})
    if request.method == "POST":
        org_pk = request.POST.get("organization", "")
        org = next((o for o in writable if str(o.pk) == org_pk), None)
        if org is None:
            form.add_error(None, "Chọn tổ chức đảng mở đợt kiểm điểm.")
        elif form.is_valid():
            cd = form.cleaned_data
            try:
                review = actions.open_review(request.user, org, year=cd["year"], review_date=cd["review_date"],
                                             period=cd["period"], quarter=cd["quarter"])
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, f"Đã mở {review}.")
                return redirect("evaluations:review", review.pk)
    own = (MemberRating.objects.filter(member_id=scope.own_member_id).select_related("review")
           .order_by("-year") if scope.own_member_id else [])
    return render(request, "evaluations/index.html", {"reviews": reviews, "writable": writable, "form": form,
                                                      "own": own, "this_year": timezone.localdate().year})


@login_required
def review(request, pk):
    scope = scope_for(request.user)
    rv = _review(request, pk)
    ratings = scope.by_org_path(MemberRating.objects.filter(review=rv)).select_related(
        "member", "organization", "host_organization").order_by("org_path", "member__sort_key", "member_id")
    if not scope.can_read_any:
        ratings = MemberRating.objects.filter(review=rv, member_id=scope.own_member_id).select_related(
            "member", "organization")
    part = request.GET.get("to_chuc", "")
    part_org = None
    if part.isdigit():
        part_org = org_queries.visible(scope, include_ended=True).filter(pk=int(part)).first()
        if part_org is not None:
            ratings = ratings.filter(org_path__startswith=part_org.path)
    total = ratings.count()
    rows = list(ratings[:PAGE_ROWS])
    signed = set(Commitment.objects.filter(year=rv.year, member_id__in=[r.member_id for r in rows])
                 .values_list("member_id", flat=True))
    for r in rows:
        r.can_propose = scope.can_write_path(r.org_path) and r.rated and not r.is_locked \
            and rv.status == Review.Status.OPEN
        r.committed = r.member_id in signed
    org_rows = list(scope.by_org_path(OrgRating.objects.filter(review=rv)).select_related("organization")
                    .order_by("org_path"))
    for o in org_rows:
        o.can_propose = scope.can_write_path(o.org_path) and o.rated and not o.is_locked \
            and rv.status == Review.Status.OPEN
    can_decide = scope.can_write_path(rv.org_path) and rv.status == Review.Status.OPEN
    pending = actions.pending_member_decisions(request.user, rv) if can_decide else []
    # The chi bộ the user may propose for on one screen (their own, or every chi bộ for the office).
    bulk_orgs = sorted({r.organization for r in rows if r.can_propose}, key=lambda o: o.path)
    per, quota = actions.member_decision_findings(rv, pending) if pending else ({}, [])
    pending_orgs = actions.pending_org_decisions(request.user, rv) if rv.status == Review.Status.OPEN else []
    per_o, quota_o = actions.org_decision_findings(rv, pending_orgs) if pending_orgs else ({}, [])
    counts = queries.count_levels(ratings)
    parts = scope.organizations(Organization.objects.filter(parent=rv.organization)).order_by("path")
    # Whether the list still matches the register on the review date (seen by those who read the whole review).
    stale = actions.register_changes(rv) if rv.status == Review.Status.OPEN and scope.can_read_path(
        rv.org_path) else []
    return render(request, "evaluations/review.html", {
        "review": rv, "regime": rv.regime, "rows": rows, "org_rows": org_rows, "counts": counts,
        "can_decide": can_decide, "pending": pending, "pending_findings": per, "quota": quota,
        "pending_blocking": any(f["blocking"] for fs in per.values() for f in fs) or any(
            f["blocking"] for f in quota),
        "pending_orgs": pending_orgs, "org_findings": per_o, "quota_orgs": quota_o,
        "decide_form": DecideForm(initial={"decision_date": timezone.localdate(), "version": rv.version}),
        "pending_parts": actions.pending_by_organization(pending), "bulk_orgs": bulk_orgs,
        "decide_org_form": DecideForm(prefix="org", initial={"decision_date": timezone.localdate(),
                                                             "version": rv.version}),
        "quick_form": QuickProposeForm(), "level_labels": dict(rules.LEVEL_LABELS),
        "uses_scores": rv.regime.uses_scores,
        "commitments": sum(1 for r in rows if r.committed), "total": total, "truncated": total > len(rows),
        "parts": parts, "part_org": part_org, "stale": stale, "stale_counts": actions.change_counts(stale),
        "change_labels": actions.CHANGE_LABELS,
    })


@login_required
def refresh(request, pk):
    """«Cập nhật theo sổ đảng viên»: GET lists what would change, POST applies it and lists what changed."""
    rv = _review(request, pk)
    scope = scope_for(request.user)
    scope.require(READ, rv.org_path, "Chỉ cấp ủy mở đợt kiểm điểm được cập nhật danh sách theo sổ đảng viên.")
    done = False
    if request.method == "POST":
        version = request.POST.get("version", "")
        try:
            changes = actions.refresh_review(request.user, rv, version=int(version) if version.isdigit() else None)
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
            return redirect("evaluations:review", rv.pk)
        done = True
        rv.refresh_from_db()
    else:
        changes = actions.register_changes(rv) if rv.status == Review.Status.OPEN else []
    return render(request, "evaluations/refresh.html", {
        "review": rv, "changes": changes, "counts": actions.change_counts(changes), "done": done,
        "labels": actions.CHANGE_LABELS, "can_refresh": scope.can_write_path(rv.org_path)})


def _review_url(review_pk: int, part: str = "", anchor: str = "") -> str:
    """The review page, keeping the chi bộ filter the user had (?to_chuc=)."""
    url = reverse("evaluations:review", args=[review_pk])
    return url + (f"?to_chuc={part}" if str(part).isdigit() else "") + anchor


def _flash_errors(request, exc: ValidationError) -> None:
    for m in exc.messages:
        messages.error(request, m)


@login_required
@require_POST
def decide(request, pk):
    """Members: the form names a chi bộ (or all), then a confirmation page names how many proposals and whose;
    only the confirmed list is decided. Organisations: decided directly (few, each named on the page)."""
    rv = _review(request, pk)
    orgs = request.POST.get("kind") == "orgs"
    back = _review_url(rv.pk, request.POST.get("to_chuc", ""))
    form = DecideForm(request.POST, prefix="org" if orgs else None)
    if not form.is_valid():
        for errs in form.errors.values():
            for m in errs:
                messages.error(request, m)
        return redirect(back)
    cd = form.cleaned_data
    if orgs:
        try:
            n = actions.decide_orgs(request.user, rv, decision_number=cd["decision_number"],
                                    decision_date=cd["decision_date"], override_reason=cd["override_reason"],
                                    version=cd["version"])
        except ValidationError as exc:
            _flash_errors(request, exc)
        else:
            messages.success(request, f"Đã quyết định xếp loại {n} tổ chức đảng.")
        return redirect(back)
    part_pk = request.POST.get("to_chuc", "")
    part = scoped_org(request, int(part_pk)) if part_pk.isdigit() else None
    args = {"decision_number": cd["decision_number"], "decision_date": cd["decision_date"],
            "override_reason": cd["override_reason"], "part": part}
    try:
        if request.POST.get("confirmed") == "1":
            ids = [int(x) for x in request.POST.get("ids", "").split(",") if x.isdigit()]
            n = actions.decide_members(request.user, rv, version=cd["version"], expected=ids, **args)
        else:
            pending, per, quota, blocking = actions.member_decision_plan(request.user, rv, **args)
    except ValidationError as exc:
        _flash_errors(request, exc)
        return redirect(back)
    if request.POST.get("confirmed") == "1":
        messages.success(request, f"Đã quyết định xếp loại {n} đảng viên" + (f" của {part.name}." if part else "."))
        return redirect(back)
    for r in pending:
        r.decision_findings = per[r.pk]
    return render(request, "evaluations/decide_confirm.html", {
        "review": rv, "pending": pending, "parts": actions.pending_by_organization(pending), "part": part,
        "quota": quota, "blocking": blocking, "cd": cd, "ids": ",".join(str(r.pk) for r in pending),
        "version": cd["version"] if cd["version"] is not None else rv.version})


@login_required
def rating(request, pk):
    scope = scope_for(request.user)
    r = _member_rating(request, pk)
    own = r.member_id == scope.own_member_id
    can_write = scope.can_write_path(r.org_path)
    open_ = r.review.status == Review.Status.OPEN and r.rated and not r.is_locked
    above = actions.revoker_path(actions.competent_path_member(r.review))
    can_revoke = r.is_locked and (scope.is_admin or (above and scope.can_write_path(above)))
    data = request.POST if request.method == "POST" else None
    step = request.POST.get("step") if data else None
    self_form = SelfAssessForm(data if step == "self" else None, initial={
        "self_level": r.self_level, "self_points": r.self_points, "self_comment": r.self_comment})
    propose_form = ProposeForm(data if step == "propose" else None, initial={
        "proposed_level": r.proposed_level, "proposal_comment": r.proposal_comment, "self_level": r.self_level,
        "disciplined": r.disciplined, "discipline_self_detected": r.discipline_self_detected,
        "sick_leave_months": r.sick_leave_months, "host_comment": r.host_comment, "version": r.version})
    revoke_form = RevokeForm(data if step == "revoke" else None)
    can_host = bool(r.host_organization_id) and scope.can_write_path(r.host_organization.path)
    if step:
        try:
            if step == "host" and (can_host or can_write):
                actions.record_host_comment(request.user, r, comment=request.POST.get("host_comment", ""))
                messages.success(request, "Đã ghi ý kiến nhận xét của chi bộ nơi sinh hoạt tạm thời.")
                return redirect("evaluations:rating", r.pk)
            if step == "self" and (own or can_write) and self_form.is_valid():
                cd = self_form.cleaned_data
                actions.self_assess(request.user, r, level=cd["self_level"], points=cd["self_points"],
                                    comment=cd["self_comment"])
                messages.success(request, "Đã ghi bản tự đánh giá, xếp loại.")
                return redirect("evaluations:rating", r.pk)
            if step == "propose" and can_write and propose_form.is_valid():
                cd = propose_form.cleaned_data
                actions.propose(request.user, r, level=cd["proposed_level"], comment=cd["proposal_comment"],
                                self_level=cd["self_level"], disciplined=cd["disciplined"],
                                discipline_self_detected=cd["discipline_self_detected"],
                                sick_leave_months=cd["sick_leave_months"], host_comment=cd["host_comment"],
                                version=cd["version"])
                messages.success(request, "Đã ghi đề xuất của chi bộ.")
                return redirect("evaluations:rating", r.pk)
            if step == "revoke" and revoke_form.is_valid():
                actions.revoke(request.user, r, reason=revoke_form.cleaned_data["reason"])
                messages.success(request, "Đã hủy kết quả; chi bộ và cấp ủy làm lại.")
                return redirect("evaluations:rating", r.pk)
            if step not in ("self", "propose", "revoke", "host") or not (own or can_write or can_revoke or can_host):
                raise ScopeDenied("Bạn không có quyền thay đổi kết quả này.")
        except ValidationError as exc:
            if step == "host":
                for m in exc.messages:
                    messages.error(request, m)
            else:
                form = {"self": self_form, "propose": propose_form, "revoke": revoke_form}[step]
                apply_validation_error(form, exc)
    return render(request, "evaluations/rating.html", {
        "r": r, "own": own, "can_write": can_write, "open": open_, "can_revoke": can_revoke, "can_host": can_host,
        "self_form": self_form, "propose_form": propose_form, "revoke_form": revoke_form,
        "regime": r.review.regime, "history": queries.member_history(r.member) if (own or can_write) else [],
    })


@login_required
@require_POST
def quick_propose(request, pk):
    r = _member_rating(request, pk)
    form = QuickProposeForm(request.POST)
    scope_for(request.user).require(WRITE, r.org_path, "Chi bộ chỉ đề xuất xếp loại cho đảng viên của mình.")
    if form.is_valid():
        cd = form.cleaned_data
        try:
            actions.propose(request.user, r, level=cd["proposed_level"], self_level=cd["self_level"] or None,
                            points=cd["points"])
        except ValidationError as exc:
            _flash_errors(request, exc)
    else:
        for field, errs in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for m in errs:
                messages.error(request, f"{r.member.full_name}, {label.lower()}: {m}" if label else m)
    return redirect(_review_url(r.review_id, request.POST.get("to_chuc", ""), f"#r{r.pk}"))


@login_required
@require_POST
def withdraw(request, pk):
    """«Rút đề xuất» before the decision."""
    r = _member_rating(request, pk)
    scope_for(request.user).require(WRITE, r.org_path, "Chỉ chi bộ của đảng viên được rút đề xuất.")
    version = request.POST.get("version", "")
    try:
        actions.withdraw_proposal(request.user, r, version=int(version) if version.isdigit() else None)
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, f"Đã rút đề xuất xếp loại {r.member.full_name}.")
    return redirect(_review_url(r.review_id, request.POST.get("to_chuc", ""), f"#r{r.pk}"))


@login_required
def propose_chi_bo(request, pk):
    """One screen for a whole chi bộ: a level (and, from 2025, the 100-point total) per member, one save."""
    rv = _review(request, pk)
    scope = scope_for(request.user)
    writable = [o for o in Organization.objects.filter(
        pk__in=MemberRating.objects.filter(review=rv, rated=True).values("organization_id")).order_by("path")
        if scope.can(WRITE, o)]
    if not writable or rv.status != Review.Status.OPEN:
        raise ScopeDenied("Bạn không có chi bộ nào để đề xuất trong đợt kiểm điểm này.")
    pick = request.GET.get("to_chuc") or request.POST.get("to_chuc", "")
    org = next((o for o in writable if str(o.pk) == pick), writable[0])
    rows = list(MemberRating.objects.filter(review=rv, organization=org).select_related("member")
                .order_by("member__sort_key", "member_id"))
    errors, posted = [], {}
    if request.method == "POST":
        data = [{"rating": r.pk, "level": request.POST.get(f"level_{r.pk}", ""),
                 "self_level": request.POST.get(f"self_{r.pk}", ""),
                 "points": request.POST.get(f"points_{r.pk}", "").strip(),
                 "version": request.POST.get(f"version_{r.pk}", "")}
                for r in rows if r.rated and not r.is_locked]
        posted = {d["rating"]: d for d in data}
        try:
            done = actions.propose_many(request.user, rv, data)
        except ValidationError as exc:
            errors = (exc.message_dict.get("rows") if hasattr(exc, "error_dict") else None) or exc.messages
        else:
            messages.success(request, f"Đã ghi đề xuất xếp loại {len(done)} đảng viên của {org.name}.")
            return redirect(_review_url(rv.pk, str(org.pk)))
    for r in rows:
        r.editable = r.rated and not r.is_locked
        r.posted = posted.get(r.pk) or {"level": str(r.proposed_level or ""), "self_level": "",
                                         "points": "" if r.self_points is None else str(r.self_points)}
    return render(request, "evaluations/propose_chi_bo.html", {
        "review": rv, "org": org, "writable": writable, "rows": rows, "errors": errors,
        "levels": [c for c in QuickProposeForm.base_fields["proposed_level"].choices if c[0]],
        "uses_scores": rv.regime.uses_scores})


@login_required
def org_rating(request, pk):
    scope = scope_for(request.user)
    r = _org_rating(request, pk)
    can_write = scope.can_write_path(r.org_path)
    above = actions.revoker_path(actions.competent_path_org(r))
    can_revoke = r.is_locked and (scope.is_admin or (above and scope.can_write_path(above)))
    data = request.POST if request.method == "POST" else None
    step = request.POST.get("step") if data else None
    form = QuickProposeForm(data if step == "propose" else None, initial={"proposed_level": r.proposed_level})
    revoke_form = RevokeForm(data if step == "revoke" else None)
    if step:
        try:
            if step == "propose" and can_write and form.is_valid():
                actions.propose_org(request.user, r, level=form.cleaned_data["proposed_level"],
                                    comment=request.POST.get("proposal_comment", ""),
                                    points=request.POST.get("self_points") or None)
                messages.success(request, "Đã ghi tự đánh giá, đề xuất của tổ chức.")
                return redirect("evaluations:review", r.review_id)
            if step == "revoke" and can_revoke and revoke_form.is_valid():
                actions.revoke(request.user, r, reason=revoke_form.cleaned_data["reason"])
                messages.success(request, "Đã hủy kết quả xếp loại của tổ chức.")
                return redirect("evaluations:org_rating", r.pk)
            if not (can_write or can_revoke):
                raise ScopeDenied("Bạn không có quyền thay đổi kết quả này.")
        except ValidationError as exc:
            apply_validation_error(form if step == "propose" else revoke_form, exc)
    return render(request, "evaluations/org_rating.html", {"r": r, "form": form, "revoke_form": revoke_form,
                                                           "can_write": can_write, "can_revoke": can_revoke})
