"""Monitoring pages for managers and decision-makers: the dashboard, the ESR participant table, deadline
compliance and caseloads, with CSV and XLSX exports. Every figure is small-cell suppressed."""

from __future__ import annotations

from datetime import date
from typing import Any, cast
from urllib.parse import urlencode

from dateutil.relativedelta import relativedelta
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from polku.accounts.models import AuthedRequest, Role
from polku.core.forms import DateField
from polku.core.kept import Kept, made_for
from polku.core.pagination import page_counted
from polku.core.suppression import SECONDARY_EXPLANATION
from polku.reporting.export_tasks import DEADLINES, INLINE_TEAMS
from polku.reporting.finance import finance_figures
from polku.reporting.monitoring import (
    Caseloads,
    Compliance,
    EsrTable,
    caseloads,
    clients_by_service,
    compliance_team_count,
    deadline_compliance,
    esr_table,
    refreshed_at,
)
from polku.reporting.monitoring_charts import Series, bar_chart, line_chart
from polku.reporting.monitoring_exports import compliance_rows, csv_response, esr_rows, xlsx_response
from polku.reporting.refresh import CASELOADS, SERVICES
from polku.reporting.services import report_export_order
from polku.reporting.views_exports import export_ordered
from polku.structural.access import may_read_figures
from polku.structural.models import Project
from polku.structural.periods import check_report_range
from polku.structural.selectors import figure_teams
from polku.structural.stats import month_label, months_between, tally_stats


