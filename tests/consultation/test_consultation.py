"""Consultation between professionals: what an anonymous one refuses, what an identified one needs and
writes, who reads what and for how long, the thread and the asker's notice, and the panels' figures."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from polku.accounts.models import Qualification, Role
from polku.audit.models import DisclosureLogEntry, UseLogEntry
from polku.clients.consents import ban_record
from polku.clients.models import DataSharingConsent
from polku.consultation.models import Consultation, Message, Panel, Status
from polku.consultation.selectors import (
    asked_of,
    consultation_get_for_user,
    panel_statistics,
    unread_answers,
)
from polku.consultation.services import Identified, consultation_ask, consultation_close, consultation_write
from tests.conftest import World
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(world: World) -> Panel:
    panel = Panel.objects.create(name="Juridiikka", topic="law")
    panel.members.add(
        UserFactory(role=Role.SOCIAL_WORKER, qualification=Qualification.SOCIAL_WORKER_PUBLIC_OFFICE)
    )
    return panel


def _ask(world: World, panel: Panel, **changes: Any) -> Consultation:
    arguments: dict[str, Any] = {
        "actor": world.worker,
        "asked_of": "panel",
        "panel": panel,
        "topic": "law",
        "subject": "Vuokranantajan vakuus",
        "question": "Voiko vuokranantaja pidättää koko vakuuden?",
    }
    arguments.update(changes)
    return consultation_ask(**arguments)


def _identified(world: World, **changes: Any) -> Identified:
    arguments: dict[str, Any] = {
        "client": world.client,
        "shared": "Vuokravelkaa 1 240 €, häätöuhka.",
        "shared_until": timezone.localdate() + timedelta(days=14),
        "consent_on": timezone.localdate(),
    }
    arguments.update(changes)
    return Identified(**arguments)


@pytest.mark.parametrize(
    ("field", "text", "why"),
    [
        ("question", "Asiakas 131052-308T kysyy vakuudesta.", "henkilötunnukselta"),
        ("subject", "Vakuus 131052–308t", "henkilötunnukselta"),  # a pasted dash, a lowercase check character
        ("question", "Ville Zyxwvutsson kysyy vakuudesta.", "Ville Zyxwvutsson, joka on asiakkaasi"),
        ("question", "zyxwvutsson ville kysyy vakuudesta.", "Ville Zyxwvutsson, joka on asiakkaasi"),
    ],
)
def test_an_anonymous_consultation_that_identifies_someone_is_refused_and_nothing_is_kept(
    world: World, panel: Panel, field: str, text: str, why: str
) -> None:
    world.client.first_name = "Ville"
    world.client.save()
    with pytest.raises(ValidationError) as refused:
        _ask(world, panel, **{field: text})
    assert why in " ".join(refused.value.message_dict[field])
    assert not Consultation.objects.exists()


def test_a_first_name_or_a_last_name_alone_is_not_a_client_named(world: World, panel: Panel) -> None:
    world.client.first_name = "Ville"
    world.client.save()
    consultation = _ask(world, panel, question="Ville kysyi, ja Zyxwvutsson-nimisiä on monta.")
    assert consultation.client is None


def test_the_name_of_a_client_of_another_team_is_not_the_askers_to_flag(world: World, panel: Panel) -> None:
    text = f"{world.other_client.first_name} {world.other_client.last_name} kysyy."
    assert _ask(world, panel, question=text).pk


def test_a_panel_without_members_is_refused(world: World) -> None:
    empty = Panel.objects.create(name="Päihteet", topic="substance_use")
    with pytest.raises(ValidationError) as refused:
        _ask(world, empty)
    assert "ei ole jäseniä" in refused.value.message_dict["panel"][0]
    assert not Consultation.objects.exists()


def test_a_panel_whose_only_member_is_the_asker_is_refused(world: World) -> None:
    panel = Panel.objects.create(name="Päihteet", topic="substance_use")
    panel.members.add(world.worker)
    with pytest.raises(ValidationError):
        _ask(world, panel)


def test_only_client_work_asks(world: World, panel: Panel) -> None:
    for user in (world.provider, world.analyst, world.authority):
        with pytest.raises(PermissionDenied):
            _ask(world, panel, actor=user)


def test_an_identified_consultation_records_the_consent_and_writes_the_disclosure(
    world: World, panel: Panel
) -> None:
    consultation = _ask(world, panel, identified=_identified(world))
    disclosure = DisclosureLogEntry.objects.get(client_id=world.client.pk)
    assert disclosure.recipient == "Juridiikka"
    assert disclosure.legal_basis == "consent"
    consent = DataSharingConsent.objects.get(client=world.client)
    assert disclosure.consent_id == str(consent.pk)
    assert consent.valid_until == consultation.shared_until
    assert consultation.legal_basis == "consent"


def test_an_identified_consultation_on_a_ground_in_law_needs_no_consent(world: World, panel: Panel) -> None:
    identified = _identified(world, consent_on=None, ground_in_law="SHL 41 §")
    _ask(world, panel, identified=identified)
    assert DisclosureLogEntry.objects.get(client_id=world.client.pk).legal_basis == "law"
    assert not DataSharingConsent.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"consent_on": None}, "consent_on"),
        ({"shared": "  "}, "shared"),
        ({"shared_until": timezone.localdate() + timedelta(days=91)}, "shared_until"),
        ({"shared_until": timezone.localdate() - timedelta(days=1)}, "shared_until"),
        ({"ground_in_law": "SHL 41 §"}, "ground_in_law"),  # both consent and ground
    ],
)
def test_an_identified_consultation_without_its_basis_is_refused_and_nothing_is_disclosed(
    world: World, panel: Panel, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        _ask(world, panel, identified=_identified(world, **changes))
    assert field in refused.value.message_dict
    assert not Consultation.objects.exists()
    assert not DisclosureLogEntry.objects.exists()
    assert not DataSharingConsent.objects.exists()


def test_a_ban_of_the_client_stops_the_identified_consultation(world: World, panel: Panel) -> None:
    ban_record(
        actor=world.worker,
        client=world.client,
        scope="organisation",
        recipient_name="Juridiikka",
        given_on=timezone.localdate(),
    )
    with pytest.raises(PermissionDenied):
        _ask(world, panel, identified=_identified(world))
    assert not Consultation.objects.exists()
    assert not DisclosureLogEntry.objects.exists()


def test_only_a_client_one_works_with_can_be_named(world: World, panel: Panel) -> None:
    with pytest.raises(PermissionDenied):
        _ask(world, panel, identified=_identified(world, client=world.other_client))
    assert not Consultation.objects.exists()


def test_those_asked_read_what_was_shared_until_the_day_set_and_the_read_is_logged(
    world: World, panel: Panel
) -> None:
    consultation = _ask(world, panel, identified=_identified(world))
    member = panel.members.get()
    seen = consultation_get_for_user(user=member, consultation_id=consultation.pk, view="consultation:detail")
    assert seen.readable and not seen.asker
    logged = UseLogEntry.objects.filter(client_id=world.client.pk, user_id=str(member.pk))
    assert logged.get().purpose == "consultation"

    Consultation.objects.filter(pk=consultation.pk).update(
        shared_until=timezone.localdate() - timedelta(days=1)
    )
    seen = consultation_get_for_user(user=member, consultation_id=consultation.pk, view="consultation:detail")
    assert not seen.readable
    assert logged.count() == 1  # nothing of the client was shown, nothing read
    with pytest.raises(PermissionDenied):
        consultation_write(actor=member, consultation=consultation, text="Vastaus")
    assert consultation_get_for_user(
        user=world.worker, consultation_id=consultation.pk, view="consultation:detail"
    ).readable


def test_nobody_else_sees_a_consultation(world: World, panel: Panel) -> None:
    from django.http import Http404

    consultation = _ask(world, panel)
    for user in (world.manager, world.other_worker, world.admin, world.counsellor):
        with pytest.raises(Http404):
            consultation_get_for_user(user=user, consultation_id=consultation.pk, view="consultation:detail")


def test_a_team_consultation_is_seen_and_answered_by_the_teams_members(world: World) -> None:
    consultation = consultation_ask(
        actor=world.other_worker,
        asked_of="team",
        team=world.team,
        topic="housing",
        subject="Asumisneuvonta",
        question="Kuka teillä hoitaa asumisneuvonnan?",
    )
    assert consultation in asked_of(world.counsellor, waiting_only=True)
    consultation_write(actor=world.counsellor, consultation=consultation, text="Asumisneuvoja Laine.")
    consultation.refresh_from_db()
    assert consultation.status == Status.ANSWERED
    assert consultation.first_answer_at is not None


def test_an_answer_reaches_the_asker_until_read_and_a_follow_up_reopens(world: World, panel: Panel) -> None:
    consultation = _ask(world, panel)
    member = panel.members.get()
    assert not unread_answers(world.worker).exists()
    consultation_write(actor=member, consultation=consultation, text="Ei voi, vain todellisen vahingon.")
    assert list(unread_answers(world.worker)) == [consultation]
    Consultation.objects.filter(pk=consultation.pk).update(asker_read_at=timezone.now())
    assert not unread_answers(world.worker).exists()
    consultation_write(actor=world.worker, consultation=consultation, text="Entä siivouskulut?")
    consultation.refresh_from_db()
    assert consultation.status == Status.OPEN
    consultation_write(actor=member, consultation=consultation, text="Ne kyllä.")
    assert list(unread_answers(world.worker)) == [consultation]


def test_a_closed_consultation_takes_no_more_messages(world: World, panel: Panel) -> None:
    consultation = _ask(world, panel)
    with pytest.raises(PermissionDenied):
        consultation_close(actor=panel.members.get(), consultation=consultation)
    consultation_close(actor=world.worker, consultation=consultation)
    with pytest.raises(ValidationError):
        consultation_write(actor=panel.members.get(), consultation=consultation, text="Myöhässä")
    assert not Message.objects.exists()


def test_an_answer_with_a_henkilotunnus_is_refused(world: World, panel: Panel) -> None:
    consultation = _ask(world, panel)
    with pytest.raises(ValidationError):
        consultation_write(actor=panel.members.get(), consultation=consultation, text="Katso 131052-308T")
    assert not Message.objects.exists()


def test_the_panels_median_answer_time_shows_only_from_five_answers(world: World, panel: Panel) -> None:
    member = panel.members.get()
    for hours in (1, 2, 3, 4):
        consultation = _ask(world, panel)
        asked = timezone.now() - timedelta(hours=10)
        Consultation.objects.filter(pk=consultation.pk).update(
            created_at=asked, first_answer_at=asked + timedelta(hours=hours), status="answered"
        )
    (figures,) = panel_statistics()
    assert (figures.asked, figures.answered, figures.median_hours) == (4, 4, None)
    consultation = _ask(world, panel)
    consultation_write(actor=member, consultation=consultation, text="Vastaus")
    Consultation.objects.filter(pk=consultation.pk).update(
        created_at=timezone.now() - timedelta(hours=10), first_answer_at=timezone.now() - timedelta(hours=5)
    )
    (figures,) = panel_statistics()
    # answer times 1, 2, 3, 4 and 5 hours: the median is the middle one, 3 hours
    assert (figures.asked, figures.answered, figures.median_hours) == (5, 5, 3.0)
