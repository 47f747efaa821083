"""Social report pages: my reports and those to read, writing with theme suggestions, reading, responding."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polku.accounts.models import AuthedRequest
from polku.core.forms import add_refusal, posted_version
from polku.structural.access import may_manage_projects, may_read_figures, may_write_reports
from polku.structural.forms import CommentForm, ResponseForm, SocialReportForm
from polku.structural.models import ReportStatus, SocialReport
from polku.structural.selectors import (
    my_reports,
    report_get_for_user,
    reports_to_read,
    shows_author,
)
from polku.structural.selectors_codev import log_codevelopers
from polku.structural.services import (
    ReportContent,
    is_supervisor,
    report_create,
    report_read,
    report_respond,
    report_submit,
    report_teams,
    report_update,
)
from polku.structural.themes import report_text, suggest_themes


@login_required
def reports(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "structural/reports.html",
        {
            "mine": my_reports(request.user),
            "to_read": reports_to_read(request.user),
            "may_write": may_write_reports(request.user),
            "may_summarise": may_read_figures(request.user),
        },
    )


def _content(data: dict[str, Any]) -> ReportContent:
    return ReportContent(
        kind=data["kind"],
        title=data["title"],
        observation=data["observation"],
        affected=data["affected"],
        affected_count=data.get("affected_count"),
        municipality=data["municipality"],
        area=data.get("area", ""),
        since=data.get("since", ""),
        evidence=data.get("evidence", ""),
        proposed_measures=data["proposed_measures"],
        urgency=data["urgency"],
    )


def _with_suggestions(request: AuthedRequest) -> tuple[Any, list[Any]]:
    """The posted form data, with suggested themes ticked when the writer has ticked none."""
    data = request.POST.copy()
    suggested = suggest_themes(
        report_text(
            title=data.get("title", ""),
            observation=data.get("observation", ""),
            affected=data.get("affected", ""),
            proposed_measures=data.get("proposed_measures", ""),
        )
    )
    if suggested and not data.getlist("themes"):
        data.setlist("themes", [t.code for t in suggested])
    return data, suggested


def _initial(report: SocialReport) -> dict[str, Any]:
    fields = ("kind", "title", "observation", "affected", "affected_count", "area", "since", "evidence")
    initial: dict[str, Any] = {name: getattr(report, name) for name in fields}
    initial |= {
        "team": report.team_id,
        "municipality": report.municipality_id,
        "proposed_measures": report.proposed_measures,
        "urgency": report.urgency,
        "themes": [t.code for t in report.themes.all()],
    }
    return initial


@login_required
def report_form(request: AuthedRequest, report_id: UUID | None = None) -> HttpResponse:
    """Write a new report or change a draft. "Suggest themes" fills the themes from earlier reports."""
    if not may_write_reports(request.user):
        raise PermissionDenied(_("Your role does not write social reports."))
    report = report_get_for_user(user=request.user, report_id=report_id) if report_id else None
    if report and (report.author_id != request.user.pk or report.status != ReportStatus.DRAFT):
        raise PermissionDenied(_("Only the author changes a draft."))
    teams = report_teams(request.user)
    suggested: list[Any] = []
    if request.method != "POST":
        form = SocialReportForm(initial=_initial(report) if report else None, teams=teams)
        return _render_form(request, form, report, suggested)
    action = request.POST.get("action", "draft")
    data = request.POST
    if action == "suggest":
        data, suggested = _with_suggestions(request)
    form = SocialReportForm(data, teams=teams)
    if action == "suggest" or not form.is_valid():
        if action == "suggest":
            form.errors.clear()  # a suggestion is not a save: no errors for fields not yet filled
        return _render_form(request, form, report, suggested)
    try:
        report = _save(request, form, report, submit=action == "submit")
    except ValidationError as exc:
        add_refusal(form, exc)
        return _render_form(request, form, report, suggested)
    if action == "submit":
        messages.success(request, _("The report was sent to your supervisor."))
    else:
        messages.success(request, _("The draft was saved."))
    return redirect("structural:report_detail", report_id=report.pk)


def _save(
    request: AuthedRequest, form: SocialReportForm, report: SocialReport | None, *, submit: bool
) -> SocialReport:
    data = form.cleaned_data
    themes = list(data["themes"])
    if report is None:
        return report_create(
            actor=request.user, team=data["team"], content=_content(data), themes=themes, submit=submit
        )
    report = report_update(
        actor=request.user,
        report=report,
        expected_version=posted_version(request),
        team=data["team"],
        content=_content(data),
        themes=themes,
    )
    return report_submit(actor=request.user, report=report) if submit else report


def _render_form(
    request: AuthedRequest, form: SocialReportForm, report: SocialReport | None, suggested: list[Any]
) -> HttpResponse:
    return render(
        request,
        "structural/report_form.html",
        {
            "form": form,
            "report": report,
            "suggested": suggested,
            # A form shown again keeps the version it was first read at, so that a later save is still
            # compared with what its author saw.
            "version": request.POST.get("version") if request.method == "POST" else None,
        },
    )


@login_required
def report_detail(request: AuthedRequest, report_id: UUID) -> HttpResponse:
    report = report_get_for_user(user=request.user, report_id=report_id)
    supervisor = is_supervisor(request.user, report)
    show_author = shows_author(request.user, report)
    if show_author and report.proposed_by_id is not None:  # a client's proposal, named: who made it
        log_codevelopers(user=request.user, people=[report.proposed_by], view="structural:report_detail")
    return render(
        request,
        "structural/report_detail.html",
        {
            "report": report,
            "show_author": show_author,
            "may_open_project": may_manage_projects(request.user),
            "may_submit": report.author_id == request.user.pk and report.status == ReportStatus.DRAFT,
            "may_read": supervisor and report.status == ReportStatus.SUBMITTED,
            "may_respond": may_read_figures(request.user) and report.status == ReportStatus.PRESENTED,
            "comment_form": CommentForm(),
            "response_form": ResponseForm(),
        },
    )


def _act(request: AuthedRequest, report_id: UUID, act: Any, done: str) -> HttpResponse:
    report = report_get_for_user(user=request.user, report_id=report_id)
    try:
        act(report)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("structural:report_detail", report_id=report.pk)


@login_required
@require_POST
def submit(request: AuthedRequest, report_id: UUID) -> HttpResponse:
    return _act(
        request,
        report_id,
        lambda report: report_submit(actor=request.user, report=report),
        _("The report was sent to your supervisor."),
    )


@login_required
@require_POST
def read(request: AuthedRequest, report_id: UUID) -> HttpResponse:
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    return _act(
        request,
        report_id,
        lambda report: report_read(actor=request.user, report=report, comment=comment),
        _("The report is marked read and can go into the summary."),
    )


@login_required
@require_POST
def respond(request: AuthedRequest, report_id: UUID) -> HttpResponse:
    form = ResponseForm(request.POST)
    response = form.cleaned_data["response"] if form.is_valid() else ""
    return _act(
        request,
        report_id,
        lambda report: report_respond(actor=request.user, report=report, response=response),
        _("The response was recorded."),
    )
