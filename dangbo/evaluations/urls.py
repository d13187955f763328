from django.urls import path

from . import views

app_name = "evaluations"
urlpatterns = [
    path("", views.index, name="index"),
    path("dot/<int:pk>/", views.review, name="review"),
    path("dot/<int:pk>/quyet-dinh/", views.decide, name="decide"),
    path("xep-loai/<int:pk>/", views.rating, name="rating"),
    path("xep-loai/<int:pk>/de-xuat/", views.quick_propose, name="quick_propose"),
    path("to-chuc-xep-loai/<int:pk>/", views.org_rating, name="org_rating"),
    path("ket-qua/", views.results, name="results"),
    path("ket-qua.json", views.results_json, name="results_json"),
    path("ket-qua.xlsx", views.results_xlsx, name="results_xlsx"),
    path("ket-qua/danh-sach/", views.records, name="records"),
    path("cam-ket/", views.commitments, name="commitments"),
    path("cam-ket/<int:member_pk>/", views.commitment, name="commitment"),
    path("cong-bo/<int:org_pk>/", views.published, name="published"),
    path("che-do/", views.regime, name="regime"),
    path("nhap-lich-su/<int:org_pk>/", views.import_history, name="import_history"),
]
