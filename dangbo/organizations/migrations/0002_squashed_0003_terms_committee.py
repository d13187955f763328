"""Terms and committee members: the squash of 0003_terms_committee (a committee member points to a member, so this
runs after the members' migration)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('organizations', '0003_terms_committee')]

    initial = True

    dependencies = [
        ('members', '0001_squashed_0008_discipline_decider_effective'),
        ('organizations', '0001_squashed_0002_postgres_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='Term',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('org_path', models.CharField(db_index=True, max_length=255)),
                ('ordinal', models.PositiveSmallIntegerField(verbose_name='đại hội lần thứ')),
                ('start_year', models.PositiveSmallIntegerField(verbose_name='từ năm')),
                ('end_year', models.PositiveSmallIntegerField(verbose_name='đến năm')),
                ('congress_id', models.PositiveIntegerField(blank=True, null=True, verbose_name='đại hội')),
                ('approval_number', models.CharField(max_length=60, verbose_name='số quyết định chuẩn y')),
                ('approval_date', models.DateField(verbose_name='ngày chuẩn y')),
                ('is_current', models.BooleanField(default=False, verbose_name='nhiệm kỳ hiện tại')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='terms', to='organizations.organization')),
            ],
            options={
                'verbose_name': 'nhiệm kỳ',
                'verbose_name_plural': 'nhiệm kỳ',
                'ordering': ['organization', '-start_year'],
            },
        ),
        migrations.CreateModel(
            name='CommitteeMember',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('full_name', models.CharField(max_length=120, verbose_name='họ và tên')),
                ('sort_key', models.CharField(max_length=255)),
                ('position', models.CharField(choices=[('bi_thu', 'Bí thư'), ('pho_bi_thu', 'Phó Bí thư'), ('uy_vien_btv', 'Ủy viên Ban Thường vụ'), ('cap_uy_vien', 'Cấp ủy viên'), ('chu_nhiem_ubkt', 'Chủ nhiệm Ủy ban kiểm tra'), ('uy_vien_ubkt', 'Ủy viên Ủy ban kiểm tra')], max_length=16, verbose_name='chức vụ')),
                ('in_committee', models.BooleanField(default=True, verbose_name='cấp ủy viên')),
                ('rank', models.PositiveSmallIntegerField(default=0)),
                ('member', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='members.member')),
                ('term', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='committee', to='organizations.term')),
            ],
            options={
                'verbose_name': 'thành viên cấp ủy',
                'verbose_name_plural': 'thành viên cấp ủy',
                'ordering': ['term', 'rank', 'sort_key'],
            },
        ),
    ]
