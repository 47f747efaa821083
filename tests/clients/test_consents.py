"""The client's consents and bans decide what leaves the register, and every disclosure is logged."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from polku.accounts.models import Organisation
from polku.audit.models import DisclosureLogEntry, LegalBasis
from polku.clients.consents import (
    Recipient,
    ban_record,
    ban_withdraw,
    consent_record,
    consent_withdraw,
    disclosure_basis,
)
from polku.clients.models import DataSharingConsent, DisclosureBan
from polku.plans.models import PlanVersion
from polku.plans.services import GoalIn, PartnerIn, PlanContent, plan_create
from polku.provision.models import ServiceEpisode
from tests.conftest import World
from tests.factories import provider_of, referred_by_decision

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def english(client: Any) -> Iterator[None]:
    """Messages are asserted in English; pages are asked for in English too."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def provider(world: World) -> Organisation:
    return provider_of(world.provider)


def refer(world: World, provider: Organisation) -> ServiceEpisode:
    return referred_by_decision(worker=world.worker, client=world.client, provider=provider)


def joint_plan(partner: str) -> PlanContent:
    return PlanContent(
        client_view_of_need="Työ kiinnostaa.",
        professional_view_of_need="Aktivointi.",
        meeting_frequency="Kerran kuussa",
        goals=[GoalIn("Työkokeilu", "together")],
        partners=[PartnerIn(partner, "employment", "Aktivointisuunnitelma")],
        is_joint=True,
        consent_note="Suullisesti tapaamisessa",
    )


def test_a_referral_to_a_provider_is_logged_as_a_disclosure_with_its_basis(
    world: World, provider: Organisation
) -> None:
    episode = refer(world, provider)
    row = DisclosureLogEntry.objects.get(client_id=world.client.pk)
    assert row.recipient == "Kuntoutuspaja Verso Oy"
    assert row.recipient_organisation_id == str(provider.pk)
    assert row.legal_basis == LegalBasis.PURCHASED_SERVICE
    assert row.object_id == str(episode.pk)
    assert row.user_id == str(world.worker.pk)


def test_a_ban_on_the_provider_stops_the_referral_and_nothing_is_saved(
    world: World, provider: Organisation
) -> None:
    ban_record(
        actor=world.worker, client=world.client, scope="organisation", organisation=provider, given_on=TODAY()
    )
    with pytest.raises(ValidationError) as refused:
        refer(world, provider)
    assert "Kuntoutuspaja Verso Oy" in str(refused.value.message_dict["provider"])
    assert not ServiceEpisode.objects.exists()
    assert not DisclosureLogEntry.objects.exists()


def test_a_ban_on_a_service_task_stops_a_referral_to_that_service(
    world: World, provider: Organisation
) -> None:
    ban_record(
        actor=world.worker,
        client=world.client,
        scope="service_task",
        service_task="social_rehabilitation",
        given_on=TODAY(),
    )
    with pytest.raises(ValidationError, match="social rehabilitation"):
        refer(world, provider)


def test_the_provider_stops_seeing_the_client_once_banned_and_sees_again_when_withdrawn(
    world: World, provider: Organisation
) -> None:
    episode = refer(world, provider)
    assert ServiceEpisode.objects.visible_to(world.provider).filter(pk=episode.pk).exists()
    ban = ban_record(
        actor=world.worker, client=world.client, scope="organisation", organisation=provider, given_on=TODAY()
    )
    assert not ServiceEpisode.objects.visible_to(world.provider).exists()
    ban_withdraw(actor=world.worker, ban=ban, expected_version=ban.version)
    assert ServiceEpisode.objects.visible_to(world.provider).filter(pk=episode.pk).exists()


def test_a_joint_plan_records_the_consent_and_logs_the_disclosure_to_each_partner(world: World) -> None:
    version = plan_create(actor=world.worker, client=world.client, content=joint_plan("TE-palvelut"))
    consent = DataSharingConsent.objects.get(client=world.client)
    assert consent.recipient == "TE-palvelut"
    assert consent.method == "joint_plan"
    row = DisclosureLogEntry.objects.get(client_id=world.client.pk)
    assert row.recipient == "TE-palvelut"
    assert row.legal_basis == LegalBasis.CONSENT
    assert row.consent_id == str(consent.pk)
    assert row.object_id == str(version.pk)


@pytest.mark.parametrize(
    "ban",
    [
        {"scope": "organisation", "recipient_name": "te-palvelut"},
        {"scope": "document", "document_type": "client_plan"},
    ],
)
def test_a_ban_stops_a_joint_plan_to_that_partner_and_nothing_is_saved(
    world: World, ban: dict[str, str]
) -> None:
    ban_record(actor=world.worker, client=world.client, given_on=TODAY(), **ban)
    with pytest.raises(ValidationError) as refused:
        plan_create(actor=world.worker, client=world.client, content=joint_plan("TE-palvelut"))
    assert "TE-palvelut" in str(refused.value.message_dict["partners"])
    assert not PlanVersion.objects.exists()
    assert not DataSharingConsent.objects.exists()
    assert not DisclosureLogEntry.objects.exists()


def test_without_consent_or_a_ground_in_law_nothing_is_disclosed(world: World) -> None:
    kela = Recipient(name="Kela")
    with pytest.raises(PermissionDenied, match="has not consented"):
        disclosure_basis(world.client, recipient=kela)
    consent = consent_record(
        actor=world.worker,
        client=world.client,
        recipient="Kela",
        purpose="etuudet",
        given_on=TODAY(),
        method="written",
    )
    assert disclosure_basis(world.client, recipient=kela).consent == consent


