"""Recovery codes of two-factor authentication (the TOTP devices themselves are django-otp's TOTPDevice).

Only a SHA-256 of each code is stored: codes are 50 random bits each, so a plain hash cannot be reversed by
guessing, and a code is found by its hash in one query.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangbo.core.models import model_meta


class RecoveryCode(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    Meta = model_meta(
        _("mã dự phòng"),
        constraints=[models.UniqueConstraint(fields=["user", "code_hash"], name="unique_recovery_code")],
    )

    def __str__(self):
        return f"{self.user} {'đã dùng' if self.used_at else 'chưa dùng'}"
