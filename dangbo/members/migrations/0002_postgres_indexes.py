"""Trigram index for diacritic-insensitive substring search, and C-collation sort keys, on PostgreSQL."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute("CREATE INDEX IF NOT EXISTS member_search_trgm ON members_member "
                          "USING gin (search_name gin_trgm_ops)")
    # sort_key is ASCII built to compare bytewise: the C collation keeps index order equal to that.
    schema_editor.execute('ALTER TABLE members_member ALTER COLUMN sort_key TYPE varchar(255) COLLATE "C"')


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS member_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
