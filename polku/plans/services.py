"""Writes of client plans (SHL 39): a first version (from the completed assessment if there is one),
reviews as new versions, joint plans only with the client's consent (SHL 41), a reading link for the client,
and activation plans."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.accounts.models import CLIENT_WORK_ROLES, User
from polku.audit.models import Action
from polku.audit.services import use_log_write
from polku.casework.models import Assessment, JournalKind
from polku.casework.services import journal_write
from polku.clients.consents import Recipient, ban_refusal, consent_for, consent_record, disclose
from polku.clients.links import link_claim, link_closed, link_create, link_log
from polku.clients.models import Client, ConsentMethod, DocumentType
from polku.clients.release import is_released
from polku.clients.selectors import works_with_client
from polku.core.dates import happened, review_due
from polku.core.formats import day
from polku.finance.models import Debt
from polku.plans.avain import UNRATED_ALLOWED, avain
from polku.plans.models import (
    ActivationPlan,
    AvainComponent,
    AvainRating,
    ClientPlan,
    GoalOwner,
    PlanGoal,
    PlanPartner,
    PlanReadLink,
    PlanService,
    PlanVersion,
)
from polku.plans.selectors import plan_current_version


@dataclass(frozen=True)
class GoalIn:
    text: str
    owner: str
    client_words: str = ""
    partner: str = ""
    avain: int | None = None  # AVAIN goal attainment, on the AVAIN file's goal scale
    debt_id: UUID | str | None = None  # the client's debt the goal is about


@dataclass(frozen=True)
class AvainIn:
    """An AVAIN situational factor, service or method (`component`: factors|services|methods) with its
    rating; a service or method in use may be recorded before it can be rated (`value` None)."""

    component: str
    item: str
    value: int | None = None


@dataclass(frozen=True)
class ServiceIn:
    name: str
    start: date | None = None
    duration: str = ""


@dataclass(frozen=True)
class PartnerIn:
    organisation: str
    sector: str
    responsibilities: str


@dataclass
class PlanContent:
    """The SHL 39 content of one version."""

    client_view_of_need: str
    professional_view_of_need: str
    meeting_frequency: str
    client_view_of_services: str = ""
    professional_view_of_services: str = ""
    strengths: str = ""
    estimated_duration: str = ""
    follow_up: str = ""
    review_date: date | None = None
    is_joint: bool = False
    consent_note: str = ""
    goals: Sequence[GoalIn] = field(default_factory=list)
    services: Sequence[ServiceIn] = field(default_factory=list)
    partners: Sequence[PartnerIn] = field(default_factory=list)
    avain: Sequence[AvainIn] = field(default_factory=list)

    @property
    def is_avain_rated(self) -> bool:
        return bool(self.avain) or any(g.avain is not None for g in self.goals if g.text.strip())


def _avain_errors(content: PlanContent) -> list[str]:
    """The AVAIN ratings checked against the data file's lists and scales (polku.plans.avain)."""
    measure = avain()
    errors: list[str] = []
    goal_scale = measure.component("goals").scale
    if any(g.avain is not None and not goal_scale.accepts(g.avain) for g in content.goals if g.text.strip()):
        errors.append(_("Rate each goal's attainment on the AVAIN scale."))
    seen: set[tuple[str, str]] = set()
    for rating in content.avain:
        if rating.component not in AvainComponent.values:
            errors.append(_("Unknown AVAIN component."))
            continue
        component = measure.component(rating.component)
        if component.item(rating.item) is None:
            errors.append(_("“%(item)s” is not on the AVAIN list.") % {"item": rating.item[:60]})
        elif (rating.component, rating.item) in seen:
            errors.append(_("“%(item)s” is rated twice.") % {"item": component.item_label(rating.item)})
        elif rating.value is None and rating.component not in UNRATED_ALLOWED:
            errors.append(
                _("Rate how “%(item)s” affects the goals.") % {"item": component.item_label(rating.item)}
            )
        elif rating.value is not None and not component.scale.accepts(rating.value):
            errors.append(
                _("The rating of “%(item)s” is not on the AVAIN scale.")
                % {"item": component.item_label(rating.item)}
            )
        seen.add((rating.component, rating.item))
    return errors


def _check_worker(actor: User, client: Client) -> None:
    if actor.role not in CLIENT_WORK_ROLES or not works_with_client(actor, client):
        raise PermissionDenied(_("Only the client's workers make the client plan."))


