"""A decision's national service task: by default its type's, shown on its page and in its letter."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from polku.codes import national
from polku.decisions.document import decision_pdf
from polku.decisions.services import decision_draft, decision_make, decision_notify, decision_update
from tests.conftest import World

pytestmark = pytest.mark.django_db


def draft(world: World, decision_type: str = "social_rehabilitation", **extra: Any) -> Any:
    return decision_draft(
        actor=world.worker,
        client=world.client,
        decision_type=decision_type,
        decision_text="Myönnetään sosiaalinen kuntoutus.",
        grounds="Palvelutarpeen arviointi.",
        legal_basis="Sosiaalihuoltolaki 17 §, 45 §",
        **extra,
    )


@pytest.mark.parametrize("decision_type", ["social_rehabilitation", "rehabilitative_work_activity", "other"])
def test_a_decision_s_service_task_is_by_default_that_of_its_type(world: World, decision_type: str) -> None:
    decision = (
        draft(world, decision_type=decision_type)
        if decision_type != "social_rehabilitation"
        else draft(world)
    )

    assert decision.service_task_code == national.service_task_for(decision_type).code


def test_another_service_task_is_kept_and_one_outside_the_set_refused(world: World) -> None:
    decision = draft(world, service_task_code="07")
    assert decision.service_task_code == "07"
    # A new type brings its own service task.
    decision = decision_update(
        actor=world.worker, decision=decision, expected_version=decision.version, decision_type="other"
    )
    assert decision.service_task_code == national.service_task_for("other").code
    decision = decision_update(
        actor=world.worker, decision=decision, expected_version=decision.version, service_task_code="07"
    )

    with pytest.raises(ValidationError) as refused:
        decision_update(
            actor=world.worker, decision=decision, expected_version=decision.version, service_task_code="nope"
        )
    assert "Sosiaalihuolto - Palvelutehtävä" in refused.value.message_dict["service_task_code"][0]
    decision.refresh_from_db()
    assert decision.service_task_code == "07"


@pytest.mark.parametrize(
    ("language", "name"), [("fi", "Aikuissosiaalityö"), ("sv", "Socialt arbete för vuxna")]
)
def test_the_decision_page_and_letter_name_the_service_task_in_their_language(
    client: Any, world: World, language: str, name: str
) -> None:
    decision = draft(world)
    decision = decision_make(actor=world.worker, decision=decision, expected_version=decision.version)
    decision = decision_notify(
        actor=world.worker, decision=decision, method="letter", sent_on=timezone.localdate()
    )
    client.force_login(world.worker)
    client.cookies["polku_language"] = language

    page = client.get(f"/decisions/{decision.pk}/").content.decode()
    letter = " ".join(
        " ".join((p.extract_text() or "").split())
        for p in PdfReader(io.BytesIO(decision_pdf(decision, language))).pages
    )

    assert name in page
    assert name in letter
