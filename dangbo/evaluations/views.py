"""Pages of the yearly review: reviews, one review (refresh, decide), one rating (self-assessment, proposals,
withdrawal), a chi bộ's proposals on one screen, an organisation's rating. Results and records: results_views.py.

Built on the generic views (`dangbo.core.generic`): the reviews list is a FilterSet, a table and the keyset pager,
a review's members page with the same pager, each rating page is a detail page whose forms are `PageFormView`s
(a refusal shows the page again with the errors on the form, everything typed kept) and the buttons of the
review page are `ActionButtonView`s (errors as messages, back to the page).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from dangbo.core.generic import (
    ActionButtonView,
    ActionFormView,
    PageFormView,
    ScopedDetailView,
    ScopedListView,
    ScopedObjectMixin,
    StepPage,
)
from dangbo.core.paging import keyset_page
from dangbo.core.scopes import READ, WRITE, ScopeDenied
from dangbo.organizations import queries as org_queries
from dangbo.organizations.models import Organization
from dangbo.rules import ratings as rules
from dangbo.rules.text import format_number

from . import actions, queries
from .filters import ReviewFilterSet
from .forms import (
    DecideForm,
    HostCommentForm,
    OpenReviewForm,
    ProposeForm,
    QuickProposeForm,
    RevokeForm,
    SelfAssessForm,
)
from .models import Commitment, MemberRating, OrgRating, Review
from .pickers import scoped_org
from .tables import ReviewTable

PAGE_ROWS = 500  # members on one page of a review; «Trang sau» for the rest
NOT_YOURS = gettext_lazy("Bạn không có quyền thay đổi kết quả này.")


def visible_reviews(scope):
    qs = Review.objects.select_related("organization")
    if scope.is_admin:
        return qs
    q = scope.path_q("org_path", with_ancestors=True)  # a review of the đảng bộ above covers the chi bộ
    if scope.own_member_id:
        q |= Q(pk__in=MemberRating.objects.filter(member_id=scope.own_member_id).values("review_id"))
    return qs.filter(q)


def _review_url(review_pk: int, part: str = "", anchor: str = "") -> str:
    """The review page, keeping the chi bộ filter the user had (?to_chuc=)."""
    url = reverse("evaluations:review", args=[review_pk])
    return url + (f"?to_chuc={part}" if str(part).isdigit() else "") + anchor


# -- reviews -------------------------------------------------------------------------------------------------
class ReviewIndex(ScopedListView):
    """The reviews the user sees, and the form opening a new one (posted here: `OpenReview`)."""

    filterset_class = ReviewFilterSet
    table_class = ReviewTable
    template_name = "evaluations/index.html"
    open_form = None

    def get_queryset(self):
        return visible_reviews(self.scope).exclude(status=Review.Status.HISTORY)

    def writable(self) -> list[Organization]:
        scope = self.scope
        return list(org_queries.visible(scope).filter(kind__in=["upper", "grassroots_committee", "grassroots_cell"])
                    .order_by("path").filter(pk__in=scope.writable_organizations(Organization.objects.all())
                                             .values("pk"))[:200])

    def get_context(self, filterset, table, page):
        scope, today = self.scope, timezone.localdate()
        own = (MemberRating.objects.filter(member_id=scope.own_member_id).select_related("review")
               .order_by("-year") if scope.own_member_id else [])
        return {"writable": self.writable(), "own": own, "this_year": today.year, "filter_form": filterset.form,
                "form": self.open_form or OpenReviewForm(organizations=[], initial={
                    "year": today.year, "review_date": today})}

    def post(self, request, *args, **kwargs):
        return OpenReview.as_view()(request, *args, **kwargs)


class OpenReview(ActionFormView):
    http_method_names = ["post"]
    template_name = "evaluations/index.html"
    success_message, result_url = gettext_lazy("Đã mở {result}."), "evaluations:review"

    def get_form(self, data=None):
        self.index = ReviewIndex()
        self.index.setup(self.request)
        return OpenReviewForm(data, organizations=self.index.writable())

    def perform(self, form):
        cd = form.cleaned_data
        return actions.open_review(self.request.user, cd["organization"], year=cd["year"],
                                   review_date=cd["review_date"], period=cd["period"], quarter=cd["quarter"])

    def render_form(self, form, status=200):
        self.index.open_form = form
        return self.index.get(self.request)


index = ReviewIndex.as_view()


class ReviewMixin(ScopedObjectMixin):
    model = Review

    def get_queryset(self):
        return visible_reviews(self.scope)


class ReviewPage(ReviewMixin, ScopedDetailView):
    template_name = "evaluations/review.html"

    def ratings(self, rv):
        scope = self.scope
        if not scope.can_read_any:
            return MemberRating.objects.filter(review=rv, member_id=scope.own_member_id).select_related(
                "member", "organization")
        return scope.by_org_path(MemberRating.objects.filter(review=rv)).select_related(
            "member", "organization", "host_organization")

    def get_context(self, rv):
        scope, today = self.scope, timezone.localdate()
        ratings = self.ratings(rv)
        part = self.request.GET.get("to_chuc", "")
        part_org = None
        if part.isdigit():
            part_org = org_queries.visible(scope, include_ended=True).filter(pk=int(part)).first()
            if part_org is not None:
                ratings = ratings.filter(org_path__startswith=part_org.path)
        page = keyset_page(self.request, ratings, ("org_path", "member__sort_key", "member_id"), size=PAGE_ROWS)
        rows = page.rows
        signed = set(Commitment.objects.filter(year=rv.year, member_id__in=[r.member_id for r in rows])
                     .values_list("member_id", flat=True))
        is_open = rv.status == Review.Status.OPEN
        for r in rows:
            r.can_propose = scope.can_write_path(r.org_path) and r.rated and not r.is_locked and is_open
            r.committed = r.member_id in signed
        org_rows = list(scope.by_org_path(OrgRating.objects.filter(review=rv)).select_related("organization")
                        .order_by("org_path"))
        for o in org_rows:
            o.can_propose = scope.can_write_path(o.org_path) and o.rated and not o.is_locked and is_open
        can_decide = scope.can_write_path(rv.org_path) and is_open
        pending = actions.pending_member_decisions(self.request.user, rv) if can_decide else []
        per, quota = actions.member_decision_findings(rv, pending) if pending else ({}, [])
        pending_orgs = actions.pending_org_decisions(self.request.user, rv) if is_open else []
        per_o, quota_o = actions.org_decision_findings(rv, pending_orgs) if pending_orgs else ({}, [])
        # Whether the list still matches the register on the review date (seen by those who read the whole review).
        stale = actions.register_changes(rv) if is_open and scope.can_read_path(rv.org_path) else []
        decide_initial = {"decision_date": today, "version": rv.version}
        return {
            "review": rv, "regime": rv.regime, "rows": rows, **page.context(), "org_rows": org_rows,
            "counts": queries.count_levels(ratings), "can_decide": can_decide, "pending": pending,
            "pending_findings": per, "quota": quota,
            "pending_blocking": any(f["blocking"] for fs in per.values() for f in fs) or any(
                f["blocking"] for f in quota),
            "pending_orgs": pending_orgs, "org_findings": per_o, "quota_orgs": quota_o,
            "decide_form": DecideForm(initial=decide_initial),
            "pending_parts": actions.pending_by_organization(pending),
            # The chi bộ the user may propose for on one screen (their own, or every chi bộ for the office).
            "bulk_orgs": sorted({r.organization for r in rows if r.can_propose}, key=lambda o: o.path),
            "decide_org_form": DecideForm(prefix="org", initial=decide_initial),
            "quick_form": QuickProposeForm(), "level_labels": dict(rules.LEVEL_LABELS),
            "uses_scores": rv.regime.uses_scores, "commitments": sum(1 for r in rows if r.committed),
            "total": ratings.count(), "parts": scope.organizations(Organization.objects.filter(
                parent=rv.organization)).order_by("path"),
            "part_org": part_org, "stale": stale, "stale_counts": "; ".join(
                f"{gettext(actions.CHANGE_LABELS[k]).lower()} {format_number(n)}"
                for k, n in actions.change_counts(stale).items() if n),
        }


review = ReviewPage.as_view()


class Refresh(ReviewMixin, ScopedDetailView):
    """«Cập nhật theo sổ đảng viên»: GET lists what would change, POST applies it and lists what changed."""

    template_name = "evaluations/refresh.html"

    def get_object(self):
        rv = super().get_object()
        self.scope.require(READ, rv.org_path,
                           gettext_lazy("Chỉ cấp ủy mở đợt kiểm điểm được cập nhật danh sách theo sổ đảng viên."))
        return rv

    def get_context(self, rv, changes=None, done=False):
        if changes is None:
            changes = actions.register_changes(rv) if rv.status == Review.Status.OPEN else []
        return {"review": rv, "changes": changes, "counts": actions.change_counts(changes), "done": done,
                "labels": {k: gettext_lazy(v) for k, v in actions.CHANGE_LABELS.items()},
                "can_refresh": self.scope.can_write_path(rv.org_path)}

    def post(self, request, *args, **kwargs):
        rv = self.object
        version = request.POST.get("version", "")
        try:
            changes = actions.refresh_review(request.user, rv, version=int(version) if version.isdigit() else None)
        except ValidationError as exc:
            flash(request, exc.messages)
            return redirect("evaluations:review", rv.pk)
        rv.refresh_from_db()
        return render(request, self.template_name, self.get_context(rv, changes, done=True))


refresh = Refresh.as_view()


def flash(request, texts) -> None:
    from django.contrib import messages

    for text in texts:
        messages.error(request, text)


def form_messages(form, prefix: str = "") -> list[str]:
    """A refused form's errors as lines for the messages: "label: error" (the label lower-cased after
    `prefix`, the member's name), the form's own errors as they are."""
    out = []
    for field, errs in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for m in errs:
            out.append((f"{prefix}{label.lower()}: {m}" if prefix else m) if label else m)
    return out


class Decide(ReviewMixin, ActionButtonView):
    """Members: the form names a chi bộ (or all), then a confirmation page names how many proposals and whose;
    only the confirmed list is decided. Organisations: decided directly (few, each named on the page)."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        post = request.POST
        self.orgs, self.confirmed = post.get("kind") == "orgs", post.get("confirmed") == "1"
        self.form = DecideForm(post, prefix="org" if self.orgs else None)
        self.part_pk = post.get("to_chuc", "")

    def arguments(self) -> dict:
        if not self.form.is_valid():
            raise ValidationError(form_messages(self.form))
        cd = self.form.cleaned_data
        self.part = scoped_org(self.request, int(self.part_pk)) if self.part_pk.isdigit() and not self.orgs else None
        args = {"decision_number": cd["decision_number"], "decision_date": cd["decision_date"],
                "override_reason": cd["override_reason"]}
        return args if self.orgs else {**args, "part": self.part}

    def perform(self):
        args, version = self.arguments(), self.form.cleaned_data["version"]
        if self.orgs:
            return actions.decide_orgs(self.request.user, self.object, version=version, **args)
        ids = [int(x) for x in self.request.POST.get("ids", "").split(",") if x.isdigit()]
        return actions.decide_members(self.request.user, self.object, version=version, expected=ids, **args)

    def get_success_message(self, n):
        if self.orgs:
            return gettext("Đã quyết định xếp loại %(count)s tổ chức đảng.") % {"count": n}
        if self.part:
            return gettext("Đã quyết định xếp loại %(count)s đảng viên của %(org)s.") % {"count": n,
                                                                                       "org": self.part.name}
        return gettext("Đã quyết định xếp loại %(count)s đảng viên.") % {"count": n}

    def success_url(self, result):
        return _review_url(self.object.pk, self.part_pk)

    def post(self, request, *args, **kwargs):
        if self.orgs or self.confirmed:
            return super().post(request, *args, **kwargs)
        rv = self.object
        try:
            args = self.arguments()
            pending, per, quota, blocking = actions.member_decision_plan(request.user, rv, **args)
        except ValidationError as exc:
            flash(request, exc.messages)
            return redirect(self.success_url(None))
        for r in pending:
            r.decision_findings = per[r.pk]
        cd = self.form.cleaned_data
        return render(request, "evaluations/decide_confirm.html", {
            "review": rv, "pending": pending, "parts": actions.pending_by_organization(pending), "part": self.part,
            "quota": quota, "blocking": blocking, "cd": cd, "ids": ",".join(str(r.pk) for r in pending),
            "version": cd["version"] if cd["version"] is not None else rv.version})


