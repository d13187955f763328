"""`dangbo backup FILE` and `dangbo restore FILE`: the whole register in one compressed file.

Format (gzip, UTF-8 text, one JSON value per line):

    {"format": "dangbo-backup", "version": 1, "created_at": ..., "vendor": ..., "models": [{label, count}...]}
    {"model": "organizations.organization", "fields": ["id", "code", ...], "count": 184}
    [1, "DBKCQT", ...]                       <- one row per line, ordered by primary key
    ...                                      <- the next model's header and rows, in dependency order
    {"end": true, "rows": 12345, "sha256": "..."}

The checksum covers every line after the header, so two backups of the same data have the same checksum
whatever the day they were made. With an operator key (DANGBO_BACKUP_KEY or --key-file) the gzip
stream is encrypted (AES-256-GCM in chunks, dangbo.core.backup_crypto); a restore checks the key and every
chunk before it deletes anything. Every table of the installed apps is included (the register, the
history tables, the audit ledger, users, role assignments, API tokens, content types and permissions)
except sessions. A restore inserts rows with their primary keys, so it gives back exactly the same data;
on PostgreSQL the id sequences are moved past the restored rows.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import io
import json
import os
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from uuid import UUID

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from .backup_crypto import CHUNK, CryptoError, DecryptingReader, EncryptingWriter, is_encrypted

FORMAT = "dangbo-backup"
VERSION = 1
EXCLUDED = {"sessions.session"}
BATCH = 5000


class BackupError(ValidationError):
    """A backup file that cannot be read or restored; the message says why, in Vietnamese."""


@dataclass
class BackupResult:
    path: str
    rows: int
    models: int
    sha256: str
    bytes: int = 0
    encrypted: bool = False

    def as_dict(self):
        return {
            "file": self.path,
            "rows": self.rows,
            "tables": self.models,
            "sha256": self.sha256,
            "bytes": self.bytes,
            "encrypted": self.encrypted,
        }


# -- which tables, in which order -------------------------------------------------------------------------
def backup_models() -> list:
    """Concrete models of the installed apps, each after the models it references."""
    models = [
        m
        for m in apps.get_models(include_auto_created=True)
        if not m._meta.proxy and m._meta.managed and m._meta.label_lower not in EXCLUDED
    ]
    models.sort(key=lambda m: m._meta.label_lower)
    by_label = {m._meta.label_lower: m for m in models}
    deps = {}
    for m in models:
        refs = set()
        for f in m._meta.concrete_fields:
            if f.is_relation and f.related_model is not None:
                label = f.related_model._meta.concrete_model._meta.label_lower
                if label != m._meta.label_lower and label in by_label:
                    refs.add(label)
        deps[m._meta.label_lower] = refs
    ordered, done = [], set()

    def visit(label, stack=()):
        if label in done:
            return
        for d in sorted(deps[label]):
            if d not in stack:
                visit(d, (*stack, label))
        done.add(label)
        ordered.append(by_label[label])

    for m in models:
        visit(m._meta.label_lower)
    return ordered


def _fields(model):
    return list(model._meta.concrete_fields)


# -- values to and from JSON ------------------------------------------------------------------------------
def _dump_value(v):
    if v is None or isinstance(v, bool | int | float | str):
        return v
    if isinstance(v, dt.datetime):
        if v.tzinfo is not None:
            v = v.astimezone(dt.UTC)
        return v.isoformat()
    if isinstance(v, dt.date | dt.time):
        return v.isoformat()
    if isinstance(v, Decimal | UUID):
        return str(v)
    if isinstance(v, bytes | memoryview):
        return base64.b64encode(bytes(v)).decode()
    if isinstance(v, dict | list):
        return v
    return str(v)


def _line(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


# -- backup --------------------------------------------------------------------------------------------------
def backup(path: str | os.PathLike, progress: Callable[[str, int], None] | None = None, *,
           key: bytes | None = None) -> BackupResult:
    """Write every table to `path` (gzip JSON lines, encrypted when `key` is given). Consistent: read in one
    transaction."""
    from django.utils import timezone

    path = Path(path)
    if path.parent and not path.parent.exists():
        raise BackupError(f"Thư mục {path.parent} không tồn tại.")
    tmp = path.with_name(path.name + ".tmp")
    models = backup_models()
    outer = connection.in_atomic_block
    digest = hashlib.sha256()
    total = 0
    with transaction.atomic():
        if not outer and connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        counts = [(m, m._base_manager.count()) for m in models]
        header = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": timezone.now().isoformat(),
            "vendor": connection.vendor,
            "models": [{"model": m._meta.label_lower, "count": n} for m, n in counts],
        }
        try:
            # 0600 from the first byte: the file holds CCCD numbers, password hashes and API tokens.
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.fchmod(fd, 0o600)  # an old .tmp left with wider rights
            raw = os.fdopen(fd, "wb")
        except OSError as e:
            raise BackupError(f"Không ghi được tệp {path}: {e.strerror}.")
        with raw, _sealed(raw, key) as sink, gzip.open(sink, "wt", encoding="utf-8", compresslevel=6) as out:
            out.write(_line(header))
            for model, count in counts:
                fields = _fields(model)
                names = [f.attname for f in fields]
                section = _line({"model": model._meta.label_lower, "fields": names, "count": count})
                out.write(section)
                digest.update(section.encode())
                qs = model._base_manager.order_by("pk").values_list(*names)
                written = 0
                for row in qs.iterator(chunk_size=BATCH):
                    line = _line([_dump_value(v) for v in row])
                    out.write(line)
                    digest.update(line.encode())
                    written += 1
                    if progress and written % BATCH == 0:
                        progress(model._meta.label_lower, BATCH)
                if progress and written % BATCH:
                    progress(model._meta.label_lower, written % BATCH)
                total += written
            out.write(_line({"end": True, "rows": total, "sha256": digest.hexdigest()}))
    os.replace(tmp, path)
    return BackupResult(str(path), total, len(models), digest.hexdigest(), path.stat().st_size,
                        encrypted=key is not None)


@contextmanager
def _sealed(raw, key: bytes | None):
    """`raw` itself, or an encrypting writer over it that writes its last chunk on leaving."""
    if key is None:
        yield raw
        return
    writer = EncryptingWriter(raw, key)
    with writer:
        yield writer


# -- reading ---------------------------------------------------------------------------------------------
@contextmanager
def _open(path, key: bytes | None = None):
    """The backup's text, decrypted when it is encrypted; a wrong key or a changed chunk -> BackupError."""
    path = Path(path)
    if not path.exists():
        raise BackupError(f"Không tìm thấy tệp sao lưu {path}.")
    try:
        with open(path, "rb") as raw:
            source = raw
            if is_encrypted(path):
                if key is None:
                    raise BackupError(f"Tệp sao lưu {path} đã được mã hóa: cần khóa giải mã (biến môi trường "
                                      "DANGBO_BACKUP_KEY hoặc tùy chọn --key-file).")
                source = io.BufferedReader(DecryptingReader(raw, key, str(path)), CHUNK)
            with gzip.open(source, "rt", encoding="utf-8") as f:
                yield f
    except CryptoError as e:
        raise BackupError(str(e)) from None


