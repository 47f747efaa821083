"""Writes of provider services. A provider worker acts only on their organisation's running episodes;
the client's own workers may start and end episodes and hold reviews."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.accounts.models import Organisation, OrganisationKind, Role, User
from polku.accounts.selectors import teams_of
from polku.audit.models import Action, LegalBasis
from polku.audit.services import use_log_write
from polku.casework.models import Initiation, JournalKind
from polku.casework.services import in_languages, journal_write
from polku.clients.consents import Recipient, disclose
from polku.clients.models import Client, DocumentType
from polku.clients.selectors import works_with_client
from polku.core.dates import booked, happened
from polku.core.formats import day as day_text
from polku.core.models import StaleEditError
from polku.provision.models import (
    Attendance,
    AttendanceStatus,
    EpisodeStatus,
    Goal,
    GoalRating,
    Group,
    HomeVisit,
    ImplementationPlan,
    Review,
    ServiceEpisode,
    ServiceKind,
    ServiceOffering,
    Session,
)


def _log(actor: User, episode: ServiceEpisode, view: str, object_type: str, object_id: object) -> None:
    use_log_write(
        actor=actor,
        client_ids=[episode.client_id],
        view=view,
        object_type=object_type,
        object_id=str(object_id),
        action=Action.WRITE,
    )


def is_provider_of(user: User, episode: ServiceEpisode) -> bool:
    """A worker of the episode's provider while it runs, and while no ban of the client stops it."""
    return (
        user.role == Role.PROVIDER_WORKER
        and user.organisation_id == episode.provider_id
        and not episode.has_ended
        and ServiceEpisode.objects.visible_to(user).filter(pk=episode.pk).exists()
    )


def _check_provider(actor: User, episode: ServiceEpisode) -> None:
    if not is_provider_of(actor, episode):
        raise PermissionDenied(_("Only the provider's workers record this, and only while the service runs."))


def _check_either(actor: User, episode: ServiceEpisode) -> None:
    if not (is_provider_of(actor, episode) or works_with_client(actor, episode.client)):
        raise PermissionDenied(_("Only the provider's and the client's workers record this."))


def provider_catalogued_for(actor: User, *, provider: Organisation, kind: str) -> bool:
    """Whether the service catalogue has the provider giving this service (any service of theirs, for
    another service) to the referring worker's county: a referral lets the provider see the client, so
    only a provider the county has catalogued is referred to. An offering that names the municipalities
    it serves serves only those, and their county."""
    teams = teams_of(actor)
    offerings = ServiceOffering.objects.filter(provider=provider, active=True)
    if kind != ServiceKind.OTHER:
        offerings = offerings.filter(kind=kind)
    served = Organisation.objects.filter(
        Q(parent__in=teams.values("organisation_id")) | Q(pk__in=teams.values("municipality_id"))
    )
    return offerings.filter(Q(municipalities__isnull=True) | Q(municipalities__in=served)).exists()


@transaction.atomic
def episode_start(
    *,
    actor: User,
    client: Client,
    kind: str,
    name: str,
    provider: Organisation,
    start_date: date,
    end_date: date | None = None,
    extent: str = "",
    decision_id: UUID | None = None,
) -> ServiceEpisode:
    """Refer the client to a provider (from a decision): the provider sees the client from now on."""
    if not works_with_client(actor, client):
        raise PermissionDenied(_("Only the client's workers refer the client to a service."))
    errors: dict[str, list[str]] = {}
    if provider.kind != OrganisationKind.PROVIDER:
        errors["provider"] = [_("Choose a service provider.")]
    elif not provider_catalogued_for(actor, provider=provider, kind=kind):
        errors["provider"] = [
            _("This provider does not offer the service to your county: see the service catalogue.")
        ]
    if kind not in ServiceKind.values:
        errors["kind"] = [_("Unknown service.")]
    if end_date and end_date < start_date:
        errors["end_date"] = [_("The end cannot be before the start.")]
    if errors:
        raise ValidationError(errors)
    episode = ServiceEpisode.objects.create(
        client=client,
        kind=kind,
        name=name.strip() if kind == ServiceKind.OTHER else "",
        provider=provider,
        start_date=start_date,
        end_date=end_date,
        extent=extent.strip(),
        decision_id=decision_id,
        created_by=actor,
        updated_by=actor,
    )
    journal_write(
        actor=actor,
        client=client,
        kind=JournalKind.SERVICE,
        message="service_started",
        params={"service": in_languages(lambda: episode.label), "provider": provider, "start": start_date},
    )
    try:
        disclose(
            actor=actor,
            client=client,
            recipient=Recipient.of(provider),
            what=_("Referral to %(service)s") % {"service": episode.label},
            object_type="service_episode",
            object_id=episode.pk,
            purpose=_("producing the service"),
            service_task=kind,
            document_type=DocumentType.REFERRAL,
            legal_basis=LegalBasis.PURCHASED_SERVICE,
        )
    except PermissionDenied as refusal:  # the client's ban: the referral is not made
        raise ValidationError({"provider": [str(refusal)]}) from refusal
    _log(actor, episode, "services:episode_start", "service_episode", episode.pk)
    return episode


