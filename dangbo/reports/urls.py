from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("tong-ket.docx", views.download_docx, name="docx"),
    path("tong-ket.pdf", views.download_pdf, name="pdf"),
    path("tin-bai.txt", views.news_txt, name="news"),
]
