"""Forms of co-development: the roster, a development project, and its participants, sessions and the
clients' proposals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from django import forms
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import Team
from polku.core.forms import DateField, LabelledForm
from polku.structural.models import CoDeveloper, CoDeveloperRole, Reward
from polku.structural.services.codev import MAX_FEE


class CoDeveloperForm(LabelledForm):
    name = forms.CharField(label=_("name"), max_length=200)
    role = forms.ChoiceField(label=_("role"), choices=CoDeveloperRole.choices)
    contact = forms.CharField(label=_("contact details"), max_length=300, required=False)
    consent_on = DateField(label=_("consent given on"))
    consent_scope = forms.CharField(
        label=_("what the consent covers"),
        max_length=300,
        initial=_("Taking part in developing the services; name and contact details kept for it."),
    )
    availability = forms.CharField(
        label=_("availability"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )
    reward = forms.ChoiceField(label=_("fee or reward"), choices=Reward.choices)
    fee = forms.DecimalField(
        label=_("fee per session (€)"),
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("10000"),
        max_digits=8,
        decimal_places=2,
    )
    reward_note = forms.CharField(label=_("terms of the fee or reward"), max_length=300, required=False)
    hetu = forms.CharField(
        label=_("henkilötunnus, if a client of yours"),
        help_text=_("Links the person to their client record; only for a client you work with."),
        max_length=20,
        required=False,
    )


class WithdrawForm(forms.Form):
    on = DateField(label=_("consent withdrawn on"))


class DevelopmentProjectForm(LabelledForm):
    name = forms.CharField(label=_("name"), max_length=200)
    aim = forms.CharField(label=_("aim"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    service = forms.CharField(label=_("service or area developed"), max_length=200)
    starts_on = DateField(label=_("starts on"))
    ends_on = DateField(label=_("ends on"), required=False)
    team = forms.ModelChoiceField(
        label=_("team"),
        queryset=Team.objects.order_by("name"),
        help_text=_("The team whose manager reads the clients' proposals first."),
    )


class JoinForm(LabelledForm):
    codeveloper = forms.ModelChoiceField(label=_("co-developer"), queryset=CoDeveloper.objects.none())
    role_in_project = forms.CharField(label=_("role in the project"), max_length=200, required=False)

    def __init__(self, *args: Any, available: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["codeveloper"].queryset = available  # type: ignore[attr-defined]


class SessionForm(LabelledForm):
    held_on = DateField(label=_("held on"))
    topic = forms.CharField(label=_("topic"), max_length=200)
    attended = forms.ModelMultipleChoiceField(
        label=_("who took part"),
        queryset=CoDeveloper.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    rewards = forms.CharField(label=_("other notes on fees and rewards"), max_length=300, required=False)
    notes = forms.CharField(
        label=_("what was worked on"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )

    def __init__(self, *args: Any, participants: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attended"].queryset = participants  # type: ignore[attr-defined]
        # One amount for each participant on a fee or reward, filled in from their terms.
        self.paid: list[tuple[str, CoDeveloper]] = []
        for person in participants:
            if person.reward == Reward.NONE:
                continue
            name = f"amount_{person.pk}"
            self.fields[name] = forms.DecimalField(
                label=_("%(name)s: given (€)") % {"name": person.name},
                help_text=": ".join(filter(None, [str(person.get_reward_display()), person.reward_note])),
                required=False,
                min_value=Decimal("0"),
                max_value=MAX_FEE,
                max_digits=8,
                decimal_places=2,
                initial=person.fee,
            )
            self.paid.append((name, person))

    def amount_fields(self) -> list[Any]:
        return [self[name] for name, _person in self.paid]

    def amounts(self) -> dict[UUID, Decimal | None]:
        """The amounts given to those who took part; an empty one records the reward without a sum, 0 none."""
        attended = {person.pk for person in self.cleaned_data["attended"]}
        return {person.pk: self.cleaned_data.get(name) for name, person in self.paid if person.pk in attended}


class ProposalForm(LabelledForm):
    title = forms.CharField(label=_("title"), max_length=200)
    observation = forms.CharField(
        label=_("what the client noticed"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    proposed_measures = forms.CharField(
        label=_("what the client proposes"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    affected = forms.CharField(label=_("who it concerns"), max_length=1000)
    proposed_by = forms.ModelChoiceField(
        label=_("proposed by"),
        queryset=CoDeveloper.objects.none(),
        required=False,
        empty_label=_("anonymous"),
    )

    def __init__(self, *args: Any, participants: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proposed_by"].queryset = participants  # type: ignore[attr-defined]