def test_an_expired_or_withdrawn_consent_no_longer_counts(world: World) -> None:
    kela = Recipient(name="Kela")
    consent_record(
        actor=world.worker,
        client=world.client,
        recipient="Kela",
        purpose="etuudet",
        given_on=TODAY() - timedelta(days=60),
        valid_until=TODAY() - timedelta(days=1),
        method="written",
    )
    with pytest.raises(PermissionDenied):
        disclosure_basis(world.client, recipient=kela)
    current = consent_record(
        actor=world.worker,
        client=world.client,
        recipient="Kela",
        purpose="etuudet",
        given_on=TODAY(),
        method="oral",
    )
    consent_withdraw(actor=world.worker, consent=current, expected_version=current.version)
    with pytest.raises(PermissionDenied):
        disclosure_basis(world.client, recipient=kela)


def test_a_disclosure_a_law_orders_goes_despite_a_ban(world: World) -> None:
    ban_record(
        actor=world.worker,
        client=world.client,
        scope="organisation",
        recipient_name="Poliisi",
        given_on=TODAY(),
    )
    with pytest.raises(PermissionDenied):
        disclosure_basis(
            world.client, recipient=Recipient(name="Poliisi"), legal_basis=LegalBasis.PURCHASED_SERVICE
        )
    basis = disclosure_basis(world.client, recipient=Recipient(name="Poliisi"), legal_basis=LegalBasis.LAW)
    assert basis.legal_basis == LegalBasis.LAW


def test_bad_consents_and_bans_are_refused_with_field_errors(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        consent_record(
            actor=world.worker,
            client=world.client,
            recipient="",
            purpose="",
            given_on=TODAY() + timedelta(days=1),
            method="telepathy",
        )
    assert set(refused.value.message_dict) == {"recipient", "purpose", "given_on", "method"}
    with pytest.raises(ValidationError) as refused:
        ban_record(
            actor=world.worker, client=world.client, scope="document", document_type="", given_on=TODAY()
        )
    assert "document_type" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        ban_record(
            actor=world.other_worker,
            client=world.client,
            scope="document",
            document_type="decision",
            given_on=TODAY(),
        )
    assert not DisclosureBan.objects.exists()


def test_the_sharing_page_records_and_withdraws_and_refuses_a_stale_withdrawal(
    client: Any, world: World
) -> None:
    client.force_login(world.worker)
    url = reverse("clients:sharing", kwargs={"client_id": world.client.pk})
    response = client.post(
        url,
        {
            "form": "consent",
            "consent-recipient": "Kela",
            "consent-purpose": "perustoimeentulotuki",
            "consent-given_on": "2026-11-02",
            "consent-method": "written",
        },
    )
    assert response.status_code == 302
    consent = DataSharingConsent.objects.get(client=world.client)
    response = client.post(
        url,
        {
            "form": "ban",
            "ban-scope": "document",
            "ban-document_type": "assessment",
            "ban-given_on": "2026-11-02",
        },
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "perustoimeentulotuki" in page
    assert "service need assessment" in page

    withdraw = reverse(
        "clients:consent_withdraw", kwargs={"client_id": world.client.pk, "consent_id": consent.pk}
    )
    DataSharingConsent.objects.filter(pk=consent.pk).update(version=consent.version + 1)  # someone else saved
    response = client.post(withdraw, {"version": consent.version}, follow=True)
    assert "Someone else changed this record" in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    client.post(withdraw, {"version": consent.version})
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


def test_a_worker_of_another_team_cannot_open_the_sharing_page(client: Any, world: World) -> None:
    client.force_login(world.other_worker)
    response = client.get(reverse("clients:sharing", kwargs={"client_id": world.client.pk}))
    assert response.status_code == 404
    assert world.client.last_name not in response.content.decode()


def test_the_api_records_consents_and_bans_and_lists_disclosures(client: Any, world: World) -> None:
    client.force_login(world.worker)
    base = f"/api/v1/clients/{world.client.pk}"
    created = client.post(
        f"{base}/consents",
        {"recipient": "Kela", "purpose": "etuudet", "given_on": "2026-11-02", "method": "electronic"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    unknown = client.post(
        f"{base}/bans",
        {"scope": "document", "document_type": "decision", "given_on": "2026-11-02", "colour": "red"},
        content_type="application/json",
    )
    assert unknown.status_code == 400
    assert not DisclosureBan.objects.exists()
    ban = client.post(
        f"{base}/bans",
        {"scope": "document", "document_type": "decision", "given_on": "2026-11-02"},
        content_type="application/json",
    ).json()
    stale = client.post(
        f"{base}/bans/{ban['id']}/withdraw", {"version": ban["version"] + 5}, content_type="application/json"
    )
    assert stale.status_code == 409
    assert client.get(f"{base}/bans").json()[0]["withdrawn_at"] is None
    assert [c["recipient"] for c in client.get(f"{base}/consents").json()] == ["Kela"]
    assert client.get(f"{base}/disclosures").json() == []
    client.force_login(world.other_worker)
    assert client.get(f"{base}/consents").status_code == 404


def test_the_consent_date_is_checked_against_today(world: World) -> None:
    consent = consent_record(
        actor=world.worker,
        client=world.client,
        recipient="Kela",
        purpose="etuudet",
        given_on=date(2020, 1, 1),
        method="written",
    )
    assert consent.is_active_on(TODAY())
