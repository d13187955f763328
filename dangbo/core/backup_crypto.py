"""Encryption of backup files (issue 11.7) with a key the operator provides: AES-256-GCM in 1 MiB chunks.

A backup is written through EncryptingWriter and read through DecryptingReader, so neither side ever holds
more than a chunk. Layout:

    MAGIC | salt (16) | nonce prefix (8) | key check (16) | chunks: length (4, big-endian) + ciphertext+tag

The file key is HKDF-SHA256(operator key, salt), so no two files share a key. The key check (an HMAC of
the header under the file key) tells a wrong key apart from a changed file. Each chunk's nonce is the
prefix plus its index and its associated data the header, its index and whether it is the last one: a
chunk changed, moved, dropped or a file cut short fails to decrypt.

The operator key is DANGBO_BACKUP_KEY or the content of a key file (at least 32 characters, e.g. 64 hex
digits; a key file readable by group or others is refused).
"""

from __future__ import annotations

import hashlib
import hmac
import io
import os
import stat
import struct
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"DANGBO-BACKUP-AES256GCM-1\n"
KEY_ENV = "DANGBO_BACKUP_KEY"
CHUNK = 1024 * 1024
MIN_KEY_CHARS = 32
_HEADER_LEN = len(MAGIC) + 16 + 8 + 16


class CryptoError(Exception):
    """A key or an encrypted file that cannot be used; the message says why, in Vietnamese."""


def load_key(key_file: str | os.PathLike | None = None) -> bytes | None:
    """The operator's key from `key_file`, else DANGBO_BACKUP_KEY, else None (no encryption configured)."""
    if key_file:
        path = Path(key_file)
        if not path.exists():
            raise CryptoError(f"Không tìm thấy tệp khóa sao lưu {path}.")
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            raise CryptoError(f"Tệp khóa {path} để người khác đọc được (quyền {mode:o}); hãy chạy chmod 600 {path}.")
        key = path.read_text(encoding="utf-8").strip()
        where = f"Tệp khóa {path}"
    else:
        key = os.environ.get(KEY_ENV, "").strip()
        if not key:
            return None
        where = f"Khóa {KEY_ENV}"
    if len(key) < MIN_KEY_CHARS:
        raise CryptoError(f"{where} quá ngắn: cần ít nhất {MIN_KEY_CHARS} ký tự (ví dụ 64 chữ số hex).")
    return key.encode("utf-8")


def is_encrypted(path: str | os.PathLike) -> bool:
    with open(path, "rb") as fh:
        return fh.read(len(MAGIC)) == MAGIC


def _file_key(key: bytes, salt: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"dangbo backup v1").derive(key)


def _check(file_key: bytes, head: bytes) -> bytes:
    return hmac.new(file_key, b"key check|" + head, hashlib.sha256).digest()[:16]


def _nonce(prefix: bytes, index: int) -> bytes:
    return prefix + struct.pack(">I", index)


def _aad(head: bytes, index: int, last: bool) -> bytes:
    return head + struct.pack(">Q?", index, last)


class EncryptingWriter(io.RawIOBase):
    """A write-only file object: bytes written are encrypted chunk by chunk into `raw`. close() writes the
    last chunk (marked last even when empty) and does not close `raw`."""

    def __init__(self, raw, key: bytes):
        super().__init__()
        self.raw = raw
        salt, prefix = os.urandom(16), os.urandom(8)
        self.head = MAGIC + salt + prefix
        self.prefix = prefix
        file_key = _file_key(key, salt)
        self.aead = AESGCM(file_key)
        raw.write(self.head + _check(file_key, self.head))
        self.buf = bytearray()
        self.index = 0

    def writable(self):
        return True

    def write(self, data) -> int:
        self.buf += data
        while len(self.buf) > CHUNK:  # keep at least one byte back: the last chunk is written by close()
            self._emit(bytes(self.buf[:CHUNK]), last=False)
            del self.buf[:CHUNK]
        return len(data)

    def _emit(self, plain: bytes, *, last: bool):
        sealed = self.aead.encrypt(_nonce(self.prefix, self.index), plain, _aad(self.head, self.index, last))
        self.raw.write(struct.pack(">I", len(sealed)) + sealed)
        self.index += 1

    def close(self):
        if not self.closed:
            self._emit(bytes(self.buf), last=True)
            self.buf.clear()
        super().close()


class DecryptingReader(io.RawIOBase):
    """A read-only file object giving back the plain bytes of an encrypted backup, checking every chunk.
    Raises CryptoError for a wrong key, a changed chunk or a file cut short."""

    def __init__(self, raw, key: bytes, name: str):
        super().__init__()
        self.raw, self.name_shown = raw, name
        header = raw.read(_HEADER_LEN)
        if len(header) < _HEADER_LEN or not header.startswith(MAGIC):
            raise CryptoError(f"Tệp {name} không phải bản sao lưu mã hóa của dangbo.")
        self.head = header[: len(MAGIC) + 24]
        salt, self.prefix = self.head[len(MAGIC): len(MAGIC) + 16], self.head[len(MAGIC) + 16:]
        file_key = _file_key(key, salt)
        if not hmac.compare_digest(_check(file_key, self.head), header[len(self.head):]):
            raise CryptoError(f"Khóa giải mã không đúng với tệp sao lưu {name}: không khôi phục được. "
                              f"Hãy dùng đúng khóa đã dùng khi sao lưu ({KEY_ENV} hoặc --key-file).")
        self.aead = AESGCM(file_key)
        self.index = 0
        self.done = False
        self.pending = memoryview(b"")

    def readable(self):
        return True

    def _tampered(self) -> CryptoError:
        return CryptoError(f"Tệp sao lưu {self.name_shown} đã bị sửa đổi, hỏng hoặc bị cắt cụt "
                           "(kiểm tra mã hóa không khớp): không khôi phục được.")

    def _next_chunk(self) -> bytes:
        size = self.raw.read(4)
        if len(size) < 4:
            raise self._tampered()  # ended before the chunk marked last
        (length,) = struct.unpack(">I", size)
        if length > CHUNK + 16:
            raise self._tampered()
        sealed = self.raw.read(length)
        if len(sealed) < length:
            raise self._tampered()
        nonce = _nonce(self.prefix, self.index)
        for last in (False, True):
            try:
                plain = self.aead.decrypt(nonce, sealed, _aad(self.head, self.index, last))
            except InvalidTag:
                continue
            self.index += 1
            if last:
                if self.raw.read(1):
                    raise self._tampered()  # something appended after the last chunk
                self.done = True
            return plain
        raise self._tampered()

    def readinto(self, b) -> int:
        while not self.pending and not self.done:
            self.pending = memoryview(self._next_chunk())
        n = min(len(b), len(self.pending))
        b[:n] = self.pending[:n]
        self.pending = self.pending[n:]
        return n