@transaction.atomic
def episode_end(
    *, actor: User, episode: ServiceEpisode, ended_on: date, summary: str, confirm_past: bool = False
) -> ServiceEpisode:
    """End the service on `ended_on`. A day ahead schedules the end: the service runs, and the provider
    sees the client, until that day. A day past ends it at once and is asked to be confirmed. From the end
    on the provider no longer sees the client."""
    _check_either(actor, episode)
    if episode.status == EpisodeStatus.ENDED:
        raise ValidationError(_("The end of the service has already been recorded."))
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not summary.strip():
        errors["summary"] = [_("Summarise how the service went.")]
    if error := booked(ended_on, today=today, starts=episode.start_date):
        errors["ended_on"] = [error]
    elif ended_on < today and not confirm_past:
        errors["confirm_past"] = [
            _(
                "The end date is in the past: the service is recorded as ended on %(day)s, and the "
                "provider no longer sees the client. Confirm that it ended then."
            )
            % {"day": day_text(ended_on)}
        ]
    if errors:
        raise ValidationError(errors)
    # Only a running episode ends: of two people ending it at once, the second is refused and the first
    # one's date and summary stay.
    ended = ServiceEpisode.objects.filter(pk=episode.pk, status=EpisodeStatus.ACTIVE).update(
        status=EpisodeStatus.ENDED,
        ended_on=ended_on,
        end_summary=summary.strip(),
        updated_by=actor,
        updated_at=timezone.now(),
        version=F("version") + 1,
    )
    if not ended:
        raise ValidationError(_("The end of the service has already been recorded."), code="stale")
    episode.refresh_from_db()
    if episode.decision_id is not None and episode.start_date <= today:
        # The decided service has been carried out (SHL 45 §2): its time limit leaves the deadline board,
        # as when the worker records the start on the decision (decisions.services.decision_service_started).
        Initiation.objects.filter(decisions__pk=episode.decision_id, service_started_on__isnull=True).update(
            service_started_on=episode.start_date,
            updated_by=actor,
            updated_at=timezone.now(),
            version=F("version") + 1,
        )
    journal_write(
        actor=actor,
        client=episode.client,
        kind=JournalKind.SERVICE,
        message="service_ends_on" if ended_on > today else "service_ended_on",
        params={"service": in_languages(lambda: episode.label), "day": ended_on, "summary": summary.strip()},
    )
    _log(actor, episode, "services:episode_end", "service_episode", episode.pk)
    return episode


@dataclass(frozen=True)
class GoalIn:
    text: str
    client_words: str = ""


