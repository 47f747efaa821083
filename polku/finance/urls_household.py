"""Pages of the household's money: the client's money page, members, budget versions, debts, referral."""

from django.urls import path

from polku.finance import views_household as views
from polku.finance.views_budget_link import budget_link

urlpatterns = [
    path("clients/<uuid:client_id>/", views.money, name="client"),
    path("clients/<uuid:client_id>/budget/new/", views.budget_new, name="budget_new"),
    path("clients/<uuid:client_id>/budget/link/", budget_link, name="budget_link"),
    path("clients/<uuid:client_id>/debts/new/", views.debt_new, name="debt_new"),
    path("clients/<uuid:client_id>/debts.pdf", views.debts_pdf, name="debts_pdf"),
    path("clients/<uuid:client_id>/referral/", views.referral_new, name="referral_new"),
    path("members/<uuid:member_id>/", views.member_edit, name="member"),
    path("budget-versions/<int:budget_version_id>/", views.budget_version, name="budget_version"),
    path("debts/<uuid:debt_id>/", views.debt_edit, name="debt"),
]
