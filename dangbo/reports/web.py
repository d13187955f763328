"""Small helpers shared by the year-end screens (resolutions, commendations, documents, reports)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404

from dangbo.core.forms import StyledForm
from dangbo.core.scopes import scope_for
from dangbo.organizations.models import Organization, OrgStatus
from dangbo.organizations.views import option_orgs


def org_choices(scope, writable: bool = False) -> list[tuple[str, str]]:
    qs = option_orgs(scope)
    if writable:
        qs = scope.writable_organizations(qs)
    return [(str(o.pk), f"{'— ' * max(o.depth - 1, 0)}{o.name}") for o in qs]


def readable_org(request, pk) -> Organization:
    """The organisation `pk` if the user may read it (404 otherwise: no hint that it exists)."""
    scope = scope_for(request.user)
    try:
        org = Organization.objects.get(pk=int(pk))
    except (Organization.DoesNotExist, TypeError, ValueError):
        raise Http404("Không có tổ chức đảng này.") from None
    if not scope.can_read_path(org.path):
        raise Http404("Không có tổ chức đảng này.")
    return org


def writable_org(request, pk) -> Organization:
    org = readable_org(request, pk)
    if not scope_for(request.user).can_write_path(org.path):
        raise PermissionDenied(f"Bạn không có quyền thay đổi dữ liệu của «{org.name}».")
    return org


def default_org(request) -> Organization | None:
    """The first organisation the user reads (their chi bộ, their đảng bộ), for a page opened without one."""
    from dangbo.organizations.queries import roots

    scope = scope_for(request.user)
    if scope.is_empty or not scope.read_paths and not scope.is_admin:
        return None
    return roots(scope).filter(status=OrgStatus.ACTIVE).order_by("path").first()


class OrgYearForm(StyledForm):
    to_chuc = forms.ChoiceField(label="Tổ chức đảng")
    nam = forms.IntegerField(label="Năm", min_value=1930, max_value=2100)

    def __init__(self, *args, scope=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_chuc"].choices = org_choices(scope)