@transaction.atomic
def implementation_plan_save(
    *,
    actor: User,
    episode: ServiceEpisode,
    goals: Sequence[GoalIn],
    individual_activities: str = "",
    group_activities: str = "",
    schedule: str = "",
    expected_version: int | None = None,
) -> ImplementationPlan:
    """Save the implementation plan made with the client; a second editor of the same version is refused."""
    _check_provider(actor, episode)
    real_goals = [g for g in goals if g.text.strip() or g.client_words.strip()]
    if not real_goals or any(not g.text.strip() for g in real_goals):
        raise ValidationError({"goals": [_("Write at least one goal; every goal needs its text.")]})
    fields = {
        "individual_activities": individual_activities.strip(),
        "group_activities": group_activities.strip(),
        "schedule": schedule.strip(),
    }
    plan = ImplementationPlan.objects.filter(episode=episode).first()
    if plan is None:
        try:
            with transaction.atomic():
                plan = ImplementationPlan.objects.create(
                    episode=episode, created_by=actor, updated_by=actor, **fields
                )
        except IntegrityError:
            # Another worker saved the first plan of this service a moment ago (one plan per service):
            # refused as a stale edit, so that neither overwrites the other unseen.
            raise StaleEditError() from None
    else:
        for name, value in fields.items():
            setattr(plan, name, value)
        plan.save_versioned(actor=actor, expected_version=expected_version or 0, update_fields=list(fields))
        if plan.goals.filter(ratings__isnull=False).exists():
            # Rated goals stay as they were rated; new goals are added after them.
            kept = set(plan.goals.filter(ratings__isnull=False).values_list("text", flat=True))
            plan.goals.filter(ratings__isnull=True).delete()
            real_goals = [g for g in real_goals if g.text.strip() not in kept]
        else:
            plan.goals.all().delete()
    start = plan.goals.count()
    Goal.objects.bulk_create(
        [
            Goal(plan=plan, text=g.text.strip(), client_words=g.client_words.strip(), order=start + i)
            for i, g in enumerate(real_goals)
        ]
    )
    _log(actor, episode, "services:implementation_plan", "implementation_plan", plan.pk)
    return plan


def _check_group_provider(actor: User, group: Group) -> None:
    if actor.role != Role.PROVIDER_WORKER or actor.organisation_id != group.provider_id:
        raise PermissionDenied(_("Only the provider's workers manage its groups."))


@transaction.atomic
def group_create(*, actor: User, name: str, description: str = "") -> Group:
    if actor.role != Role.PROVIDER_WORKER or actor.organisation is None:
        raise PermissionDenied(_("Only a provider's workers create groups."))
    if not name.strip():
        raise ValidationError({"name": [_("Name the group.")]})
    return Group.objects.create(
        provider=actor.organisation,
        name=name.strip(),
        description=description.strip(),
        created_by=actor,
        updated_by=actor,
    )


@transaction.atomic
def group_add_member(*, actor: User, group: Group, episode: ServiceEpisode) -> Group:
    _check_group_provider(actor, group)
    _check_provider(actor, episode)
    group.members.add(episode)
    _log(actor, episode, "services:group_member", "group", group.pk)
    return group


@transaction.atomic
def session_create(*, actor: User, group: Group, day: date, topic: str = "") -> Session:
    _check_group_provider(actor, group)
    if error := booked(day, today=timezone.localdate()):
        raise ValidationError({"date": [error]})
    if Session.objects.filter(group=group, date=day).exists():
        raise ValidationError({"date": [_("The group already has a session on this day.")]})
    return Session.objects.create(
        group=group, date=day, topic=topic.strip(), created_by=actor, updated_by=actor
    )


@transaction.atomic
def attendance_record(
    *,
    actor: User,
    session: Session,
    episode: ServiceEpisode,
    status: str,
    expected_version: int | None = None,
) -> Attendance:
    """Mark one member's attendance; a client who is not in the group cannot be marked.

    A mark already recorded is changed only by someone who saw it: `expected_version` is the version of
    the mark as read, None when no mark was shown. Otherwise the change is refused, never overwrites."""
    _check_group_provider(actor, session.group)
    _check_provider(actor, episode)
    if status not in AttendanceStatus.values:
        raise ValidationError({"status": [_("Choose present, absent or absent with notice.")]})
    if not session.group.members.filter(pk=episode.pk).exists():
        raise ValidationError({"episode": [_("The client is not a member of this group.")]})
    # Present or absent records what happened; a notice of absence may be given ahead.
    rule = booked if status == AttendanceStatus.EXCUSED else happened
    if error := rule(session.date, today=timezone.localdate(), starts=episode.start_date):
        raise ValidationError({"status": [error]})
    attendance = Attendance.objects.filter(session=session, episode=episode).first()
    if attendance is None:
        if expected_version is not None:
            raise StaleEditError()
        try:
            with transaction.atomic():
                attendance = Attendance.objects.create(
                    session=session, episode=episode, status=status, recorded_by=actor
                )
        except IntegrityError as exc:  # someone marked the same member at the same moment
            raise StaleEditError() from exc
    else:
        if expected_version is None:
            raise StaleEditError()
        changed = Attendance.objects.filter(pk=attendance.pk, version=expected_version).update(
            status=status, recorded_by=actor, version=F("version") + 1
        )
        if not changed:
            raise StaleEditError()
        attendance.refresh_from_db()
    _log(actor, episode, "services:attendance", "attendance", attendance.pk)
    return attendance


