"""Members: the squash of 0001_initial to 0008_discipline_decider_effective (generated from the models on
06/12/2026, plus the PostgreSQL collations and search index of 0002-0005). The data migrations 0005 (paths of
existing members) and 0007 (states before a transfer in) only rewrote existing rows: a new database needs neither."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


# Sort keys, name words and organisation paths are ASCII built to compare bytewise, like SQLite's BINARY: under the
# C collation index order is the same on PostgreSQL and a plain b-tree serves LIKE 'prefix%'. The GIN index on the
# diacritic-free name intersects common words fast (dangbo.members.lookups.Words); SQLite registers are small
# enough to filter without it.
POSTGRESQL = [
    'ALTER TABLE members_member ALTER COLUMN sort_key TYPE varchar(255) COLLATE "C", '
    'ALTER COLUMN org_path TYPE varchar(255) COLLATE "C", ALTER COLUMN host_path TYPE varchar(255) COLLATE "C"',
    'ALTER TABLE members_nameword ALTER COLUMN word TYPE varchar(40) COLLATE "C", '
    'ALTER COLUMN sort_key TYPE varchar(255) COLLATE "C"',
    "CREATE INDEX IF NOT EXISTS member_search_words ON members_member USING gin (to_tsvector('simple', search_name))",
]


def postgresql(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRESQL:
            schema_editor.execute(sql)


def drop_search_words(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS member_search_words")


class Migration(migrations.Migration):

    replaces = [('members', '0001_initial'), ('members', '0002_postgres_indexes'), ('members', '0003_nameword'), ('members', '0004_search_words_gin'), ('members', '0005_member_org_paths'), ('members', '0006_discipline'), ('members', '0007_outside_before_transfer_in'), ('members', '0008_discipline_decider_effective')]

    initial = True

    dependencies = [
        ('organizations', '0001_squashed_0002_postgres_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalMember',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('full_name', models.CharField(max_length=120, verbose_name='họ và tên')),
                ('birth_date', models.DateField(verbose_name='ngày sinh')),
                ('gender', models.CharField(choices=[('M', 'Nam'), ('F', 'Nữ')], max_length=1, verbose_name='giới tính')),
                ('ethnicity', models.CharField(default='Kinh', max_length=40, verbose_name='dân tộc')),
                ('religion', models.CharField(blank=True, default='Không', max_length=60, verbose_name='tôn giáo')),
                ('hometown', models.CharField(blank=True, max_length=255, verbose_name='quê quán')),
                ('residence', models.CharField(blank=True, max_length=255, verbose_name='nơi thường trú')),
                ('citizen_id', models.CharField(blank=True, db_index=True, max_length=12, null=True, verbose_name='số CCCD')),
                ('card_number', models.CharField(blank=True, db_index=True, max_length=20, null=True, verbose_name='số thẻ đảng viên')),
                ('workplace', models.CharField(blank=True, max_length=255, verbose_name='đơn vị công tác')),
                ('job_title', models.CharField(blank=True, max_length=120, verbose_name='chức vụ')),
                ('education', models.CharField(blank=True, default='12/12', max_length=20, verbose_name='trình độ giáo dục phổ thông')),
                ('qualification', models.CharField(blank=True, max_length=120, verbose_name='trình độ chuyên môn')),
                ('political_theory', models.CharField(blank=True, choices=[('', 'Chưa qua đào tạo'), ('so_cap', 'Sơ cấp'), ('trung_cap', 'Trung cấp'), ('cao_cap', 'Cao cấp'), ('cu_nhan', 'Cử nhân')], default='', max_length=12, verbose_name='lý luận chính trị')),
                ('phone', models.CharField(blank=True, max_length=20, verbose_name='điện thoại')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='thư điện tử')),
                ('admission_decision_date', models.DateField(blank=True, null=True, verbose_name='ngày quyết định kết nạp')),
                ('admission_decision_number', models.CharField(blank=True, max_length=60, verbose_name='số quyết định kết nạp')),
                ('ceremony_date', models.DateField(blank=True, null=True, verbose_name='ngày lễ kết nạp')),
                ('official_date', models.DateField(blank=True, null=True, verbose_name='ngày chính thức')),
                ('temporary_until', models.DateField(blank=True, null=True, verbose_name='sinh hoạt tạm thời đến')),
                ('status', models.CharField(choices=[('probationary', 'Dự bị'), ('official', 'Chính thức'), ('transferred_out', 'Đã chuyển sinh hoạt đi'), ('removed', 'Đã xóa tên'), ('expelled', 'Đã khai trừ'), ('resigned', 'Đã ra khỏi Đảng'), ('deceased', 'Đã từ trần')], db_index=True, max_length=16, verbose_name='tình trạng')),
                ('is_exempted', models.BooleanField(default=False, verbose_name='miễn công tác và sinh hoạt')),
                ('is_suspended', models.BooleanField(default=False, verbose_name='đình chỉ sinh hoạt')),
                ('party_age_start', models.DateField(blank=True, db_index=True, null=True, verbose_name='tính tuổi đảng từ')),
                ('left_on', models.DateField(blank=True, null=True, verbose_name='ngày ra khỏi danh sách')),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('host_organization', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organizations.organization', verbose_name='nơi sinh hoạt tạm thời')),
                ('organization', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organizations.organization', verbose_name='chi bộ, đảng bộ')),
                ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='tài khoản')),
            ],
            options={
                'verbose_name': 'historical đảng viên',
                'verbose_name_plural': 'historical đảng viên',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Member',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('full_name', models.CharField(max_length=120, verbose_name='họ và tên')),
                ('birth_date', models.DateField(verbose_name='ngày sinh')),
                ('gender', models.CharField(choices=[('M', 'Nam'), ('F', 'Nữ')], max_length=1, verbose_name='giới tính')),
                ('ethnicity', models.CharField(default='Kinh', max_length=40, verbose_name='dân tộc')),
                ('religion', models.CharField(blank=True, default='Không', max_length=60, verbose_name='tôn giáo')),
                ('hometown', models.CharField(blank=True, max_length=255, verbose_name='quê quán')),
                ('residence', models.CharField(blank=True, max_length=255, verbose_name='nơi thường trú')),
                ('citizen_id', models.CharField(blank=True, max_length=12, null=True, unique=True, verbose_name='số CCCD')),
                ('card_number', models.CharField(blank=True, max_length=20, null=True, unique=True, verbose_name='số thẻ đảng viên')),
                ('workplace', models.CharField(blank=True, max_length=255, verbose_name='đơn vị công tác')),
                ('job_title', models.CharField(blank=True, max_length=120, verbose_name='chức vụ')),
                ('education', models.CharField(blank=True, default='12/12', max_length=20, verbose_name='trình độ giáo dục phổ thông')),
                ('qualification', models.CharField(blank=True, max_length=120, verbose_name='trình độ chuyên môn')),
                ('political_theory', models.CharField(blank=True, choices=[('', 'Chưa qua đào tạo'), ('so_cap', 'Sơ cấp'), ('trung_cap', 'Trung cấp'), ('cao_cap', 'Cao cấp'), ('cu_nhan', 'Cử nhân')], default='', max_length=12, verbose_name='lý luận chính trị')),
                ('phone', models.CharField(blank=True, max_length=20, verbose_name='điện thoại')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='thư điện tử')),
                ('admission_decision_date', models.DateField(blank=True, null=True, verbose_name='ngày quyết định kết nạp')),
                ('admission_decision_number', models.CharField(blank=True, max_length=60, verbose_name='số quyết định kết nạp')),
                ('ceremony_date', models.DateField(blank=True, null=True, verbose_name='ngày lễ kết nạp')),
                ('official_date', models.DateField(blank=True, null=True, verbose_name='ngày chính thức')),
                ('temporary_until', models.DateField(blank=True, null=True, verbose_name='sinh hoạt tạm thời đến')),
                ('org_path', models.CharField(default='', editable=False, max_length=255)),
                ('host_path', models.CharField(blank=True, default='', editable=False, max_length=255)),
                ('status', models.CharField(choices=[('probationary', 'Dự bị'), ('official', 'Chính thức'), ('transferred_out', 'Đã chuyển sinh hoạt đi'), ('removed', 'Đã xóa tên'), ('expelled', 'Đã khai trừ'), ('resigned', 'Đã ra khỏi Đảng'), ('deceased', 'Đã từ trần')], db_index=True, max_length=16, verbose_name='tình trạng')),
                ('is_exempted', models.BooleanField(default=False, verbose_name='miễn công tác và sinh hoạt')),
                ('is_suspended', models.BooleanField(default=False, verbose_name='đình chỉ sinh hoạt')),
                ('party_age_start', models.DateField(blank=True, db_index=True, null=True, verbose_name='tính tuổi đảng từ')),
                ('left_on', models.DateField(blank=True, null=True, verbose_name='ngày ra khỏi danh sách')),
                ('search_name', models.CharField(db_index=True, editable=False, max_length=120)),
                ('sort_key', models.CharField(db_index=True, editable=False, max_length=255)),
                ('version', models.PositiveIntegerField(default=1)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('host_organization', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='hosted_members', to='organizations.organization', verbose_name='nơi sinh hoạt tạm thời')),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='members', to='organizations.organization', verbose_name='chi bộ, đảng bộ')),
                ('user', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='member', to=settings.AUTH_USER_MODEL, verbose_name='tài khoản')),
            ],
            options={
                'verbose_name': 'đảng viên',
                'verbose_name_plural': 'đảng viên',
                'ordering': ['sort_key', 'id'],
                'indexes': [models.Index(fields=['organization', 'status'], name='member_org_status'), models.Index(fields=['sort_key', 'id'], name='member_sort'), models.Index(fields=['status', 'sort_key', 'id'], name='member_status_sort'), models.Index(fields=['org_path'], name='member_org_path'), models.Index(fields=['host_path'], name='member_host_path')],
            },
        ),
        migrations.CreateModel(
            name='Discipline',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('form', models.CharField(choices=[('khien_trach', 'Khiển trách'), ('canh_cao', 'Cảnh cáo'), ('cach_chuc', 'Cách chức')], max_length=16, verbose_name='hình thức kỷ luật')),
                ('decided_on', models.DateField(verbose_name='ngày quyết định')),
                ('decision_number', models.CharField(blank=True, max_length=60, verbose_name='số quyết định')),
                ('issuer', models.CharField(blank=True, max_length=200, verbose_name='cấp quyết định')),
                ('violation', models.TextField(blank=True, verbose_name='nội dung vi phạm')),
                ('self_detected', models.BooleanField(default=False, verbose_name='tự phát hiện, tự báo cáo và đã chủ động khắc phục')),
                ('decider', models.CharField(blank=True, choices=[('chi_bo', 'Chi bộ'), ('dang_uy', 'Đảng ủy cơ sở (ban thường vụ đảng ủy)'), ('ubkt', 'Ủy ban kiểm tra'), ('cap_tren', 'Cấp ủy, ban thường vụ cấp trên')], max_length=10, verbose_name='cấp quyết định kỷ luật')),
                ('announced_on', models.DateField(blank=True, null=True, verbose_name='ngày công bố kết quả biểu quyết')),
                ('effective_on', models.DateField(blank=True, null=True, verbose_name='ngày có hiệu lực')),
                ('annulled_on', models.DateField(blank=True, null=True, verbose_name='ngày hủy')),
                ('annul_reason', models.TextField(blank=True, verbose_name='lý do hủy')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='disciplines', to='members.member')),
            ],
            options={
                'verbose_name': 'kỷ luật đảng viên',
                'verbose_name_plural': 'kỷ luật đảng viên',
                'ordering': ['member', 'decided_on', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Badge',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('years', models.PositiveSmallIntegerField(verbose_name='huy hiệu (năm tuổi đảng)')),
                ('awarded_on', models.DateField(verbose_name='ngày trao')),
                ('decision_number', models.CharField(blank=True, max_length=60, verbose_name='số quyết định')),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='badges', to='members.member')),
            ],
            options={
                'verbose_name': 'Huy hiệu Đảng',
                'verbose_name_plural': 'Huy hiệu Đảng',
                'ordering': ['member', 'years'],
                'constraints': [models.UniqueConstraint(fields=('member', 'years'), name='unique_badge')],
            },
        ),
        migrations.CreateModel(
            name='MemberEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('admission', 'Kết nạp'), ('ceremony', 'Lễ kết nạp'), ('recognition', 'Công nhận đảng viên chính thức'), ('transfer', 'Chuyển sinh hoạt đảng chính thức'), ('transfer_in', 'Chuyển sinh hoạt đến (từ ngoài hệ thống)'), ('transfer_out', 'Chuyển sinh hoạt đi (ra ngoài hệ thống)'), ('temporary', 'Chuyển sinh hoạt tạm thời'), ('temporary_end', 'Kết thúc sinh hoạt tạm thời'), ('exemption', 'Miễn công tác và sinh hoạt đảng'), ('exemption_end', 'Thôi miễn công tác và sinh hoạt đảng'), ('suspension', 'Đình chỉ sinh hoạt đảng'), ('reinstatement', 'Phục hồi sinh hoạt đảng'), ('removal', 'Xóa tên'), ('expulsion', 'Khai trừ'), ('resignation', 'Xin ra khỏi Đảng'), ('death', 'Từ trần'), ('readmission', 'Kết nạp lại'), ('reorganization', 'Chuyển do sắp xếp tổ chức')], max_length=16, verbose_name='sự kiện')),
                ('effective_date', models.DateField(verbose_name='ngày hiệu lực')),
                ('decision_number', models.CharField(blank=True, max_length=60, verbose_name='số quyết định')),
                ('decision_date', models.DateField(blank=True, null=True, verbose_name='ngày quyết định')),
                ('issuer', models.CharField(blank=True, max_length=200, verbose_name='cơ quan ban hành')),
                ('external_place', models.CharField(blank=True, max_length=255, verbose_name='nơi đến / nơi đi ngoài hệ thống')),
                ('end_date', models.DateField(blank=True, null=True, verbose_name='đến ngày')),
                ('note', models.TextField(blank=True, verbose_name='ghi chú')),
                ('source', models.CharField(blank=True, default='manual', max_length=60, verbose_name='nguồn')),
                ('status_after', models.CharField(choices=[('probationary', 'Dự bị'), ('official', 'Chính thức'), ('transferred_out', 'Đã chuyển sinh hoạt đi'), ('removed', 'Đã xóa tên'), ('expelled', 'Đã khai trừ'), ('resigned', 'Đã ra khỏi Đảng'), ('deceased', 'Đã từ trần')], max_length=16)),
                ('exempted_after', models.BooleanField(default=False)),
                ('suspended_after', models.BooleanField(default=False)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('from_organization', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organizations.organization', verbose_name='từ')),
                ('host_after', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organizations.organization')),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='members.member')),
                ('org_after', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organizations.organization')),
                ('to_organization', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organizations.organization', verbose_name='đến')),
            ],
            options={
                'verbose_name': 'sự kiện sinh hoạt đảng',
                'verbose_name_plural': 'sự kiện sinh hoạt đảng',
                'ordering': ['effective_date', 'id'],
                'indexes': [models.Index(fields=['member', 'effective_date', 'id'], name='event_member_date'), models.Index(fields=['kind', 'effective_date'], name='event_kind_date')],
            },
        ),
        migrations.CreateModel(
            name='NameWord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('word', models.CharField(max_length=40)),
                ('sort_key', models.CharField(max_length=255)),
                ('search_name', models.CharField(max_length=120)),
                ('member', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='members.member')),
            ],
            options={
                'indexes': [models.Index(fields=['word', 'sort_key', 'member'], include=('search_name',), name='nameword_order'), models.Index(fields=['member'], name='nameword_member')],
            },
        ),
        migrations.RunPython(postgresql, drop_search_words),
    ]
