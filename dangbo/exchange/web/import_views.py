"""/nhap/: upload a file, map its columns, see the preview, write it into the register, history of imports.

Every page is scoped: a batch is visible when its target organisation is within the user's read scope
(`scope.by_org_path`), and uploading, mapping, committing and cancelling need write scope on it. Small
files are read inside the request; larger ones, and large commits, run in a background thread
(`dangbo.exchange.jobs`) while the page polls the progress every second.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from dangbo.core.i18n import in_vietnamese
from dangbo.core.scopes import READ, WRITE, scope_for
from dangbo.organizations.models import Organization, OrgStatus

from .. import jobs
from ..kinds.member_rows import LABELS
from ..models import ImportBatch, ImportKind, ImportStatus
from ..parsing.errors import ExchangeError
from ..parsing.headers import MEMBER_COLUMNS, ORGANIZATION_COLUMNS
from ..pipeline import batches
from ..pipeline.rows import preview_limit, sha256
from . import uploads

INLINE_COMMIT_ROWS = 2000
ALLOWED_EXTENSIONS = (".xlsx", ".xls", ".csv", ".xlsm", ".ods")


def _writable_orgs(scope):
    qs = Organization.objects.filter(status=OrgStatus.ACTIVE)
    return scope.writable_organizations(qs).order_by("path")


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp dữ liệu"), help_text=_("Tệp Excel (.xlsx, .xls) hoặc CSV (UTF-8 hoặc "
                                                              "Windows-1258), tối đa 100 MB."))
    organization = forms.ModelChoiceField(queryset=Organization.objects.none(), label=_("Nhập vào tổ chức đảng"),
                                          empty_label=None,
                                          help_text=_("Đảng viên chỉ được nhập vào các chi bộ thuộc tổ chức này; tổ "
                                                      "chức đảng được nhập làm tổ chức trực thuộc tổ chức này."))
    kind = forms.ChoiceField(label=_("Loại dữ liệu"), choices=[(ImportKind.MEMBERS, _("Danh sách đảng viên")),
                                                               (ImportKind.ORGANIZATIONS, _("Danh sách tổ chức đảng"))],
                             initial=ImportKind.MEMBERS)

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["organization"].label_from_instance = lambda o: ("— " * (o.depth - 1)) + o.name

    def clean_file(self):
        f = self.cleaned_data["file"]
        name = f.name or ""
        if not name.lower().endswith(ALLOWED_EXTENSIONS):
            raise ValidationError(_("Chỉ nhận tệp Excel (.xlsx, .xls) hoặc CSV."))
        if f.size > uploads.max_upload_bytes():
            raise ValidationError(uploads.too_large_message())
        if f.size == 0:
            raise ValidationError(_("Tệp rỗng."))
        return f


def _visible(request):
    return scope_for(request.user).by_org_path(ImportBatch.objects.select_related("organization"), "org_path")


def _batch(request, pk) -> ImportBatch:
    return get_object_or_404(_visible(request), pk=pk)


def _writable_batch(request, pk) -> ImportBatch:
    batch = _batch(request, pk)
    scope_for(request.user).require(WRITE, batch.org_path, _("Bạn không có quyền nhập dữ liệu vào %(org)s.") % {
        "org": batch.organization.name})
    return batch


def _columns(batch):
    return ORGANIZATION_COLUMNS if batch.kind == ImportKind.ORGANIZATIONS else MEMBER_COLUMNS


def _detail(batch) -> str:
    return reverse("imports:detail", args=[batch.pk])


# -- history -------------------------------------------------------------------------------------------
@login_required
def history(request):
    scope = scope_for(request.user)
    scope.require(READ, message=_("Bạn không có quyền xem các lần nhập dữ liệu."))
    jobs.mark_stale()
    batches = list(_visible(request)[:200])
    return render(request, "exchange/import_history.html",
                  {"batches": batches, "can_upload": scope.can_write_any})


# -- upload ----------------------------------------------------------------------------------------------
@login_required
def upload(request):
    scope = scope_for(request.user)
    orgs = _writable_orgs(scope)
    scope.require(WRITE, message=_("Bạn không có quyền nhập dữ liệu."))
    form = UploadForm(request.POST or None, request.FILES or None, organizations=orgs)
    if getattr(request, uploads.FLAG, False):  # the upload handler dropped a file past the cap
        form.is_valid()
        form.errors.pop("file", None)
        form.add_error("file", uploads.too_large_message())
        return render(request, "exchange/import_upload.html",
                      {"form": form, "columns": MEMBER_COLUMNS, "org_columns": ORGANIZATION_COLUMNS,
                       "has_orgs": orgs.exists()}, status=413)
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        org = form.cleaned_data["organization"]
        scope.require_write_path(org.path, org.name)
        data = f.read()
        batch = ImportBatch.objects.create(
            user=request.user, username=request.user.get_username(), organization=org, org_path=org.path,
            kind=form.cleaned_data["kind"], file_name=f.name[:255], file_sha256=sha256(data),
            file_size=len(data), status=ImportStatus.READING, worker_pid=None)
        batch.store_file(data)
        _preview(request, batch, len(data))
        return redirect(_detail(batch))
    return render(request, "exchange/import_upload.html",
                  {"form": form, "columns": MEMBER_COLUMNS, "org_columns": ORGANIZATION_COLUMNS,
                   "has_orgs": orgs.exists()})


def _preview(request, batch: ImportBatch, size: int):
    """Read and preview the file now when small, in a background thread otherwise."""
    if size > jobs.inline_limit():
        jobs.start(batch, request.user, "preview")
        return
    try:
        jobs.preview_batch(batch, request.user)
    except (ExchangeError, ValidationError, PermissionDenied) as e:
        batches.mark_failed(request.user, batch, in_vietnamese(jobs.error_text)(e))


# -- one batch -------------------------------------------------------------------------------------------
SECTIONS = [
    ("create", _("Sẽ thêm mới")),
    ("update", _("Sẽ cập nhật")),
    ("unchanged", _("Không thay đổi")),
    ("errors", _("Lỗi")),
    ("duplicates", _("Nghi trùng trong tệp")),
    ("conversions", _("Chuyển mã TCVN3/VNI")),
    ("notes", _("Dữ liệu đã sửa, còn thiếu")),
]


@login_required
def detail(request, pk):
    batch = _batch(request, pk)
    jobs.mark_stale(ImportBatch.objects.filter(pk=batch.pk))
    batch.refresh_from_db()
    scope = scope_for(request.user)
    pv = batch.preview or {}
    counts = pv.get("counts", {})
    sections = []
    for key, label in SECTIONS:
        items = pv.get(key, [])
        total = {"create": counts.get("created"), "update": counts.get("updated"),
                 "unchanged": counts.get("unchanged"), "errors": len(items) if key == "errors" else None,
                 "duplicates": counts.get("duplicates"), "conversions": counts.get("conversions"),
                 "notes": counts.get("notes")}[key]
        if key == "errors":
            total = counts.get("errors", 0)
        sections.append({"key": key, "label": label, "items": items, "total": total or 0,
                         "shown": len(items)})
    sensitive = scope.can_see_sensitive_path(batch.org_path)
    if not sensitive:
        pv = _masked(pv)
        sections = [dict(s, items=pv.get(s["key"], [])) for s in sections]
    percent, label = jobs.progress_of(batch)
    known = {v: k for k, v in (pv.get("columns") or {}).items()}
    chosen = batch.mapping or {}
    mapping_rows = [{"index": i, "header": h, "key": chosen.get(h, known.get(h, "")),
                     "unknown": h in pv.get("unknown_headers", []) or h in chosen}
                    for i, h in enumerate(pv.get("headers", [])) if h]
    ctx = {"batch": batch, "mapping_rows": mapping_rows, "sensitive": sensitive,
           "pv": pv, "counts": counts, "sections": sections, "percent": percent,
           "progress_label": label, "can_write": scope.can_write_path(batch.org_path),
           "mapping_choices": [("", _("— Bỏ qua cột này —"))] + [(c.key, c.header) for c in _columns(batch)],
           "limit": preview_limit()}
    return render(request, "exchange/import_detail.html", ctx)


HIDDEN = _("Ẩn (không đủ quyền)")
SENSITIVE_KEYS = {"citizen_id", "religion"}
SENSITIVE_LABELS = {LABELS[k] for k in SENSITIVE_KEYS}


def _masked(pv: dict) -> dict:
    """CCCD and religion are shown only to those who may see them (office, admin), as everywhere else."""
    pv = dict(pv)
    for key in ("create", "update", "unchanged"):
        rows = []
        for r in pv.get(key, []):
            r = dict(r, citizen_id=HIDDEN if r.get("citizen_id") else "")
            if "changes" in r:
                r["changes"] = [[lab, HIDDEN, HIDDEN] if lab in SENSITIVE_LABELS else [lab, cur, new]
                                for lab, cur, new in r["changes"]]
            rows.append(r)
        pv[key] = rows
    pv["notes"] = [[n[0], n[1], HIDDEN, HIDDEN, *n[4:]] if n[5] in SENSITIVE_KEYS else n for n in pv.get("notes", [])]
    return pv


@login_required
def progress(request, pk):
    batch = _batch(request, pk)
    jobs.mark_stale(ImportBatch.objects.filter(pk=batch.pk))
    batch.refresh_from_db()
    percent, label = jobs.progress_of(batch)
    if not batch.is_running:
        resp = HttpResponse("")
        resp["HX-Redirect"] = _detail(batch)
        return resp
    return render(request, "exchange/import_progress.html",
                  {"batch": batch, "percent": percent, "progress_label": label})


@login_required
@require_POST
def mapping(request, pk):
    batch = _writable_batch(request, pk)
    if batch.status not in (ImportStatus.MAPPING, ImportStatus.PREVIEWED):
        messages.error(request, _("Lần nhập này không còn ở bước ghép cột."))
        return redirect(_detail(batch))
    valid = {c.key for c in _columns(batch)}
    headers = (batch.preview or {}).get("headers", [])
    chosen = {}
    for i, header in enumerate(headers):
        if f"map_{i}" in request.POST:
            key = request.POST[f"map_{i}"]
            if key and key not in valid:
                messages.error(request, _("Lựa chọn ghép cột «%(header)s» không hợp lệ.") % {"header": header})
                return redirect(_detail(batch))
            chosen[header] = key
    batch.mapping = {**(batch.mapping or {}), **chosen} or {"": ""}
    batch.status = ImportStatus.READING
    batch.save(update_fields=["mapping", "status"])
    _preview(request, batch, batch.file_size)
    return redirect(_detail(batch))


@login_required
@require_POST
def commit(request, pk):
    batch = _writable_batch(request, pk)
    if not batches.start_commit(request.user, batch, from_statuses=(ImportStatus.PREVIEWED,)):
        messages.error(request, _("Lần nhập này không ở trạng thái chờ ghi vào sổ (đã ghi, đã hủy hoặc đang ghi)."))
        return redirect(_detail(batch))
    batch.refresh_from_db()
    if batch.total_rows > INLINE_COMMIT_ROWS:
        jobs.start(batch, request.user, "commit")
        return redirect(_detail(batch))
    try:
        result = jobs.commit_for(batch)(batch, request.user)
    except (ExchangeError, ValidationError, PermissionDenied, FileNotFoundError) as e:
        batches.mark_failed(request.user, batch, in_vietnamese(jobs.error_text)(e))  # stored: Vietnamese
        messages.error(request, _("Không ghi được vào sổ, không có dòng nào được ghi: %(why)s") % {
            "why": jobs.error_text(e)})
        return redirect(_detail(batch))
    what = (_("tổ chức đảng thành lập mới"), _("đổi tên")) if batch.kind == ImportKind.ORGANIZATIONS else (
        _("đảng viên mới"), _("cập nhật"))
    messages.success(request, _("Đã ghi vào sổ: %(created)s %(created_what)s, %(updated)s %(updated_what)s, "
                                "%(unchanged)s không thay đổi; %(errors)s dòng lỗi bỏ qua.") % {
        "created": result.created, "created_what": what[0], "updated": result.updated, "updated_what": what[1],
        "unchanged": result.unchanged, "errors": result.errors})
    return redirect(_detail(batch))


@login_required
@require_POST
def cancel(request, pk):
    batch = _writable_batch(request, pk)
    if batches.cancel(request.user, batch):
        messages.info(request, _("Đã hủy lần nhập; không có dữ liệu nào được ghi vào sổ."))
    else:
        messages.error(request, _("Không thể hủy: lần nhập đã được ghi vào sổ hoặc đang chạy."))
    return redirect(reverse("imports:list"))
