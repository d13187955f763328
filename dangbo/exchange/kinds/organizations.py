"""Importing organisation lists (issue 3 items 1–2): preview every row, then write all valid rows or none.

    preview_organizations(table, actor=, target_org=, mapping_override=None) -> Preview
        map the headers (headers.ORGANIZATION_COLUMNS), convert TCVN3/VNI names, order the rows so that a
        parent comes before its children (a parent is another row of the file, an organisation already
        under `target_org` within the actor's write scope, or `target_org` itself when the cell is empty),
        and classify each row: create / update (a rename: only the name differs) / unchanged / error.
    commit_organizations(preview_or_batch, actor) -> CommitResult
        one transaction: new organisations through organizations.actions.found_organization (parents
        first), renames through rename_organization; the ImportBatch (kind "organizations") records it.

The structures (Preview, RowResult, RowError, Duplicate, CommitResult) and the batch bookkeeping are those
of `importer` (members); only what differs for organisations lives here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from dangbo.core import audit
from dangbo.core.i18n import in_vietnamese, joined
from dangbo.core.scopes import scope_for
from dangbo.organizations.models import ALLOWED_CHILDREN, Organization, OrgKind, OrgStatus
from dangbo.rules.text import format_date, search_key

from ..models import ImportBatch, ImportKind
from ..parsing.dates import parse_date
from ..parsing.errors import ExchangeError
from ..parsing.headers import ORGANIZATION_COLUMNS, map_headers
from ..pipeline import batches
from ..pipeline.batches import batch_for, committable, store_preview
from ..pipeline.cells import cell_str, fix_legacy_column, start_preview
from ..pipeline.commit import begin_commit
from ..pipeline.rows import (
    Change,
    CommitResult,
    Duplicate,
    Preview,
    Progress,
    RowResult,
    bounded,
    display_text,
    failure_reason,
    preview_limit,
    report,
    row_error,
)
from ..pipeline.stored import preview_again

LABELS = {c.key: c.header for c in ORGANIZATION_COLUMNS}
REQUIRED_COLUMNS = ("code", "name", "kind")
LEGACY_KEYS = ("name", "note")
MAX_CODE, MAX_NAME = (Organization._meta.get_field(f).max_length for f in ("code", "name"))


def _export_only_headers() -> list[str]:
    """Columns the organisation export adds after the template's (counts, status…): skipped silently, so
    that an export re-imports without a mapping step."""
    from ..exports import ORG_COLUMNS, ORG_IMPORT_COLUMNS

    return [c.header for c in ORG_COLUMNS[len(ORG_IMPORT_COLUMNS):]]


# -- kinds ---------------------------------------------------------------------------------------------------
@in_vietnamese
def _kind_words() -> dict[str, frozenset[str]]:
    words: dict[str, frozenset[str]] = {}
    for k in OrgKind:
        for text in (k.label, k.value, k.value.replace("_", " ")):
            words[search_key(text)] = frozenset({k.value})
    exact = {
        "dbcs": OrgKind.GRASSROOTS_COMMITTEE, "cbcs": OrgKind.GRASSROOTS_CELL, "dbbp": OrgKind.PARTIAL_COMMITTEE,
        "cbtt": OrgKind.CELL, "dang bo cap tren": OrgKind.UPPER, "dang bo tren co so": OrgKind.UPPER,
        "chi bo truc thuoc dang bo co so": OrgKind.CELL, "chi bo truc thuoc dang uy co so": OrgKind.CELL,
    }
    words.update({k: frozenset({v.value}) for k, v in exact.items()})
    # Short forms: which one is meant follows from the parent (a chi bộ under a đảng bộ cơ sở is "trực
    # thuộc", under an upper level it is "cơ sở").
    cells = frozenset({OrgKind.GRASSROOTS_CELL.value, OrgKind.CELL.value})
    committees = frozenset({OrgKind.UPPER.value, OrgKind.GRASSROOTS_COMMITTEE.value,
                            OrgKind.PARTIAL_COMMITTEE.value})
    words.update({"chi bo": cells, "cb": cells, "dang bo": committees, "db": committees})
    return words


KIND_WORDS = _kind_words()


def _kind_for(text: str, parent_kind: str | None, *, current: str | None = None) -> tuple[str | None, str]:
    """(kind value, problem). `parent_kind` None means top level; `current`: the kind in the register."""
    candidates = KIND_WORDS.get(search_key(text))
    labels = ", ".join(f"«{k.label}»" for k in OrgKind)
    if candidates is None:
        return None, f"Loại tổ chức «{text}» không hợp lệ; ghi một trong: {labels}."
    if current is not None and current in candidates:
        return current, ""
    if len(candidates) == 1:
        return next(iter(candidates)), ""
    allowed = {k.value for k in ALLOWED_CHILDREN[OrgKind(parent_kind) if parent_kind else None]}
    fits = candidates & allowed
    if len(fits) == 1:
        return next(iter(fits)), ""
    choices = ", ".join(f"«{OrgKind(k).label}»" for k in sorted(fits or candidates))
    return None, f"Loại tổ chức «{text}» chưa rõ; hãy ghi đầy đủ: {choices}."


# -- the preview -----------------------------------------------------------------------------------------------
@dataclass
class OrgPreview(Preview):
    """The members' Preview, with the preview page's rows describing organisations."""

    @in_vietnamese
    def summary(self, limit: int | None = None) -> dict:
        limit = limit or preview_limit()
        def row_view(r: RowResult) -> dict:
            d = r.data
            parent = d.get("parent")
            kind = d.get("kind_value")
            return {"row": r.row, "code": d.get("code", ""), "name": d.get("name", ""),
                    "kind": OrgKind(kind).label if kind else d.get("kind", ""),
                    "parent_code": parent.code if isinstance(parent, Organization) else d.get("parent_code", ""),
                    "founded_on": display_text(d.get("founded_on")), "org_id": r.org.pk if r.org else None,
                    "current_name": r.member_name, "warnings": r.warnings}

        out: dict = {"counts": self.counts, "headers": self.headers, "sheet_name": self.sheet_name,
                     "columns": {k: self.headers[i] for k, i in self.columns.items()},
                     "unknown_headers": self.unknown_headers, "fatal": self.fatal}
        for action in ("create", "update", "unchanged"):
            out[action] = [row_view(r) | ({"changes": [[c.label, c.current, c.new] for c in r.changes]}
                                          if action == "update" else {}) for r in self.of(action)[:limit]]
        errors = sorted(self.errors, key=lambda e: e.row)
        out["errors"] = [[e.row, e.column, e.value, e.message] for e in errors[: limit * 2]]
        out["duplicates"] = [[d.row, d.first_row, d.reason, d.blocking] for d in self.duplicates[:limit]]
        out["conversions"] = [[c.row, c.column, c.before, c.after, c.encoding] for c in self.conversions[:limit]]
        return bounded(out)


def resolve_columns(headers: list[str], override: dict | None = None):
    merged = {h: "" for h in _export_only_headers()} | (override or {})
    try:
        mapping = map_headers(headers, kind="organization", overrides=merged)
    except ValueError as e:
        raise ValidationError(_("Ghép cột không hợp lệ: %(problem)s"), params={"problem": e}) from e
    problems = [m for m in mapping.errors if "Thiếu cột" not in m]
    return dict(mapping.keys), [h for _, h in mapping.unknown], problems


@in_vietnamese
def preview_organizations(table, *, actor, target_org: Organization, mapping_override: dict | None = None,
                          progress: Progress = None, kind: str = ImportKind.ORGANIZATIONS) -> Preview:
    pv = start_preview(table, actor=actor, target_org=target_org, mapping_override=mapping_override,
                       preview_cls=OrgPreview, kind=ImportKind.ORGANIZATIONS, resolve=resolve_columns,
                       labels=LABELS, required=REQUIRED_COLUMNS, template="tệp mẫu danh sách tổ chức đảng")
    if pv.fatal:
        return pv
    headers, columns = pv.headers, pv.columns
    rows = list(table.rows)
    report(progress, 0.0, gettext_noop("Đang đọc dữ liệu"))

    def col(key):
        return headers[columns[key]] if key in columns else LABELS[key]

    # -- 1. cells, with TCVN3/VNI names converted column by column --
    texts: dict[str, list[str]] = {}
    for key, idx in columns.items():
        if key == "founded_on":
            continue
        values = [cell_str(vals[idx]) if idx < len(vals) else "" for _, vals in rows]
        if key in LEGACY_KEYS:
            values = fix_legacy_column(values, key, headers[idx], rows, pv.conversions)
        texts[key] = values

    # -- 2. each row on its own --
    parsed: list[RowResult] = []
    for n, (row_number, vals) in enumerate(rows):
        r = RowResult(row=row_number)
        d = r.data
        for key in ("code", "name", "kind", "parent_code", "note"):
            d[key] = texts[key][n] if key in texts else ""
        if "founded_on" in columns:
            idx = columns["founded_on"]
            raw = vals[idx] if idx < len(vals) else None
            try:
                value = parse_date(raw, row=row_number, column=col("founded_on"))
            except ExchangeError as e:
                row_error(r, col("founded_on"), cell_str(raw), getattr(e, "message", None) or str(e))
                value = None
            if isinstance(value, datetime):
                value = value.date()
            if value and value > timezone.localdate():
                row_error(r, col("founded_on"), value, f"Ngày thành lập {format_date(value)} ở tương lai.")
            d["founded_on"] = value
        if not d["code"]:
            row_error(r, col("code"), "", "Chưa có mã tổ chức.")
        elif len(d["code"]) > MAX_CODE:
            row_error(r, col("code"), d["code"], f"Mã tổ chức dài quá {MAX_CODE} ký tự.")
        if not d["name"]:
            row_error(r, col("name"), "", "Chưa có tên tổ chức.")
        elif len(d["name"]) > MAX_NAME:
            row_error(r, col("name"), d["name"], f"Tên tổ chức dài quá {MAX_NAME} ký tự.")
        if not d["kind"]:
            row_error(r, col("kind"), "", "Chưa có loại tổ chức.")
        parsed.append(r)
    report(progress, 0.3, gettext_noop("Đang kiểm tra từng dòng"))

    # -- 3. duplicate codes inside the file --
    by_code: dict[str, RowResult] = {}
    for r in parsed:
        code = r.data["code"].casefold()
        if not code:
            continue
        first = by_code.setdefault(code, r)
        if first is not r:
            pv.duplicates.append(Duplicate(r.row, first.row, f"Trùng mã tổ chức {r.data['code']} với dòng "
                                                             f"{first.row}", True))
            row_error(r, col("code"), r.data["code"], f"Trùng mã tổ chức «{r.data['code']}» với dòng {first.row} "
                                                 "trong tệp.")

    # -- 4. parents before children --
    ordered = _ordered(parsed, by_code, target_org, col)

    # -- 5. against the register, in that order --
    _validate(ordered, by_code, pv, actor, target_org, col)
    pv.rows = ordered
    report(progress, 1.0, gettext_noop("Đã xem trước"))
    return pv


def _ordered(parsed: list[RowResult], by_code: dict, target: Organization, col) -> list[RowResult]:
    """Rows by depth within the file (a row whose parent is not in the file has depth 0), file order within
    a depth; a cycle of parents is an error on each of its rows."""
    depth: dict[int, int] = {}

    def parent_of(r: RowResult) -> RowResult | None:
        pc = r.data["parent_code"].casefold()
        p = by_code.get(pc) if pc else None
        return p if p is not None and p is not r else None

    for r in parsed:
        chain: list[RowResult] = []
        cur: RowResult | None = r
        seen: dict[int, int] = {}
        while cur is not None and id(cur) not in depth and id(cur) not in seen:
            seen[id(cur)] = len(chain)
            chain.append(cur)
            cur = parent_of(cur)
        if cur is not None and id(cur) not in depth:  # back to a row of this chain: a cycle
            for c in chain[seen[id(cur)]:]:
                row_error(c, col("parent_code"), c.data["parent_code"],
                     "Các tổ chức trong tệp làm cấp trên của nhau thành vòng.")
                depth[id(c)] = 0
        for c in reversed(chain):
            if id(c) not in depth:
                p = parent_of(c)
                depth[id(c)] = depth[id(p)] + 1 if p is not None else 0
    return sorted(parsed, key=lambda r: depth[id(r)])  # stable: file order within a depth


def _validate(rows: list[RowResult], by_code: dict, pv: Preview, actor, target: Organization, col):
    scope = scope_for(actor) if actor is not None else None
    codes = [r.data["code"] for r in rows if r.data["code"]]
    parent_codes = [r.data["parent_code"] for r in rows if r.data["parent_code"]]
    existing = {o.code.casefold(): o for o in Organization.objects.filter(
        code__in=set(codes) | set(parent_codes)).select_related("parent")}
    # Codes typed in another case: look them up too (codes are unique as typed, compared without case here).
    lower = {c.casefold() for c in codes + parent_codes} - set(existing)
    if lower:
        for o in Organization.objects.filter(path__startswith=target.path).select_related("parent"):
            if o.code.casefold() in lower:
                existing[o.code.casefold()] = o

    def in_reach(org: Organization) -> bool:
        return org.path.startswith(target.path) and (scope is None or scope.can_write_path(org.path))

    today = timezone.localdate()
    for r in rows:
        d = r.data
        code, pcode = d["code"], d["parent_code"]
        org = existing.get(code.casefold()) if code else None
        # the parent: (kind, Organization or None, row of the file or None)
        parent_org: Organization | None = None
        parent_row: RowResult | None = None
        if org is not None and org.pk == target.pk:
            parent_org = org.parent
            if pcode and (org.parent is None or org.parent.code.casefold() != pcode.casefold()):
                row_error(r, col("parent_code"), pcode,
                     f"«{org.name}» là tổ chức đang nhập vào; cấp trên của nó không đổi bằng nhập tệp.")
        elif not pcode:
            parent_org = target
        elif pcode.casefold() == code.casefold():
            row_error(r, col("parent_code"), pcode, "Tổ chức không thể là cấp trên của chính nó.")
        elif pcode.casefold() in by_code and existing.get(pcode.casefold()) is None:
            parent_row = by_code[pcode.casefold()]
            if parent_row.action == "error":
                row_error(r, col("parent_code"), pcode,
                     f"Tổ chức cấp trên «{pcode}» (dòng {parent_row.row}) có lỗi nên dòng này cũng không nhập được.")
        else:
            found = existing.get(pcode.casefold())
            if found is None:
                row_error(r, col("parent_code"), pcode,
                     f"Không tìm thấy tổ chức cấp trên mã «{pcode}», trong tệp cũng như trong {target.name}.")
            elif not in_reach(found):
                row_error(r, col("parent_code"), pcode,
                     f"Tổ chức cấp trên «{found.name}» ({found.code}) nằm ngoài phạm vi được nhập (chỉ nhập vào "
                     f"{target.name} và các tổ chức trực thuộc mà bạn có quyền cập nhật).")
            elif found.status != OrgStatus.ACTIVE:
                row_error(r, col("parent_code"), pcode, f"Tổ chức cấp trên «{found.name}» đã ngừng hoạt động.")
            else:
                parent_org = found
        if r.action == "error":
            continue
        d["parent"] = parent_org
        d["parent_row"] = parent_row
        parent_kind = parent_org.kind if parent_org is not None else (
            parent_row.data.get("kind_value") if parent_row is not None else None)
        kind, problem = _kind_for(d["kind"], parent_kind, current=org.kind if org is not None else None)
        if problem:
            row_error(r, col("kind"), d["kind"], problem)
            continue
        d["kind_value"] = kind
        if org is not None:
            _as_existing(r, org, target, in_reach, col, today)
            continue
        if parent_org is None and parent_row is None:
            row_error(r, col("parent_code"), pcode,
                      "Chỉ quản trị hệ thống tạo tổ chức cấp cao nhất, không qua nhập tệp.")
            continue
        parent_name = parent_org.name if parent_org is not None else parent_row.data["name"]
        allowed = ALLOWED_CHILDREN[OrgKind(parent_kind) if parent_kind else None]
        if kind not in allowed:
            what = ", ".join(f"«{k.label}»" for k in sorted(allowed, key=list(OrgKind).index)) or "không có"
            row_error(r, col("kind"), d["kind"],
                 f"Không thể đặt {OrgKind(kind).label.lower()} trực thuộc «{parent_name}» "
                 f"({OrgKind(parent_kind).label.lower()}); loại được phép: {what}.")
            continue
        if parent_org is not None and parent_org.pk != target.pk and not in_reach(parent_org):
            row_error(r, col("parent_code"), pcode,
                      f"Tổ chức cấp trên «{parent_org.name}» nằm ngoài phạm vi được nhập.")
            continue
        r.action = "create"


def _as_existing(r: RowResult, org: Organization, target: Organization, in_reach, col, today):
    d = r.data
    r.org, r.member_name = org, org.name
    if org.pk != target.pk and not in_reach(org):
        row_error(r, col("code"), d["code"],
             f"Mã tổ chức «{d['code']}» đã được dùng cho «{org.name}», ngoài phạm vi được nhập.")
        return
    parent = d["parent"]
    if org.pk != target.pk:
        if parent is None or org.parent_id != parent.pk:
            now = org.parent.code if org.parent else "(cấp cao nhất)"
            row_error(r, col("parent_code"), d["parent_code"],
                 f"Tổ chức mã «{org.code}» đã có trong sổ, trực thuộc {now}; đổi cấp trên phải làm bằng hợp nhất "
                 "hoặc chia tách, không bằng nhập tệp.")
            return
    if d["kind_value"] != org.kind:
        row_error(r, col("kind"), d["kind"], f"Tổ chức mã «{org.code}» đã có trong sổ là "
                                        f"{org.get_kind_display().lower()}; loại tổ chức không đổi bằng nhập tệp.")
        return
    founded = d.get("founded_on")
    if founded and org.founded_on and founded != org.founded_on:
        r.warnings.append(f"Ngày thành lập trong tệp ({format_date(founded)}) khác với sổ "
                          f"({format_date(org.founded_on)}); giữ ngày trong sổ.")
    if d["name"] == org.name:
        r.action = "unchanged"
        return
    if org.status != OrgStatus.ACTIVE:
        row_error(r, col("name"), d["name"], f"«{org.name}» đã ngừng hoạt động; không đổi tên bằng nhập tệp.")
        return
    r.changes = [Change("name", LABELS["name"], org.name, d["name"])]
    r.action = "update"


# -- commit ------------------------------------------------------------------------------------------------
@in_vietnamese
def preview_batch(batch: ImportBatch, actor, *, progress: Progress = None) -> Preview:
    return preview_again(batch, preview_organizations, actor, progress=progress)


@in_vietnamese
def commit_organizations(source, actor, *, progress: Progress = None) -> CommitResult:
    """Found every new organisation and rename every renamed one of a preview (or of a batch, previewed
    again now), in one transaction: all valid rows or nothing."""
    if isinstance(source, ImportBatch):
        batch = committable(source)
        pv = preview_batch(batch, actor)
    else:
        pv = source
        batch = batch_for(pv, actor)
    begin_commit(pv, batch, actor)
    try:
        return _commit(pv, batch, actor, progress)
    except BaseException as e:
        # One transaction (organisation lists are short): nothing of it was written.
        batches.mark_failed(actor, batch, f"Không ghi được vào sổ, không có dòng nào được ghi: {failure_reason(e)}")
        raise


def _commit(pv: Preview, batch: ImportBatch, actor, progress: Progress) -> CommitResult:
    from dangbo.organizations.actions import found_organization, rename_organization

    token = audit.request_id_var.set(batch.source)
    today = timezone.localdate()
    writable = [r for r in pv.rows if r.action in ("create", "update")]
    created: dict[int, Organization] = {}  # id(row) -> the organisation founded from it
    try:
        with transaction.atomic():
            for n, r in enumerate(writable):
                d = r.data
                try:
                    if r.action == "create":
                        parent = d["parent"] if d.get("parent") is not None else created[id(d["parent_row"])]
                        created[id(r)] = found_organization(
                            actor, code=d["code"], name=d["name"], kind=d["kind_value"], parent=parent,
                            founded_on=d.get("founded_on"))
                    else:
                        rename_organization(actor, Organization.objects.get(pk=r.org.pk), name=d["name"],
                                            effective_date=today)
                except ValidationError as e:
                    # The register changed since the preview: refuse the whole batch.
                    raise ValidationError(_("Dòng %(row)s: %(errors)s"),
                                          params={"row": r.row, "errors": joined(e)}) from e
                report(progress, n / max(len(writable), 1), gettext_noop("Đang ghi tổ chức đảng"))
            c = pv.counts
            batches.finish_commit(
                actor, batch, pv, created_ids=sorted(o.pk for o in created.values()),
                updated_ids=[r.org.pk for r in writable if r.action == "update"],
                summary=(f"Nhập danh sách tổ chức đảng «{batch.file_name}» vào {pv.target_org.name} (lần nhập số "
                         f"{batch.pk}): {c['created']} thành lập mới, {c['updated']} đổi tên, {c['unchanged']} không "
                         f"thay đổi, {c['errors']} dòng lỗi bỏ qua"),
                data={"kind": ImportKind.ORGANIZATIONS, "created": sorted(o.code for o in created.values()),
                      "renamed": sorted(r.data["code"] for r in writable if r.action == "update")})
            report(progress, 1.0, gettext_noop("Đã ghi vào sổ"))
    finally:
        audit.request_id_var.reset(token)
    c = pv.counts
    return CommitResult(batch.pk, c["created"], c["updated"], c["unchanged"], c["errors"], c["duplicates"])


__all__ = ["OrgPreview", "commit_organizations", "preview_organizations", "store_preview"]
