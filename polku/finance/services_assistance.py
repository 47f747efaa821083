"""Writes of social assistance applications (laki toimeentulotuesta 1412/1997): register (from the client
or forwarded by Kela with Kela's decision as its ground), complete, the worker's calculation, the grants,
withdraw; and `application_decided`, which decisions.services.decision_make calls in its transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.accounts.models import User
from polku.audit.models import Action
from polku.audit.services import use_log_write
from polku.clients.models import Client
from polku.finance.calculation import Line, Person, Result, calculate
from polku.finance.checks import amount_check, worker_check
from polku.finance.deadlines import application_due
from polku.finance.models import (
    KINDS_BY_DIRECTION,
    Application,
    ApplicationChannel,
    ApplicationKind,
    ApplicationStatus,
    CalculationLine,
    CountedPerson,
    Direction,
    Grant,
    HouseholdMember,
    PaymentMethod,
    SpecialExpenseKind,
)

EARLIEST = date(2000, 1, 1)
CLIENT_KEY = "client"
# What a calculation may recognise as an expense: the household's expense kinds and the special ones.
EXPENSE_KINDS = frozenset(KINDS_BY_DIRECTION[Direction.EXPENSE].values) | frozenset(SpecialExpenseKind.values)


def _kinds(direction: str) -> frozenset[str]:
    if direction == Direction.EXPENSE:
        return EXPENSE_KINDS
    return frozenset(KINDS_BY_DIRECTION[direction].values)


@dataclass(frozen=True)
class GrantIn:
    kind: str
    amount: Decimal
    method: str
    payee: str = ""
    payee_reference: str = ""


def _check_worker(actor: User, client: Client) -> None:
    worker_check(actor, client, _("Only the client's workers handle their applications."))


def _log(actor: User, application: Application, view: str) -> None:
    use_log_write(
        actor=actor,
        client_ids=[application.client_id],
        view=view,
        object_type="assistance_application",
        object_id=str(application.pk),
        action=Action.WRITE,
    )


def _check_day(day: date | None, field: str, *, earliest: date = EARLIEST) -> dict[str, list[str]]:
    if day is None:
        return {}
    if day > timezone.localdate():
        return {field: [_("This day has not come yet.")]}
    if day < earliest:
        return {field: [_("Give a day from %(day)s on.") % {"day": earliest.strftime("%d.%m.%Y")}]}
    return {}


def _check_open(application: Application) -> None:
    if application.status in (ApplicationStatus.DECIDED, ApplicationStatus.WITHDRAWN):
        raise ValidationError(
            _("This application is %(status)s: it is no longer changed.")
            % {"status": application.get_status_display()}
        )


@transaction.atomic
def application_register(
    *,
    actor: User,
    client: Client,
    kind: str,
    received_on: date,
    what_for: str,
    channel: str = ApplicationChannel.CLIENT,
    urgent: bool = False,
    purpose: str = "",
    kela_decision_number: str = "",
    kela_decision_on: date | None = None,
    kela_period_start: date | None = None,
    kela_period_end: date | None = None,
) -> Application:
    """Record an application as it arrived; the handling time starts (`due_on`)."""
    _check_worker(actor, client)
    errors: dict[str, list[str]] = {}
    if kind not in ApplicationKind.values:
        errors["kind"] = [_("Choose what is applied for.")]
    if channel not in ApplicationChannel.values:
        errors["channel"] = [_("Choose how the application came.")]
    if not what_for.strip():
        errors["what_for"] = [_("Say what the client applies for.")]
    errors |= _check_day(received_on, "received_on")
    errors |= _check_day(kela_decision_on, "kela_decision_on")
    if channel == ApplicationChannel.KELA and not kela_decision_number.strip():
        errors["kela_decision_number"] = [
            _("A forwarded application rests on Kela's decision: give its number.")
        ]
    if kela_period_start and kela_period_end and kela_period_end < kela_period_start:
        errors["kela_period_end"] = [_("The period ends before it starts.")]
    if errors:
        raise ValidationError(errors)
    application = Application(
        client=client,
        kind=kind,
        channel=channel,
        received_on=received_on,
        urgent=urgent,
        what_for=what_for.strip(),
        purpose=purpose.strip(),
        kela_decision_number=kela_decision_number.strip(),
        kela_decision_on=kela_decision_on,
        kela_period_start=kela_period_start,
        kela_period_end=kela_period_end,
        handled_by=actor,
        due_on=application_due(received_on=received_on, complete_on=None, urgent=urgent),
        created_by=actor,
        updated_by=actor,
    )
    application.full_clean(exclude=["created_by", "updated_by", "handled_by", "calculation"])
    application.save()
    _log(actor, application, "finance:application_register")
    return application


@transaction.atomic
def application_complete(
    *, actor: User, application: Application, complete_on: date, expected_version: int
) -> Application:
    """The application is complete (its attachments in): seven weekdays to decide run from `complete_on`."""
    _check_worker(actor, application.client)
    if application.status != ApplicationStatus.RECEIVED:
        raise ValidationError(_("Only an incomplete application can be marked complete."))
    errors = _check_day(complete_on, "complete_on", earliest=application.received_on)
    if errors:
        raise ValidationError(errors)
    application.complete_on = complete_on
    application.status = ApplicationStatus.COMPLETE
    application.due_on = application_due(
        received_on=application.received_on, complete_on=complete_on, urgent=application.urgent
    )
    application.save_versioned(
        actor=actor, expected_version=expected_version, update_fields=["complete_on", "status", "due_on"]
    )
    _log(actor, application, "finance:application_complete")
    return application


@transaction.atomic
def application_withdraw(*, actor: User, application: Application, expected_version: int) -> Application:
    _check_worker(actor, application.client)
    _check_open(application)
    application.status = ApplicationStatus.WITHDRAWN
    application.save_versioned(actor=actor, expected_version=expected_version, update_fields=["status"])
    _log(actor, application, "finance:application_withdraw")
    return application


def _persons(application: Application, persons: Iterable[tuple[UUID | str | None, str]]) -> list[Person]:
    """The persons counted: (None, category) is the client, (member id, category) a household member of
    this client's."""
    members = {str(m.pk): m for m in HouseholdMember.objects.filter(client_id=application.client_id)}
    counted = []
    for member_id, category in persons:
        if member_id in (None, "", CLIENT_KEY):
            counted.append(Person(CLIENT_KEY, category, str(application.client)))
            continue
        member = members.get(str(member_id))
        if member is None:
            raise ValidationError({"persons": [_("Count only members of this client's household.")]})
        counted.append(Person(str(member.pk), category, str(member)))
    return counted


