"""When the client may see a document (as Omakanta shows it): immediately, from a date, or never — the type's
default until a worker sets a rule of the document's own; the plan's reading link honours it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client as Browser
from django.test import override_settings
from django.utils import timezone

from polku.clients.models import DocumentRelease, DocumentType, ReleaseRule
from polku.clients.release import Release, default_release, is_released, release_of, release_set
from polku.core.models import StaleEditError
from polku.plans.services import GoalIn, PlanContent, plan_create, plan_read_link_create
from tests.conftest import World

PLAN = PlanContent(
    client_view_of_need="Haluan saada laskut hallintaan.",
    professional_view_of_need="Talouden tuki.",
    meeting_frequency="Joka toinen viikko",
    goals=[GoalIn("Laskut maksetaan ajallaan", "client")],
)
DAY = date(2026, 12, 5)


@pytest.mark.parametrize(
    ("rule", "release_on", "day", "shown"),
    [
        (ReleaseRule.IMMEDIATELY, None, DAY, True),
        (ReleaseRule.AFTER_DATE, date(2026, 12, 6), DAY, False),  # the day before
        (ReleaseRule.AFTER_DATE, date(2026, 12, 5), DAY, True),  # from the day itself
        (ReleaseRule.AFTER_DATE, date(2026, 12, 1), DAY, True),
        (ReleaseRule.AFTER_DATE, None, DAY, False),  # no date: not shown
        (ReleaseRule.NEVER, None, DAY, False),
    ],
)
def test_when_a_document_is_shown(rule: str, release_on: date | None, day: date, shown: bool) -> None:
    assert Release(rule, release_on).shown_on(day) is shown


def test_the_types_default_is_at_once_unless_the_county_lists_the_type() -> None:
    assert default_release(DocumentType.ASSESSMENT).rule == ReleaseRule.IMMEDIATELY
    with override_settings(POLKU_NEVER_SHOWN_TO_CLIENT=("assessment",)):
        assert default_release(DocumentType.ASSESSMENT).rule == ReleaseRule.NEVER
        assert default_release(DocumentType.CLIENT_PLAN).rule == ReleaseRule.IMMEDIATELY


@pytest.mark.django_db
def test_a_refused_rule_stores_nothing(world: World) -> None:
    version = plan_create(actor=world.worker, client=world.client, content=PLAN)
    refusals = [
        {"rule": ReleaseRule.AFTER_DATE, "release_on": None, "reason": "Käydään ensin läpi"},
        {"rule": ReleaseRule.AFTER_DATE, "release_on": date(9999, 1, 1), "reason": "x"},
        {"rule": ReleaseRule.NEVER, "release_on": None, "reason": ""},
        {"rule": "tomorrow", "release_on": None, "reason": "x"},
        {"rule": ReleaseRule.NEVER, "release_on": None, "reason": "a\x00b"},
    ]
    for refused in refusals:
        with pytest.raises(ValidationError):
            release_set(
                actor=world.worker,
                client=world.client,
                document_type=DocumentType.CLIENT_PLAN,
                object_id=version.pk,
                **refused,
            )
    assert not DocumentRelease.objects.exists()


@pytest.mark.django_db
def test_an_edit_based_on_an_old_reading_is_refused(world: World) -> None:
    version = plan_create(actor=world.worker, client=world.client, content=PLAN)
    kind = DocumentType.CLIENT_PLAN
    first = release_set(
        actor=world.worker,
        client=world.client,
        document_type=kind,
        object_id=version.pk,
        rule=ReleaseRule.NEVER,
        reason="Vaarantaisi asiakkaan terveyden",
    )
    with pytest.raises(StaleEditError):  # she saw the default, another worker had set a rule meanwhile
        release_set(
            actor=world.worker,
            client=world.client,
            document_type=kind,
            object_id=version.pk,
            rule=ReleaseRule.IMMEDIATELY,
        )
    release_set(
        actor=world.worker,
        client=world.client,
        document_type=kind,
        object_id=version.pk,
        rule=ReleaseRule.IMMEDIATELY,
        expected_version=first.version,
    )
    assert release_of(kind, version.pk).rule == ReleaseRule.IMMEDIATELY


@pytest.mark.django_db
def test_the_plans_reading_link_honours_the_release(client: Any, world: World) -> None:
    version = plan_create(actor=world.worker, client=world.client, content=PLAN)
    token = plan_read_link_create(actor=world.worker, plan=version.plan)  # sent while shown at once
    later = timezone.localdate() + timedelta(days=10)
    client.force_login(world.worker)
    answer = client.post(
        f"/plans/clients/{world.client.pk}/release/",
        {
            "rule": "after_date",
            "release_on": later.strftime("%d.%m.%Y"),
            "reason": "Käydään ensin yhdessä läpi",
        },
    )
    assert answer.status_code == 302
    assert not is_released(DocumentType.CLIENT_PLAN, version.pk)

    opened = Browser().get(f"/l/plan/{token}/")
    assert opened.status_code == 403
    assert "Laskut maksetaan ajallaan" not in opened.content.decode()
    assert later.strftime("%-d.%-m.%Y") in opened.content.decode()

    # No new reading link is made while the plan is not shown.
    client.post(f"/plans/clients/{world.client.pk}/read-link/")
    page = client.get(f"/plans/clients/{world.client.pk}/")
    assert page.context["new_link"] is None

    release = DocumentRelease.objects.get()
    client.post(
        f"/plans/clients/{world.client.pk}/release/",
        {"rule": "immediately", "version": release.version},
    )
    token = plan_read_link_create(actor=world.worker, plan=version.plan)
    shown = Browser().get(f"/l/plan/{token}/")
    assert shown.status_code == 200
    assert "Laskut maksetaan ajallaan" in shown.content.decode()