def _errors(content: PlanContent) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name in ("client_view_of_need", "professional_view_of_need", "meeting_frequency"):
        if not str(getattr(content, name)).strip():
            errors[name] = [_("The client plan needs this (SHL 39).")]
    goals = [g for g in content.goals if g.text.strip()]
    if not goals:
        errors["goals"] = [_("Set at least one goal together with the client.")]
    if any(g.owner not in GoalOwner.values for g in goals):
        errors["goals"] = [_("Every goal needs an owner: whose task it is.")]
    if any(g.owner == GoalOwner.PARTNER and not g.partner.strip() for g in goals):
        errors["goals"] = [_("Name the partner whose goal it is.")]
    if any(not p.organisation.strip() or not p.responsibilities.strip() for p in content.partners):
        errors["partners"] = [_("Name each partner and its responsibilities.")]
    if content.partners and not content.is_joint:
        errors["is_joint"] = [_("A plan with partners from other sectors is a joint plan.")]
    if content.is_joint and not content.consent_note.strip():
        errors["consent_note"] = [
            _("A joint plan needs the client's consent (SHL 41): record how it was given.")
        ]
    if avain_errors := _avain_errors(content):
        errors["avain"] = avain_errors
    return errors


def _write_version(
    *,
    actor: User,
    plan: ClientPlan,
    number: int,
    content: PlanContent,
    review_date_before: date | None = None,
) -> PlanVersion:
    errors = _errors(content)
    named = {str(g.debt_id) for g in content.goals if g.debt_id}
    if named and len(named) != Debt.objects.filter(client=plan.client_id, pk__in=named).count():
        errors.setdefault("goals", []).append(_("A goal can name only a debt of this client's."))
    # A review date is checked when it is set: a review may keep the date the version before had.
    day = content.review_date
    if (
        day is not None
        and day != review_date_before
        and (error := review_due(day, today=timezone.localdate()))
    ):
        errors["review_date"] = [error]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            version = PlanVersion.objects.create(
                plan=plan,
                number=number,
                created_by=actor,
                **{name: str(getattr(content, name)).strip() for name in PlanVersion.TEXT_FIELDS},
                review_date=content.review_date,
                is_joint=content.is_joint,
                consent_given_at=timezone.now() if content.is_joint else None,
                consent_note=content.consent_note.strip() if content.is_joint else "",
                avain_version=avain().version if content.is_avain_rated else None,
            )
    except IntegrityError as exc:  # another reviewer saved this version number first
        raise _stale() from exc
    PlanGoal.objects.bulk_create(
        [
            PlanGoal(
                version=version,
                text=g.text.strip(),
                client_words=g.client_words.strip(),
                owner=g.owner,
                partner=g.partner.strip(),
                order=i,
                avain=g.avain,
                debt_id=g.debt_id or None,
            )
            for i, g in enumerate(g for g in content.goals if g.text.strip())
        ]
    )
    PlanService.objects.bulk_create(
        [
            PlanService(version=version, name=s.name.strip(), start=s.start, duration=s.duration.strip())
            for s in content.services
            if s.name.strip()
        ]
    )
    AvainRating.objects.bulk_create(
        [
            AvainRating(version=version, component=r.component, item=r.item, value=r.value)
            for r in content.avain
        ]
    )
    PlanPartner.objects.bulk_create(
        [
            PlanPartner(
                version=version,
                organisation=p.organisation.strip(),
                sector=p.sector,
                responsibilities=p.responsibilities.strip(),
            )
            for p in content.partners
        ]
    )
    _disclose_to_partners(actor=actor, plan=plan, version=version, content=content)
    journal_write(
        actor=actor,
        client=plan.client,
        kind=JournalKind.CLIENT_PLAN,
        message="client_plan_version",
        params={"number": number},
    )
    use_log_write(
        actor=actor,
        client_ids=[plan.client_id],
        view="plans:version",
        object_type="plan_version",
        object_id=str(version.pk),
        action=Action.WRITE,
    )
    return version


