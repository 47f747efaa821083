"""Co-development (issue 17): the roster on consent, a project with participants and sessions, and a client's
proposal that goes through the same first reading as a social report to a response shown on the project's
page; a henkilötunnus or a withdrawn consent is refused and nothing is saved."""

from __future__ import annotations

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
    DevelopmentParticipant,
    DevelopmentProject,
    DevelopmentSession,
    ReportStatus,
    SocialReport,
)
from polku.structural.periods import HalfYear
from polku.structural.selectors import reports_to_read
from polku.structural.services import report_read, report_respond, summary_compile, summary_present
from polku.structural.services.codev import (
    codeveloper_withdraw,
    development_project_create,
    participant_join,
    proposal_submit,
    session_record,
)
from tests.conftest import World
from tests.factories import codeveloper

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _person(world: World, name: str = "Aino Kehittäjä", **changes: Any) -> CoDeveloper:
    """Added by the team manager, consented a month ago, on a fee of 40 euros (unless `changes` say else)."""
    defaults: dict[str, Any] = {
        "actor": world.manager,
        "consent_on": TODAY() - timedelta(days=30),
        "reward": "fee",
        "fee": Decimal("40.00"),
    }
    return codeveloper(name=name, **(defaults | changes))


def _project(world: World) -> DevelopmentProject:
    return development_project_create(
        actor=world.manager,
        name="Sosiaalisen kuntoutuksen ryhmät",
        aim="Ryhmät asiakkaiden toiveiden mukaisiksi",
        service="Sosiaalinen kuntoutus",
        starts_on=TODAY() - timedelta(days=20),
        ends_on=None,
        team=world.team,
    )


