"""Client plans (SHL 39): versions with what changed, goals with owners, joint plans with consent (SHL 41),
the client's reading link, activation plans."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from polku.audit.models import UseLogEntry
from polku.plans.models import PlanVersion
from polku.plans.services import (
    GoalIn,
    PartnerIn,
    PlanContent,
    ServiceIn,
    activation_plan_create,
    plan_create,
    plan_review,
    version_changes,
)
from tests.conftest import World

pytestmark = pytest.mark.django_db


def content(**changes: Any) -> PlanContent:
    base: dict[str, Any] = {
        "client_view_of_need": "Laskut kasaantuvat, päivät sekaisin.",
        "professional_view_of_need": "Tukea arjen hallintaan ja raha-asioihin.",
        "meeting_frequency": "Kerran kuukaudessa",
        "goals": [
            GoalIn("Laskut maksetaan ajallaan", "client", "Hoidan laskut itse"),
            GoalIn("Säännöllinen päivärytmi", "together"),
        ],
        "services": [ServiceIn("Sosiaalinen kuntoutus", date(2026, 12, 1), "3 kk")],
    }
    return PlanContent(**(base | changes))


def test_a_goal_without_an_owner_is_refused_and_nothing_saved(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        plan_create(actor=world.worker, client=world.client, content=content(goals=[GoalIn("Työpaikka", "")]))
    assert "goals" in refused.value.message_dict
    assert not PlanVersion.objects.exists()


def test_a_joint_plan_needs_the_clients_consent(world: World) -> None:
    partners = [PartnerIn("TE-palvelut", "employment", "Aktivointisuunnitelma")]
    with pytest.raises(ValidationError) as refused:
        plan_create(actor=world.worker, client=world.client, content=content(partners=partners))
    assert "is_joint" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        plan_create(
            actor=world.worker, client=world.client, content=content(partners=partners, is_joint=True)
        )
    assert "consent_note" in refused.value.message_dict
    version = plan_create(
        actor=world.worker,
        client=world.client,
        content=content(partners=partners, is_joint=True, consent_note="Suullisesti 1.12.2026"),
    )
    assert version.consent_given_at is not None
    assert [p.organisation for p in version.partners.all()] == ["TE-palvelut"]


def test_a_review_makes_a_new_version_shows_what_changed_and_keeps_the_old_one(world: World) -> None:
    first = plan_create(actor=world.worker, client=world.client, content=content())
    second = plan_review(
        actor=world.worker,
        plan=first.plan,
        based_on=1,
        content=content(
            meeting_frequency="Joka toinen viikko", goals=[GoalIn("Kuntouttava työtoiminta", "client")]
        ),
    )
    assert second.number == 2
    first.refresh_from_db()
    assert first.meeting_frequency == "Kerran kuukaudessa"
    with translation.override("en"):
        changed = {str(c.label): (c.before, c.after) for c in version_changes(first, second)}
    assert changed["how often the client and the worker meet"] == ("Kerran kuukaudessa", "Joka toinen viikko")
    assert "goals" in changed


@pytest.mark.parametrize(
    ("language", "joint", "review", "service"),
    [
        ("fi", ("ei", "kyllä"), ("–", "1.3.2027"), "Sosiaalinen kuntoutus, alkaen 1.12.2026, 3 kk"),
        ("sv", ("nej", "ja"), ("–", "1.3.2027"), "Sosiaalinen kuntoutus, från 1.12.2026, 3 kk"),
        ("en", ("no", "yes"), ("–", "1.3.2027"), "Sosiaalinen kuntoutus, from 1.12.2026, 3 kk"),
    ],
)
def test_the_changes_show_yes_or_no_and_days_as_the_page_writes_them(
    world: World, language: str, joint: tuple[str, str], review: tuple[str, str], service: str
) -> None:
    first = plan_create(actor=world.worker, client=world.client, content=content())
    partners = [PartnerIn("TE-palvelut", "employment", "Aktivointisuunnitelma")]
    later = content(
        is_joint=True,
        consent_note="Suullisesti",
        partners=partners,
        review_date=date(2027, 3, 1),
        services=[ServiceIn("Sosiaalinen kuntoutus", date(2027, 1, 4), "6 kk")],
    )
    second = plan_review(actor=world.worker, plan=first.plan, based_on=1, content=later)
    with translation.override(language):
        changed = [(c.before, c.after) for c in version_changes(first, second)]
        page = render_to_string("plans/_changes.html", {"changes": version_changes(first, second)})
    assert joint in changed and review in changed
    after = service.replace("1.12.2026", "4.1.2027").replace("3 kk", "6 kk")
    assert (service, after) in changed
    assert "True" not in page and "False" not in page and "2027-03-01" not in page


def test_two_reviews_of_the_same_version_the_second_is_refused(world: World) -> None:
    first = plan_create(actor=world.worker, client=world.client, content=content())
    plan_review(actor=world.worker, plan=first.plan, based_on=1, content=content(strengths="Elokuvat"))
    with pytest.raises(ValidationError) as refused:
        plan_review(
            actor=world.counsellor, plan=first.plan, based_on=1, content=content(strengths="Tietokoneet")
        )
    assert refused.value.code == "stale"
    assert first.plan.versions.count() == 2


def test_only_the_clients_workers_make_plans(world: World) -> None:
    for outsider in (world.other_worker, world.provider, world.analyst):
        with pytest.raises(PermissionDenied):
            plan_create(actor=outsider, client=world.client, content=content())


def test_the_client_reads_the_current_plan_once_through_the_link(client: Any, world: World) -> None:
    plan_create(actor=world.worker, client=world.client, content=content())
    client.force_login(world.worker)
    client.post(reverse("plans:read_link", kwargs={"client_id": world.client.pk}))
    page = client.get(reverse("plans:client", kwargs={"client_id": world.client.pk})).content.decode()
    assert "kertakäyttöinen linkki" in page  # "one-time link", the page says
    link = re.search(r"http://testserver(/l/plan/[\w-]+/)", page)
    assert link is not None
    client.logout()
    reader = client.get(link.group(1))
    assert reader.status_code == 200 and "Laskut maksetaan ajallaan" in reader.content.decode()
    # One-time as the worker's page says: a reload in the same browser is refused, as is another browser.
    again = client.get(link.group(1))
    assert again.status_code == 410 and "Laskut maksetaan ajallaan" not in again.content.decode()
    from django.test import Client as Browser

    assert Browser().get(link.group(1)).status_code == 410
    rows = UseLogEntry.objects.filter(view="plans:read")
    assert rows.count() == 1  # the one read; the refused opens show nothing and log nothing
    assert {(row.username, row.client_id) for row in rows} == {("client", world.client.pk)}


def test_the_plan_page_starts_from_the_completed_assessment_and_saves(client: Any, world: World) -> None:
    client.force_login(world.worker)
    url = reverse("plans:client", kwargs={"client_id": world.client.pk})
    response = client.post(
        url,
        {
            "client_view_of_need": "Oma näkemys",
            "professional_view_of_need": "Ammattilaisen näkemys",
            "meeting_frequency": "Kerran kuussa",
            "goal_0": "Laskut hoidossa",
            "goal_0_owner": "client",
        },
    )
    assert response.status_code == 302
    assert PlanVersion.objects.get().goals.get().owner == "client"
    missing_owner = client.post(
        url,
        {
            "based_on": 1,
            "client_view_of_need": "x",
            "professional_view_of_need": "y",
            "meeting_frequency": "z",
            "goal_0": "Ilman omistajaa",
        },
    )
    assert missing_owner.status_code == 200 and PlanVersion.objects.count() == 1


def test_an_activation_plan_is_made_with_employment_services(world: World) -> None:
    with pytest.raises(ValidationError):
        activation_plan_create(
            actor=world.worker,
            client=world.client,
            made_on=date(2026, 11, 20),
            employment_office="",
            measures="",
        )
    plan = activation_plan_create(
        actor=world.worker,
        client=world.client,
        made_on=date(2026, 11, 20),
        employment_office="Koivulan TE-palvelut",
        measures="Kuntouttava työtoiminta mediapajassa 3 päivää viikossa.",
    )
    assert plan.client == world.client
    assert world.client.journal.filter(kind="client_plan").exists()
