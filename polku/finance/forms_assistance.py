"""Forms of the social assistance pages; they only shape input (the rules are in services_assistance)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from polku.core.forms import DateField, IntegerField, LabelledForm
from polku.finance.models import (
    MAX_AMOUNT,
    Application,
    AssetKind,
    BasicCategory,
    Direction,
    ExpenseKind,
    HouseholdMember,
    IncomeKind,
    PaymentMethod,
    SpecialExpenseKind,
)


def amount_field(**kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        min_value=Decimal("0"), max_value=MAX_AMOUNT, max_digits=12, decimal_places=2, **kwargs
    )


class ApplicationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Application
        fields = [
            "kind",
            "channel",
            "received_on",
            "urgent",
            "what_for",
            "purpose",
            "kela_decision_number",
            "kela_decision_on",
            "kela_period_start",
            "kela_period_end",
        ]
        widgets = {
            "what_for": forms.Textarea(attrs={"rows": 3}),
            "purpose": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {
            "received_on": DateField,
            "kela_decision_on": DateField,
            "kela_period_start": DateField,
            "kela_period_end": DateField,
        }


class CompleteForm(LabelledForm):
    version = IntegerField(widget=forms.HiddenInput)
    complete_on = DateField(label=_("complete on"))


# One select for a line's kind: "direction:kind", grouped by direction.
LINE_CHOICES = [
    ("", "---------"),
    (
        _("Expenses"),
        [(f"{Direction.EXPENSE}:{value}", label) for value, label in ExpenseKind.choices]
        + [
            (f"{Direction.EXPENSE}:{value}", label)
            for value, label in SpecialExpenseKind.choices
            if value not in ExpenseKind.values
        ],
    ),
    (_("Income"), [(f"{Direction.INCOME}:{value}", label) for value, label in IncomeKind.choices]),
    (_("Assets"), [(f"{Direction.ASSET}:{value}", label) for value, label in AssetKind.choices]),
]


class LineForm(LabelledForm):
    line = forms.ChoiceField(label=_("kind"), choices=LINE_CHOICES, required=False)
    amount = amount_field(label=_("amount (€)"), required=False)
    earned = forms.BooleanField(label=_("earned income"), required=False)
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("line") and data.get("amount") is None:
            self.add_error("amount", _("Give the amount."))
        return data


LineFormSet = forms.formset_factory(LineForm, extra=4, max_num=60, absolute_max=60, validate_max=True)


class CalculationForm(LabelledForm):
    version = IntegerField(widget=forms.HiddenInput)
    period_start = DateField(label=_("calculation from"))
    period_end = DateField(label=_("calculation until"))

    def __init__(self, *args: Any, members: list[HouseholdMember], client_name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("not counted")), *BasicCategory.choices]
        self.fields["person_client"] = forms.ChoiceField(label=client_name, choices=choices, required=False)
        for member in members:
            self.fields[f"person_{member.pk}"] = forms.ChoiceField(
                label=str(member), choices=choices, required=False
            )

    def persons(self) -> list[tuple[str | None, str]]:
        return [
            (None if name == "person_client" else name.removeprefix("person_"), value)
            for name, value in self.cleaned_data.items()
            if name.startswith("person_") and value
        ]

    def person_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("person_")]


class GrantForm(LabelledForm):
    kind = forms.ChoiceField(
        label=_("for"), choices=[("", "---------"), *SpecialExpenseKind.choices], required=False
    )
    amount = amount_field(label=_("amount (€)"), required=False)
    method = forms.ChoiceField(label=_("payment"), choices=PaymentMethod.choices, required=False)
    payee = forms.CharField(label=_("payee"), max_length=200, required=False)
    payee_reference = forms.CharField(label=_("payee's account or reference"), max_length=100, required=False)


GrantFormSet = forms.formset_factory(GrantForm, extra=2, max_num=20, absolute_max=20, validate_max=True)
