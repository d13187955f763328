"""The organisation tree, one organisation's page, its changes (found, rename, merge, split, dissolve)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangbo.core import cached
from dangbo.core.generic import ActionFormView, ScopedDetailView, ScopedObjectMixin
from dangbo.core.history import field_history
from dangbo.core.scopes import ScopeDenied, scope_for

from . import actions, committee_actions, queries
from .forms import (
    AppointTermForm,
    AsOfForm,
    CommitteeChangeForm,
    CommitteeDateForm,
    DissolveForm,
    FoundForm,
    MergeForm,
    MoveForm,
    RenameForm,
    SplitForm,
    TreeDateForm,
)
from .models import CELL_KINDS, STEP, Organization, OrgStatus

# Option lists stay short on a big tree: only this many levels below the user's top organisations.
OPTION_LEVELS = 3


def _scoped_org(request, pk, include_ended=True) -> Organization:
    scope = scope_for(request.user)
    return get_object_or_404(queries.visible(scope, include_ended=include_ended), pk=pk)


def option_orgs(scope, include_ended=False):
    """Organisations for a select: the user's tops and a few levels below them."""
    qs = queries.visible(scope, include_ended=include_ended)
    tops = [o.depth for o in scope.top_organizations()] or list(queries.roots(scope).values_list("depth", flat=True))
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
    date_form = TreeDateForm(request.GET if "ngay" in request.GET else None)
    if date_form.is_bound and date_form.is_valid() and date_form.cleaned_data["ngay"]:
        on = date_form.cleaned_data["ngay"]
        rows = [r for top in _tops_then(scope, on) for r in queries.tree_rows(scope, on, top)] \
            if not scope.is_admin else queries.tree_rows(scope, on)
        return render(request, "organizations/tree_as_of.html", {"date_form": date_form, "rows": rows, "on": on})
    roots = list(queries.roots(scope).order_by("path"))
    rows = queries.children_with_totals(None, orgs=roots) if roots else []
    counts = queries.child_count_map(roots)
    return render(request, "organizations/tree.html", {"rows": _tree_rows(rows, counts), "date_form": date_form,
                                                       "can_found_top": scope.is_admin})


def _tops_then(scope, on):
    """The user's top organisations that existed on `on` (the tree as of a date starts from each)."""
    from .history import existed_q

    return list(queries.roots(scope).filter(existed_q(on)).order_by("path"))


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


ORG_HISTORY_LABELS = {"name": _("Tên"), "code": _("Mã"), "kind": _("Loại hình"), "parent": _("Tổ chức cấp trên"),
                      "status": _("Trạng thái"), "founded_on": _("Ngày thành lập"), "ended_on": _("Ngày kết thúc"),
                      "successor": _("Tổ chức kế tục"), "address": _("Địa chỉ")}


class OrgMixin(ScopedObjectMixin):
    """An organisation the user reads (ended ones too); `write` makes it one they may change."""

    model = Organization

    def get_queryset(self):
        return queries.visible(self.scope, include_ended=True)
    denied = _("Bạn không có quyền thay đổi dữ liệu của «{obj.name}».")


class OrgDetail(OrgMixin, ScopedDetailView):
    template_name = "organizations/detail.html"

    def get_context(self, org):
        scope = self.scope
        kids = list(Organization.objects.filter(parent=org).order_by("status", "path"))
        events = list(org.events.prefetch_related("related").select_related("created_by")
                      .order_by("-effective_date", "-id"))
        from .committee import committee_as_of

        date_form = CommitteeDateForm(self.request.GET if "cap_uy_ngay" in self.request.GET else None)
        on = (date_form.cleaned_data["cap_uy_ngay"] if date_form.is_bound and date_form.is_valid() else None) \
            or timezone.localdate()
        committee = committee_as_of(org, on)  # the one query (CLI `dangbo org committee`, the API too)
        return {
            "term": committee.term, "committee": committee.members, "committee_on": on,
            "committee_date_form": date_form, "can_decide_committee": _can_decide(scope, org),
            "org": org, **_subtree(org, kids),
            "ancestors": [a for a in org.ancestors() if scope.can_read_path(a.path)],
            "events": events, "history": field_history(org, ORG_HISTORY_LABELS),
            "can_write": scope.can_write_path(org.path),
            "can_found": scope.can_write_path(org.path) and org.is_active and not org.is_cell,
        }


