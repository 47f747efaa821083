from django.urls import path

from polku.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.PolkuLoginView.as_view(), name="login"),
    path("logout/", views.PolkuLogoutView.as_view(), name="logout"),
]
