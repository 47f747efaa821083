"""The home page: what is waiting for the signed-in user, by role (polku/workday/worklist.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render

from polku.accounts.models import CLIENT_WORK_ROLES, AuthedRequest, Role
from polku.accounts.selectors import teams_of
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