detail = OrgDetail.as_view()


def _subtree(org, kids) -> dict:
    """The organisation's children with their subtree totals, and its own subtree's: its own members and its
    children's subtrees, added here rather than read again. Kept until the next write (core/cached.py): at the
    national root the children's totals add up every organisation of the register."""
    if not kids:
        return {"totals": queries.subtree_totals(org), "child_rows": []}

    def count() -> dict[str, tuple[int, int]]:
        return {o.path: (t.official, t.probationary) for o, t in queries.children_with_totals(org, orgs=kids)}

    counts = cached.figure("org-children", (org.path, tuple(o.path for o in kids)), count, paths=[org.path])
    rows = [(o, queries.Totals(*counts.get(o.path, (0, 0)))) for o in kids]
    return {"child_rows": rows, "totals": queries.totals_with_children(org, rows)}


def _can_decide(scope, org) -> bool:
    """The level above decides the committee (organizations.committee_actions._upper_of)."""
    from dangbo.core.scopes import WRITE

    return scope.is_admin or (org.parent is not None and scope.can(WRITE, org.parent))


def _decision(cd):
    return {"decision_number": cd["decision_number"].strip(), "decision_date": cd["decision_date"],
            "issuer": cd["issuer"].strip()}


class OrgAction(OrgMixin, ActionFormView):
    """A change to one organisation: the shared form page, back to the organisation when done."""

    write = True
    template_name = "organizations/form.html"
    title = submit = intro = ""
    danger = False

    def success_url(self, result):
        return _detail_url(self.object)

    def get_context(self, form):
        return {"org": self.object, "title": self.title, "submit": self.submit, "intro": self.intro,
                "danger": self.danger}


class Found(OrgAction):
    """A new organisation under this one (None for a top-level one: FoundTop)."""

    title, submit = _("Thành lập tổ chức trực thuộc"), _("Thành lập")

    @property
    def parent(self):
        return self.object

    def check(self):
        super().check()
        if not self.object.is_active:
            raise PermissionDenied(_("«%(name)s» đã ngừng hoạt động.") % {"name": self.object.name})

    def get_form(self, data=None):
        return FoundForm(data, parent=self.parent)

    def perform(self, form):
        cd = form.cleaned_data
        return actions.found_organization(
            self.request.user, code=cd["code"].strip(), name=cd["name"], kind=cd["kind"], parent=self.parent,
            founded_on=cd["founded_on"], address=cd["address"], level=cd.get("level") or "", **_decision(cd))

    def get_success_message(self, org, form):
        return _("Đã thành lập «%(name)s».") % {"name": form.cleaned_data["name"].strip()}

    def success_url(self, org):
        return _detail_url(org)

    def get_context(self, form):
        return {"org": self.parent, "title": self.title, "submit": self.submit, "intro": self.get_intro()}

    def get_intro(self):
        return _("Tổ chức mới sẽ trực thuộc «%(name)s».") % {"name": self.parent.name}


found = Found.as_view()


class FoundTop(Found):
    """A top-level organisation (đảng bộ cấp trên or đảng bộ cơ sở with no parent): administrators only."""

    title = _("Thành lập tổ chức cấp cao nhất")
    parent = None

    def check(self):
        if not self.scope.is_admin:
            raise ScopeDenied(_("Chỉ quản trị hệ thống được tạo tổ chức cấp cao nhất."))

    def get_intro(self):
        return _("Tổ chức mới không trực thuộc tổ chức nào trong sổ (ví dụ đảng bộ tỉnh, đảng bộ khối).")


found_top = FoundTop.as_view()


class Rename(OrgAction):
    title, submit, success_message = _("Đổi tên tổ chức"), _("Đổi tên"), _("Đã đổi tên tổ chức.")

    def get_form(self, data=None):
        org = self.object
        return RenameForm(data, initial={"name": org.name, "version": org.version,
                                         "effective_date": timezone.localdate()})

    def perform(self, form):
        cd = form.cleaned_data
        return actions.rename_organization(self.request.user, self.object, name=cd["name"],
                                           effective_date=cd["effective_date"], version=cd["version"],
                                           **_decision(cd))