decide = Decide.as_view()


# -- one member's rating -------------------------------------------------------------------------------------
class MemberRatingMixin(ScopedObjectMixin):
    """A member's rating: read by its chi bộ's readers, the chi bộ where the member is hosted, and the member."""

    model = MemberRating
    template_name = "evaluations/rating.html"
    page_url = "evaluations:rating"

    def get_object(self):
        scope = self.scope
        r = get_object_or_404(MemberRating.objects.select_related("review", "member", "organization",
                                                                  "host_organization"), pk=self.kwargs["pk"])
        host = r.host_organization.path if r.host_organization_id else None
        if not (scope.can_read_path(r.org_path) or r.member_id == scope.own_member_id
                or (host and scope.can_read_path(host))):
            raise Http404
        if self.write:
            scope.require(WRITE, r.org_path, self.denied_message(r))
        return r

    def rights(self) -> dict:
        r, scope = self.object, self.scope
        above = actions.revoker_path(actions.competent_path_member(r.review))
        return {"own": r.member_id == scope.own_member_id, "can_write": scope.can_write_path(r.org_path),
                "can_revoke": r.is_locked and bool(scope.is_admin or (above and scope.can_write_path(above))),
                "can_host": bool(r.host_organization_id) and scope.can_write_path(r.host_organization.path)}

    def page_context(self, **bound) -> dict:
        r, rights = self.object, self.rights()
        return {
            "r": r, **rights, "open": r.review.status == Review.Status.OPEN and r.rated and not r.is_locked,
            "self_form": bound.get("self_form") or SelfAssessForm(initial={
                "self_level": r.self_level, "self_points": r.self_points, "self_comment": r.self_comment}),
            "propose_form": bound.get("propose_form") or ProposeForm(initial={
                "proposed_level": r.proposed_level, "proposal_comment": r.proposal_comment,
                "self_level": r.self_level, "disciplined": r.disciplined,
                "discipline_self_detected": r.discipline_self_detected, "sick_leave_months": r.sick_leave_months,
                "host_comment": r.host_comment, "version": r.version}),
            "revoke_form": bound.get("revoke_form") or RevokeForm(),
            "regime": r.review.regime,
            "history": queries.member_history(r.member) if (rights["own"] or rights["can_write"]) else [],
        }


