from tests.api.conftest import _fresh_throttle, api, world  # noqa: F401  (shared fixtures)
