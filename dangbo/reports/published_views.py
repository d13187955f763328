"""Published figures of past years (issue 12, «History that loads»): the list within the user's scope, the results
table import (upload → preview with every error by row and column → write all or nothing) and its template."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from dangbo.core.generic import attachment
from dangbo.core.scopes import scope_for
from dangbo.exchange.web.uploads import staged_import
from dangbo.organizations.models import Organization
from dangbo.organizations.pickers import writable_org

from . import published, published_import
from .models import PublishedFigures
from .published_template import build_template

SESSION_KEY = "reports_published_import"
LIST_ROWS = 500


@login_required
@require_GET
def published_list(request):
    scope = scope_for(request.user)
    qs = scope.by_org_path(PublishedFigures.objects.select_related("organization")).order_by("-year", "org_path")
    year = request.GET.get("nam", "")
    if year.isdigit():
        qs = qs.filter(year=int(year))
    rows = [{"obj": p, "values": [getattr(p, k) for k in published.FIGURE_KEYS]} for p in qs[:LIST_ROWS]]
    targets = Organization.objects.filter(path__in=scope.write_roots()).order_by("path")
    return render(request, "reports/published/list.html", {
        "rows": rows, "figures": published.FIGURES, "targets": targets, "year": year,
        "truncated": len(rows) == LIST_ROWS})


@login_required
@require_GET
def published_template(request):
    out = io.BytesIO()
    name = build_template(scope_for(request.user), out)
    return attachment(out.getvalue(), name,
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@login_required
def published_import_page(request, org_pk):
    """Upload → preview → commit all or nothing (the file kept in the session between the two steps)."""
    org = writable_org(request, org_pk)
    step = staged_import(request, SESSION_KEY, org,
                         preview=lambda data, name: published_import.preview(request.user, org, data, name),
                         commit=lambda data, name: published_import.commit(request.user, org, data, name),
                         too_large=gettext("Tệp lớn hơn 2 MB: hãy chia nhỏ."))
    if step.done is not None:
        messages.success(request, gettext("Đã ghi số liệu đã công bố của %(rows)s dòng.")
                         % {"rows": len(step.done.rows)})
        return redirect(reverse("reports:published"))
    result, error, name = step.result, step.error, step.name
    return render(request, "reports/published/import.html", {
        "org": org, "result": result, "error": error, "name": name, "figures": published.FIGURES,
        "ratings": published_import.RATINGS})
