"""The form for registering a client's log extract request (ATL 11)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.core.forms import DateField
from polku.registry.log_extracts import free_period_start


def _date(label: Any, **kwargs: Any) -> DateField:
    return DateField(label=label, **kwargs)


class LogExtractRequestForm(forms.Form):
    received_on = _date(_("Request received on"))
    how_received = forms.CharField(
        label=_("How the request came"),
        max_length=200,
        required=False,
        help_text=_("For example: a letter, the electronic service, in person at the office."),
    )
    period_start = _date(
        _("Logs from"),
        help_text=_("Two years back by default; an earlier start needs a special reason (ATL 11)."),
    )
    period_end = _date(_("Logs up to"))
    special_reason = forms.CharField(
        label=_("Special reason for logs older than two years"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["received_on"].initial = today
        self.fields["period_start"].initial = free_period_start(today)
        self.fields["period_end"].initial = today


class LogExtractDocumentForm(forms.Form):
    """The part of the request's period that a PDF document covers (the whole period by default)."""

    period_start = _date(_("Document from"), required=False)
    period_end = _date(_("Document up to"), required=False)