def _disclose_to_partners(
    *, actor: User, plan: ClientPlan, version: PlanVersion, content: PlanContent
) -> None:
    """A joint plan (SHL 41) goes to its partners on the consent recorded with it, unless a ban stops it."""
    refusals: list[str] = []
    for partner in content.partners:
        recipient = Recipient(name=partner.organisation.strip())
        refusal = ban_refusal(plan.client, recipient=recipient, document_type=DocumentType.CLIENT_PLAN)
        if refusal:
            refusals.append(f"{recipient.name}: {refusal}")
            continue
        if consent_for(plan.client, recipient=recipient) is None:
            consent_record(
                actor=actor,
                client=plan.client,
                recipient=recipient.name,
                purpose=_("joint client plan (SHL 41): %(note)s") % {"note": content.consent_note.strip()},
                given_on=timezone.localdate(),
                method=ConsentMethod.JOINT_PLAN,
            )
        disclose(
            actor=actor,
            client=plan.client,
            recipient=recipient,
            what=_("Client plan, version %(number)s") % {"number": version.number},
            object_type="plan_version",
            object_id=version.pk,
            purpose=_("joint client plan (SHL 41)"),
            document_type=DocumentType.CLIENT_PLAN,
        )
    if refusals:
        raise ValidationError({"partners": refusals})


def _stale() -> ValidationError:
    return ValidationError(
        _(
            "Someone else saved a new version of this plan after you opened it. Reload the "
            "page: your text is still in the form, compare it with theirs and save again."
        ),
        code="stale",
    )


def content_from_assessment(assessment: Assessment) -> dict[str, Any]:
    """Starting values for a first plan from the completed assessment (SHL 37 -> SHL 39)."""
    return {
        "client_view_of_need": assessment.client_view,
        "professional_view_of_need": assessment.situation_summary,
        "professional_view_of_services": assessment.service_needs,
    }


@transaction.atomic
def plan_create(*, actor: User, client: Client, content: PlanContent) -> PlanVersion:
    """The first client plan, made with the client."""
    _check_worker(actor, client)
    plan, created = ClientPlan.objects.get_or_create(
        client=client, defaults={"created_by": actor, "updated_by": actor}
    )
    # Locked until commit: of two first plans saved at once the second finds the first and is refused.
    plan = ClientPlan.objects.select_for_update().get(pk=plan.pk)
    if not created and plan.versions.exists():
        raise ValidationError(
            _("The client already has a plan: review it to make a new version."), code="stale"
        )
    return _write_version(actor=actor, plan=plan, number=1, content=content)


@transaction.atomic
def plan_review(*, actor: User, plan: ClientPlan, based_on: int, content: PlanContent) -> PlanVersion:
    """A review: a new version after `based_on`; refused when someone saved a newer version meanwhile."""
    _check_worker(actor, plan.client)
    # Locked until commit: of two reviews of the same version saved at once the second is refused.
    ClientPlan.objects.select_for_update().filter(pk=plan.pk).first()
    latest = plan.versions.order_by("-number").values_list("number", "review_date").first()
    number, review_date_before = latest or (0, None)
    if based_on != number:
        raise _stale()
    return _write_version(
        actor=actor, plan=plan, number=number + 1, content=content, review_date_before=review_date_before
    )


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


