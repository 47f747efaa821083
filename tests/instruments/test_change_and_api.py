"""The change per client (page, chart, API), the answer API with its refusals, and FHIR."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from polku.audit.models import UseLogEntry
from polku.instruments.definitions import instruments
from polku.instruments.fhir import questionnaire, questionnaire_response
from polku.instruments.models import Response
from polku.instruments.services import response_submit
from tests.conftest import World

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")
START = {
    "overall": 3,
    "mental_1": 2,
    "mental_2": 4,
    "mental_3": 2,
    "skills_1": 3,
    "skills_2": 3,
    "skills_3": 3,
}
REVIEW = {
    "overall": 6,
    "mental_1": 4,
    "mental_2": 2,
    "mental_3": 4,
    "skills_1": 3,
    "skills_2": 4,
    "skills_3": 3,
}


def two_answers(world: World) -> None:
    for answers, month in ((START, 1), (REVIEW, 4)):
        response_submit(
            actor=world.worker,
            client=world.client,
            instrument_code="functional_capacity",
            answers=answers,
            answered_at=datetime(2025, month, 5, 10, tzinfo=HELSINKI),
        )


def test_the_worker_sees_the_change_chart_with_changes_beyond_the_mid_marked(
    client: Any, world: World
) -> None:
    two_answers(world)
    client.force_login(world.worker)
    page = client.get(reverse("instruments:client", kwargs={"client_id": world.client.pk})).content.decode()
    assert '<svg class="change-chart"' in page and "<polyline" in page
    # Mental wellbeing 2.5 -> 7.5 (+5.0, MID 1.5) and overall 3 -> 6 are marked; skills +0.83 is not.
    assert page.count("beyond--improved") == 2
    assert "+5,0" in page or "+5.0" in page
    assert UseLogEntry.objects.filter(client_id=world.client.pk, view="instruments:client").count() == 1


def test_the_client_page_runs_the_same_queries_for_few_or_many_answers(client: Any, world: World) -> None:
    client.force_login(world.worker)
    url = reverse("instruments:client", kwargs={"client_id": world.client.pk})
    two_answers(world)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    two_answers(world)
    two_answers(world)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_the_change_api_gives_first_latest_and_the_difference(client: Any, world: World) -> None:
    two_answers(world)
    client.force_login(world.worker)
    url = f"/api/v1/clients/{world.client.pk}/change"
    body = client.get(url, {"instrument": "functional_capacity"}).json()
    assert len(body["points"]) == 2
    mental = next(c for c in body["changes"] if c["domain"] == "mental_wellbeing")
    assert (mental["first"], mental["latest"], mental["difference"], mental["beyond"]) == (
        2.5,
        7.5,
        5.0,
        "improved",
    )
    skills = next(c for c in body["changes"] if c["domain"] == "skills")
    assert skills["difference"] == 0.83 and skills["beyond"] == ""
    assert UseLogEntry.objects.filter(client_id=world.client.pk, view="api:client_change").exists()
    client.force_login(world.other_worker)
    assert client.get(url, {"instrument": "functional_capacity"}).status_code == 404


def test_the_api_lists_instruments_and_records_an_answer_with_its_feedback(client: Any, world: World) -> None:
    client.force_login(world.worker)
    listed = client.get("/api/v1/instruments").json()
    assert "functional_capacity" in {i["code"] for i in listed}
    created = client.post(
        f"/api/v1/clients/{world.client.pk}/responses",
        {"instrument": "functional_capacity", "answers": REVIEW, "context": {"service": ["svc-1"]}},
        content_type="application/json",
    )
    assert created.status_code == 201
    results = {r["domain"]: r for r in created.json()["results"]}
    assert results["mental_wellbeing"]["score"] == 7.5 and results["mental_wellbeing"]["going_well"]
    assert Response.objects.get().context == {"service": ["svc-1"]}


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"overall": 11}, "answers.overall"),
        ({"overall": 5, "mental_1": 0}, "answers.mental_1"),
        ({"overall": 5, "shoe_size": 3}, "answers.shoe_size"),
    ],
)
def test_an_answer_outside_the_scale_or_to_an_unknown_item_is_refused_and_nothing_saved(
    client: Any, world: World, answers: dict[str, int], field: str
) -> None:
    client.force_login(world.worker)
    refused = client.post(
        f"/api/v1/clients/{world.client.pk}/responses",
        {"instrument": "functional_capacity", "answers": answers},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert field in refused.json()["errors"]
    assert not Response.objects.exists()


def test_the_api_refuses_other_teams_clients_and_unknown_instruments(client: Any, world: World) -> None:
    client.force_login(world.worker)
    other = client.post(
        f"/api/v1/clients/{world.other_client.pk}/responses",
        {"instrument": "functional_capacity", "answers": {"overall": 5}},
        content_type="application/json",
    )
    unknown = client.post(
        f"/api/v1/clients/{world.client.pk}/responses",
        {"instrument": "kykyviisari", "answers": {"overall": 5}},
        content_type="application/json",
    )
    assert other.status_code == 404 and unknown.status_code == 400
    assert not Response.objects.exists()


def test_every_instrument_is_a_valid_fhir_questionnaire_and_answers_valid_responses(world: World) -> None:
    for instrument in instruments():
        resource = Questionnaire.model_validate(questionnaire(instrument))
        assert resource.url == f"urn:polku:instrument:{instrument.code}"
    two_answers(world)
    response = Response.objects.order_by("answered_at").last()
    assert response is not None
    capacity = next(i for i in instruments() if i.code == "functional_capacity")
    fhir = QuestionnaireResponse.model_validate(questionnaire_response(capacity, response))
    assert fhir.status == "completed"
    answered = {item.linkId: item.answer[0].valueCoding.code for page in fhir.item for item in page.item}
    assert answered["overall"] == "6" and answered["mental_2"] == "2"
    assert world.client.hetu not in str(questionnaire_response(capacity, response))


def test_the_fhir_endpoints_answer(client: Any, world: World) -> None:
    two_answers(world)
    client.force_login(world.worker)
    assert (
        client.get("/api/v1/instruments/functional_capacity/questionnaire").json()["resourceType"]
        == "Questionnaire"
    )
    response = Response.objects.first()
    assert response is not None
    fhir = client.get(f"/api/v1/responses/{response.pk}/questionnaire-response").json()
    assert fhir["resourceType"] == "QuestionnaireResponse"
    client.force_login(world.other_worker)
    assert client.get(f"/api/v1/responses/{response.pk}/questionnaire-response").status_code == 404
