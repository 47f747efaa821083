"""The referral a provider reads, and the client's services as the client's own workers follow them."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from polku.accounts.models import AuthedRequest
from polku.provision.selectors import client_services_for_user, referral_get_for_user


@login_required
def referral(request: AuthedRequest, episode_id: UUID) -> HttpResponse:
    current = referral_get_for_user(user=request.user, episode_id=episode_id, view="services:referral")
    return render(
        request,
        "provision/referral.html",
        {"referral": current, "episode": current.episode, "client": current.episode.client},
    )


@login_required
def client_services(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client, services = client_services_for_user(
        user=request.user, client_id=client_id, view="services:client"
    )
    return render(request, "provision/client.html", {"client": client, "services": services})
