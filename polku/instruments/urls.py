from django.urls import path

from polku.instruments import views

app_name = "instruments"

urlpatterns = [
    path("clients/<uuid:client_id>/", views.client_page, name="client"),
    path("clients/<uuid:client_id>/start/", views.start, name="start"),
    path("responses/<uuid:response_id>/", views.fill, name="fill"),
    path("responses/<uuid:response_id>/feedback/", views.feedback, name="feedback"),
    # The client's one-time link: no login; the token is the only key.
    path("a/<str:link_token>/", views.answer, name="answer"),
]
