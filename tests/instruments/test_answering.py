"""Filling in: with the worker page by page, or by the client at home through a one-time link; the
feedback right after; and who may do what."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from polku.audit.models import UseLogEntry
from polku.instruments.models import Response, ResponseLink
from polku.instruments.services import response_link_send, response_start
from polku.reporting.effectiveness import effectiveness_report
from tests.conftest import World

pytestmark = pytest.mark.django_db

PAGES = [
    {"overall": "3"},
    {"mental_1": "5", "mental_2": "1", "mental_3": "4"},
    {"social_1": "2", "social_2": "1", "social_3": "5"},
    {"physical_1": "4", "physical_2": "4", "physical_3": "2"},
    {"skills_1": "3", "skills_2": "3", "skills_3": "3"},
    {"everyday_1": "2", "everyday_2": "1", "everyday_3": "3"},
]


def test_the_worker_fills_in_with_the_client_page_by_page_and_sees_the_feedback(
    client: Any, world: World
) -> None:
    client.force_login(world.worker)
    start = client.post(
        reverse("instruments:start", kwargs={"client_id": world.client.pk}),
        {"instrument": "functional_capacity", "fill": "1"},
    )
    response = Response.objects.get(client=world.client)
    url = reverse("instruments:fill", kwargs={"response_id": response.pk})
    assert start["Location"] == url
    first = client.get(url)
    assert "Zyxwvutsson" in first.content.decode()
    assert UseLogEntry.objects.filter(client_id=world.client.pk, view="instruments:fill").exists()
    for page, answers in enumerate(PAGES[:2]):
        moved = client.post(url, {"page": page, "next": "1", **answers})
        assert moved["Location"] == f"{url}?page={page + 1}"
    response.refresh_from_db()
    assert response.answers == {"overall": 3, "mental_1": 5, "mental_2": 1, "mental_3": 4}
    assert response.next_page == 2 and not response.is_completed
    # Coming back later opens the first page not yet filled, with the answers kept.
    again = client.get(url)
    assert '<input type="hidden" name="page" value="2">' in again.content.decode()
    for page, answers in enumerate(PAGES[2:], start=2):
        done = client.post(url, {"page": page, "next": "1", "finish": "1", **answers})
    feedback_url = reverse("instruments:feedback", kwargs={"response_id": response.pk})
    assert done["Location"] == feedback_url
    response.refresh_from_db()
    assert response.is_completed
    assert response.scores["mental_wellbeing"] == pytest.approx(9.17)  # (10 + 10 + 7.5) / 3
    page = client.get(feedback_url).content.decode()
    assert "going-well" in page and "next-steps" in page and "@media print" not in page


def test_an_answer_off_the_scale_on_a_page_is_refused_and_nothing_is_saved(client: Any, world: World) -> None:
    response = response_start(actor=world.worker, client=world.client, instrument_code="functional_capacity")
    client.force_login(world.worker)
    url = reverse("instruments:fill", kwargs={"response_id": response.pk})
    refused = client.post(url, {"page": 0, "overall": "11", "next": "1"})
    assert refused.status_code == 200 and "field-error" in refused.content.decode()
    response.refresh_from_db()
    assert response.answers == {}


def test_the_client_answers_at_home_through_a_one_time_link_on_a_phone(client: Any, world: World) -> None:
    response, token = response_link_send(
        actor=world.worker, client=world.client, instrument_code="functional_capacity"
    )
    url = reverse("instrument_answer", kwargs={"link_token": token})
    first = client.get(url)  # no login
    body = first.content.decode()
    assert first.status_code == 200
    # "same-origin" keeps the token from other sites and, unlike "no-referrer", the form's CSRF origin check.
    assert 'name="viewport"' in body and first["Referrer-Policy"] == "same-origin"
    for secret in (world.client.last_name, world.client.first_name, world.client.hetu, str(world.client.pk)):
        assert secret not in body
    assert '<fieldset class="item item--numeric">' in body and 'type="radio"' in body
    client.post(url, {"page": 0, "next": "1", **PAGES[0]})
    # The client stops and comes back: the next page opens and the answer is kept.
    response.refresh_from_db()
    assert response.answers == {"overall": 3} and response.next_page == 1
    for page, answers in enumerate(PAGES[1:], start=1):
        last = client.post(url, {"page": page, "next": "1", "finish": "1", **answers})
    feedback = last.content.decode()
    assert (
        last.status_code == 200 and "results-heading" in feedback and world.client.last_name not in feedback
    )
    response.refresh_from_db()
    assert response.is_completed and ResponseLink.objects.get(response=response).used_at is not None
    row = UseLogEntry.objects.filter(client_id=world.client.pk, view="instruments:answer").last()
    assert row is not None and row.username == "client" and row.action == "write"
    assert client.get(url).status_code == 410  # used once


def test_an_expired_or_unknown_link_is_closed_alike(client: Any, world: World) -> None:
    response, token = response_link_send(
        actor=world.worker, client=world.client, instrument_code="functional_capacity"
    )
    ResponseLink.objects.filter(response=response).update(expires_at=timezone.now() - timedelta(minutes=1))
    expired = client.get(reverse("instrument_answer", kwargs={"link_token": token}))
    unknown = client.get(reverse("instrument_answer", kwargs={"link_token": "nothing-here"}))
    assert expired.status_code == unknown.status_code == 410

    def main(page: Any) -> str:
        return page.content.decode().split('<main id="main"')[1]

    assert main(expired) == main(unknown)


def test_the_worker_makes_a_link_shown_once(client: Any, world: World) -> None:
    client.force_login(world.worker)
    page_url = reverse("instruments:client", kwargs={"client_id": world.client.pk})
    client.post(
        reverse("instruments:start", kwargs={"client_id": world.client.pk}),
        {"instrument": "functional_capacity", "send_link": "1"},
    )
    assert "/l/answer/" in client.get(page_url).content.decode()
    assert "/l/answer/" not in client.get(page_url).content.decode()


def test_only_the_clients_own_workers_fill_in_and_others_learn_nothing(client: Any, world: World) -> None:
    response = response_start(actor=world.worker, client=world.client, instrument_code="functional_capacity")
    for outsider in (world.other_worker, world.analyst, world.provider):
        client.force_login(outsider)
        for url in (
            reverse("instruments:client", kwargs={"client_id": world.client.pk}),
            reverse("instruments:fill", kwargs={"response_id": response.pk}),
        ):
            assert client.get(url).status_code == 404
    # The team manager sees the answers but does not fill them in (supervision, not client work).
    client.force_login(world.manager)
    page = client.get(reverse("instruments:client", kwargs={"client_id": world.client.pk})).content.decode()
    assert (
        "Zyxwvutsson" in page
        and reverse("instruments:start", kwargs={"client_id": world.client.pk}) not in page
    )


def _fill_with_the_worker(client: Any, world: World) -> str:
    """The worker fills in with the client in the worker's pages; returns the feedback page."""
    client.force_login(world.worker)
    client.post(
        reverse("instruments:start", kwargs={"client_id": world.client.pk}),
        {"instrument": "functional_capacity", "fill": "1"},
    )
    response = Response.objects.filter(client=world.client).latest("created_at")
    url = reverse("instruments:fill", kwargs={"response_id": response.pk})
    for page, answers in enumerate(PAGES):
        done = client.post(url, {"page": page, "next": "1", **answers})
    return str(client.get(done["Location"]).content.decode())


