"""Issue 11.1: TOTP two-factor authentication for administrators and office staff, with recovery codes."""

import re
import time

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from dangbo.core.models import AuditEvent, LoginFailure
from dangbo.twofactor import actions
from dangbo.twofactor.models import RecoveryCode
from tests.api.world import PASSWORD

pytestmark = pytest.mark.django_db

LOCKED = "Đăng nhập sai quá nhiều lần; vui lòng thử lại sau"


@pytest.fixture
def required(settings):
    settings.REQUIRE_2FA_ROLES = ("admin", "office")


def code(key_hex: str, steps: int = 0) -> str:
    """The TOTP code `steps` periods from now (a code already used is refused, so tests move on)."""
    totp = TOTP(bytes.fromhex(key_hex))
    totp.time = time.time() + 30 * steps
    return f"{totp.token():06d}"


def next_code(device) -> str:
    """The code of the period after the last one used: never refused as a replay, whatever the clock did."""
    device.refresh_from_db()
    totp = TOTP(bytes.fromhex(device.key))
    totp.time = (device.last_t + 1) * 30 + 1
    return f"{totp.token():06d}"


def wrong_code(key_hex: str) -> str:
    """Six digits that are no code of any period near now."""
    near = {code(key_hex, steps) for steps in range(-3, 4)}
    return next(c for c in ("999999", "888888", "777777", "666666", "555555", "444444", "333333", "222222")
                if c not in near)


def enrol(user):
    key = actions.new_secret()
    device, codes = actions.enable(user, key, code(key))
    return device, codes


def login(username, ip="10.0.0.1"):
    client = Client(REMOTE_ADDR=ip)
    r = client.post("/dang-nhap/", {"username": username, "password": PASSWORD})
    assert r.status_code == 302, r.content.decode()[:500]
    return client


def events(action):
    return AuditEvent.objects.filter(action=action).count()


def test_office_user_without_device_is_sent_to_enrol_then_enrols(world, required):
    client = login("vanphong")
    r = client.get("/dang-vien/")
    assert r.status_code == 302 and r["Location"].startswith("/xac-thuc/?next=")
    assert client.get("/api/organizations/").status_code == 403  # the session cannot use the API either
    page = client.get("/xac-thuc/").content.decode()
    secret = re.search(r'id="twofactor-secret">([A-Z2-7]+)<', page).group(1)
    assert "<svg" in page
    key = client.session["twofactor_pending_key"]
    assert actions.secret_base32(key) == secret
    bad = client.post("/xac-thuc/", {"code": wrong_code(key)})
    assert "Mã xác thực không đúng" in bad.content.decode() and not TOTPDevice.objects.exists()
    r = client.post("/xac-thuc/", {"code": code(key)})
    shown = re.findall(r"<li>([a-z2-9]{5}-[a-z2-9]{5})</li>", r.content.decode())
    assert len(set(shown)) == 10
    stored = set(RecoveryCode.objects.filter(user=world.users["office"]).values_list("code_hash", flat=True))
    assert len(stored) == 10 and not stored & set(shown)  # only hashes are kept
    assert TOTPDevice.objects.get(user=world.users["office"]).confirmed
    assert events("twofactor.enable") == 1
    assert client.get("/dang-vien/").status_code == 200  # verified by the enrolment itself
    assert "Bật xác thực hai bước" in client.get("/nhat-ky/").content.decode()  # a registered audit type


def test_roles_not_required_are_not_forced_and_the_setting_can_be_emptied(world, settings):
    settings.REQUIRE_2FA_ROLES = ("admin", "office")
    assert login("bithu_a").get("/dang-vien/").status_code == 200
    settings.REQUIRE_2FA_ROLES = ()
    assert login("vanphong").get("/dang-vien/").status_code == 200


