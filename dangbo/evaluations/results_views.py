"""Pages of the ratings' results and records: results (page, xlsx, JSON), lists by level, commitments, a past
year's published totals, the regime in force, and the import of past years."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dangbo.core import cached, printing
from dangbo.core.generic import ActionFormView, ScopedObjectMixin, attachment
from dangbo.core.i18n import in_vietnamese
from dangbo.core.scopes import WRITE, ScopeDenied, scope_for
from dangbo.exchange.web.uploads import staged_import
from dangbo.members.models import Member
from dangbo.organizations import queries as org_queries
from dangbo.rules import ratings as rules
from dangbo.rules.sources import UNCONFIRMED
from dangbo.rules.text import format_date

from . import actions, exports, queries
from .forms import (
    CommitmentForm,
    published_form,
    published_year_choices,
)
from .models import KEY_LEVELS, SETTING_LABELS, Commitment
from .pickers import default_org, scoped_org, year_param


def _org_or_404(request):
    """The organisation the page is about (?to_chuc=, else the top one in scope); 404 when there is none."""
    org = default_org(request)
    if org is None:
        raise Http404
    return org


# -- results -------------------------------------------------------------------------------------------------
def _results_context(request, page: bool = True):
    """The organisation, the year and its results and the year before's. The page keeps them in the cache until
    the next write (core/cached.py: each reads every rating of the subtree) and says when they were counted if they
    lag; the downloads (JSON, .xlsx) count them afresh."""
    org = _org_or_404(request)

    def keep(name, parts, build):
        return cached.counted(name, parts, build, paths=[org.path]) if page else cached.Counted(build(), timezone.now())

    years = keep("ratings-years", (org.pk, org.path), lambda: queries.years_with_data(org))
    year = year_param(request, max(years.value or [timezone.localdate().year]))
    summaries = keep("ratings-summary", (org.pk, org.path, year, translation.get_language()), lambda: (
        queries.results_summary(org, year), queries.results_summary(org, year - 1)))
    current, previous = summaries.value
    return org, year, current, previous, [years, summaries]


STREAK_SHOWN = 50  # names of the five-year streak shown on the page; the count is always whole


def _results_figures(org, year: int, years: list[int]) -> dict:
    """The page's figures below the summary: each reads every rating of the subtree (a few seconds at the root of
    a national register), so the page keeps them in the cache until the next write (core/cached.py)."""
    streak = queries.streak_members(org, year, 5)
    return {
        "children": queries.child_rows(org, year),
        "streak": {"members": list(streak[:STREAK_SHOWN]), "members_total": streak.count(),
                   "organizations": queries.streak_organizations(org, year, 5)},
        "twice": queries.not_completed_twice(org, year), "not_rated": list(queries.not_yet_rated(org, year)[:200]),
        "commitments": queries.commitment_counts(org, year), "years": years,
        "findings": queries.year_findings(org, year),
    }


@login_required
def results(request):
    org, year, current, previous, counted = _results_context(request)
    other_scale = bool(current and previous) and not rules.same_scale(year, year - 1)
    rows = queries.compare(current, None if other_scale else previous)
    scope = scope_for(request.user)
    figures = cached.counted("ratings-results", (repr(scope), org.pk, org.path, year, translation.get_language()),
                             lambda: _results_figures(org, year, counted[0].value), paths=[org.path])
    return render(request, "evaluations/results.html", {
        "org": org, "year": year, "current": current, "previous": previous, "rows": rows, **figures.value,
        "counted_at": cached.lagging(figures, *counted),
        "orgs": org_queries.visible(scope).order_by("path")[:300],
        "query": f"to_chuc={org.pk}&nam={year}",
        "self_level": KEY_LEVELS.get(current["self"]) if current and current["self"] else None,
        "level_urls": {k: queries.member_results_url(org, year, k) for k in queries.KEYS},
        "previous_other_scale": other_scale,
    })


@login_required
def results_json(request):
    org, year, current, previous, _ = _results_context(request, page=False)
    # A year in its own scale or published as shares: the figures as published, beside the (empty) four levels.
    published = [{k: v for k, v in g.items() if k != "parts"} for g in (current or {}).get("published", [])]
    return JsonResponse({**exports.results_data(org, year, current, previous),
                         "findings": queries.year_findings(org, year), "published": published},
                        json_dumps_params={"ensure_ascii": False})


@login_required
@in_vietnamese  # a filed table: Vietnamese whatever the page's language
def results_xlsx(request):
    org, year, current, previous, _ = _results_context(request, page=False)
    content = exports.results_xlsx(org, year, current, previous, queries.child_rows(org, year))
    return attachment(content, f"xep-loai-{org.code}-{year}.xlsx", exports.XLSX_TYPE)


def _records_params(request):
    org = _org_or_404(request)
    year = year_param(request)
    level = request.GET.get("muc") or None
    # Lazy: the page reads it in its language, the filed PDF in Vietnamese (the level names are in the catalogue).
    label = _(rules.LEVEL_LABELS[rules.Level(KEY_LEVELS[level])]) if level in KEY_LEVELS else {
        "not_rated": _("Không xếp loại"), "undecided": _("Chưa quyết định")}.get(level, _("Tất cả"))
    return org, year, level, label


@login_required
def records(request):
    org, year, level, label = _records_params(request)
    rows = list(queries.member_records(org, year, level)[:1000])
    return render(request, "evaluations/records.html", {
        "org": org, "year": year, "rows": rows, "label": label, "query": f"to_chuc={org.pk}&nam={year}"
        + (f"&muc={level}" if level else ""), "print_filters": _records_words(org, year, label)})


def _records_words(org, year, label) -> str:
    """The filter in words: the page's print head in the reader's language, the filed PDF's in Vietnamese (its
    build runs with Vietnamese active)."""
    return gettext("Tổ chức: %(org)s; Năm: %(year)s; Mức: %(level)s") % {"org": org.name, "year": year,
                                                                        "level": label}


RECORD_COLUMNS = [printing.Col("STT", 1.1, "center"), printing.Col("Họ và tên", 4.4), printing.Col("Chi bộ", 4.0),
                  printing.Col("Kết quả xếp loại", 4.6), printing.Col("Quyết định", 3.4)]


def _result_text(r) -> str:
    if r.level:
        return r.get_level_display()
    if not r.rated:
        return f"Không xếp loại: {r.not_rated_reason}"
    return r.get_status_display()


@login_required
def records_pdf(request):
    """The ratings of the year (one level or all) as a filed list, for the organisation and year of the page."""
    org, year, level, label = _records_params(request)
    recs = list(queries.member_records(org, year, level)[:printing.MAX_ROWS + 1])
    def build():  # in Vietnamese (core.printing.pdf_response)
        rows = [[n, r.member.full_name, r.organization.name, _result_text(r),
                 " ".join(x for x in (r.decision_number, format_date(r.decision_date)) if x)]
                for n, r in enumerate(recs, 1)]
        head = printing.head_for(org, f"Kết quả xếp loại đảng viên năm {year}",
                                 _records_words(org, year, str(label)), timezone.localdate())
        return head, RECORD_COLUMNS, rows
    return printing.pdf_response(request, f"xep-loai-{org.code}-{year}.pdf", build, empty="Không có đảng viên nào.")


@login_required
def commitments(request):
    org = _org_or_404(request)
    year = year_param(request)
    signed, missing = queries.commitment_lists(org, year)
    return render(request, "evaluations/commitments.html", {"org": org, "year": year, "signed": signed,
                                                            "missing": missing})


class CommitmentEdit(ScopedObjectMixin, ActionFormView):
    """A member's yearly commitment: read by whoever reads the member, written by those who write them and by the
    member themself."""

    template_name = "evaluations/commitment.html"
    page_url = "members:detail"
    success_message = _("Đã ghi bản cam kết năm {data[commitment_year]}.")

    def get_queryset(self):
        return self.scope.members(Member.objects.all())

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["member_pk"])

    @cached_property
    def can_edit(self) -> bool:
        return self.scope.can_write_member(self.object) or self.object.pk == self.scope.own_member_id

    def check(self):
        if self.request.method == "POST" and not self.can_edit:
            raise ScopeDenied(_("Bạn không có quyền ghi bản cam kết của đảng viên này."))

    def get_form(self, data=None):
        year = year_param(self.request)
        existing = Commitment.objects.filter(member=self.object, year=year).first()
        return CommitmentForm(data, initial={
            "commitment_year": year, "content": existing.content if existing else "",
            "signed_on": existing.signed_on if existing else timezone.localdate()})

    def perform(self, form):
        cd = form.cleaned_data
        return actions.record_commitment(self.request.user, self.object, year=cd["commitment_year"],
                                         content=cd["content"], signed_on=cd["signed_on"])

    def current_version(self):
        return None  # the commitment is written whole: nothing of the member's own version to take

    def get_context(self, form) -> dict:
        member = self.object
        return {"member": member, "can_edit": self.can_edit, "all": member.commitments.order_by("-year"),
                "ratings": queries.member_history(member)}


commitment = CommitmentEdit.as_view()


class PublishedEntry(ActionFormView):
    """A past year's totals as published (when per-member data is lost), entered by those who write the
    organisation."""

    template_name = "evaluations/published.html"

    def check(self):
        self.org = scoped_org(self.request, self.kwargs["org_pk"])
        self.scope.require(WRITE, self.org.path, actions.records.denied_totals(self.org))

    def _year(self, data) -> int:
        raw = (data or {}).get("published_year") or self.request.GET.get("nam") or 2020
        try:
            return int(raw)
        except (TypeError, ValueError):
            return 2020

    def get_form(self, data=None):
        year = self._year(data)
        try:
            scale = rules.scale_for(year)
        except ValueError:
            year, scale = 2020, rules.scale_for(2020)
        self.form_scale = scale
        return published_form(scale)(data, initial={"published_year": year})

    def perform(self, form):
        cd = form.cleaned_data
        return actions.enter_published_totals(
            self.request.user, self.org, year=cd["published_year"], source_document=cd["source_document"],
            members=form.grades("members"), organizations=form.grades("orgs"), self_level=cd["self_level"],
            members_not_rated=cd["members_not_rated"], as_shares=cd["as_shares"], members_base=cd["members_base"],
            orgs_base=cd["orgs_base"], exemplary_within=cd.get("exemplary_within", True))

    def get_success_message(self, result, form=None) -> str:
        if result.findings:
            return gettext("Đã nhập kết quả năm %(year)s của %(org)s (%(count)s cảnh báo theo quy định năm đó).") % {
                "year": result.year, "org": self.org.name, "count": len(result.findings)}
        return gettext("Đã nhập kết quả năm %(year)s của %(org)s.") % {"year": result.year, "org": self.org.name}

    def success_url(self, result) -> str:
        return reverse("evaluations:results") + f"?to_chuc={self.org.pk}&nam={result.year}"

    def get_context(self, form) -> dict:
        return {"org": self.org, "existing": self.org.published_ratings.order_by("-year"), "scale": self.form_scale,
                "years": [y for y, _label in published_year_choices()]}


published = PublishedEntry.as_view()


@login_required
def regime(request):
    year = year_param(request)
    try:
        rg = rules.regime_for(year)
    except ValueError as exc:
        try:  # before 2018: the scale of the year (rules.rating_scales), for published history only
            old = rules.scale_for(year)
        except ValueError:
            old = None
        return render(request, "evaluations/regime.html", {
            "year": year, "error": str(exc), "regimes": rules.REGIMES, "old_scale": old,
            "old_sources": [(k, rules.REGISTRY[k]) for k in old.rules.values()] if old else []})
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
    """Upload → preview (errors by row and column, findings per year) → commit all or nothing. Two kinds of file:
    per-member results (from 2018, `importer`) or the published results table of any year from 2008, counts or
    shares in the year's own scale (`published_import`); the commit form carries the kind back."""
    from . import importer, published_import

    scope = scope_for(request.user)
    org = scoped_org(request, org_pk)
    scope.require(WRITE, org.path, importer.denied_import(org))
    kind = "published" if (request.POST.get("kind") or request.GET.get("loai")) == "published" else "members"
    module = published_import if kind == "published" else importer
    step = staged_import(request, f"{SESSION_KEY}_{kind}", org,
                         preview=lambda data, name: module.preview(org, data, name),
                         commit=lambda data, name: module.commit(request.user, org, data, name),
                         too_large=gettext("Tệp lớn hơn 2 MB: hãy chia nhỏ theo năm."), max_bytes=MAX_UPLOAD)
    if step.done is not None:
        done = step.done
        if kind == "published":
            messages.success(request, gettext("Đã nhập số liệu đã công bố của %(count)s tổ chức-năm (các năm "
                                              "%(years)s).") % {"count": len(done.groups),
                                                                "years": ", ".join(map(str, done.years))})
        else:
            messages.success(request, gettext("Đã nhập %(count)s kết quả xếp loại các năm %(years)s.")
                             % {"count": len(done.rows), "years": ", ".join(map(str, done.years))})
        return redirect(reverse("evaluations:results") + f"?to_chuc={org.pk}&nam={max(done.years)}")
    result, error, name = step.result, step.error, step.name
    return render(request, "evaluations/import.html", {"org": org, "result": result, "error": error,
                                                       "name": name, "kind": kind})
