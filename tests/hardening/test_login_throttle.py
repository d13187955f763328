"""Issue 11.1: the web login, the admin login and the API token endpoint share one throttle."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from dangbo.core.models import LoginFailure
from tests.api.world import PASSWORD

pytestmark = pytest.mark.django_db


def web(username, password, ip="10.0.0.1"):
    return Client(REMOTE_ADDR=ip).post("/dang-nhap/", {"username": username, "password": password})


def admin(username, password, ip="10.0.0.1"):
    return Client(REMOTE_ADDR=ip).post("/quan-tri/login/", {"username": username, "password": password,
                                                             "next": "/quan-tri/"})


def token(username, password, ip="10.0.0.1"):
    return APIClient(REMOTE_ADDR=ip).post("/api/token/", {"username": username, "password": password},
                                          format="json")


def _age_failures(seconds):
    LoginFailure.objects.update(at=timezone.now() - timedelta(seconds=seconds))


def test_admin_login_is_throttled_and_locks(world, settings):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        _age_failures(60)  # past any slow-down, so each guess really reaches the password check
        admin("quantri", "sai")
    assert LoginFailure.objects.filter(username="quantri", via="admin", refused=False).count() == 3
    r = admin("quantri", PASSWORD)  # right password, locked account
    assert r.status_code == 200 and "Đăng nhập sai quá nhiều lần; vui lòng thử lại sau" in r.content.decode()


def test_token_endpoint_refuses_an_account_the_web_login_locked(world, settings):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        _age_failures(60)
        web("quantri", "sai")
    r = token("quantri", PASSWORD)
    assert r.status_code == 429 and "Đăng nhập sai quá nhiều lần; vui lòng thử lại sau" in r.json()["detail"]


def test_token_failures_count_for_the_web_login(world, settings):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        _age_failures(60)
        assert token("vanphong", "sai").status_code == 400
    assert LoginFailure.objects.filter(username="vanphong", via="api").count() == 3
    r = web("vanphong", PASSWORD)
    assert r.status_code == 200 and "Đăng nhập sai quá nhiều lần; vui lòng thử lại sau" in r.content.decode()


def test_an_account_slows_before_it_locks(world, settings):
    settings.LOGIN_MAX_FAILURES, settings.LOGIN_SLOW_AFTER = 5, 3
    for _ in range(3):
        web("vanphong", "sai")
    r = web("vanphong", PASSWORD)  # 3 failures: wait 2 s after the last one
    assert "vui lòng đợi 2 giây" in r.content.decode()
    assert LoginFailure.objects.filter(username="vanphong", refused=True).count() == 1
    _age_failures(3)
    r = web("vanphong", PASSWORD)
    assert r.status_code == 302


def test_one_guesser_does_not_lock_out_an_office_behind_the_same_address(world, settings):
    settings.LOGIN_ADDRESS_MAX_FAILURES, settings.LOGIN_ADDRESS_INTERVAL_SECONDS = 10, 5
    for i in range(12):
        _age_failures(6)
        web(f"doan{i}", "sai", ip="10.9.9.9")
    _age_failures(6)
    assert web("vanphong", PASSWORD, ip="10.9.9.9").status_code == 302  # a colleague still gets in
    web("doan99", "sai", ip="10.9.9.9")
    r = token("bithu_a", PASSWORD, ip="10.9.9.9")  # right after a failure: slowed, a few seconds only
    assert r.status_code == 429 and "giây" in r.json()["detail"]


def test_refused_attempts_do_not_extend_a_lock(world, settings):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        _age_failures(60)
        web("vanphong", "sai")
    _age_failures(settings.LOGIN_LOCKOUT_SECONDS - 5)
    for _ in range(5):
        web("vanphong", PASSWORD)  # refused while locked: recorded, not counted
    _age_failures(settings.LOGIN_LOCKOUT_SECONDS + 1)
    assert web("vanphong", PASSWORD).status_code == 302
