"""Financial social work (taloussosiaalityö): the household's money, its debts, and the county's social
assistance (supplementary and preventive, laki toimeentulotuesta 1412/1997) and social credit (laki
sosiaalisesta luototuksesta 1133/2002).

The household's members are persons, not clients: they are recorded on the client and counted in a
calculation, never given a client record of their own. Every amount is a `Decimal` with cents.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from uuid import UUID

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import User
from polku.clients.links import ClientLink
from polku.clients.models import Client
from polku.core.models import BaseModel

# Larger than any month's money of a household that social work meets: a typo, not an amount (issue 16).
MAX_AMOUNT = Decimal("1000000.00")


def money(verbose_name: str | object, **kwargs: object) -> models.DecimalField:  # type: ignore[type-arg]
    """An amount in euros with cents, from 0 to MAX_AMOUNT."""
    return models.DecimalField(
        verbose_name,  # type: ignore[arg-type]
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_AMOUNT)],
        **kwargs,  # type: ignore[arg-type]
    )


# -- the household -----------------------------------------------------------------------------------------


class Relation(models.TextChoices):
    SPOUSE = "spouse", _("spouse or partner")
    CHILD = "child", _("child")
    ADULT_CHILD = "adult_child", _("adult child")
    PARENT = "parent", _("parent")
    OTHER = "other", _("other member of the household")


class HouseholdMember(BaseModel):
    """A person who lives with the client and shares the household's money (not a client)."""

    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.CASCADE, related_name="household_members"
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    relation = models.CharField(_("relation to the client"), max_length=16, choices=Relation.choices)
    moved_out_on = models.DateField(_("moved out on"), null=True, blank=True)

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        ordering = ["birth_date", "first_name", "pk"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Direction(models.TextChoices):
    INCOME = "income", _("income")
    EXPENSE = "expense", _("expense")
    ASSET = "asset", _("asset")


class IncomeKind(models.TextChoices):
    WAGES = "wages", _("wages")
    BASIC_ASSISTANCE = "basic_assistance", _("basic social assistance (Kela)")
    HOUSING_ALLOWANCE = "housing_allowance", _("general housing allowance")
    UNEMPLOYMENT = "unemployment", _("unemployment benefit")
    SICKNESS = "sickness", _("sickness allowance")
    PENSION = "pension", _("pension")
    CHILD_BENEFIT = "child_benefit", _("child benefit")
    MAINTENANCE = "maintenance", _("maintenance support or payment")
    STUDY = "study", _("study grant")
    OTHER_INCOME = "other_income", _("other income")


class ExpenseKind(models.TextChoices):
    RENT = "rent", _("rent")
    ELECTRICITY = "electricity", _("electricity")
    WATER = "water", _("water")
    HOME_INSURANCE = "home_insurance", _("home insurance")
    MEDICINES = "medicines", _("medicines")
    HEALTH = "health", _("health care fees")
    TRAVEL = "travel", _("travel")
    CHILDCARE = "childcare", _("early childhood education fees")
    DEBT_INSTALMENT = "debt_instalment", _("debt instalments")
    OTHER_EXPENSE = "other_expense", _("other expense")


class AssetKind(models.TextChoices):
    BANK = "bank", _("money in a bank account")
    SAVINGS = "savings", _("savings and investments")
    VEHICLE = "vehicle", _("vehicle")
    PROPERTY = "property", _("property")
    OTHER_ASSET = "other_asset", _("other asset")


KINDS_BY_DIRECTION: dict[str, type[models.TextChoices]] = {
    Direction.INCOME: IncomeKind,
    Direction.EXPENSE: ExpenseKind,
    Direction.ASSET: AssetKind,
}


def kind_label(direction: str, kind: str) -> str:
    """The name of a line's kind (an expense may also be a special expense of social assistance)."""
    for choices in (
        KINDS_BY_DIRECTION.get(direction),
        SpecialExpenseKind if direction == Direction.EXPENSE else None,
    ):
        if choices is not None and kind in choices.values:
            return str(choices(kind).label)
    return kind


class Budget(BaseModel):
    """The client's household budget: one per client, kept as numbered versions (like the plan). A new
    version never changes an old one."""

    client = models.OneToOneField(
        Client, verbose_name=_("client"), on_delete=models.CASCADE, related_name="budget"
    )

    class Meta:
        verbose_name = _("household budget")
        verbose_name_plural = _("household budgets")


class BudgetVersion(models.Model):
    """One saved state of the budget, by a worker or by the client through a one-time link."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    month = models.DateField(_("month"), help_text=_("The first day of the month the budget describes."))
    made_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    made_by = models.ForeignKey(
        User, verbose_name=_("saved by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    by_client = models.BooleanField(_("filled in by the client"), default=False)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("budget version")
        verbose_name_plural = _("budget versions")
        ordering = ["budget", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "number"], name="budget_version_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} v{self.number}"


class BudgetLine(models.Model):
    """A monthly income, expense or asset of the household in one budget version."""

    version = models.ForeignKey(BudgetVersion, on_delete=models.CASCADE, related_name="lines")
    direction = models.CharField(_("income, expense or asset"), max_length=8, choices=Direction.choices)
    kind = models.CharField(_("kind"), max_length=20)
    amount = money(_("amount (€ a month)"))
    payer = models.CharField(
        _("payer"), max_length=200, blank=True, help_text=_("Who pays a benefit, e.g. Kela.")
    )
    period_start = models.DateField(_("paid from"), null=True, blank=True)
    period_end = models.DateField(_("paid until"), null=True, blank=True)
    member = models.ForeignKey(
        HouseholdMember,
        verbose_name=_("whose"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the client's own."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["version", "direction", "kind", "pk"]

    def __str__(self) -> str:
        return f"{self.direction} {self.kind} {self.amount}"

    @property
    def kind_label(self) -> str:
        return kind_label(self.direction, self.kind)


class BudgetLink(ClientLink):
    """A one-time link through which the client fills in or corrects the household budget (no account): it
    binds the first browser that opens it and is used up when the client saves a new version."""

    BINDS_BROWSER = True

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="links")

    class Meta:
        verbose_name = _("budget link")
        verbose_name_plural = _("budget links")

    def __str__(self) -> str:
        return str(self.budget_id)

    @property
    def link_client_id(self) -> UUID:
        return self.budget.client_id


# -- debts --------------------------------------------------------------------------------------------------


class DebtKind(models.TextChoices):
    RENT_ARREARS = "rent_arrears", _("rent arrears")
    ENERGY = "energy", _("energy bills")
    CONSUMER_CREDIT = "consumer_credit", _("consumer credit")
    ENFORCEMENT = "enforcement", _("debt in enforcement (ulosotto)")
    TAX = "tax", _("taxes")
    FINES = "fines", _("fines")
    HEALTH_FEES = "health_fees", _("health and social care fees")
    OTHER = "other", _("other debt")


class DebtStatus(models.TextChoices):
    OPEN = "open", _("open")
    NEGOTIATING = "negotiating", _("negotiating")
    PAYMENT_PLAN = "payment_plan", _("payment plan")
    SETTLED = "settled", _("settled")


# The debts that threaten the home: the caseload marks their clients.
ARREARS = (DebtKind.RENT_ARREARS.value, DebtKind.ENERGY.value)


class Debt(BaseModel):
    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.CASCADE, related_name="debts"
    )
    creditor = models.CharField(_("creditor"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=DebtKind.choices)
    amount = money(_("amount (€)"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    in_enforcement = models.BooleanField(_("in enforcement (ulosotto)"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=DebtStatus.choices, default=DebtStatus.OPEN)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("debt")
        verbose_name_plural = _("debts")
        ordering = ["client", "due_on", "creditor", "pk"]
        indexes = [
            models.Index(
                fields=["client"],
                name="finance_debt_arrears",
                condition=models.Q(kind__in=["rent_arrears", "energy"]) & ~models.Q(status="settled"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.creditor} {self.amount} €"


class DebtReferral(BaseModel):
    """A referral to financial and debt counselling (the legal aid offices' talous- ja velkaneuvonta), made
    with the client's consent and written to the disclosure log."""

    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.CASCADE, related_name="debt_referrals"
    )
    recipient = models.CharField(_("to"), max_length=200)
    message = models.TextField(_("message"), blank=True)
    debts = models.ManyToManyField(Debt, verbose_name=_("debts"), related_name="referrals")
    consent_on = models.DateField(_("client's consent given on"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("debt counselling referral")
        verbose_name_plural = _("debt counselling referrals")
        ordering = ["-sent_at"]


# -- social assistance --------------------------------------------------------------------------------------


class ApplicationKind(models.TextChoices):
    SUPPLEMENTARY = "supplementary", _("supplementary social assistance")
    PREVENTIVE = "preventive", _("preventive social assistance")
    SOCIAL_CREDIT = "social_credit", _("social credit")


class ApplicationChannel(models.TextChoices):
    CLIENT = "client", _("from the client")
    KELA = "kela", _("forwarded by Kela")


class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", _("received, incomplete")
    COMPLETE = "complete", _("complete, to decide")
    DECIDED = "decided", _("decided")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Application(BaseModel):
    """An application for supplementary or preventive social assistance or social credit. `due_on`: by when
    it must be decided, or, while incomplete, its completion requested (polku.finance.deadlines)."""

    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="assistance_applications"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ApplicationKind.choices)
    channel = models.CharField(
        _("how it came"), max_length=8, choices=ApplicationChannel.choices, default=ApplicationChannel.CLIENT
    )
    received_on = models.DateField(_("received on"))
    complete_on = models.DateField(_("complete on"), null=True, blank=True)
    urgent = models.BooleanField(_("urgent"), default=False)
    due_on = models.DateField(_("to decide by"), null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.RECEIVED
    )
    handled_by = models.ForeignKey(
        User, verbose_name=_("handled by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    what_for = models.TextField(_("what the client applies for"))
    purpose = models.TextField(
        _("purpose"), blank=True, help_text=_("Preventive assistance: what it is to prevent or promote.")
    )
    # Kela's basic social assistance decision, the ground of a forwarded application.
    kela_decision_number = models.CharField(_("Kela's decision"), max_length=60, blank=True)
    kela_decision_on = models.DateField(_("Kela's decision date"), null=True, blank=True)
    kela_period_start = models.DateField(_("Kela's period from"), null=True, blank=True)
    kela_period_end = models.DateField(_("Kela's period until"), null=True, blank=True)
    # The month (or other period) the calculation covers.
    period_start = models.DateField(_("calculation from"), null=True, blank=True)
    period_end = models.DateField(_("calculation until"), null=True, blank=True)
    # Set when the application's decision is made (decisions.services.decision_make): "granted",
    # "partly_granted" or "denied", and the day.
    outcome = models.CharField(_("outcome"), max_length=16, blank=True, editable=False)
    decided_on = models.DateField(_("decided on"), null=True, blank=True, editable=False)
    # The calculation as it stood when the decision was made (calculation.Result.as_json), for the letter.
    calculation = models.JSONField(_("calculation"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("social assistance application")
        verbose_name_plural = _("social assistance applications")
        ordering = ["-received_on", "-created_at"]
        indexes = [
            models.Index(fields=["client", "-received_on"]),
            models.Index(
                fields=["due_on", "id"],
                name="finance_application_open_due",
                condition=models.Q(status__in=["received", "complete"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.received_on}"


class BasicCategory(models.TextChoices):
    """The basic amount (perusosa) of each person counted (laki toimeentulotuesta 9 §)."""

    ALONE = "alone", _("adult living alone")
    SINGLE_PARENT = "single_parent", _("single parent")
    ADULT = "adult", _("other adult (18 or over)")
    ADULT_WITH_PARENTS = "adult_with_parents", _("adult living with their parents")
    CHILD_10_17_1 = "child_10_17_1", _("child 10-17, first of the siblings")
    CHILD_10_17_2 = "child_10_17_2", _("child 10-17, second of the siblings")
    CHILD_10_17_3 = "child_10_17_3", _("child 10-17, third or later of the siblings")
    CHILD_UNDER_10_1 = "child_under_10_1", _("child under 10, first of the siblings")
    CHILD_UNDER_10_2 = "child_under_10_2", _("child under 10, second of the siblings")
    CHILD_UNDER_10_3 = "child_under_10_3", _("child under 10, third or later of the siblings")


class CountedPerson(models.Model):
    """A person counted in an application's calculation with their basic amount: the client (`member`
    empty) or a household member, each at most once."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="counted")
    member = models.ForeignKey(
        HouseholdMember, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("basic amount"), max_length=20, choices=BasicCategory.choices)

    class Meta:
        verbose_name = _("person in the calculation")
        verbose_name_plural = _("persons in the calculation")
        constraints = [
            models.UniqueConstraint(fields=["application", "member"], name="counted_member_once"),
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(member__isnull=True),
                name="counted_client_once",
            ),
        ]

    def __str__(self) -> str:
        return self.category


class SpecialExpenseKind(models.TextChoices):
    """Special expenses (erityismenot) and other costs the county's assistance may cover."""

    RENT_DEPOSIT = "rent_deposit", _("rent deposit")
    MOVING = "moving", _("moving costs")
    CHILD_VISITS = "child_visits", _("costs of a child's visits")
    HOUSEHOLD_GOODS = "household_goods", _("household goods and furniture")
    MEDICINES = "medicines", _("medicines above what Kela covers")
    FUNERAL = "funeral", _("funeral costs")
    RENT_ARREARS = "rent_arrears", _("rent arrears")
    ENERGY_ARREARS = "energy_arrears", _("electricity arrears")
    HOBBY = "hobby", _("a hobby or the like")
    OTHER = "other", _("other special expense")


class CalculationLine(models.Model):
    """An expense recognised in the calculation, or an income or asset counted against it, for the
    application's period."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="lines")
    direction = models.CharField(_("expense, income or asset"), max_length=8, choices=Direction.choices)
    kind = models.CharField(_("kind"), max_length=20)
    amount = money(_("amount (€)"))
    earned = models.BooleanField(
        _("earned income"), default=False, help_text=_("Wages: the earned income deduction applies.")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("calculation line")
        verbose_name_plural = _("calculation lines")
        ordering = ["application", "direction", "pk"]

    def __str__(self) -> str:
        return f"{self.direction} {self.kind} {self.amount}"

    @property
    def kind_label(self) -> str:
        return kind_label(self.direction, self.kind)


class PaymentMethod(models.TextChoices):
    TO_CLIENT = "to_client", _("paid to the client's account")
    COMMITMENT = "commitment", _("payment commitment (maksusitoumus) to the payee")


class Grant(models.Model):
    """What a decision grants for one kind of expense, and how it is paid."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="grants")
    kind = models.CharField(_("for"), max_length=20, choices=SpecialExpenseKind.choices)
    amount = money(_("amount (€)"))
    method = models.CharField(_("payment"), max_length=12, choices=PaymentMethod.choices)
    payee = models.CharField(_("payee"), max_length=200, blank=True)
    payee_reference = models.CharField(_("payee's account or reference"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        ordering = ["application", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount}"


# -- social credit ------------------------------------------------------------------------------------------


class CreditStatus(models.TextChoices):
    ACTIVE = "active", _("being repaid")
    REPAID = "repaid", _("repaid")
    WRITTEN_OFF = "written_off", _("written off")


class CreditAgreement(BaseModel):
    """A social credit (laki sosiaalisesta luototuksesta 1133/2002): the loan, its interest (at most the
    reference rate, 4 §), its repayment plan and the financial counselling that goes with it (7 §)."""

    application = models.OneToOneField(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="credit"
    )
    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="credits"
    )
    amount = money(_("loan (€)"))
    interest_rate = models.DecimalField(_("interest (% a year)"), max_digits=5, decimal_places=2)
    reference_rate = models.DecimalField(
        _("reference rate (% a year)"),
        max_digits=5,
        decimal_places=2,
        help_text=_("The reference rate of the Interest Act 12 § in force when the agreement is made."),
    )
    months = models.PositiveSmallIntegerField(
        _("repayment time (months)"), validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    first_due_on = models.DateField(_("first instalment due"))
    counselling = models.TextField(_("financial counselling"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=CreditStatus.choices, default=CreditStatus.ACTIVE
    )

    class Meta:
        verbose_name = _("social credit agreement")
        verbose_name_plural = _("social credit agreements")
        ordering = ["-created_at"]


class Instalment(BaseModel):
    """One instalment of a credit's repayment plan and what was paid. A payment holiday moves the unpaid
    instalments forward (`holiday`)."""

    agreement = models.ForeignKey(CreditAgreement, on_delete=models.CASCADE, related_name="instalments")
    number = models.PositiveSmallIntegerField(_("instalment"))
    due_on = models.DateField(_("due on"))
    amount = money(_("amount (€)"))
    interest = money(_("of which interest (€)"), default=Decimal("0"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_amount = money(_("paid (€)"), null=True, blank=True)
    holiday = models.BooleanField(_("payment holiday"), default=False)

    class Meta:
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="instalment_number_unique")
        ]
