"""The organisation tree, one organisation's page, its changes (found, rename, merge, split, dissolve)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from dangbo.core.forms import apply_validation_error
from dangbo.core.history import field_history
from dangbo.core.scopes import scope_for

from . import actions, queries
from .forms import AsOfForm, DissolveForm, FoundForm, MergeForm, RenameForm, SplitForm
from .models import CELL_KINDS, STEP, Organization, OrgStatus

# Option lists stay short on a big tree: only this many levels below the user's top organisations.
OPTION_LEVELS = 3


def _scoped_org(request, pk, include_ended=True) -> Organization:
    scope = scope_for(request.user)
    return get_object_or_404(queries.visible(scope, include_ended=include_ended), pk=pk)


def _writable_org(request, pk) -> Organization:
    """404 outside read scope; 403 when readable but not writable."""
    org = _scoped_org(request, pk)
    if not scope_for(request.user).can_write_path(org.path):
        raise PermissionDenied(f"Bạn không có quyền thay đổi dữ liệu của «{org.name}».")
    return org


def option_orgs(scope, include_ended=False):
    """Organisations for a select: the user's tops and a few levels below them."""
    qs = queries.visible(scope, include_ended=include_ended)
    tops = list(queries.roots(scope).values_list("depth", flat=True))
    if tops:
        qs = qs.filter(depth__lte=min(tops) + OPTION_LEVELS - 1)
    return qs.order_by("path")


def _detail_url(org) -> str:
    return reverse("organizations:detail", args=[org.pk])


def _tree_rows(parent_rows, child_counts):
    return [{"org": o, "totals": t, "has_children": child_counts.get(o.pk, 0) > 0} for o, t in parent_rows]


@login_required
def tree(request):
    scope = scope_for(request.user)
    roots = list(queries.roots(scope).order_by("path"))
    rows = queries.children_with_totals(None, orgs=roots) if roots else []
    counts = queries.child_count_map(roots)
    return render(request, "organizations/tree.html", {"rows": _tree_rows(rows, counts),
                                                       "can_found_top": scope.is_admin})


@login_required
def children(request, pk):
    org = _scoped_org(request, pk)
    show_ended = request.GET.get("da_ket_thuc") == "1"
    kids = Organization.objects.filter(parent=org).order_by("status", "path")
    if not show_ended:
        kids = kids.filter(status=OrgStatus.ACTIVE)
    kids = list(kids)
    rows = queries.children_with_totals(org, orgs=kids) if kids else []
    counts = queries.child_count_map(kids)
    return render(request, "organizations/_tree_rows.html", {"rows": _tree_rows(rows, counts)})


ORG_HISTORY_LABELS = {"name": "Tên", "code": "Mã", "kind": "Loại hình", "parent": "Tổ chức cấp trên",
                      "status": "Trạng thái", "founded_on": "Ngày thành lập", "ended_on": "Ngày kết thúc",
                      "successor": "Tổ chức kế tục", "address": "Địa chỉ"}


@login_required
def detail(request, pk):
    scope = scope_for(request.user)
    org = _scoped_org(request, pk)
    kids = list(Organization.objects.filter(parent=org).order_by("status", "path"))
    child_rows = queries.children_with_totals(org, orgs=kids) if kids else []
    ancestors = [a for a in org.ancestors() if scope.can_read_path(a.path)]
    events = list(org.events.prefetch_related("related").select_related("created_by")
                  .order_by("-effective_date", "-id"))
    term = org.terms.filter(is_current=True).first()  # made current only by a chuẩn y (congresses app)
    return render(request, "organizations/detail.html", {
        "term": term, "committee": list(term.committee.all()) if term else [],
        "org": org, "totals": queries.subtree_totals(org), "child_rows": child_rows, "ancestors": ancestors,
        "events": events, "history": field_history(org, ORG_HISTORY_LABELS),
        "can_write": scope.can_write_path(org.path),
        "can_found": scope.can_write_path(org.path) and org.is_active and not org.is_cell,
    })


def _run_action(request, form, fn, success_message, redirect_to):
    """Call an action; on ValidationError put its messages on the form and write nothing."""
    try:
        result = fn()
    except ValidationError as exc:
        apply_validation_error(form, exc)
        return None
    messages.success(request, success_message)
    return redirect(redirect_to(result) if callable(redirect_to) else redirect_to)


def _decision(cd):
    return {"decision_number": cd["decision_number"].strip(), "decision_date": cd["decision_date"],
            "issuer": cd["issuer"].strip()}


@login_required
def found(request, pk):
    parent = _writable_org(request, pk)
    if not parent.is_active:
        raise PermissionDenied(f"«{parent.name}» đã ngừng hoạt động.")
    return _found_page(request, parent, "Thành lập tổ chức trực thuộc", f"Tổ chức mới sẽ trực thuộc «{parent.name}».")


def _found_page(request, parent, title: str, intro: str):
    """The founding form under `parent` (None: a top-level organisation)."""
    form = FoundForm(request.POST or None, parent=parent)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        resp = _run_action(
            request, form,
            lambda: actions.found_organization(
                request.user, code=cd["code"].strip(), name=cd["name"], kind=cd["kind"], parent=parent,
                founded_on=cd["founded_on"], address=cd["address"], **_decision(cd)),
            f"Đã thành lập «{cd['name'].strip()}».", lambda org: _detail_url(org))
        if resp:
            return resp
    return render(request, "organizations/form.html", {"org": parent, "form": form, "title": title,
                                                       "submit": "Thành lập", "intro": intro})


