"""Work that is due, so each demo role's home (polku/workday) shows something: an untaken initiation in
the service advisor's team (one overdue, one due within days), a client plan of the social worker's client
to review tomorrow, and the provider's group with a session today and one last week whose attendance is not
marked. Deterministic and safe to run again."""

from __future__ import annotations

from datetime import date, timedelta

from polku.accounts.models import Team, User
from polku.casework.models import Initiation, InitiationStatus
from polku.clients.models import Client
from polku.core.weekdays import add_weekdays
from polku.plans.models import ClientPlan, PlanVersion
from polku.provision.models import Group, Session

DEMO_NEED = "Demo: toimeentulo ja asuminen (työlistan esimerkki)"
PLAN_NEED = "Haluan päästä kiinni arkeen."


def load_workday(*, team: Team, social_worker: User, provider_worker: User, today: date) -> None:
    of_team = Client.objects.filter(relationships__team=team, relationships__ended_at__isnull=True).distinct()
    # Clients with no initiation but the demo's own (so not Ville, nor the queue's), else any of the team.
    free = of_team.exclude(initiations__in=Initiation.objects.exclude(need=DEMO_NEED))
    # Else clients whose initiations came without a contact (the seeded ones: not Ville, not the queue's).
    seeded = of_team.exclude(initiations__contact__isnull=False)
    clients = list(free.order_by("hetu_hash")[:2]) or list(seeded.order_by("hetu_hash")[:2])
    for offset, client in zip((-4, 3), clients, strict=False):
        relationship = client.relationships.filter(team=team, ended_at__isnull=True).first()
        start = add_weekdays(today, offset) if offset > 0 else today - timedelta(days=-offset)
        Initiation.objects.get_or_create(
            client=client,
            need=DEMO_NEED,
            defaults={
                "team": team,
                "relationship": relationship,
                "initiator_type": "application",
                "age_at_initiation": 40,
                "status": InitiationStatus.NEW,
                "assessment_start_due": start,
                "assessment_complete_due": start + timedelta(days=90),
            },
        )
    # Once made, the demo plan stays the one: loading again gives the worker no further client.
    demo_plan = PlanVersion.objects.filter(plan__client__in=of_team, client_view_of_need=PLAN_NEED).exists()
    if not demo_plan:
        own = (
            Client.objects.filter(
                relationships__personal_worker=social_worker,
                relationships__ended_at__isnull=True,
                client_plan__isnull=True,
            )
            .order_by("hetu_hash")
            .first()
        )
        if own is None:  # her own clients all have plans: she becomes the personal worker of one more
            own = (
                of_team.filter(client_plan__isnull=True, relationships__personal_worker__isnull=True)
                .order_by("hetu_hash")
                .first()
            )
            if own is not None:
                own.relationships.filter(team=team, ended_at__isnull=True).update(
                    personal_worker=social_worker
                )
        if own is not None:
            plan, _ = ClientPlan.objects.get_or_create(client=own)
            if not plan.versions.exists():
                PlanVersion.objects.create(
                    plan=plan,
                    number=1,
                    created_by=social_worker,
                    client_view_of_need=PLAN_NEED,
                    professional_view_of_need="Tuki asumiseen ja toimeentuloon.",
                    meeting_frequency="Kerran kuukaudessa",
                    review_date=today + timedelta(days=1),
                )
    if provider_worker.organisation_id is not None:
        group, _ = Group.objects.get_or_create(
            provider_id=provider_worker.organisation_id, name="Tiistain toimintaryhmä"
        )
        for day in (today, today - timedelta(days=6)):
            Session.objects.get_or_create(group=group, date=day)
