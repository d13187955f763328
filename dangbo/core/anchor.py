"""Anchoring the audit chain outside the database (issue 11.6).

The hash chain alone shows an edited row only to someone who does not recompute the hashes after it, and
cannot show that the newest rows were deleted. An anchor closes both gaps: `dangbo audit anchor` writes the
head (sequence number, hash, row count) with an HMAC-SHA256 under a key that is not in the database; the
operator keeps the file elsewhere (another machine, a USB key, a printed copy). `dangbo audit verify --anchor
FILE` then checks the file's MAC (a forged or edited anchor fails), that the anchored row still exists and
that its hash is unchanged (a recomputed chain or deleted newest rows fail).

The key is the environment variable DANGBO_AUDIT_KEY if set, else the file `audit.key` in DANGBO_DATA_DIR,
created on first use with mode 0600. A key file readable by group or others is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .models import AuditEvent

FORMAT = "dangbo-audit-anchor"
KEY_ENV = "DANGBO_AUDIT_KEY"
KEY_FILE = "audit.key"


class AnchorError(Exception):
    """A key or anchor file that cannot be used; the message says why, in Vietnamese."""


def key_path() -> Path:
    return Path(settings.DATA_DIR) / KEY_FILE


def load_key(*, create: bool = False) -> bytes:
    env = os.environ.get(KEY_ENV, "")
    if env:
        if len(env) < 32:
            raise AnchorError(f"Khóa {KEY_ENV} quá ngắn: cần ít nhất 32 ký tự (ví dụ 64 chữ số hex).")
        return env.encode()
    path = key_path()
    if not path.exists():
        if not create:
            raise AnchorError(f"Chưa có khóa neo nhật ký: đặt biến môi trường {KEY_ENV} hoặc tạo tệp {path} "
                              "(lệnh `dangbo audit anchor` tự tạo).")
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32) + "\n")
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise AnchorError(f"Tệp khóa {path} để người khác đọc được (quyền {mode:o}); hãy chạy chmod 600 {path}.")
    key = path.read_text().strip()
    if len(key) < 32:
        raise AnchorError(f"Tệp khóa {path} quá ngắn: cần ít nhất 32 ký tự.")
    return key.encode()


def _mac(key: bytes, seq: int, head_hash: str, count: int) -> str:
    return hmac.new(key, f"{FORMAT}:{seq}:{head_hash}:{count}".encode(), hashlib.sha256).hexdigest()


def make_anchor() -> dict:
    """The current head of the chain with its MAC, as the JSON object written to the anchor file."""
    key = load_key(create=True)
    head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, head_hash = head if head else (0, "")
    count = AuditEvent.objects.count()
    return {"format": FORMAT, "seq": seq, "hash": head_hash, "count": count,
            "made_at": timezone.now().isoformat(), "mac": _mac(key, seq, head_hash, count)}


@dataclass
class AnchorCheck:
    seq: int
    problems: list[str]


def read_anchor(path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise AnchorError(f"Không đọc được tệp neo {path}: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise AnchorError(f"Tệp {path} không phải tệp neo nhật ký của dangbo.")
    return data


def check_anchor(data: dict) -> AnchorCheck:
    """Problems (Vietnamese) between an anchor and the database; empty when the chain still holds it."""
    key = load_key()
    try:
        seq, head_hash, count = int(data["seq"]), str(data["hash"]), int(data["count"])
        mac = str(data["mac"])
    except (KeyError, TypeError, ValueError):
        return AnchorCheck(0, ["Tệp neo thiếu trường hoặc sai kiểu (seq, hash, count, mac)."])
    if not hmac.compare_digest(mac, _mac(key, seq, head_hash, count)):
        return AnchorCheck(seq, ["Mã xác thực (MAC) của tệp neo không khớp: tệp neo đã bị sửa hoặc khóa khác."])
    problems = []
    if seq:
        row = AuditEvent.objects.filter(seq=seq).values_list("hash", flat=True).first()
        if row is None:
            problems.append(f"Bản ghi số {seq} đã neo không còn trong nhật ký (các bản ghi mới nhất đã bị xóa).")
        elif row != head_hash:
            problems.append(f"Mã băm của bản ghi số {seq} khác với lúc neo: chuỗi đã bị tính lại từ một bản ghi "
                            "bị sửa.")
    if AuditEvent.objects.filter(seq__lte=seq).count() < count:
        problems.append(f"Lúc neo có {count} bản ghi đến số {seq}; nay còn ít hơn (đã bị xóa).")
    return AnchorCheck(seq, problems)