@login_required
def found_top(request):
    """A top-level organisation (đảng bộ cấp trên or đảng bộ cơ sở with no parent): administrators only."""
    if not scope_for(request.user).is_admin:
        raise PermissionDenied("Chỉ quản trị hệ thống được tạo tổ chức cấp cao nhất.")
    return _found_page(request, None, "Thành lập tổ chức cấp cao nhất",
                       "Tổ chức mới không trực thuộc tổ chức nào trong sổ (ví dụ đảng bộ tỉnh, đảng bộ khối).")


@login_required
def rename(request, pk):
    org = _writable_org(request, pk)
    form = RenameForm(request.POST or None, initial={"name": org.name, "version": org.version,
                                                     "effective_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        resp = _run_action(
            request, form,
            lambda: actions.rename_organization(request.user, org, name=cd["name"],
                                                effective_date=cd["effective_date"], version=cd["version"],
                                                **_decision(cd)),
            "Đã đổi tên tổ chức.", _detail_url(org))
        if resp:
            return resp
    return render(request, "organizations/form.html", {
        "org": org, "form": form, "title": "Đổi tên tổ chức", "submit": "Đổi tên"})


@login_required
def merge(request, pk):
    target = _writable_org(request, pk)
    scope = scope_for(request.user)
    form = MergeForm(request.POST or None, target=target,
                     writable=scope.writable_organizations(Organization.objects.all()),
                     initial={"effective_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        resp = _run_action(
            request, form,
            lambda: actions.merge_organizations(request.user, list(cd["sources"]), target,
                                                effective_date=cd["effective_date"], **_decision(cd)),
            "Đã hợp nhất; đảng viên và tổ chức trực thuộc đã được chuyển.", _detail_url(target))
        if resp:
            return resp
    return render(request, "organizations/form.html", {
        "org": target, "form": form, "title": "Hợp nhất, sáp nhập vào tổ chức này", "submit": "Hợp nhất",
        "intro": f"Đảng viên và tổ chức trực thuộc của các tổ chức được chọn sẽ chuyển về «{target.name}»; "
                 "các tổ chức đó kết thúc hoạt động. Lịch sử được giữ nguyên.",
        "danger": True})


@login_required
def split(request, pk):
    source = _writable_org(request, pk)
    scope = scope_for(request.user)
    from dangbo.members.models import ACTIVE_STATUSES

    members = source.members.filter(status__in=ACTIVE_STATUSES).order_by("sort_key", "id")
    # New organisations: active cells the user may write, near the source (same parent's subtree).
    base = source.parent.path if source.parent else source.path[:STEP]
    targets = (scope.writable_organizations(Organization.objects.all())
               .filter(status=OrgStatus.ACTIVE, kind__in=[k.value for k in CELL_KINDS], path__startswith=base)
               .exclude(pk=source.pk).order_by("path"))
    form = SplitForm(request.POST or None, members=members, targets=targets,
                     initial={"effective_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        resp = _run_action(
            request, form,
            lambda: actions.split_organization(request.user, source, form.assignments(),
                                               effective_date=cd["effective_date"], **_decision(cd)),
            "Đã chia tách tổ chức.", _detail_url(source))
        if resp:
            return resp
    return render(request, "organizations/split.html", {
        "org": source, "form": form, "targets": targets, "parent": source.parent})


@login_required
def dissolve(request, pk):
    org = _writable_org(request, pk)
    form = DissolveForm(request.POST or None, initial={"effective_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        resp = _run_action(
            request, form,
            lambda: actions.dissolve_organization(request.user, org, effective_date=cd["effective_date"],
                                                  **_decision(cd)),
            f"Đã giải thể «{org.name}».", _detail_url(org))
        if resp:
            return resp
    return render(request, "organizations/form.html", {
        "org": org, "form": form, "title": "Giải thể tổ chức", "submit": "Giải thể", "danger": True,
        "intro": "Chỉ giải thể được khi tổ chức không còn đảng viên sinh hoạt và không còn tổ chức "
                 "trực thuộc."})


@login_required
def as_of(request):
    scope = scope_for(request.user)
    visible = queries.visible(scope, include_ended=True)
    roots = list(queries.roots(scope).order_by("path"))
    selected_pk = request.GET.get("to_chuc", "")
    options = option_orgs(scope, include_ended=True)
    if selected_pk.isdigit():
        options = visible.filter(Q(pk__in=options.values("pk")) | Q(pk=int(selected_pk))).order_by("path")
    data = request.GET.copy() if "ngay" in request.GET else None
    form = AsOfForm(data, orgs=options, initial={"ngay": timezone.localdate(),
                                                 "to_chuc": roots[0].pk if roots else None})
    rows, chosen, on = [], None, None
    if form.is_bound and form.is_valid():
        on = form.cleaned_data["ngay"]
        chosen = form.cleaned_data["to_chuc"] or (roots[0] if roots else None)
        if chosen is not None:
            if not scope.can_read_path(chosen.path):
                raise Http404
            orgs = [chosen] + list(Organization.objects.filter(parent=chosen).order_by("path"))
            figures = queries.counts_as_of(orgs, on)
            now = dict((o.pk, t) for o, t in queries.children_with_totals(chosen, orgs=orgs))
            rows = [{"org": o, "then": figures[o.pk], "now": now.get(o.pk), "is_self": o.pk == chosen.pk}
                    for o in orgs]
            # Children that had no members on that date and no longer exist add nothing.
            rows = [r for r in rows if r["is_self"] or r["then"].total or r["org"].is_active]
    return render(request, "organizations/as_of.html",
                  {"form": form, "rows": rows, "chosen": chosen, "on": on})