def _fill_through_the_link(client: Any, world: World) -> str:
    """The client fills in at home through their own link; returns the feedback shown at the end."""
    _response, token = response_link_send(
        actor=world.worker, client=world.client, instrument_code="functional_capacity"
    )
    client.logout()
    url = reverse("instrument_answer", kwargs={"link_token": token})
    client.get(url)
    for page, answers in enumerate(PAGES):
        done = client.post(url, {"page": page, "next": "1", **answers})
    return str(done.content.decode())


@pytest.mark.parametrize("fill", [_fill_with_the_worker, _fill_through_the_link], ids=["worker", "link"])
def test_the_last_pages_answers_are_scored_and_counted_on_either_path(
    client: Any, world: World, fill: Any
) -> None:
    """Everyday life (Arki) is the last page: its score, its feedback row and its place in the
    effectiveness report are there whether the worker or the client's own link finished the answer."""
    for _time in range(2):  # a first and a latest answer: one pair of change
        page = fill(client, world)
        assert '<th scope="row">Arki</th>' in page
    responses = Response.objects.filter(client=world.client)
    assert all(r.is_completed for r in responses) and responses.count() == 2
    for response in responses:
        # (2 - 1) / 4 * 10 = 2.5, (1 - 1) / 4 * 10 = 0, (3 - 1) / 4 * 10 = 5: mean 2.5
        assert response.scores["everyday_life"] == pytest.approx(2.5)
        assert set(response.scores) == {
            "overall",
            "mental_wellbeing",
            "social_participation",
            "physical_functioning",
            "skills",
            "everyday_life",
        }
    report = effectiveness_report(user=world.manager, instrument_code="functional_capacity")
    assert {t.domain: t.total.n for t in report.tables} == {t.domain: 1 for t in report.tables}
