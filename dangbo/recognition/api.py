"""The recognition resources of the REST API (registered by dangbo/config/api_urls.py)."""


def register(router) -> list:
    """Register viewsets on the shared router; return extra `path()` entries for /api/."""
    return []
