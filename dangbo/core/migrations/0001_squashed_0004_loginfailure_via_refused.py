"""Core: the squash of 0001_initial to 0004_loginfailure_via_refused (generated from the models on 06/12/2026,
plus the audit table's append-only triggers of 0003)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


# The audit table is append-only in the database itself: triggers refuse UPDATE and DELETE (issue 11.6).
# `dangbo.core.audit.maintenance()` lifts the refusal for one transaction by inserting a row in
# `dangbo_audit_unlock` (restore, flush). Users who acted are deactivated, not deleted (PROTECT: the user id is
# part of the hashed row).
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
        for sql in statements[schema_editor.connection.vendor]:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):

    replaces = [('core', '0001_initial'), ('core', '0002_path_move'), ('core', '0003_audit_append_only'), ('core', '0004_loginfailure_via_refused')]

    initial = True

    dependencies = [
        ('organizations', '0001_squashed_0002_postgres_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CalendarDay',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('date', models.DateField(unique=True, verbose_name='ngày')),
                ('kind', models.CharField(choices=[('holiday', 'Ngày nghỉ lễ, tết'), ('compensatory', 'Nghỉ bù'), ('swapped_off', 'Nghỉ do hoán đổi'), ('makeup_workday', 'Ngày làm việc bù')], max_length=20, verbose_name='loại')),
                ('name', models.CharField(max_length=200, verbose_name='tên')),
                ('source', models.CharField(blank=True, max_length=200, verbose_name='văn bản')),
            ],
            options={
                'verbose_name': 'ngày nghỉ, ngày làm bù',
                'verbose_name_plural': 'lịch ngày làm việc',
                'ordering': ['date'],
            },
        ),
        migrations.CreateModel(
            name='LoginFailure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('username', models.CharField(db_index=True, max_length=150)),
                ('ip', models.CharField(db_index=True, max_length=64)),
                ('at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('via', models.CharField(blank=True, default='web', max_length=8)),
                ('refused', models.BooleanField(default=False)),
            ],
        ),
        migrations.CreateModel(
            name='PathMove',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('old_path', models.CharField(max_length=255, unique=True)),
                ('new_path', models.CharField(db_index=True, max_length=255)),
                ('moved_at', models.DateTimeField()),
            ],
            options={
                'verbose_name': 'di chuyển nhánh tổ chức',
                'verbose_name_plural': 'di chuyển nhánh tổ chức',
            },
        ),
        migrations.CreateModel(
            name='AuditEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('seq', models.BigIntegerField(unique=True)),
                ('at', models.DateTimeField(db_index=True)),
                ('username', models.CharField(blank=True, max_length=150)),
                ('request_id', models.CharField(blank=True, db_index=True, max_length=64)),
                ('action', models.CharField(db_index=True, max_length=64)),
                ('object_type', models.CharField(blank=True, max_length=64)),
                ('object_id', models.CharField(blank=True, db_index=True, max_length=64)),
                ('org_path', models.CharField(blank=True, db_index=True, max_length=255)),
                ('summary', models.TextField(blank=True)),
                ('data', models.JSONField(blank=True, default=dict)),
                ('prev_hash', models.CharField(max_length=64)),
                ('hash', models.CharField(max_length=64)),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'nhật ký thao tác',
                'verbose_name_plural': 'nhật ký thao tác',
                'ordering': ['seq'],
            },
        ),
        migrations.CreateModel(
            name='RoleAssignment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('admin', 'Quản trị hệ thống'), ('office', 'Văn phòng cấp ủy'), ('secretary', 'Bí thư chi bộ'), ('member', 'Đảng viên'), ('reader', 'Cấp trên (chỉ xem)')], max_length=16, verbose_name='vai trò')),
                ('organization', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='role_assignments', to='organizations.organization', verbose_name='tổ chức đảng')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='roles', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'phân quyền',
                'verbose_name_plural': 'phân quyền',
                'constraints': [models.UniqueConstraint(fields=('user', 'role', 'organization'), name='unique_role_assignment')],
            },
        ),
        migrations.RunPython(_run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
                             _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP})),
    ]
