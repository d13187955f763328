"""The audit table is append-only in the database itself: triggers refuse UPDATE and DELETE (issue 11.6).

`dangbo.core.audit.maintenance()` lifts the refusal for one transaction by inserting a row in
`dangbo_audit_unlock` (restore, flush). Deleting a user no longer nulls their audit rows: users who acted are
deactivated, not deleted (the user id is part of the hashed row).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MESSAGE = "dangbo: nhật ký thao tác chỉ được ghi thêm, không được sửa hay xóa"

SQLITE = [
    "CREATE TABLE IF NOT EXISTS dangbo_audit_unlock (token varchar(64) NOT NULL)",
    *(f"""CREATE TRIGGER core_auditevent_no_{op.lower()} BEFORE {op} ON core_auditevent
          WHEN NOT EXISTS (SELECT 1 FROM dangbo_audit_unlock)
          BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""" for op in ("UPDATE", "DELETE")),
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS core_auditevent_no_update", "DROP TRIGGER IF EXISTS core_auditevent_no_delete",
               "DROP TABLE IF EXISTS dangbo_audit_unlock"]
POSTGRESQL = [
    "CREATE TABLE IF NOT EXISTS dangbo_audit_unlock (token varchar(64) NOT NULL)",
    f"""CREATE OR REPLACE FUNCTION dangbo_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NOT EXISTS (SELECT 1 FROM dangbo_audit_unlock) THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
          END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          RETURN NEW;
        END $$""",
    """CREATE TRIGGER core_auditevent_append_only BEFORE UPDATE OR DELETE ON core_auditevent
       FOR EACH ROW EXECUTE FUNCTION dangbo_audit_append_only()""",
]
POSTGRESQL_DROP = ["DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent",
                   "DROP FUNCTION IF EXISTS dangbo_audit_append_only()", "DROP TABLE IF EXISTS dangbo_audit_unlock"]


def _run(statements):
    def run(apps, schema_editor):
        by_vendor = statements[schema_editor.connection.vendor]
        for sql in by_vendor:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_path_move"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="user",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(_run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
                             _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP})),
    ]
