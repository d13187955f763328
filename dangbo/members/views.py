"""The register: list and search, a member's record, edit, admit, events, history, print, due work."""

import importlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy

from dangbo.core import cached, printing, registry
from dangbo.core.forms import apply_validation_error
from dangbo.core.generic import ActionFormView, ScopedDetailView, ScopedListView, ScopedObjectMixin, ScopedView
from dangbo.core.history import field_history
from dangbo.core.models import AuditEvent
from dangbo.core.paging import keyset_page, page_of
from dangbo.core.registry import audit_label
from dangbo.core.scopes import scope_for
from dangbo.organizations import queries as org_queries
from dangbo.organizations.models import CELL_KINDS, STEP, Organization, OrgStatus
from dangbo.rules.text import format_date

from . import actions, queries
from .filters import MemberFilterSet, org_options
from .forms import (
    LABELS,
    SENSITIVE_FIELDS,
    AdmitForm,
    DisciplineAnnulForm,
    DisciplineRecordForm,
    DossierForm,
    DueFilterForm,
    EventForm,
)
from .models import Member
from .tables import MemberAuditTable, MemberTable

HIDDEN_TEXT = gettext_lazy("Ẩn (không đủ quyền)")


class MemberMixin(ScopedObjectMixin):
    """One member in the user's read scope (404 otherwise: never reveal that the record exists)."""

    model = Member
    select_related = ("organization", "host_organization", "user")
    denied = gettext_lazy("Bạn không có quyền thay đổi dữ liệu của đảng viên {obj.full_name}.")


def _active_cells(qs):
    return qs.filter(status=OrgStatus.ACTIVE, kind__in=[k.value for k in CELL_KINDS]).order_by("path")


# -- list -----------------------------------------------------------------------------------------------
class MemberList(ScopedListView):
    filterset_class = MemberFilterSet
    table_class = MemberTable
    template_name = "members/list.html"
    partial_template = "members/_list_results.html"

    def get_page(self, filterset, table):
        # The name search walks its own index (members.search), so the page comes from queries.page.
        flt, qs = filterset.member_filter(), filterset.qs
        searching = flt.q if queries.is_name_search(flt.q) else ""
        share = flt.share(self.scope) if searching else 1.0
        return page_of(self.request, lambda after, size: queries.page(qs, after, size, searching=searching,
                                                                       share=share), size=queries.PAGE_SIZE)

    def get_context(self, filterset, table, page):
        today = timezone.localdate()
        return {"items": [{"stt": n, "m": m, "party_age": queries.party_age(m, today)} for n, m in page.numbered()],
                "can_admit": self.scope.can_write_any}


member_list = MemberList.as_view()


def head_org(scope, chosen=None):
    """The organisation a printed list is issued under: the one chosen in the filter, else the user's top one."""
    return chosen or org_queries.roots(scope).order_by("path").first()


def refused(request, form):
    """A printed list whose filter is not valid is not made: the page says which condition is wrong (400)."""
    errors = "; ".join(f"{form[n].label}: {e}" for n, errs in form.errors.items() if n in form.fields for e in errs)
    return render(request, "print_refused.html", {
        "message": gettext("Điều kiện lọc không hợp lệ: %(errors)s") % {"errors": errors or form.non_field_errors()},
        "hint": gettext("Hãy mở lại danh sách, chọn điều kiện trong phạm vi của đồng chí rồi in.")}, status=400)


MEMBER_COLUMNS = [
    printing.Col("STT", 1.0, "center"), printing.Col("Họ và tên", 4.2), printing.Col("Ngày sinh", 2.2, "center"),
    printing.Col("Giới tính", 1.3, "center"), printing.Col("Chi bộ", 4.3), printing.Col("Tình trạng", 2.2),
    printing.Col("Ngày vào Đảng", 2.3, "center")]