def _lines(lines: Iterable[Mapping[str, Any]]) -> list[Line]:
    parsed = []
    for raw in lines:
        direction = str(raw.get("direction", ""))
        kind = str(raw.get("kind", ""))
        if direction not in Direction.values or kind not in _kinds(direction):
            raise ValidationError({"lines": [_("Choose the kind of each line.")]})
        parsed.append(
            Line(direction, kind, amount_check(raw.get("amount"), "lines"), bool(raw.get("earned", False)))
        )
    return parsed


@transaction.atomic
def calculation_save(
    *,
    actor: User,
    application: Application,
    expected_version: int,
    period_start: date,
    period_end: date,
    persons: Iterable[tuple[UUID | str | None, str]],
    lines: Iterable[Mapping[str, Any]],
) -> Result:
    """Save the worker's calculation whole (it replaces the earlier one); refused, it stores nothing."""
    _check_worker(actor, application.client)
    _check_open(application)
    raw_lines = list(lines)
    counted = _persons(application, persons)
    parsed = _lines(raw_lines)
    result = calculate(period_start=period_start, period_end=period_end, persons=counted, lines=parsed)
    application.period_start, application.period_end = period_start, period_end
    application.save_versioned(
        actor=actor, expected_version=expected_version, update_fields=["period_start", "period_end"]
    )
    application.counted.all().delete()
    application.lines.all().delete()
    CountedPerson.objects.bulk_create(
        CountedPerson(
            application=application,
            member_id=None if p.key == CLIENT_KEY else UUID(p.key),
            category=p.category,
        )
        for p in counted
    )
    CalculationLine.objects.bulk_create(
        CalculationLine(
            application=application,
            direction=line.direction,
            kind=line.kind,
            amount=line.amount,
            earned=line.earned and line.direction == Direction.INCOME,
            note=str(raw.get("note", ""))[:300],
        )
        for line, raw in zip(parsed, raw_lines, strict=True)
    )
    _log(actor, application, "finance:calculation_save")
    return result


