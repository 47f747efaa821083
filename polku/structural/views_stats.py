"""Walk-in and outreach tallies, client feedback and projects: quick entry and monthly figures."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.accounts.models import AuthedRequest, Team
from polku.accounts.selectors import teams_of
from polku.clients.hetu import parse_hetu
from polku.clients.models import Client
from polku.core.crypto import search_hash
from polku.core.forms import add_refusal, message_refusal
from polku.core.suppression import SECONDARY_EXPLANATION, shown, suppress
from polku.structural.access import may_add_participants, may_manage_projects, may_read_figures, may_tally
from polku.structural.forms import (
    FeedbackForm,
    ParticipantForm,
    PeriodForm,
    ProjectForm,
    TallyForm,
    WorkerSurveyForm,
)
from polku.structural.models import Project, SurveyPhase
from polku.structural.selectors import figure_teams
from polku.structural.services import feedback_record, participant_add, project_create, tally_record
from polku.structural.services.worker_survey import (
    has_answered,
    may_answer,
    survey_items,
    worker_survey_record,
    worker_survey_summary,
)
from polku.structural.stats import feedback_summary, tally_stats


def _stat_teams(request: AuthedRequest) -> QuerySet[Team]:
    if may_read_figures(request.user):
        return figure_teams(request.user)
    return teams_of(request.user)


def _period(request: AuthedRequest) -> tuple[PeriodForm, date, date]:
    """The months to show: the last twelve unless the reader chose a period."""
    today = timezone.localdate()
    form = PeriodForm(request.GET or None)
    first = today.replace(day=1) - relativedelta(months=11)
    last = today
    if form.is_valid():
        first = form.cleaned_data["first"] or first
        last = form.cleaned_data["last"] or last
    return form, first, last


@login_required
def tallies(request: AuthedRequest) -> HttpResponse:
    """Quick entry of a tally line and the monthly statistics (SHL 7 a)."""
    if not (may_tally(request.user) or may_read_figures(request.user)):
        raise PermissionDenied(_("Tallies are for the teams' workers, managers and analysts."))
    teams = list(teams_of(request.user))
    form = TallyForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            tally_record(
                actor=request.user,
                team=data["team"],
                day=data["date"],
                work_kind=data["work_kind"],
                place=data["place"],
                contact_kind=data["contact_kind"],
                topics=data["topics"],
                age_group=data["age_group"],
                gender=data["gender"],
                people=data["people"],
            )
        except (ValidationError, PermissionDenied) as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The tally was recorded."))
            return redirect("structural:tallies")
    period_form, first, last = _period(request)
    return render(
        request,
        "structural/tallies.html",
        {
            "form": form if may_tally(request.user) and teams else None,
            "period_form": period_form,
            "stats": tally_stats(teams=_stat_teams(request), first=first, last=last),
            "secondary_explanation": SECONDARY_EXPLANATION,
        },
    )


@login_required
def feedback(request: AuthedRequest) -> HttpResponse:
    """Record a client's feedback survey (filled on paper or on the worker's device) and the summary."""
    if not (may_tally(request.user) or may_read_figures(request.user)):
        raise PermissionDenied(_("Client feedback is for the teams' workers, managers and analysts."))
    teams = list(teams_of(request.user))
    form = FeedbackForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        try:
            feedback_record(
                actor=request.user,
                team=form.cleaned_data["team"],
                answered_on=form.cleaned_data["answered_on"],
                answers=form.answers(),
            )
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            for field, messages_ in errors.items():
                name = f"item_{field}" if f"item_{field}" in form.fields else field
                form.add_error(name if name in form.fields else None, messages_)
        else:
            messages.success(request, _("Thank you: the feedback was saved without any name."))
            return redirect("structural:feedback")
    period_form, first, last = _period(request)
    return render(
        request,
        "structural/feedback.html",
        {
            "form": form if may_tally(request.user) and teams else None,
            "period_form": period_form,
            "summary": feedback_summary(teams=_stat_teams(request), first=first, last=last),
        },
    )


def _may_see_projects(request: AuthedRequest) -> None:
    if not (may_manage_projects(request.user) or may_add_participants(request.user)):
        raise PermissionDenied(_("Projects are for client work, team managers and analysts."))


@login_required
def projects(request: AuthedRequest) -> HttpResponse:
    _may_see_projects(request)
    form = ProjectForm(request.POST or None) if may_manage_projects(request.user) else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            project = project_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The project was created."))
            return redirect("structural:project", project_id=project.pk)
    return render(
        request, "structural/projects.html", {"projects": Project.objects.all()[:200], "form": form}
    )


def find_own_client(request: AuthedRequest, hetu: str) -> Client:
    try:
        value = parse_hetu(hetu).value
    except ValidationError as exc:
        raise ValidationError({"hetu": exc.messages}) from exc
    client = Client.objects.visible_to(request.user).filter(hetu_hash=search_hash(value)).first()
    if client is None:
        raise ValidationError({"hetu": [_("No client of yours has this henkilötunnus.")]})
    return client


@login_required
def project(request: AuthedRequest, project_id: UUID) -> HttpResponse:
    _may_see_projects(request)
    try:
        found = Project.objects.get(pk=project_id)
    except Project.DoesNotExist as exc:
        raise Http404("No such project.") from exc
    if request.method == "POST" and "survey" in request.POST:
        return _worker_survey_post(request, found)
    form = ParticipantForm(request.POST or None) if may_add_participants(request.user) else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            client = find_own_client(request, form.cleaned_data["hetu"])
            participant_add(
                actor=request.user,
                project=found,
                client=client,
                started_on=form.cleaned_data["started_on"],
                view="structural:project",
            )
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The client was added to the project."))
            return redirect("structural:project", project_id=found.pk)
    count = found.participants.count()
    context: dict[str, Any] = {
        "project": found,
        "form": form,
        "participants": shown(suppress(count)),
        "may_read_figures": may_read_figures(request.user),
        "survey_form": _survey_form(request, found),
        "hidden_mark": shown(None),
        "survey_summary": worker_survey_summary(project=found) if may_read_figures(request.user) else None,
    }
    return render(request, "structural/project.html", context)


def _survey_form(request: AuthedRequest, project: Project, data: Any = None) -> WorkerSurveyForm | None:
    """The survey for a worker who still has a phase of this project to answer."""
    if not may_answer(request.user):
        return None
    open_phases = [
        p for p in SurveyPhase.values if not has_answered(user=request.user, project=project, phase=p)
    ]
    if not open_phases:
        return None
    form = WorkerSurveyForm(data, items=survey_items())
    form.fields["phase"].choices = [c for c in SurveyPhase.choices if c[0] in open_phases]  # type: ignore[attr-defined]
    return form


def _worker_survey_post(request: AuthedRequest, project: Project) -> HttpResponse:
    form = _survey_form(request, project, request.POST)
    if form is None:
        messages.error(request, _("You have already answered the survey for this project."))
    elif form.is_valid():
        try:
            worker_survey_record(
                actor=request.user, project=project, phase=form.cleaned_data["phase"], answers=form.answers()
            )
            messages.success(request, _("Thank you: your answers were saved without your name."))
        except (ValidationError, PermissionDenied) as exc:
            message_refusal(request, exc)
    else:
        messages.error(request, _("Choose the phase."))
    return redirect("structural:project", project_id=project.pk)
