"""Form building blocks shared by the web UI: Vietnamese dates, Tabler styling, action errors on fields."""

import html

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from . import throttle

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
    default_error_messages = {"invalid": _("Ngày không đúng định dạng ngày/tháng/năm (ví dụ 25/12/2020).")}

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


# -- login with throttling (dangbo.core.throttle: shared with the admin login and the API token) ----------
class ThrottledLoginForm(StyledFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản này đã bị khóa."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["password"].label = _("Mật khẩu")
        big = "form-control form-control-lg"
        self.fields["username"].widget.attrs.update({"autofocus": True, "class": big})
        self.fields["password"].widget.attrs.update({"class": big})

    via = throttle.WEB

    def clean(self):
        return throttled_clean(self, super().clean)


def throttled_clean(form, clean):
    """The login form's clean() behind the shared throttle: refused early, every failure recorded."""
    username = (form.data.get("username") or "").strip()
    ip = throttle.client_ip(form.request)
    refusal = throttle.check(username, ip)
    if refusal:
        throttle.failed(username, ip, form.via, refused=True)
        raise ValidationError(refusal.message, code="locked")
    try:
        cleaned = clean()
    except ValidationError:
        throttle.failed(username, ip, form.via)
        raise
    throttle.succeeded(username)
    return cleaned


class ThrottledAdminLoginForm(AdminAuthenticationForm):
    """The Django admin's login (/quan-tri/login/) behind the same throttle as the web login."""

    via = throttle.ADMIN

    def clean(self):
        return throttled_clean(self, super().clean)


def _escaped(text) -> str:
    """django.utils.html.conditional_escape without its lazy-string wrapper, which took more time than the
    escaping on a list of thousands of options."""
    return text.__html__() if hasattr(text, "__html__") else html.escape(str(text))


def _attrs_html(attrs: dict) -> str:
    """django/forms/widgets/attrs.html in Python."""
    return "".join(f" {conditional_escape(k)}" + ("" if v is True else f'="{conditional_escape(str(v))}"')
                   for k, v in attrs.items() if v is not False)


class QuickSelect(forms.Select):
    """forms.Select written in Python, the same HTML as Django's select.html: Django renders every option with
    templates of its own (two includes an option, ~1 ms), 0,7 s a page for the ~700 organisations a province's
    office chooses from on the member list, the due work or an event's destination."""

    def render(self, name, value, attrs=None, renderer=None):
        # Widget.get_context, not Select's: Select's builds a dict of ten keys for every option (ChoiceWidget.
        # optgroups), most of the time left on a list of thousands of organisations.
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        if self.allow_multiple_selected:
            widget["attrs"]["multiple"] = True
        values, has_selected = set(widget["value"]), False
        out = [f'<select name="{_escaped(widget["name"])}"{_attrs_html(widget["attrs"])}>']
        for option_value, option_label in self.choices:
            group = isinstance(option_label, (list, tuple))
            if group:
                out.append(f'\n  <optgroup label="{_escaped(option_value)}">')
            for v, label in option_label if group else [("" if option_value is None else option_value, option_label)]:
                selected = (not has_selected or self.allow_multiple_selected) and str(v) in values
                has_selected |= selected
                out.append(f'\n  <option value="{_escaped(v)}"{" selected" if selected else ""}>'
                           f'{_escaped(label)}</option>\n')  # the option template's own newline
            if group:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return mark_safe("".join(out))  # noqa: S308 - every part escaped above