class RatingPage(MemberRatingMixin, StepPage):
    """The rating; each of its forms is posted here with `step` naming it (self, propose, host, revoke)."""

    denied = NOT_YOURS


class RatingStep(MemberRatingMixin, PageFormView):
    allowed = ()  # which of rights() lets the user post this step

    def check(self):
        rights = self.rights()
        if not any(rights[a] for a in self.allowed):
            raise ScopeDenied(NOT_YOURS)


class SelfAssess(RatingStep):
    form_class = SelfAssessForm
    slot, allowed = "self_form", ("own", "can_write")
    success_message = gettext_lazy("Đã ghi bản tự đánh giá, xếp loại.")

    def perform(self, form):
        cd = form.cleaned_data
        return actions.self_assess(self.request.user, self.object, level=cd["self_level"], points=cd["self_points"],
                                   comment=cd["self_comment"])


class Propose(RatingStep):
    form_class = ProposeForm
    slot, allowed = "propose_form", ("can_write",)
    success_message = gettext_lazy("Đã ghi đề xuất của chi bộ.")

    def perform(self, form):
        cd = form.cleaned_data
        return actions.propose(self.request.user, self.object, level=cd["proposed_level"],
                               comment=cd["proposal_comment"], self_level=cd["self_level"],
                               disciplined=cd["disciplined"], discipline_self_detected=cd["discipline_self_detected"],
                               sick_leave_months=cd["sick_leave_months"], host_comment=cd["host_comment"],
                               version=cd["version"])


