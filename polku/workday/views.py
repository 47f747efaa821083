"""The home page: what is waiting for the signed-in user, by role (polku/workday/worklist.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from polku.accounts.models import CLIENT_WORK_ROLES, AuthedRequest, Role
from polku.accounts.selectors import teams_of
from polku.workday.board import caseload_limit, team_board
from polku.workday.worklist import due_now_count, work_for

NAV_COUNT_KEY = "workday:due-now:{}"
NAV_COUNT_SECONDS = 60


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    user = request.user
    works_with_clients = user.role in CLIENT_WORK_ROLES or user.role == Role.TEAM_MANAGER
    sections = work_for(user, view="workday:home")
    cache.set(NAV_COUNT_KEY.format(user.pk), due_now_count(sections), NAV_COUNT_SECONDS)
    return render(
        request,
        "workday/home.html",
        {
            "teams": teams_of(user).select_related("organisation"),
            "works_with_clients": works_with_clients,
            "sections": sections,
        },
    )


@login_required
def board(request: AuthedRequest) -> HttpResponse:
    """The team manager's board: the week's load by worker of her own teams."""
    if request.user.role != Role.TEAM_MANAGER:
        raise PermissionDenied
    return render(
        request,
        "workday/board.html",
        {"lines": team_board(request.user, timezone.localdate()), "limit": caseload_limit()},
    )
