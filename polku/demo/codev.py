"""The demo's co-development (issue 17): a roster of three co-developers, the project "Sosiaalisen
kuntoutuksen ryhmät asiakkaiden kanssa" with two sessions, a named proposal of a developer-client that went
through the first reading and the half-year summary to the welfare board's response, and an anonymous one
waiting for the manager's reading."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from polku.accounts.models import Team, User
from polku.structural.models import DevelopmentProject, SocialReport
from polku.structural.periods import HalfYear
from polku.structural.services import report_read, report_respond, summary_compile, summary_present
from polku.structural.services.codev import (
    codeveloper_add,
    development_project_create,
    participant_join,
    proposal_submit,
    session_record,
)

PROJECT = "Sosiaalisen kuntoutuksen ryhmät asiakkaiden kanssa"


def load_codev(*, manager: User, analyst: User, team: Team, today: date) -> None:
    if DevelopmentProject.objects.filter(name=PROJECT).exists():
        return
    previous = HalfYear.of(today).previous()
    started = previous.last_day - timedelta(days=60)
    scope = "Sosiaalisen kuntoutuksen kehittäminen; nimi ja yhteystiedot kehittämistyötä varten"
    aino = codeveloper_add(
        actor=manager,
        name="Aino Laaksonen",
        role="developer_client",
        contact="aino.laaksonen@example.fi",
        consent_on=started - timedelta(days=7),
        consent_scope=scope,
        availability="Tiistait ja torstait iltapäivisin",
        reward="fee",
        fee=Decimal("40.00"),
    )
    jari = codeveloper_add(
        actor=manager,
        name="Jari Heikkilä",
        role="lived_experience",
        contact="040 123 4567",
        consent_on=started - timedelta(days=7),
        consent_scope=scope,
        availability="Arkisin",
        reward="gift_card",
        reward_note="Lahjakortti 30 € kerralta",
    )
    codeveloper_add(
        actor=manager,
        name="Mervi Rantanen",
        role="developer_client",
        consent_on=started,
        consent_scope=scope,
        availability="Kesällä ei",
    )
    project = development_project_create(
        actor=manager,
        name=PROJECT,
        aim="Ryhmämuotoinen sosiaalinen kuntoutus suunnitellaan yhdessä ryhmiin osallistuvien kanssa.",
        service="Sosiaalinen kuntoutus",
        starts_on=started,
        ends_on=None,
        team=team,
    )
    participant_join(actor=manager, project=project, person=aino, role_in_project="ryhmien suunnittelu")
    participant_join(
        actor=manager, project=project, person=jari, role_in_project="vertaiskeskustelujen vetäjä"
    )
    session_record(
        actor=manager,
        project=project,
        held_on=started + timedelta(days=14),
        topic="Mikä ryhmissä auttaa ja mikä estää tulemasta",
        attended=[aino, jari],
        amounts={jari.pk: Decimal("30.00")},  # Aino's fee by her terms, Jari's gift card's value
    )
    session_record(
        actor=manager,
        project=project,
        held_on=min(today, started + timedelta(days=90)),
        topic="Iltaryhmän kokeilun suunnittelu",
        attended=[aino, jari],
        amounts={jari.pk: Decimal("30.00")},  # Aino's fee by her terms, Jari's gift card's value
    )
    named = proposal_submit(
        actor=manager,
        project=project,
        title="Ryhmä myös iltaisin",
        observation="Päiväryhmiin eivät pääse ne, jotka ovat työkokeilussa tai opiskelevat.",
        proposed_measures="Yksi sosiaalisen kuntoutuksen ryhmä kokoontuisi iltaisin kokeiluna puoli vuotta.",
        affected="Työkokeilussa olevat ja opiskelevat ryhmäläiset",
        proposed_by=aino,
    )
    SocialReport.objects.filter(pk=named.pk).update(
        submitted_at=timezone.now() - (today - started) + timedelta(days=20)
    )
    named.refresh_from_db()
    report_read(actor=manager, report=named, comment="Hyvä ehdotus; viedään puolivuotiskoosteeseen.")
    summary = summary_compile(actor=analyst, municipality=team.municipality, period=previous)  # type: ignore[arg-type]
    summary_present(
        actor=analyst,
        summary=summary,
        presented_to="Hyvinvointilautakunta",
        presented_on=min(today, previous.last_day + timedelta(days=30)),
    )
    named.refresh_from_db()
    report_respond(
        actor=analyst,
        report=named,
        response="Iltaryhmän kokeilu alkaa tammikuussa Koivulan kirjastolla; kokeilu arvioidaan kesäkuussa.",
    )
    proposal_submit(
        actor=manager,
        project=project,
        title="Selkokielinen tiivistelmä päätöksiin",
        observation="Päätöskirjeiden kieltä on vaikea ymmärtää, ja moni jättää muutoksenhaun siksi tekemättä.",
        proposed_measures="Jokaisen päätöksen alkuun kolmen virkkeen selkokielinen tiivistelmä.",
        affected="Kaikki aikuissosiaalityön asiakkaat",
    )