def read_header(path, key: bytes | None = None) -> dict:
    try:
        with _open(path, key) as f:
            header = json.loads(f.readline())
    except (OSError, EOFError, json.JSONDecodeError, UnicodeDecodeError):
        raise BackupError(f"Tệp {path} không phải bản sao lưu của dangbo (không đọc được).")
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError(f"Tệp {path} không phải bản sao lưu của dangbo.")
    if header.get("version") != VERSION:
        raise BackupError(
            f"Bản sao lưu phiên bản {header.get('version')} không được hỗ trợ "
            f"(phần mềm đọc phiên bản {VERSION})."
        )
    return header


def verify_file(path, key: bytes | None = None) -> dict:
    """Check the checksum and row counts (and, encrypted, the key and every chunk) without touching the
    database; return the footer."""
    header = read_header(path, key)
    digest = hashlib.sha256()
    footer, rows = None, 0
    try:
        with _open(path, key) as f:
            f.readline()
            for line in f:
                if line.startswith('{"end":'):
                    footer = json.loads(line)
                    break
                digest.update(line.encode())
                if line.startswith("["):
                    rows += 1
            if f.read(1):  # nothing may follow the end line; reading to the end also checks the last chunk
                raise BackupError(f"Tệp {path} có dữ liệu lạ sau dòng kết thúc.")
    except (OSError, EOFError, UnicodeDecodeError):
        raise BackupError(f"Tệp {path} bị hỏng hoặc bị cắt cụt.")
    if footer is None:
        raise BackupError(f"Tệp {path} bị cắt cụt: thiếu dòng kết thúc.")
    if footer.get("sha256") != digest.hexdigest() or footer.get("rows") != rows:
        raise BackupError(f"Tệp {path} đã bị thay đổi hoặc hỏng: mã kiểm tra không khớp.")
    footer["header"] = header
    return footer


# -- restore ---------------------------------------------------------------------------------------------
def database_has_data() -> bool:
    from django.contrib.auth import get_user_model

    from dangbo.core.models import AuditEvent

    # The register's tables by name: backup walks every installed model, it sits below the apps it saves.
    register = (apps.get_model("organizations", "Organization"), apps.get_model("members", "Member"))
    return any(m.objects.exists() for m in (*register, AuditEvent, get_user_model()))


