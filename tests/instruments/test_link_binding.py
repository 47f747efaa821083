"""The client's answer link is bound to the first browser that opens it, and every read through it is
logged as the client, through a link."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.test import Client as Browser
from django.urls import reverse

from polku.accounts.models import hash_token
from polku.audit.models import Action, UseLogEntry
from polku.clients import links
from polku.clients.links import OtherBrowserError
from polku.instruments.models import ResponseLink
from polku.instruments.services import response_link_open, response_link_send
from tests.conftest import World
from tests.races import run_at_once

pytestmark = pytest.mark.django_db


def _link(world: World) -> tuple[Any, str]:
    response, token = response_link_send(
        actor=world.worker, client=world.client, instrument_code="functional_capacity"
    )
    return response, reverse("instrument_answer", kwargs={"link_token": token})


def test_another_browser_sees_no_saved_answers_and_cannot_change_them(world: World) -> None:
    response, url = _link(world)
    phone, other = Browser(), Browser(headers={"accept-language": "en"})
    assert phone.get(url).status_code == 200
    phone.post(url, {"page": 0, "next": "1", "overall": "3"})
    assert "checked" in phone.get(f"{url}?page=0").content.decode()  # the client's own browser sees them

    seen = other.get(f"{url}?page=0")
    body = seen.content.decode()
    assert seen.status_code == 403
    assert "checked" not in body and 'type="radio"' not in body
    assert "another device" in body and "ask your worker for a new link" in body
    assert other.post(url, {"page": 0, "next": "1", "overall": "1"}).status_code == 403
    response.refresh_from_db()
    assert response.answers == {"overall": 3}


def test_the_browser_gets_a_secret_cookie_and_only_its_hash_is_kept(world: World) -> None:
    _response, url = _link(world)
    phone = Browser()
    first = phone.get(url)
    cookie = first.cookies["polku_answer"]
    assert cookie["httponly"] and cookie["path"] == url and cookie["samesite"] == "Lax"
    link = ResponseLink.objects.get()
    assert link.browser_hash == hash_token(cookie.value) and cookie.value not in link.browser_hash
    assert link.opened_at is not None
    assert "polku_answer" not in phone.get(url).cookies  # set once, on the first open


def test_every_read_through_the_link_is_logged_as_the_client(world: World) -> None:
    response, url = _link(world)
    phone = Browser()
    phone.get(url)
    phone.get(f"{url}?page=0")
    reads = UseLogEntry.objects.filter(view="instruments:answer", action=Action.READ)
    assert reads.count() == 2
    row = reads.first()
    assert row is not None
    assert (row.username, row.client_id, row.object_id) == ("client", world.client.pk, str(response.pk))
    assert row.user_id == f"client-link:{ResponseLink.objects.get().pk}"
    Browser().get(url)  # refused: nothing was read, nothing logged as read
    assert reads.count() == 2


def test_of_two_browsers_opening_together_only_one_is_bound(world: World) -> None:
    """The other browser binds the link between this request's reading and its claim: refused."""
    _response, url = _link(world)
    token = url.rstrip("/").rsplit("/", 1)[1]
    read = links.link_find

    def read_then_other_browser_binds(links_of_kind: Any, value: str) -> ResponseLink:
        link = read(links_of_kind, value)
        ResponseLink.objects.filter(pk=link.pk).update(browser_hash=hash_token("the other browser"))
        return link

    patched = mock.patch.object(links, "link_find", side_effect=read_then_other_browser_binds)
    with patched, pytest.raises(OtherBrowserError):
        response_link_open(token=token)
    assert not UseLogEntry.objects.filter(view="instruments:answer", action=Action.READ).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_browsers_opening_the_link_at_once_bind_exactly_one(world: World) -> None:
    _response, url = _link(world)
    results = run_at_once(10, lambda _i: Browser().get(url).status_code)
    assert sorted(results) == [200] + [403] * 9, results
