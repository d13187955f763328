"""The «Xác thực hai bước» pages: enrol (QR code and secret), the login's second step, recovery codes, disable."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangbo.core import throttle
from dangbo.core.forms import apply_validation_error

from . import actions
from .forms import CodeForm, EnrolForm
from .models import RecoveryCode
from .policy import device_for, required_for

PENDING_KEY = "twofactor_pending_key"


def _next(request) -> str:
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(nxt, {request.get_host()}, require_https=request.is_secure()):
        return nxt
    return "/"


def _codes_page(request, codes):
    return render(request, "twofactor/codes.html", {"codes": codes, "next": _next(request)})


@login_required
def setup(request):
    user = request.user
    device = device_for(user)
    if device is not None:
        left = RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
        return render(request, "twofactor/status.html", {"left": left, "form": CodeForm(),
                                                         "required": required_for(user)})
    key = request.session.get(PENDING_KEY) or actions.new_secret()
    request.session[PENDING_KEY] = key
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = actions.enable(user, key, form.cleaned_data["code"])
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            request.session.pop(PENDING_KEY, None)
            otp_login(request, device)
            return _codes_page(request, codes)
    url = TOTPDevice(user=user, key=key, name="dangbo").config_url
    return render(request, "twofactor/setup.html", {
        "form": form,
        "qr_svg": segno.make(url, error="m").svg_inline(scale=5, title=gettext("Mã QR xác thực hai bước")),
        "secret": actions.secret_base32(key), "required": required_for(user), "next": _next(request),
    })


def _attempt(request, form, check) -> bool:
    """A valid code form, unless the user or address is throttled, is passed to `check(code)`, which returns
    True when the code is good or puts the reason on the form. Every refusal and failure is counted."""
    if not form.is_valid():
        return False
    username, ip = request.user.get_username(), throttle.client_ip(request)
    refusal = throttle.check(username, ip)
    if refusal:
        throttle.failed(username, ip, throttle.OTP, refused=True)
        form.add_error(None, refusal.message)
        return False
    if check(form.cleaned_data["code"]):
        return True
    throttle.failed(username, ip, throttle.OTP)
    return False


@login_required
def verify(request):
    user = request.user
    if device_for(user) is None:
        return redirect("twofactor:setup")
    if user.is_verified():
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    device = None

    def check(code):
        nonlocal device
        device = actions.check_code(user, code)
        if device is None:
            form.add_error("code", _("Mã xác thực không đúng (hoặc mã dự phòng đã dùng)."))
        return device is not None

    if request.method == "POST" and _attempt(request, form, check):
        throttle.succeeded(user.get_username(), second_step=True)
        otp_login(request, device)
        return redirect(_next(request))
    return render(request, "twofactor/verify.html", {"form": form, "next": _next(request)})


@login_required
@require_POST
def disable(request):
    user = request.user
    form = CodeForm(request.POST)

    def check(code):
        try:
            actions.disable(user, code)
        except ValidationError as e:
            apply_validation_error(form, e)
            return False
        return True

    if _attempt(request, form, check):
        messages.success(request, _("Đã tắt xác thực hai bước."))
        return redirect("twofactor:setup")
    left = RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
    return render(request, "twofactor/status.html", {"left": left, "form": form, "required": required_for(user)},
                  status=400)


@login_required
@require_POST
def regenerate(request):
    try:
        codes = actions.regenerate_codes(request.user)
    except ValidationError:
        return redirect("twofactor:setup")
    return _codes_page(request, codes)
