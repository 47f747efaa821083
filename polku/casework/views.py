"""Casework pages: the team queue, the deadline board, a phone contact, the client timeline."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from polku.accounts.models import CLIENT_WORK_ROLES, AuthedRequest, Team, User
from polku.accounts.selectors import colleagues_of, teams_of
from polku.casework.forms import AssignForm, BoardFilterForm, CloseForm, JournalNoteForm, PhoneContactForm
from polku.casework.models import Channel, Initiation
from polku.casework.selectors import (
    BoardRow,
    client_timeline_page,
    deadline_board_page,
    initiation_get_for_user,
    team_queue_page,
)
from polku.casework.services import (
    Person,
    Sender,
    contact_receive,
    initiation_assign,
    initiation_close,
    initiation_set_urgent,
    initiation_take,
    journal_note_add,
    may_send_contacts,
)
from polku.core.forms import add_refusal, posted_version
from polku.core.urls import uuid_url
from polku.finance.selectors_assistance import application_board
from polku.registry.log_extracts import log_extract_board


def _chosen_team(request: AuthedRequest, teams: list[Team]) -> Team | None:
    wanted = request.GET.get("team") or request.POST.get("team")
    return next((t for t in teams if str(t.pk) == wanted), teams[0] if teams else None)


QUEUE_ACTIONS = ("take", "assign", "urgent", "close")


def _queue_context(request: AuthedRequest, team: Team | None, teams: list[Team]) -> dict[str, object]:
    page = (
        team_queue_page(user=request.user, team_id=team.pk, view="casework:queue", request=request)
        if team
        else None
    )
    workers = (
        list(
            User.objects.filter(teams=team, role__in=CLIENT_WORK_ROLES, is_active=True).order_by(
                "last_name", "first_name"
            )
        )
        if team
        else []
    )
    # Each row's actions post to the row's own address, with the team and page the list is on, so that the
    # list the action answers with (htmx) is the same page of the same team.
    back = "?" + urlencode({"team": team.pk, "page": page.number}) if team and page else ""
    addresses = {name: uuid_url(f"casework:{name}", "initiation_id") for name in QUEUE_ACTIONS}
    client_page = uuid_url("clients:detail", "client_id")
    rows = [
        (
            row,
            {"client": client_page(row.client_id)}
            | {name: address(row.pk) + back for name, address in addresses.items()},
        )
        for row in (page.object_list if page else [])
    ]
    return {
        "team": team,
        "teams": teams,
        "page": page,
        "rows": rows,
        # The same list of the team's workers in every row's form: written once, not once a row.
        "worker_options": format_html_join(
            "", '<option value="{}">{}</option>', ((w.pk, w) for w in workers)
        ),
        "may_take": request.user.role in CLIENT_WORK_ROLES,
    }


@login_required
def queue(request: AuthedRequest) -> HttpResponse:
    teams = list(teams_of(request.user))
    team = _chosen_team(request, teams)
    template = "casework/_queue.html" if request.headers.get("HX-Request") else "casework/queue.html"
    return render(request, template, _queue_context(request, team, teams))


def _queue_action(
    request: AuthedRequest, initiation_id: UUID, view: str, act: Callable[[Initiation], str]
) -> HttpResponse:
    initiation = initiation_get_for_user(user=request.user, initiation_id=initiation_id, view=view)
    try:
        messages.success(request, act(initiation))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    teams = list(teams_of(request.user))
    team = next((t for t in teams if t.pk == initiation.team_id), None)
    if request.headers.get("HX-Request"):
        return render(request, "casework/_queue.html", _queue_context(request, team, teams))
    back = {"team": initiation.team_id} | ({"page": request.GET["page"]} if request.GET.get("page") else {})
    return redirect(f"{reverse('casework:queue')}?{urlencode(back)}")


@login_required
@require_POST
def take(request: AuthedRequest, initiation_id: UUID) -> HttpResponse:
    def act(initiation: Initiation) -> str:
        initiation_take(actor=request.user, initiation=initiation)
        return _("You took the initiation of %(client)s.") % {"client": initiation.client.full_name}

    return _queue_action(request, initiation_id, "casework:take", act)


@login_required
@require_POST
def assign(request: AuthedRequest, initiation_id: UUID) -> HttpResponse:
    def act(initiation: Initiation) -> str:
        form = AssignForm(request.POST, team=initiation.team)
        if not form.is_valid():
            raise ValidationError(_("Choose a worker of the team."))
        worker = form.cleaned_data["worker"]
        initiation_assign(
            actor=request.user,
            initiation=initiation,
            worker=worker,
            expected_version=posted_version(request),
        )
        return _("Assigned to %(worker)s.") % {"worker": worker}

    return _queue_action(request, initiation_id, "casework:assign", act)


@login_required
@require_POST
def urgent(request: AuthedRequest, initiation_id: UUID) -> HttpResponse:
    def act(initiation: Initiation) -> str:
        make_urgent = request.POST.get("urgent") == "1"
        initiation_set_urgent(
            actor=request.user,
            initiation=initiation,
            urgent=make_urgent,
            expected_version=posted_version(request),
        )
        return _("Marked urgent: the assessment is due today.") if make_urgent else _("Marked not urgent.")

    return _queue_action(request, initiation_id, "casework:urgent", act)


@login_required
@require_POST
def close(request: AuthedRequest, initiation_id: UUID) -> HttpResponse:
    def act(initiation: Initiation) -> str:
        form = CloseForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Give the reason for closing."))
        initiation_close(
            actor=request.user,
            initiation=initiation,
            reason=form.cleaned_data["reason"],
            expected_version=posted_version(request),
        )
        return _("The initiation was closed.")

    return _queue_action(request, initiation_id, "casework:close", act)


def _board_rows(rows: list[BoardRow]) -> list[tuple[str, str, BoardRow]]:
    """Each row of the deadline board with its client's address and, when overdue, by how much: made in
    Python, where a {% url %} and a {% blocktranslate %} cost some 20 µs a row each in the template."""
    client_page = uuid_url("clients:detail", "client_id")
    return [
        (
            client_page(row.client_id),
            ngettext("%(days)s day overdue", "%(days)s days overdue", row.days_overdue)
            % {"days": row.days_overdue}
            if row.overdue
            else "",
            row,
        )
        for row in rows
    ]


@login_required
def deadlines(request: AuthedRequest) -> HttpResponse:
    teams = list(teams_of(request.user))
    workers = list(colleagues_of(request.user))
    form = BoardFilterForm(request.GET or None, teams=teams, workers=workers)
    team_id = worker_id = None
    if form.is_valid():
        team_id = form.cleaned_data["team"] or None
        worker_id = form.cleaned_data["worker"] or None
    page = deadline_board_page(
        user=request.user,
        view="casework:deadlines",
        request=request,
        team_id=team_id,
        worker_id=worker_id,
        teams=teams,
    )
    log_rows = log_extract_board(
        user=request.user, view="casework:deadlines", team_id=team_id, worker_id=worker_id
    )
    application_rows = application_board(
        user=request.user, view="casework:deadlines", team_id=team_id, worker_id=worker_id
    )
    return render(
        request,
        "casework/deadlines.html",
        {
            "form": form,
            "page": page,
            "rows": _board_rows(cast("list[BoardRow]", page.object_list)),
            "log_rows": log_rows,
            "application_rows": application_rows,
        },
    )


@login_required
def contact_new(request: AuthedRequest) -> HttpResponse:
    if not may_send_contacts(request.user):
        messages.error(request, _("Your role does not record contacts."))
        return redirect("workday:home")
    form = PhoneContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contact, _created = contact_receive(
                actor=request.user,
                person=Person(
                    hetu=data["hetu"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    language=data["language"],
                ),
                sender=Sender(
                    organisation=data["sender_organisation"],
                    name=data["sender_name"],
                    phone=data["sender_phone"],
                ),
                consent=data["consent"],
                ground_without_consent=data["ground_without_consent"] or None,
                reasons=[reason.code for reason in data["reasons"]],
                description=data["description"],
                urgent=data["urgent"],
                highest_care_allowance=data["highest_care_allowance"],
                contacted_at=data["contacted_at"],
                channel=Channel.PHONE,
                reporter_code=data["reporter_code"] or None,
                notice_type=data["notice_type"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                name = {
                    "person.hetu": "hetu",
                    "person.first_name": "first_name",
                    "person.last_name": "last_name",
                    "person.language": "language",
                    "sender.organisation": "sender_organisation",
                }.get(field, field)
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("The contact was recorded and is in the team queue."))
            return redirect(f"{reverse('casework:queue')}?team={contact.initiation.team_id}")
    return render(request, "casework/contact_new.html", {"form": form})


@login_required
def timeline(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client, page = client_timeline_page(
        user=request.user, client_id=client_id, view="casework:timeline", request=request
    )
    form = JournalNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            journal_note_add(actor=request.user, client=client, **form.cleaned_data)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("Entry added."))
            return redirect("casework:timeline", client_id=client.pk)
    return render(
        request,
        "casework/timeline.html",
        {
            "client": client,
            "page": page,
            "entries": page.object_list,
            "form": form,
            "may_write": request.user.role in CLIENT_WORK_ROLES,
        },
    )
