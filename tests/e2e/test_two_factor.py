"""Issue 11.1 in a real browser: an office user is sent to enrol, scans (reads) the secret, confirms a first
code, is shown the recovery codes once, and at the next login gives a code as the second step."""

import re
import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def _code(secret_b32: str, at: float) -> str:
    from base64 import b32decode

    totp = TOTP(b32decode(secret_b32 + "=" * (-len(secret_b32) % 8)))
    totp.time = at
    return f"{totp.token():06d}"


def test_office_user_enrols_then_logs_in_with_a_code(page, url, login, users, settings):
    settings.REQUIRE_2FA_ROLES = ("admin", "office")
    name = users.office.username
    login(page, name)
    expect(page).to_have_url(re.compile(r"/xac-thuc/"))
    expect(page.locator(".twofactor-qr svg")).to_be_visible()
    secret = page.locator("#twofactor-secret").inner_text().strip()
    page.locator("input[name=code]").fill(_code(secret, time.time()))
    page.get_by_role("button", name="Bật xác thực hai bước").click()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="Đã lưu các mã, tiếp tục").click()
    expect(page).not_to_have_url(re.compile(r"/xac-thuc/"))

    page.context.clear_cookies()
    login(page, name)
    expect(page).to_have_url(re.compile(r"/xac-thuc/ma/"))
    last_t = TOTPDevice.objects.get(user=users.office).last_t
    page.locator("input[name=code]").fill(_code(secret, (last_t + 1) * 30 + 1))
    page.get_by_role("button", name="Xác nhận").click()
    expect(page).not_to_have_url(re.compile(r"/xac-thuc/"))
    expect(page.get_by_text("Đăng xuất").first).to_be_attached()
