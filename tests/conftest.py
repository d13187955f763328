"""Shared fixtures. Tests use the real database (SQLite, or PostgreSQL when DATABASE_URL is set)."""
