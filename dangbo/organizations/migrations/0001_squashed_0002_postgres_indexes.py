"""Organisations: the squash of 0001_initial and 0002_postgres_indexes (generated from the models on 06/12/2026,
plus the PostgreSQL pattern index). Terms and committees follow in 0002, after the members' migration."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def path_pattern_index(apps, schema_editor):
    """PostgreSQL needs a pattern opclass for prefix LIKE on a non-C collation; SQLite uses the plain index."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS org_path_pattern ON organizations_organization (path varchar_pattern_ops)")


def drop_path_pattern_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS org_path_pattern")


class Migration(migrations.Migration):

    replaces = [('organizations', '0001_initial'), ('organizations', '0002_postgres_indexes')]

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Organization',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=40, unique=True, verbose_name='mã')),
                ('name', models.CharField(max_length=255, verbose_name='tên tổ chức')),
                ('kind', models.CharField(choices=[('upper', 'Đảng bộ cấp trên cơ sở'), ('grassroots_committee', 'Đảng bộ cơ sở'), ('grassroots_cell', 'Chi bộ cơ sở'), ('partial_committee', 'Đảng bộ bộ phận'), ('cell', 'Chi bộ trực thuộc')], max_length=24, verbose_name='loại hình')),
                ('path', models.CharField(max_length=255, unique=True)),
                ('depth', models.PositiveSmallIntegerField(default=1)),
                ('status', models.CharField(choices=[('active', 'Đang hoạt động'), ('merged', 'Đã hợp nhất, sáp nhập'), ('split', 'Đã chia tách'), ('dissolved', 'Đã giải thể')], default='active', max_length=12, verbose_name='trạng thái')),
                ('founded_on', models.DateField(blank=True, null=True, verbose_name='ngày thành lập')),
                ('ended_on', models.DateField(blank=True, null=True, verbose_name='ngày kết thúc hoạt động')),
                ('address', models.CharField(blank=True, max_length=255, verbose_name='địa chỉ')),
                ('official_count', models.PositiveIntegerField(default=0, verbose_name='đảng viên chính thức')),
                ('probationary_count', models.PositiveIntegerField(default=0, verbose_name='đảng viên dự bị')),
                ('version', models.PositiveIntegerField(default=1)),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='organizations.organization', verbose_name='tổ chức cấp trên')),
                ('successor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='predecessors', to='organizations.organization', verbose_name='tổ chức kế tục')),
            ],
            options={
                'verbose_name': 'tổ chức đảng',
                'verbose_name_plural': 'tổ chức đảng',
                'ordering': ['path'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalOrganization',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('code', models.CharField(db_index=True, max_length=40, verbose_name='mã')),
                ('name', models.CharField(max_length=255, verbose_name='tên tổ chức')),
                ('kind', models.CharField(choices=[('upper', 'Đảng bộ cấp trên cơ sở'), ('grassroots_committee', 'Đảng bộ cơ sở'), ('grassroots_cell', 'Chi bộ cơ sở'), ('partial_committee', 'Đảng bộ bộ phận'), ('cell', 'Chi bộ trực thuộc')], max_length=24, verbose_name='loại hình')),
                ('path', models.CharField(db_index=True, max_length=255)),
                ('depth', models.PositiveSmallIntegerField(default=1)),
                ('status', models.CharField(choices=[('active', 'Đang hoạt động'), ('merged', 'Đã hợp nhất, sáp nhập'), ('split', 'Đã chia tách'), ('dissolved', 'Đã giải thể')], default='active', max_length=12, verbose_name='trạng thái')),
                ('founded_on', models.DateField(blank=True, null=True, verbose_name='ngày thành lập')),
                ('ended_on', models.DateField(blank=True, null=True, verbose_name='ngày kết thúc hoạt động')),
                ('address', models.CharField(blank=True, max_length=255, verbose_name='địa chỉ')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('parent', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organizations.organization', verbose_name='tổ chức cấp trên')),
                ('successor', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organizations.organization', verbose_name='tổ chức kế tục')),
            ],
            options={
                'verbose_name': 'historical tổ chức đảng',
                'verbose_name_plural': 'historical tổ chức đảng',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='OrgEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('founded', 'Thành lập'), ('renamed', 'Đổi tên'), ('moved', 'Chuyển trực thuộc'), ('merged', 'Hợp nhất, sáp nhập'), ('split', 'Chia tách'), ('dissolved', 'Giải thể')], max_length=12, verbose_name='sự kiện')),
                ('effective_date', models.DateField(verbose_name='ngày hiệu lực')),
                ('decision_number', models.CharField(blank=True, max_length=60, verbose_name='số quyết định')),
                ('decision_date', models.DateField(blank=True, null=True, verbose_name='ngày quyết định')),
                ('issuer', models.CharField(blank=True, max_length=200, verbose_name='cơ quan ban hành')),
                ('data', models.JSONField(blank=True, default=dict)),
                ('note', models.TextField(blank=True, verbose_name='ghi chú')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL)),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='organizations.organization')),
                ('related', models.ManyToManyField(blank=True, related_name='related_events', to='organizations.organization')),
            ],
            options={
                'verbose_name': 'sự kiện của tổ chức',
                'verbose_name_plural': 'sự kiện của tổ chức',
                'ordering': ['effective_date', 'id'],
            },
        ),
        migrations.RunPython(path_pattern_index, drop_path_pattern_index),
    ]