class HostComment(RatingStep):
    """The comment of the chi bộ where the member is hosted; a refusal is said in the messages."""

    form_class = HostCommentForm
    slot, allowed = "host_form", ("can_host", "can_write")
    success_message = gettext_lazy("Đã ghi ý kiến nhận xét của chi bộ nơi sinh hoạt tạm thời.")

    def perform(self, form):
        return actions.record_host_comment(self.request.user, self.object, comment=form.cleaned_data["host_comment"])

    def render_form(self, form, status=200):
        flash(self.request, form_messages(form))
        return super().render_form(form, status)


class RevokeRating(RatingStep):
    form_class = RevokeForm
    slot, allowed = "revoke_form", ("own", "can_write", "can_revoke", "can_host")
    success_message = gettext_lazy("Đã hủy kết quả; chi bộ và cấp ủy làm lại.")

    def perform(self, form):
        return actions.revoke(self.request.user, self.object, reason=form.cleaned_data["reason"])


rating = RatingPage.as_view(steps={"self": SelfAssess, "propose": Propose, "host": HostComment,
                                   "revoke": RevokeRating})


class OnReviewRow(MemberRatingMixin, ActionButtonView):
    """A button on a member's row of the review page: back to that row, the chi bộ filter kept."""

    write = True

    def success_url(self, result):
        r = self.object
        return _review_url(r.review_id, self.request.POST.get("to_chuc", ""), f"#r{r.pk}")


