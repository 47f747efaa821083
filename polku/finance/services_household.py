"""Writes of the household's money: its members, the budget's versions, the debts, and the referral to
financial and debt counselling made with the client's consent (written to the disclosure log)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.accounts.models import User
from polku.audit.models import Action, Purpose
from polku.audit.services import use_log_write
from polku.clients.consents import Recipient, consent_for, consent_record, disclose
from polku.clients.links import link_claim, link_create, link_find, link_log, link_require_bound, link_use
from polku.clients.models import Client, ConsentMethod
from polku.finance.checks import amount_check, worker_check
from polku.finance.models import (
    KINDS_BY_DIRECTION,
    Budget,
    BudgetLine,
    BudgetLink,
    BudgetVersion,
    Debt,
    DebtKind,
    DebtReferral,
    DebtStatus,
    Direction,
    HouseholdMember,
    Relation,
)

EARLIEST = date(1900, 1, 1)
REFERRAL_PURPOSE = "Talous- ja velkaneuvonta: velkaluettelo"


@dataclass(frozen=True)
class BudgetLineIn:
    direction: str
    kind: str
    amount: Decimal
    payer: str = ""
    period_start: date | None = None
    period_end: date | None = None
    member_id: UUID | str | None = None
    note: str = ""


def _check_worker(actor: User, client: Client) -> None:
    worker_check(actor, client, _("Only the client's workers record the household's money."))


def _log(actor: User, client: Client, view: str, object_type: str, object_id: object) -> None:
    use_log_write(
        actor=actor,
        client_ids=[client.pk],
        view=view,
        object_type=object_type,
        object_id=str(object_id),
        action=Action.WRITE,
    )


def _check_member_fields(first_name: str, relation: str, birth_date: date | None) -> None:
    errors: dict[str, list[str]] = {}
    if not first_name.strip():
        errors["first_name"] = [_("Give the first name.")]
    if relation not in Relation.values:
        errors["relation"] = [_("Choose the relation to the client.")]
    if birth_date is not None and not EARLIEST <= birth_date <= timezone.localdate():
        errors["birth_date"] = [_("Give a date of birth that has been.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def member_add(
    *,
    actor: User,
    client: Client,
    first_name: str,
    relation: str,
    last_name: str = "",
    birth_date: date | None = None,
) -> HouseholdMember:
    """A person of the client's household (not a client of their own)."""
    _check_worker(actor, client)
    _check_member_fields(first_name, relation, birth_date)
    member = HouseholdMember.objects.create(
        client=client,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        birth_date=birth_date,
        relation=relation,
        created_by=actor,
        updated_by=actor,
    )
    _log(actor, client, "finance:member_add", "household_member", member.pk)
    return member


@transaction.atomic
def member_update(
    *,
    actor: User,
    member: HouseholdMember,
    expected_version: int,
    first_name: str,
    relation: str,
    last_name: str = "",
    birth_date: date | None = None,
    moved_out_on: date | None = None,
) -> HouseholdMember:
    _check_worker(actor, member.client)
    _check_member_fields(first_name, relation, birth_date)
    if moved_out_on is not None and moved_out_on > timezone.localdate():
        raise ValidationError({"moved_out_on": [_("This day has not come yet.")]})
    member.first_name, member.last_name = first_name.strip(), last_name.strip()
    member.relation, member.birth_date, member.moved_out_on = relation, birth_date, moved_out_on
    member.save_versioned(
        actor=actor,
        expected_version=expected_version,
        update_fields=["first_name", "last_name", "relation", "birth_date", "moved_out_on"],
    )
    _log(actor, member.client, "finance:member_update", "household_member", member.pk)
    return member


def _budget_lines(client: Client, lines: Iterable[BudgetLineIn]) -> list[BudgetLine]:
    members = {str(pk) for pk in HouseholdMember.objects.filter(client=client).values_list("pk", flat=True)}
    rows = []
    for line in lines:
        kinds = KINDS_BY_DIRECTION.get(line.direction)
        if kinds is None or line.kind not in kinds.values:
            raise ValidationError({"lines": [_("Choose the kind of each line.")]})
        amount = amount_check(line.amount, "lines")
        if line.member_id and str(line.member_id) not in members:
            raise ValidationError(
                {"lines": [_("A line can be only of a member of this client's household.")]}
            )
        if line.period_start and line.period_end and line.period_end < line.period_start:
            raise ValidationError({"lines": [_("The period ends before it starts.")]})
        rows.append(
            BudgetLine(
                direction=line.direction,
                kind=line.kind,
                amount=amount,
                payer=line.payer.strip()[:200],
                period_start=line.period_start,
                period_end=line.period_end,
                member_id=line.member_id or None,
                note=line.note.strip()[:300],
            )
        )
    return rows


