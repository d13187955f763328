"""Which organisation and year a rating page is about, read from the request within the user's scope."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone

from dangbo.core.scopes import scope_for
from dangbo.organizations import queries as org_queries
from dangbo.organizations.models import Organization


def scoped_org(request, pk) -> Organization:
    return get_object_or_404(org_queries.visible(scope_for(request.user), include_ended=True), pk=pk)


def default_org(request) -> Organization | None:
    scope = scope_for(request.user)
    pk = request.GET.get("to_chuc")
    if pk and str(pk).isdigit():
        return scoped_org(request, int(pk))
    return org_queries.roots(scope).order_by("path").first()


def year_param(request, default: int | None = None) -> int:
    y = request.GET.get("nam", "")
    if y.isdigit() and 1930 <= int(y) <= 2200:
        return int(y)
    return default or timezone.localdate().year
