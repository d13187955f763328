"""Full-text GIN index on the diacritic-free name (PostgreSQL): intersects common words fast.

Used by dangbo.members.lookups.Words on PostgreSQL when a name search's words are each common but rare
together ("nguyen thi xuan"); SQLite registers are small enough to filter without it.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE INDEX IF NOT EXISTS member_search_words ON members_member "
                              "USING gin (to_tsvector('simple', search_name))")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS member_search_words")


class Migration(migrations.Migration):
    dependencies = [("members", "0003_nameword")]
    operations = [migrations.RunPython(forwards, backwards)]
