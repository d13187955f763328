from django.urls import path

from . import views

app_name = "congresses"
urlpatterns = [
    path("", views.index, name="index"),
    path("lap-moi/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:pk>/diem-danh/", views.attendance, name="attendance"),
    path("<int:pk>/lap-lai-danh-sach/", views.redraw, name="redraw"),
    path("<int:pk>/dai-bieu/", views.delegates, name="delegates"),
    path("<int:pk>/chuan-y/", views.approve, name="approve"),
    path("<int:pk>/cap-uy.docx", views.committee_docx, name="committee_docx"),
    path("<int:pk>/bau-cu/", views.election_create, name="election_create"),
    path("bau-cu/<int:pk>/", views.election, name="election"),
    path("bau-cu/<int:pk>/danh-sach/", views.election_list, name="election_list"),
    path("bau-cu/<int:pk>/bat-dau/", views.election_start, name="election_start"),
    path("bau-cu/<int:pk>/phieu/", views.election_ballot, name="election_ballot"),
    path("bau-cu/<int:pk>/xac-dinh/", views.election_resolve, name="election_resolve"),
    path("bau-cu/<int:pk>/tong-so/", views.election_totals, name="election_totals"),
    path("bau-cu/<int:pk>/ky/", views.election_sign, name="election_sign"),
    path("bau-cu/<int:pk>/dieu-chinh/", views.election_correct, name="election_correct"),
    path("bau-cu/<int:pk>/bau-tiep/", views.election_next, name="election_next"),
    path("bau-cu/<int:pk>/phieu-bau.docx", views.ballot_docx, name="ballot_docx"),
    path("bau-cu/<int:pk>/phieu-bau.pdf", views.ballot_pdf, name="ballot_pdf"),
    path("bau-cu/<int:pk>/bien-ban.docx", views.record_docx, name="record_docx"),
    path("bau-cu/<int:pk>/bien-ban.pdf", views.record_pdf, name="record_pdf"),
    path("bau-cu/<int:pk>/ket-qua.csv", views.result_csv, name="result_csv"),
    path("bau-cu/<int:pk>/ket-qua.json", views.result_json, name="result_json"),
    path("sinh-hoat/", views.meetings, name="meetings"),
    path("sinh-hoat/them/", views.meeting_create, name="meeting_create"),
    path("sinh-hoat/<int:pk>/", views.meeting, name="meeting"),
    path("sinh-hoat/<int:pk>/sua/", views.meeting_edit, name="meeting_edit"),
    path("sinh-hoat/<int:pk>/diem-danh/", views.meeting_attendance, name="meeting_attendance"),
    path("sinh-hoat/<int:pk>/diem-danh.pdf", views.meeting_attendance_pdf, name="meeting_attendance_pdf"),
]
