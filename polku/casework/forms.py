from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django import forms
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import CLIENT_WORK_ROLES, Qualification, User
from polku.casework.kela import notice_choices
from polku.casework.models import Assessment, ConsentGround, JournalKind, ReasonCode, SpecialSupportGround
from polku.casework.services.special_support import END_REASON_MAX_LENGTH
from polku.clients.models import Language
from polku.codes import national
from polku.core.forms import DateField, DateTimeField, IntegerField


class ReasonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


def _national_choices(oid: str) -> list[tuple[str, str]]:
    """A national code set's codes in use, by their names in the page's language."""
    language = (get_language() or "fi")[:2]
    return [(coding.code, coding.name(language)) for coding in national.codes_of(oid)]


def _reporter_choices() -> list[tuple[str, object]]:
    return [("", _("– as the sender tells (Kela: Kela) –")), *_national_choices(national.NEED_REPORTER)]


class PhoneContactForm(forms.Form):
    """A worker records a contact from another authority taken by phone (SHL 35)."""

    hetu = forms.CharField(
        label=_("Henkilötunnus"), max_length=11, min_length=11, help_text=_("For example 010190-900P.")
    )
    first_name = forms.CharField(label=_("First names"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    language = forms.ChoiceField(
        label=_("Preferred language"), choices=Language.choices, initial=Language.FINNISH
    )
    sender_organisation = forms.CharField(label=_("Sender organisation"), max_length=200)
    sender_name = forms.CharField(label=_("Sender"), max_length=200, required=False)
    sender_phone = forms.CharField(label=_("Sender's phone"), max_length=40, required=False)
    reporter_code = forms.ChoiceField(
        label=_("Reporter of the need"), choices=_reporter_choices, required=False
    )
    consent = forms.BooleanField(label=_("The person consented to the contact"), required=False)
    ground_without_consent = forms.ChoiceField(
        label=_("Ground for contacting without consent"),
        required=False,
        choices=[("", _("– consent given –")), *ConsentGround.choices],
    )
    reasons = ReasonChoiceField(
        label=_("Reasons"),
        queryset=ReasonCode.objects.filter(active=True),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(label=_("What the sender saw"), widget=forms.Textarea(attrs={"rows": 4}))
    urgent = forms.BooleanField(label=_("Urgent: assess immediately"), required=False)
    highest_care_allowance = forms.BooleanField(
        label=_("Receives the highest care allowance"), required=False
    )
    notice_type = forms.ChoiceField(
        label=_("Type of Kela's notice"),
        required=False,
        choices=lambda: [("", _("– not a Kela notice –")), *notice_choices()],
    )
    contacted_at = DateTimeField(
        label=_("Time of the contact"),
        initial=lambda: timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M"],
    )


class InitiationCodesForm(forms.Form):
    """The national codes of an initiation's matter, as the worker corrects them."""

    service_task_code = forms.ChoiceField(
        label=_("Service task"), choices=lambda: _national_choices(national.SERVICE_TASK)
    )
    service_process_code = forms.ChoiceField(
        label=_("Service process"), choices=lambda: _national_choices(national.SERVICE_PROCESS)
    )
    special_group_codes = forms.MultipleChoiceField(
        label=_("Special groups"),
        choices=lambda: _national_choices(national.SPECIAL_GROUP),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class AssignForm(forms.Form):
    worker = forms.ModelChoiceField(label=_("Worker"), queryset=User.objects.none())

    def __init__(self, *args: Any, team: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(teams=team, role__in=CLIENT_WORK_ROLES, is_active=True).order_by("last_name")
        )


class CloseForm(forms.Form):
    reason = forms.CharField(label=_("Reason for closing"), max_length=2000)


class BoardFilterForm(forms.Form):
    team = forms.ChoiceField(label=_("Team"), required=False)
    worker = forms.ChoiceField(label=_("Worker"), required=False)

    def __init__(self, *args: Any, teams: Any, workers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", _("All my teams")), *((str(t.pk), t.name) for t in teams)]  # type: ignore[attr-defined]
        self.fields["worker"].choices = [("", _("Everyone")), *((str(w.pk), str(w)) for w in workers)]  # type: ignore[attr-defined]


class AssessmentForm(forms.ModelForm):  # type: ignore[type-arg]
    version = IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Assessment
        fields = list(Assessment.CONTENTS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in (
                "situation_summary",
                "service_needs",
                "conclusion",
                "client_view",
                "client_view_obstacle",
                "relatives_views",
            )
        }


class SpecialSupportForm(forms.Form):
    grounds = forms.MultipleChoiceField(
        label=_("Grounds (SHL 3 §3)"),
        choices=SpecialSupportGround.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    explanation = forms.CharField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 3}))


class SpecialSupportEndForm(forms.Form):
    """Ending a determination of special support: from which day, and why (`special_support_end`)."""

    ended_on = DateField(label=_("Ended on"), initial=timezone.localdate)
    reason = forms.CharField(
        label=_("Why the client no longer needs special support"),
        max_length=END_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = IntegerField(widget=forms.HiddenInput)


class PersonalWorkerForm(forms.Form):
    """Naming a relationship's personal worker (SHL 42). The process page draws its two lists from
    `personal_worker_choices`, read once for all the client's teams; this form checks what was posted."""

    worker = forms.ModelChoiceField(label=_("Personal worker"), queryset=User.objects.none())
    alongside = forms.ModelChoiceField(
        label=_("Social worker alongside (optional)"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, team: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = _team_workers().filter(teams=team)
        self.fields["worker"].queryset = members  # type: ignore[attr-defined]
        self.fields["alongside"].queryset = members.filter(  # type: ignore[attr-defined]
            qualification=Qualification.SOCIAL_WORKER_PUBLIC_OFFICE
        )


def _team_workers() -> QuerySet[User]:
    return User.objects.filter(role__in=CLIENT_WORK_ROLES, is_active=True).order_by("last_name", "pk")


@dataclass(frozen=True)
class PersonalWorkerChoices:
    """Whom a team's relationship may name personal worker, and who may work alongside (public office)."""

    workers: list[User]
    alongside: list[User]


def personal_worker_choices(team_ids: Iterable[UUID]) -> dict[UUID, PersonalWorkerChoices]:
    """`PersonalWorkerForm`'s choices for each of the teams, in one query."""
    members: dict[UUID, list[User]] = {team_id: [] for team_id in team_ids}
    for user in _team_workers().filter(teams__in=list(members)).annotate(team_id=F("teams")):
        members[user.team_id].append(user)
    return {
        team_id: PersonalWorkerChoices(
            users, [u for u in users if u.qualification == Qualification.SOCIAL_WORKER_PUBLIC_OFFICE]
        )
        for team_id, users in members.items()
    }


class PreAssessmentAnswerForm(forms.Form):
    own_view = forms.CharField(
        label=_("My situation in my own words"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    needs = forms.CharField(
        label=_("What I need help with"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    strengths = forms.CharField(
        label=_("What goes well and what I am good at"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class JournalNoteForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Entry"), choices=[(JournalKind.MEETING, _("meeting")), (JournalKind.NOTE, _("note"))]
    )
    at = DateTimeField(
        label=_("Time"),
        initial=lambda: timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M"],
    )
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}))


class KelaStatementForm(forms.Form):
    """A worker writes the social welfare statement back to Kela (polku/casework/statements.py)."""

    text = forms.CharField(
        label=_("Statement"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 8, "maxlength": 10_000})
    )
