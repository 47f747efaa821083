from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.core.forms import DateField, IntegerField

GOAL_ROWS = 5


class ImplementationPlanForm(forms.Form):
    version = IntegerField(widget=forms.HiddenInput, required=False)
    individual_activities = forms.CharField(
        label=_("Individual activities"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    group_activities = forms.CharField(
        label=_("Group activities"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    schedule = forms.CharField(label=_("Schedule"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(GOAL_ROWS):
            self.fields[f"goal_{i}"] = forms.CharField(
                label=_("Goal %(n)s") % {"n": i + 1}, required=False, max_length=500
            )
            self.fields[f"goal_{i}_words"] = forms.CharField(
                label=_("Goal %(n)s in the client's own words") % {"n": i + 1}, required=False, max_length=500
            )

    def goal_rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"goal_{i}"], self[f"goal_{i}_words"]) for i in range(GOAL_ROWS)]


class HomeVisitForm(forms.Form):
    day = DateField(label=_("Date"), initial=timezone.localdate)
    minutes = IntegerField(label=_("Duration (minutes)"), min_value=1, max_value=600, initial=60)
    content = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))


class EndForm(forms.Form):
    ended_on = DateField(label=_("Ended on"), initial=timezone.localdate)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}))


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SessionForm(forms.Form):
    day = DateField(label=_("Date"), initial=timezone.localdate)
    topic = forms.CharField(label=_("Topic"), required=False, max_length=200)
