from django.urls import path

from . import consolidation_views as cv
from . import document_views as dv
from . import published_views as pv
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
    path("van-kien/<int:pk>/ngay-van-ban/", dv.document_date, name="document_date"),
    path("van-kien/<int:pk>/tra-ve-du-thao/", dv.document_reopen, name="document_reopen"),
    path("van-kien/<int:pk>/ban-hanh/", dv.document_issue, name="document_issue"),
    path("van-kien/<int:pk>/tai-len/", dv.document_upload, name="document_upload"),
    path("van-kien/<int:pk>/so-lieu/", dv.figure_add, name="figure_add"),
    path("van-kien/<int:pk>/so-lieu/<int:figure>/xoa/", dv.figure_remove, name="figure_remove"),
    path("van-kien/<int:pk>/bao-cao.docx", dv.document_docx, name="document_docx"),
    path("van-kien/<int:pk>/bao-cao.pdf", dv.document_pdf, name="document_pdf"),
    path("van-kien/<int:pk>/tin-bai.txt", dv.document_news, name="document_news"),
    path("van-kien/<int:pk>/bao-cao.json", dv.document_json, name="document_json"),
    path("van-kien/<int:pk>/muc/<slug:section>/", dv.section_edit, name="section_edit"),
    path("van-kien/<int:pk>/muc/<slug:section>/lich-su/", dv.section_history, name="section_history"),
    path("tong-hop/", cv.consolidation, name="consolidation"),
    path("tong-hop/nop/", cv.submit, name="submit"),
    path("tong-hop/<int:pk>/nhan/", cv.accept, name="submission_accept"),
    path("tong-hop/<int:pk>/tra-lai/", cv.return_submission, name="submission_return"),
    path("tong-hop/bao-cao-tong-hop.docx", cv.download_docx, name="consolidated_docx"),
    path("tong-hop/bao-cao-tong-hop.pdf", cv.download_pdf, name="consolidated_pdf"),
    path("tong-hop/bang-tong-hop.xlsx", cv.download_xlsx, name="consolidated_xlsx"),
    path("tong-hop/tin-bai.txt", cv.news_txt, name="consolidated_news"),
    path("so-lieu-cong-bo/", pv.published_list, name="published"),
    path("so-lieu-cong-bo/mau.xlsx", pv.published_template, name="published_template"),
    path("so-lieu-cong-bo/<int:org_pk>/nhap/", pv.published_import_page, name="published_import"),
]
