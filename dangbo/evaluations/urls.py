from django.urls import path

from . import results_views, views

app_name = "evaluations"
urlpatterns = [
    path("", views.index, name="index"),
    path("dot/<int:pk>/", views.review, name="review"),
    path("dot/<int:pk>/quyet-dinh/", views.decide, name="decide"),
    path("dot/<int:pk>/cap-nhat/", views.refresh, name="refresh"),
    path("dot/<int:pk>/de-xuat/", views.propose_chi_bo, name="propose_chi_bo"),
    path("xep-loai/<int:pk>/", views.rating, name="rating"),
    path("xep-loai/<int:pk>/de-xuat/", views.quick_propose, name="quick_propose"),
    path("xep-loai/<int:pk>/rut-de-xuat/", views.withdraw, name="withdraw"),
    path("to-chuc-xep-loai/<int:pk>/", views.org_rating, name="org_rating"),
    path("ket-qua/", results_views.results, name="results"),
    path("ket-qua.json", results_views.results_json, name="results_json"),
    path("ket-qua.xlsx", results_views.results_xlsx, name="results_xlsx"),
    path("ket-qua/danh-sach/", results_views.records, name="records"),
    path("ket-qua/danh-sach.pdf", results_views.records_pdf, name="records_pdf"),
    path("cam-ket/", results_views.commitments, name="commitments"),
    path("cam-ket/<int:member_pk>/", results_views.commitment, name="commitment"),
    path("cong-bo/<int:org_pk>/", results_views.published, name="published"),
    path("che-do/", results_views.regime, name="regime"),
    path("nhap-lich-su/<int:org_pk>/", results_views.import_history, name="import_history"),
]
