"""The segment pages: a client's placement with its facts and the review form, a team's clients by segment
with the heavy users, and a worker's caseload by segment."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from polku.accounts.models import AuthedRequest, Role
from polku.casework.models import NeedDuration, YesNo
from polku.casework.selectors import caseload_client_ids, caseload_page
from polku.casework.views_case import caseload_of, caseload_render
from polku.core.forms import add_refusal
from polku.core.suppression import SECONDARY_EXPLANATION
from polku.core.urls import uuid_url
from polku.segments.forms import ReviewForm
from polku.segments.placement import Line, placements_for
from polku.segments.quadrants import DESCRIPTIONS, NOTHING_DECIDED, Quadrant
from polku.segments.rule import FIELDS, rule
from polku.segments.selectors import (
    client_segment_for_user,
    heavy_users_page,
    review_history,
    team_get_for_user,
    team_segments,
    teams_viewable,
)
from polku.segments.services import segment_review

CHOICE_LABELS: dict[str, dict[str, Any]] = {
    "assessed_need": dict(NeedDuration.choices),
    "personal_worker_needed": dict(YesNo.choices),
}


def shown_value(line: Line) -> str:
    """A fact's value as the client's page writes it."""
    field, value = line.fact.field, line.value
    kind = FIELDS[field].kind
    if value is None or value == "none":
        return "–"
    if kind == "bool":
        return str(_("yes") if value else _("no"))
    if kind == "choice":
        return str(CHOICE_LABELS.get(field, {}).get(str(value), value))
    if kind == "share":
        return f"{round(float(str(value)) * 100)} %"
    return str(value)


def condition_shown(line: Line) -> str:
    """When the fact's line gives its points, as the client's page writes it (a field may have several)."""
    fact = line.fact
    kind = FIELDS[fact.field].kind

    def number(value: float) -> str:
        return f"{round(value * 100)} %" if kind == "share" else f"{value:g}"

    if kind == "bool":
        return str(_("no") if fact.is_ is False else _("yes"))
    if kind == "choice":
        labels = CHOICE_LABELS.get(fact.field, {})
        return ", ".join(str(labels.get(choice, choice)) for choice in fact.in_)
    parts = []
    if fact.at_least is not None:
        parts.append(str(_("at least %(n)s")) % {"n": number(fact.at_least)})
    if fact.at_most is not None:
        parts.append(str(_("at most %(n)s")) % {"n": number(fact.at_most)})
    return ", ".join(parts)


@login_required
def client_segment(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client, placement = client_segment_for_user(
        user=request.user, client_id=client_id, view="segments:client"
    )
    form = ReviewForm(request.POST or None, initial_quadrant=placement.quadrant.value)
    if request.method == "POST" and form.is_valid():
        try:
            segment_review(actor=request.user, client=client, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The segment review is saved."))
            return redirect("segments:client", client_id=client.pk)
    the_rule = rule()
    axes = [
        (_("Load of the situation"), placement.load, the_rule.load.high_from),
        (_("Resources of the client and close ones"), placement.resources, the_rule.resources.high_from),
    ]
    return render(
        request,
        "segments/client.html",
        {
            "client": client,
            "placement": placement,
            "computed_label": placement.computed.label,
            "quadrant_label": placement.quadrant.label,
            "description": DESCRIPTIONS[placement.quadrant],
            "axes": [
                (
                    name,
                    score,
                    high_from,
                    [
                        (FIELDS[line.fact.field].label, condition_shown(line), shown_value(line), line)
                        for line in score.lines
                    ],
                )
                for name, score, high_from in axes
            ],
            "history": review_history(client),
            "form": form,
            "may_review": request.user.role != Role.TEAM_MANAGER,
            "nothing_decided": NOTHING_DECIDED,
        },
    )


@login_required
def teams(request: AuthedRequest) -> HttpResponse:
    """The teams whose segments the user may read; straight to the one when there is one."""
    mine = list(teams_viewable(request.user))
    if len(mine) == 1:
        return redirect("segments:team", team_id=mine[0].pk)
    team_url = uuid_url("segments:team", "team_id")
    return render(request, "segments/teams.html", {"teams": [(team_url(t.pk), t.name) for t in mine]})


@login_required
def team(request: AuthedRequest, team_id: UUID) -> HttpResponse:
    the_team = team_get_for_user(user=request.user, team_id=team_id)
    segments = team_segments(the_team)
    page = heavy_users_page(user=request.user, segments=segments, request=request, view="segments:team")
    client_url = uuid_url("segments:client", "client_id")
    return render(
        request,
        "segments/team.html",
        {
            "team": the_team,
            "segments": segments,
            "page": page,
            "rows": [(client_url(row.client_id), row) for row in page.object_list],
            "quadrants": [(q.label, DESCRIPTIONS[q]) for q in Quadrant],
            "the_rule": rule(),
            "secondary_explanation": SECONDARY_EXPLANATION,
            "nothing_decided": NOTHING_DECIDED,
        },
    )


@login_required
def caseload(request: AuthedRequest) -> HttpResponse:
    """The caseload (casework:caseload) narrowed to one segment."""
    of = caseload_of(request)
    quadrant = request.GET.get("quadrant", "")
    if quadrant not in Quadrant.values:
        everyone = reverse("casework:caseload")
        return redirect(f"{everyone}?{urlencode({'worker': of.wanted})}" if of.wanted else everyone)
    ids = caseload_client_ids(user=request.user, worker=of.worker)
    placements = placements_for(ids)
    only = [client_id for client_id in ids if placements[client_id].quadrant == quadrant]
    page = caseload_page(
        user=request.user, worker=of.worker, view="segments:caseload", request=request, only=only
    )
    return caseload_render(request, of, page, segment=Quadrant(quadrant))
