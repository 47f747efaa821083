"""The half-yearly summary of social reports per municipality: a page, a PDF and an XLSX file, in Finnish
or Swedish whatever the reader's own language (the summary goes to the municipality's decision-makers)."""

from __future__ import annotations

from io import BytesIO
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polku.accounts.models import AuthedRequest
from polku.core.xlsx import CONTENT_TYPE, write_xlsx
from polku.structural.access import may_read_figures
from polku.structural.forms import PresentForm, SummaryChoiceForm
from polku.structural.periods import HalfYear
from polku.structural.selectors import Summary, municipality_get, summary_for
from polku.structural.services import summary_compile, summary_present

SUMMARY_LANGUAGES = ("fi", "sv")


def _check(request: AuthedRequest) -> None:
    if not may_read_figures(request.user):
        raise PermissionDenied(_("Summaries are for team managers and analysts."))


def _summary(request: AuthedRequest, municipality_id: UUID, half_year: str) -> Summary:
    _check(request)
    try:
        period = HalfYear.parse(half_year)
    except ValidationError as exc:
        raise Http404("No such half-year.") from exc
    return summary_for(user=request.user, municipality=municipality_get(municipality_id), period=period)


def _language(request: AuthedRequest) -> str:
    wanted = request.GET.get("lang", "")
    return wanted if wanted in SUMMARY_LANGUAGES else (translation.get_language() or "fi")[:2]


@login_required
def summaries(request: AuthedRequest) -> HttpResponse:
    """Choose a municipality and a half-year."""
    _check(request)
    form = SummaryChoiceForm(request.GET or None)
    if form.is_valid():
        return redirect(
            "structural:summary",
            municipality_id=form.cleaned_data["municipality"].pk,
            half_year=form.cleaned_data["period"].upper(),
        )
    return render(request, "structural/summaries.html", {"form": form})


@login_required
def summary(request: AuthedRequest, municipality_id: UUID, half_year: str) -> HttpResponse:
    data = _summary(request, municipality_id, half_year)
    return render(
        request,
        "structural/summary.html",
        {"summary": data, "present_form": PresentForm(), "languages": SUMMARY_LANGUAGES},
    )


@login_required
@require_POST
def summary_action(request: AuthedRequest, municipality_id: UUID, half_year: str) -> HttpResponse:
    """Include the read reports in the summary, or record that it was presented to decision-makers."""
    data = _summary(request, municipality_id, half_year)
    try:
        if request.POST.get("action") == "present":
            if data.record is None:
                raise ValidationError(_("Compile the summary before presenting it."))
            form = PresentForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            summary_present(actor=request.user, summary=data.record, **form.cleaned_data)
            messages.success(request, _("The summary is recorded as presented to decision-makers."))
        else:
            summary_compile(actor=request.user, municipality=data.municipality, period=data.period)
            messages.success(request, _("The read reports were included in the summary."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("structural:summary", municipality_id=municipality_id, half_year=str(data.period))


def _filename(data: Summary, language: str, extension: str) -> str:
    name = "".join(ch if ch.isalnum() else "-" for ch in data.municipality.name.lower())
    return f"sosiaalinen-raportointi-{name}-{data.period}-{language}.{extension}"


@login_required
def summary_pdf(request: AuthedRequest, municipality_id: UUID, half_year: str) -> HttpResponse:
    from weasyprint import HTML  # imported here: loading Pango costs time every other page does not need

    language = _language(request)
    with translation.override(language):  # theme names are read in the summary's language
        data = _summary(request, municipality_id, half_year)
        html = render_to_string("structural/summary_print.html", {"summary": data, "language": language})
    pdf = HTML(string=html).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(data, language, "pdf")}"'
    return response


def summary_workbook(data: Summary) -> bytes:
    """Two sheets: themes with counts, and each report's proposal and response. No authors."""
    themes: list[list[Any]] = [
        [_("Theme"), _("Reports"), _("People affected (estimate)")],
        *([group.label, group.count, group.affected_shown] for group in data.groups),
        [_("All reports"), data.count, data.affected_shown],
    ]
    reports: list[list[Any]] = [
        [_("Title"), _("Kind"), _("Themes"), _("Urgency"), _("Proposed measures"), _("Response")],
        *(
            [
                report.title,
                str(report.get_kind_display()),
                ", ".join(t.label for t in report.themes.all()),
                str(report.get_urgency_display()),
                report.proposed_measures,
                report.response,
            ]
            for report in data.reports
        ),
    ]
    out = BytesIO()
    write_xlsx([(_("Themes"), themes), (_("Reports"), reports)], out)
    return out.getvalue()


@login_required
def summary_xlsx(request: AuthedRequest, municipality_id: UUID, half_year: str) -> HttpResponse:
    language = _language(request)
    with translation.override(language):
        data = _summary(request, municipality_id, half_year)
        content = summary_workbook(data)
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(data, language, "xlsx")}"'
    return response
