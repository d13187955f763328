"""Congresses: the squash of 0001_initial to 0003_meetings_2025 (generated from the models on 06/12/2026)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('congresses', '0001_initial'), ('congresses', '0002_conference_base'), ('congresses', '0003_meetings_2025')]

    initial = True

    dependencies = [
        ('members', '0001_squashed_0008_discipline_decider_effective'),
        ('organizations', '0001_squashed_0002_postgres_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Congress',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('org_path', models.CharField(db_index=True, max_length=255)),
                ('kind', models.CharField(choices=[('members', 'Đại hội đảng viên'), ('delegates', 'Đại hội đại biểu')], default='members', max_length=10, verbose_name='hình thức')),
                ('ordinal', models.PositiveSmallIntegerField(verbose_name='lần thứ')),
                ('term_start', models.PositiveSmallIntegerField(verbose_name='nhiệm kỳ từ năm')),
                ('term_end', models.PositiveSmallIntegerField(verbose_name='nhiệm kỳ đến năm')),
                ('opened_on', models.DateField(verbose_name='ngày khai mạc')),
                ('closed_on', models.DateField(blank=True, null=True, verbose_name='ngày bế mạc')),
                ('place', models.CharField(blank=True, max_length=200, verbose_name='địa điểm')),
                ('status', models.CharField(choices=[('preparing', 'Đang chuẩn bị'), ('held', 'Đã tổ chức'), ('approved', 'Đã chuẩn y')], default='preparing', max_length=10, verbose_name='trạng thái')),
                ('approval_number', models.CharField(blank=True, max_length=60, verbose_name='số quyết định chuẩn y')),
                ('approval_date', models.DateField(blank=True, null=True, verbose_name='ngày chuẩn y')),
                ('approval_issuer', models.CharField(blank=True, max_length=200, verbose_name='cấp ủy chuẩn y')),
                ('quorum', models.CharField(blank=True, choices=[('', 'Không đặt'), ('1/2', 'Quá một nửa'), ('2/3', 'Hai phần ba')], max_length=8, verbose_name='tỷ lệ có mặt tối thiểu (chưa xác nhận)')),
                ('tie_rule', models.CharField(choices=[('next_round', 'Bầu tiếp trong số những người bằng phiếu'), ('congress_decides', 'Chỉ nêu, đại hội quyết định')], default='next_round', max_length=20, verbose_name='khi bằng phiếu ở suất cuối (chưa xác nhận)')),
                ('version', models.PositiveIntegerField(default=1)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='congresses', to='organizations.organization', verbose_name='tổ chức đảng')),
            ],
            options={
                'verbose_name': 'đại hội',
                'verbose_name_plural': 'đại hội',
                'ordering': ['-opened_on', '-id'],
            },
        ),
        migrations.CreateModel(
            name='Convened',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('full_name', models.CharField(max_length=120, verbose_name='họ và tên')),
                ('sort_key', models.CharField(max_length=255)),
                ('unit', models.CharField(blank=True, max_length=200, verbose_name='đơn vị')),
                ('exclusion', models.CharField(blank=True, choices=[('', '—'), ('temporary', 'Đang sinh hoạt tạm thời ở nơi khác'), ('exempted', 'Được miễn công tác và sinh hoạt đảng (chỉ trừ khi vắng mặt)'), ('suspended', 'Đình chỉ sinh hoạt, bị khởi tố, truy tố, tạm giam')], max_length=10, verbose_name='trường hợp trừ')),
                ('present', models.BooleanField(default=True, verbose_name='có mặt')),
                ('absence_approved', models.BooleanField(default=False, verbose_name='vắng cả kỳ đại hội, có lý do được chấp nhận')),
                ('absence_reason', models.CharField(blank=True, max_length=200, verbose_name='lý do vắng')),
                ('congress', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='convened', to='congresses.congress')),
                ('member', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='members.member')),
            ],
            options={
                'verbose_name': 'người được triệu tập',
                'verbose_name_plural': 'người được triệu tập',
                'ordering': ['congress', 'sort_key', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Election',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('org_path', models.CharField(db_index=True, max_length=255)),
                ('body', models.CharField(choices=[('cap_uy', 'Ban Chấp hành (cấp ủy)'), ('chi_uy', 'Chi ủy'), ('ban_thuong_vu', 'Ban Thường vụ'), ('bi_thu', 'Bí thư'), ('pho_bi_thu', 'Phó Bí thư'), ('uy_ban_kiem_tra', 'Ủy ban kiểm tra'), ('chu_nhiem_ubkt', 'Chủ nhiệm Ủy ban kiểm tra'), ('dai_bieu', 'Đại biểu dự đại hội cấp trên')], max_length=16, verbose_name='bầu')),
                ('seats', models.PositiveSmallIntegerField(verbose_name='số lượng cần bầu')),
                ('alternate_seats', models.PositiveSmallIntegerField(default=0, verbose_name='trong đó dự khuyết')),
                ('round', models.PositiveSmallIntegerField(default=1, verbose_name='lần bầu')),
                ('status', models.CharField(choices=[('draft', 'Đang lập danh sách'), ('counting', 'Đang kiểm phiếu'), ('signed', 'Ban kiểm phiếu đã ký')], default='draft', max_length=10, verbose_name='trạng thái')),
                ('by_totals', models.BooleanField(default=False, verbose_name='nhập tổng số phiếu kiểm bằng tay')),
                ('issued', models.PositiveIntegerField(blank=True, null=True, verbose_name='số phiếu phát ra')),
                ('totals', models.JSONField(blank=True, default=dict, verbose_name='số phiếu từng người (kiểm bằng tay)')),
                ('totals_valid', models.PositiveIntegerField(blank=True, null=True)),
                ('totals_invalid', models.PositiveIntegerField(blank=True, null=True)),
                ('board', models.JSONField(blank=True, default=list, verbose_name='ban kiểm phiếu')),
                ('at_conference', models.BooleanField(default=False, verbose_name='bầu tại hội nghị cấp ủy khóa mới')),
                ('conference_members', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='số cấp ủy viên được triệu tập')),
                ('conference_present', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='số cấp ủy viên có mặt')),
                ('conference_excluded', models.JSONField(blank=True, default=list, verbose_name='cấp ủy viên được trừ')),
                ('version', models.PositiveIntegerField(default=1)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('congress', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='elections', to='congresses.congress')),
                ('previous', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='next_rounds', to='congresses.election')),
            ],
            options={
                'verbose_name': 'cuộc bầu cử',
                'verbose_name_plural': 'cuộc bầu cử',
                'ordering': ['congress', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Candidate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('full_name', models.CharField(max_length=120, verbose_name='họ và tên')),
                ('sort_key', models.CharField(max_length=255)),
                ('unit', models.CharField(blank=True, max_length=200, verbose_name='đơn vị')),
                ('source', models.CharField(choices=[('committee', 'Cấp ủy khóa đương nhiệm giới thiệu'), ('floor', 'Đề cử tại đại hội'), ('self', 'Tự ứng cử')], default='committee', max_length=10, verbose_name='nguồn')),
                ('floor_approvals', models.PositiveIntegerField(blank=True, null=True, verbose_name='số người đồng ý giới thiệu')),
                ('member', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='members.member')),
                ('election', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='candidates', to='congresses.election')),
            ],
            options={
                'verbose_name': 'người trong danh sách bầu cử',
                'verbose_name_plural': 'danh sách bầu cử',
                'ordering': ['election', 'sort_key', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Meeting',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('org_path', models.CharField(db_index=True, max_length=255)),
                ('kind', models.CharField(choices=[('monthly', 'Sinh hoạt chi bộ thường kỳ'), ('thematic', 'Sinh hoạt chuyên đề'), ('annual', 'Hội nghị tổng kết'), ('midterm', 'Hội nghị sơ kết'), ('other', 'Hội nghị khác')], default='monthly', max_length=10, verbose_name='loại')),
                ('held_on', models.DateField(db_index=True, verbose_name='ngày họp')),
                ('mode', models.CharField(choices=[('in_person', 'Trực tiếp'), ('online', 'Trực tuyến (thí điểm theo HD 03-HD/TW)'), ('party_group', 'Theo tổ đảng (thí điểm theo HD 03-HD/TW)')], default='in_person', max_length=12, verbose_name='hình thức')),
                ('title', models.CharField(blank=True, max_length=200, verbose_name='tiêu đề')),
                ('agenda', models.TextField(blank=True, verbose_name='nội dung, chương trình')),
                ('guests', models.TextField(blank=True, verbose_name='khách mời')),
                ('minutes', models.TextField(blank=True, verbose_name='diễn biến (biên bản)')),
                ('resolutions', models.TextField(blank=True, verbose_name='nghị quyết, kết luận được thông qua')),
                ('version', models.PositiveIntegerField(default=1)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='meetings', to='organizations.organization', verbose_name='tổ chức đảng')),
            ],
            options={
                'verbose_name': 'cuộc họp',
                'verbose_name_plural': 'cuộc họp',
                'ordering': ['-held_on', '-id'],
            },
        ),
        migrations.CreateModel(
            name='MeetingDay',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('org_path', models.CharField(db_index=True, max_length=255)),
                ('day', models.PositiveSmallIntegerField(default=3, verbose_name='ngày sinh hoạt thường kỳ hằng tháng')),
                ('has_party_groups', models.BooleanField(default=False, verbose_name='có tổ đảng')),
                ('note', models.CharField(blank=True, max_length=300, verbose_name='ghi chú (căn cứ)')),
                ('version', models.PositiveIntegerField(default=1)),
                ('organization', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='meeting_day', to='organizations.organization', verbose_name='tổ chức đảng')),
            ],
            options={
                'verbose_name': 'ngày sinh hoạt chi bộ',
                'verbose_name_plural': 'ngày sinh hoạt chi bộ',
            },
        ),
        migrations.CreateModel(
            name='MeetingPlan',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('org_path', models.CharField(db_index=True, max_length=255)),
                ('kind', models.CharField(choices=[('monthly', 'Sinh hoạt chi bộ thường kỳ'), ('thematic', 'Sinh hoạt chuyên đề'), ('annual', 'Hội nghị tổng kết'), ('midterm', 'Hội nghị sơ kết'), ('other', 'Hội nghị khác')], default='monthly', max_length=10, verbose_name='loại')),
                ('mode', models.CharField(choices=[('in_person', 'Trực tiếp'), ('online', 'Trực tuyến (thí điểm theo HD 03-HD/TW)'), ('party_group', 'Theo tổ đảng (thí điểm theo HD 03-HD/TW)')], default='in_person', max_length=12, verbose_name='hình thức')),
                ('planned_on', models.DateField(db_index=True, verbose_name='ngày họp dự kiến')),
                ('time_place', models.CharField(blank=True, max_length=300, verbose_name='giờ, địa điểm (hoặc đường dẫn họp trực tuyến)')),
                ('title', models.CharField(blank=True, max_length=200, verbose_name='tiêu đề')),
                ('agenda', models.TextField(verbose_name='nội dung, chương trình')),
                ('documents', models.TextField(blank=True, verbose_name='tài liệu gửi kèm (mỗi dòng một tài liệu: tên hoặc đường dẫn)')),
                ('status', models.CharField(choices=[('planned', 'Đã gửi giấy mời'), ('held', 'Đã họp'), ('cancelled', 'Đã hủy')], default='planned', max_length=10, verbose_name='trạng thái')),
                ('version', models.PositiveIntegerField(default=1)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('meeting', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='plan', to='congresses.meeting')),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='meeting_plans', to='organizations.organization', verbose_name='tổ chức đảng')),
            ],
            options={
                'verbose_name': 'giấy mời sinh hoạt',
                'verbose_name_plural': 'giấy mời sinh hoạt',
                'ordering': ['-planned_on', '-id'],
            },
        ),
        migrations.CreateModel(
            name='BallotEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField(verbose_name='số phiếu')),
                ('counter', models.PositiveSmallIntegerField(verbose_name='người nhập')),
                ('revision', models.PositiveIntegerField(default=0)),
                ('kept', models.JSONField(blank=True, null=True)),
                ('agree', models.JSONField(blank=True, null=True)),
                ('disagree', models.JSONField(blank=True, default=list)),
                ('issued_by_board', models.BooleanField(default=True)),
                ('invalid_reason', models.CharField(blank=True, max_length=200)),
                ('note', models.CharField(blank=True, max_length=200)),
                ('entered_at', models.DateTimeField(auto_now_add=True)),
                ('entered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('election', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='entries', to='congresses.election')),
            ],
            options={
                'ordering': ['election', 'number', 'counter', 'revision'],
                'constraints': [models.UniqueConstraint(fields=('election', 'number', 'counter', 'revision'), name='congresses_ballot_entry_once')],
            },
        ),
        migrations.CreateModel(
            name='MeetingAttendance',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('present', models.BooleanField(default=True, verbose_name='có mặt')),
                ('reason', models.CharField(blank=True, max_length=200, verbose_name='lý do vắng')),
                ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendance', to='congresses.meeting')),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='members.member')),
            ],
            options={
                'ordering': ['meeting', 'member__sort_key'],
                'constraints': [models.UniqueConstraint(fields=('meeting', 'member'), name='congresses_attendance_once')],
            },
        ),
        migrations.CreateModel(
            name='MeetingInvitation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('emailed_to', models.CharField(blank=True, max_length=254, verbose_name='gửi thư đến')),
                ('email_error', models.CharField(blank=True, max_length=300, verbose_name='lỗi gửi thư')),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='members.member')),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to='congresses.meetingplan')),
            ],
            options={
                'ordering': ['plan', 'member__sort_key'],
                'constraints': [models.UniqueConstraint(fields=('plan', 'member'), name='congresses_invitation_once')],
            },
        ),
        migrations.CreateModel(
            name='ResultVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveSmallIntegerField(verbose_name='phiên bản')),
                ('data', models.JSONField()),
                ('reason', models.TextField(blank=True, verbose_name='lý do điều chỉnh')),
                ('signed_at', models.DateTimeField(auto_now_add=True)),
                ('election', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='results', to='congresses.election')),
                ('signed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['election', 'number'],
                'constraints': [models.UniqueConstraint(fields=('election', 'number'), name='congresses_result_once')],
            },
        ),
    ]
