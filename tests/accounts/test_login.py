"""Signing in and out: Finnish by default, argon2 password hashes, a lockout after five wrong passwords
for one user name from one address, logout only by POST, and no page without signing in."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client as HttpClient
from django.urls import reverse

from polku.accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
HOME = reverse("workday:home")


def sign_in(client: HttpClient, username: str, password: str, ip: str = "127.0.0.1") -> Any:
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_the_login_page_is_in_finnish_by_default(client: HttpClient) -> None:
    response = client.get(LOGIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fi"' in html
    assert 'name="username"' in html and 'name="password"' in html


def test_a_user_signs_in_with_the_right_password_and_lands_on_the_home_page(client: HttpClient) -> None:
    user = UserFactory(username="sosiaalityontekija")
    response = sign_in(client, "sosiaalityontekija", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == HOME
    assert client.session[SESSION_KEY] == str(user.pk)
    home = client.get(HOME)
    assert home.status_code == 200
    assert home.context["user"] == user


def test_a_wrong_password_shows_the_form_again_with_an_error(client: HttpClient) -> None:
    UserFactory(username="sosiaalityontekija")
    response = sign_in(client, "sosiaalityontekija", "wrong password")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert SESSION_KEY not in client.session


def test_passwords_are_stored_with_argon2() -> None:
    assert UserFactory().password.startswith("argon2")
    user = User.objects.create_user(username="uusi", password="a long passphrase for polku")
    assert user.password.startswith("argon2")
    assert "a long passphrase" not in user.password
    assert user.check_password("a long passphrase for polku")


def test_after_five_wrong_passwords_even_the_right_one_is_refused(client: HttpClient) -> None:
    UserFactory(username="kohde")
    for _ in range(4):
        response = sign_in(client, "kohde", "wrong password")
        assert response.status_code == 200
        assert "accounts/login.html" in [t.name for t in response.templates]
    response = sign_in(client, "kohde", "wrong password")
    assert response.status_code != 302

    response = sign_in(client, "kohde", PASSWORD)
    assert response.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in response.templates]
    assert SESSION_KEY not in client.session


def test_four_wrong_passwords_do_not_lock_the_user_out(client: HttpClient) -> None:
    UserFactory(username="kohde")
    for _ in range(4):
        sign_in(client, "kohde", "wrong password")
    response = sign_in(client, "kohde", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == HOME


def test_the_lockout_is_per_user_name_and_address(client: HttpClient) -> None:
    user = UserFactory(username="kohde")
    colleague = UserFactory(username="kollega")
    for _ in range(5):
        sign_in(client, "kohde", "wrong password", ip="10.0.0.1")
    assert sign_in(client, "kohde", PASSWORD, ip="10.0.0.1").status_code == 429

    # Another user from the same address signs in.
    other = HttpClient()
    response = sign_in(other, "kollega", PASSWORD, ip="10.0.0.1")
    assert response.status_code == 302
    assert other.session[SESSION_KEY] == str(colleague.pk)

    # The same user from another address signs in.
    elsewhere = HttpClient()
    response = sign_in(elsewhere, "kohde", PASSWORD, ip="10.0.0.2")
    assert response.status_code == 302
    assert elsewhere.session[SESSION_KEY] == str(user.pk)


def test_logout_is_a_post_and_ends_the_session(client: HttpClient) -> None:
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.get(HOME).status_code == 200

    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert SESSION_KEY not in client.session
    after = client.get(HOME)
    assert after.status_code == 302
    assert after["Location"].startswith(LOGIN)


def test_an_anonymous_visitor_to_the_client_list_is_sent_to_the_login_page(client: HttpClient) -> None:
    response = client.get("/clients/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/clients/"
