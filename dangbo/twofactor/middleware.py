"""Nothing but the second step for a user who logged in with a password and has not given a code yet.

Runs after django-otp's OTPMiddleware (which marks a session verified). A user with a device is sent to the
code page; a user without one is sent to enrol if their role requires 2FA, or if they open the Django admin
(which needs a verified device whatever the roles setting says). API requests get a 403 instead of a redirect.
Token-authenticated API requests are not affected: a token is only issued after the second step.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext

from .policy import device_for, required_for

ALWAYS_OPEN = ("/dang-xuat/", "/i18n/", "/quan-tri/logout/")


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return self.get_response(request)
        path = request.path
        if path.startswith((settings.STATIC_URL or "/static/",) + ALWAYS_OPEN):
            return self.get_response(request)
        if device_for(user) is not None:
            target = reverse("twofactor:verify")
        elif required_for(user) or path.startswith("/quan-tri/"):
            target = reverse("twofactor:setup")
        else:
            return self.get_response(request)
        if path == target:
            return self.get_response(request)
        if path.startswith("/api/"):
            return JsonResponse({"detail": gettext("Cần xác thực hai bước: nhập mã xác thực trên trang web trước.")},
                                status=403)
        nxt = request.get_full_path() if request.method == "GET" else ""
        return redirect(target + (f"?{urlencode({'next': nxt})}" if nxt and nxt != "/" else ""))
