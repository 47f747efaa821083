"""What the system writes on the timeline is stored as a message code with parameters and shown in the
reader's language: a Swedish or English reader sees no Finnish the system wrote (a person's own text stays
as written). Contact reasons (code list rows) read in the reader's language too."""

from __future__ import annotations

import importlib
import re
from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from polku.accounts.services import token_create
from polku.casework.journal_messages import MESSAGES, encode_params, in_languages, journal_text, recognise
from polku.casework.models import (
    InitiatorType,
    JournalEntry,
    JournalKind,
    NeedDuration,
    ReasonCode,
    SpecialSupportGround,
)
from polku.casework.services import initiation_assign, initiation_create, initiation_set_urgent
from polku.decisions.models import Outcome
from polku.provision.models import ServiceKind
from tests.conftest import World
from tests.factories import ClientFactory

REHABILITATION = in_languages(lambda: ServiceKind.SOCIAL_REHABILITATION.label)
REASON = ReasonCode(code="rent", label_fi="vuokrarästit", label_sv="hyresskulder", label_en="rent arrears")

# message, parameters as the writers pass them, and the text by hand in Finnish, Swedish and English.
# People's text and names ("Anna Berg", "OK") are parameters and stay as written.
CASES: list[tuple[str, dict[str, Any], str, str, str]] = [
    (
        "client_plan_version",
        {"number": 2},
        "Asiakassuunnitelman versio 2.",
        "Klientplanen, version 2.",
        "Client plan version 2.",
    ),
    (
        "assigned",
        {"worker": "Anna Berg"},
        "Osoitettu työntekijälle Anna Berg.",
        "Tilldelat Anna Berg.",
        "Assigned to Anna Berg.",
    ),
    ("marked_urgent", {}, "Merkitty kiireelliseksi.", "Markerat som brådskande.", "Marked urgent."),
    (
        "marked_not_urgent",
        {},
        "Kiireellisyysmerkintä poistettu.",
        "Markeringen som brådskande har tagits bort.",
        "Marked not urgent.",
    ),
    (
        "initiation_closed",
        {"reason": "OK"},
        "Vireilletulo suljettu: OK",
        "Anhängiggörandet avslutat: OK",
        "Initiation closed: OK",
    ),
    (
        "relationship_ended",
        {"team": "Team North", "reason": "OK"},
        "Asiakkuus tiimissä Team North päättyi: OK",
        "Klientrelationen med Team North avslutades: OK",
        "Client relationship with Team North ended: OK",
    ),
    (
        "activation_plan",
        {"office": "Kela"},
        "Aktivointisuunnitelma (Kela).",
        "Aktiveringsplan med Kela.",
        "Activation plan with Kela.",
    ),
    (
        "service_started",
        {"service": REHABILITATION, "provider": "Filmi Oy", "start": date(2026, 1, 5)},
        "Sosiaalinen kuntoutus, Filmi Oy, 5.1.2026 alkaen.",
        "Social rehabilitering hos Filmi Oy från 5.1.2026.",
        "Social rehabilitation at Filmi Oy from 5.1.2026.",
    ),
    (
        "service_ended",
        {"service": REHABILITATION, "summary": "OK"},
        "Sosiaalinen kuntoutus päättyi: OK",
        "Social rehabilitering avslutades: OK",
        "Social rehabilitation ended: OK",
    ),
    (
        "service_ends_on",
        {"service": REHABILITATION, "day": date(2027, 3, 1), "summary": "OK"},
        "Sosiaalinen kuntoutus päättyy 1.3.2027: OK",
        "Social rehabilitering slutar 1.3.2027: OK",
        "Social rehabilitation ends on 1.3.2027: OK",
    ),
    (
        "service_ended_on",
        {"service": REHABILITATION, "day": date(2026, 11, 2), "summary": "OK"},
        "Sosiaalinen kuntoutus päättyi 2.11.2026: OK",
        "Social rehabilitering avslutades 2.11.2026: OK",
        "Social rehabilitation ended on 2.11.2026: OK",
    ),
    (
        "review",
        {"service": REHABILITATION, "average": 3.5, "next": "OK"},
        "Sosiaalinen kuntoutus: tavoitteet 3.5/5. Jatkotoimet: OK",
        "Social rehabilitering: målen 3.5/5. Nästa steg: OK",
        "Social rehabilitation: goals 3.5/5. Next: OK",
    ),
    (
        "kela_statement",
        {"recipient": "Kela", "text": "OK"},
        "Lausunto, vastaanottaja Kela: OK",
        "Utlåtande till Kela: OK",
        "Statement to Kela: OK",
    ),
    (
        "personal_worker",
        {"worker": "Anna Berg", "alongside": None},
        "Omatyöntekijä: Anna Berg.",
        "Egen kontaktperson: Anna Berg.",
        "Personal worker: Anna Berg.",
    ),
    (
        "personal_worker",
        {"worker": "Anna Berg", "alongside": "Eva Ek"},
        "Omatyöntekijä: Anna Berg. Työparina toimiva sosiaalityöntekijä: Eva Ek.",
        "Egen kontaktperson: Anna Berg. Socialarbetare som arbetspar: Eva Ek.",
        "Personal worker: Anna Berg. Social worker alongside: Eva Ek.",
    ),
    (
        "decision",
        {"service": REHABILITATION, "outcome": in_languages(lambda: Outcome.GRANTED.label), "text": "OK"},
        "Sosiaalinen kuntoutus: myönnetty. OK",
        "Social rehabilitering: beviljad. OK",
        "Social rehabilitation: granted. OK",
    ),
    (
        "initiation",
        {"initiator_type": InitiatorType.APPLICATION.label, "need": "OK"},
        "Asiakkaan hakemus: OK",
        "Klientens ansökan: OK",
        "Application by the client: OK",
    ),
    (
        "contact",
        {"initiator": "Kela, Anna Berg", "reasons": [REASON], "description": "OK"},
        "Kela, Anna Berg: vuokrarästit. OK",
        "Kela, Anna Berg: hyresskulder. OK",
        "Kela, Anna Berg: rent arrears. OK",
    ),
    (
        "special_support",
        {"grounds": [SpecialSupportGround.MENTAL.label], "explanation": "OK"},
        "Psyykkinen vamma tai sairaus. OK",
        "Psykisk skada eller sjukdom. OK",
        "Mental disability or illness. OK",
    ),
    (
        "special_support_ended",
        {"day": date(2026, 12, 4), "reason": "OK"},
        "Erityisen tuen tarve päättyi 4.12.2026: OK",
        "Behovet av särskilt stöd upphörde 4.12.2026: OK",
        "Special support ended on 4.12.2026: OK",
    ),
    (
        "assessment_completed",
        {"duration": in_languages(lambda: NeedDuration.LONG_TERM.label), "conclusion": "OK"},
        "Pitkäaikainen. OK",
        "Långvarigt. OK",
        "Long-term. OK",
    ),
]


