from django.urls import path

from polku.instruments import views

app_name = "instruments"

urlpatterns = [
    path("clients/<uuid:client_id>/", views.client_page, name="client"),
    path("clients/<uuid:client_id>/start/", views.start, name="start"),
    path("responses/<uuid:response_id>/", views.fill, name="fill"),
    path("responses/<uuid:response_id>/feedback/", views.feedback, name="feedback"),
    # The old address of the client's answer link (the link itself is /l/answer/<token>/, config/urls.py).
    path("a/<str:link_token>/", views.answer_moved, name="answer_moved"),
]