class QuickPropose(OnReviewRow):
    denied = gettext_lazy("Chi bộ chỉ đề xuất xếp loại cho đảng viên của mình.")

    def perform(self):
        r = self.object
        form = QuickProposeForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(form_messages(form, prefix=f"{r.member.full_name}, "))
        cd = form.cleaned_data
        return actions.propose(self.request.user, r, level=cd["proposed_level"], self_level=cd["self_level"] or None,
                               points=cd["points"])


quick_propose = QuickPropose.as_view()


class Withdraw(OnReviewRow):
    """«Rút đề xuất» before the decision."""

    denied = gettext_lazy("Chỉ chi bộ của đảng viên được rút đề xuất.")
    success_message = gettext_lazy("Đã rút đề xuất xếp loại {obj.member.full_name}.")

    def perform(self):
        version = self.request.POST.get("version", "")
        return actions.withdraw_proposal(self.request.user, self.object,
                                         version=int(version) if version.isdigit() else None)


withdraw = Withdraw.as_view()


class ProposeChiBo(ReviewMixin, ScopedDetailView):
    """One screen for a whole chi bộ: a level (and, from 2025, the 100-point total) per member, one save."""

    template_name = "evaluations/propose_chi_bo.html"

    def chosen(self, rv):
        writable = [o for o in Organization.objects.filter(
            pk__in=MemberRating.objects.filter(review=rv, rated=True).values("organization_id")).order_by("path")
            if self.scope.can(WRITE, o)]
        if not writable or rv.status != Review.Status.OPEN:
            raise ScopeDenied(gettext_lazy("Bạn không có chi bộ nào để đề xuất trong đợt kiểm điểm này."))
        pick = self.request.GET.get("to_chuc") or self.request.POST.get("to_chuc", "")
        org = next((o for o in writable if str(o.pk) == pick), writable[0])
        rows = list(MemberRating.objects.filter(review=rv, organization=org).select_related("member")
                    .order_by("member__sort_key", "member_id"))
        return writable, org, rows

    def get_context(self, rv, errors=(), posted=None):
        writable, org, rows = self.chosen(rv)
        posted = posted or {}
        for r in rows:
            r.editable = r.rated and not r.is_locked
            r.posted = posted.get(r.pk) or {"level": str(r.proposed_level or ""), "self_level": "",
                                             "points": "" if r.self_points is None else str(r.self_points)}
        return {"review": rv, "org": org, "writable": writable, "rows": rows, "errors": list(errors),
                "levels": [c for c in QuickProposeForm.base_fields["proposed_level"].choices if c[0]],
                "uses_scores": rv.regime.uses_scores}

    def post(self, request, *args, **kwargs):
        from django.contrib import messages

        rv = self.object
        _, org, rows = self.chosen(rv)
        p = request.POST
        data = [{"rating": r.pk, "level": p.get(f"level_{r.pk}", ""), "self_level": p.get(f"self_{r.pk}", ""),
                 "points": p.get(f"points_{r.pk}", "").strip(), "version": p.get(f"version_{r.pk}", "")}
                for r in rows if r.rated and not r.is_locked]
        try:
            done = actions.propose_many(request.user, rv, data)
        except ValidationError as exc:
            errors = (exc.message_dict.get("rows") if hasattr(exc, "error_dict") else None) or exc.messages
            return render(request, self.template_name,
                          self.get_context(rv, errors, {d["rating"]: d for d in data}))
        messages.success(request, gettext("Đã ghi đề xuất xếp loại %(count)s đảng viên của %(org)s.")
                         % {"count": len(done), "org": org.name})
        return redirect(_review_url(rv.pk, str(org.pk)))


