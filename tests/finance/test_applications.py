"""Social assistance applications (laki toimeentulotuesta 1412/1997): the handling time, the worker's
calculation and grants, the decision made on them, and what a refusal leaves."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader

from polku.audit.models import UseLogEntry
from polku.casework.services import assessment_start, initiation_create
from polku.decisions.document import decision_pdf
from polku.decisions.models import Decision, DecisionStatus
from polku.decisions.services import decision_draft, decision_make
from polku.finance.deadlines import application_due
from polku.finance.models import (
    Application,
    ApplicationStatus,
    CalculationLine,
    CountedPerson,
    Grant,
    HouseholdMember,
)
from polku.finance.services_assistance import (
    GrantIn,
    application_complete,
    application_register,
    calculation_save,
    grants_save,
)
from polku.finance.services_household import BudgetLineIn, budget_version_save, debt_add
from tests.conftest import World

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.mark.parametrize(
    ("received", "complete", "urgent", "due"),
    [
        # Complete on Friday 4.12.2026: seven weekdays are 7.-11.12. and 14.-15.12.: Tuesday 15.12.
        (date(2026, 12, 4), date(2026, 12, 4), False, date(2026, 12, 15)),
        # Complete on Monday 21.12.2026: 22., 23., (24.-27. Christmas Eve, Christmas, the weekend), 28., 29.,
        # 30., 31., (1.1. New Year's Day), Monday 4.1.2027.
        (date(2026, 12, 18), date(2026, 12, 21), False, date(2027, 1, 4)),
        # Incomplete, received Thursday 3.12.2026: its completion is requested by Monday 14.12.
        (date(2026, 12, 3), None, False, date(2026, 12, 14)),
        # Urgent, received on Friday 4.12.2026: decided by the next weekday, Monday 7.12.
        (date(2026, 12, 4), date(2026, 12, 4), True, date(2026, 12, 7)),
    ],
)
def test_the_handling_time_by_hand(received: date, complete: date | None, urgent: bool, due: date) -> None:
    assert application_due(received_on=received, complete_on=complete, urgent=urgent) == due


def register(world: World, **extra: Any) -> Application:
    fields: dict[str, Any] = {
        "kind": "supplementary",
        "received_on": timezone.localdate() - timedelta(days=3),
        "what_for": "Vuokravakuus uuteen asuntoon",
    }
    return application_register(actor=world.worker, client=world.client, **(fields | extra))


def completed(world: World, **extra: Any) -> Application:
    application = register(world, **extra)
    return application_complete(
        actor=world.worker,
        application=application,
        complete_on=application.received_on,
        expected_version=application.version,
    )


VILLE_LINES = [
    {"direction": "expense", "kind": "rent", "amount": D("650.00")},
    {"direction": "expense", "kind": "rent_deposit", "amount": D("1300.00")},
    {"direction": "income", "kind": "unemployment", "amount": D("750.00")},
    {"direction": "income", "kind": "housing_allowance", "amount": D("420.00")},
    {"direction": "income", "kind": "basic_assistance", "amount": D("58.43")},
]
MARCH = {"period_start": date(2026, 3, 1), "period_end": date(2026, 3, 31)}


def calculated(world: World) -> Application:
    application = completed(world)
    calculation_save(
        actor=world.worker,
        application=application,
        expected_version=application.version,
        persons=[(None, "alone")],
        lines=VILLE_LINES,
        **MARCH,
    )
    application.refresh_from_db()
    return application


def test_a_forwarded_application_rests_on_kelas_decision(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        register(world, channel="kela")
    assert "kela_decision_number" in refused.value.message_dict
    assert not Application.objects.exists()
    assert register(world, channel="kela", kela_decision_number="TO-2026-123456").channel == "kela"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("received_on", date(1999, 12, 31)),
        ("received_on", timezone.localdate() + timedelta(days=1)),
        ("what_for", " "),
    ],
)
def test_an_application_that_cannot_be_is_refused_and_nothing_stored(
    world: World, field: str, value: Any
) -> None:
    with pytest.raises(ValidationError) as refused:
        register(world, **{field: value})
    assert field in refused.value.message_dict
    assert not Application.objects.exists()


def test_the_calculation_is_saved_whole(world: World) -> None:
    application = calculated(world)
    assert application.counted.get().category == "alone"
    assert application.lines.count() == 5
    assert (application.period_start, application.period_end) == (date(2026, 3, 1), date(2026, 3, 31))


@pytest.mark.parametrize(
    ("persons", "lines", "field"),
    [
        # A household member counted twice.
        ("twice", VILLE_LINES, "persons"),
        # Another client's household member.
        ("stranger", VILLE_LINES, "persons"),
        ([(None, "alone")], [{"direction": "expense", "kind": "rent", "amount": D("-1.00")}], "lines"),
        ([(None, "alone")], [{"direction": "expense", "kind": "rent", "amount": D("1000000.01")}], "lines"),
        ([(None, "alone")], [{"direction": "income", "kind": "rent", "amount": D("1.00")}], "lines"),
    ],
)
def test_a_refused_calculation_leaves_the_earlier_one(
    world: World, persons: Any, lines: Any, field: str
) -> None:
    application = calculated(world)
    spouse = HouseholdMember.objects.create(client=world.client, first_name="Sanna", relation="spouse")
    stranger = HouseholdMember.objects.create(client=world.other_client, first_name="Outo", relation="spouse")
    named = {
        "twice": [(None, "adult"), (spouse.pk, "adult"), (spouse.pk, "adult")],
        "stranger": [(None, "adult"), (stranger.pk, "adult")],
    }
    chosen = named[persons] if isinstance(persons, str) else persons
    with pytest.raises(ValidationError) as refused:
        calculation_save(
            actor=world.worker,
            application=application,
            expected_version=application.version,
            persons=chosen,
            lines=lines,
            **MARCH,
        )
    assert field in refused.value.message_dict
    assert CountedPerson.objects.filter(application=application).count() == 1
    assert CalculationLine.objects.filter(application=application).count() == 5


def test_a_payment_commitment_names_its_payee(world: World) -> None:
    application = calculated(world)
    with pytest.raises(ValidationError) as refused:
        grants_save(
            actor=world.worker,
            application=application,
            expected_version=application.version,
            grants=[GrantIn("rent_deposit", D("1300.00"), "commitment")],
        )
    assert "payee" in refused.value.message_dict
    assert not Grant.objects.exists()


def money_decision(world: World, application: Application, **content: Any) -> Decision:
    return decision_draft(
        actor=world.worker,
        client=world.client,
        decision_type="supplementary_assistance",
        application=application,
        legal_basis="Laki toimeentulotuesta 1412/1997 7 c §",
        **content,
    )


def test_a_decision_without_grounds_or_grants_is_refused_and_the_application_stays_open(world: World) -> None:
    application = calculated(world)
    decision = money_decision(world, application, decision_text="Myönnetään vuokravakuus.")
    with pytest.raises(ValidationError) as refused:
        decision_make(actor=world.worker, decision=decision, expected_version=decision.version)
    assert {"grounds", "application"} <= set(refused.value.message_dict)
    application.refresh_from_db()
    decision.refresh_from_db()
    assert (application.status, decision.status) == (ApplicationStatus.COMPLETE, DecisionStatus.DRAFT)


def test_preventive_assistance_states_its_purpose(world: World) -> None:
    application = completed(world, kind="preventive")
    decision = decision_draft(
        actor=world.worker,
        client=world.client,
        decision_type="preventive_assistance",
        application=application,
        decision_text="x",
        grounds="y",
        legal_basis="z",
        outcome="denied",
    )
    with pytest.raises(ValidationError) as refused:
        decision_make(actor=world.worker, decision=decision, expected_version=decision.version)
    assert (
        _("Preventive assistance is discretionary: state its purpose on the application.")
        in (refused.value.message_dict["application"])
    )


def made_decision(world: World) -> tuple[Application, Decision]:
    application = calculated(world)
    grants_save(
        actor=world.worker,
        application=application,
        expected_version=application.version,
        grants=[
            GrantIn(
                "rent_deposit",
                D("1300.00"),
                "commitment",
                payee="Vuokra-Koti Oy",
                payee_reference="FI49 5000 9420 0287 30",
            )
        ],
    )
    decision = money_decision(
        world,
        application,
        decision_text="Myönnetään täydentävää toimeentulotukea vuokravakuuteen maksusitoumuksella.",
        grounds="Vuokravakuus on välttämätön asunnon saamiseksi; laskelman mukaan tulot eivät riitä.",
    )
    decision_make(actor=world.worker, decision=decision, expected_version=decision.version)
    application.refresh_from_db()
    decision.refresh_from_db()
    return application, decision


def test_the_decision_closes_the_application_and_keeps_its_calculation(world: World) -> None:
    application, decision = made_decision(world)
    assert (application.status, application.outcome, application.decided_on) == (
        ApplicationStatus.DECIDED,
        "granted",
        timezone.localdate(),
    )
    assert application.calculation is not None and application.calculation["shortfall"] == "1300.00"
    assert decision.record_number
    with pytest.raises(ValidationError):  # a decided application is not recalculated
        calculation_save(
            actor=world.worker,
            application=application,
            expected_version=application.version,
            persons=[(None, "alone")],
            lines=[],
            **MARCH,
        )


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("fi", ["Maksusitoumus", "Vuokra-Koti Oy", "Alijäämä 1 300,00 €", "Oikaisuvaatimusohje"]),
        (
            "sv",
            [
                "Betalningsförbindelse",
                "Vuokra-Koti Oy",
                "Underskott 1 300,00 €",
                "Anvisning om begäran om omprövning",
            ],
        ),
    ],
)
def test_the_letter_shows_the_calculation_the_payee_and_the_appeal_instructions(
    world: World, language: str, texts: list[str]
) -> None:
    _application, decision = made_decision(world)
    pages = PdfReader(io.BytesIO(decision_pdf(decision, language))).pages
    text = " ".join(page.extract_text() for page in pages).replace("\xa0", " ")
    for expected in texts:
        assert expected in text, expected


def test_pages_of_an_application(client: Any, world: World) -> None:
    application = calculated(world)
    client.force_login(world.worker)
    page = client.get(reverse("finance:application", kwargs={"application_id": application.pk}))
    assert page.status_code == 200
    assert "Laskelma" in page.content.decode() and "1\xa0300,00\xa0€" in page.content.decode()
    assert UseLogEntry.objects.filter(view="finance:application", client_id=world.client.pk).exists()
    prepared = client.post(reverse("decisions:for_application", kwargs={"application_id": application.pk}))
    decision = Decision.objects.get(application=application)
    assert prepared["Location"] == reverse("decisions:detail", kwargs={"decision_id": decision.pk})
    detail = client.get(prepared["Location"]).content.decode()
    assert "Palvelun tuottaja" not in detail  # no provider on a money decision
    client.force_login(world.other_worker)
    assert (
        client.get(reverse("finance:application", kwargs={"application_id": application.pk})).status_code
        == 404
    )


def test_a_new_application_through_the_page(client: Any, world: World) -> None:
    client.force_login(world.worker)
    url = reverse("finance:application_create", kwargs={"client_id": world.client.pk})
    answer = client.post(
        url,
        {
            "kind": "supplementary",
            "channel": "client",
            "received_on": "99.99.2026",
            "what_for": "Vuokravakuus",
        },
    )
    assert answer.status_code == 200 and not Application.objects.exists()
    answer = client.post(
        url,
        {
            "kind": "supplementary",
            "channel": "client",
            "received_on": timezone.localdate().strftime("%d.%m.%Y"),
            "what_for": "Vuokravakuus",
        },
    )
    assert answer.status_code == 302
    assert Application.objects.get().due_on is not None


def test_the_deadline_board_shows_what_is_due_of_each_undecided_application(
    client: Any, world: World
) -> None:
    incomplete = register(world)
    urgent = completed(world, urgent=True)
    decided, _decision = made_decision(world)
    client.force_login(world.worker)
    board = client.get(reverse("casework:deadlines"))
    rows = board.context["application_rows"]
    assert {r.application.pk for r in rows} == {incomplete.pk, urgent.pk}  # not the decided one
    assert [r.due for r in rows] == sorted(r.due for r in rows)
    page = board.content.decode()
    assert reverse("finance:application", kwargs={"application_id": incomplete.pk}) in page
    assert reverse("finance:application", kwargs={"application_id": decided.pk}) not in page
    assert UseLogEntry.objects.filter(view="casework:deadlines", client_id=world.client.pk).exists()
    client.force_login(world.other_worker)
    assert client.get(reverse("casework:deadlines")).context["application_rows"] == []


def test_the_assessment_shows_the_households_money(client: Any, world: World) -> None:
    initiation = initiation_create(
        actor=world.worker, client=world.client, team=world.team, initiator_type="application", need="Talous"
    )
    assessment_start(actor=world.worker, initiation=initiation)
    client.force_login(world.worker)
    url = reverse("casework:assessment", kwargs={"initiation_id": initiation.pk})
    assert "1\xa0380,00" not in client.get(url).content.decode()
    budget_version_save(
        actor=world.worker,
        client=world.client,
        month=timezone.localdate().replace(day=1),
        lines=[BudgetLineIn("expense", "rent", D("650.00")), BudgetLineIn("income", "pension", D("600.00"))],
        expected_number=0,
    )
    debt_add(
        actor=world.worker,
        client=world.client,
        creditor="Vuokra-Koti Oy",
        kind="rent_arrears",
        amount=D("1380"),
    )
    page = client.get(url).content.decode()
    assert "50,00\xa0€" in page and "1\xa0380,00\xa0€" in page  # the shortfall and the debts
    assert reverse("finance:client", kwargs={"client_id": world.client.pk}) in page
