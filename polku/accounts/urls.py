from django.urls import path

from polku.accounts import oidc, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.PolkuLoginView.as_view(), name="login"),
    path("logout/", views.PolkuLogoutView.as_view(), name="logout"),
    # Organisation single sign-on (OpenID Connect); 404 unless POLKU_OIDC_CLIENT_ID is set.
    path("oidc/start/", oidc.OIDCStartView.as_view(), name="oidc_start"),
    path("oidc/callback/", oidc.OIDCCallbackView.as_view(), name="oidc_callback"),
]
