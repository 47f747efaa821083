from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.core.forms import DateField, IntegerField, date_input

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
    ended_on = DateField(
        label=_("Ends on"),
        initial=timezone.localdate,
        help_text=_("A day ahead is scheduled: the service runs until then."),
    )
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}))
    confirm_past = forms.BooleanField(label=_("Yes, the service ended on this past day"), required=False)


class ReviewForm(forms.Form):
    """A review meeting: a score (1-5) and notes for each goal of the implementation plan."""

    day = DateField(label=_("Date"), widget=date_input("review-day"))

    def __init__(self, *args: Any, goals: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goals = list(goals)
        scores = [("", "–"), *((str(n), str(n)) for n in range(1, 6))]
        for goal in self.goals:
            self.fields[f"score_{goal.pk}"] = forms.TypedChoiceField(
                label=_("Attainment (1-5)"),
                choices=scores,
                coerce=int,
                widget=forms.Select(attrs={"id": f"score-{goal.pk}"}),
            )
            self.fields[f"notes_{goal.pk}"] = forms.CharField(
                label=_("Notes"),
                required=False,
                max_length=2000,
                widget=forms.TextInput(attrs={"id": f"notes-{goal.pk}"}),
            )
        self.fields["participants"] = forms.CharField(
            label=_("Participants"), widget=forms.TextInput(attrs={"id": "review-participants"})
        )
        self.fields["client_view"] = forms.CharField(
            label=_("The client's view"), widget=forms.Textarea(attrs={"id": "review-view", "rows": 3})
        )
        self.fields["next_steps"] = forms.CharField(
            label=_("Next steps"), widget=forms.Textarea(attrs={"id": "review-next", "rows": 3})
        )

    def goal_rows(self) -> list[tuple[Any, Any, Any]]:
        return [(goal, self[f"score_{goal.pk}"], self[f"notes_{goal.pk}"]) for goal in self.goals]


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SessionForm(forms.Form):
    day = DateField(label=_("Date"), initial=timezone.localdate)
    topic = forms.CharField(label=_("Topic"), required=False, max_length=200)
