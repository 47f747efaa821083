from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import Organisation, OrganisationKind, Team
from polku.clients.models import (
    BanScope,
    Client,
    ConsentMethod,
    DocumentType,
    Gender,
    LabourMarketStatus,
    Language,
    ReleaseRule,
    ServiceTask,
)
from polku.clients.selectors import QUERY_MAX_LENGTH
from polku.core.forms import DateField, IntegerField


class ClientSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or henkilötunnus"),
        required=False,
        max_length=QUERY_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "autofocus": True}),
    )


class ClientDetailsForm(forms.Form):
    first_name = forms.CharField(label=_("First names"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    language = forms.ChoiceField(
        label=_("Preferred language"), choices=Language.choices, initial=Language.FINNISH
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality of residence"),
        required=False,
        queryset=Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY),
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, initial=Gender.UNKNOWN)
    labour_market_status = forms.ChoiceField(
        label=_("Labour-market status"),
        choices=LabourMarketStatus.choices,
        initial=LabourMarketStatus.UNKNOWN,
    )
    address_protection = forms.BooleanField(
        label=_("Address protection (turvakielto)"),
        required=False,
        help_text=_("Contact details are then hidden on every page, export and API answer."),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )
    email = forms.EmailField(label=_("Email"), required=False)
    street_address = forms.CharField(label=_("Street address"), max_length=200, required=False)
    postal_code = forms.RegexField(
        label=_("Postal code"),
        regex=r"^\d{5}$",
        required=False,
        error_messages={"invalid": _("A postal code has five digits.")},
    )
    post_office = forms.CharField(label=_("Post office"), max_length=100, required=False)


class ClientCreateForm(ClientDetailsForm):
    hetu = forms.CharField(
        label=_("Henkilötunnus"), max_length=11, min_length=11, help_text=_("For example 010190-900P.")
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        help_text=_("The client relationship starts with this team."),
    )

    field_order = ["hetu", "first_name", "last_name", "language", "municipality", "team"]

    def __init__(self, *args: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        if teams.count() == 1:
            self.fields["team"].initial = teams.first()


class ClientEditForm(ClientDetailsForm):
    version = IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if client.address_protection:
            # Protected contact details and the municipality (turvakielto) are neither shown nor
            # overwritten from this form.
            for name in (*Client.CONTACT_FIELDS, "municipality"):
                del self.fields[name]


class ConsentForm(forms.Form):
    recipient_organisation = forms.ModelChoiceField(
        label=_("Recipient in Polku"),
        required=False,
        queryset=Organisation.objects.exclude(kind=OrganisationKind.MUNICIPALITY).order_by("name"),
        help_text=_("A provider or another authority that uses Polku."),
    )
    recipient = forms.CharField(
        label=_("Or a recipient outside Polku"),
        max_length=300,
        required=False,
        help_text=_("As the client named it, for example a partner of a joint plan."),
    )
    purpose = forms.CharField(label=_("What the data may be used for"), max_length=300)
    given_on = DateField(label=_("Given on"))
    method = forms.ChoiceField(label=_("How it was given"), choices=ConsentMethod.choices)
    valid_until = DateField(label=_("Valid until"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "consent")
        super().__init__(*args, **kwargs)


class BanForm(forms.Form):
    scope = forms.ChoiceField(label=_("The ban covers"), choices=BanScope.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation in Polku"),
        required=False,
        queryset=Organisation.objects.exclude(kind=OrganisationKind.MUNICIPALITY).order_by("name"),
    )
    recipient_name = forms.CharField(label=_("Or a recipient outside Polku"), max_length=300, required=False)
    service_task = forms.ChoiceField(
        label=_("Service task"), required=False, choices=[("", "–"), *ServiceTask.choices]
    )
    document_type = forms.ChoiceField(
        label=_("Document"), required=False, choices=[("", "–"), *DocumentType.choices]
    )
    given_on = DateField(label=_("Given on"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "ban")
        super().__init__(*args, **kwargs)


class ReleaseForm(forms.Form):
    """When the client may see a document (polku/clients/release.py)."""

    rule = forms.ChoiceField(
        label=_("Shown to the client"), choices=ReleaseRule.choices, widget=forms.RadioSelect
    )
    release_on = DateField(label=_("Shown from"), required=False)
    reason = forms.CharField(label=_("Why not at once"), max_length=300, required=False)
    version = IntegerField(required=False, widget=forms.HiddenInput)
