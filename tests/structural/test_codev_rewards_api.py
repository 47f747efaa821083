"""Co-development, continued: what each participant was given for a session, the project's page in Finnish,
a proposal's social report naming its project, the access checked in the selectors, and the API
(GET /api/v1/development-projects/{id}, POST .../proposals)."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client as Browser
from django.urls import reverse
from django.utils import timezone

from polku.audit.models import UseLogEntry
from polku.structural.models import (
    CoDeveloper,
    DevelopmentProject,
    DevelopmentSession,
    ReportStatus,
    SessionReward,
    SocialReport,
)
from polku.structural.periods import HalfYear
from polku.structural.selectors import reports_to_read
from polku.structural.selectors_codev import dev_project_get_for_user, project_overview, roster_for
from polku.structural.services import report_read, report_respond, summary_compile, summary_present
from polku.structural.services.codev import (
    development_project_create,
    participant_join,
    proposal_submit,
    session_record,
)
from tests.conftest import World
from tests.factories import codeveloper

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _person(world: World, name: str, **changes: Any) -> CoDeveloper:
    """Added by the team manager, consented two months ago, no fee or reward unless `changes` give one."""
    return codeveloper(actor=world.manager, name=name, consent_on=TODAY() - timedelta(days=60), **changes)


def _project(world: World) -> tuple[DevelopmentProject, CoDeveloper, CoDeveloper, CoDeveloper]:
    """A project with a developer-client on a fee, a lived-experience expert on a gift card, and a third
    without a fee or reward."""
    project = development_project_create(
        actor=world.manager,
        name="Iltaryhmien kehittäminen",
        aim="Ryhmät asiakkaiden toiveiden mukaisiksi",
        service="Sosiaalinen kuntoutus",
        starts_on=TODAY() - timedelta(days=30),
        ends_on=None,
        team=world.team,
    )
    aino = _person(world, "Aino Kehittäjä", reward="fee", fee=Decimal("40.00"))
    jari = _person(
        world, "Jari Kokemus", role="lived_experience", reward="gift_card", reward_note="lahjakortti"
    )
    mervi = _person(world, "Mervi Mukana")
    for person in (aino, jari, mervi):
        participant_join(actor=world.manager, project=project, person=person)
    return project, aino, jari, mervi


def _session(world: World, project: DevelopmentProject, attended: list[CoDeveloper], **kw: Any) -> Any:
    return session_record(
        actor=world.manager,
        project=project,
        held_on=TODAY() - timedelta(days=7),
        topic="Mikä ryhmissä auttaa",
        attended=attended,
        **kw,
    )


def test_a_session_records_what_each_was_given_by_their_terms_or_as_entered(world: World) -> None:
    project, aino, jari, mervi = _project(world)
    session = _session(world, project, [aino, jari, mervi], amounts={jari.pk: Decimal("30")})
    given = {r.codeveloper.name: (r.reward, r.amount) for r in session.rewards_given.all()}
    # Aino by her terms, Jari's gift card with its value; Mervi takes part without a fee or reward.
    assert given == {
        "Aino Kehittäjä": ("fee", Decimal("40.00")),
        "Jari Kokemus": ("gift_card", Decimal("30")),
    }
    _session(world, project, [aino, jari])  # the gift card's value not given this time

    rows = {
        r.codeveloper.name: r
        for r in project_overview(user=world.manager, project=project, view="t").participants
    }
    assert (rows["Aino Kehittäjä"].sessions, rows["Aino Kehittäjä"].amount) == (2, Decimal("80.00"))
    assert (rows["Jari Kokemus"].amount, rows["Jari Kokemus"].unpriced) == (Decimal("30"), 1)
    assert (rows["Mervi Mukana"].sessions, rows["Mervi Mukana"].amount) == (1, Decimal("0"))


@pytest.mark.parametrize("amount", [Decimal("-1"), Decimal("10000.01")])
def test_an_amount_out_of_range_keeps_no_session(world: World, amount: Decimal) -> None:
    project, aino, _jari, _mervi = _project(world)
    with pytest.raises(ValidationError) as refused:
        _session(world, project, [aino], amounts={aino.pk: amount})
    assert "amounts" in refused.value.message_dict
    assert not DevelopmentSession.objects.exists() and not SessionReward.objects.exists()


def test_a_reward_to_one_who_did_not_take_part_keeps_no_session(world: World) -> None:
    project, aino, jari, _mervi = _project(world)
    with pytest.raises(ValidationError) as refused:
        _session(world, project, [aino], amounts={jari.pk: Decimal("30")})
    assert "amounts" in refused.value.message_dict
    assert not DevelopmentSession.objects.exists() and not SessionReward.objects.exists()


def test_the_session_form_fills_each_amount_from_the_terms_and_saves_what_was_entered(world: World) -> None:
    project, aino, jari, mervi = _project(world)
    browser = Browser()
    browser.force_login(world.manager)
    url = reverse("structural:dev_project", args=[project.pk])
    page = browser.get(url).content.decode()
    assert f'name="amount_{aino.pk}"' in page and 'value="40.00"' in page
    assert f'name="amount_{jari.pk}"' in page and f'name="amount_{mervi.pk}"' not in page
    answer = browser.post(
        url,
        {
            "action": "session",
            "held_on": (TODAY() - timedelta(days=1)).isoformat(),
            "topic": "Iltaryhmän kokeilu",
            "attended": [str(aino.pk), str(jari.pk)],
            f"amount_{aino.pk}": "45",
            f"amount_{jari.pk}": "25",
        },
    )
    assert answer.status_code == 302
    given = dict(SessionReward.objects.values_list("codeveloper__name", "amount"))
    assert given == {"Aino Kehittäjä": Decimal("45.00"), "Jari Kokemus": Decimal("25.00")}


def test_the_projects_page_in_finnish_shows_what_came_from_clients_and_the_fees(
    world: World, settings: Any
) -> None:
    settings.LANGUAGE_CODE = "fi"
    project, aino, jari, _mervi = _project(world)
    _session(world, project, [aino, jari], amounts={jari.pk: Decimal("30")})
    _session(world, project, [jari])  # a gift card without its value
    proposal_submit(
        actor=world.manager,
        project=project,
        title="Ryhmä myös iltaisin",
        observation="Päiväryhmä ei sovi työkokeilussa oleville.",
        proposed_measures="Yksi ryhmä kokoontuisi iltaisin.",
        affected="Ryhmäläiset",
        proposed_by=aino,
    )
    browser = Browser()
    browser.force_login(world.manager)
    for name in ("structural:codevelopers", "structural:dev_projects"):
        assert browser.get(reverse(name)).status_code == 200
    answer = browser.get(reverse("structural:dev_project", args=[project.pk]))
    page = answer.content.decode()
    assert answer.status_code == 200 and '<html lang="fi"' in page
    assert "Mitä asiakkailta tuli ja mitä sille tehtiin" in page
    assert "Ryhmä myös iltaisin" in page and "lähetetty esihenkilölle" in page.lower()
    assert "40,00" in page and "30,00" in page
    assert "1 ilman summaa" in page or "1 without a sum" in page  # the catalogue gets the msgid later


def test_a_proposals_report_names_its_project_and_its_proposer_only_to_the_supervisor(world: World) -> None:
    project, aino, _jari, _mervi = _project(world)
    CoDeveloper.objects.filter(pk=aino.pk).update(client=world.client)
    aino.refresh_from_db()
    proposal = proposal_submit(
        actor=world.manager,
        project=project,
        title="Selkeämmät kirjeet",
        observation="Päätöskirjeitä on vaikea ymmärtää.",
        proposed_measures="Selkokielinen tiivistelmä.",
        affected="Asiakkaat",
        proposed_by=aino,
    )
    url = reverse("structural:report_detail", args=[proposal.pk])
    manager = Browser()
    manager.force_login(world.manager)
    page = manager.get(url).content.decode()
    assert reverse("structural:dev_project", args=[project.pk]) in page and "Aino Kehittäjä" in page
    assert UseLogEntry.objects.filter(client_id=world.client.pk, view="structural:report_detail").exists()

    report_read(actor=world.manager, report=proposal, comment="Viedään koosteeseen.")
    analyst = Browser()
    analyst.force_login(world.analyst)
    page = analyst.get(url).content.decode()
    assert "Iltaryhmien kehittäminen" in page and "Aino Kehittäjä" not in page


def test_the_selectors_refuse_those_who_do_not_run_development(world: World) -> None:
    project, *_people = _project(world)
    for user in (world.worker, world.advisor, world.provider, world.authority):
        with pytest.raises(PermissionDenied):
            roster_for(user=user, view="t")
        with pytest.raises(PermissionDenied):
            dev_project_get_for_user(user=user, dev_project_id=project.pk)
    assert dev_project_get_for_user(user=world.analyst, dev_project_id=project.pk) == project
    assert len(roster_for(user=world.analyst, view="t")) == 3


# -- the API -------------------------------------------------------------------------------------------------


def _post(client: Any, project: DevelopmentProject, data: dict[str, Any]) -> Any:
    return client.post(
        f"/api/v1/development-projects/{project.pk}/proposals",
        json.dumps(data),
        content_type="application/json",
    )


PROPOSAL = {
    "title": "Ryhmä myös iltaisin",
    "observation": "Päiväryhmä ei sovi työkokeilussa oleville.",
    "proposed_measures": "Yksi ryhmä kokoontuisi iltaisin.",
    "affected": "Ryhmäläiset",
}


def test_a_proposal_sent_through_the_api_goes_to_the_first_reading_and_its_response_is_read_back(
    world: World, client: Any
) -> None:
    project, aino, jari, _mervi = _project(world)
    _session(world, project, [aino, jari], amounts={jari.pk: Decimal("30")})
    client.force_login(world.manager)
    answer = _post(client, project, PROPOSAL | {"proposed_by": str(aino.pk)})
    assert answer.status_code == 201, answer.content
    report = SocialReport.objects.get(pk=answer.json()["report_id"])
    assert (report.kind, report.status, report.proposed_by) == (
        "client_proposal",
        ReportStatus.SUBMITTED,
        aino,
    )
    assert report in reports_to_read(world.manager)

    report_read(actor=world.manager, report=report, comment="Hyvä ehdotus.")
    summary = summary_compile(
        actor=world.analyst, municipality=world.team.municipality, period=HalfYear.of(TODAY())
    )
    summary_present(actor=world.analyst, summary=summary, presented_to="Lautakunta", presented_on=TODAY())
    report.refresh_from_db()
    report_respond(actor=world.analyst, report=report, response="Kokeilu alkaa tammikuussa.")

    read = client.get(f"/api/v1/development-projects/{project.pk}")
    assert read.status_code == 200, read.content
    data = read.json()
    (proposal,) = data["proposals"]
    assert (proposal["status"], proposal["response"], proposal["proposed_by"]) == (
        "responded",
        "Kokeilu alkaa tammikuussa.",
        str(aino.pk),
    )
    participants = {p["name"]: p for p in data["participants"]}
    assert Decimal(participants["Aino Kehittäjä"]["given_eur"]) == Decimal("40")
    assert participants["Jari Kokemus"]["role"] == "lived_experience"
    (session,) = data["sessions"]
    assert {r["reward"] for r in session["rewards_given"]} == {"fee", "gift_card"}


def test_a_proposal_with_a_henkilotunnus_through_the_api_is_a_400_and_nothing_is_saved(
    world: World, client: Any
) -> None:
    project, *_people = _project(world)
    client.force_login(world.manager)
    answer = _post(client, project, PROPOSAL | {"observation": "Asiakas 131052-308T ehdottaa."})
    assert answer.status_code == 400
    assert "henkilötunnus" in answer.json()["errors"]["observation"][0]
    outsider = _person(world, "Pekka Ulkopuolinen")
    answer = _post(client, project, PROPOSAL | {"proposed_by": str(outsider.pk)})
    assert answer.status_code == 400 and "proposed_by" in answer.json()["errors"]
    assert not SocialReport.objects.exists()


def test_the_api_refuses_a_worker_and_does_not_find_an_unknown_project(world: World, client: Any) -> None:
    project, *_people = _project(world)
    client.force_login(world.worker)
    assert client.get(f"/api/v1/development-projects/{project.pk}").status_code == 403
    assert _post(client, project, PROPOSAL).status_code == 403
    assert not SocialReport.objects.exists()
    client.force_login(world.analyst)
    unknown = "00000000-0000-0000-0000-000000000000"
    assert client.get(f"/api/v1/development-projects/{unknown}").status_code == 404