@transaction.atomic
def session_attendance_record(
    *,
    actor: User,
    session: Session,
    members: Sequence[ServiceEpisode],
    marks: Sequence[tuple[str, str]],
    seen: Mapping[tuple[str, str], int],
) -> list[Attendance]:
    """Mark the attendance of a session from one form: `marks` are (episode id, status) pairs of the
    group's `members`; `seen` the versions of the marks the page showed, by (session id, episode id).

    All the marks are saved or none: a mark someone else recorded or changed since the page showed it is
    not overwritten (attendance_record refuses it), and then none of this form's marks are saved."""
    by_id = {str(m.pk): m for m in members}
    saved = []
    for episode_id, status in marks:
        episode = by_id.get(episode_id)
        if episode is None:
            raise ValidationError(_("The client is not a member of this group."))
        saved.append(
            attendance_record(
                actor=actor,
                session=session,
                episode=episode,
                status=status,
                expected_version=seen.get((str(session.pk), episode_id)),
            )
        )
    return saved


@transaction.atomic
def home_visit_record(
    *, actor: User, episode: ServiceEpisode, day: date, minutes: int, content: str
) -> HomeVisit:
    _check_provider(actor, episode)
    errors: dict[str, list[str]] = {}
    if not 1 <= minutes <= 600:
        errors["minutes"] = [_("A visit lasts 1-600 minutes.")]
    if not content.strip():
        errors["content"] = [_("Write what was done.")]
    if error := booked(day, today=timezone.localdate(), starts=episode.start_date):
        errors["date"] = [error]
    if errors:
        raise ValidationError(errors)
    visit = HomeVisit.objects.create(
        episode=episode,
        date=day,
        minutes=minutes,
        content=content.strip(),
        created_by=actor,
        updated_by=actor,
    )
    _log(actor, episode, "services:home_visit", "home_visit", visit.pk)
    return visit


@dataclass(frozen=True)
class RatingIn:
    goal_id: int
    score: int
    notes: str = ""


@transaction.atomic
def review_record(
    *,
    actor: User,
    episode: ServiceEpisode,
    day: date,
    participants: str,
    client_view: str,
    next_steps: str,
    ratings: Sequence[RatingIn],
) -> Review:
    """A review meeting: every goal of the implementation plan rated 1-5, the client's view, next steps."""
    _check_either(actor, episode)
    plan = ImplementationPlan.objects.filter(episode=episode).first()
    goals = {goal.pk: goal for goal in plan.goals.all()} if plan else {}
    errors: dict[str, list[str]] = {}
    if not goals:
        errors["ratings"] = [_("The service has no implementation plan with goals to review.")]
    rated = {r.goal_id for r in ratings}
    if goals and (rated - set(goals) or set(goals) - rated):
        errors["ratings"] = [_("Rate every goal of the implementation plan, and only those.")]
    if any(not 1 <= r.score <= 5 for r in ratings):
        errors["ratings"] = [_("Goal attainment is rated from 1 to 5.")]
    if error := booked(day, today=timezone.localdate(), starts=episode.start_date):
        errors["date"] = [error]
    for name, value in (
        ("participants", participants),
        ("client_view", client_view),
        ("next_steps", next_steps),
    ):
        if not value.strip():
            errors[name] = [_("This is needed.")]
    if errors:
        raise ValidationError(errors)
    review = Review.objects.create(
        episode=episode,
        date=day,
        participants=participants.strip(),
        client_view=client_view.strip(),
        next_steps=next_steps.strip(),
        created_by=actor,
        updated_by=actor,
    )
    GoalRating.objects.bulk_create(
        [
            GoalRating(review=review, goal=goals[r.goal_id], score=r.score, notes=r.notes.strip())
            for r in ratings
        ]
    )
    average = sum(r.score for r in ratings) / len(ratings)
    journal_write(
        actor=actor,
        client=episode.client,
        kind=JournalKind.REVIEW,
        message="review",
        params={
            "service": in_languages(lambda: episode.label),
            "average": average,
            "next": review.next_steps,
        },
    )
    _log(actor, episode, "services:review", "review", review.pk)
    return review
