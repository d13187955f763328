"""Who must use two-factor authentication, and the user's confirmed TOTP device."""

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice


def device_for(user) -> TOTPDevice | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def required_for(user) -> bool:
    """Users holding a role named in DANGBO_REQUIRE_2FA_ROLES (a superuser counts as "admin")."""
    roles = set(getattr(settings, "REQUIRE_2FA_ROLES", ()))
    if not roles or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser and "admin" in roles:
        return True
    return user.roles.filter(role__in=roles).exists()
