from django.urls import path

from . import views

app_name = "dossier"
urlpatterns = [
    path("", views.index, name="index"),
    path("phieu-bo-sung/", views.supplement_list, name="supplements"),
    path("phieu-bo-sung/them/", views.campaign_create, name="campaign_create"),
    path("phieu-bo-sung/<int:pk>/", views.campaign_detail, name="campaign"),
    path("phieu/<int:pk>/", views.supplement_detail, name="supplement"),
    path("phieu/<int:pk>/nop/", views.supplement_return, name="supplement_return"),
    path("phieu/<int:pk>/kiem-tra/", views.supplement_check, name="supplement_check"),
    path("phieu/<int:pk>/ghi/", views.supplement_apply, name="supplement_apply"),
    path("dang-vien/<int:pk>/", views.member_dossier, name="member"),
    path("dang-vien/<int:pk>/the/", views.card_issue, name="card_issue"),
    path("dang-vien/<int:pk>/doi-the/", views.card_exchange, name="card_exchange"),
    path("dang-vien/<int:pk>/muon/", views.loan_create, name="loan_create"),
    path("the/<int:pk>/bao-mat/", views.card_lost, name="card_lost"),
    path("the/<int:pk>/cap-lai/", views.card_reissue, name="card_reissue"),
    path("muon/<int:pk>/tra/", views.loan_return, name="loan_return"),
    path("chuyen-den/<int:event_pk>/nhan-ho-so/", views.transfer_receive, name="transfer_receive"),
    path("ra-khoi-dang/<int:event_pk>/phieu-bao/", views.slip_create, name="slip_create"),
    path("phieu-bao/<int:pk>/gui/", views.slip_send, name="slip_send"),
    path("doi-chieu/them/", views.reconciliation_create, name="reconciliation_create"),
    path("doi-chieu/<int:pk>/", views.reconciliation_detail, name="reconciliation"),
    path("doi-chieu/<int:pk>/chenh-lech.xlsx", views.reconciliation_xlsx, name="reconciliation_xlsx"),
]
