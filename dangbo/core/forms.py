"""Form building blocks shared by the web UI: Vietnamese dates, Tabler styling, action errors on fields."""

import math
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q
from django.utils import timezone

from .models import LoginFailure

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class VNDateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs=None):
        base = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off",
                "class": "form-control vn-date"}
        base.update(attrs or {})
        super().__init__(attrs=base, format="%d/%m/%Y")


class VNDateField(forms.DateField):
    """A date typed the Vietnamese way, 25/12/2020 (ISO also accepted); shown back as dd/mm/yyyy."""

    widget = VNDateInput
    default_error_messages = {"invalid": "Ngày không đúng định dạng ngày/tháng/năm (ví dụ 25/12/2020)."}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        super().__init__(*args, **kwargs)


def vn_formfield_callback(field, **kwargs):
    """For forms built from model fields: every DateField becomes a VNDateField."""
    from django.db import models

    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        kwargs["form_class"] = VNDateField
        kwargs["widget"] = VNDateInput
    return field.formfield(**kwargs)


class StyledFormMixin:
    """Adds Tabler classes to every widget; marks invalid fields after validation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            w = field.widget
            if isinstance(w, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            if isinstance(w, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(w, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            existing = w.attrs.get("class", "")
            if css not in existing.split():
                w.attrs["class"] = f"{existing} {css}".strip()

    def full_clean(self):
        super().full_clean()
        if self.is_bound:
            for name in self.errors:
                if name in self.fields:
                    w = self.fields[name].widget
                    w.attrs["class"] = (w.attrs.get("class", "") + " is-invalid").strip()


class StyledForm(StyledFormMixin, forms.Form):
    pass


def apply_validation_error(form: forms.Form, exc: ValidationError, field_map: dict | None = None):
    """Put an action's ValidationError({field: [msg]}) next to the form's fields (others go on top)."""
    field_map = field_map or {}
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            target = field_map.get(name, name)
            if target not in form.fields or target == NON_FIELD_ERRORS:
                target = None
            for e in errors:
                for msg in e.messages:
                    form.add_error(target, msg)
    else:
        for msg in exc.messages:
            form.add_error(None, msg)


# -- login with throttling ------------------------------------------------------------------------------
def client_ip(request) -> str:
    # Only the socket address: a forwarded header is trivially forged by whoever is guessing passwords.
    return request.META.get("REMOTE_ADDR", "") or ""


def lockout_remaining(username: str, ip: str) -> int:
    """Seconds until the user/address may try again; 0 when not locked."""
    window = timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    now = timezone.now()
    since = now - window
    limit = settings.LOGIN_MAX_FAILURES
    remaining = 0
    for cond in (Q(username__iexact=username) if username else None, Q(ip=ip) if ip else None):
        if cond is None:
            continue
        times = list(LoginFailure.objects.filter(cond, at__gte=since).order_by("-at")
                     .values_list("at", flat=True)[:limit])
        if len(times) >= limit:
            # Unlocked when the limit-th most recent failure leaves the window.
            remaining = max(remaining, int((times[limit - 1] + window - now).total_seconds()))
    return max(remaining, 0)


def lockout_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return f"Đăng nhập sai quá nhiều lần; vui lòng thử lại sau {minutes} phút."


class ThrottledLoginForm(StyledFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "inactive": "Tài khoản này đã bị khóa.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Tên đăng nhập"
        self.fields["password"].label = "Mật khẩu"
        big = "form-control form-control-lg"
        self.fields["username"].widget.attrs.update({"autofocus": True, "class": big})
        self.fields["password"].widget.attrs.update({"class": big})

    def clean(self):
        username = (self.data.get("username") or "").strip()
        ip = client_ip(self.request) if self.request else ""
        wait = lockout_remaining(username, ip)
        if wait:
            raise ValidationError(lockout_message(wait), code="locked")
        try:
            cleaned = super().clean()
        except ValidationError:
            LoginFailure.objects.create(username=username[:150], ip=ip[:64])
            raise
        LoginFailure.objects.filter(username__iexact=username).delete()
        return cleaned