def test_login_asks_for_the_code_as_a_second_step(world):
    device, _ = enrol(world.users["office"])  # enrolled users are asked whatever the roles setting says
    client = login("vanphong")
    r = client.get("/dang-vien/")
    assert r.status_code == 302 and r["Location"].startswith("/xac-thuc/ma/")
    assert client.get("/xac-thuc/").status_code == 302  # no way round: not even the enrol page
    r = client.post("/xac-thuc/ma/?next=/dang-vien/", {"code": "12345x"})
    assert "Mã xác thực không đúng" in r.content.decode()
    right = next_code(device)
    r = client.post("/xac-thuc/ma/", {"code": right, "next": "/dang-vien/"})
    assert r.status_code == 302 and r["Location"] == "/dang-vien/"
    assert client.get("/dang-vien/").status_code == 200
    # The same code cannot be used twice (another session trying it is refused).
    other = login("vanphong")
    assert other.post("/xac-thuc/ma/", {"code": right}).status_code == 200
    assert other.get("/dang-vien/").status_code == 302


def test_wrong_codes_are_throttled_per_account_and_a_new_password_login_does_not_reset(world, settings):
    settings.LOGIN_MAX_FAILURES = 3
    settings.LOGIN_SLOW_AFTER = 10  # this test looks at the lock, not the slowing down
    device, _ = enrol(world.users["office"])
    client = login("vanphong")
    for _ in range(2):
        client.post("/xac-thuc/ma/", {"code": wrong_code(device.key)})
    client = login("vanphong")  # a right password again: the code failures stay
    client.post("/xac-thuc/ma/", {"code": wrong_code(device.key)})
    assert LoginFailure.objects.filter(username="vanphong", via="otp", refused=False).count() == 3
    r = client.post("/xac-thuc/ma/", {"code": next_code(device)})  # the right code, locked account
    assert LOCKED in r.content.decode() and client.get("/dang-vien/").status_code == 302
    r = Client(REMOTE_ADDR="10.0.0.2").post("/dang-nhap/", {"username": "vanphong", "password": PASSWORD})
    assert LOCKED in r.content.decode()  # the lock holds for the password step too
    assert APIClient().post("/api/token/", {"username": "vanphong", "password": PASSWORD,
                                            "otp": next_code(device)}, format="json").status_code == 429


def test_a_recovery_code_works_once(world):
    _, codes = enrol(world.users["office"])
    client = login("vanphong")
    r = client.post("/xac-thuc/ma/", {"code": codes[3].upper()})
    assert r.status_code == 302 and client.get("/dang-vien/").status_code == 200
    assert events("twofactor.recovery_use") == 1
    again = login("vanphong")
    r = again.post("/xac-thuc/ma/", {"code": codes[3]})
    assert "Mã xác thực không đúng" in r.content.decode() and again.get("/dang-vien/").status_code == 302
    assert events("twofactor.recovery_use") == 1
    assert RecoveryCode.objects.filter(used_at__isnull=True).count() == 9


def test_regenerated_codes_replace_the_old_ones(world):
    device, codes = enrol(world.users["office"])
    client = login("vanphong")
    client.post("/xac-thuc/ma/", {"code": next_code(device)})
    r = client.post("/xac-thuc/ma-du-phong/")
    fresh = re.findall(r"<li>([a-z2-9]{5}-[a-z2-9]{5})</li>", r.content.decode())
    assert len(fresh) == 10 and not set(fresh) & set(codes)
    assert events("twofactor.recovery_regenerate") == 1
    assert actions.check_code(world.users["office"], codes[0]) is None
    assert actions.check_code(world.users["office"], fresh[0]) is not None


def test_disable_needs_a_current_code(world):
    device, _ = enrol(world.users["office"])
    client = login("vanphong")
    client.post("/xac-thuc/ma/", {"code": next_code(device)})
    r = client.post("/xac-thuc/tat/", {"code": "abc"})
    assert r.status_code == 400 and "Mã xác thực không đúng" in r.content.decode()
    assert TOTPDevice.objects.filter(user=world.users["office"]).exists() and events("twofactor.disable") == 0
    r = client.post("/xac-thuc/tat/", {"code": next_code(device)})
    assert r.status_code == 302
    assert not TOTPDevice.objects.exists() and not RecoveryCode.objects.exists()
    assert events("twofactor.disable") == 1


