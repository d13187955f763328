"""The Django admin needs a verified second step, whatever DANGBO_REQUIRE_2FA_ROLES says (issue 11.1).

django-otp's own device admin is removed: devices change only through dangbo.twofactor.actions, audited.
"""

from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice

if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)

_has_permission = admin.site.has_permission


def has_permission(request):
    verified = getattr(request.user, "is_verified", None)
    return _has_permission(request) and bool(verified and verified())


admin.site.has_permission = has_permission