rename = Rename.as_view()


class Merge(OrgAction):
    title, submit, danger = _("Hợp nhất, sáp nhập vào tổ chức này"), _("Hợp nhất"), True
    success_message = _("Đã hợp nhất; đảng viên và tổ chức trực thuộc đã được chuyển.")

    def get_form(self, data=None):
        return MergeForm(data, target=self.object,
                         writable=self.scope.writable_organizations(Organization.objects.all()),
                         initial={"effective_date": timezone.localdate()})

    def perform(self, form):
        cd = form.cleaned_data
        return actions.merge_organizations(self.request.user, list(cd["sources"]), self.object,
                                           effective_date=cd["effective_date"], **_decision(cd))

    @property
    def intro(self):
        return _("Đảng viên và tổ chức trực thuộc của các tổ chức được chọn sẽ chuyển về «%(name)s»; "
                 "các tổ chức đó kết thúc hoạt động. Lịch sử được giữ nguyên.") % {"name": self.object.name}


merge = Merge.as_view()


class Move(OrgAction):
    """«Chuyển tổ chức theo quyết định»: the form, then a preview (N organisations, M members from A to B on D),
    then the confirmation runs the one action. A refusal shows the form again with everything typed."""

    template_name = "organizations/move.html"
    title, submit = _("Chuyển tổ chức theo quyết định"), _("Xem trước")
    success_message = _("Đã chuyển «{obj.name}» về trực thuộc «{result.new_parent.name}» từ ngày "
                        "{result.effective_date:%d/%m/%Y}: {result.organizations_moved} tổ chức, "
                        "{result.members_moved} đảng viên.")
    field_map = {"org": None}

    def check(self):
        super().check()
        if not self.object.is_active:
            raise PermissionDenied(_("«%(name)s» đã ngừng hoạt động.") % {"name": self.object.name})

    def get_form(self, data=None):
        return MoveForm(data, org=self.object, writable=self.scope.writable_organizations(Organization.objects.all()),
                        initial={"effective_date": timezone.localdate()})

    def perform(self, form):
        return actions.move_organization(self.request.user, self.object, **form.action_kwargs())

    def post(self, request, *args, **kwargs):
        if request.POST.get("xac_nhan") == "1":
            return super().post(request, *args, **kwargs)
        self.check()  # the first POST only previews: nothing is written
        form = self.get_form(request.POST)
        preview = None
        if form.is_valid():
            preview = actions.move_preview(self.object, form.cleaned_data["to"], form.cleaned_data["effective_date"])
        return render(request, self.template_name, {"form": form, "preview": preview, **self.get_context(form)})


move = Move.as_view()


class Split(OrgAction):
    template_name = "organizations/split.html"
    success_message = _("Đã chia tách tổ chức.")

    def targets(self):
        # New organisations: active cells the user may write, near the source (same parent's subtree).
        source = self.object
        base = source.parent.path if source.parent else source.path[:STEP]
        return (self.scope.writable_organizations(Organization.objects.all())
                .filter(status=OrgStatus.ACTIVE, kind__in=[k.value for k in CELL_KINDS], path__startswith=base)
                .exclude(pk=source.pk).order_by("path"))

    def get_form(self, data=None):
        from dangbo.members.models import ACTIVE_STATUSES

        members = self.object.members.filter(status__in=ACTIVE_STATUSES).order_by("sort_key", "id")
        return SplitForm(data, members=members, targets=self.targets(),
                         initial={"effective_date": timezone.localdate()})

    def perform(self, form):
        return actions.split_organization(self.request.user, self.object, form.assignments(),
                                          effective_date=form.cleaned_data["effective_date"],
                                          **_decision(form.cleaned_data))

    def get_context(self, form):
        return {"org": self.object, "targets": self.targets(), "parent": self.object.parent}


split = Split.as_view()