class MemberListPdf(ScopedView):
    """«In danh sách (PDF)»: the list as filtered on the page (same FilterSet, same scope), every row, in
    Vietnamese name order, as a filed document (core.printing)."""

    def get(self, request, *args, **kwargs):
        filterset = MemberFilterSet(request.GET or None, scope=self.scope)
        if filterset.is_bound and not filterset.form.is_valid():
            return refused(request, filterset.form)
        flt = filterset.member_filter()
        # The page's own walk (the name search has its index), every row up to the limit of a printed list.
        searching = flt.q if queries.is_name_search(flt.q) else ""
        members, _ = queries.page(filterset.qs, "", printing.MAX_ROWS + 1, searching=searching,
                                  share=flt.share(self.scope) if searching else 1.0)
        today = timezone.localdate()

        def build():  # in Vietnamese (core.printing.pdf_response)
            rows = [[n, m.full_name, format_date(m.birth_date), m.get_gender_display(),
                     m.organization.name + (f" (tạm thời tại {m.host_organization.name})" if m.host_organization
                                            else ""),
                     m.get_status_display(), format_date(m.admission_decision_date)]
                    for n, m in enumerate(members, 1)]
            head = printing.head_for(head_org(self.scope, filterset.values.get("to_chuc")), "Danh sách đảng viên",
                                     printing.filter_words(filterset), today)
            return head, MEMBER_COLUMNS, rows
        return printing.pdf_response(request, f"danh-sach-dang-vien-{today:%Y%m%d}.pdf", build)


member_list_pdf = MemberListPdf.as_view()


# -- one member --------------------------------------------------------------------------------------------
CEREMONY_UNKNOWN = gettext_lazy("Chưa rõ (hồ sơ không ghi ngày lễ kết nạp)")


def _dossier_rows(member: Member, show_sensitive: bool):
    def val(name):
        if name in SENSITIVE_FIELDS and not show_sensitive:
            return HIDDEN_TEXT
        v = getattr(member, name)
        field = Member._meta.get_field(name)
        if field.choices:
            return getattr(member, f"get_{name}_display")()
        return v

    personal = [(LABELS[n], val(n)) for n in (
        "full_name", "birth_date", "gender", "ethnicity", "religion", "hometown", "residence", "citizen_id",
        "phone", "email")]
    party = [
        (LABELS["card_number"], member.card_number),
        (gettext_lazy("Ngày quyết định kết nạp"), member.admission_decision_date),
        (LABELS["admission_decision_number"], member.admission_decision_number),
        # Old records may make a member official with no ceremony date: unknown, never computed back.
        (gettext_lazy("Ngày lễ kết nạp"), member.ceremony_date or (CEREMONY_UNKNOWN if member.official_date else None)),
        (gettext_lazy("Ngày chính thức"), member.official_date),
        (gettext_lazy("Chi bộ"), member.organization),
    ]
    if member.host_organization_id:
        until = _d(member.temporary_until)
        party.append((gettext_lazy("Sinh hoạt tạm thời tại"), gettext("%(org)s (đến %(until)s)") % {
            "org": member.host_organization, "until": until}))
    work = [(LABELS[n], val(n)) for n in ("workplace", "job_title", "education", "qualification",
                                          "political_theory")]
    return personal, party, work


def _d(d):
    from dangbo.rules.text import format_date

    return format_date(d) if d else "…"


def _sensitive_for(request, scope, member) -> bool:
    """May this user see CCCD and religion? If so, the viewing is logged (each time they are shown)."""
    if scope.can_see_sensitive(member):
        actions.log_sensitive_view(request.user, member)
        return True
    return False


class MemberDetail(MemberMixin, ScopedDetailView):
    template_name = "members/detail.html"

    def get_context(self, member):
        today = timezone.localdate()
        show_sensitive = _sensitive_for(self.request, self.scope, member)
        personal, party, work = _dossier_rows(member, show_sensitive)
        events = list(member.events.select_related("from_organization", "to_organization", "created_by")
                      .order_by("effective_date", "id"))
        can_record = self.scope.can_write_member(member)
        return {
            "member": member, "personal": personal, "party": party, "work": work, "events": events,
            "party_age": queries.party_age(member, today), "badges": list(member.badges.all()),
            "disciplines": list(member.disciplines.all()),
            "show_sensitive": show_sensitive, "today": today,
            "can_write": can_record and member.status not in ("removed", "expelled", "resigned", "deceased"),
            "can_record": can_record,
        }


