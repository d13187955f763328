from django.urls import path

from . import views

app_name = "recognition"
urlpatterns = [
    path("", views.commendation_list, name="list"),
    path("de-nghi/<int:org_pk>/", views.commendation_propose, name="propose"),
    path("<int:pk>/quyet-dinh/", views.commendation_decide, name="decide"),
    path("huy-hieu/", views.badges, name="badges"),
    path("huy-hieu/trao/", views.badge_award, name="award"),
]
