"""Service need assessment (SHL 36-37), the client's pre-assessment, special support (SHL 3) and the
personal worker (SHL 42)."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from polku.accounts.models import Qualification, Role
from polku.accounts.services import token_create
from polku.audit.models import UseLogEntry
from polku.casework.models import Assessment, Initiation, PersonalWorkerAssignment, PreAssessment
from polku.casework.selectors import deadline_board
from polku.casework.services import (
    assessment_complete,
    assessment_save,
    assessment_start,
    initiation_create,
    personal_worker_assign,
    pre_assessment_pull,
    pre_assessment_send,
    pre_assessment_submit,
    special_support_determine,
)
from polku.core.models import StaleEditError
from tests.conftest import World
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CONTENTS = {
    "need_duration": "long_term",
    "situation_summary": "Vuokrarästejä, arjen rytmi hukassa.",
    "service_needs": "Sosiaalinen kuntoutus, apu raha-asioihin.",
    "conclusion": "Asiakkuus jatkuu aikuissosiaalityössä.",
    "client_view": "Haluan saada laskut hoidettua.",
    "personal_worker_client_view": "yes",
    "personal_worker_professional_view": "yes",
}


def started(world: World, **extra: Any) -> Assessment:
    initiation = initiation_create(
        actor=world.advisor,
        client=world.client,
        team=world.team,
        initiator_type="application",
        need="Toimeentulo",
        **extra,
    )
    return assessment_start(actor=world.worker, initiation=initiation)


def filled(world: World, assessment: Assessment, **overrides: Any) -> Assessment:
    return assessment_save(
        actor=world.worker,
        assessment=assessment,
        expected_version=assessment.version,
        **(CONTENTS | overrides),
    )


def test_starting_meets_the_start_limit_and_the_board_forgets_it(world: World) -> None:
    assessment = started(world, urgent=True)
    initiation = Initiation.objects.get(pk=assessment.initiation_id)
    assert initiation.assessment_started_at is not None
    assert initiation.assigned_to == world.worker
    assert deadline_board(user=world.manager, view="t") == []
    with pytest.raises(ValidationError):
        assessment_start(actor=world.counsellor, initiation=initiation)


def test_completing_without_the_shl_37_items_is_refused_naming_them(world: World) -> None:
    assessment = started(world)
    assessment = filled(world, assessment, client_view="", conclusion="")
    with pytest.raises(ValidationError) as refused:
        assessment_complete(actor=world.worker, assessment=assessment, expected_version=assessment.version)
    assert {"client_view", "conclusion"} <= set(refused.value.message_dict)
    assert refused.value.message_dict["__all__"]  # names the missing items in words too
    assert Assessment.objects.get(pk=assessment.pk).completed_at is None


def test_a_recorded_obstacle_stands_in_for_the_clients_own_view(world: World) -> None:
    assessment = filled(
        world,
        started(world),
        client_view="",
        client_view_obstacle="Asiakas ei tavoitettavissa, omainen kertoi tilanteesta.",
    )
    done = assessment_complete(actor=world.worker, assessment=assessment, expected_version=assessment.version)
    assert done.is_completed
    assert Initiation.objects.get(pk=done.initiation_id).assessment_completed_at is not None
    with pytest.raises(ValidationError):
        assessment_save(actor=world.worker, assessment=done, expected_version=done.version, conclusion="x")


def test_for_a_client_needing_special_support_only_a_public_office_social_worker_completes(
    world: World,
) -> None:
    special_support_determine(
        actor=world.worker,
        client=world.client,
        grounds=["substance"],
        explanation="Päihteiden käyttö vaikeuttaa palveluihin hakeutumista.",
    )
    assessment = started(world)
    assessment = assessment_save(
        actor=world.counsellor, assessment=assessment, expected_version=assessment.version, **CONTENTS
    )
    with pytest.raises(PermissionDenied) as refused:
        assessment_complete(
            actor=world.counsellor, assessment=assessment, expected_version=assessment.version
        )
    assert "SHL 36" in str(refused.value)
    assert assessment_complete(
        actor=world.worker, assessment=assessment, expected_version=assessment.version
    ).is_completed


def test_two_people_saving_the_same_version_the_second_is_refused(world: World) -> None:
    assessment = started(world)
    stale = Assessment.objects.get(pk=assessment.pk)
    filled(world, assessment)
    with pytest.raises(StaleEditError):
        assessment_save(
            actor=world.counsellor,
            assessment=stale,
            expected_version=stale.version,
            situation_summary="overwrite",
        )
    assert Assessment.objects.get(pk=assessment.pk).situation_summary == CONTENTS["situation_summary"]


def test_special_support_needs_grounds_and_an_explanation_and_is_on_the_timeline(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        special_support_determine(actor=world.worker, client=world.client, grounds=[], explanation="")
    assert {"grounds", "explanation"} <= set(refused.value.message_dict)
    with pytest.raises(PermissionDenied):
        special_support_determine(
            actor=world.advisor, client=world.client, grounds=["mental"], explanation="x"
        )
    special_support_determine(
        actor=world.worker,
        client=world.client,
        grounds=["mental", "several_needs"],
        explanation="Useita yhtäaikaisia tuen tarpeita.",
    )
    assert world.client.journal.filter(kind="special_support").exists()


def test_the_personal_worker_of_a_client_needing_special_support_is_a_public_office_social_worker(
    world: World,
) -> None:
    relationship = world.client.relationships.get()
    special_support_determine(actor=world.worker, client=world.client, grounds=["cognitive"], explanation="x")
    with pytest.raises(ValidationError) as refused:
        personal_worker_assign(actor=world.manager, relationship=relationship, worker=world.counsellor)
    assert "SHL 42" in " ".join(refused.value.message_dict["worker"])
    personal_worker_assign(
        actor=world.manager, relationship=relationship, worker=world.counsellor, alongside=world.worker
    )
    relationship.refresh_from_db()
    assert relationship.personal_worker == world.counsellor


def test_a_new_personal_worker_ends_the_previous_assignment_and_the_history_stays(world: World) -> None:
    relationship = world.client.relationships.get()
    personal_worker_assign(actor=world.manager, relationship=relationship, worker=world.counsellor)
    personal_worker_assign(actor=world.manager, relationship=relationship, worker=world.worker)
    history = list(PersonalWorkerAssignment.objects.filter(relationship=relationship).order_by("started_at"))
    assert [a.worker for a in history] == [world.counsellor, world.worker]
    assert history[0].ended_at is not None and history[1].ended_at is None


def test_a_service_advisor_without_a_professional_qualification_cannot_be_personal_worker(
    world: World,
) -> None:
    with pytest.raises(ValidationError):
        personal_worker_assign(
            actor=world.manager, relationship=world.client.relationships.get(), worker=world.advisor
        )


def test_the_personal_worker_api_names_by_user_name(client: Any, world: World) -> None:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=world.manager)}"}
    url = f"/api/v1/clients/{world.client.pk}/personal-worker"
    read = client.get(url, **headers).json()
    assert read["worker"] is None
    body = {"worker": world.worker.username, "version": read["relationship_version"]}
    response = client.post(url, json.dumps(body), content_type="application/json", **headers)
    assert response.status_code == 201, response.content
    assert response.json()["worker"] == world.worker.username
    assert client.get(url, **headers).json()["worker"] == world.worker.username
    unknown = client.post(
        url, json.dumps(body | {"worker": "nobody"}), content_type="application/json", **headers
    )
    assert unknown.status_code == 400 and "worker" in unknown.json()["errors"]
    hidden = client.post(
        f"/api/v1/clients/{world.other_client.pk}/personal-worker",
        json.dumps(body),
        content_type="application/json",
        **headers,
    )
    assert hidden.status_code == 404


def test_the_pre_assessment_link_works_once_without_login_and_shows_no_personal_data(
    client: Any, world: World
) -> None:
    assessment = started(world)
    pre, token = pre_assessment_send(actor=world.worker, assessment=assessment)
    page = client.get(f"/l/pre-assessment/{token}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert world.client.last_name not in body and world.client.first_name not in body
    # The token in the address must not leak to other sites; "no-referrer" would break the form's CSRF
    # origin check in browsers, "same-origin" keeps both.
    assert page["Referrer-Policy"] == "same-origin"
    sent = client.post(
        f"/l/pre-assessment/{token}/",
        {"own_view": "Laskut kasaantuvat.", "needs": "Apua lomakkeisiin.", "strengths": "Elokuvat"},
    )
    assert sent.status_code == 200
    assert client.get(f"/l/pre-assessment/{token}/").status_code == 410
    pre.refresh_from_db()
    assert pre.own_view == "Laskut kasaantuvat."
    row = UseLogEntry.objects.get(view="casework:pre_assessment_answer")
    assert (row.client_id, row.username, row.action) == (world.client.pk, "client", "write")


def test_an_expired_or_unknown_link_is_refused(client: Any, world: World) -> None:
    pre, token = pre_assessment_send(actor=world.worker, assessment=started(world))
    PreAssessment.objects.filter(pk=pre.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(f"/l/pre-assessment/{token}/").status_code == 410
    assert client.get("/l/pre-assessment/not-a-token/").status_code == 410
    with pytest.raises(ValidationError):
        pre_assessment_submit(token=token, own_view="x", needs="y")


def test_the_worker_takes_the_clients_answers_into_the_assessment_as_their_own_view(world: World) -> None:
    assessment = started(world)
    pre, token = pre_assessment_send(actor=world.worker, assessment=assessment)
    pre_assessment_submit(token=token, own_view="Haluan arjen rytmin takaisin.", needs="Laskujen maksu.")
    pre.refresh_from_db()
    assessment = pre_assessment_pull(actor=world.worker, pre_assessment=pre, assessment=assessment)
    assert "Haluan arjen rytmin takaisin." in assessment.client_view
    assert "Laskujen maksu." in assessment.client_view
    assert PreAssessment.objects.get(pk=pre.pk).pulled_at is not None


def test_the_assessment_page_creates_a_link_and_completes_in_the_browser_flow(
    client: Any, world: World
) -> None:
    initiation = initiation_create(
        actor=world.advisor,
        client=world.client,
        team=world.team,
        initiator_type="application",
        need="Toimeentulo",
    )
    client.force_login(world.worker)
    url = reverse("casework:assessment", kwargs={"initiation_id": initiation.pk})
    client.post(url, {"start": "1"})
    client.post(reverse("casework:pre_assessment_send", kwargs={"initiation_id": initiation.pk}))
    page = client.get(url).content.decode()
    link = re.search(r"http://testserver/l/pre-assessment/[\w-]+/", page)
    assert link is not None
    assessment = Assessment.objects.get(initiation=initiation)
    response = client.post(url, CONTENTS | {"version": assessment.version, "complete": "1"})
    assert response.status_code == 302
    assert Assessment.objects.get(pk=assessment.pk).is_completed


def test_the_timeline_api_lists_the_steps(client: Any, world: World) -> None:
    started(world)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=world.worker)}"}
    entries = client.get(f"/api/v1/clients/{world.client.pk}/timeline", **headers).json()
    assert [e["kind"] for e in entries] == ["assessment_started", "initiation"]
    provider = UserFactory(role=Role.PROVIDER_WORKER, qualification=Qualification.OTHER)
    other = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=provider)}"}
    assert client.get(f"/api/v1/clients/{world.client.pk}/timeline", **other).status_code == 404
