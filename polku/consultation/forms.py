from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import Team, User
from polku.clients.models import ConsentMethod
from polku.consultation.models import AskedOf, Panel, Topic
from polku.consultation.services import CONSULTING_ROLES, QUESTION_MAX, SHARED_DAYS_DEFAULT
from polku.core.forms import DateField, LabelledForm


class Basis:
    CONSENT = "consent"
    LAW = "law"


class AskForm(LabelledForm):
    asked_of = forms.ChoiceField(
        label=_("ask"),
        choices=[
            (AskedOf.COLLEAGUE, _("Of a colleague")),
            (AskedOf.TEAM, _("Of a team")),
            (AskedOf.PANEL, _("Of an expert panel")),
        ],
        widget=forms.RadioSelect,
    )
    colleague = forms.ModelChoiceField(label=_("colleague"), queryset=User.objects.none(), required=False)
    team = forms.ModelChoiceField(label=_("team"), queryset=Team.objects.none(), required=False)
    panel = forms.ModelChoiceField(label=_("expert panel"), queryset=Panel.objects.none(), required=False)
    topic = forms.ChoiceField(label=_("topic"), choices=Topic.choices)
    subject = forms.CharField(label=_("subject"), max_length=200)
    question = forms.CharField(
        label=_("question"), widget=forms.Textarea(attrs={"rows": 6}), max_length=QUESTION_MAX
    )

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["colleague"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(is_active=True, role__in=CONSULTING_ROLES)
            .exclude(pk=actor.pk)
            .order_by("last_name", "first_name")
        )
        self.fields["team"].queryset = Team.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["panel"].queryset = Panel.objects.filter(active=True).order_by("name")  # type: ignore[attr-defined]


class IdentifiedForm(LabelledForm):
    """What an identified consultation adds: what is shared, until when, and on what basis."""

    shared = forms.CharField(
        label=_("what you share about the client"),
        help_text=_("Only what the question needs. Those you ask read it until the day below."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=QUESTION_MAX,
    )
    shared_until = DateField(label=_("shared until"))
    basis = forms.ChoiceField(
        label=_("basis"),
        choices=[(Basis.CONSENT, _("the client's consent")), (Basis.LAW, _("a ground in law"))],
        widget=forms.RadioSelect,
        initial=Basis.CONSENT,
    )
    consent_on = DateField(label=_("consent given on"), required=False)
    consent_method = forms.ChoiceField(
        label=_("how the consent was given"), choices=ConsentMethod.choices, required=False
    )
    ground_in_law = forms.CharField(
        label=_("ground in law"),
        help_text=_("The provision that allows sharing without consent, e.g. SHL 41 §."),
        max_length=300,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "shared_until": timezone.localdate() + timedelta(days=SHARED_DAYS_DEFAULT),
                "consent_on": timezone.localdate(),
                "basis": Basis.CONSENT,
            },
        )
        super().__init__(*args, **kwargs)


class WriteForm(LabelledForm):
    text = forms.CharField(
        label=_("your message"), widget=forms.Textarea(attrs={"rows": 5}), max_length=QUESTION_MAX
    )
