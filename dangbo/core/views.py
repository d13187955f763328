"""Log-in, the dashboard, the audit log, and the error pages."""

from collections import Counter
from datetime import datetime, time, timedelta

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from dangbo.organizations import queries as org_queries

from .forms import StyledForm, ThrottledLoginForm, VNDateField
from .models import AuditEvent
from .scopes import scope_for

AUDIT_PAGE_SIZE = 50


def is_htmx(request) -> bool:
    headers = request.headers
    return headers.get("HX-Request") == "true" and not headers.get("HX-History-Restore-Request")


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = ThrottledLoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


@login_required
def home(request):
    from dangbo.members import queries as member_queries
    from dangbo.members.models import Member

    scope = scope_for(request.user)
    today = timezone.localdate()
    roots = list(org_queries.roots(scope).order_by("path"))
    root_rows = org_queries.children_with_totals(None, orgs=roots) if roots else []
    grand = org_queries.Totals(sum(t.official for _, t in root_rows),
                               sum(t.probationary for _, t in root_rows))
    own = Member.objects.filter(user=request.user).select_related("organization").first()
    own_tasks = []
    if own is not None:
        from dangbo.evaluations.queries import member_tasks  # the member's yearly-review steps

        own_tasks = member_tasks(own, today)
    due_counts, overdue = [], 0
    if scope.is_admin or scope.read_paths:
        items = member_queries.due_work(scope, today)
        counter = Counter(i.kind for i in items)
        labels = {}
        for i in items:
            labels.setdefault(i.kind, i.label)
        due_counts = [(kind, labels[kind], n) for kind, n in counter.items()]
        overdue = sum(1 for i in items if i.overdue)
    recent = []
    if scope.is_admin or scope.read_paths:
        recent = list(scope.by_org_path(AuditEvent.objects.all()).exclude(action="member.view_sensitive")
                      .order_by("-seq")[:8])
    return render(request, "core/home.html", {
        "roots": root_rows, "grand": grand, "own_member": own, "own_tasks": own_tasks, "due_counts": due_counts,
        "overdue": overdue, "recent": recent, "today": today,
    })


ACTION_LABELS = {
    "organization.found": "Thành lập tổ chức",
    "organization.rename": "Đổi tên tổ chức",
    "organization.merge": "Hợp nhất tổ chức",
    "organization.split": "Chia tách tổ chức",
    "organization.dissolve": "Giải thể tổ chức",
    "member.admit": "Kết nạp đảng viên",
    "member.update": "Cập nhật hồ sơ",
    "member.view_sensitive": "Xem thông tin nhạy cảm",
    "member.link_user": "Gắn tài khoản",
}


def action_label(action: str) -> str:
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    if action.startswith("member."):
        from dangbo.members.models import EventKind

        try:
            return EventKind(action.split(".", 1)[1]).label
        except ValueError:
            pass
    return action


class AuditFilterForm(StyledForm):
    hanh_dong = forms.ChoiceField(label="Thao tác", required=False)
    nguoi_dung = forms.CharField(label="Người thực hiện", required=False, max_length=150)
    tu_ngay = VNDateField(label="Từ ngày", required=False)
    den_ngay = VNDateField(label="Đến ngày", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from dangbo.members.models import EventKind

        choices = [("", "Tất cả")] + list(ACTION_LABELS.items())
        choices += [(f"member.{k.value}", k.label) for k in EventKind if k != EventKind.ADMISSION]
        self.fields["hanh_dong"].choices = choices


@login_required
def audit_log(request):
    scope = scope_for(request.user)
    qs = scope.by_org_path(AuditEvent.objects.select_related("user"))
    if not (scope.is_admin or scope.read_paths):
        qs = qs.none()
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        cd = form.cleaned_data
        if cd["hanh_dong"]:
            qs = qs.filter(action=cd["hanh_dong"])
        if cd["nguoi_dung"]:
            qs = qs.filter(username__icontains=cd["nguoi_dung"].strip())
        tz = timezone.get_current_timezone()
        if cd["tu_ngay"]:
            qs = qs.filter(at__gte=datetime.combine(cd["tu_ngay"], time.min, tzinfo=tz))
        if cd["den_ngay"]:
            qs = qs.filter(at__lt=datetime.combine(cd["den_ngay"] + timedelta(days=1), time.min, tzinfo=tz))
    before = request.GET.get("truoc", "")
    if before.isdigit():
        qs = qs.filter(seq__lt=int(before))
    rows = list(qs.order_by("-seq")[: AUDIT_PAGE_SIZE + 1])
    more = len(rows) > AUDIT_PAGE_SIZE
    rows = rows[:AUDIT_PAGE_SIZE]
    for r in rows:
        r.label = action_label(r.action)
    params = request.GET.copy()
    params.pop("truoc", None)
    first_query = params.urlencode()
    if more:
        params["truoc"] = str(rows[-1].seq)
    return render(request, "core/audit.html", {
        "form": form, "rows": rows, "next_query": params.urlencode() if more else "",
        "paged": bool(before), "first_query": first_query,
    })

