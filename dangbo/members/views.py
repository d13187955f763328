"""The register: list and search, a member's record, edit, admit, events, history, print, due work."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from dangbo.core.actions import ConflictError
from dangbo.core.forms import apply_validation_error
from dangbo.core.history import field_history
from dangbo.core.models import AuditEvent
from dangbo.core.scopes import scope_for
from dangbo.core.views import action_label, is_htmx
from dangbo.organizations import queries as org_queries
from dangbo.organizations.models import CELL_KINDS, Organization, OrgStatus
from dangbo.organizations.views import option_orgs

from . import actions, queries
from .forms import (
    LABELS,
    SENSITIVE_FIELDS,
    AdmitForm,
    DisciplineAnnulForm,
    DisciplineRecordForm,
    DossierForm,
    DueFilterForm,
    EventForm,
    MemberFilterForm,
)
from .models import Member

HIDDEN_TEXT = "Ẩn (không đủ quyền)"


def _scoped_member(request, pk) -> Member:
    """404 when the member is outside the user's read scope: never reveal that the record exists."""
    scope = scope_for(request.user)
    qs = queries.scoped(scope).select_related("organization", "host_organization", "user")
    return get_object_or_404(qs, pk=pk)


def _writable_member(request, pk) -> Member:
    member = _scoped_member(request, pk)
    if not scope_for(request.user).can_write_member(member):
        raise PermissionDenied(f"Bạn không có quyền thay đổi dữ liệu của đảng viên {member.full_name}.")
    return member


def _org_options(scope, selected_pk: str = ""):
    qs = option_orgs(scope)
    if selected_pk and selected_pk.isdigit():
        visible = org_queries.visible(scope, include_ended=True)
        qs = visible.filter(Q(pk__in=qs.values("pk")) | Q(pk=int(selected_pk))).order_by("path")
    return qs


def _active_cells(qs):
    return qs.filter(status=OrgStatus.ACTIVE, kind__in=[k.value for k in CELL_KINDS]).order_by("path")


# -- list -----------------------------------------------------------------------------------------------
def list_filter(request, scope) -> tuple[MemberFilterForm, queries.MemberFilter]:
    """The list's filter form and MemberFilter from the query string (the exports parse it the same way)."""
    orgs = _org_options(scope, request.GET.get("to_chuc", ""))
    form = MemberFilterForm(request.GET or None, organizations=orgs)
    flt = queries.MemberFilter()
    if form.is_bound and form.is_valid():
        cd = form.cleaned_data
        flt = queries.MemberFilter(
            q=cd["q"] or "", org_path=cd["to_chuc"].path if cd["to_chuc"] else "",
            status=cd["tinh_trang"] or "active", gender=cd["gioi_tinh"] or "",
            age_min=cd["tuoi_tu"], age_max=cd["tuoi_den"], party_age_min=cd["tuoi_dang_tu"],
            party_age_max=cd["tuoi_dang_den"], admission_year=cd["nam_ket_nap"])
    return form, flt


@login_required
def member_list(request):
    scope = scope_for(request.user)
    today = timezone.localdate()
    form, flt = list_filter(request, scope)
    rows, nxt = [], ""
    if not form.is_bound or form.is_valid():
        qs = flt.apply(queries.scoped(scope), today)
        searching = flt.q if queries.is_name_search(flt.q) else ""
        rows, nxt = queries.page(qs, request.GET.get("after", ""), searching=searching,
                                 share=flt.share(scope) if searching else 1.0)
    start = request.GET.get("tu", "1")
    start = int(start) if start.isdigit() and int(start) > 0 else 1
    items = [{"stt": start + i, "m": m, "party_age": queries.party_age(m, today)} for i, m in enumerate(rows)]
    params = request.GET.copy()
    for k in ("after", "tu"):
        params.pop(k, None)
    first_query = params.urlencode()
    next_query = ""
    if nxt:
        params["after"] = nxt
        params["tu"] = str(start + len(rows))
        next_query = params.urlencode()
    ctx = {"form": form, "items": items, "next_query": next_query, "first_query": first_query,
           "paged": start > 1, "can_admit": scope.is_admin or bool(scope.write_paths)}
    if is_htmx(request):
        return render(request, "members/_list_results.html", ctx)
    return render(request, "members/list.html", ctx)


# -- one member --------------------------------------------------------------------------------------------
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
        ("Ngày lễ kết nạp", member.ceremony_date),
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


def _sensitive_for(request, member) -> bool:
    """May this user see CCCD and religion? If so, the viewing is logged (each time they are shown)."""
    if scope_for(request.user).can_see_sensitive(member):
        actions.log_sensitive_view(request.user, member)
        return True
    return False


