"""The co-development pages: the roster of co-developers, the development projects, and a project's page
with its participants, sessions and what came from clients (polku/structural/services/codev.py)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polku.accounts.models import AuthedRequest
from polku.core.forms import add_refusal, message_refusal
from polku.structural.forms_codev import (
    CoDeveloperForm,
    DevelopmentProjectForm,
    JoinForm,
    ProposalForm,
    SessionForm,
    WithdrawForm,
)
from polku.structural.models import CoDeveloper, DevelopmentProject
from polku.structural.selectors_codev import (
    codeveloper_get_for_user,
    dev_project_get_for_user,
    project_overview,
    roster_for,
)
from polku.structural.services.codev import (
    check_runs_development,
    codeveloper_add,
    codeveloper_withdraw,
    development_project_create,
    participant_join,
    proposal_submit,
    session_record,
)
from polku.structural.views_stats import find_own_client


@login_required
def codevelopers(request: AuthedRequest) -> HttpResponse:
    check_runs_development(request.user)
    form = CoDeveloperForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        hetu = data.pop("hetu")
        try:
            client = find_own_client(request, hetu) if hetu else None
            codeveloper_add(actor=request.user, client=client, **data)
        except (ValidationError, PermissionDenied) as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The co-developer was added to the roster."))
            return redirect("structural:codevelopers")
    people = roster_for(user=request.user, view="structural:codevelopers")
    return render(
        request,
        "structural/codevelopers.html",
        {"people": people, "form": form, "withdraw": WithdrawForm()},
    )


@login_required
@require_POST
def codeveloper_withdraw_view(request: AuthedRequest, codeveloper_id: UUID) -> HttpResponse:
    person = codeveloper_get_for_user(user=request.user, codeveloper_id=codeveloper_id)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the day the consent was withdrawn."))
    else:
        try:
            codeveloper_withdraw(actor=request.user, person=person, on=form.cleaned_data["on"])
        except ValidationError as exc:
            message_refusal(request, exc)
        else:
            messages.success(request, _("The withdrawal of the consent was recorded."))
    return redirect("structural:codevelopers")


@login_required
def dev_projects(request: AuthedRequest) -> HttpResponse:
    check_runs_development(request.user)
    form = DevelopmentProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = development_project_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The development project was created."))
            return redirect("structural:dev_project", dev_project_id=project.pk)
    projects = DevelopmentProject.objects.select_related("lead", "team")[:200]
    return render(request, "structural/dev_projects.html", {"projects": projects, "form": form})


def _participants(project: DevelopmentProject) -> QuerySet[CoDeveloper]:
    return CoDeveloper.objects.filter(participations__project=project).order_by("name")


@login_required
def dev_project(request: AuthedRequest, dev_project_id: UUID) -> HttpResponse:
    project = dev_project_get_for_user(user=request.user, dev_project_id=dev_project_id)
    participants = _participants(project)
    available = CoDeveloper.objects.filter(consent_withdrawn_on__isnull=True).exclude(
        participations__project=project
    )
    posted = request.POST.get("action", "") if request.method == "POST" else ""
    forms: dict[str, Any] = {
        "join": JoinForm(request.POST if posted == "join" else None, available=available),
        "session": SessionForm(request.POST if posted == "session" else None, participants=participants),
        "proposal": ProposalForm(request.POST if posted == "proposal" else None, participants=participants),
    }
    form = forms.get(posted)
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if posted == "join":
                participant_join(
                    actor=request.user,
                    project=project,
                    person=data["codeveloper"],
                    role_in_project=data["role_in_project"],
                )
                done = _("The co-developer joined the project.")
            elif posted == "session":
                session_record(
                    actor=request.user,
                    project=project,
                    held_on=data["held_on"],
                    topic=data["topic"],
                    attended=list(data["attended"]),
                    rewards=data["rewards"],
                    notes=data["notes"],
                    amounts=forms["session"].amounts(),
                )
                done = _("The session was recorded.")
            else:
                proposal_submit(actor=request.user, project=project, **data)
                done = _("The proposal went to the first reading of the team's manager.")
        except (ValidationError, PermissionDenied) as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, done)
            return redirect("structural:dev_project", dev_project_id=project.pk)
    return render(
        request,
        "structural/dev_project.html",
        {
            "overview": project_overview(user=request.user, project=project, view="structural:dev_project"),
            "project": project,
            "forms": forms,
        },
    )
