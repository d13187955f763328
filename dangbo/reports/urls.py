from django.urls import path

from . import document_views as dv
from . import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("tong-ket.docx", views.download_docx, name="docx"),
    path("tong-ket.pdf", views.download_pdf, name="pdf"),
    path("tong-ket/chay-nen/", views.year_end_background, name="year_end_background"),
    path("tin-bai.txt", views.news_txt, name="news"),
    path("van-kien/", dv.document_list, name="documents"),
    path("van-kien/them/", dv.document_create, name="document_create"),
    path("van-kien/<int:pk>/", dv.document_page, name="document"),
    path("van-kien/<int:pk>/thong-qua/", dv.document_approve, name="document_approve"),
    path("van-kien/<int:pk>/tra-ve-du-thao/", dv.document_reopen, name="document_reopen"),
    path("van-kien/<int:pk>/ban-hanh/", dv.document_issue, name="document_issue"),
    path("van-kien/<int:pk>/tai-len/", dv.document_upload, name="document_upload"),
    path("van-kien/<int:pk>/bao-cao.docx", dv.document_docx, name="document_docx"),
    path("van-kien/<int:pk>/bao-cao.pdf", dv.document_pdf, name="document_pdf"),
    path("van-kien/<int:pk>/muc/<slug:section>/", dv.section_edit, name="section_edit"),
    path("van-kien/<int:pk>/muc/<slug:section>/lich-su/", dv.section_history, name="section_history"),
]
