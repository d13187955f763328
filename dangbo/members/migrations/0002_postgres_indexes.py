"""C-collation sort keys on PostgreSQL: the key is ASCII built to compare bytewise, like SQLite's BINARY."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute('ALTER TABLE members_member ALTER COLUMN sort_key TYPE varchar(255) COLLATE "C"')


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
