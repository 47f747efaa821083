"""Social reports (SHL 7): writing, refusing identifiers, the supervisor's reading, who sees the author."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from polku.structural.models import ReportStatus, SocialReport
from polku.structural.services import (
    TRANSITIONS,
    report_create,
    report_read,
    report_respond,
    report_submit,
)
from polku.structural.textcheck import contains_hetu
from tests.conftest import World
from tests.factories import TeamFactory, UserFactory
from tests.structural.conftest import content

pytestmark = pytest.mark.django_db


def test_a_worker_submits_a_report_and_the_team_manager_reads_it_with_a_comment(world: World) -> None:
    report = report_create(actor=world.worker, team=world.team, content=content(world), submit=True)
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_at is not None
    report_read(actor=world.manager, report=report, comment="Viedään kevään koosteeseen.")
    report.refresh_from_db()
    assert report.status == ReportStatus.READ
    assert report.supervisor_comment == "Viedään kevään koosteeseen."


@pytest.mark.parametrize(
    "text",
    [
        "Asiakas 010190-900P kertoi",
        "asiakas 010190a900p kertoi",  # lowercase century sign and check character
        "tunnus 131052–308T",  # an en dash pasted from a word processor
        "tunnus 010101Y902J.",
        "010190-900X",  # a wrong check character still points at a person
    ],
)
def test_text_that_looks_like_a_henkilotunnus_is_refused_and_nothing_is_saved(
    world: World, text: str
) -> None:
    for field in ("title", "observation", "affected", "proposed_measures", "evidence", "area", "since"):
        with pytest.raises(ValidationError) as refused:
            report_create(actor=world.worker, team=world.team, content=content(world, **{field: text}))
        assert "henkilötunnus" in refused.value.message_dict[field][0]
    assert not SocialReport.objects.exists()


@pytest.mark.parametrize("text", ["Soita 040-1234567", "Alkoi 1.1.2025", "Lasku 2024-12-31", "3 asiakasta"])
def test_phone_numbers_and_dates_are_not_taken_for_a_henkilotunnus(text: str) -> None:
    assert not contains_hetu(text)


def test_a_negative_number_of_people_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        report_create(actor=world.worker, team=world.team, content=content(world, affected_count=-3))
    assert "affected_count" in refused.value.message_dict
    assert not SocialReport.objects.exists()


def test_the_workflow_moves_only_by_its_transition_table(world: World) -> None:
    assert TRANSITIONS.table[ReportStatus.DRAFT] == {ReportStatus.SUBMITTED}
    draft = report_create(actor=world.worker, team=world.team, content=content(world))
    with pytest.raises(ValidationError) as refused:
        report_read(actor=world.manager, report=draft, comment="")
    assert "status" in refused.value.message_dict
    with pytest.raises(ValidationError):
        report_respond(actor=world.analyst, report=draft, response="Hyvä.")
    report_submit(actor=world.worker, report=draft)
    with pytest.raises(ValidationError):
        report_submit(actor=world.worker, report=draft)


def test_only_the_manager_of_the_reports_team_reads_it_first(world: World) -> None:
    report = report_create(actor=world.worker, team=world.team, content=content(world), submit=True)
    other_manager = UserFactory(role="team_manager", teams=[world.other_team])
    for outsider in (other_manager, world.counsellor, world.analyst):
        with pytest.raises(PermissionDenied):
            report_read(actor=outsider, report=report, comment="")


def test_a_worker_reports_only_to_their_own_team_and_a_provider_to_any_team(world: World) -> None:
    with pytest.raises(ValidationError):
        report_create(actor=world.worker, team=world.other_team, content=content(world))
    report = report_create(actor=world.provider, team=world.other_team, content=content(world))
    assert report.team == world.other_team


def test_analysts_and_authorities_do_not_write_reports(world: World, client: Any) -> None:
    for outsider in (world.analyst, world.authority):
        with pytest.raises(PermissionDenied):
            report_create(actor=outsider, team=TeamFactory(), content=content(world))
    client.force_login(world.analyst)
    assert client.get(reverse("structural:report_new")).status_code == 403


def test_the_author_is_shown_to_the_supervisor_but_never_to_the_analyst(world: World, client: Any) -> None:
    report = report_create(actor=world.worker, team=world.team, content=content(world), submit=True)
    url = reverse("structural:report_detail", kwargs={"report_id": report.pk})
    client.force_login(world.manager)
    assert world.worker.get_full_name() in client.get(url).content.decode()
    report_read(actor=world.manager, report=report, comment="")
    client.force_login(world.analyst)
    page = client.get(url).content.decode()
    assert report.title in page
    assert world.worker.get_full_name() not in page
    assert world.worker.username not in page


def test_drafts_are_seen_by_their_author_only(world: World, client: Any) -> None:
    draft = report_create(actor=world.worker, team=world.team, content=content(world))
    url = reverse("structural:report_detail", kwargs={"report_id": draft.pk})
    for outsider in (world.manager, world.analyst, world.counsellor):
        client.force_login(outsider)
        assert client.get(url).status_code == 404


def test_in_the_browser_a_report_is_written_sent_and_read(world: World, client: Any) -> None:
    client.force_login(world.worker)
    form = {
        "team": world.team.pk,
        "kind": "weak_signal",
        "title": "Digituki puuttuu",
        "observation": "Ikääntyneet eivät saa hakemuksia tehtyä verkossa.",
        "affected": "yli 65-vuotiaat",
        "affected_count": "30",
        "municipality": world.team.municipality.pk,
        "proposed_measures": "Digitukipiste kirjastoon.",
        "urgency": "normal",
        "themes": ["digital"],
        "action": "submit",
    }
    response = client.post(reverse("structural:report_new"), form)
    report = SocialReport.objects.get()
    assert response.status_code == 302
    assert report.status == ReportStatus.SUBMITTED
    assert [t.code for t in report.themes.all()] == ["digital"]
    client.force_login(world.manager)
    listing = client.get(reverse("structural:reports")).content.decode()
    assert "Digituki puuttuu" in listing
    client.post(reverse("structural:report_read", kwargs={"report_id": report.pk}), {"comment": "Hyvä."})
    report.refresh_from_db()
    assert report.status == ReportStatus.READ


def test_in_the_browser_a_henkilotunnus_gets_a_message_on_its_field(world: World, client: Any) -> None:
    client.force_login(world.worker)
    response = client.post(
        reverse("structural:report_new"),
        {
            "team": world.team.pk,
            "kind": "problem",
            "title": "Vuokrarästit",
            "observation": "Asiakas 010190-900P ei saa vuokraa maksettua.",
            "affected": "vuokralaiset",
            "municipality": world.team.municipality.pk,
            "proposed_measures": "Neuvontaa.",
            "urgency": "normal",
            "action": "submit",
        },
    )
    assert response.status_code == 200
    assert "henkilötunnus" in response.content.decode()
    assert not SocialReport.objects.exists()


def test_a_draft_is_changed_by_its_author_then_sent(world: World, client: Any) -> None:
    draft = report_create(actor=world.worker, team=world.team, content=content(world))
    client.force_login(world.worker)
    url = reverse("structural:report_edit", kwargs={"report_id": draft.pk})
    assert client.get(url).status_code == 200
    form = {
        "team": world.team.pk,
        "kind": "good_practice",
        "title": "Jalkautuva ilta toimii",
        "observation": "Nuoret tulevat paikalle.",
        "affected": "nuoret",
        "municipality": world.team.municipality.pk,
        "proposed_measures": "Jatketaan.",
        "urgency": "low",
        "version": draft.version,
        "action": "draft",
    }
    assert client.post(url, form).status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Jalkautuva ilta toimii", ReportStatus.DRAFT)
    client.post(reverse("structural:report_submit", kwargs={"report_id": draft.pk}))
    draft.refresh_from_db()
    assert draft.status == ReportStatus.SUBMITTED
    assert client.get(url).status_code == 403
