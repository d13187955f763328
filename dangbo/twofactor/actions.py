"""Every change to a user's two-factor authentication: enrol, disable, recovery codes, an administrator's reset.

Each is a registered action (dangbo.core.actions.audited_action): one transaction with exactly one audit event.
Checking a TOTP code (`check_code`) only advances the device's replay counter (django-otp refuses a code already
used); using a recovery code is audited.
"""

import hashlib
import secrets
from base64 import b32encode

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from dangbo.core import audit
from dangbo.core.actions import audited_action, fail, unchanged
from dangbo.core.scopes import ScopeDenied

from .models import RecoveryCode
from .policy import device_for

RECOVERY_CODES = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: codes are copied from paper


def new_secret() -> str:
    """A TOTP key (hex, as django-otp stores it), kept in the session until the first code confirms it."""
    return random_hex(20)


def secret_base32(key_hex: str) -> str:
    return b32encode(bytes.fromhex(key_hex)).decode().rstrip("=")


def _normalize(code: str) -> str:
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def _hash(code: str) -> str:
    return hashlib.sha256(_normalize(code).encode()).hexdigest()


def _is_totp(code: str) -> bool:
    c = _normalize(code)
    return len(c) == 6 and c.isdigit()


def _new_codes(user) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = []
    for _n in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_ALPHABET) for _i in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    RecoveryCode.objects.bulk_create([RecoveryCode(user=user, code_hash=_hash(c)) for c in codes])
    return codes


# -- scope checks of the registered actions (dangbo.core.actions.audited_action) ------------------------------
def _own_account(user, **_arguments):
    """Enrol, disable, recovery codes: the signed-in user on their own account (the view passes
    request.user); no organisation is involved, so there is no organisation scope to check."""


_own_account.describe = "the user's own account"


def _administrator(actor, **_arguments):
    """Resetting someone else's 2FA: administrators only (a ScopeDenied, so 403 on the web and the API)."""
    if actor is not None and not actor.is_superuser and not actor.roles.filter(role="admin").exists():
        raise ScopeDenied(_("Chỉ quản trị hệ thống được đặt lại xác thực hai bước của người khác."))


def _username(user) -> str:
    return user.get_username()


@audited_action("twofactor.enable", scope=_own_account)
def enable(user, key_hex: str, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the pending secret with a first code; returns the device and the recovery codes (shown once)."""
    if device_for(user) is not None:
        fail("code", _("Tài khoản đã bật xác thực hai bước."))
    if not _is_totp(code):
        fail("code", _("Mã xác thực gồm 6 chữ số, lấy từ ứng dụng xác thực trên điện thoại."))
    totp = TOTP(bytes.fromhex(key_hex))
    if not totp.verify(int(_normalize(code)), tolerance=1):
        fail("code", _("Mã xác thực không đúng: kiểm tra giờ trên điện thoại rồi nhập mã mới nhất."))
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device = TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", key=key_hex, confirmed=True,
                                       last_t=totp.t())
    codes = _new_codes(user)
    audit.record("twofactor.enable", actor=user, obj=user,
                 summary=f"Bật xác thực hai bước cho tài khoản {_username(user)}")
    return device, codes


def check_code(user, code: str, *, via: str = "web"):
    """The user's device if `code` is a right TOTP code or an unused recovery code (then used up), else None."""
    device = device_for(user)
    if device is None or not code:
        return None
    if _is_totp(code):
        return device if device.verify_token(_normalize(code)) else None
    return device if _use_recovery_code(user, code, via=via) else None


@audited_action("twofactor.recovery_use", scope=_own_account)
def _use_recovery_code(user, code: str, *, via: str) -> bool:
    """Use up an unused recovery code (audited); False, writing nothing, when there is none such."""
    used = RecoveryCode.objects.filter(user=user, code_hash=_hash(code), used_at__isnull=True) \
        .update(used_at=timezone.now())
    if not used:
        return unchanged(False)
    left = RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
    audit.record("twofactor.recovery_use", actor=user, obj=user, data={"via": via, "left": left},
                 summary=f"Dùng một mã dự phòng để đăng nhập (còn {left} mã)")
    return True


@audited_action("twofactor.disable", scope=_own_account)
def disable(user, code: str) -> None:
    """Turn 2FA off: needs a current code from the device (or a recovery code)."""
    if device_for(user) is None:
        fail("code", _("Tài khoản chưa bật xác thực hai bước."))
    device = device_for(user)
    if not _is_totp(code) or not device.verify_token(_normalize(code)):
        fail("code", _("Mã xác thực không đúng."))
    _remove(user)
    audit.record("twofactor.disable", actor=user, obj=user,
                 summary=f"Tắt xác thực hai bước của tài khoản {_username(user)}")


@audited_action("twofactor.recovery_regenerate", scope=_own_account)
def regenerate_codes(user) -> list[str]:
    """New recovery codes replace all the old ones (used or not)."""
    if device_for(user) is None:
        fail("code", _("Tài khoản chưa bật xác thực hai bước."))
    codes = _new_codes(user)
    audit.record("twofactor.recovery_regenerate", actor=user, obj=user,
                 summary=f"Tạo lại {RECOVERY_CODES} mã dự phòng")
    return codes


@audited_action("twofactor.reset", scope=_administrator)
def reset(actor, user) -> None:
    """An administrator removes another user's device and codes (a lost phone); the user enrols again."""
    had = device_for(user) is not None
    _remove(user)
    audit.record("twofactor.reset", actor=actor, obj=user, data={"had_device": had},
                 summary=f"Đặt lại xác thực hai bước của tài khoản {_username(user)}")


def _remove(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