detail = MemberDetail.as_view()


class MemberPrint(MemberDetail):
    template_name = "members/print.html"

    def get_context(self, member):
        # The apps above the register add their sections (the ratings by year) through the registry hook.
        sections = [s for module in registry.member_record_modules()
                    for s in importlib.import_module(module).record_sections(member)]
        return {**super().get_context(member), "printed_at": timezone.localdate(), "sections": sections,
                "head": printing.head_for(member.organization, "Tóm tắt lý lịch đảng viên",
                                          printed_on=timezone.localdate())}


print_view = MemberPrint.as_view()


MEMBER_HISTORY_LABELS = dict(LABELS, **{
    "admission_decision_date": gettext_lazy("Ngày quyết định kết nạp"),
    "ceremony_date": gettext_lazy("Ngày lễ kết nạp"),
    "official_date": gettext_lazy("Ngày chính thức"), "organization": gettext_lazy("Chi bộ"),
    "host_organization": gettext_lazy("Nơi sinh hoạt tạm thời"),
    "status": gettext_lazy("Tình trạng"), "is_exempted": gettext_lazy("Miễn công tác và sinh hoạt"),
    "is_suspended": gettext_lazy("Đình chỉ sinh hoạt"), "temporary_until": gettext_lazy("Sinh hoạt tạm thời đến"),
})


class MemberHistory(MemberMixin, ScopedDetailView):
    template_name = "members/history.html"

    def get_context(self, member):
        table = MemberAuditTable(self.request)
        page = keyset_page(self.request, AuditEvent.objects.filter(
            object_type=Member._meta.label_lower, object_id=str(member.pk)).select_related("user"), table.order)
        for r in page.rows:
            r.label = audit_label(r.action)
            r.fields = [MEMBER_HISTORY_LABELS.get(f, f) for f in r.data.get("fields", [])] if r.data else []
        return {
            "member": member, "audit_rows": page.rows, "table": table, **page.context(),
            # CCCD and religion values never appear in the change list; only that they changed.
            "changes": field_history(member, MEMBER_HISTORY_LABELS, hidden=SENSITIVE_FIELDS),
        }


history = MemberHistory.as_view()


# -- changes -----------------------------------------------------------------------------------------------
class MemberEdit(MemberMixin, ActionFormView):
    write = True
    template_name = "members/edit.html"
    success_message, page_url = gettext_lazy("Đã lưu hồ sơ đảng viên."), "members:detail"
    conflict = None

    @property
    def show_sensitive(self):
        return self.scope.can_see_sensitive(self.object)

    def get_form(self, data=None):
        if data is not None:
            return DossierForm(data, show_sensitive=self.show_sensitive)
        member = self.object
        initial = {n: getattr(member, n) for n in DossierForm(show_sensitive=self.show_sensitive).fields
                   if n != "version"}
        initial["version"] = member.version
        return DossierForm(initial=initial, show_sensitive=self.show_sensitive)

    def get(self, request, *args, **kwargs):
        self.check()
        if self.show_sensitive:
            actions.log_sensitive_view(request.user, self.object)
        return self.render_form(self.get_form())

    def perform(self, form):
        return actions.update_dossier(self.request.user, self.object, form.changes(),
                                      version=form.cleaned_data["version"])

    def on_conflict(self, form, exc):
        # Show what the other person saved where it differs from what this user typed.
        fresh = Member.objects.get(pk=self.object.pk)
        self.conflict = {"message": exc.messages[0], "diff": [
            (LABELS[n], getattr(fresh, f"get_{n}_display")() if Member._meta.get_field(n).choices
             else getattr(fresh, n))
            for n in form.changes() if n in LABELS and getattr(fresh, n) != form.cleaned_data[n]
            and (self.show_sensitive or n not in SENSITIVE_FIELDS)]}
        return super().on_conflict(form, exc)

    def get_context(self, form):
        return {"member": self.object, "conflict": self.conflict}