@transaction.atomic
def grants_save(
    *, actor: User, application: Application, expected_version: int, grants: Iterable[GrantIn]
) -> list[Grant]:
    """What the decision will grant, for which expense and how it is paid (replaces the earlier list)."""
    _check_worker(actor, application.client)
    _check_open(application)
    rows = []
    for grant in grants:
        if grant.kind not in SpecialExpenseKind.values:
            raise ValidationError({"kind": [_("Choose what the grant is for.")]})
        amount = amount_check(grant.amount, "amount")
        if amount <= 0:
            raise ValidationError({"amount": [_("A grant is more than 0 euros.")]})
        if grant.method not in PaymentMethod.values:
            raise ValidationError({"method": [_("Choose how the grant is paid.")]})
        if grant.method == PaymentMethod.COMMITMENT and not grant.payee.strip():
            raise ValidationError({"payee": [_("A payment commitment names its payee.")]})
        rows.append(
            Grant(
                application=application,
                kind=grant.kind,
                amount=amount,
                method=grant.method,
                payee=grant.payee.strip()[:200],
                payee_reference=grant.payee_reference.strip()[:100],
            )
        )
    application.save_versioned(actor=actor, expected_version=expected_version, update_fields=[])
    application.grants.all().delete()
    Grant.objects.bulk_create(rows)
    _log(actor, application, "finance:grants_save")
    return rows


def application_result(application: Application) -> Result | None:
    """The stored calculation, calculated (None before the worker has made one)."""
    if application.period_start is None or application.period_end is None:
        return None
    counted = list(application.counted.select_related("member"))
    persons = [
        Person(
            CLIENT_KEY if c.member is None else str(c.member_id),
            c.category,
            str(application.client) if c.member is None else str(c.member),
        )
        for c in counted
    ]
    lines = [Line(ln.direction, ln.kind, ln.amount, ln.earned) for ln in application.lines.all()]
    try:
        return calculate(
            period_start=application.period_start,
            period_end=application.period_end,
            persons=persons,
            lines=lines,
        )
    except ValidationError:
        return None


def application_decision_errors(
    application: Application, *, client_id: UUID, granted: bool
) -> dict[str, list[str]]:
    """What keeps a decision on `application` from being made (decisions.services checks it)."""
    if application.client_id != client_id:
        return {"application": [_("The application is another client's.")]}
    if application.status != ApplicationStatus.COMPLETE:
        return {"application": [_("Decide a complete application: mark it complete first.")]}
    problems = []
    if application.kind == ApplicationKind.PREVENTIVE and not application.purpose.strip():
        problems.append(_("Preventive assistance is discretionary: state its purpose on the application."))
    if application.kind != ApplicationKind.SOCIAL_CREDIT and application_result(application) is None:
        problems.append(_("Make the calculation before the decision."))
    if granted and application.kind != ApplicationKind.SOCIAL_CREDIT and not application.grants.exists():
        problems.append(_("Say what is granted, how much and how it is paid."))
    return {"application": problems} if problems else {}


def application_decided(*, application: Application, outcome: str, decided_on: date) -> None:
    """Record the decision's outcome and keep the calculation as it stood (called by decision_make, in its
    transaction, after application_decision_errors found nothing)."""
    result = application_result(application)
    Application.objects.filter(pk=application.pk).update(
        status=ApplicationStatus.DECIDED,
        outcome=outcome,
        decided_on=decided_on,
        calculation=result.as_json() if result else None,
        updated_at=timezone.now(),
    )
