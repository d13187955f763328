"""Passwords are stored as Argon2id at OWASP's parameters (core/passwords.py); a hash made with Django's heavier
defaults still logs in and is stored again with ours."""

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher as DjangoArgon2
from django.contrib.auth.hashers import make_password

from dangbo.core.passwords import Argon2PasswordHasher


def test_a_new_password_is_argon2id_at_owasp_parameters():
    encoded = make_password("mat-khau-that-dai-2026")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


@pytest.mark.django_db
def test_a_hash_with_django_defaults_logs_in_and_is_stored_again_with_ours(client, django_user_model):
    old = DjangoArgon2().encode("mat-khau-that-dai-2026", DjangoArgon2().salt())
    assert "m=102400,t=2,p=8" in old and Argon2PasswordHasher().must_update(old)
    user = django_user_model.objects.create(username="cu", password=old)
    answer = client.post("/dang-nhap/", {"username": "cu", "password": "mat-khau-that-dai-2026"})
    assert answer.status_code == 302
    user.refresh_from_db()
    assert "m=19456,t=2,p=1" in user.password and user.check_password("mat-khau-that-dai-2026")
