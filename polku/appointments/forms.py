"""The shapes of the appointment forms; the rules are in polku/appointments/services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import User
from polku.accounts.selectors import colleagues_of
from polku.appointments.models import DURATION_MAX, DURATION_MIN, AppointmentKind
from polku.appointments.services import TEXT_MAX, Booking
from polku.clients.models import Client
from polku.core.forms import DateTimeField, IntegerField
from polku.messaging.models import Channel
from polku.provision.models import ServiceEpisode

MOMENT_FORMAT = "%Y-%m-%dT%H:%M"


def moment_input() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=MOMENT_FORMAT)


class EpisodeChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: ServiceEpisode) -> str:
        return f"{obj.get_kind_display()} · {obj.provider}"


class TimeFields(forms.Form):
    starts_at = DateTimeField(label=_("Starts at"), widget=moment_input())
    duration_minutes = IntegerField(
        label=_("Duration (minutes)"), min_value=DURATION_MIN, max_value=DURATION_MAX, initial=60
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("For a home visit, the calendar feed leaves the place out."),
    )
    video_link = forms.CharField(
        label=_("Video link"), max_length=500, required=False, help_text=_("An address starting https://")
    )
    confirm_overlap = forms.BooleanField(required=False, widget=forms.HiddenInput)


class BookingForm(TimeFields):
    kind = forms.ChoiceField(label=_("Kind"), choices=AppointmentKind.choices)
    field_order = ["kind", "starts_at", "duration_minutes", "place", "video_link"]
    colleagues = forms.ModelMultipleChoiceField(
        label=_("Other workers taking part"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    episode = EpisodeChoice(
        label=_("Service reviewed (review meeting)"), queryset=ServiceEpisode.objects.none(), required=False
    )
    partner = forms.CharField(
        label=_("Partner taking part (name and organisation)"), max_length=200, required=False
    )
    client_takes_part = forms.BooleanField(label=_("The client takes part"), required=False, initial=True)
    text = forms.CharField(
        label=_("What happened (the journal entry)"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only when you record an appointment that has already taken place."),
    )

    def __init__(self, *args: Any, user: User, client: Client, episodes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["colleagues"].queryset = colleagues_of(user).exclude(pk=user.pk)  # type: ignore[attr-defined]
        self.fields["episode"].queryset = episodes  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("client_takes_part", True)

    def booking(self) -> Booking:
        data = self.cleaned_data
        return Booking(
            kind=data["kind"],
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            place=data["place"],
            video_link=data["video_link"],
            colleagues=list(data["colleagues"]),
            episode=data["episode"],
            partner=data["partner"],
            client_takes_part=data["client_takes_part"],
        )


class RescheduleForm(TimeFields):
    pass


class HoldForm(forms.Form):
    text = forms.CharField(
        label=_("Journal entry"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=TEXT_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TellForm(forms.Form):
    """Send the client the appointment's confirmation or its cancellation, by e-mail or SMS."""

    channel = forms.ChoiceField(label=_("How"), choices=Channel.choices)
    confirmed = forms.BooleanField(
        required=False,
        label=_("I have checked that this channel is safe for the client (address protection)."),
    )