propose_chi_bo = ProposeChiBo.as_view()


# -- an organisation's rating --------------------------------------------------------------------------------
class OrgRatingMixin(ScopedObjectMixin):
    model = OrgRating
    select_related = ("review", "organization")
    template_name = "evaluations/org_rating.html"
    page_url = "evaluations:org_rating"

    def rights(self) -> dict:
        r, scope = self.object, self.scope
        above = actions.revoker_path(actions.competent_path_org(r))
        return {"can_write": scope.can_write_path(r.org_path),
                "can_revoke": r.is_locked and bool(scope.is_admin or (above and scope.can_write_path(above)))}

    def page_context(self, **bound) -> dict:
        r = self.object
        return {"r": r, **self.rights(),
                "form": bound.get("form") or QuickProposeForm(initial={"proposed_level": r.proposed_level}),
                "revoke_form": bound.get("revoke_form") or RevokeForm()}


class OrgRatingPage(OrgRatingMixin, StepPage):
    denied = NOT_YOURS


class OrgStep(OrgRatingMixin, PageFormView):
    allowed = ""

    def check(self):
        if not self.rights()[self.allowed]:
            raise ScopeDenied(NOT_YOURS)


class ProposeOrg(OrgStep):
    form_class = QuickProposeForm
    slot, allowed = "form", "can_write"
    success_message = gettext_lazy("Đã ghi tự đánh giá, đề xuất của tổ chức.")

    def perform(self, form):
        p = self.request.POST
        return actions.propose_org(self.request.user, self.object, level=form.cleaned_data["proposed_level"],
                                   comment=p.get("proposal_comment", ""), points=p.get("self_points") or None)

    def success_url(self, result):
        return reverse("evaluations:review", args=[self.object.review_id])


class RevokeOrg(OrgStep):
    form_class = RevokeForm
    slot, allowed = "revoke_form", "can_revoke"
    success_message = gettext_lazy("Đã hủy kết quả xếp loại của tổ chức.")

    def perform(self, form):
        return actions.revoke(self.request.user, self.object, reason=form.cleaned_data["reason"])


org_rating = OrgRatingPage.as_view(steps={"propose": ProposeOrg, "revoke": RevokeOrg})
