"""Decisions (SHL 45-46): content required, who may decide, appeal instructions, the PDF, SHL 45 limit."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from polku.accounts.models import Organisation, OrganisationKind
from polku.casework.models import Initiation
from polku.casework.selectors import deadline_board
from polku.casework.services import initiation_create, special_support_determine
from polku.core.models import StaleEditError
from polku.decisions.appeal import correction_request_last_day, received_on
from polku.decisions.models import Decision, DecisionStatus
from polku.decisions.services import (
    decision_draft,
    decision_make,
    decision_notify,
    decision_service_started,
    decision_update,
)
from polku.provision.models import ServiceOffering
from tests.conftest import World

pytestmark = pytest.mark.django_db

CONTENT = {
    "decision_text": "Myönnetään sosiaalinen kuntoutus ajalle 1.12.2026-28.2.2027.",
    "grounds": "Palvelutarpeen arvioinnin mukaan asiakas hyötyy ryhmätoiminnasta ja kotiohjauksesta.",
    "legal_basis": "Sosiaalihuoltolaki 17 §, 45 §",
}


def draft(world: World, **extra: Any) -> Decision:
    return decision_draft(
        actor=world.worker, client=world.client, decision_type="social_rehabilitation", **(CONTENT | extra)
    )


def made(world: World, **extra: Any) -> Decision:
    decision = draft(world, **extra)
    return decision_make(actor=world.worker, decision=decision, expected_version=decision.version)


@pytest.mark.parametrize(
    ("sent", "method", "received", "last_day"),
    [
        # A letter sent on Monday 2.11.2026 counts as received on 9.11.; +30 days = Wednesday 9.12.2026.
        (date(2026, 11, 2), "letter", date(2026, 11, 9), date(2026, 12, 9)),
        # Handed over on Friday 6.11.2026: +30 days is Sunday 6.12. (Independence Day): next weekday 7.12.
        (date(2026, 11, 6), "in_person", date(2026, 11, 6), date(2026, 12, 7)),
        # Sent electronically on Thursday 19.11.2026: received 22.11.; +30 = Tuesday 22.12.2026.
        (date(2026, 11, 19), "electronic", date(2026, 11, 22), date(2026, 12, 22)),
        # A letter sent 17.11.2026 is received 24.11.; +30 = 24.12. Christmas Eve -> Monday 28.12.2026.
        (date(2026, 11, 17), "letter", date(2026, 11, 24), date(2026, 12, 28)),
    ],
)
def test_the_last_day_for_a_correction_request(
    sent: date, method: str, received: date, last_day: date
) -> None:
    assert received_on(method, sent) == received
    assert correction_request_last_day(method, sent) == last_day


@pytest.mark.parametrize("missing", ["decision_text", "grounds", "legal_basis"])
def test_a_decision_without_its_content_is_not_made(world: World, missing: str) -> None:
    decision = draft(world, **{missing: ""})
    with pytest.raises(ValidationError) as refused:
        decision_make(actor=world.worker, decision=decision, expected_version=decision.version)
    assert missing in refused.value.message_dict
    assert Decision.objects.get(pk=decision.pk).status == DecisionStatus.DRAFT


def test_for_a_client_needing_special_support_only_a_public_office_social_worker_decides(
    world: World,
) -> None:
    special_support_determine(actor=world.worker, client=world.client, grounds=["mental"], explanation="x")
    decision = decision_draft(
        actor=world.counsellor, client=world.client, decision_type="social_rehabilitation", **CONTENT
    )
    with pytest.raises(PermissionDenied) as refused:
        decision_make(actor=world.counsellor, decision=decision, expected_version=decision.version)
    assert "SHL 46" in str(refused.value)
    assert decision_make(
        actor=world.worker, decision=decision, expected_version=decision.version
    ).decided_by == (world.worker)


def test_only_the_clients_workers_prepare_decisions(world: World) -> None:
    for outsider in (world.other_worker, world.analyst, world.provider, world.manager):
        with pytest.raises(PermissionDenied):
            decision_draft(actor=outsider, client=world.client, decision_type="other", **CONTENT)


def test_a_made_decision_is_not_edited_and_a_stale_draft_edit_is_refused(world: World) -> None:
    decision = draft(world)
    stale = Decision.objects.get(pk=decision.pk)
    decision_update(actor=world.worker, decision=decision, expected_version=decision.version, grounds="Uudet")
    with pytest.raises(StaleEditError):
        decision_update(
            actor=world.counsellor, decision=stale, expected_version=stale.version, grounds="Vanhat"
        )
    decision.refresh_from_db()
    decision_make(actor=world.worker, decision=decision, expected_version=decision.version)
    with pytest.raises(ValidationError):
        decision_update(
            actor=world.worker, decision=decision, expected_version=decision.version + 1, grounds="x"
        )


def test_notification_stores_the_appeal_day_and_happens_once(world: World) -> None:
    decision = made(world)
    today = timezone.localdate()
    notified = decision_notify(actor=world.worker, decision=decision, method="letter", sent_on=today)
    assert notified.appeal_last_day == correction_request_last_day("letter", today)
    with pytest.raises(ValidationError):
        decision_notify(actor=world.worker, decision=notified, method="letter", sent_on=today)
    with pytest.raises(ValidationError):
        decision_notify(
            actor=world.worker, decision=made(world), method="letter", sent_on=today + timedelta(days=1)
        )


def test_a_granted_service_must_start_within_three_months_of_the_initiation_or_a_reason_is_recorded(
    world: World,
) -> None:
    initiation = initiation_create(
        actor=world.advisor,
        client=world.client,
        team=world.team,
        initiator_type="application",
        need="Sosiaalinen kuntoutus",
        initiated_at=timezone.now() - timedelta(days=100),
    )
    decision = made(world, initiation=initiation)
    initiation.refresh_from_db()
    assert initiation.service_due is not None and initiation.service_due < timezone.localdate()
    rows = deadline_board(user=world.manager, view="t")
    assert [(row.kind, row.overdue) for row in rows] == [("service", True)]
    with pytest.raises(ValidationError) as refused:
        decision_service_started(actor=world.worker, decision=decision, started_on=timezone.localdate())
    assert "delay_reason" in refused.value.message_dict
    decision_service_started(
        actor=world.worker,
        decision=decision,
        started_on=timezone.localdate(),
        delay_reason="Ryhmä alkoi vasta joulukuussa.",
    )
    assert Initiation.objects.get(pk=initiation.pk).service_started_on == timezone.localdate()
    assert deadline_board(user=world.manager, view="t") == []


def test_the_decision_pages_prepare_make_notify_and_print_in_finnish_and_swedish(
    client: Any, world: World
) -> None:
    provider = Organisation.objects.create(name="Kuntoutuspaja Oy", kind=OrganisationKind.PROVIDER)
    ServiceOffering.objects.create(
        provider=provider, kind="social_rehabilitation", name="Sosiaalinen kuntoutus"
    )
    client.force_login(world.worker)
    response = client.post(
        reverse("decisions:create", kwargs={"client_id": world.client.pk}),
        CONTENT
        | {
            "decision_type": "social_rehabilitation",
            "outcome": "granted",
            "provider": provider.pk,
            "language": "fi",
        },
    )
    decision = Decision.objects.get()
    assert response.status_code == 302
    detail = reverse("decisions:detail", kwargs={"decision_id": decision.pk})
    client.post(
        detail,
        CONTENT
        | {
            "decision_type": "social_rehabilitation",
            "outcome": "granted",
            "provider": provider.pk,
            "language": "fi",
            "version": decision.version,
            "make": "1",
        },
    )
    assert Decision.objects.get().status == DecisionStatus.DECIDED
    client.post(
        reverse("decisions:notify", kwargs={"decision_id": decision.pk}),
        {"method": "letter", "sent_on": timezone.localdate().isoformat()},
    )
    page = client.get(detail).content.decode()
    last_day = correction_request_last_day("letter", timezone.localdate())
    assert f"{last_day.day}.{last_day.month}.{last_day.year}" in page
    for language in ("fi", "sv"):
        pdf = client.get(reverse("decisions:pdf", kwargs={"decision_id": decision.pk}), {"lang": language})
        assert pdf.status_code == 200
        assert pdf["Content-Type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF")


def test_a_decision_is_hidden_from_those_who_may_not_see_the_client(client: Any, world: World) -> None:
    decision = made(world)
    client.force_login(world.other_worker)
    assert client.get(reverse("decisions:detail", kwargs={"decision_id": decision.pk})).status_code == 404
    assert client.get(reverse("decisions:pdf", kwargs={"decision_id": decision.pk})).status_code == 404


def test_the_provider_must_offer_the_service_in_the_catalogue(world: World) -> None:
    provider = Organisation.objects.create(name="Pelkkä Kotipalvelu Oy", kind=OrganisationKind.PROVIDER)
    ServiceOffering.objects.create(provider=provider, kind="rehabilitative_work_activity", name="Työtoiminta")
    decision = draft(world, provider=provider)
    with pytest.raises(ValidationError) as refused:
        decision_make(actor=world.worker, decision=decision, expected_version=decision.version)
    assert "provider" in refused.value.message_dict


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_decision_document_carries_the_appeal_instructions_and_the_last_day(
    world: World, language: str
) -> None:
    from django.utils import translation

    from polku.decisions.document import decision_document_html

    decision = made(world)
    decision = decision_notify(
        actor=world.worker, decision=decision, method="letter", sent_on=timezone.localdate()
    )
    html = decision_document_html(decision, language)
    day = decision.appeal_last_day
    assert day is not None and f"{day.day}.{day.month}.{day.year}" in html
    assert f'lang="{language}"' in html
    with translation.override(language):
        assert str(translation.gettext("Instructions for requesting a correction")) in html
    assert world.client.hetu in html


def form_data(decision: Decision, **changes: Any) -> dict[str, Any]:
    """What the decision page posts: the draft's fields as they stand, with the worker's edits."""
    return (
        CONTENT
        | {
            "decision_type": decision.decision_type,
            "outcome": decision.outcome,
            "language": decision.language,
            "start_date": decision.start_date.isoformat() if decision.start_date else "",
            "end_date": decision.end_date.isoformat() if decision.end_date else "",
            "version": decision.version,
        }
        | changes
    )


def stored(decision: Decision) -> tuple[Any, ...]:
    row = Decision.objects.get(pk=decision.pk)
    return (row.status, row.version, row.start_date, row.end_date, row.grounds, row.decided_at)


def test_a_refused_decision_stores_nothing_so_the_corrected_one_is_made(world: World) -> None:
    decision = draft(world, start_date=date(2026, 12, 1), end_date=date(2027, 2, 28))
    before = stored(decision)
    with pytest.raises(ValidationError) as refused:
        decision_make(
            actor=world.worker,
            decision=decision,
            expected_version=decision.version,
            end_date=date(2026, 11, 1),
            grounds="Uudet perustelut",
        )
    assert "end_date" in refused.value.message_dict
    assert stored(decision) == before
    decision = Decision.objects.get(pk=decision.pk)
    made_now = decision_make(
        actor=world.worker, decision=decision, expected_version=before[1], end_date=date(2027, 3, 31)
    )
    assert (made_now.status, made_now.end_date, made_now.version) == (
        DecisionStatus.DECIDED,
        date(2027, 3, 31),
        before[1] + 1,
    )
    with pytest.raises(ValidationError):  # a draft is not saved with its end before its start either
        draft(world, start_date=date(2026, 12, 1), end_date=date(2026, 11, 1))


def test_on_the_page_a_refused_decision_keeps_the_draft_and_the_fixed_one_is_made(
    client: Any, world: World
) -> None:
    client.force_login(world.worker)
    client.post(
        reverse("decisions:create", kwargs={"client_id": world.client.pk}),
        form_data(Decision(decision_type="social_rehabilitation", language="fi"), version="")
        | {"start_date": "2026-12-01", "end_date": "2027-02-28"},
    )
    decision = Decision.objects.get()
    before = stored(decision)
    detail = reverse("decisions:detail", kwargs={"decision_id": decision.pk})
    refused = client.post(detail, form_data(decision, end_date="2026-11-01", make="1"))
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Päättymispäivä ei voi olla ennen alkamispäivää." in page
    assert 'value="2026-11-01"' in page  # the form keeps what was typed
    assert stored(decision) == before
    response = client.post(detail, form_data(decision, end_date="2027-03-31", make="1"))
    assert response.status_code == 302
    assert Decision.objects.get().status == DecisionStatus.DECIDED
    assert Decision.objects.get().end_date == date(2027, 3, 31)


def test_on_the_page_a_decision_refused_under_shl_46_leaves_the_draft_for_the_social_worker(
    client: Any, world: World
) -> None:
    special_support_determine(actor=world.worker, client=world.client, grounds=["mental"], explanation="x")
    decision = decision_draft(
        actor=world.counsellor, client=world.client, decision_type="social_rehabilitation", **CONTENT
    )
    before = stored(decision)
    client.force_login(world.counsellor)
    detail = reverse("decisions:detail", kwargs={"decision_id": decision.pk})
    refused = client.post(detail, form_data(decision, grounds="Muokatut perustelut", make="1"))
    assert refused.status_code == 200 and "SHL 46" in refused.content.decode()
    assert stored(decision) == before
    client.force_login(world.worker)
    response = client.post(detail, form_data(decision, grounds="Muokatut perustelut", make="1"))
    assert response.status_code == 302
    made_now = Decision.objects.get()
    assert (made_now.status, made_now.grounds, made_now.decided_by) == (
        DecisionStatus.DECIDED,
        "Muokatut perustelut",
        world.worker,
    )
