"""The yearend routes in the scope proof (tests/test_scope_routes.py explains each hook)."""

KWARGS: dict[str, str] = {}
SEGMENTS: dict[str, str] = {}


def make(kind, org, member):
    return None


def snapshot(outside_path):
    return {}


def body_fields(org, member):
    return {}
