"""Recorded facts for segment tests, written straight to the tables in bulk (the services that write them
have their own tests): special support, a completed assessment, services, contacts and a plan."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from polku.accounts.models import OrganisationKind, User
from polku.casework.models import Assessment, Contact, Initiation, InitiationStatus, SpecialSupport
from polku.clients.models import Client
from polku.plans.models import ClientPlan, PlanGoal, PlanVersion
from polku.provision.models import ServiceEpisode
from tests.factories import OrganisationFactory


def record(
    client: Client,
    actor: User,
    *,
    special_support: bool = False,
    need: str = "",
    personal_worker: str = "",
    services: int = 0,
    contacts: int = 0,
    goals: tuple[int | None, ...] | None = None,
) -> None:
    today = timezone.localdate()
    now = timezone.now()
    if special_support:
        SpecialSupport.objects.create(
            client=client, determined_on=today - timedelta(days=30), grounds=["other"], explanation="Peruste"
        )
    if need or personal_worker:
        relationship = client.relationships.first()
        initiation = Initiation.objects.create(
            client=client,
            team=relationship.team if relationship else None,
            relationship=relationship,
            initiator_type="application",
            need="Tuen tarve",
            age_at_initiation=40,
            status=InitiationStatus.CLOSED,
            initiated_at=now - timedelta(days=60),
        )
        Assessment.objects.create(
            client=client,
            initiation=initiation,
            started_at=now - timedelta(days=50),
            completed_at=now - timedelta(days=40),
            need_duration=need,
            personal_worker_professional_view=personal_worker,
        )
    if services:
        provider = OrganisationFactory(kind=OrganisationKind.PROVIDER)
        ServiceEpisode.objects.bulk_create(
            ServiceEpisode(
                client=client, kind="other", provider=provider, start_date=today - timedelta(days=90)
            )
            for _ in range(services)
        )
    if contacts:
        Contact.objects.bulk_create(
            Contact(
                client=client,
                sender_organisation="Kela",
                consent=True,
                description="Yhteydenotto",
                contacted_at=now - timedelta(days=10 + i),
                channel="phone",
            )
            for i in range(contacts)
        )
    if goals is not None:
        plan = ClientPlan.objects.create(client=client)
        PlanVersion.objects.create(
            plan=plan,
            number=1,
            created_by=actor,
            client_view_of_need="-",
            professional_view_of_need="-",
            meeting_frequency="kuukausittain",
        )
        version = PlanVersion.objects.create(
            plan=plan,
            number=2,
            created_by=actor,
            client_view_of_need="-",
            professional_view_of_need="-",
            meeting_frequency="kuukausittain",
        )
        PlanGoal.objects.bulk_create(
            PlanGoal(version=version, text=f"Tavoite {i}", owner="client", avain=rating)
            for i, rating in enumerate(goals)
        )
