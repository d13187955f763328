"""Exchange: the squash of 0001_initial and 0002_import_undo (generated from the models on 06/12/2026)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('exchange', '0001_initial'), ('exchange', '0002_import_undo')]

    initial = True

    dependencies = [
        ('organizations', '0001_squashed_0002_postgres_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ImportBatch',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('username', models.CharField(blank=True, max_length=150, verbose_name='người nhập')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='thời điểm tải lên')),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('org_path', models.CharField(db_index=True, max_length=255)),
                ('kind', models.CharField(choices=[('members', 'Đảng viên'), ('organizations', 'Tổ chức đảng')], default='members', max_length=16, verbose_name='loại dữ liệu')),
                ('file_name', models.CharField(max_length=255, verbose_name='tên tệp')),
                ('file_sha256', models.CharField(max_length=64, verbose_name='mã băm SHA-256')),
                ('file_size', models.BigIntegerField(default=0, verbose_name='dung lượng (byte)')),
                ('stored_file', models.CharField(blank=True, max_length=255)),
                ('status', models.CharField(choices=[('reading', 'Đang đọc tệp'), ('mapping', 'Chờ ghép cột'), ('previewed', 'Đã xem trước, chưa ghi'), ('committing', 'Đang ghi vào sổ'), ('committed', 'Đã ghi vào sổ'), ('failed', 'Không thành công'), ('cancelled', 'Đã hủy')], db_index=True, default='reading', max_length=12, verbose_name='trạng thái')),
                ('progress', models.PositiveSmallIntegerField(default=0, verbose_name='tiến độ (%)')),
                ('message', models.TextField(blank=True, verbose_name='thông báo')),
                ('mapping', models.JSONField(blank=True, default=dict, verbose_name='ghép cột do người dùng chọn')),
                ('total_rows', models.PositiveIntegerField(default=0, verbose_name='số dòng')),
                ('created_count', models.PositiveIntegerField(default=0, verbose_name='thêm mới')),
                ('updated_count', models.PositiveIntegerField(default=0, verbose_name='cập nhật')),
                ('unchanged_count', models.PositiveIntegerField(default=0, verbose_name='không thay đổi')),
                ('error_count', models.PositiveIntegerField(default=0, verbose_name='dòng lỗi')),
                ('duplicate_count', models.PositiveIntegerField(default=0, verbose_name='nghi trùng trong tệp')),
                ('conversion_count', models.PositiveIntegerField(default=0, verbose_name='ô chuyển mã')),
                ('preview', models.JSONField(blank=True, default=dict, verbose_name='bản xem trước')),
                ('committed_at', models.DateTimeField(blank=True, null=True, verbose_name='thời điểm ghi vào sổ')),
                ('worker_pid', models.IntegerField(blank=True, null=True)),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organizations.organization', verbose_name='nhập vào tổ chức')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người nhập')),
            ],
            options={
                'verbose_name': 'lần nhập dữ liệu',
                'verbose_name_plural': 'lần nhập dữ liệu',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='ImportUndo',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('member_id', models.BigIntegerField()),
                ('before', models.JSONField(default=dict)),
                ('batch', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='exchange.importbatch')),
            ],
            options={
                'verbose_name': 'giá trị trước khi nhập',
            },
        ),
    ]