def test_only_those_who_run_development_keep_the_roster(world: World) -> None:
    for user in (world.worker, world.counsellor, world.provider, world.authority):
        with pytest.raises(PermissionDenied):
            _person(world, actor=user)
    assert not CoDeveloper.objects.exists()
    assert _person(world, actor=world.analyst).pk


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"consent_on": None}, "consent_on"),
        ({"consent_on": TODAY() + timedelta(days=1)}, "consent_on"),
        ({"consent_scope": " "}, "consent_scope"),
        ({"fee": None}, "fee"),
        ({"name": "Aino 131052-308T"}, "name"),
    ],
)
def test_no_consent_or_bad_input_keeps_no_one(world: World, changes: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        _person(world, **changes)
    assert field in refused.value.message_dict
    assert not CoDeveloper.objects.exists()


def test_a_withdrawn_consent_stops_new_participation_and_sessions(world: World) -> None:
    project = _project(world)
    aino = _person(world)
    participant_join(actor=world.manager, project=project, person=aino)
    codeveloper_withdraw(actor=world.manager, person=aino, on=TODAY())
    with pytest.raises(ValidationError):
        session_record(
            actor=world.manager, project=project, held_on=TODAY(), topic="Toiveet", attended=[aino]
        )
    assert not DevelopmentSession.objects.exists()
    other = _project_named(world, "Toinen")
    with pytest.raises(ValidationError):
        participant_join(actor=world.manager, project=other, person=aino)
    assert DevelopmentParticipant.objects.count() == 1


def _project_named(world: World, name: str) -> DevelopmentProject:
    return development_project_create(
        actor=world.manager,
        name=name,
        aim="Tavoite",
        service="Palvelu",
        starts_on=TODAY(),
        ends_on=None,
        team=world.team,
    )


def test_a_session_records_only_the_projects_participants(world: World) -> None:
    project = _project(world)
    aino, outsider = _person(world), _person(world, "Pekka Ulkopuolinen", role="lived_experience")
    participant_join(actor=world.manager, project=project, person=aino)
    with pytest.raises(ValidationError) as refused:
        session_record(
            actor=world.manager, project=project, held_on=TODAY(), topic="Toiveet", attended=[aino, outsider]
        )
    assert "Pekka Ulkopuolinen" in refused.value.message_dict["attended"][0]
    session = session_record(
        actor=world.manager,
        project=project,
        held_on=TODAY(),
        topic="Toiveet",
        attended=[aino],
        rewards="40 €",
    )
    assert list(session.attended.all()) == [aino]


def test_a_proposal_goes_through_the_first_reading_to_a_response_on_the_projects_page(world: World) -> None:
    project = _project(world)
    aino = _person(world)
    participant_join(actor=world.manager, project=project, person=aino, role_in_project="kokemusasiantuntija")
    proposal = proposal_submit(
        actor=world.manager,
        project=project,
        title="Ryhmä myös iltaisin",
        observation="Päiväryhmä ei sovi työkokeilussa oleville.",
        proposed_measures="Yksi ryhmä kokoontuisi iltaisin.",
        affected="Työkokeilussa olevat ryhmäläiset",
        proposed_by=aino,
    )
    assert (proposal.kind, proposal.status) == ("client_proposal", ReportStatus.SUBMITTED)
    assert proposal in reports_to_read(world.manager)  # the same first reading as a social report

    report_read(actor=world.manager, report=proposal, comment="Hyvä ehdotus, viedään yhteenvetoon.")
    period = HalfYear.of(TODAY())
    summary = summary_compile(actor=world.analyst, municipality=world.team.municipality, period=period)
    summary_present(
        actor=world.analyst, summary=summary, presented_to="Hyvinvointilautakunta", presented_on=TODAY()
    )
    proposal.refresh_from_db()
    report_respond(actor=world.analyst, report=proposal, response="Iltaryhmä aloittaa tammikuussa.")

    browser = Browser()
    browser.force_login(world.manager)
    page = browser.get(reverse("structural:dev_project", args=[project.pk])).content.decode()
    assert "Ryhmä myös iltaisin" in page and "Iltaryhmä aloittaa tammikuussa." in page
    assert "Aino Kehittäjä" in page


def test_an_anonymous_proposal_names_no_one(world: World) -> None:
    project = _project(world)
    proposal = proposal_submit(
        actor=world.manager,
        project=project,
        title="Selkeämmät kirjeet",
        observation="Päätöskirjeitä on vaikea ymmärtää.",
        proposed_measures="Kirjeisiin selkokielinen tiivistelmä.",
        affected="Kaikki asiakkaat",
    )
    assert proposal.proposed_by is None


def test_a_proposal_with_a_henkilotunnus_is_refused_and_nothing_is_sent(world: World) -> None:
    project = _project(world)
    with pytest.raises(ValidationError) as refused:
        proposal_submit(
            actor=world.manager,
            project=project,
            title="Ehdotus",
            observation="Asiakas 131052-308T ehdottaa iltaryhmää.",
            proposed_measures="Iltaryhmä.",
            affected="Ryhmäläiset",
        )
    assert "observation" in refused.value.message_dict
    assert not SocialReport.objects.exists()


def test_a_proposal_named_by_someone_outside_the_project_is_refused(world: World) -> None:
    project = _project(world)
    outsider = _person(world, "Pekka Ulkopuolinen")
    with pytest.raises(ValidationError):
        proposal_submit(
            actor=world.manager,
            project=project,
            title="Ehdotus",
            observation="Havainto.",
            proposed_measures="Toimenpide.",
            affected="Ryhmäläiset",
            proposed_by=outsider,
        )
    assert not SocialReport.objects.exists()


def test_the_pages_for_those_who_run_development_and_not_for_workers(world: World) -> None:
    manager = Browser()
    manager.force_login(world.manager)
    added = manager.post(
        reverse("structural:codevelopers"),
        {
            "name": "Aino Kehittäjä",
            "role": "lived_experience",
            "consent_on": TODAY().isoformat(),
            "consent_scope": "Kehittäminen",
            "reward": "gift_card",
        },
    )
    assert added.status_code == 302
    assert "Aino Kehittäjä" in manager.get(reverse("structural:codevelopers")).content.decode()
    worker = Browser()
    worker.force_login(world.worker)
    assert worker.get(reverse("structural:codevelopers")).status_code == 403
    assert worker.get(reverse("structural:dev_projects")).status_code == 403


def test_a_developer_client_is_linked_to_their_record_only_by_one_who_works_with_them(world: World) -> None:
    manager = Browser()
    manager.force_login(world.manager)
    form = {
        "name": "Aino Kehittäjä",
        "role": "developer_client",
        "consent_on": TODAY().isoformat(),
        "consent_scope": "Kehittäminen",
        "reward": "none",
    }
    refused = manager.post(reverse("structural:codevelopers"), {**form, "hetu": world.other_client.hetu})
    assert refused.status_code == 200 and not CoDeveloper.objects.exists()
    linked = manager.post(reverse("structural:codevelopers"), {**form, "hetu": world.client.hetu})
    assert linked.status_code == 302
    assert CoDeveloper.objects.get().client == world.client
    manager.get(reverse("structural:codevelopers"))
    assert UseLogEntry.objects.filter(client_id=world.client.pk, view="structural:codevelopers").count() == 2
