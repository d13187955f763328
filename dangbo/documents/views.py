"""The document register: list with counts per year (and the change on the year before), and registering."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from dangbo.core.forms import apply_validation_error
from dangbo.core.scopes import scope_for
from dangbo.reports.web import default_org, org_choices, readable_org, writable_org
from dangbo.rules import documents as doc_rules

from . import actions, queries
from .forms import DocumentEditForm, DocumentForm
from .models import Direction


@login_required
def document_list(request):
    scope = scope_for(request.user)
    org = readable_org(request, request.GET["to_chuc"]) if request.GET.get("to_chuc") else default_org(request)
    rows, years = [], []
    if org is not None:
        qs = queries.scoped(scope).filter(org_path__startswith=org.path)
        direction = request.GET.get("so", "")
        if direction in Direction.values:
            qs = qs.filter(direction=direction)
        rows = list(qs.select_related("organization")[:200])
        counts = queries.counts_by_year(queries.scoped(scope), org.path)
        prev = None
        for y in sorted(counts):
            total = counts[y]["out"] + counts[y]["in"]
            years.append({"year": y, "out": counts[y]["out"], "in": counts[y]["in"], "total": total,
                          "change": doc_rules.change_percent(total, prev) if prev is not None else None})
            prev = total
    return render(request, "documents/list.html", {
        "org": org, "rows": rows, "years": years, "can_add": bool(scope.is_admin or scope.write_paths),
        "orgs": org_choices(scope)})


@login_required
def document_create(request):
    scope = scope_for(request.user)
    if not (scope.is_admin or scope.write_paths):
        raise PermissionDenied("Bạn không có quyền ghi sổ văn bản.")
    form = DocumentForm(request.POST or None, scope=scope, initial={"direction": Direction.OUT}, prefix="vb")
    if request.method == "POST" and form.is_valid():
        org = writable_org(request, form.cleaned_data["organization"])
        data = {k: v for k, v in form.cleaned_data.items() if k != "organization"}
        try:
            doc = actions.register_document(request.user, organization=org, **data)
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            messages.success(request, f"Đã vào sổ văn bản {doc.symbol}.")
            return redirect("documents:detail", pk=doc.pk)
    return render(request, "documents/form.html", {
        "form": form, "title": "Vào sổ văn bản", "submit": "Vào sổ", "cancel": "documents:list",
        "intro": "Văn bản đi được đánh số liên tục từ 01 cho mỗi tên loại văn bản trong một nhiệm kỳ cấp ủy "
                 "(HD 36-HD/VPTW, điểm 1.3.1); để trống ô «Số» để lấy số tiếp theo."})


@login_required
def document_detail(request, pk):
    scope = scope_for(request.user)
    doc = get_object_or_404(queries.scoped(scope).select_related("organization"), pk=pk)
    return render(request, "documents/detail.html", {"doc": doc, "can_edit": scope.can_write_path(doc.org_path)})


@login_required
def document_edit(request, pk):
    from dangbo.core.actions import ConflictError

    scope = scope_for(request.user)
    doc = get_object_or_404(queries.scoped(scope).select_related("organization"), pk=pk)
    if not scope.can_write_path(doc.org_path):
        raise PermissionDenied(f"Bạn không có quyền sửa sổ văn bản của «{doc.organization.name}».")
    outgoing = doc.direction == Direction.OUT
    form = DocumentEditForm(request.POST or None, outgoing=outgoing, initial={
        "issued_on": doc.issued_on, "summary": doc.summary, "symbol": doc.symbol, "signer": doc.signer,
        "counterpart": doc.counterpart, "version": doc.version})
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            actions.correct_document(request.user, doc, issued_on=cd["issued_on"], summary=cd["summary"],
                                     signer=cd["signer"], counterpart=cd["counterpart"],
                                     symbol=cd.get("symbol", ""), version=cd["version"])
        except ConflictError as e:
            form.add_error(None, e.messages[0])
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            messages.success(request, f"Đã sửa văn bản {doc.symbol}.")
            return redirect("documents:detail", pk=doc.pk)
    return render(request, "documents/edit.html", {"form": form, "doc": doc, "outgoing": outgoing})


def suggested(request):
    """htmx: the next number of a type for an organisation (shown beside the form)."""
    from django.http import HttpResponse

    org = writable_org(request, request.GET.get("vb-organization"))
    doc_type = request.GET.get("vb-doc_type", "")
    if doc_type not in doc_rules.TYPES:
        return HttpResponse("")
    from dangbo.rules.text import parse_date

    try:
        on = parse_date(request.GET.get("vb-issued_on", ""))
    except ValueError:
        from django.utils import timezone

        on = timezone.localdate()
    term = actions.current_term_start(org, on)
    if term is None:
        return HttpResponse("Nhập ngày bắt đầu nhiệm kỳ cấp ủy để phần mềm cấp số.")
    n = actions.suggest_number(org, doc_type, term)
    symbol = doc_rules.symbol(n, doc_type, actions.issuer_abbreviation(org))
    return HttpResponse(f"Số tiếp theo của văn bản đi: {symbol} (nhiệm kỳ từ {term:%d/%m/%Y})")


document_suggested = login_required(suggested)


@login_required
@require_GET
def document_export(request):
    import tempfile

    from django.http import FileResponse

    org = readable_org(request, request.GET.get("to_chuc"))
    year = request.GET.get("nam")
    year = int(year) if year and year.isdigit() else None
    fh = tempfile.TemporaryFile()
    queries.export_xlsx(scope_for(request.user), org, fh, actor=request.user, year=year)
    fh.seek(0)
    return FileResponse(fh, as_attachment=True, filename=f"so-van-ban-{org.code}{'-' + str(year) if year else ''}.xlsx",
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
