"""Log-in, the audit log, and the error pages (the dashboard is dangbo.web.home)."""

from django.contrib.auth import views as auth_views

from .filters import AuditFilterSet
from .forms import ThrottledLoginForm
from .generic import ScopedListView
from .models import AuditEvent
from .registry import audit_label
from .tables import AuditTable


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = ThrottledLoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


class AuditLog(ScopedListView):
    """Every audit event the user's scope reads (rows of moved subtrees under their old paths too)."""

    filterset_class = AuditFilterSet
    table_class = AuditTable
    template_name = "core/audit.html"

    def get_queryset(self):
        if not self.scope.can_read_any:
            return AuditEvent.objects.none()
        return self.scope.by_org_path(AuditEvent.objects.select_related("user"))

    def get_context(self, filterset, table, page):
        for r in page.rows:
            r.label = audit_label(r.action)
        return {}


audit_log = AuditLog.as_view()