def _shown(value: object) -> str:
    """A value as the page shows it: a day as the project writes days, a yes or no in words."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return day(value)
    return str(value or "–")


def _service_shown(service: PlanService) -> str:
    parts = [service.name]
    if service.start:
        parts.append(f"{_('from')} {day(service.start)}")  # as the plan page writes it
    if service.duration:
        parts.append(service.duration)
    return ", ".join(parts)


def version_changes(before: PlanVersion, after: PlanVersion) -> list[Change]:
    """What a review changed, item by item, goals and services included."""
    changes = []
    for name in (*PlanVersion.TEXT_FIELDS, "review_date", "is_joint"):
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            label = str(getattr(PlanVersion._meta.get_field(name), "verbose_name", name))
            changes.append(Change(label, _shown(old), _shown(new)))
    for label, old_items, new_items in (
        (_("goals"), [g.text for g in before.goals.all()], [g.text for g in after.goals.all()]),
        (
            _("essential services"),
            [_service_shown(s) for s in before.services.all()],
            [_service_shown(s) for s in after.services.all()],
        ),
        (
            _("partners"),
            [p.organisation for p in before.partners.all()],
            [p.organisation for p in after.partners.all()],
        ),
    ):
        if old_items != new_items:
            changes.append(Change(str(label), "; ".join(old_items) or "–", "; ".join(new_items) or "–"))
    changes += _avain_changes(before, after)
    return changes


def _avain_changes(before: PlanVersion, after: PlanVersion) -> list[Change]:
    """The AVAIN ratings a review changed: the goals' attainment, then each component's items."""

    def goals(version: PlanVersion) -> list[str]:
        return [f"{g.text}: {g.avain_label}" for g in version.goals.all() if g.avain is not None]

    changes = []
    old_goals, new_goals = goals(before), goals(after)
    if old_goals != new_goals:
        label = _("AVAIN: goal attainment")
        changes.append(Change(label, "; ".join(old_goals) or "–", "; ".join(new_goals) or "–"))
    old_sections, new_sections = dict(before.avain_sections()), dict(after.avain_sections())
    for title in dict.fromkeys([*old_sections, *new_sections]):
        old_rows = [f"{item}: {rating}" for item, rating in old_sections.get(title, [])]
        new_rows = [f"{item}: {rating}" for item, rating in new_sections.get(title, [])]
        if old_rows != new_rows:
            changes.append(Change(f"AVAIN: {title}", "; ".join(old_rows) or "–", "; ".join(new_rows) or "–"))
    return changes


@transaction.atomic
def plan_read_link_create(*, actor: User, plan: ClientPlan) -> str:
    """A one-time link for the client to read the current plan; returns the raw token (shown once).
    Refused while the current version is not shown to the client (polku.clients.release)."""
    _check_worker(actor, plan.client)
    current = plan_current_version(plan)
    if current is None or not is_released(DocumentType.CLIENT_PLAN, current.pk):
        raise PermissionDenied(
            _("This version of the plan is not shown to the client yet: see below when it is.")
        )
    _link, token = link_create(PlanReadLink, created_by=actor, plan=plan)
    use_log_write(
        actor=actor,
        client_ids=[plan.client_id],
        view="plans:read_link",
        object_type="plan_read_link",
        action=Action.WRITE,
    )
    return token


@transaction.atomic
def plan_read_link_open(*, token: str) -> tuple[PlanReadLink, PlanVersion]:
    """The client opens the reading link: returns the link and the current version, or refuses.

    One-time, as the worker's page says: the first open uses the link up by one conditional UPDATE
    (polku.clients.links.link_claim, OPENS_ONCE), so only the request whose UPDATE changed the row reads
    the plan; a second open, at the same moment or later, a reload in the same browser too, is refused.
    The read is logged in the use log as the client, through the link.
    """
    link, _secret = link_claim(PlanReadLink.objects.select_related("plan"), token)
    current = plan_current_version(link.plan)
    if current is None:
        raise link_closed(PlanReadLink)
    link_log(
        link, view="plans:read", object_type="plan_version", object_id=str(current.pk), action=Action.READ
    )
    return link, current


@transaction.atomic
def activation_plan_create(
    *,
    actor: User,
    client: Client,
    made_on: date,
    employment_office: str,
    measures: str,
    work_activity: str = "",
    review_date: date | None = None,
) -> ActivationPlan:
    """An activation plan made together with employment services."""
    _check_worker(actor, client)
    errors: dict[str, list[str]] = {}
    if not employment_office.strip():
        errors["employment_office"] = [_("Name the employment services office.")]
    if not measures.strip():
        errors["measures"] = [_("Write the agreed measures.")]
    if error := happened(made_on, today=timezone.localdate()):
        errors["made_on"] = [error]
    if review_date is not None and (error := review_due(review_date, today=timezone.localdate())):
        errors["review_date"] = [error]
    if errors:
        raise ValidationError(errors)
    plan = ActivationPlan.objects.create(
        client=client,
        made_on=made_on,
        employment_office=employment_office.strip(),
        measures=measures.strip(),
        work_activity=work_activity.strip(),
        review_date=review_date,
        created_by=actor,
        updated_by=actor,
    )
    journal_write(
        actor=actor,
        client=client,
        kind=JournalKind.CLIENT_PLAN,
        message="activation_plan",
        params={"office": plan.employment_office},
    )
    use_log_write(
        actor=actor,
        client_ids=[client.pk],
        view="plans:activation",
        object_type="activation_plan",
        object_id=str(plan.pk),
        action=Action.WRITE,
    )
    return plan
