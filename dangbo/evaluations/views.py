"""Pages of the yearly review: reviews, one review, one rating, results (page, xlsx, JSON), lists, regime."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangbo.core.forms import apply_validation_error
from dangbo.core.scopes import scope_for
from dangbo.members.models import Member
from dangbo.organizations import queries as org_queries
from dangbo.organizations.models import Organization
from dangbo.rules import ratings as rules
from dangbo.rules.sources import UNCONFIRMED

from . import actions, exports, queries
from .forms import (
    CommitmentForm,
    DecideForm,
    OpenReviewForm,
    ProposeForm,
    PublishedForm,
    QuickProposeForm,
    RevokeForm,
    SelfAssessForm,
)
from .models import KEY_LEVELS, SETTING_LABELS, Commitment, MemberRating, OrgRating, Review

PAGE_ROWS = 500  # a review page lists at most this many members; pick a sub-organisation for the rest


# -- scope helpers -------------------------------------------------------------------------------------------
def _inside(scope, path: str) -> bool:
    """The user reads `path` or a part of its subtree (a secretary inside the đảng bộ's review)."""
    return scope.is_admin or scope.can_read_path(path) or any(p.startswith(path) for p in scope.read_paths)


def visible_reviews(scope):
    qs = Review.objects.select_related("organization")
    if scope.is_admin:
        return qs
    q = Q(pk__in=[])
    for p in scope.read_paths:
        q |= Q(org_path__startswith=p) | Q(org_path__in=[p[:i] for i in range(4, len(p) + 1, 4)])
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


def _scoped_org(request, pk) -> Organization:
    return get_object_or_404(org_queries.visible(scope_for(request.user), include_ended=True), pk=pk)


def _default_org(request) -> Organization | None:
    scope = scope_for(request.user)
    pk = request.GET.get("to_chuc")
    if pk and str(pk).isdigit():
        return _scoped_org(request, int(pk))
    return org_queries.roots(scope).order_by("path").first()


def _year(request, default: int | None = None) -> int:
    y = request.GET.get("nam", "")
    if y.isdigit() and 1930 <= int(y) <= 2200:
        return int(y)
    return default or timezone.localdate().year


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
    if not scope.is_admin and not scope.read_paths:
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
    per, quota = actions.member_decision_findings(rv, pending) if pending else ({}, [])
    pending_orgs = actions.pending_org_decisions(request.user, rv) if rv.status == Review.Status.OPEN else []
    per_o, quota_o = actions.org_decision_findings(rv, pending_orgs) if pending_orgs else ({}, [])
    counts = queries._count(ratings)
    parts = scope.organizations(Organization.objects.filter(parent=rv.organization)).order_by("path")
    return render(request, "evaluations/review.html", {
        "review": rv, "regime": rv.regime, "rows": rows, "org_rows": org_rows, "counts": counts,
        "can_decide": can_decide, "pending": pending, "pending_findings": per, "quota": quota,
        "pending_blocking": any(f["blocking"] for fs in per.values() for f in fs) or any(
            f["blocking"] for f in quota),
        "pending_orgs": pending_orgs, "org_findings": per_o, "quota_orgs": quota_o,
        "decide_form": DecideForm(initial={"decision_date": timezone.localdate(), "version": rv.version}),
        "decide_org_form": DecideForm(prefix="org", initial={"decision_date": timezone.localdate(),
                                                             "version": rv.version}),
        "quick_form": QuickProposeForm(), "level_labels": dict(rules.LEVEL_LABELS),
        "commitments": sum(1 for r in rows if r.committed), "total": total, "truncated": total > len(rows),
        "parts": parts, "part_org": part_org,
    })


@login_required
@require_POST
def decide(request, pk):
    rv = _review(request, pk)
    orgs = request.POST.get("kind") == "orgs"
    form = DecideForm(request.POST, prefix="org" if orgs else None)
    if form.is_valid():
        cd = form.cleaned_data
        fn = actions.decide_orgs if orgs else actions.decide_members
        try:
            n = fn(request.user, rv, decision_number=cd["decision_number"], decision_date=cd["decision_date"],
                   override_reason=cd["override_reason"], version=cd["version"])
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        else:
            messages.success(request, f"Đã quyết định xếp loại {n} {'tổ chức đảng' if orgs else 'đảng viên'}.")
    else:
        for errs in form.errors.values():
            for m in errs:
                messages.error(request, m)
    return redirect("evaluations:review", rv.pk)


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
                raise PermissionDenied("Bạn không có quyền thay đổi kết quả này.")
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
    if not scope_for(request.user).can_write_path(r.org_path):
        raise PermissionDenied("Chi bộ chỉ đề xuất xếp loại cho đảng viên của mình.")
    if form.is_valid():
        lv = form.cleaned_data["proposed_level"]
        try:
            actions.propose(request.user, r, level=lv, self_level=form.cleaned_data["self_level"] or None)
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
    return redirect(reverse("evaluations:review", args=[r.review_id]) + f"#r{r.pk}")


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
                raise PermissionDenied("Bạn không có quyền thay đổi kết quả này.")
        except ValidationError as exc:
            apply_validation_error(form if step == "propose" else revoke_form, exc)
    return render(request, "evaluations/org_rating.html", {"r": r, "form": form, "revoke_form": revoke_form,
                                                           "can_write": can_write, "can_revoke": can_revoke})


# -- results -------------------------------------------------------------------------------------------------
def _results_context(request):
    org = _default_org(request)
    if org is None:
        raise Http404
    year = _year(request, max(queries.years_with_data(org) or [timezone.localdate().year]))
    current = queries.results_summary(org, year)
    previous = queries.results_summary(org, year - 1)
    return org, year, current, previous


@login_required
def results(request):
    org, year, current, previous = _results_context(request)
    rows = queries.compare(current, previous)
    streak = queries.excellent_in_a_row(org, year, 5)
    return render(request, "evaluations/results.html", {
        "org": org, "year": year, "current": current, "previous": previous, "rows": rows,
        "children": queries.child_rows(org, year), "streak": streak,
        "twice": queries.not_completed_twice(org, year), "not_rated": list(queries.not_yet_rated(org, year)[:200]),
        "commitments": queries.commitment_counts(org, year), "years": queries.years_with_data(org),
        "orgs": org_queries.visible(scope_for(request.user)).order_by("path")[:300],
        "query": f"to_chuc={org.pk}&nam={year}",
        "self_level": KEY_LEVELS.get(current["self"]) if current and current["self"] else None,
        "level_urls": {k: queries.member_results_url(org, year, k) for k in queries.KEYS},
    })


@login_required
def results_json(request):
    org, year, current, previous = _results_context(request)
    return JsonResponse(exports.results_data(org, year, current, previous), json_dumps_params={"ensure_ascii": False})


@login_required
def results_xlsx(request):
    org, year, current, previous = _results_context(request)
    content = exports.results_xlsx(org, year, current, previous, queries.child_rows(org, year))
    resp = HttpResponse(content, content_type=exports.XLSX_TYPE)
    resp["Content-Disposition"] = f'attachment; filename="xep-loai-{org.code}-{year}.xlsx"'
    return resp


@login_required
def records(request):
    org = _default_org(request)
    if org is None:
        raise Http404
    year = _year(request)
    level = request.GET.get("muc") or None
    rows = list(queries.member_records(org, year, level)[:1000])
    label = rules.LEVEL_LABELS[rules.Level(KEY_LEVELS[level])] if level in KEY_LEVELS else {
        "not_rated": "Không xếp loại", "undecided": "Chưa quyết định"}.get(level, "Tất cả")
    return render(request, "evaluations/records.html", {"org": org, "year": year, "rows": rows, "label": label})


@login_required
def commitments(request):
    org = _default_org(request)
    if org is None:
        raise Http404
    year = _year(request)
    signed, missing = queries.commitment_lists(org, year)
    return render(request, "evaluations/commitments.html", {"org": org, "year": year, "signed": signed,
                                                            "missing": missing})


@login_required
def commitment(request, member_pk):
    scope = scope_for(request.user)
    member = get_object_or_404(scope.members(Member.objects.all()), pk=member_pk)
    can_edit = scope.can_write_member(member) or member.pk == scope.own_member_id
    if request.method == "POST" and not can_edit:
        raise PermissionDenied("Bạn không có quyền ghi bản cam kết của đảng viên này.")
    year = _year(request)
    existing = Commitment.objects.filter(member=member, year=year).first()
    form = CommitmentForm(request.POST or None, initial={
        "commitment_year": year, "content": existing.content if existing else "",
        "signed_on": existing.signed_on if existing else timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            actions.record_commitment(request.user, member, year=cd["commitment_year"], content=cd["content"],
                                      signed_on=cd["signed_on"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"Đã ghi bản cam kết năm {cd['commitment_year']}.")
            return redirect("members:detail", member.pk)
    return render(request, "evaluations/commitment.html", {
        "member": member, "form": form, "can_edit": can_edit, "all": member.commitments.order_by("-year"),
        "ratings": queries.member_history(member)})


@login_required
def published(request, org_pk):
    scope = scope_for(request.user)
    org = _scoped_org(request, org_pk)
    if not scope.can_write_path(org.path):
        raise PermissionDenied(f"Bạn không có quyền nhập số liệu của «{org.name}».")
    form = PublishedForm(request.POST or None, initial={"published_year": 2020})
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        keys = ("excellent", "good", "completed", "not_completed")
        try:
            obj = actions.enter_published_totals(
                request.user, org, year=cd["published_year"], source_document=cd["source_document"],
                members={k: cd[f"members_{k}"] for k in keys}, organizations={k: cd[f"orgs_{k}"] for k in keys},
                self_level=cd["self_level"], members_not_rated=cd["members_not_rated"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"Đã nhập kết quả năm {obj.year} của {org.name}"
                             + (f" ({len(obj.findings)} cảnh báo theo quy định năm đó)." if obj.findings else "."))
            return redirect(reverse("evaluations:results") + f"?to_chuc={org.pk}&nam={obj.year}")
    return render(request, "evaluations/published.html", {"org": org, "form": form,
                                                          "existing": org.published_ratings.order_by("-year")})


@login_required
def regime(request):
    year = _year(request)
    try:
        rg = rules.regime_for(year)
    except ValueError as exc:
        return render(request, "evaluations/regime.html", {"year": year, "error": str(exc),
                                                           "regimes": rules.REGIMES})
    rows = [{"rule": rule, "key": key, "src": src, "unconfirmed": src.confidence == UNCONFIRMED}
            for rule, key, src in rg.rule_sources()]
    defaults = rules.DEFAULT_SETTINGS
    return render(request, "evaluations/regime.html", {
        "year": year, "regime": rg, "rows": rows, "regimes": rules.REGIMES,
        "denominator_label": SETTING_LABELS[defaults.quota_denominator],
        "rounding_label": SETTING_LABELS[defaults.quota_rounding]})



# -- history import ------------------------------------------------------------------------------------------
SESSION_KEY = "evaluations_import"
MAX_UPLOAD = 2 * 1024 * 1024


@login_required
def import_history(request, org_pk):
    """Upload → preview (errors by row and column, findings per year) → commit all or nothing."""
    import base64

    from . import importer

    scope = scope_for(request.user)
    org = _scoped_org(request, org_pk)
    if not scope.can_write_path(org.path):
        raise PermissionDenied(f"Bạn không có quyền nhập kết quả xếp loại của «{org.name}».")
    result, error, name = None, "", ""
    if request.method == "POST" and request.POST.get("action") == "commit":
        stored = request.session.get(SESSION_KEY) or {}
        if stored.get("org") != org.pk:
            error = "Hãy tải tệp lên và xem trước trước khi ghi."
        else:
            try:
                done = importer.commit(request.user, org, base64.b64decode(stored["data"]), stored["name"])
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                request.session.pop(SESSION_KEY, None)
                messages.success(request, f"Đã nhập {len(done.rows)} kết quả xếp loại các năm "
                                 f"{', '.join(map(str, done.years))}.")
                return redirect(reverse("evaluations:results") + f"?to_chuc={org.pk}&nam={max(done.years)}")
    elif request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = "Chọn tệp .xlsx hoặc .csv."
        elif upload.size > MAX_UPLOAD:
            error = "Tệp lớn hơn 2 MB: hãy chia nhỏ theo năm."
        else:
            data, name = upload.read(), upload.name
            result = importer.preview(org, data, name)
            request.session[SESSION_KEY] = {"org": org.pk, "name": name, "data": base64.b64encode(data).decode()}
    return render(request, "evaluations/import.html", {"org": org, "result": result, "error": error,
                                                       "name": name})