def _words(text: str) -> set[str]:
    return {word.lower() for word in re.findall(r"[^\W\d_]+", text)}


def test_every_message_has_a_case() -> None:
    assert {case[0] for case in CASES} == set(MESSAGES)


@pytest.mark.parametrize(("message", "params", "fi", "sv", "en"), CASES, ids=[c[0] for c in CASES])
def test_each_system_message_reads_in_the_readers_language(
    message: str, params: dict[str, Any], fi: str, sv: str, en: str
) -> None:
    stored = encode_params(params)
    shown = {}
    for language in ("fi", "sv", "en"):
        with translation.override(language):
            shown[language] = journal_text(message, stored, "")
    assert shown == {"fi": fi, "sv": sv, "en": en}
    finnish = _words(fi) - _words(en) - _words(sv)  # the words only the Finnish text has
    assert not finnish & _words(shown["sv"]) and not finnish & _words(shown["en"])


@pytest.mark.django_db
def test_the_timeline_a_finnish_worker_wrote_reads_in_swedish_and_english(client: Any, world: World) -> None:
    """Entries written through the services by a worker using Finnish, read in Swedish and in English: the
    page and the API."""
    person = ClientFactory()
    with translation.override("fi"):
        initiation = initiation_create(
            actor=world.advisor, client=person, team=world.team, initiator_type="application", need="Rent"
        )
        initiation = initiation_assign(actor=world.advisor, initiation=initiation, worker=world.worker)
        initiation_set_urgent(actor=world.advisor, initiation=initiation, urgent=True)
    assert not JournalEntry.objects.filter(client=person).exclude(summary="").exists()  # nothing in Finnish
    client.force_login(world.worker)
    url = reverse("casework:timeline", kwargs={"client_id": person.pk})
    swedish = client.get(url, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Klientens ansökan: Rent" in swedish
    assert f"Tilldelat {world.worker}." in swedish and "Markerat som brådskande." in swedish
    for finnish in ("Asiakkaan hakemus", "Osoitettu", "kiireelliseksi"):
        assert finnish not in swedish
    bearer = f"Bearer {token_create(user=world.worker)}"
    english = client.get(
        f"/api/v1/clients/{person.pk}/timeline", HTTP_ACCEPT_LANGUAGE="en", HTTP_AUTHORIZATION=bearer
    ).json()
    assert {entry["summary"] for entry in english} == {
        "Application by the client: Rent",
        f"Assigned to {world.worker}.",
        "Marked urgent.",
    }


def test_a_person_s_own_text_is_shown_as_written() -> None:
    with translation.override("sv"):
        assert journal_text("", {}, "Tavattiin kotona.") == "Tavattiin kotona."


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        ("Asiakassuunnitelman versio 2.", ("client_plan_version", {"number": "2"})),
        ("Klientplanen, version 3.", ("client_plan_version", {"number": "3"})),
        ("Merkitty kiireelliseksi.", ("marked_urgent", {})),
        ("Osoitettu työntekijälle Anna Berg.", ("assigned", {"worker": "Anna Berg"})),
        (
            "Omatyöntekijä: Anna Berg. Työparina toimiva sosiaalityöntekijä: Eva Ek.",
            ("personal_worker", {"worker": "Anna Berg", "alongside": "Eva Ek"}),
        ),
        ("Omatyöntekijä: Anna Berg.", ("personal_worker", {"worker": "Anna Berg"})),
        (
            "Sosiaalinen kuntoutus: tavoitteet 3.5/5. Jatkotoimet: Työtoiminta",
            ("review", {"service": "Sosiaalinen kuntoutus", "average": 3.5, "next": "Työtoiminta"}),
        ),
        ("Tavattiin kotona.", None),
        ("Sosiaalinen kuntoutus: myönnetty. Perustelut", None),  # joined: its parts cannot be told apart
    ],
)
def test_entries_written_before_the_codes_are_recognised(summary: str, expected: Any) -> None:
    assert recognise(summary, ("fi", "sv", "en")) == expected


@pytest.mark.django_db
def test_the_migration_turns_recognised_finnish_entries_into_messages_and_keeps_peoples_text(
    world: World,
) -> None:
    migration = importlib.import_module("polku.casework.migrations.0011_journal_entries_carry_a_message_code")
    written = {
        text: JournalEntry.objects.create(client=world.client, kind=kind, author=world.worker, summary=text)
        for kind, text in [
            (JournalKind.CLIENT_PLAN, "Asiakassuunnitelman versio 2."),
            (JournalKind.NOTE, "Merkitty kiireelliseksi."),  # a person's note, whatever it says
            (JournalKind.DECISION, "Sosiaalinen kuntoutus: myönnetty. Perustelut"),
        ]
    }
    migration.summaries_to_messages(apps, None)
    plan, note, decision = (JournalEntry.objects.get(pk=entry.pk) for entry in written.values())
    assert (plan.message, plan.params, plan.summary) == ("client_plan_version", {"number": "2"}, "")
    with translation.override("sv"):
        assert plan.text == "Klientplanen, version 2."
    assert (note.message, note.summary) == ("", "Merkitty kiireelliseksi.")
    assert (decision.message, decision.summary) == ("", "Sosiaalinen kuntoutus: myönnetty. Perustelut")
