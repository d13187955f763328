"""One login throttle for every way in: the web login, the Django admin login and the API token endpoint.

- Per account: after LOGIN_SLOW_AFTER failures within the window each further attempt must wait (2, 4, …
  seconds after the last failure); at LOGIN_MAX_FAILURES the account is locked for the rest of the window,
  whatever the path and even with the right password.
- Per address: an office shares one address, so an address is never locked. Past LOGIN_ADDRESS_MAX_FAILURES
  failures within the window it is slowed to one attempt per LOGIN_ADDRESS_INTERVAL_SECONDS: a guesser gets
  a few guesses a minute, a colleague with the right password waits a few seconds at most.
- Every failure is recorded (`LoginFailure`, with the path it came by); attempts refused by the throttle are
  recorded too, marked `refused`, and do not count towards the limits (retrying does not extend a lock).
- Only the socket address counts: a forwarded header is trivially forged by whoever is guessing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import LoginFailure

WEB, ADMIN, API = "web", "admin", "api"
OTP = "otp"  # a wrong two-factor code (dangbo.twofactor), on the web or the token endpoint


def client_ip(request) -> str:
    return (request.META.get("REMOTE_ADDR", "") or "") if request is not None else ""


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


@dataclass
class Refusal:
    seconds: int
    locked: bool  # True: the account is locked; False: slowed down (account or address)

    @property
    def message(self) -> str:
        if self.locked:
            minutes = max(1, math.ceil(self.seconds / 60))
            return _("Đăng nhập sai quá nhiều lần; vui lòng thử lại sau %(minutes)s phút.") % {"minutes": minutes}
        return _("Đăng nhập sai nhiều lần; vui lòng đợi %(seconds)s giây rồi thử lại.") % {
            "seconds": max(1, self.seconds)}


def _recent(cond, since, limit):
    return list(LoginFailure.objects.filter(cond, at__gte=since, refused=False).order_by("-at")
                .values_list("at", flat=True)[:limit])


def check(username: str, ip: str) -> Refusal | None:
    """Why this attempt must be refused now (before the password is even checked), or None."""
    window = timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    now = timezone.now()
    since = now - window
    limit = settings.LOGIN_MAX_FAILURES
    slow_after = _setting("LOGIN_SLOW_AFTER", 3)
    if username:
        times = _recent(Q(username__iexact=username), since, limit)
        if len(times) >= limit:  # locked until the limit-th most recent failure leaves the window
            return Refusal(max(1, int((times[limit - 1] + window - now).total_seconds())), locked=True)
        if len(times) >= slow_after:
            wait = 2 ** (len(times) - slow_after + 1)
            left = (times[0] + timedelta(seconds=wait) - now).total_seconds()
            if left > 0:
                return Refusal(math.ceil(left), locked=False)
    if ip:
        address_limit = _setting("LOGIN_ADDRESS_MAX_FAILURES", 30)
        interval = _setting("LOGIN_ADDRESS_INTERVAL_SECONDS", 5)
        times = _recent(Q(ip=ip), since, address_limit)
        if len(times) >= address_limit:
            left = (times[0] + timedelta(seconds=interval) - now).total_seconds()
            if left > 0:
                return Refusal(math.ceil(left), locked=False)
    return None


def failed(username: str, ip: str, via: str, *, refused: bool = False) -> None:
    LoginFailure.objects.create(username=(username or "")[:150], ip=(ip or "")[:64], via=via, refused=refused)


def succeeded(username: str, *, second_step: bool = False) -> None:
    """A right password clears the password failures only: otherwise whoever holds the password could log in
    again between code guesses and never reach the lock. A right second-step code clears everything."""
    failures = LoginFailure.objects.filter(username__iexact=username)
    if not second_step:
        failures = failures.exclude(via=OTP)
    failures.delete()
