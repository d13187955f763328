"""Rules shown to office staff in their words (issue 17): an unconfirmed rule is "chưa có văn bản xác nhận" with the
value the deployment applies, never a developer's note."""

from django import template
from django.conf import settings

from dangbo.rules import dues_params

register = template.Library()


@register.filter
def dues_setting(key: str) -> str:
    """The dues setting behind rule `key` as applied here (settings.DANGBO_DUES over the defaults), in words."""
    applied = dues_params.DEFAULT_SETTINGS.with_(**getattr(settings, "DANGBO_DUES", {}))
    return dues_params.setting_text(key, applied)
