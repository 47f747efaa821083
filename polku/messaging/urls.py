from django.urls import path

from polku.messaging import views

app_name = "messaging"

urlpatterns = [
    path("send-link/", views.send_link, name="send_link"),
]