class Dissolve(OrgAction):
    success_message = _("Đã giải thể «{obj.name}».")
    title, submit, danger = _("Giải thể tổ chức"), _("Giải thể"), True
    intro = _("Chỉ giải thể được khi tổ chức không còn đảng viên sinh hoạt và không còn tổ chức trực thuộc.")

    def get_form(self, data=None):
        return DissolveForm(data, initial={"effective_date": timezone.localdate()})

    def perform(self, form):
        return actions.dissolve_organization(self.request.user, self.object,
                                             effective_date=form.cleaned_data["effective_date"],
                                             **_decision(form.cleaned_data))


dissolve = Dissolve.as_view()


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


class ConfirmedOrgAction(OrgAction):
    """A form, then a preview of what will be written, then the confirmation runs the one action."""

    template_name = "organizations/confirm_form.html"
    submit = _("Xem trước")

    def preview(self, form) -> list:
        return []

    def check(self):
        super().check()
        if not self.object.is_active:
            raise PermissionDenied(_("«%(name)s» đã ngừng hoạt động.") % {"name": self.object.name})
        if not _can_decide(self.scope, self.object):
            raise ScopeDenied(_("Chỉ cấp ủy cấp trên trực tiếp (người có quyền cập nhật tổ chức cấp trên) mới quyết "
                                "định cấp ủy của «%(name)s».") % {"name": self.object.name})

    def post(self, request, *args, **kwargs):
        if request.POST.get("xac_nhan") == "1":
            return super().post(request, *args, **kwargs)
        self.check()  # the first POST only previews: nothing is written
        form = self.get_form(request.POST)
        lines = self.preview(form) if form.is_valid() else None
        return render(request, self.template_name, {"form": form, "preview": lines, **self.get_context(form)})


class CommitteeChangeView(ConfirmedOrgAction):
    """«Thay đổi cấp ủy»: chuẩn y, chỉ định, bổ sung, thôi, chuyển đi; decided by the level above."""

    field_map = {"kind": "change_kind", "people": None}

    title = _("Thay đổi cấp ủy giữa nhiệm kỳ")
    success_message = _("Đã ghi: {result.full_name}, {result.kind_label}, từ ngày {result.effective_date:%d/%m/%Y}.")

    def get_form(self, data=None):
        return CommitteeChangeForm(data, initial={"effective_date": timezone.localdate()})

    def preview(self, form):
        from .models import CommitteeChange, Position

        cd = form.cleaned_data
        what = CommitteeChange.Kind(cd["change_kind"]).label
        position = Position(cd["position"]).label if cd["position"] else ""
        return [_("%(what)s: đồng chí %(name)s%(position)s, từ ngày %(date)s, theo Quyết định %(number)s.") % {
            "what": what, "name": cd["full_name"], "position": f" – {position}" if position else "",
            "date": cd["effective_date"].strftime("%d/%m/%Y"), "number": cd["decision_number"]}]

    def perform(self, form):
        change = committee_actions.change_committee(self.request.user, self.object, **form.action_kwargs())
        change.kind_label = change.get_kind_display()
        return change


committee_change = CommitteeChangeView.as_view()


class AppointTermView(ConfirmedOrgAction):
    """«Chỉ định cấp ủy»: the upper level appoints a term's bodies (CT 45)."""

    field_map = {"org": None}

    title = _("Chỉ định cấp ủy nhiệm kỳ mới")
    success_message = _("Đã ghi nhiệm kỳ {result.label} do cấp trên chỉ định.")

    def get_form(self, data=None):
        return AppointTermForm(data)

    def preview(self, form):
        from .models import Position

        cd = form.cleaned_data
        head = _("Khóa %(ordinal)s, nhiệm kỳ %(start)s–%(end)s, Quyết định %(number)s ngày %(date)s: %(n)s người.") % {
            "ordinal": cd["ordinal"], "start": cd["start_year"], "end": cd["end_year"],
            "number": cd["decision_number"], "date": cd["decision_date"].strftime("%d/%m/%Y"), "n": len(cd["people"])}
        return [head] + [f"{p['full_name']} – {Position(p['position']).label}" for p in cd["people"]]

    def perform(self, form):
        return committee_actions.appoint_term(self.request.user, self.object, **form.action_kwargs())


appoint_term = AppointTermView.as_view()
