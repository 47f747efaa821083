"""Forms of the household's money pages; they only shape input (the rules are in services_household)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from polku.core.forms import DateField, IntegerField, LabelledForm
from polku.finance.forms_assistance import amount_field
from polku.finance.models import (
    AssetKind,
    Debt,
    Direction,
    ExpenseKind,
    HouseholdMember,
    IncomeKind,
)


class MemberForm(forms.ModelForm):  # type: ignore[type-arg]
    version = IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = HouseholdMember
        fields = ["first_name", "last_name", "relation", "birth_date", "moved_out_on"]
        field_classes = {"birth_date": DateField, "moved_out_on": DateField}


BUDGET_CHOICES = [
    ("", "---------"),
    (_("Income"), [(f"{Direction.INCOME}:{v}", label) for v, label in IncomeKind.choices]),
    (_("Expenses"), [(f"{Direction.EXPENSE}:{v}", label) for v, label in ExpenseKind.choices]),
    (_("Assets"), [(f"{Direction.ASSET}:{v}", label) for v, label in AssetKind.choices]),
]


class BudgetForm(LabelledForm):
    number = IntegerField(widget=forms.HiddenInput, min_value=0)
    month = DateField(label=_("month"), help_text=_("Any day of the month the budget describes."))
    note = forms.CharField(
        label=_("note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class BudgetLineForm(LabelledForm):
    line = forms.ChoiceField(label=_("kind"), choices=BUDGET_CHOICES, required=False)
    amount = amount_field(label=_("€ a month"), required=False)
    payer = forms.CharField(label=_("payer"), max_length=200, required=False)
    period_start = DateField(label=_("paid from"), required=False)
    period_end = DateField(label=_("paid until"), required=False)
    member = forms.ChoiceField(label=_("whose"), required=False)
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def __init__(self, *args: Any, members: list[HouseholdMember] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", _("the client")), *((str(m.pk), str(m)) for m in members or [])]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("line") and data.get("amount") is None:
            self.add_error("amount", _("Give the amount."))
        return data


BudgetLineFormSet = forms.formset_factory(
    BudgetLineForm, extra=3, max_num=80, absolute_max=80, validate_max=True
)


class DebtForm(forms.ModelForm):  # type: ignore[type-arg]
    version = IntegerField(widget=forms.HiddenInput, required=False)
    amount = amount_field(label=_("amount (€)"))

    class Meta:
        model = Debt
        fields = ["creditor", "kind", "amount", "due_on", "in_enforcement", "status", "note"]
        field_classes = {"due_on": DateField}
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class ReferralForm(LabelledForm):
    recipient = forms.CharField(
        label=_("to"),
        max_length=200,
        initial=_("Legal aid office, financial and debt counselling"),
    )
    debts = forms.MultipleChoiceField(label=_("debts"), widget=forms.CheckboxSelectMultiple, required=False)
    message = forms.CharField(
        label=_("message"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )
    consent_given = forms.BooleanField(
        label=_("The client consented to the referral and to sending the debt list"), required=False
    )
    consent_on = DateField(label=_("consent given on"), required=False)

    def __init__(self, *args: Any, debts: list[Debt], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["debts"].choices = [(str(d.pk), f"{d.creditor} {d.amount} €") for d in debts]  # type: ignore[attr-defined]