edit = MemberEdit.as_view()


class Admit(ActionFormView):
    success_message, result_url = gettext_lazy("Đã kết nạp {result.full_name}."), "members:detail"
    template_name = "members/admit.html"
    field_map = {"admission_decision_date": "decision_date", "admission_decision_number": "decision_number",
                 "official_date": "recognized"}

    writers_only = gettext_lazy("Bạn không có quyền kết nạp đảng viên.")

    def get_form(self, data=None):
        orgs = _active_cells(self.scope.writable_organizations(Organization.objects.all()))
        initial = {}
        if self.request.GET.get("to_chuc", "").isdigit():
            initial["organization"] = int(self.request.GET["to_chuc"])
        # Sensitive fields are shown to whoever may see them somewhere in their scope.
        return AdmitForm(data, organizations=orgs, show_sensitive=self.scope.can_see_any_sensitive, initial=initial)

    def perform(self, form):
        cd = form.cleaned_data
        dossier = {k: cd[k] for k in cd if k in LABELS and k != "admission_decision_number"}
        official = None
        if cd["recognized"]:
            if not cd["ceremony_date"]:
                raise ValidationError({"ceremony_date": [
                    gettext_lazy("Chưa có ngày lễ kết nạp nên chưa thể công nhận chính thức.")]})
            from dangbo.rules import membership

            official = membership.official_date(cd["ceremony_date"])
        return actions.admit_member(
            self.request.user, organization=cd["organization"], dossier=dossier,
            decision_date=cd["decision_date"], decision_number=cd["decision_number"].strip(),
            issuer=cd["issuer"].strip(), ceremony_date=cd["ceremony_date"], official_date=official,
            recognition_decision_number=cd["recognition_decision_number"].strip(),
            recognition_decision_date=cd["recognition_decision_date"])


admit = Admit.as_view()


# At most this many chi bộ in the event form's list of destinations (~100 KB of page). An administrator at the root of
# the national register would otherwise be sent every chi bộ in the country (45.000 at 1 M members, a 4,5 MB page):
# the list is cut to the member's part of the tree, the smallest subtree from the second level down that still
# holds no more than this, and any other chi bộ is given by its code.
DESTINATIONS_LISTED = 2000