def budget_latest(client: Client) -> BudgetVersion | None:
    return BudgetVersion.objects.filter(budget__client=client).order_by("-number").first()


@transaction.atomic
def budget_version_save(
    *,
    actor: User | None,
    client: Client,
    month: date,
    lines: Iterable[BudgetLineIn],
    expected_number: int,
    note: str = "",
    by_client: bool = False,
) -> BudgetVersion:
    """A new version of the household budget (the earlier ones stay as they were). `expected_number` is
    the latest version the editor saw (0 for none): if someone saved meanwhile, nothing is saved.
    `actor` None with `by_client`: the client through their one-time link (the caller logs it)."""
    if actor is not None:
        _check_worker(actor, client)
    if month.day != 1 or not date(2000, 1, 1) <= month <= date(2100, 12, 1):
        raise ValidationError({"month": [_("Give the month the budget describes.")]})
    rows = _budget_lines(client, lines)
    budget, _created = Budget.objects.get_or_create(
        client=client, defaults={"created_by": actor, "updated_by": actor}
    )
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    latest = budget.versions.order_by("-number").values_list("number", flat=True).first() or 0
    if latest != expected_number:
        raise ValidationError(
            _(
                "Someone else saved the budget meanwhile: open it again to see their version, then save yours."  # noqa: E501
            ),
            code="stale",
        )
    try:
        with transaction.atomic():
            version = BudgetVersion.objects.create(
                budget=budget,
                number=latest + 1,
                month=month,
                made_by=actor,
                by_client=by_client,
                note=note.strip()[:2000],
            )
    except IntegrityError as exc:  # the same number saved at the same moment
        raise ValidationError(_("Someone else saved the budget meanwhile."), code="stale") from exc
    for row in rows:
        row.version = version
    BudgetLine.objects.bulk_create(rows)
    if actor is not None:
        _log(actor, client, "finance:budget_save", "budget_version", version.pk)
    return version


