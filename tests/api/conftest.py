import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from dangbo.core.api import THROTTLE_CACHE

from .world import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture(autouse=True)
def _fresh_throttle():
    THROTTLE_CACHE.clear()
    yield
    THROTTLE_CACHE.clear()


@pytest.fixture
def api(world):
    """api("secretary_a") is a client authenticated with that user's token; api(None) is anonymous."""

    def make(role):
        client = APIClient()
        if role is not None:
            token, _ = Token.objects.get_or_create(user=world.users[role])
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make