def _listed_destinations(destinations, home: Organization):
    """(the destinations the list offers, the organisation it is cut to), or (None, None) when all fit."""
    if destinations.count() <= DESTINATIONS_LISTED:
        return None, None
    for depth in range(2, len(home.path) // STEP + 1):
        prefix = home.path[:depth * STEP]
        listed = destinations.filter(path__startswith=prefix)
        if listed.count() <= DESTINATIONS_LISTED or prefix == home.path:
            return listed, Organization.objects.filter(path=prefix).first()
    return destinations.none(), home


class RecordEvent(MemberMixin, ActionFormView):
    write = True
    template_name = "members/event.html"
    success_message = gettext_lazy("Đã ghi sự kiện.")

    def get_form(self, data=None):
        destinations = _active_cells(self.scope.organizations(Organization.objects.all()))
        # A member on the register is never offered the chi bộ they are in (issue 17); re-admission and a transfer
        # in (members off the register) may go back to their old chi bộ.
        hidden = self.object.organization_id if self.object.is_active else None
        initial = {"version": self.object.version, "kind": self.request.GET.get("loai", "")}
        listed, under = _listed_destinations(destinations, self.object.organization)
        return EventForm(data, destinations=destinations, hide_destination=hidden, initial=initial, listed=listed,
                         listed_under=under)

    def perform(self, form):
        cd = form.cleaned_data
        return actions.record_event(
            self.request.user, self.object, cd["kind"], effective_date=cd["effective_date"],
            decision_number=cd["decision_number"].strip(), decision_date=cd["decision_date"],
            issuer=cd["issuer"].strip(), to_organization=cd["to_organization"], end_date=cd["end_date"],
            external_place=cd["external_place"].strip(), note=cd["note"].strip(), version=cd["version"])

    def success_url(self, result):
        return reverse("members:detail", args=[self.object.pk]) + "#lich-su"

    def get_context(self, form):
        # Shown to those who record events (write scope): why an official transfer would be refused now.
        return {"member": self.object, "transfer_blocks": queries.transfer_blocks(self.object)}


record_event = RecordEvent.as_view()


class DisciplinePage(MemberMixin, ScopedView):
    """Kỷ luật: the member's decisions, a form to record one, and annulment (kept, with the reason)."""

    write = True

    def get(self, request, *args, **kwargs):
        return self.page(DisciplineRecordForm(), DisciplineAnnulForm())

    def post(self, request, *args, **kwargs):
        member, which = self.object, request.POST.get("action")
        add_form = DisciplineRecordForm(request.POST if which == "add" else None)
        annul_form = DisciplineAnnulForm(request.POST if which == "annul" else None)
        try:
            if which == "add" and add_form.is_valid():
                cd = add_form.cleaned_data
                actions.record_discipline(request.user, member, form=cd["form"], decided_on=cd["decided_on"],
                                          decision_number=cd["decision_number"], issuer=cd["issuer"],
                                          violation=cd["violation"], self_detected=cd["self_detected"],
                                          decider=cd["decider"], announced_on=cd["announced_on"])
                return self.done(gettext("Đã ghi quyết định kỷ luật."))
            if which == "annul" and annul_form.is_valid():
                cd = annul_form.cleaned_data
                record = get_object_or_404(member.disciplines, pk=cd["discipline"])
                actions.annul_discipline(request.user, record, on=cd["annulled_on"], reason=cd["annul_reason"])
                return self.done(gettext("Đã hủy quyết định kỷ luật (vẫn lưu trong hồ sơ)."))
        except ValidationError as exc:
            apply_validation_error(annul_form if which == "annul" else add_form, exc)
        return self.page(add_form, annul_form)

    def done(self, message):
        messages.success(self.request, message)
        return redirect(reverse("members:detail", args=[self.object.pk]) + "#ky-luat")

    def page(self, add_form, annul_form):
        return render(self.request, "members/discipline.html", {
            "member": self.object, "form": add_form, "annul_form": annul_form,
            "disciplines": list(self.object.disciplines.all())})


discipline = DisciplinePage.as_view()


# -- due work ----------------------------------------------------------------------------------------------
DUE_PAGE_SIZE = 50  # items of one kind on the due-work page of that kind (?loai=KIND)
# Items of each kind on the page of every kind: a province has hundreds of each; the first twenty of each kind and its
# count fit a weak connection (156 rows were 70 KB and 21 ms of rendering), the rest a click away by kind.
DUE_OVERVIEW_SIZE = 20
DUE_ORDER = ["ceremony", "recognition", "probation_end", "temporary_end", "badge"]
DUE_TITLES = {
    "ceremony": gettext_lazy("Tổ chức lễ kết nạp"),
    "recognition": gettext_lazy("Xét công nhận đảng viên chính thức"),
    "probation_end": gettext_lazy("Sắp hết 12 tháng dự bị"),
    "temporary_end": gettext_lazy("Hết thời hạn sinh hoạt tạm thời"),
    "badge": gettext_lazy("Xét tặng Huy hiệu Đảng"),
}


def _due_items(request, scope):
    """The due work of the page and of its print: the filter form, the items sorted, the chosen organisation."""
    today = timezone.localdate()
    orgs = org_options(scope, request.GET.get("to_chuc", ""))
    form = DueFilterForm(request.GET or None, organizations=orgs)
    chosen = None
    if form.is_bound and form.is_valid() and form.cleaned_data["to_chuc"]:
        chosen = form.cleaned_data["to_chuc"]
    items = queries.due_work(scope, today, org_path=chosen.path if chosen else "") if scope.can_read_any else []
    items.sort(key=lambda i: (DUE_ORDER.index(i.kind) if i.kind in DUE_ORDER else 99, not i.overdue, i.due))
    return form, items, chosen, today


@login_required
def due(request):
    """The due work by kind, a page of each (?loai=KIND&tu=N: the kind's items from the N-th); the print and the
    exports keep the whole list."""
    scope = scope_for(request.user)
    today = timezone.localdate()
    orgs = org_options(scope, request.GET.get("to_chuc", ""))
    form = DueFilterForm(request.GET or None, organizations=orgs)
    chosen = form.cleaned_data["to_chuc"] if form.is_bound and form.is_valid() else None
    kind = request.GET.get("loai", "")
    raw = request.GET.get("tu", "1")
    start = int(raw) - 1 if raw.isdigit() and 0 < len(raw) < 10 and int(raw) > 0 else 0
    path = chosen.path if chosen else ""
    found, counted_at = [], None
    if scope.can_read_any:
        # Cached until the next write (core/cached.py): at the root of a national register the badge milestones
        # alone read every member's badges (seconds).
        page = cached.counted(
            "due-page", (repr(scope), today, path, kind, start, translation.get_language()),
            lambda: queries.shown(queries.due_page(scope, today, org_path=path, kind=kind, start=start,
                                                   size=DUE_PAGE_SIZE if kind else DUE_OVERVIEW_SIZE)),
            paths=[path] if path else scope.paths_read())
        found, counted_at = list(page.value), cached.lagging(page)
    found.sort(key=lambda g: DUE_ORDER.index(g.kind) if g.kind in DUE_ORDER else 99)
    params = request.GET.copy()
    for k in ("loai", "tu"):
        params.pop(k, None)
    groups = []
    for g in found:
        more = g.start + len(g.items) < g.total
        groups.append({"kind": g.kind, "title": DUE_TITLES.get(g.kind, g.label), "items": g.items, "total": g.total,
                       "overdue": g.overdue, "first": g.start + 1, "last": g.start + len(g.items),
                       "paged": g.total > len(g.items),
                       "next_query": _due_query(params, g.kind, g.start + len(g.items) + 1) if more else "",
                       "all_query": params.urlencode() if kind else ""})
    return render(request, "members/due.html", {
        "form": form, "groups": groups, "today": today, "total": sum(g["total"] for g in groups),
        "print_filters": printing.filter_words(form), "kind": kind, "counted_at": counted_at,
        "overdue": sum(g["overdue"] for g in groups)})


def _due_query(params, kind: str, start: int) -> str:
    q = params.copy()
    q["loai"], q["tu"] = kind, str(start)
    return q.urlencode()


DUE_COLUMNS = [
    printing.Col("STT", 1.0, "center"), printing.Col("Họ và tên", 3.8), printing.Col("Chi bộ", 3.6),
    printing.Col("Việc", 3.9), printing.Col("Hạn", 2.2, "center"), printing.Col("Ghi chú", 3.0)]


@login_required
def due_pdf(request):
    """«Việc cần làm» as a filed list, with the page's filter and scope."""
    scope = scope_for(request.user)
    form, items, chosen, today = _due_items(request, scope)
    if form.is_bound and not form.is_valid():
        return refused(request, form)
    def build():  # in Vietnamese (core.printing.pdf_response)
        rows = [[n, i.member.full_name, i.member.organization.name, DUE_TITLES.get(i.kind, i.label),
                 format_date(i.due) + (" (quá hạn)" if i.overdue else ""), i.detail] for n, i in enumerate(items, 1)]
        head = printing.head_for(head_org(scope, chosen), "Việc cần làm", printing.filter_words(form), today)
        return head, DUE_COLUMNS, rows
    return printing.pdf_response(request, f"viec-can-lam-{today:%Y%m%d}.pdf", build, empty="Không có việc đến hạn.")
