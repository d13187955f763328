"""Dues: the squash of 0001_initial to 0005_obligation_member_no_own_index (generated from the models on 06/12/2026;
the data migration 0004 filled the totals of existing entries: a new database has none)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('dues', '0001_initial'), ('dues', '0002_remittance_received'), ('dues', '0003_remittance_correction'), ('dues', '0004_dues_total'), ('dues', '0005_obligation_member_no_own_index')]

    initial = True

    dependencies = [
        ('members', '0001_squashed_0008_discipline_decider_effective'),
        ('organizations', '0001_squashed_0002_postgres_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DuesRelief',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('exempt', 'Miễn đóng'), ('reduce', 'Giảm')], max_length=8, verbose_name='loại')),
                ('percent', models.PositiveSmallIntegerField(verbose_name='mức giảm (%)')),
                ('start', models.DateField(verbose_name='từ tháng')),
                ('end', models.DateField(verbose_name='đến tháng')),
                ('document', models.CharField(max_length=255, verbose_name='văn bản quyết định')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='dues_reliefs', to='members.member', verbose_name='đảng viên')),
            ],
            options={
                'verbose_name': 'miễn, giảm đảng phí',
                'ordering': ['member', 'start'],
            },
        ),
        migrations.CreateModel(
            name='Remittance',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('org_path', models.CharField(editable=False, max_length=255)),
                ('month', models.DateField(verbose_name='tháng')),
                ('collected', models.BigIntegerField(verbose_name='số thu (đồng)')),
                ('percent_kept', models.PositiveSmallIntegerField(verbose_name='tỷ lệ để lại (%)')),
                ('kept', models.BigIntegerField(verbose_name='để lại (đồng)')),
                ('amount', models.BigIntegerField(verbose_name='nộp lên (đồng)')),
                ('rule_key', models.CharField(max_length=40)),
                ('remitted_on', models.DateField(verbose_name='ngày nộp')),
                ('document', models.CharField(blank=True, max_length=255, verbose_name='chứng từ')),
                ('recorded_at', models.DateTimeField(auto_now_add=True)),
                ('received', models.BigIntegerField(blank=True, null=True, verbose_name='cấp trên đã nhận (đồng)')),
                ('received_on', models.DateField(blank=True, null=True, verbose_name='ngày cấp trên nhận')),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='dues_remittances', to='organizations.organization')),
                ('to_organization', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organizations.organization')),
            ],
            options={
                'verbose_name': 'nộp đảng phí lên cấp trên',
                'ordering': ['org_path', 'month'],
                'constraints': [models.UniqueConstraint(fields=('organization', 'month'), name='dues_remit_org_month')],
            },
        ),
        migrations.CreateModel(
            name='RemittanceCorrection',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('side', models.CharField(choices=[('remitted', 'Số cấp dưới nộp lên'), ('received', 'Số cấp trên đã nhận')], max_length=8, verbose_name='điều chỉnh số')),
                ('org_path', models.CharField(editable=False, max_length=255)),
                ('amount', models.BigIntegerField(verbose_name='số điều chỉnh (đồng)')),
                ('on', models.DateField(verbose_name='ngày điều chỉnh')),
                ('book_month', models.DateField(verbose_name='vào sổ tháng')),
                ('reason', models.CharField(max_length=255, verbose_name='lý do')),
                ('recorded_at', models.DateTimeField(auto_now_add=True)),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organizations.organization')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('remittance', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='corrections', to='dues.remittance', verbose_name='khoản nộp được điều chỉnh')),
            ],
            options={
                'verbose_name': 'điều chỉnh khoản nộp đảng phí',
                'ordering': ['remittance', 'id'],
                'indexes': [models.Index(fields=['org_path', 'book_month'], name='dues_remcorr_path_book')],
            },
        ),
        migrations.CreateModel(
            name='DuesMonth',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('org_path', models.CharField(editable=False, max_length=255)),
                ('month', models.DateField(verbose_name='tháng')),
                ('closed_at', models.DateTimeField(verbose_name='khóa sổ lúc')),
                ('closed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='dues_months', to='organizations.organization')),
            ],
            options={
                'verbose_name': 'tháng đã khóa sổ đảng phí',
                'constraints': [models.UniqueConstraint(fields=('organization', 'month'), name='dues_month_org_month')],
            },
        ),
        migrations.CreateModel(
            name='DuesObligation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('org_path', models.CharField(editable=False, max_length=255)),
                ('month', models.DateField(verbose_name='tháng')),
                ('amount', models.BigIntegerField(verbose_name='phải đóng (đồng)')),
                ('regime', models.CharField(choices=[('342', 'Quyết định 342-QĐ/TW ngày 28/12/2010'), ('01', 'Quy định 01-QĐ/TW ngày 03/02/2026')], max_length=4, verbose_name='chế độ')),
                ('category', models.CharField(blank=True, choices=[('bhxh', 'Đóng BHXH bắt buộc (tiền lương tháng trước liền kề)'), ('sick_leave', 'Hưởng trợ cấp ốm đau, thai sản'), ('pensioner', 'Hưởng lương hưu'), ('social_pension', 'Hưởng trợ cấp hưu trí xã hội'), ('student', 'Học sinh, sinh viên'), ('other', 'Đảng viên khác (theo lương tối thiểu vùng)'), ('abroad', 'Đảng viên ở nước ngoài')], max_length=16, verbose_name='đối tượng')),
                ('rule_key', models.CharField(blank=True, max_length=40)),
                ('rule', models.CharField(blank=True, max_length=500, verbose_name='cách tính')),
                ('base', models.BigIntegerField(blank=True, null=True)),
                ('exempt', models.BooleanField(default=False, verbose_name='miễn đóng')),
                ('unconfirmed', models.BooleanField(default=False, verbose_name='dùng quy định chưa xác nhận')),
                ('problem', models.CharField(blank=True, max_length=255, verbose_name='chưa tính được')),
                ('reason', models.CharField(blank=True, max_length=255, verbose_name='lý do chưa đóng')),
                ('member', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='dues_obligations', to='members.member')),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='dues_obligations', to='organizations.organization')),
            ],
            options={
                'verbose_name': 'đảng phí phải đóng',
                'ordering': ['org_path', 'month', 'id'],
                'indexes': [models.Index(fields=['org_path', 'month'], name='dues_obl_path_month')],
                'constraints': [models.UniqueConstraint(fields=('member', 'month'), name='dues_obligation_member_month')],
            },
        ),
        migrations.CreateModel(
            name='DuesPayment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('org_path', models.CharField(editable=False, max_length=255)),
                ('month', models.DateField(verbose_name='đóng cho tháng')),
                ('book_month', models.DateField(verbose_name='vào sổ tháng')),
                ('amount', models.BigIntegerField(verbose_name='số tiền (đồng)')),
                ('channel', models.CharField(choices=[('cash', 'Tiền mặt (phiếu thu)'), ('portal', 'Cổng Dịch vụ công quốc gia'), ('correction', 'Điều chỉnh')], max_length=12, verbose_name='hình thức')),
                ('paid_on', models.DateField(verbose_name='ngày nộp')),
                ('receipt_year', models.PositiveSmallIntegerField(blank=True, null=True)),
                ('receipt_number', models.PositiveIntegerField(blank=True, null=True, verbose_name='số phiếu thu')),
                ('portal_ref', models.CharField(blank=True, max_length=80, verbose_name='mã giao dịch trên Cổng')),
                ('note', models.CharField(blank=True, max_length=255, verbose_name='ghi chú')),
                ('source', models.CharField(blank=True, max_length=40)),
                ('recorded_at', models.DateTimeField(auto_now_add=True)),
                ('corrects', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='corrections', to='dues.duespayment', verbose_name='điều chỉnh cho')),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='dues_payments', to='members.member')),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='dues_payments', to='organizations.organization')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'khoản thu đảng phí',
                'ordering': ['org_path', 'book_month', 'id'],
                'indexes': [models.Index(fields=['org_path', 'book_month'], name='dues_pay_path_book'), models.Index(fields=['member', 'month'], name='dues_pay_member_month')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('receipt_number__isnull', False)), fields=('organization', 'receipt_year', 'receipt_number'), name='dues_receipt_number'), models.UniqueConstraint(condition=models.Q(('portal_ref', ''), _negated=True), fields=('portal_ref',), name='dues_portal_ref')],
            },
        ),
        migrations.CreateModel(
            name='DuesProfile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('from_month', models.DateField(verbose_name='áp dụng từ tháng')),
                ('category', models.CharField(choices=[('bhxh', 'Đóng BHXH bắt buộc (tiền lương tháng trước liền kề)'), ('sick_leave', 'Hưởng trợ cấp ốm đau, thai sản'), ('pensioner', 'Hưởng lương hưu'), ('social_pension', 'Hưởng trợ cấp hưu trí xã hội'), ('student', 'Học sinh, sinh viên'), ('other', 'Đảng viên khác (theo lương tối thiểu vùng)'), ('abroad', 'Đảng viên ở nước ngoài')], max_length=16, verbose_name='đối tượng')),
                ('base', models.BigIntegerField(blank=True, null=True, verbose_name='mức căn cứ (đồng)')),
                ('region', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='vùng lương tối thiểu')),
                ('voluntary_amount', models.BigIntegerField(blank=True, null=True, verbose_name='mức tự nguyện (đồng)')),
                ('note', models.CharField(blank=True, max_length=255, verbose_name='ghi chú')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='dues_profiles', to='members.member', verbose_name='đảng viên')),
            ],
            options={
                'verbose_name': 'mức đóng đảng phí',
                'ordering': ['member', 'from_month'],
                'constraints': [models.UniqueConstraint(fields=('member', 'from_month'), name='dues_profile_member_month')],
            },
        ),
        migrations.CreateModel(
            name='DuesTotal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('org_path', models.CharField(editable=False, max_length=255)),
                ('month', models.DateField(verbose_name='tháng')),
                ('owed', models.BigIntegerField(default=0, verbose_name='phải đóng (đồng)')),
                ('collected', models.BigIntegerField(default=0, verbose_name='đã thu (đồng)')),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organizations.organization')),
            ],
            options={
                'verbose_name': 'tổng đảng phí tháng của tổ chức',
                'indexes': [models.Index(fields=['org_path', 'month'], name='dues_total_path_month')],
                'constraints': [models.UniqueConstraint(fields=('organization', 'month'), name='dues_total_org_month')],
            },
        ),
    ]
