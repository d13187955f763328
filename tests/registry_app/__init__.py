"""A throwaway app that plugs in by following docs/architecture.md "Adding an app" (tests/core/test_registry.py)."""
