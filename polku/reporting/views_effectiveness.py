"""The effectiveness report page and its CSV and XLSX export, for team managers and analysts."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from polku.accounts.models import AuthedRequest
from polku.core.forms import DateField
from polku.core.kept import Kept, made_for
from polku.instruments.aggregates import DIMENSIONS
from polku.instruments.definitions import instrument_get, instruments
from polku.reporting.effectiveness import (
    DIMENSION_LABELS,
    Report,
    default_period,
    effectiveness_report,
    group_count,
    may_see_report,
)
from polku.reporting.effectiveness_chart import forest_plot
from polku.reporting.effectiveness_export import csv_response, filename_of, xlsx_response
from polku.reporting.effectiveness_table import caption, heading_row, table_rows
from polku.reporting.export_tasks import EFFECTIVENESS, INLINE_GROUPS
from polku.reporting.services import report_export_order
from polku.reporting.views_exports import export_ordered


def _instrument_choices() -> list[tuple[str, str]]:
    return [(i.code, str(i.title)) for i in instruments() if i.tracks_change]


class ReportForm(forms.Form):
    instrument = forms.ChoiceField(label=gettext_lazy("Instrument"), choices=_instrument_choices)
    start = DateField(
        label=gettext_lazy("From"),
        help_text=gettext_lazy("Month of the latest answer, from the start of this month."),
    )
    end = DateField(
        label=gettext_lazy("To"),
        help_text=gettext_lazy("Up to the end of this month."),
    )
    by = forms.ChoiceField(
        label=gettext_lazy("Break down by"),
        choices=[(d, DIMENSION_LABELS[d]) for d in DIMENSIONS],
        initial="all",
    )


def _form(request: AuthedRequest) -> ReportForm:
    if not may_see_report(request.user):
        raise PermissionDenied(_("The effectiveness report is for team managers and analysts."))
    start, end = default_period()
    choices = _instrument_choices()
    data = {
        "instrument": request.GET.get("instrument") or (choices[0][0] if choices else ""),
        "start": request.GET.get("start") or start.isoformat(),
        "end": request.GET.get("end") or end.isoformat(),
        "by": request.GET.get("by") or "all",
    }
    return ReportForm(data)


def _report(request: AuthedRequest, form: ReportForm | None = None) -> tuple[ReportForm, Report | None]:
    form = form or _form(request)
    if not form.is_valid():
        return form, None
    try:
        report = effectiveness_report(
            user=request.user,
            instrument_code=form.cleaned_data["instrument"],
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            by=form.cleaned_data["by"],
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return form, None
    return form, report


@login_required
def effectiveness(request: AuthedRequest) -> HttpResponse:
    form, report = _report(request)
    section = _section(report, request.GET.urlencode()) if report is not None else ""
    return render(
        request,
        "reporting/effectiveness.html",
        {"form": form, "report": report, "section": section},
    )


# The report's part of the page, rendered once per report (effectiveness_report keeps the reports of the
# last figures asked), language and query: a page asked again with the same figures renders its filters
# only.
_KEPT_SECTIONS: Kept[tuple[Report, SafeString]] = Kept(64)


def _section(report: Report, query: str) -> SafeString:
    return made_for(_KEPT_SECTIONS, report, (query, get_language()), lambda: _render_section(report, query))


def _render_section(report: Report, query: str) -> SafeString:
    by_label = report.by_label
    tables = []
    for table in report.tables:
        title = _("Mean change with 95 %% confidence interval: %(area)s") % {"area": table.title}
        tables.append(
            {
                "table": table,
                "chart": forest_plot(table, title),
                "caption": caption(table, by_label),
                "rows": table_rows(table),
            }
        )
    return mark_safe(  # noqa: S308  (a template's output, escaped there)
        render_to_string(
            "reporting/_effectiveness_report.html",
            {"report": report, "tables": tables, "headings": heading_row(), "query": query},
        )
    )


@login_required
def effectiveness_export(request: AuthedRequest) -> HttpResponseBase:
    """The report as CSV or XLSX, streamed; with more groups than INLINE_GROUPS (whose suppression takes
    seconds) written in the background instead, followed on the export's page."""
    form = _form(request)
    file_format = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    if form.is_valid():
        chosen = form.cleaned_data
        instrument = instrument_get(chosen["instrument"])
        groups = group_count(chosen["instrument"], chosen["start"], chosen["end"], chosen["by"])
        if instrument is not None and groups > INLINE_GROUPS:
            params = {
                "instrument": chosen["instrument"],
                "start": chosen["start"].isoformat(),
                "end": chosen["end"].isoformat(),
                "by": chosen["by"],
            }
            name = filename_of(
                chosen["instrument"], chosen["start"], chosen["end"], chosen["by"], file_format
            )
            export = report_export_order(
                actor=request.user,
                kind=EFFECTIVENESS,
                file_format=file_format,
                params=params,
                filename=name,
                language=get_language(),
                rows_total=1 + (groups + 1) * len(instrument.domains),
            )
            return export_ordered(request, export)
    form, report = _report(request, form)
    if report is None:
        return render(
            request,
            "reporting/effectiveness.html",
            {"form": form, "report": None},
            status=400,
        )
    if file_format == "xlsx":
        return xlsx_response(report)
    return csv_response(report)
