"""The home page: what is waiting for the signed-in user, by role."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from polku.accounts.models import CLIENT_WORK_ROLES, AuthedRequest, Role
from polku.accounts.selectors import teams_of


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    user = request.user
    works_with_clients = user.role in CLIENT_WORK_ROLES or user.role == Role.TEAM_MANAGER
    return render(
        request,
        "workday/home.html",
        {
            "teams": teams_of(user).select_related("organisation"),
            "works_with_clients": works_with_clients,
        },
    )
