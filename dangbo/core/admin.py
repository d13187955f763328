"""The Django admin is for administrators only (superusers): calendar days, and role assignments read-only.

Register data (organisations, members) and roles are changed only through the actions (roles: dangbo.core.users,
`dangbo createuser`), so that rules, scopes and the audit chain always apply; the admin shows role assignments
and the audit ledger read-only.
"""

from django.contrib import admin

from .forms import ThrottledAdminLoginForm
from .models import AuditEvent, CalendarDay, RoleAssignment

# The admin login shares the web login's throttle (issue 11.1): no unthrottled way to guess a password.
admin.site.login_form = ThrottledAdminLoginForm


class SuperuserOnly(admin.ModelAdmin):
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    has_add_permission = has_change_permission = has_delete_permission = (
        lambda self, request, obj=None: self.has_module_permission(request))


@admin.register(CalendarDay)
class CalendarDayAdmin(SuperuserOnly):
    list_display = ("date", "kind", "name", "source")
    list_filter = ("kind",)
    date_hierarchy = "date"


class ReadOnly(SuperuserOnly):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnly):
    # Read-only: a role granted here would leave no audit event (grant with dangbo.core.users).
    list_display = ("user", "role", "organization")
    list_filter = ("role",)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnly):
    list_display = ("seq", "at", "username", "action", "summary")
    list_filter = ("action",)
    search_fields = ("summary", "object_id", "request_id")


admin.site.site_header = "dangbo – quản trị hệ thống"
admin.site.site_title = "dangbo"