def _converter(field):
    """JSON value -> value the DB driver takes for this column (ISO text for dates is fine for both)."""
    kind = field.get_internal_type()
    sqlite = connection.vendor == "sqlite"
    if kind == "JSONField":
        return lambda v: None if v is None else json.dumps(v, ensure_ascii=False)
    if kind == "DateTimeField":
        if sqlite:
            return lambda v: (
                None if v is None else connection.ops.adapt_datetimefield_value(dt.datetime.fromisoformat(v))
            )
        return None
    if kind in ("BinaryField",):
        return lambda v: None if v is None else base64.b64decode(v)
    if kind in (
        "DateField",
        "TimeField",
        "CharField",
        "TextField",
        "IntegerField",
        "BigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SmallIntegerField",
        "AutoField",
        "BigAutoField",
        "SmallAutoField",
        "BooleanField",
        "ForeignKey",
        "OneToOneField",
        "EmailField",
        "SlugField",
        "URLField",
        "FloatField",
        "GenericIPAddressField",
        "DecimalField",
        "UUIDField",
        "FileField",
        "ImageField",
    ):
        if kind == "UUIDField" and sqlite:
            return lambda v: None if v is None else UUID(v).hex
        return None
    return lambda v: None if v is None else field.get_db_prep_save(field.to_python(v), connection)


class _Inserter:
    def __init__(self, model, names: list[str]):
        by_name = {f.attname: f for f in _fields(model)}
        unknown = [n for n in names if n not in by_name]
        if unknown:
            raise BackupError(
                f"Bản sao lưu không khớp với phiên bản phần mềm này: bảng "
                f"{model._meta.label_lower} có cột {', '.join(unknown)} không còn dùng."
            )
        self.extra = []
        for n, f in by_name.items():
            if n not in names:
                if not (f.has_default() or f.null):
                    raise BackupError(f"Bản sao lưu thiếu cột {n} của bảng {model._meta.label_lower}.")
                self.extra.append((f, f.get_default()))
        fields = [by_name[n] for n in names] + [f for f, _ in self.extra]
        self.defaults = [d for _, d in self.extra]
        self.conv = [_converter(f) for f in fields]
        self.conv_idx = [(i, c) for i, c in enumerate(self.conv) if c is not None]
        self.table = connection.ops.quote_name(model._meta.db_table)
        self.cols = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        self.n = len(fields)

    def prepare(self, row: list) -> list:
        if self.defaults:
            row = row + self.defaults
        for i, c in self.conv_idx:
            row[i] = c(row[i])
        return row

    def write(self, rows: list[list]):
        if not rows:
            return
        with connection.cursor() as cur:
            if connection.vendor == "postgresql":
                with cur.cursor.copy(f"COPY {self.table} ({self.cols}) FROM STDIN") as cp:
                    for r in rows:
                        cp.write_row(r)
            else:
                marks = ", ".join(["%s"] * self.n)
                cur.executemany(f"INSERT INTO {self.table} ({self.cols}) VALUES ({marks})", rows)


def restore(path, *, force: bool = False, progress: Callable[[str, int], None] | None = None,
            key: bytes | None = None) -> BackupResult:
    """Replace the database's content with the backup's. Refuses a database with data unless force."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache
    from django.core.management.color import no_style

    footer = verify_file(path, key)  # the whole file, before anything is deleted
    header = footer["header"]
    by_label = {m._meta.label_lower: m for m in backup_models()}
    missing = [s["model"] for s in header["models"] if s["model"] not in by_label]
    if missing:
        raise BackupError("Bản sao lưu có bảng không có trong phiên bản phần mềm này: " + ", ".join(missing))
    if not force and database_has_data():
        raise BackupError(
            "Cơ sở dữ liệu đang có dữ liệu. Khôi phục sẽ xóa toàn bộ dữ liệu hiện có; "
            "nếu chắc chắn, chạy lại với --force."
        )
    from .audit import maintenance

    total = 0
    with transaction.atomic(), maintenance():  # the audit table refuses DELETE outside maintenance
        with connection.cursor() as cur:
            # Foreign keys are deferred to commit on both databases, so the order of deletes is free.
            for model in reversed(list(by_label.values())):
                cur.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
        with _open(path, key) as f:
            f.readline()
            ins, model, buf = None, None, []
            for line in f:
                if line.startswith("["):
                    buf.append(ins.prepare(json.loads(line)))
                    if len(buf) >= BATCH:
                        ins.write(buf)
                        total += len(buf)
                        if progress:
                            progress(model._meta.label_lower, len(buf))
                        buf = []
                    continue
                if ins is not None:
                    ins.write(buf)
                    total += len(buf)
                    if progress and buf:
                        progress(model._meta.label_lower, len(buf))
                    buf = []
                meta = json.loads(line)
                if meta.get("end"):
                    break
                model = by_label[meta["model"]]
                ins = _Inserter(model, meta["fields"])
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                for stmt in connection.ops.sequence_reset_sql(no_style(), list(by_label.values())):
                    cur.execute(stmt)
    ContentType.objects.clear_cache()
    try:
        cache.clear()
    except Exception:  # noqa: BLE001 - the cache table may not exist yet; nothing to clear then
        pass
    return BackupResult(str(path), total, len(header["models"]), footer["sha256"])
