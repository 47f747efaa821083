"""The review date of a client plan is not set in the past (polku/core/dates.py, `review_due`); a review
may keep the date the version before had."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from polku.plans.models import ActivationPlan, PlanVersion
from polku.plans.services import activation_plan_create, plan_create, plan_review
from tests.conftest import World
from tests.plans.test_client_plan import content

pytestmark = pytest.mark.django_db


def test_a_review_date_in_the_past_is_refused_when_set_and_kept_when_unchanged(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        plan_create(actor=world.worker, client=world.client, content=content(review_date=date(2020, 6, 1)))
    assert "menneisyydessä" in refused.value.message_dict["review_date"][0]
    assert not PlanVersion.objects.exists()
    soon = timezone.localdate() + timedelta(days=90)
    plan = plan_create(actor=world.worker, client=world.client, content=content(review_date=soon)).plan
    # The day has passed when the plan is reviewed: the review keeps it, or sets a new one ahead.
    PlanVersion.objects.filter(plan=plan).update(review_date=timezone.localdate() - timedelta(days=2))
    kept = timezone.localdate() - timedelta(days=2)
    plan_review(actor=world.worker, plan=plan, based_on=1, content=content(review_date=kept))
    with pytest.raises(ValidationError):
        plan_review(
            actor=world.worker,
            plan=plan,
            based_on=2,
            content=content(review_date=timezone.localdate() - timedelta(days=1)),
        )
    assert PlanVersion.objects.count() == 2


def test_the_plan_page_says_why_and_keeps_what_was_typed(client: Any, world: World) -> None:
    client.force_login(world.worker)
    answer = client.post(
        reverse("plans:client", kwargs={"client_id": world.client.pk}),
        {
            "client_view_of_need": "Oma näkemys",
            "professional_view_of_need": "Ammattilaisen näkemys",
            "meeting_frequency": "Kerran kuussa",
            "goal_0": "Laskut hoidossa",
            "goal_0_owner": "client",
            "review_date": "2020-06-01",
        },
    )
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "Seuraava tarkistus ei voi olla menneisyydessä." in page
    assert "Ammattilaisen näkemys" in page and 'value="2020-06-01"' in page
    assert not PlanVersion.objects.exists()


def test_an_activation_plan_is_made_on_a_day_past_and_reviewed_ahead(world: World) -> None:
    common: dict[str, Any] = {
        "actor": world.worker,
        "client": world.client,
        "employment_office": "Koivulan TE-palvelut",
        "measures": "Kuntouttava työtoiminta.",
    }
    with pytest.raises(ValidationError) as refused:
        activation_plan_create(
            **common, made_on=timezone.localdate() + timedelta(days=1), review_date=date(2020, 1, 1)
        )
    assert {"made_on", "review_date"} <= set(refused.value.message_dict)
    assert not ActivationPlan.objects.exists()
