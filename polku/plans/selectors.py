"""Reads of client plans through the client's access rule, with use-log rows."""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from polku.accounts.models import User
from polku.audit.services import use_log_write
from polku.clients.models import Client
from polku.clients.selectors import purpose_for
from polku.plans.models import ClientPlan, GoalOwner, PlanGoal, PlanVersion


def _versions() -> QuerySet[PlanVersion]:
    return PlanVersion.objects.select_related("created_by", "plan__client").prefetch_related(
        Prefetch("goals", PlanGoal.objects.select_related("debt")), "services", "partners", "avain_ratings"
    )


def plan_versions_of(*, client: Client) -> list[PlanVersion]:
    """All versions, newest first; the caller has loaded `client` through an access-checked selector."""
    return list(_versions().filter(plan__client=client).order_by("-number"))


def plan_version_get_for_user(
    *, user: User, version_id: UUID | str, view: str
) -> tuple[PlanVersion, PlanVersion | None]:
    """A version and the one before it (for the changes), if the client is visible to `user`."""
    try:
        version = _versions().filter(plan__client_id__in=Client.objects.visible_ids(user)).get(pk=version_id)
    except (PlanVersion.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404("No such plan.") from exc
    previous = _versions().filter(plan=version.plan, number=version.number - 1).first()
    use_log_write(
        actor=user,
        client_ids=[version.plan.client_id],
        view=view,
        object_type="plan_version",
        object_id=str(version.pk),
        purpose=purpose_for(user),
    )
    return version, previous


def plan_current_version(plan: ClientPlan) -> PlanVersion | None:
    """The plan's latest version, as its reading link shows it."""
    return _versions().filter(plan=plan).order_by("-number").first()


def plan_of(client: Client) -> ClientPlan | None:
    return ClientPlan.objects.filter(client=client).first()


def plan_goals_for_service(client: Client, *, provider_name: str) -> list[PlanGoal]:
    """The goals of the client plan's current version that concern a service at `provider_name`: the goals
    set together in the plan the service carries out (SHL 39), except those the plan gives to another
    partner (SHL 41: a partner's part is its own, and no data beyond the service's need leaves). The caller
    has loaded `client` through an access-checked selector."""
    current = PlanVersion.objects.filter(plan__client=client).order_by("-number").values("pk")[:1]
    other_partner = Q(owner=GoalOwner.PARTNER) & ~Q(partner__iexact=provider_name.strip())
    return list(PlanGoal.objects.filter(version__in=current).exclude(other_partner).order_by("order", "pk"))
