"""Issue 11.7: backups encrypted with a key the operator provides; restore checks the key and every chunk and
refuses a wrong key, a changed or a truncated file before it deletes anything."""

import io
import os
import struct
from datetime import date

import pytest

from dangbo.core import backup_crypto
from dangbo.core.backup import _open
from dangbo.core.backup_crypto import MAGIC, CryptoError, DecryptingReader, EncryptingWriter
from dangbo.core.models import AuditEvent
from dangbo.members.models import Member
from dangbo.organizations.actions import found_organization
from dangbo.organizations.models import OrgKind

pytestmark = pytest.mark.django_db

KEY = "9f1c0b6e5d4a39281706f5e4d3c2b1a09f1c0b6e5d4a39281706f5e4d3c2b1a0"
OTHER = "0" * 64


@pytest.fixture(autouse=True)
def _env(tmp_path, settings, monkeypatch):
    settings.DATA_DIR = tmp_path
    monkeypatch.setenv("DANGBO_BACKUP_KEY", KEY)


@pytest.fixture
def data(make_org, make_member):
    org = found_organization(None, code="CB1", name="Chi bộ Phòng Tổng hợp", kind=OrgKind.GRASSROOTS_CELL,
                             founded_on=date(2000, 1, 1))
    make_member(org, "Nguyễn Văn Mến", religion="Phật giáo", citizen_id="049075001234")
    return org


def _lines(path):
    with _open(path, KEY.encode()) as f:
        return f.readlines()[1:]  # the header carries the time of the backup


def test_backup_is_encrypted_and_restores_to_the_same_data(run, data, tmp_path):
    first = tmp_path / "b1.gz"
    code, _, err = run("backup", first)
    assert code == 0, err
    assert "KHÔNG được mã hóa" not in err
    raw = first.read_bytes()
    assert raw.startswith(MAGIC) and b"049075001234" not in raw and "Phật".encode() not in raw
    assert oct(first.stat().st_mode & 0o777) == "0o600"
    events, members = AuditEvent.objects.count(), Member.objects.count()
    code, _, err = run("restore", first, "--force")
    assert code == 0, err
    assert (AuditEvent.objects.count(), Member.objects.count()) == (events, members)
    second = tmp_path / "b2.gz"
    assert run("backup", second)[0] == 0
    assert _lines(first) == _lines(second)
    assert any("049075001234" in line for line in _lines(first))


def _assert_refused_without_writing(run, path, message, *extra):
    events = AuditEvent.objects.count()
    found_organization(None, code="CB9", name="Chi bộ mới sau sao lưu", kind=OrgKind.GRASSROOTS_CELL,
                       founded_on=date(2001, 1, 1))
    code, _, err = run("restore", path, "--force", *extra)
    assert code == 1 and message in err, err
    assert AuditEvent.objects.count() == events + 1  # nothing deleted, nothing restored


def test_a_wrong_key_is_refused(run, data, tmp_path, monkeypatch):
    path = tmp_path / "b.gz"
    assert run("backup", path)[0] == 0
    monkeypatch.setenv("DANGBO_BACKUP_KEY", OTHER)
    _assert_refused_without_writing(run, path, "Khóa giải mã không đúng")


def test_an_encrypted_backup_needs_a_key(run, data, tmp_path, monkeypatch):
    path = tmp_path / "b.gz"
    assert run("backup", path)[0] == 0
    monkeypatch.delenv("DANGBO_BACKUP_KEY")
    _assert_refused_without_writing(run, path, "đã được mã hóa: cần khóa giải mã")


@pytest.mark.parametrize("damage", ["flip", "truncate", "append"])
def test_a_changed_or_truncated_file_is_refused(run, data, tmp_path, damage):
    path = tmp_path / "b.gz"
    assert run("backup", path)[0] == 0
    raw = bytearray(path.read_bytes())
    if damage == "flip":
        raw[len(raw) // 2] ^= 0x01
    elif damage == "truncate":
        raw = raw[:-40]
    else:
        raw += raw[-60:]
    path.write_bytes(bytes(raw))
    _assert_refused_without_writing(run, path, "đã bị sửa đổi, hỏng hoặc bị cắt cụt")


def test_key_file(run, data, tmp_path, monkeypatch):
    monkeypatch.delenv("DANGBO_BACKUP_KEY")
    key_file = tmp_path / "backup.key"
    key_file.write_text(KEY + "\n")
    os.chmod(key_file, 0o600)
    path = tmp_path / "b.gz"
    assert run("backup", path, "--key-file", key_file)[0] == 0
    assert path.read_bytes().startswith(MAGIC)
    code, _, err = run("restore", path, "--force", "--key-file", key_file)
    assert code == 0, err
    os.chmod(key_file, 0o644)
    code, _, err = run("backup", path, "--key-file", key_file)
    assert code == 1 and "chmod 600" in err
    short = tmp_path / "short.key"
    short.write_text("ngan")
    os.chmod(short, 0o600)
    code, _, err = run("backup", path, "--key-file", short)
    assert code == 1 and "quá ngắn" in err


def test_without_a_key_the_backup_warns_in_vietnamese(run, data, tmp_path, monkeypatch):
    monkeypatch.delenv("DANGBO_BACKUP_KEY")
    path = tmp_path / "b.gz"
    code, _, err = run("backup", path)
    assert code == 0 and "KHÔNG được mã hóa" in err
    assert not path.read_bytes().startswith(MAGIC)
    assert run("restore", path, "--force")[0] == 0


def _sealed(data: bytes) -> bytes:
    sink = io.BytesIO()
    with EncryptingWriter(sink, KEY.encode()) as w:
        w.write(data)
    return sink.getvalue()


def _chunks(blob: bytes) -> tuple[bytes, list[bytes]]:
    head_len = len(MAGIC) + 40
    head, rest, chunks = blob[:head_len], blob[head_len:], []
    while rest:
        (n,) = struct.unpack(">I", rest[:4])
        chunks.append(rest[: 4 + n])
        rest = rest[4 + n:]
    return head, chunks


def _open_plain(blob: bytes) -> bytes:
    return DecryptingReader(io.BytesIO(blob), KEY.encode(), "b.gz").read()


def test_chunks_cannot_be_reordered_or_dropped(monkeypatch):
    monkeypatch.setattr(backup_crypto, "CHUNK", 256)
    data = os.urandom(5000)
    blob = _sealed(data)
    assert _open_plain(blob) == data
    head, chunks = _chunks(blob)
    assert len(chunks) == 20
    swapped = head + b"".join([chunks[0], chunks[2], chunks[1], *chunks[3:]])
    without_last = head + b"".join(chunks[:-1])
    without_middle = head + b"".join(chunks[:5] + chunks[6:])
    for blob in (swapped, without_last, without_middle):
        with pytest.raises(CryptoError):
            _open_plain(blob)
