"""Vietnamese display filters: `|ngay` 25/12/2020, `|ngay_dai` ngày 25 tháng 12 năm 2020, `|so` 2.983,
`|thoi_gian` 17 năm 8 tháng (a party age, in the page's language)."""

from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from dangbo.rules.text import format_date, format_date_long, format_number

register = template.Library()


def _as_date(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value if isinstance(value, date) else None


@register.filter
def ngay(value):
    """25/12/2020; empty for None."""
    d = _as_date(value)
    return format_date(d) if d else ""


@register.filter
def ngay_dai(value):
    d = _as_date(value)
    return format_date_long(d) if d else ""


@register.filter
def ngay_gio(value):
    """25/12/2020 14:05 in local time."""
    if not isinstance(value, datetime):
        return ngay(value)
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{format_date(value.date())} {value:%H:%M}"


@register.filter
def so(value, decimals=0):
    if value is None or value == "":
        return ""
    try:
        return format_number(value, int(decimals))
    except (TypeError, ValueError, ArithmeticError):
        return value


@register.filter
def get_item(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def thoi_gian(value):
    """A duration in years and months (rules.membership.PartyAge: str() is the Vietnamese «17 năm 8 tháng» kept
    in files) in the page's language; anything else as it is."""
    years, months = getattr(value, "years", None), getattr(value, "months", None)
    if years is None or months is None:
        return "" if value is None else value
    if not years and not months:
        return gettext("0 tháng")
    parts = ([ngettext("%(n)s năm", "%(n)s năm", years) % {"n": years}] if years else []) + (
        [ngettext("%(n)s tháng", "%(n)s tháng", months) % {"n": months}] if months else [])
    return " ".join(parts)
