from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.core.formats import euros
from polku.core.forms import DateField, IntegerField
from polku.finance.models import Debt
from polku.plans.avain import LISTED, UNRATED_ALLOWED, avain
from polku.plans.models import GoalOwner, PlanVersion
from polku.plans.services import AvainIn, GoalIn, PartnerIn, PlanContent, ServiceIn

GOALS, SERVICES, PARTNERS = 5, 3, 2
IN_USE = "in_use"  # a service or method in use that cannot be rated yet


def _avain_field_name(component: str, code: str) -> str:
    return f"avain_{component}_{code}"


def _rating(value: str) -> int | str:
    return value if value == IN_USE else int(value)


SECTORS = [("health", _("health care")), ("employment", _("employment services")), ("other", _("other"))]


class PlanForm(forms.Form):
    based_on = IntegerField(widget=forms.HiddenInput, required=False)
    client_view_of_need = forms.CharField(
        label=_("The client's view of the need for support"), widget=forms.Textarea(attrs={"rows": 3})
    )
    professional_view_of_need = forms.CharField(
        label=_("The professional's view of the need for support"), widget=forms.Textarea(attrs={"rows": 3})
    )
    client_view_of_services = forms.CharField(
        label=_("The client's view of the services needed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    professional_view_of_services = forms.CharField(
        label=_("The professional's view of the services needed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    meeting_frequency = forms.CharField(label=_("How often the client and the worker meet"), max_length=200)
    strengths = forms.CharField(
        label=_("Strengths and resources"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    estimated_duration = forms.CharField(
        label=_("Estimated duration of the client relationship"), required=False, max_length=200
    )
    follow_up = forms.CharField(
        label=_("Follow-up and assessment of goal attainment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    review_date = DateField(label=_("Next review"), required=False)
    is_joint = forms.BooleanField(label=_("Joint plan with other sectors"), required=False)
    consent_note = forms.CharField(
        label=_("The client's consent to the joint plan: how and when it was given"),
        required=False,
        max_length=300,
    )

    def __init__(self, *args: Any, debts: Sequence[Debt] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owners = [("", "–"), *GoalOwner.choices]
        debt_choices = [("", "–"), *((str(d.pk), f"{d.creditor}, {euros(d.amount)}") for d in debts)]
        for i in range(GOALS):
            n = {"n": i + 1}
            self.fields[f"goal_{i}"] = forms.CharField(
                label=_("Goal %(n)s") % n, required=False, max_length=500
            )
            self.fields[f"goal_{i}_words"] = forms.CharField(
                label=_("In the client's own words"), required=False, max_length=500
            )
            self.fields[f"goal_{i}_owner"] = forms.ChoiceField(
                label=_("Whose task"), choices=owners, required=False
            )
            self.fields[f"goal_{i}_partner"] = forms.CharField(
                label=_("Partner"), required=False, max_length=200
            )
            self.fields[f"goal_{i}_avain"] = forms.TypedChoiceField(
                label=_("AVAIN: goal attainment"),
                choices=[("", "–"), *self._options("goals")],
                coerce=int,
                empty_value=None,
                required=False,
            )
            if debts:
                self.fields[f"goal_{i}_debt"] = forms.ChoiceField(
                    label=_("The debt the goal is about"), choices=debt_choices, required=False
                )
        # AVAIN components 2 to 4: every item of the AVAIN file, rated or left empty (not relevant).
        measure = avain()
        for component_id in LISTED:
            component = measure.component(component_id)
            extra = [(IN_USE, _("in use, not rated yet"))] if component_id in UNRATED_ALLOWED else []
            for item in component.items:
                self.fields[_avain_field_name(component_id, item.code)] = forms.TypedChoiceField(
                    label=str(item.label),
                    choices=[("", "–"), *extra, *self._options(component_id)],
                    coerce=_rating,
                    empty_value=None,
                    required=False,
                )
        for i in range(SERVICES):
            self.fields[f"service_{i}"] = forms.CharField(
                label=_("Essential service %(n)s") % {"n": i + 1}, required=False, max_length=200
            )
            self.fields[f"service_{i}_start"] = DateField(label=_("Start"), required=False)
            self.fields[f"service_{i}_duration"] = forms.CharField(
                label=_("Duration"), required=False, max_length=100
            )
        for i in range(PARTNERS):
            self.fields[f"partner_{i}"] = forms.CharField(
                label=_("Partner %(n)s") % {"n": i + 1}, required=False, max_length=200
            )
            self.fields[f"partner_{i}_sector"] = forms.ChoiceField(
                label=_("Sector"), choices=SECTORS, required=False
            )
            self.fields[f"partner_{i}_responsibilities"] = forms.CharField(
                label=_("Responsibilities"), required=False, max_length=1000
            )

    @staticmethod
    def _options(component_id: str) -> list[tuple[str, str]]:
        scale = avain().component(component_id).scale
        return [(str(o.value), f"{o.value} {o.label}") for o in scale.options]

    def avain_sections(self) -> list[tuple[str, str, list[Any]]]:
        """Per AVAIN component 2 to 4: its title, its scale's title and its items' fields."""
        measure = avain()
        return [
            (
                str(measure.component(c).title),
                str(measure.component(c).scale.title),
                [self[_avain_field_name(c, item.code)] for item in measure.component(c).items],
            )
            for c in LISTED
        ]

    def avain_ratings(self) -> list[AvainIn]:
        d, measure = self.cleaned_data, avain()
        ratings = []
        for component_id in LISTED:
            for item in measure.component(component_id).items:
                value = d.get(_avain_field_name(component_id, item.code))
                if value is not None:
                    ratings.append(AvainIn(component_id, item.code, None if value == IN_USE else value))
        return ratings

    def rows(self, prefix: str, count: int, parts: tuple[str, ...]) -> list[list[Any]]:
        return [[self[f"{prefix}_{i}{part}"] for part in parts] for i in range(count)]

    def goal_rows(self) -> list[list[Any]]:
        debt = ("_debt",) if "goal_0_debt" in self.fields else ()
        return self.rows("goal", GOALS, ("", "_words", "_owner", "_partner", "_avain", *debt))

    def service_rows(self) -> list[list[Any]]:
        return self.rows("service", SERVICES, ("", "_start", "_duration"))

    def partner_rows(self) -> list[list[Any]]:
        return self.rows("partner", PARTNERS, ("", "_sector", "_responsibilities"))

    def content(self) -> PlanContent:
        d = self.cleaned_data
        return PlanContent(
            **{name: d[name] for name in PlanVersion.TEXT_FIELDS},
            review_date=d["review_date"],
            is_joint=d["is_joint"],
            consent_note=d["consent_note"],
            goals=[
                GoalIn(
                    d[f"goal_{i}"],
                    d[f"goal_{i}_owner"],
                    d[f"goal_{i}_words"],
                    d[f"goal_{i}_partner"],
                    d[f"goal_{i}_avain"],
                    d.get(f"goal_{i}_debt") or None,
                )
                for i in range(GOALS)
                if d[f"goal_{i}"] or d[f"goal_{i}_words"]
            ],
            services=[
                ServiceIn(d[f"service_{i}"], d[f"service_{i}_start"], d[f"service_{i}_duration"])
                for i in range(SERVICES)
                if d[f"service_{i}"]
            ],
            partners=[
                PartnerIn(
                    d[f"partner_{i}"], d[f"partner_{i}_sector"] or "other", d[f"partner_{i}_responsibilities"]
                )
                for i in range(PARTNERS)
                if d[f"partner_{i}"] or d[f"partner_{i}_responsibilities"]
            ],
            avain=self.avain_ratings(),
        )


def initial_from(version: PlanVersion) -> dict[str, Any]:
    initial: dict[str, Any] = {name: getattr(version, name) for name in PlanVersion.TEXT_FIELDS}
    initial |= {
        "review_date": version.review_date,
        "is_joint": version.is_joint,
        "consent_note": version.consent_note,
        "based_on": version.number,
    }
    for i, g in enumerate(list(version.goals.all())[:GOALS]):
        initial |= {
            f"goal_{i}": g.text,
            f"goal_{i}_words": g.client_words,
            f"goal_{i}_owner": g.owner,
            f"goal_{i}_partner": g.partner,
            f"goal_{i}_avain": g.avain,
            f"goal_{i}_debt": str(g.debt_id or ""),
        }
    # A review starts from the ratings before: the worker rates them again.
    for rating in version.avain_ratings.all():
        initial[_avain_field_name(rating.component, rating.item)] = (
            IN_USE if rating.value is None else rating.value
        )
    for i, s in enumerate(list(version.services.all())[:SERVICES]):
        initial |= {
            f"service_{i}": s.name,
            f"service_{i}_start": s.start,
            f"service_{i}_duration": s.duration,
        }
    for i, p in enumerate(list(version.partners.all())[:PARTNERS]):
        initial |= {
            f"partner_{i}": p.organisation,
            f"partner_{i}_sector": p.sector,
            f"partner_{i}_responsibilities": p.responsibilities,
        }
    return initial


class ActivationPlanForm(forms.Form):
    made_on = DateField(label=_("Made on"), initial=timezone.localdate)
    employment_office = forms.CharField(label=_("Employment services"), max_length=200)
    measures = forms.CharField(label=_("Agreed measures"), widget=forms.Textarea(attrs={"rows": 3}))
    work_activity = forms.CharField(
        label=_("Rehabilitative work activity"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    review_date = DateField(label=_("Next review"), required=False)
