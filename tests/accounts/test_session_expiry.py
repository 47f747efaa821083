"""A session ends after 30 minutes without a request and 8 hours after signing in however active, and
the person is told why on the login page. The clock is moved, not waited for."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
HOME = reverse("workday:home")
MINUTE = 60
INACTIVITY = "Your session ended after inactivity"
MAXIMUM = "one sign-in lasts at most 8 hours"


class Clock:
    """django.utils.timezone.now, moved by hand."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC)

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Iterator[Clock]:
    clock = Clock()
    with mock.patch.object(timezone, "now", side_effect=lambda: clock.now):
        yield clock


@pytest.fixture
def signed_in(client: HttpClient, clock: Clock) -> HttpClient:
    """A worker signed in through the login form, with the pages in English."""
    UserFactory(username="tyontekija")
    client.cookies["polku_language"] = "en"
    assert client.post(LOGIN, {"username": "tyontekija", "password": PASSWORD}).status_code == 302
    return client


def messages_of(response: Any) -> str:
    return " ".join(str(message) for message in response.context["messages"])


def test_the_defaults_are_30_minutes_idle_and_8_hours_at_most_and_the_cookie_dies_with_the_browser(
    client: HttpClient,
) -> None:
    assert django_settings.POLKU_SESSION_IDLE_SECONDS == 30 * MINUTE
    assert django_settings.SESSION_COOKIE_AGE == 30 * MINUTE
    assert django_settings.POLKU_SESSION_MAX_SECONDS == 8 * 60 * MINUTE
    UserFactory(username="tyontekija")
    response = client.post(LOGIN, {"username": "tyontekija", "password": PASSWORD})
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie.value
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie


def test_activity_keeps_the_session_and_30_idle_minutes_end_it(signed_in: HttpClient, clock: Clock) -> None:
    for _ in range(6):  # two hours of work, a request every 20 minutes
        clock.advance(20 * MINUTE)
        assert signed_in.get(HOME).status_code == 200

    clock.advance(30 * MINUTE + 1)
    response = signed_in.get("/clients/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/clients/"
    assert SESSION_KEY not in signed_in.session
    login_page = signed_in.get(response["Location"])
    assert INACTIVITY in messages_of(login_page)
    # Told once: the next page does not repeat it.
    assert INACTIVITY not in messages_of(signed_in.get(LOGIN))


def test_29_idle_minutes_do_not_end_the_session(signed_in: HttpClient, clock: Clock) -> None:
    clock.advance(29 * MINUTE)
    response = signed_in.get(HOME)
    assert response.status_code == 200
    assert INACTIVITY not in messages_of(response)


def test_the_idle_limit_holds_even_where_the_session_store_keeps_sessions_longer(
    signed_in: HttpClient, clock: Clock, settings: Settings
) -> None:
    settings.SESSION_COOKIE_AGE = 24 * 60 * MINUTE  # e.g. a Redis store with a longer lifetime
    assert signed_in.get(HOME).status_code == 200
    clock.advance(31 * MINUTE)
    response = signed_in.get(HOME, follow=True)
    assert response.redirect_chain[-1][0].startswith(LOGIN)
    assert SESSION_KEY not in signed_in.session
    assert INACTIVITY in messages_of(response)


def test_a_session_ends_8_hours_after_signing_in_however_active(signed_in: HttpClient, clock: Clock) -> None:
    for _ in range(23):  # 7 h 40 min of work, a request every 20 minutes
        clock.advance(20 * MINUTE)
        assert signed_in.get(HOME).status_code == 200
    clock.advance(20 * MINUTE)
    response = signed_in.get(HOME, follow=True)
    assert response.redirect_chain[-1][0].startswith(LOGIN)
    assert SESSION_KEY not in signed_in.session
    assert MAXIMUM in messages_of(response)

    # Signing in again starts a new 8 hours.
    assert signed_in.post(LOGIN, {"username": "tyontekija", "password": PASSWORD}).status_code == 302
    clock.advance(20 * MINUTE)
    assert signed_in.get(HOME).status_code == 200


def test_an_htmx_request_after_the_session_ended_sends_the_whole_page_to_the_login_page(
    signed_in: HttpClient, clock: Clock
) -> None:
    clock.advance(31 * MINUTE)
    response = signed_in.get(
        "/clients/?q=Virtanen",
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/clients/?q=Virta",
    )
    assert response.status_code == 204  # no login page swapped into the search results
    assert response["HX-Redirect"] == f"{LOGIN}?next=/clients/"
    assert INACTIVITY in messages_of(signed_in.get(response["HX-Redirect"]))


def test_signing_out_is_not_reported_as_inactivity(signed_in: HttpClient, clock: Clock) -> None:
    signed_in.post(reverse("accounts:logout"))
    clock.advance(60 * MINUTE)
    response = signed_in.get(HOME, follow=True)
    assert response.redirect_chain[-1][0].startswith(LOGIN)
    assert INACTIVITY not in messages_of(response)


def test_a_page_view_does_not_write_the_session_unless_its_last_seen_time_is_a_minute_old(
    signed_in: HttpClient, clock: Clock
) -> None:
    key = signed_in.session.session_key

    def stored_expiry() -> dt.datetime:
        return Session.objects.get(session_key=key).expire_date

    clock.advance(5)
    signed_in.get(HOME)  # the first view after signing in
    saved = stored_expiry()
    for _ in range(5):  # five views within the minute write nothing
        clock.advance(10)
        assert signed_in.get(HOME).status_code == 200
        assert stored_expiry() == saved
    clock.advance(15)  # the last-seen time is now a minute old: the view saves it, the store expiry moves
    assert signed_in.get(HOME).status_code == 200
    assert stored_expiry() > saved
