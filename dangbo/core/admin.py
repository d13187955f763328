"""The Django admin is for administrators only (superusers): calendar days and role assignments.

Register data (organisations, members) is changed only through the actions in the web UI and API, so that
rules, scopes and the audit chain always apply; the admin shows the audit ledger read-only.
"""

from django.contrib import admin

from .models import AuditEvent, CalendarDay, RoleAssignment


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


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SuperuserOnly):
    list_display = ("user", "role", "organization")
    list_filter = ("role",)
    raw_id_fields = ("organization",)


@admin.register(AuditEvent)
class AuditEventAdmin(SuperuserOnly):
    list_display = ("seq", "at", "username", "action", "summary")
    list_filter = ("action",)
    search_fields = ("summary", "object_id", "request_id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.site_header = "dangbo – quản trị hệ thống"
admin.site.site_title = "dangbo"
