"""Forms of structural social work. They only shape input: the rules live in the services."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import Team
from polku.clients.models import Gender
from polku.core.forms import DateField, IntegerField
from polku.structural.feedback_items import SCALE, feedback_items
from polku.structural.models import (
    AgeGroup,
    ContactKind,
    ReportKind,
    SurveyPhase,
    TallyTopic,
    Theme,
    Urgency,
    WorkKind,
)
from polku.structural.periods import check_report_range
from polku.structural.selectors import municipalities
from polku.structural.services.tallies import PEOPLE_MAX, PEOPLE_MAX_MESSAGE


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class SocialReportForm(forms.Form):
    team = TeamChoiceField(label=_("Team whose manager reads the report"), queryset=Team.objects.none())
    kind = forms.ChoiceField(label=_("Kind of report"), choices=ReportKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    observation = forms.CharField(
        label=_("What was seen"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Describe the phenomenon, not persons: no names and no henkilötunnus."),
    )
    affected = forms.CharField(label=_("Who is affected"), widget=forms.Textarea(attrs={"rows": 2}))
    affected_count = IntegerField(label=_("How many are affected (estimate)"), required=False)
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=municipalities())
    area = forms.CharField(label=_("Area"), max_length=200, required=False)
    since = forms.CharField(label=_("Since when"), max_length=200, required=False)
    evidence = forms.CharField(label=_("Evidence"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    proposed_measures = forms.CharField(
        label=_("Proposed measures"), widget=forms.Textarea(attrs={"rows": 4})
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    themes = ThemeChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.filter(active=True),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, teams: list[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(pk__in=[t.pk for t in teams])  # type: ignore[attr-defined]
        if len(teams) == 1:
            self.fields["team"].initial = teams[0].pk


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ResponseForm(forms.Form):
    response = forms.CharField(label=_("Decision-makers' response"), widget=forms.Textarea(attrs={"rows": 3}))


class PresentForm(forms.Form):
    presented_to = forms.CharField(label=_("Presented to"), max_length=200)
    presented_on = DateField(label=_("Date"), initial=timezone.localdate)


class SummaryChoiceForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=municipalities())
    period = forms.RegexField(
        label=_("Half-year"),
        regex=r"^\d{4}[Hh][12]$",
        help_text=_("For example 2025H1 (January-June) or 2025H2 (July-December)."),
        error_messages={"invalid": _("Give the half-year as YYYYH1 or YYYYH2, for example 2025H1.")},
    )


class TeamsMixin(forms.Form):
    team = TeamChoiceField(label=_("Team"), queryset=Team.objects.none())

    def __init__(self, *args: Any, teams: list[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(pk__in=[t.pk for t in teams])  # type: ignore[attr-defined]
        if teams:
            self.fields["team"].initial = teams[0].pk


class TallyForm(TeamsMixin):
    date = DateField(label=_("Date"), initial=timezone.localdate)
    work_kind = forms.ChoiceField(label=_("Work"), choices=WorkKind.choices)
    place = forms.CharField(label=_("Place"), max_length=200)
    contact_kind = forms.ChoiceField(label=_("Kind of contact"), choices=ContactKind.choices)
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=TallyTopic.choices, widget=forms.CheckboxSelectMultiple
    )
    age_group = forms.ChoiceField(label=_("Age group"), choices=AgeGroup.choices)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    # No min_value here: the service gives the one message for a count below 1.
    people = IntegerField(
        label=_("Number of people"),
        initial=1,
        max_value=PEOPLE_MAX,
        error_messages={"max_value": PEOPLE_MAX_MESSAGE},
    )


class FeedbackForm(TeamsMixin):
    answered_on = DateField(label=_("Date of the meeting"), initial=timezone.localdate)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scale = [("", _("no answer"))] + [(str(n), str(n)) for n in range(SCALE[0], SCALE[1] + 1)]
        for item in feedback_items():
            self.fields[f"item_{item.code}"] = forms.TypedChoiceField(
                label=str(item.text),
                choices=scale,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                help_text=_("1 = %(low)s, 5 = %(high)s") % {"low": item.low, "high": item.high},
            )

    def answers(self) -> dict[str, int | None]:
        return {item.code: self.cleaned_data.get(f"item_{item.code}") for item in feedback_items()}


class PeriodForm(forms.Form):
    first = DateField(label=_("From"), required=False)
    last = DateField(label=_("To"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # A missing end is today; the period must not end before it starts nor be longer than ten years.
        try:
            check_report_range(data.get("first"), data.get("last") or timezone.localdate(), end_field="last")
        except ValidationError as exc:
            self.add_error(None, exc)
        return data


class ProjectForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    starts_on = DateField(label=_("Starts on"))
    ends_on = DateField(label=_("Ends on"))


class ParticipantForm(forms.Form):
    hetu = forms.CharField(
        label=_("Client's henkilötunnus"), max_length=11, help_text=_("One of your own clients.")
    )
    started_on = DateField(label=_("Participation starts on"), initial=timezone.localdate)


class WorkerSurveyForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase"), choices=SurveyPhase.choices)

    def __init__(self, *args: Any, items: Sequence[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"item_{item.code}"] = forms.TypedChoiceField(
                label=item.text,
                choices=[("", _("no answer")), *((str(v), label) for v, label in item.options)],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )

    def answers(self) -> dict[str, int | None]:
        return {item.code: self.cleaned_data.get(f"item_{item.code}") for item in self.items}
