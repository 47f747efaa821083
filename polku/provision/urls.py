from django.urls import path

from polku.provision import views, views_referral

app_name = "services"

urlpatterns = [
    path("", views.home, name="home"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("episodes/<uuid:episode_id>/", views.episode, name="episode"),
    path("episodes/<uuid:episode_id>/referral/", views_referral.referral, name="referral"),
    path("clients/<uuid:client_id>/", views_referral.client_services, name="client"),
    path("episodes/<uuid:episode_id>/home-visits/", views.home_visit, name="home_visit"),
    path("episodes/<uuid:episode_id>/reviews/", views.review, name="review"),
    path("episodes/<uuid:episode_id>/end/", views.end, name="end"),
    path("groups/<uuid:group_id>/", views.group, name="group"),
    path("groups/<uuid:group_id>/actions/", views.group_action, name="group_action"),
]
