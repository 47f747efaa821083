"""The one client-link rule (polku.clients.links) for every kind of link: the plan's reading link, the
self-assessment answer link and the pre-assessment link; their one lifetime and the old addresses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client as Browser
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from polku.casework.models import PreAssessment
from polku.casework.services import pre_assessment_send
from polku.clients.links import ClientLink, LinkState, link_claim
from polku.instruments.models import ResponseLink
from polku.instruments.services import response_link_open, response_link_send
from polku.instruments.views import LINK_COOKIE
from polku.plans.models import PlanReadLink
from polku.plans.services import plan_create, plan_read_link_create
from tests.casework.test_assessment import started
from tests.conftest import World
from tests.plans.test_client_plan import content

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Kind:
    model: type[ClientLink]
    send: Callable[[World], str]  # makes a link for the world's client, returns the raw token
    url_name: str
    kwarg: str
    old_prefix: str
    new_prefix: str

    def url(self, token: str) -> str:
        return reverse(self.url_name, kwargs={self.kwarg: token})


def _plan(world: World) -> str:
    version = plan_create(actor=world.worker, client=world.client, content=content())
    return plan_read_link_create(actor=world.worker, plan=version.plan)


def _answer(world: World) -> str:
    return response_link_send(actor=world.worker, client=world.client, instrument_code="functional_capacity")[
        1
    ]


def _pre(world: World) -> str:
    return pre_assessment_send(actor=world.worker, assessment=started(world))[1]


KINDS = {
    "plan": Kind(PlanReadLink, _plan, "plan_read", "token", "/r/", "/l/plan/"),
    "answer": Kind(ResponseLink, _answer, "instrument_answer", "link_token", "/instruments/a/", "/l/answer/"),
    "pre-assessment": Kind(
        PreAssessment, _pre, "pre_assessment_answer", "token", "/p/", "/l/pre-assessment/"
    ),
}

# How a link comes to each state, as its row says it.
STATES: dict[LinkState, Callable[[], dict[str, Any]]] = {
    LinkState.OPEN: dict,
    LinkState.USED: lambda: {"used_at": timezone.now()},
    LinkState.EXPIRED: lambda: {"expires_at": timezone.now() - timedelta(minutes=1)},
    LinkState.REVOKED: lambda: {"revoked_at": timezone.now()},
}


@pytest.mark.parametrize("kind_name", KINDS)
@pytest.mark.parametrize(
    ("state", "status"),
    [(LinkState.OPEN, 200), (LinkState.USED, 410), (LinkState.EXPIRED, 410), (LinkState.REVOKED, 410)],
)
def test_only_an_open_link_opens_for_every_kind(
    world: World, kind_name: str, state: LinkState, status: int
) -> None:
    kind = KINDS[kind_name]
    token = kind.send(world)
    kind.model._default_manager.update(**STATES[state]())
    link = kind.model._default_manager.get()
    assert link.state is state and link.is_open == (state is LinkState.OPEN)
    assert Browser().get(kind.url(token)).status_code == status


def test_revoked_wins_over_used_and_used_over_expired(world: World) -> None:
    _pre(world)
    link = PreAssessment.objects.get()
    past = timezone.now() - timedelta(minutes=1)
    link.expires_at = past
    assert link.state is LinkState.EXPIRED
    link.used_at = past
    assert link.state is LinkState.USED
    link.revoked_at = past
    assert link.state is LinkState.REVOKED


@pytest.mark.parametrize("kind_name", KINDS)
def test_every_kind_lives_the_one_configured_lifetime(world: World, kind_name: str) -> None:
    with override_settings(POLKU_CLIENT_LINK_DAYS=3):
        KINDS[kind_name].send(world)
    link = KINDS[kind_name].model._default_manager.get()
    assert abs(link.expires_at - (link.created_at + timedelta(days=3))) < timedelta(minutes=1)


def test_the_first_opening_is_recorded_also_where_no_browser_is_bound(world: World) -> None:
    token = _pre(world)
    assert PreAssessment.objects.get().opened_at is None
    link, new_secret = link_claim(PreAssessment.objects.all(), token)
    assert new_secret == "" and link.opened_at is not None and link.browser_hash == ""
    first = PreAssessment.objects.get().opened_at
    link_claim(PreAssessment.objects.all(), token)  # any browser may open it again; the first time stays
    assert PreAssessment.objects.get().opened_at == first


def test_a_plan_link_opened_before_browsers_were_bound_opens_for_no_browser(world: World) -> None:
    token = _plan(world)
    PlanReadLink.objects.update(opened_at=timezone.now())  # opened, bound to none: as such links were kept
    assert Browser().get(KINDS["plan"].url(token)).status_code == 410


@pytest.mark.parametrize("kind_name", KINDS)
def test_the_old_address_of_a_link_redirects_for_good_to_the_new_one(world: World, kind_name: str) -> None:
    kind = KINDS[kind_name]
    token = kind.send(world)
    moved = Browser().get(f"{kind.old_prefix}{token}/")
    assert moved.status_code == 301
    assert moved["Location"] == kind.url(token) == f"{kind.new_prefix}{token}/"
    assert Browser().get(moved["Location"]).status_code == 200


def test_a_browser_that_began_answering_at_the_old_address_goes_on_at_the_new_one(world: World) -> None:
    token = _answer(world)
    _link, secret = response_link_open(token=token)  # the browser was bound at the old address
    phone = Browser()
    phone.cookies[LINK_COOKIE] = secret
    moved = phone.get(f"/instruments/a/{token}/")
    cookie = moved.cookies[LINK_COOKIE]
    new_url = KINDS["answer"].url(token)
    assert (cookie.value, cookie["path"], cookie["httponly"]) == (secret, new_url, True)
    assert phone.get(new_url).status_code == 200
    assert Browser().get(new_url).status_code == 403  # another browser is still refused
