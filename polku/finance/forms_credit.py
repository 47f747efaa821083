"""Forms of the social credit pages; they only shape input (the rules are in services_credit)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from polku.core.forms import DateField, IntegerField, LabelledForm
from polku.finance.forms_assistance import amount_field


def percent_field(label: StrOrPromise) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, min_value=Decimal("0"), max_value=Decimal("100"), max_digits=5, decimal_places=2
    )


class CreditForm(LabelledForm):
    amount = amount_field(label=_("loan (€)"))
    interest_rate = percent_field(_("interest (% a year)"))
    reference_rate = percent_field(_("reference rate (% a year)"))
    months = IntegerField(label=_("repayment time (months)"), min_value=1, max_value=120)
    first_due_on = DateField(label=_("first instalment due"))
    counselling = forms.CharField(
        label=_("financial counselling"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_(
            "How the financial counselling that goes with the credit is given (laki 1133/2002, 7 §)."
        ),
    )


class HolidayForm(LabelledForm):
    version = IntegerField(widget=forms.HiddenInput)
    from_number = IntegerField(label=_("from instalment"), min_value=1, max_value=120)
    months = IntegerField(label=_("months"), min_value=1, max_value=12)


class PaymentForm(LabelledForm):
    version = IntegerField(widget=forms.HiddenInput)
    paid_on = DateField(label=_("paid on"))
    paid_amount = amount_field(label=_("paid (€)"))
