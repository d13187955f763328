from django.urls import path

from . import views, views_reports

app_name = "dues"
urlpatterns = [
    path("", views.sheet, name="sheet"),
    path("thang.pdf", views.sheet_pdf, name="sheet_pdf"),
    path("lap-so/", views.generate, name="generate"),
    path("khoa-so/", views.close, name="close"),
    path("nop-len/", views.remit, name="remit"),
    path("thu/<int:member_pk>/", views.pay, name="pay"),
    path("muc-dong/<int:member_pk>/", views.profile, name="profile"),
    path("phieu-thu/<int:pk>/", views.receipt, name="receipt"),
    path("dieu-chinh/<int:pk>/", views.correct, name="correct"),
    path("ly-do/<int:pk>/", views.reason, name="reason"),
    path("cua-toi/", views.mine, name="mine"),
    path("so/", views_reports.book, name="book"),
    path("so.xlsx", views_reports.book_export, name="book_export"),
    path("no/", views_reports.arrears, name="arrears"),
    path("bao-cao/", views_reports.summary, name="summary"),
    path("bao-cao.xlsx", views_reports.summary_export, name="summary_export"),
    path("nhan-nop/<int:pk>/", views.confirm_received, name="confirm_received"),
    path("dieu-chinh-nop/<int:pk>/", views.correct_remittance, name="correct_remittance"),
    path("cong/", views_reports.portal_import, name="portal"),
    path("bang-luong/", views_reports.payroll_import, name="payroll"),
]
