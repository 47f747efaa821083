from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import Organisation, OrganisationKind
from polku.clients.models import Client
from polku.core.forms import DateField, IntegerField
from polku.decisions.appeal import NotificationMethod
from polku.decisions.models import MONEY_TYPES, Decision, DecisionType
from polku.decisions.services import NO_POSTAL_ADDRESS, has_postal_address

# The fields of a service decision that a decision on social assistance or social credit has not.
MONEY_HIDDEN = ("service_name", "initiation", "provider", "start_date", "end_date", "extent", "client_fee")


class DecisionForm(forms.ModelForm):  # type: ignore[type-arg]
    version = IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Decision
        fields = [
            "decision_type",
            "service_name",
            "initiation",
            "outcome",
            "decision_text",
            "grounds",
            "legal_basis",
            "provider",
            "start_date",
            "end_date",
            "extent",
            "client_fee",
            "implement_at_once",
            "language",
        ]
        widgets = {
            "decision_text": forms.Textarea(attrs={"rows": 4}),
            "grounds": forms.Textarea(attrs={"rows": 5}),
            "legal_basis": forms.Textarea(attrs={"rows": 2}),
            "client_fee": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"start_date": DateField, "end_date": DateField}

    def __init__(self, *args: Any, client: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.application_id:
            self.fields["initiation"].queryset = client.initiations.order_by("-initiated_at")  # type: ignore[attr-defined]
            # Providers of the service catalogue; the decision checks that the one chosen offers the service.
            self.fields["provider"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
                kind=OrganisationKind.PROVIDER, offerings__active=True
            ).distinct()
        for name in ("decision_text", "grounds", "legal_basis"):
            self.fields[name].required = False  # checked when the decision is made, so drafts can be saved
        types: Any = self.fields["decision_type"]
        if self.instance.application_id:
            # A decision on an application: its type is the application's; no service, provider or fee.
            types.choices = [
                (v, label) for v, label in DecisionType.choices if v == self.instance.decision_type
            ]
            for name in MONEY_HIDDEN:
                del self.fields[name]
        else:
            # Social assistance and social credit are decided from their application (polku.finance).
            types.choices = [(v, label) for v, label in DecisionType.choices if v not in MONEY_TYPES]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end cannot be before the start."))
        return data


class NotifyForm(forms.Form):
    method = forms.ChoiceField(label=_("Notification"), choices=NotificationMethod.choices)
    sent_on = DateField(label=_("Sent or handed over on"), initial=timezone.localdate)

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.client = client

    def clean_method(self) -> str:
        method: str = self.cleaned_data["method"]
        if method == NotificationMethod.LETTER and not has_postal_address(self.client):
            raise forms.ValidationError(NO_POSTAL_ADDRESS)
        return method


class ServiceStartedForm(forms.Form):
    started_on = DateField(label=_("The service started on"), initial=timezone.localdate)
    delay_reason = forms.CharField(
        label=_("Special reason, if the 3-month limit was exceeded"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
