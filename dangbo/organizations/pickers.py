"""Picking an organisation on a page: the choices a user may read or write, and the one a URL names."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangbo.core.generic import FormPage, ScopedListView
from dangbo.core.scopes import WRITE, scope_for

from .models import Organization, OrgStatus
from .queries import roots
from .views import option_orgs


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
    scope_for(request.user).require(WRITE, org.path, _("Bạn không có quyền thay đổi dữ liệu của «%(name)s».") % {
        "name": org.name})
    return org


def default_org(request) -> Organization | None:
    """The first organisation the user reads (their chi bộ, their đảng bộ), for a page opened without one."""
    scope = scope_for(request.user)
    if not scope.can_read_any:
        return None
    return roots(scope).filter(status=OrgStatus.ACTIVE).order_by("path").first()


def chosen_org(request) -> Organization | None:
    """The organisation `?to_chuc=` names (404 outside the read scope), else the user's first one."""
    pk = request.GET.get("to_chuc")
    return readable_org(request, pk) if pk else default_org(request)


class ChosenOrgListMixin:
    """For a ScopedListView of one organisation's subtree: `self.org` from `?to_chuc=`, rows under its path."""

    def get(self, request, *args, **kwargs):
        self.org = chosen_org(request)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        qs = super().get_queryset()
        if self.org is None:
            return qs.none()
        return qs.filter(**{f"{qs.model.scope_path_field}__startswith": self.org.path})


class ChosenOrgListView(ChosenOrgListMixin, ScopedListView):
    """A list of the chosen organisation's records, its page showing the organisation (`org`) and the choice of
    another (`orgs`)."""

    def get_context(self, filterset, table, page):
        return {"org": self.org, "orgs": org_choices(self.scope)}


class ChosenOrgFormPage(FormPage):
    """A form creating a record of the chosen organisation (`?to_chuc=`, else the user's first; 404 when there is
    none): `writers_only` refuses those who write nowhere, `org_denied` (its `%(org)s` the organisation's name)
    those who do not write there (403). The form gets `organization=`; «Hủy» goes back to the list `back` of that
    organisation."""

    submit = gettext_lazy("Lưu")
    org_denied = ""
    back = ""

    @cached_property
    def org(self):
        return chosen_org(self.request)

    def check(self):
        super().check()
        if self.org is None:
            raise Http404(_("Không có tổ chức đảng này."))
        self.scope.require(WRITE, self.org.path, self.org_denied % {"org": self.org.name})

    def form_kwargs(self):
        return {"organization": self.org}

    def pretitle(self):
        return self.org.name

    def cancel_url(self):
        return reverse(self.back) + f"?to_chuc={self.org.pk}"