def _member_context(request, member):
    today = timezone.localdate()
    show_sensitive = _sensitive_for(request, member)
    personal, party, work = _dossier_rows(member, show_sensitive)
    events = list(member.events.select_related("from_organization", "to_organization", "created_by")
                  .order_by("effective_date", "id"))
    scope = scope_for(request.user)
    return {
        "member": member, "personal": personal, "party": party, "work": work, "events": events,
        "party_age": queries.party_age(member, today), "badges": list(member.badges.all()),
        "disciplines": list(member.disciplines.all()),
        "show_sensitive": show_sensitive, "today": today,
        "can_write": scope.can_write_member(member) and member.status not in ("removed", "expelled",
                                                                               "resigned", "deceased"),
        "can_record": scope.can_write_member(member),
    }


@login_required
def detail(request, pk):
    member = _scoped_member(request, pk)
    return render(request, "members/detail.html", _member_context(request, member))


@login_required
def print_view(request, pk):
    member = _scoped_member(request, pk)
    ctx = _member_context(request, member)
    ctx["printed_at"] = timezone.localdate()
    return render(request, "members/print.html", ctx)


MEMBER_HISTORY_LABELS = dict(LABELS, **{
    "admission_decision_date": "Ngày quyết định kết nạp", "ceremony_date": "Ngày lễ kết nạp",
    "official_date": "Ngày chính thức", "organization": "Chi bộ",
    "host_organization": "Nơi sinh hoạt tạm thời",
    "status": "Tình trạng", "is_exempted": "Miễn công tác và sinh hoạt", "is_suspended": "Đình chỉ sinh hoạt",
    "temporary_until": "Sinh hoạt tạm thời đến",
})


@login_required
def history(request, pk):
    member = _scoped_member(request, pk)
    audit_rows = list(AuditEvent.objects
                      .filter(object_type=Member._meta.label_lower, object_id=str(member.pk))
                      .select_related("user").order_by("-seq")[:200])
    for r in audit_rows:
        r.label = action_label(r.action)
        r.fields = [MEMBER_HISTORY_LABELS.get(f, f) for f in r.data.get("fields", [])] if r.data else []
    return render(request, "members/history.html", {
        "member": member, "audit_rows": audit_rows,
        # CCCD and religion values never appear in the change list; only that they changed.
        "changes": field_history(member, MEMBER_HISTORY_LABELS, hidden=SENSITIVE_FIELDS),
    })


# -- changes -----------------------------------------------------------------------------------------------
@login_required
def edit(request, pk):
    member = _writable_member(request, pk)
    scope = scope_for(request.user)
    show_sensitive = scope.can_see_sensitive(member)
    conflict = None
    if request.method == "POST":
        form = DossierForm(request.POST, show_sensitive=show_sensitive)
        if form.is_valid():
            try:
                actions.update_dossier(request.user, member, form.changes(),
                                       version=form.cleaned_data["version"])
            except ConflictError as exc:
                # Keep everything the user typed; show what the other person saved; the next save wins.
                fresh = Member.objects.get(pk=member.pk)
                conflict = {"message": exc.messages[0], "diff": [
                    (LABELS[n], getattr(fresh, f"get_{n}_display")() if Member._meta.get_field(n).choices
                     else getattr(fresh, n))
                    for n in form.changes() if n in LABELS and getattr(fresh, n) != form.cleaned_data[n]
                    and (show_sensitive or n not in SENSITIVE_FIELDS)]}
                data = request.POST.copy()
                data["version"] = str(fresh.version)
                form = DossierForm(data, show_sensitive=show_sensitive)
                form.is_valid()
                form.add_error(None, exc.messages[0])
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, "Đã lưu hồ sơ đảng viên.")
                return redirect("members:detail", pk=member.pk)
    else:
        initial = {n: getattr(member, n) for n in DossierForm(show_sensitive=show_sensitive).fields
                   if n != "version"}
        initial["version"] = member.version
        form = DossierForm(initial=initial, show_sensitive=show_sensitive)
        if show_sensitive:
            actions.log_sensitive_view(request.user, member)
    return render(request, "members/edit.html", {"member": member, "form": form, "conflict": conflict})


