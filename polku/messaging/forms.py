from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Channel

# The session keys under which the pages of the one-time links keep a new link for one showing.
AGAIN_KEYS = ("new_plan_link", "new_pre_assessment_link", "new_instrument_link")


class SendLinkForm(forms.Form):
    url = forms.CharField(max_length=1000)
    expires = forms.CharField(max_length=40, required=False)
    channel = forms.ChoiceField(choices=Channel.choices)
    confirmed = forms.BooleanField(
        required=False,
        label=_("I have checked that this channel is safe for the client (address protection)."),
    )
    next = forms.CharField(max_length=500)
    again = forms.ChoiceField(choices=[(key, key) for key in AGAIN_KEYS], required=False)