def _check_debt(creditor: str, kind: str, status: str, due_on: date | None) -> None:
    errors: dict[str, list[str]] = {}
    if not creditor.strip():
        errors["creditor"] = [_("Name the creditor.")]
    if kind not in DebtKind.values:
        errors["kind"] = [_("Choose the kind of debt.")]
    if status not in DebtStatus.values:
        errors["status"] = [_("Choose the status.")]
    if due_on is not None and not date(1950, 1, 1) <= due_on <= date(2100, 12, 31):
        errors["due_on"] = [_("Give a due date between 1950 and 2100.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def debt_add(
    *,
    actor: User,
    client: Client,
    creditor: str,
    kind: str,
    amount: Decimal,
    due_on: date | None = None,
    in_enforcement: bool = False,
    status: str = DebtStatus.OPEN,
    note: str = "",
) -> Debt:
    _check_worker(actor, client)
    _check_debt(creditor, kind, status, due_on)
    debt = Debt.objects.create(
        client=client,
        creditor=creditor.strip()[:200],
        kind=kind,
        amount=amount_check(amount, "amount"),
        due_on=due_on,
        in_enforcement=in_enforcement or kind == DebtKind.ENFORCEMENT,
        status=status,
        note=note.strip(),
        created_by=actor,
        updated_by=actor,
    )
    _log(actor, client, "finance:debt_add", "debt", debt.pk)
    return debt


@transaction.atomic
def debt_update(
    *,
    actor: User,
    debt: Debt,
    expected_version: int,
    creditor: str,
    kind: str,
    amount: Decimal,
    due_on: date | None = None,
    in_enforcement: bool = False,
    status: str = DebtStatus.OPEN,
    note: str = "",
) -> Debt:
    _check_worker(actor, debt.client)
    _check_debt(creditor, kind, status, due_on)
    debt.creditor, debt.kind, debt.amount = creditor.strip()[:200], kind, amount_check(amount, "amount")
    debt.due_on, debt.status, debt.note = due_on, status, note.strip()
    debt.in_enforcement = in_enforcement or kind == DebtKind.ENFORCEMENT
    debt.save_versioned(
        actor=actor,
        expected_version=expected_version,
        update_fields=["creditor", "kind", "amount", "due_on", "in_enforcement", "status", "note"],
    )
    _log(actor, debt.client, "finance:debt_update", "debt", debt.pk)
    return debt


@transaction.atomic
def debt_referral_make(
    *,
    actor: User,
    client: Client,
    recipient: str,
    debt_ids: Iterable[UUID | str],
    consent_given: bool,
    consent_on: date | None,
    message: str = "",
) -> DebtReferral:
    """Refer the client to financial and debt counselling with their debt list. Only with the client's
    consent (recorded here as a consent to the recipient, if there is none yet), never against a ban;
    the disclosure is logged (ATL 10)."""
    _check_worker(actor, client)
    errors: dict[str, list[str]] = {}
    if not recipient.strip():
        errors["recipient"] = [_("Name where the client is referred.")]
    if not consent_given or consent_on is None:
        errors["consent_given"] = [_("A referral is made only with the client's consent.")]
    elif not date(2000, 1, 1) <= consent_on <= timezone.localdate():
        errors["consent_on"] = [_("Give the day the client consented.")]
    debts = list(Debt.objects.filter(client=client, pk__in=[str(d) for d in debt_ids]))
    if not debts:
        errors["debts"] = [_("Choose the debts the referral is about.")]
    if errors:
        raise ValidationError(errors)
    day = consent_on or timezone.localdate()  # given: checked above
    to = Recipient(name=recipient.strip()[:200])
    if consent_for(client, recipient=to) is None:
        consent_record(
            actor=actor,
            client=client,
            recipient=to.name,
            purpose=REFERRAL_PURPOSE,
            given_on=day,
            method=ConsentMethod.ORAL,
        )
    referral = DebtReferral.objects.create(
        client=client,
        recipient=to.name,
        message=message.strip(),
        consent_on=day,
        created_by=actor,
        updated_by=actor,
    )
    referral.debts.set(debts)
    disclose(
        actor=actor,
        client=client,
        recipient=to,
        what=_("Debt list for financial and debt counselling (%(count)s debts)") % {"count": len(debts)},
        object_type="debt_referral",
        object_id=referral.pk,
        purpose=Purpose.CLIENT_WORK,
    )
    _log(actor, client, "finance:debt_referral", "debt_referral", referral.pk)
    return referral


def budget_totals(version: BudgetVersion | None) -> dict[str, Decimal]:
    """Income, expenses, assets, the difference and the shortfall of a budget version, a month."""
    sums = {d: Decimal("0") for d in Direction.values}
    if version is not None:
        for line in version.lines.all():
            sums[line.direction] += line.amount
    difference = sums[Direction.INCOME] - sums[Direction.EXPENSE]
    return {
        "income": sums[Direction.INCOME],
        "expenses": sums[Direction.EXPENSE],
        "assets": sums[Direction.ASSET],
        "difference": difference,
        "shortfall": max(Decimal("0"), -difference),
    }


@transaction.atomic
def budget_link_create(*, actor: User, client: Client) -> str:
    """A one-time link for the client to fill in or correct the household budget; returns the raw token
    (shown once). The link binds the first browser that opens it and is used up by the client's save."""
    _check_worker(actor, client)
    budget, _created = Budget.objects.get_or_create(
        client=client, defaults={"created_by": actor, "updated_by": actor}
    )
    link, token = link_create(BudgetLink, created_by=actor, budget=budget)
    _log(actor, client, "finance:budget_link", "budget_link", link.pk)
    return token


@transaction.atomic
def budget_link_open(*, token: str, browser_secret: str) -> tuple[BudgetLink, str, BudgetVersion | None]:
    """The client opens the link: the link, a new browser secret when this open bound the browser ("" else),
    and the latest budget version the page shows (logged as read by the client through the link)."""
    link, new_secret = link_claim(
        BudgetLink.objects.select_related("budget"), token, browser_secret=browser_secret
    )
    latest = link.budget.versions.order_by("-number").first()
    link_log(
        link, view="budget_fill", object_type="budget", object_id=str(link.budget_id), action=Action.READ
    )
    return link, new_secret, latest


@transaction.atomic
def budget_link_save(
    *,
    token: str,
    browser_secret: str,
    month: date,
    lines: Iterable[BudgetLineIn],
    expected_number: int,
    note: str = "",
) -> BudgetVersion:
    """The client saves the budget through the link: a new version (`by_client`), and the link is used up."""
    link = link_find(BudgetLink.objects.select_related("budget__client"), token)
    link_require_bound(link, browser_secret)
    version = budget_version_save(
        actor=None,
        client=link.budget.client,
        month=month,
        lines=lines,
        expected_number=expected_number,
        note=note,
        by_client=True,
    )
    link_use(link)
    link_log(
        link, view="budget_fill", object_type="budget_version", object_id=str(version.pk), action=Action.WRITE
    )
    return version
