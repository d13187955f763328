"""The register: list and search, a member's record, edit, admit, events, history, print, due work."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from dangbo.core.forms import apply_validation_error
from dangbo.core.generic import ActionFormView, ScopedDetailView, ScopedListView, ScopedObjectMixin, ScopedView
from dangbo.core.history import field_history
from dangbo.core.models import AuditEvent
from dangbo.core.paging import keyset_page, page_of
from dangbo.core.registry import audit_label
from dangbo.core.scopes import scope_for
from dangbo.organizations.models import CELL_KINDS, Organization, OrgStatus

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

HIDDEN_TEXT = "Ẩn (không đủ quyền)"


class MemberMixin(ScopedObjectMixin):
    """One member in the user's read scope (404 otherwise: never reveal that the record exists)."""

    model = Member
    select_related = ("organization", "host_organization", "user")
    denied = "Bạn không có quyền thay đổi dữ liệu của đảng viên {obj.full_name}."


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


# -- one member --------------------------------------------------------------------------------------------
CEREMONY_UNKNOWN = "Chưa rõ (hồ sơ không ghi ngày lễ kết nạp)"


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
        ("Ngày quyết định kết nạp", member.admission_decision_date),
        (LABELS["admission_decision_number"], member.admission_decision_number),
        # Old records may make a member official with no ceremony date: unknown, never computed back.
        ("Ngày lễ kết nạp", member.ceremony_date or (CEREMONY_UNKNOWN if member.official_date else None)),
        ("Ngày chính thức", member.official_date),
        ("Chi bộ", member.organization),
    ]
    if member.host_organization_id:
        until = _d(member.temporary_until)
        party.append(("Sinh hoạt tạm thời tại", f"{member.host_organization} (đến {until})"))
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
        return {**super().get_context(member), "printed_at": timezone.localdate()}


print_view = MemberPrint.as_view()


MEMBER_HISTORY_LABELS = dict(LABELS, **{
    "admission_decision_date": "Ngày quyết định kết nạp", "ceremony_date": "Ngày lễ kết nạp",
    "official_date": "Ngày chính thức", "organization": "Chi bộ",
    "host_organization": "Nơi sinh hoạt tạm thời",
    "status": "Tình trạng", "is_exempted": "Miễn công tác và sinh hoạt", "is_suspended": "Đình chỉ sinh hoạt",
    "temporary_until": "Sinh hoạt tạm thời đến",
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
    success_message, page_url = "Đã lưu hồ sơ đảng viên.", "members:detail"
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
    success_message, result_url = "Đã kết nạp {result.full_name}.", "members:detail"
    template_name = "members/admit.html"
    field_map = {"admission_decision_date": "decision_date", "admission_decision_number": "decision_number",
                 "official_date": "recognized"}

    writers_only = "Bạn không có quyền kết nạp đảng viên."

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
                    "Chưa có ngày lễ kết nạp nên chưa thể công nhận chính thức."]})
            from dangbo.rules import membership

            official = membership.official_date(cd["ceremony_date"])
        return actions.admit_member(
            self.request.user, organization=cd["organization"], dossier=dossier,
            decision_date=cd["decision_date"], decision_number=cd["decision_number"].strip(),
            issuer=cd["issuer"].strip(), ceremony_date=cd["ceremony_date"], official_date=official,
            recognition_decision_number=cd["recognition_decision_number"].strip(),
            recognition_decision_date=cd["recognition_decision_date"])


admit = Admit.as_view()


class RecordEvent(MemberMixin, ActionFormView):
    write = True
    template_name = "members/event.html"
    success_message = "Đã ghi sự kiện."

    def get_form(self, data=None):
        destinations = _active_cells(self.scope.organizations(Organization.objects.all()))
        if self.object.is_active:
            # A member on the register is never transferred to the chi bộ they are in (issue 17); re-admission
            # and a transfer in (members off the register) may go back to their old chi bộ.
            destinations = destinations.exclude(pk=self.object.organization_id)
        initial = {"version": self.object.version, "kind": self.request.GET.get("loai", "")}
        return EventForm(data, destinations=destinations, initial=initial)

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
        return {"member": self.object}


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
                                          violation=cd["violation"], self_detected=cd["self_detected"])
                return self.done("Đã ghi quyết định kỷ luật.")
            if which == "annul" and annul_form.is_valid():
                cd = annul_form.cleaned_data
                record = get_object_or_404(member.disciplines, pk=cd["discipline"])
                actions.annul_discipline(request.user, record, on=cd["annulled_on"], reason=cd["annul_reason"])
                return self.done("Đã hủy quyết định kỷ luật (vẫn lưu trong hồ sơ).")
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
DUE_ORDER = ["ceremony", "recognition", "probation_end", "temporary_end", "badge"]
DUE_TITLES = {
    "ceremony": "Tổ chức lễ kết nạp",
    "recognition": "Xét công nhận đảng viên chính thức",
    "probation_end": "Sắp hết 12 tháng dự bị",
    "temporary_end": "Hết thời hạn sinh hoạt tạm thời",
    "badge": "Xét tặng Huy hiệu Đảng",
}


@login_required
def due(request):
    scope = scope_for(request.user)
    today = timezone.localdate()
    orgs = org_options(scope, request.GET.get("to_chuc", ""))
    form = DueFilterForm(request.GET or None, organizations=orgs)
    org_path = ""
    if form.is_bound and form.is_valid() and form.cleaned_data["to_chuc"]:
        org_path = form.cleaned_data["to_chuc"].path
    items = queries.due_work(scope, today, org_path=org_path) if scope.can_read_any else []
    items.sort(key=lambda i: (DUE_ORDER.index(i.kind) if i.kind in DUE_ORDER else 99, not i.overdue, i.due))
    groups = []
    for kind, group in groupby(items, key=lambda i: i.kind):
        group = list(group)
        groups.append({"kind": kind, "title": DUE_TITLES.get(kind, group[0].label), "items": group,
                       "overdue": sum(1 for i in group if i.overdue)})
    return render(request, "members/due.html", {
        "form": form, "groups": groups, "today": today, "total": len(items),
        "overdue": sum(g["overdue"] for g in groups)})