@login_required
def admit(request):
    scope = scope_for(request.user)
    orgs = _active_cells(scope.writable_organizations(Organization.objects.all()))
    if not (scope.is_admin or scope.write_paths):
        raise PermissionDenied("Bạn không có quyền kết nạp đảng viên.")
    # Sensitive fields are shown to whoever may see them somewhere in their scope.
    show_sensitive = scope.is_admin or bool(scope.sensitive_paths)
    initial = {}
    if request.GET.get("to_chuc", "").isdigit():
        initial["organization"] = int(request.GET["to_chuc"])
    form = AdmitForm(request.POST or None, organizations=orgs, show_sensitive=show_sensitive, initial=initial)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        dossier = {k: cd[k] for k in cd if k in LABELS and k != "admission_decision_number"}
        official = None
        if cd["recognized"]:
            if not cd["ceremony_date"]:
                form.add_error("ceremony_date", "Chưa có ngày lễ kết nạp nên chưa thể công nhận chính thức.")
            else:
                from dangbo.rules import membership

                official = membership.official_date(cd["ceremony_date"])
        if not form.errors:
            try:
                member = actions.admit_member(
                    request.user, organization=cd["organization"], dossier=dossier,
                    decision_date=cd["decision_date"], decision_number=cd["decision_number"].strip(),
                    issuer=cd["issuer"].strip(), ceremony_date=cd["ceremony_date"], official_date=official,
                    recognition_decision_number=cd["recognition_decision_number"].strip(),
                    recognition_decision_date=cd["recognition_decision_date"])
            except ValidationError as exc:
                apply_validation_error(form, exc, {"admission_decision_date": "decision_date",
                                                   "admission_decision_number": "decision_number",
                                                   "official_date": "recognized"})
            else:
                messages.success(request, f"Đã kết nạp {member.full_name}.")
                return redirect("members:detail", pk=member.pk)
    return render(request, "members/admit.html", {"form": form})


@login_required
def record_event(request, pk):
    member = _writable_member(request, pk)
    scope = scope_for(request.user)
    destinations = _active_cells(scope.organizations(Organization.objects.all()))
    initial = {"version": member.version, "kind": request.GET.get("loai", "")}
    form = EventForm(request.POST or None, destinations=destinations, initial=initial)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            actions.record_event(
                request.user, member, cd["kind"], effective_date=cd["effective_date"],
                decision_number=cd["decision_number"].strip(), decision_date=cd["decision_date"],
                issuer=cd["issuer"].strip(), to_organization=cd["to_organization"], end_date=cd["end_date"],
                external_place=cd["external_place"].strip(), note=cd["note"].strip(), version=cd["version"])
        except ConflictError as exc:
            data = request.POST.copy()
            data["version"] = str(Member.objects.filter(pk=member.pk).values_list("version", flat=True)[0])
            form = EventForm(data, destinations=destinations)
            form.is_valid()
            form.add_error(None, exc.messages[0])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "Đã ghi sự kiện.")
            return redirect(reverse("members:detail", args=[member.pk]) + "#lich-su")
    return render(request, "members/event.html", {"member": member, "form": form})


@login_required
def discipline(request, pk):
    """Kỷ luật: the member's decisions, a form to record one, and annulment (kept, with the reason)."""
    member = _writable_member(request, pk)
    add_form = DisciplineRecordForm(request.POST if request.POST.get("action") == "add" else None)
    annul_form = DisciplineAnnulForm(request.POST if request.POST.get("action") == "annul" else None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "add" and add_form.is_valid():
                cd = add_form.cleaned_data
                actions.record_discipline(request.user, member, form=cd["form"], decided_on=cd["decided_on"],
                                          decision_number=cd["decision_number"], issuer=cd["issuer"],
                                          violation=cd["violation"], self_detected=cd["self_detected"])
                messages.success(request, "Đã ghi quyết định kỷ luật.")
                return redirect(reverse("members:detail", args=[member.pk]) + "#ky-luat")
            if request.POST.get("action") == "annul" and annul_form.is_valid():
                cd = annul_form.cleaned_data
                record = get_object_or_404(member.disciplines, pk=cd["discipline"])
                actions.annul_discipline(request.user, record, on=cd["annulled_on"], reason=cd["annul_reason"])
                messages.success(request, "Đã hủy quyết định kỷ luật (vẫn lưu trong hồ sơ).")
                return redirect(reverse("members:detail", args=[member.pk]) + "#ky-luat")
        except ValidationError as exc:
            apply_validation_error(annul_form if request.POST.get("action") == "annul" else add_form, exc)
    return render(request, "members/discipline.html", {
        "member": member, "form": add_form, "annul_form": annul_form, "disciplines": list(member.disciplines.all())})


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
    orgs = _org_options(scope, request.GET.get("to_chuc", ""))
    form = DueFilterForm(request.GET or None, organizations=orgs)
    org_path = ""
    if form.is_bound and form.is_valid() and form.cleaned_data["to_chuc"]:
        org_path = form.cleaned_data["to_chuc"].path
    items = queries.due_work(scope, today, org_path=org_path) if (scope.is_admin or scope.read_paths) else []
    items.sort(key=lambda i: (DUE_ORDER.index(i.kind) if i.kind in DUE_ORDER else 99, not i.overdue, i.due))
    groups = []
    for kind, group in groupby(items, key=lambda i: i.kind):
        group = list(group)
        groups.append({"kind": kind, "title": DUE_TITLES.get(kind, group[0].label), "items": group,
                       "overdue": sum(1 for i in group if i.overdue)})
    return render(request, "members/due.html", {
        "form": form, "groups": groups, "today": today, "total": len(items),
        "overdue": sum(g["overdue"] for g in groups)})