class EsrForm(forms.Form):
    """The project and the period. The projects are read once, for the options and the choice alike (a
    ModelChoiceField reads them twice, its options through a server-side cursor of three round trips)."""

    project = forms.ChoiceField(
        label=gettext_lazy("Project"),
        error_messages={"invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]},
    )
    first = DateField(label=gettext_lazy("From"), required=False)
    last = DateField(label=gettext_lazy("To"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.projects = {str(p.pk): p for p in Project.objects.all()}
        cast(forms.ChoiceField, self.fields["project"]).choices = [
            ("", "---------"),
            *((pk, p.name) for pk, p in self.projects.items()),
        ]

    def clean_project(self) -> Project:
        return self.projects[self.cleaned_data["project"]]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("first") and data.get("last") and data["last"] < data["first"]:
            self.add_error("last", _("The period ends before it starts."))
        return data


class RangeForm(forms.Form):
    first = DateField(label=gettext_lazy("From"), required=False)
    last = DateField(label=gettext_lazy("To"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # A missing end is today; the period must not end before it starts nor be longer than ten years.
        try:
            check_report_range(data.get("first"), data.get("last") or timezone.localdate(), end_field="last")
        except ValidationError as exc:
            self.add_error(None, exc)
        return data


def _check(request: AuthedRequest) -> None:
    if not may_read_figures(request.user):
        raise PermissionDenied(_("Monitoring figures are for team managers and analysts."))


def _last_twelve_months() -> tuple[date, date]:
    today = timezone.localdate()
    return today.replace(day=1) - relativedelta(months=11), today


def _esr(request: AuthedRequest) -> tuple[EsrForm, EsrTable | None]:
    form = EsrForm(request.GET or None)
    if not form.is_valid():
        return form, None
    project = form.cleaned_data["project"]
    first = form.cleaned_data["first"] or project.starts_on
    last = form.cleaned_data["last"] or project.ends_on
    if last < first:
        form.add_error("last", _("The period ends before it starts."))
        return form, None
    return form, esr_table(user=request.user, project=project, first=first, last=last)


@login_required
def esr(request: AuthedRequest) -> HttpResponse:
    _check(request)
    form, table = _esr(request)
    section = _esr_section(table, _query(form, ("project", "first", "last"))) if table else ""
    return render(
        request, "reporting/monitoring_esr.html", {"form": form, "table": table, "section": section}
    )


# The ESR tables' part of the page, rendered once per table (esr_table keeps the tables of the last figures
# asked), language and filters: a page asked again with the same figures renders its filters only.
_KEPT_SECTIONS: Kept[tuple[EsrTable, SafeString]] = Kept(64)


def _esr_section(table: EsrTable, export_query: str) -> SafeString:
    return made_for(
        _KEPT_SECTIONS,
        table,
        (export_query, get_language()),
        lambda: _render_esr_section(table, export_query),
    )


def _render_esr_section(table: EsrTable, export_query: str) -> SafeString:
    return mark_safe(  # noqa: S308  (a template's output, escaped there)
        render_to_string(
            "reporting/_esr_table.html",
            {
                "table": table,
                "refreshed_at": table.refreshed_at,
                "export_query": export_query,
                "secondary_explanation": SECONDARY_EXPLANATION,
            },
        )
    )


def _query(form: forms.Form, names: tuple[str, ...]) -> str:
    """The chosen filters for the export links: only the form's own fields, never other parameters."""
    if not form.is_valid():
        return ""
    chosen = {name: form.cleaned_data.get(name) for name in names}
    return urlencode({name: getattr(v, "pk", v) for name, v in chosen.items() if v not in (None, "")})


def _esr_export(request: AuthedRequest, kind: str) -> HttpResponseBase:
    _check(request)
    form, table = _esr(request)
    if table is None:
        return render(request, "reporting/monitoring_esr.html", {"form": form, "table": None}, status=400)
    filename = f"esr-{table.first:%Y%m%d}-{table.last:%Y%m%d}.{kind}"
    if kind == "csv":
        return csv_response(esr_rows(table), filename)
    return xlsx_response(esr_rows(table), filename, sheet=_("ESR participants"))


@login_required
def esr_csv(request: AuthedRequest) -> HttpResponseBase:
    return _esr_export(request, "csv")


@login_required
def esr_xlsx(request: AuthedRequest) -> HttpResponseBase:
    return _esr_export(request, "xlsx")


def _range(request: AuthedRequest) -> tuple[RangeForm, date, date]:
    form = RangeForm(request.GET or None)
    first, last = _last_twelve_months()
    if form.is_valid():
        first = form.cleaned_data["first"] or first
        last = form.cleaned_data["last"] or last
    return form, first, last


def _compliance_page(request: AuthedRequest, *, first_page: bool = False) -> tuple[RangeForm, Compliance]:
    """A page of the teams' compliance (PER_PAGE teams by name); the first page on the dashboard."""
    form, first, last = _range(request)
    paged = HttpRequest() if first_page else request
    return form, deadline_compliance(
        user=request.user, first=first, last=last, pager=lambda teams: page_counted(teams, paged)
    )


def compliance_chart(data: Compliance) -> Any:
    return line_chart(
        title=_("Statutory assessments started in time"),
        description=_("Share per month and team, in per cent; a gap is a hidden or empty month."),
        categories=[month_label(m) for m in data.months],
        series=[Series(t.team.name, [t.share(m) for m in data.months]) for t in data.teams],
    )


@login_required
def compliance(request: AuthedRequest) -> HttpResponse:
    _check(request)
    form, data = _compliance_page(request)
    return render(
        request,
        "reporting/monitoring_deadlines.html",
        {
            "form": form,
            "data": data,
            "page": data.page,
            "refreshed_at": data.refreshed_at,
            "chart": compliance_chart(data),
            "export_query": _query(form, ("first", "last")),
            "secondary_explanation": SECONDARY_EXPLANATION,
        },
    )


def _compliance_export(request: AuthedRequest, kind: str) -> HttpResponseBase:
    """Every team's compliance as CSV or XLSX, streamed; with more teams than INLINE_TEAMS (an analyst's
    of a large county) written in the background instead, followed on the export's page."""
    _check(request)
    _form, first, last = _range(request)
    filename = f"deadlines-{first:%Y%m%d}-{last:%Y%m%d}.{kind}"
    teams = compliance_team_count(user=request.user, first=first, last=last)
    if teams > INLINE_TEAMS:
        export = report_export_order(
            actor=request.user,
            kind=DEADLINES,
            file_format=kind,
            params={"first": first.isoformat(), "last": last.isoformat()},
            filename=filename,
            language=get_language(),
            rows_total=1 + teams * len(months_between(first, last)),
        )
        return export_ordered(request, export)
    data = deadline_compliance(user=request.user, first=first, last=last)
    if kind == "csv":
        return csv_response(compliance_rows(data), filename)
    return xlsx_response(compliance_rows(data), filename, sheet=_("Deadline compliance"))


@login_required
def compliance_csv(request: AuthedRequest) -> HttpResponseBase:
    return _compliance_export(request, "csv")


@login_required
def compliance_xlsx(request: AuthedRequest) -> HttpResponseBase:
    return _compliance_export(request, "xlsx")


def _caseload_page(request: AuthedRequest, *, first_page: bool = False) -> Caseloads:
    """A page of the teams' caseloads (PER_PAGE teams by name); the first page on the dashboard."""
    paged = HttpRequest() if first_page else request
    return caseloads(user=request.user, pager=lambda teams: page_counted(teams, paged))


@login_required
def caseload_table(request: AuthedRequest) -> HttpResponse:
    _check(request)
    loads = _caseload_page(request)
    return render(
        request,
        "reporting/monitoring_caseloads.html",
        {
            "teams": loads,
            "page": loads.page,
            "services": clients_by_service(user=request.user),
            "refreshed_at": refreshed_at(CASELOADS, SERVICES),
            "secondary_explanation": SECONDARY_EXPLANATION,
        },
    )


@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    """The manager's own teams, or for analysts every team: compliance, people met, caseloads."""
    _check(request)
    _form, data = _compliance_page(request, first_page=True)
    first, last = _last_twelve_months()
    tallies = tally_stats(teams=figure_teams(request.user), first=first, last=last)
    people = tallies.grids["work"]
    tally_chart = bar_chart(
        title=_("People met in walk-in hours and outreach work"),
        description=_("People per month; a missing bar is a hidden figure."),
        categories=[month_label(m) for m in tallies.months],
        series=[
            Series(label, [people.cells[(m, key)].count for m in tallies.months])
            for key, label in people.cols
            if key != "total"
        ],
    )
    loads = _caseload_page(request, first_page=True)
    return render(
        request,
        "reporting/monitoring_dashboard.html",
        {
            "is_analyst": request.user.role == Role.ANALYST,
            "compliance": data,
            "compliance_page": data.page,
            "caseload_page": loads.page,
            "compliance_chart": compliance_chart(data),
            "tally_chart": tally_chart,
            "tallies": tallies,
            "caseloads": loads,
            "refreshed_at": min(t for t in (data.refreshed_at, loads.refreshed_at) if t is not None),
            "secondary_explanation": SECONDARY_EXPLANATION,
        },
    )


@login_required
def finance(request: AuthedRequest) -> HttpResponse:
    """Financial social work in figures: applications, decisions, grants, handling times, shortfalls."""
    _check(request)
    form, first, last = _range(request)
    return render(
        request,
        "reporting/monitoring_finance.html",
        {"form": form, "figures": finance_figures(user=request.user, first=first, last=last)},
    )
