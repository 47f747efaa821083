"""Co-development (yhteiskehittäminen, a PRO SOS theme): the roster of developer-clients and
lived-experience experts, development projects with their participants and sessions, and the clients'
proposals, which go to the same first reading as social reports.

Who runs it: team managers and analysts (`may_manage_projects`). A co-developer takes part only on their
consent; a withdrawn consent stops new participation and sessions (what happened stays recorded). A
proposal is a `SocialReport` of the kind "client's proposal", submitted to the project team's manager, so
that its reading, summary and the decision-makers' response are those of every social report; the project's
page shows each proposal with where it is and what was done with it. Text that looks like a henkilötunnus
is refused, as in every social report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from datetime import date
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.accounts.models import Team, User
from polku.audit.models import Action
from polku.audit.services import use_log_write
from polku.clients.models import Client
from polku.clients.selectors import purpose_for, works_with_client
from polku.structural.access import may_manage_projects
from polku.structural.models import (
    CoDeveloper,
    CoDeveloperRole,
    DevelopmentParticipant,
    DevelopmentProject,
    DevelopmentSession,
    ReportKind,
    Reward,
    SessionReward,
    SocialReport,
)
from polku.structural.periods import check_range
from polku.structural.services.reports import ReportContent, report_submit
from polku.structural.textcheck import refuse_identifiers

MAX_FEE = Decimal("10000")


def check_runs_development(actor: User) -> None:
    if not may_manage_projects(actor):
        raise PermissionDenied(_("Co-development is run by team managers and analysts."))


def _gather(errors: dict[str, list[str]], exc: ValidationError) -> None:
    for field, messages in exc.message_dict.items():
        errors.setdefault(field, []).extend(messages)


@transaction.atomic
def codeveloper_add(
    *,
    actor: User,
    name: str,
    role: str,
    consent_on: date | None,
    consent_scope: str,
    contact: str = "",
    availability: str = "",
    reward: str = Reward.NONE,
    fee: Decimal | None = None,
    reward_note: str = "",
    client: Client | None = None,
) -> CoDeveloper:
    """Enter a person into the roster, on their consent."""
    check_runs_development(actor)
    if client is not None and not works_with_client(actor, client):
        raise PermissionDenied(_("You can link only a client you work with."))
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Give the person's name.")]
    if role not in CoDeveloperRole.values:
        errors["role"] = [_("Choose the role.")]
    if consent_on is None or not date(2000, 1, 1) <= consent_on <= timezone.localdate():
        errors["consent_on"] = [
            _("A co-developer takes part only on their consent: give the day it was given.")
        ]
    if not consent_scope.strip():
        errors["consent_scope"] = [_("Write what the consent covers.")]
    if reward not in Reward.values:
        errors["reward"] = [_("Choose the fee or reward.")]
    elif reward == Reward.FEE and (fee is None or not Decimal("0") < fee <= MAX_FEE):
        errors["fee"] = [_("Give the fee per session in euros.")]
    try:
        refuse_identifiers({"name": name, "availability": availability, "reward_note": reward_note})
    except ValidationError as exc:
        _gather(errors, exc)
    if errors or consent_on is None:
        raise ValidationError(errors)
    person = CoDeveloper.objects.create(
        name=name.strip(),
        role=role,
        contact=contact.strip(),
        consent_on=consent_on,
        consent_scope=consent_scope.strip(),
        availability=availability.strip(),
        reward=reward,
        fee=fee if reward == Reward.FEE else None,
        reward_note=reward_note.strip(),
        client=client,
        created_by=actor,
        updated_by=actor,
    )
    if client is not None:
        use_log_write(
            actor=actor,
            client_ids=[client.pk],
            view="structural:codevelopers",
            object_type="codeveloper",
            object_id=str(person.pk),
            purpose=purpose_for(actor),
            action=Action.WRITE,
        )
    return person


@transaction.atomic
def codeveloper_withdraw(*, actor: User, person: CoDeveloper, on: date) -> CoDeveloper:
    """The person withdrew their consent: no new participation or session from that day."""
    check_runs_development(actor)
    if person.consent_withdrawn_on is not None:
        raise ValidationError(_("The consent has been withdrawn already."))
    if not person.consent_on <= on <= timezone.localdate():
        raise ValidationError({"on": [_("The withdrawal falls between the consent and today.")]})
    person.consent_withdrawn_on = on
    person.save_versioned(
        actor=actor, expected_version=person.version, update_fields=["consent_withdrawn_on"]
    )
    return person


@transaction.atomic
def development_project_create(
    *,
    actor: User,
    name: str,
    aim: str,
    service: str,
    starts_on: date,
    ends_on: date | None,
    team: Team | None,
) -> DevelopmentProject:
    check_runs_development(actor)
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Give the project a name.")]
    elif DevelopmentProject.objects.filter(name=name.strip()).exists():
        errors["name"] = [_("A project with this name exists already.")]
    if not aim.strip():
        errors["aim"] = [_("Write what the project aims at.")]
    if not service.strip():
        errors["service"] = [_("Name the service or area developed.")]
    if team is None:
        errors["team"] = [_("Choose the team whose manager reads the clients' proposals first.")]
    try:
        if ends_on is not None:
            check_range(starts_on, ends_on, end_field="ends_on")
        refuse_identifiers({"name": name, "aim": aim, "service": service})
    except ValidationError as exc:
        _gather(errors, exc)
    if errors or team is None:
        raise ValidationError(errors)
    return DevelopmentProject.objects.create(
        name=name.strip(),
        aim=aim.strip(),
        service=service.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        lead=actor,
        team=team,
        created_by=actor,
        updated_by=actor,
    )


def _consenting(person: CoDeveloper, on: date) -> None:
    if person.consent_withdrawn_on is not None and person.consent_withdrawn_on <= on:
        raise ValidationError(
            {"codeveloper": [_("%(name)s has withdrawn their consent.") % {"name": person.name}]}
        )
    if person.consent_on > on:
        raise ValidationError({"codeveloper": [_("%(name)s had not yet consented.") % {"name": person.name}]})


@transaction.atomic
def participant_join(
    *, actor: User, project: DevelopmentProject, person: CoDeveloper, role_in_project: str = ""
) -> DevelopmentParticipant:
    check_runs_development(actor)
    _consenting(person, timezone.localdate())
    refuse_identifiers({"role_in_project": role_in_project})
    try:
        with transaction.atomic():
            return DevelopmentParticipant.objects.create(
                project=project,
                codeveloper=person,
                role_in_project=role_in_project.strip(),
                created_by=actor,
                updated_by=actor,
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"codeveloper": [_("%(name)s takes part already.") % {"name": person.name}]}
        ) from exc


@transaction.atomic
def session_record(
    *,
    actor: User,
    project: DevelopmentProject,
    held_on: date,
    topic: str,
    attended: list[CoDeveloper],
    rewards: str = "",
    notes: str = "",
    amounts: Mapping[UUID, Decimal | None] | None = None,
) -> DevelopmentSession:
    """Record a session and, for each one who took part on a fee or reward, what they were given: by their
    terms (the fee per session), or the amount in `amounts` (a gift card's value, a fee agreed otherwise;
    0 for one who declined it)."""
    check_runs_development(actor)
    errors: dict[str, list[str]] = {}
    if not project.starts_on <= held_on <= timezone.localdate():
        errors["held_on"] = [_("A session is recorded from the project's start until today.")]
    if not topic.strip():
        errors["topic"] = [_("Write the session's topic.")]
    members = set(project.participants.values_list("codeveloper_id", flat=True))
    strangers = [person.name for person in attended if person.pk not in members]
    if strangers:
        errors["attended"] = [_("Not in the project: %(names)s.") % {"names": ", ".join(strangers)}]
    given = _rewards_given(attended, amounts or {}, errors)
    try:
        for person in attended:
            _consenting(person, held_on)
        refuse_identifiers({"topic": topic, "rewards": rewards, "notes": notes})
    except ValidationError as exc:
        _gather(errors, exc)
    if errors:
        raise ValidationError(errors)
    session = DevelopmentSession.objects.create(
        project=project,
        held_on=held_on,
        topic=topic.strip(),
        rewards=rewards.strip(),
        notes=notes.strip(),
        created_by=actor,
        updated_by=actor,
    )
    session.attended.set(attended)
    SessionReward.objects.bulk_create(
        SessionReward(
            session=session,
            codeveloper=person,
            reward=person.reward,
            amount=amount,
            note=person.reward_note,
            created_by=actor,
            updated_by=actor,
        )
        for person, amount in given
    )
    return session


def _rewards_given(
    attended: list[CoDeveloper], amounts: Mapping[UUID, Decimal | None], errors: dict[str, list[str]]
) -> list[tuple[CoDeveloper, Decimal | None]]:
    """Who of `attended` was given a fee or reward, and its amount: their terms unless `amounts` says
    otherwise. An amount for one who did not take part, or outside 0..MAX_FEE, is refused."""
    present = {person.pk for person in attended}
    if set(amounts) - present:
        errors.setdefault("amounts", []).append(_("A fee or reward is given only to those who took part."))
    given: list[tuple[CoDeveloper, Decimal | None]] = []
    for person in attended:
        amount = amounts.get(person.pk, person.fee if person.reward == Reward.FEE else None)
        if amount is not None and not Decimal("0") <= amount <= MAX_FEE:
            errors.setdefault("amounts", []).append(
                _("%(name)s: give the amount in euros, at most %(max)s.")
                % {"name": person.name, "max": MAX_FEE}
            )
        if person.reward != Reward.NONE or amount:
            given.append((person, amount))
    return given


@transaction.atomic
def proposal_submit(
    *,
    actor: User,
    project: DevelopmentProject,
    title: str,
    observation: str,
    proposed_measures: str,
    affected: str,
    proposed_by: CoDeveloper | None = None,
) -> SocialReport:
    """A client's proposal, anonymous or named, to the first reading of the project team's manager."""
    check_runs_development(actor)
    if proposed_by is not None:
        if not project.participants.filter(codeveloper=proposed_by).exists():
            raise ValidationError(
                {"proposed_by": [_("Name a co-developer of this project, or leave it anonymous.")]}
            )
        _consenting(proposed_by, timezone.localdate())
    municipality = project.team.municipality
    if municipality is None:
        raise ValidationError(_("The project's team has no municipality for the summaries."))
    content = ReportContent(
        kind=ReportKind.CLIENT_PROPOSAL,
        title=title,
        observation=observation,
        affected=affected,
        proposed_measures=proposed_measures,
        municipality=municipality,
    )
    content.check()
    report = SocialReport.objects.create(
        author=actor,
        team=project.team,
        development_project=project,
        proposed_by=proposed_by,
        created_by=actor,
        updated_by=actor,
        **asdict(content),
    )
    return report_submit(actor=actor, report=report)
