"""Ville's story (domain.md, "The reference story") made through the same services the pages use:
Kela's contact, the initiation in the Koivula team's queue, two meetings, the assessment with Ville's own
pre-assessment, and the named personal worker.

The story is one calendar counted back from the day the demo is loaded (`VilleDays`): Kela's contact about
six months before, the social rehabilitation running since about five months, its review meeting two months
ago, and its last weeks now, with the next sessions booked. Every step is written inside `happened_at`, so
that it carries the day it happened, not the moment of loading."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from polku.accounts.models import User
from polku.casework.models import JournalKind
from polku.casework.services import (
    Person,
    Sender,
    assessment_complete,
    assessment_save,
    assessment_start,
    contact_receive,
    initiation_take,
    journal_note_add,
    personal_worker_assign,
    pre_assessment_pull,
    pre_assessment_send,
    pre_assessment_submit,
)
from polku.casework.statements import statement_make
from polku.clients.consents import ban_record, consent_record
from polku.clients.hetu import make_hetu
from polku.clients.models import BanScope, Client, ConsentMethod, DocumentType
from polku.clients.services import client_update
from polku.core.crypto import search_hash
from polku.demo.backdate import happened_at
from polku.demo.ville_days import VilleDays, at
from polku.demo.ville_money import load_ville_money
from polku.demo.ville_services import load_ville_services

VILLE_HETU = make_hetu(date(1996, 2, 14), 917)


def ville_exists() -> bool:
    return Client.objects.filter(hetu_hash=search_hash(VILLE_HETU)).exists()


def ville_client() -> Client | None:
    return Client.objects.filter(hetu_hash=search_hash(VILLE_HETU)).first()


@transaction.atomic
def load_ville(
    *, kela: User, advisor: User, social_worker: User, provider_worker: User, today: date | None = None
) -> Client | None:
    """Create Ville's story once, on the calendar counted back from `today`; None when it is already there."""
    if ville_exists():
        return None
    days = VilleDays(today or timezone.localdate())
    with happened_at(at(days.contact, 10, 12)):
        contact, _ = contact_receive(
            actor=kela,
            person=Person(hetu=VILLE_HETU, first_name="Ville", last_name="Polkunen", language="fi"),
            sender=Sender(organisation="Kela", name="Kaisa Käsittelijä", phone="020 692 200"),
            consent=True,
            reasons=["rent_arrears", "forms_and_applications", "life_management"],
            description=(
                "Myönnetty perustoimeentulotuki 4 kuukaudeksi. Vuokra- ja muita maksurästejä, asiakkaalla "
                "vaikeuksia täyttää lomakkeita. Asiakas antoi suostumuksen yhteydenottoon."
            ),
            contacted_at=at(days.contact, 10, 12),
            idempotency_key="demo-ville-kela-1",
            notice_type="social_work_need",
        )
    ville = contact.client
    initiation = contact.initiation
    with happened_at(at(days.taken, 9, 40)):
        journal_note_add(
            actor=advisor,
            client=ville,
            kind=JournalKind.NOTE,
            at=at(days.taken, 9, 40),
            text="Ville on ollut aiemmin jälkihuollon asiakas. Tiimi käsitteli yhteydenoton; "
            "sosiaalityöntekijä ottaa asian.",
        )
    with happened_at(at(days.taken, 10, 5)):
        initiation_take(actor=social_worker, initiation=initiation)
    initiation.refresh_from_db()
    with happened_at(at(days.assessment_started, 13, 30)):
        ville = client_update(
            actor=social_worker,
            client=ville,
            expected_version=ville.version,
            municipality=initiation.team.municipality,
            phone="040 123 4567",
            email="ville@asiakas.example",
            street_address="Koivukuja 3 B 12",
            postal_code="96100",
            post_office="Koivula",
        )
        assessment = assessment_start(actor=social_worker, initiation=initiation)
        pre, token = pre_assessment_send(actor=social_worker, assessment=assessment)
        # Answered at home two evenings later, while the link was valid (inside the sending's block,
        # so that the link has not yet expired when the demo answers it).
        with happened_at(at(days.pre_assessment_answered, 19, 15)):
            pre_assessment_submit(
                token=token,
                own_view="Laskut ovat kasaantuneet ja päivät menevät sekaisin. "
                "Haluaisin saada asiat järjestykseen.",
                needs="Apua laskujen ja lomakkeiden kanssa, ja jotain tekemistä päiviin.",
                strengths="Tykkään elokuvista ja osaan korjata tietokoneita.",
            )
    with happened_at(at(days.first_meeting, 11, 30)):
        journal_note_add(
            actor=social_worker,
            client=ville,
            kind=JournalKind.MEETING,
            at=at(days.first_meeting, 10),
            text="Ensimmäinen tapaaminen: toimintakyky, vahvuudet ja tuen tarpeet. Käytiin läpi "
            "Villen oma ennakkoarvio.",
        )
        consent_record(
            actor=social_worker,
            client=ville,
            recipient="Kela",
            purpose="Toimeentulotuen ja sosiaalityön yhteistyö: tiedot tuen tarpeesta ja palveluista",
            given_on=days.first_meeting,
            method=ConsentMethod.WRITTEN,
            valid_until=days.today + timedelta(days=120),
        )
        ban_record(
            actor=social_worker,
            client=ville,
            scope=BanScope.DOCUMENT,
            document_type=DocumentType.SELF_ASSESSMENT,
            given_on=days.first_meeting,
            note="Ville ei halua itsearviointejaan luovutettavan muille kuin omille työntekijöilleen.",
        )
        pre.refresh_from_db()
        assessment = pre_assessment_pull(actor=social_worker, pre_assessment=pre, assessment=assessment)
    with happened_at(at(days.assessment_completed, 11, 45)):
        journal_note_add(
            actor=social_worker,
            client=ville,
            kind=JournalKind.MEETING,
            at=at(days.assessment_completed, 10),
            text="Toinen tapaaminen: palvelutarpeen arviointi tehtiin yhdessä. Sosiaalinen kuntoutus "
            "(elokuvaryhmä, kotiohjaus) ehdolla.",
        )
        assessment = assessment_save(
            actor=social_worker,
            assessment=assessment,
            expected_version=assessment.version,
            need_duration="long_term",
            situation_summary=(
                "Vuokra- ja maksurästejä, arjen rytmi hukassa, asioiden hoitaminen vaikeaa. "
                "Aiemmin jälkihuollon asiakas."
            ),
            service_needs=(
                "Sosiaalinen kuntoutus: ryhmätoiminta (elokuvaryhmä) ja kotiohjaus; talous- ja velkaneuvonta."
            ),
            conclusion="Asiakkuuden edellytykset täyttyvät; asiakkuus jatkuu aikuissosiaalityössä.",
            personal_worker_client_view="yes",
            personal_worker_professional_view="yes",
        )
        assessment_complete(actor=social_worker, assessment=assessment, expected_version=assessment.version)
        personal_worker_assign(
            actor=social_worker, relationship=initiation.relationship, worker=social_worker
        )
        # The social welfare statement written back to Kela on its notice; Kela's token reads it once.
        statement_make(
            actor=social_worker,
            contact=contact,
            text=(
                "Ville on aikuissosiaalityön asiakas; palvelutarpeen arviointi on tehty ja omatyöntekijä "
                "nimetty. Hänelle järjestetään sosiaalista kuntoutusta sekä talous- ja velkaneuvontaa. "
                "Sosiaalihuolto puoltaa, että asumismenojen rästit otetaan huomioon perustoimeentulotuessa."
            ),
        )
    initiation.refresh_from_db()
    others = list(
        Client.objects.visible_to(social_worker)
        .exclude(pk=ville.pk)
        .filter(initiations__isnull=True)
        .order_by("hetu_hash")[:4]
    )
    load_ville_money(ville=ville, social_worker=social_worker, days=days)
    load_ville_services(
        ville=ville,
        initiation=initiation,
        social_worker=social_worker,
        provider_worker=provider_worker,
        others=others,
        days=days,
    )
    return ville