def test_admin_site_needs_a_verified_device(world, settings):
    settings.REQUIRE_2FA_ROLES = ()  # even when the web pages do not require it
    client = login("quantri")
    assert client.get("/").status_code == 200
    r = client.get("/quan-tri/")
    assert r.status_code == 302 and r["Location"].startswith("/xac-thuc/?next=")
    device, _ = enrol(world.users["admin"])
    client = login("quantri")
    r = client.get("/quan-tri/core/calendarday/")
    assert r.status_code == 302 and r["Location"].startswith("/xac-thuc/ma/")
    client.post("/xac-thuc/ma/", {"code": next_code(device)})
    assert client.get("/quan-tri/core/calendarday/").status_code == 200
    # An admin login by password alone does not reach the admin either.
    fresh = Client(REMOTE_ADDR="10.0.0.3")
    fresh.post("/quan-tri/login/", {"username": "quantri", "password": PASSWORD, "next": "/quan-tri/"})
    r = fresh.get("/quan-tri/")
    assert r.status_code == 302 and r["Location"].startswith("/xac-thuc/ma/")


def test_token_endpoint_needs_otp_for_users_with_2fa(world):
    old = Token.objects.create(user=world.users["office"])  # issued before enrolment: keeps working
    device, codes = enrol(world.users["office"])
    api = APIClient(REMOTE_ADDR="10.0.0.4")
    body = {"username": "vanphong", "password": PASSWORD}
    r = api.post("/api/token/", body, format="json")
    assert r.status_code == 400 and "otp" in r.json()
    r = api.post("/api/token/", {**body, "otp": wrong_code(device.key)},
                 format="json")
    assert r.status_code == 400 and "otp" in r.json()
    assert LoginFailure.objects.filter(username="vanphong", via="otp").count() == 1
    r = api.post("/api/token/", {**body, "otp": next_code(device)}, format="json")
    assert r.status_code == 200 and r.json()["token"] == old.key
    r = api.post("/api/token/", {**body, "otp": codes[0]}, format="json")  # a recovery code, once
    assert r.status_code == 200 and events("twofactor.recovery_use") == 1
    assert api.post("/api/token/", {**body, "otp": codes[0]}, format="json").status_code == 400
    bearer = APIClient()
    bearer.credentials(HTTP_AUTHORIZATION=f"Token {old.key}")
    assert bearer.get("/api/organizations/").status_code == 200
    # Users without 2FA are not asked.
    r = api.post("/api/token/", {"username": "bithu_a", "password": PASSWORD}, format="json")
    assert r.status_code == 200


def test_the_schema_documents_the_otp_field(world, api):
    schema = api("admin").get("/api/schema/?format=json").json()
    props = schema["components"]["schemas"]["TokenRequest"]["properties"]
    assert "otp" in props and "xác thực hai bước" in props["otp"]["description"]
    assert "otp" in schema["paths"]["/api/token/"]["post"]["responses"]["400"]["description"]


def test_an_administrator_resets_another_users_2fa(world, run):
    enrol(world.users["office"])
    code_, out, err = run("2fa", "reset", "vanphong", "--by", "bithu_a")
    assert code_ != 0 and TOTPDevice.objects.exists()
    code_, out, err = run("2fa", "reset", "vanphong", "--by", "quantri")
    assert code_ == 0 and "Đã đặt lại xác thực hai bước" in out
    assert not TOTPDevice.objects.exists() and not RecoveryCode.objects.exists()
    ev = AuditEvent.objects.get(action="twofactor.reset")
    assert ev.username == "quantri" and ev.object_id == str(world.users["office"].pk)
