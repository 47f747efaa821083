"""Pages of social credit."""

from django.urls import path

from polku.finance import views_credit as views

urlpatterns = [
    path("credits/", views.credits, name="credits"),
    path("applications/<uuid:application_id>/credit/", views.credit_create, name="credit_create"),
    path("credits/<uuid:agreement_id>/", views.credit_detail, name="credit"),
    path("credits/<uuid:agreement_id>/holiday/", views.credit_holiday_view, name="credit_holiday"),
    path(
        "credits/<uuid:agreement_id>/instalments/<int:number>/paid/",
        views.instalment_pay_view,
        name="instalment_pay",
    ),
]
