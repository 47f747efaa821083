from django.urls import path

from polku.clients import sharing, views

app_name = "clients"

urlpatterns = [
    path("", views.search, name="search"),
    path("new/", views.create, name="create"),
    path("<uuid:client_id>/", views.detail, name="detail"),
    path("<uuid:client_id>/edit/", views.edit, name="edit"),
    path("<uuid:client_id>/sharing/", sharing.page, name="sharing"),
    path(
        "<uuid:client_id>/sharing/consents/<uuid:consent_id>/withdraw/",
        sharing.consent_withdraw_view,
        name="consent_withdraw",
    ),
    path(
        "<uuid:client_id>/sharing/bans/<uuid:ban_id>/withdraw/",
        sharing.ban_withdraw_view,
        name="ban_withdraw",
    ),
]
