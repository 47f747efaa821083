"""The client's one-time link to the household budget: the worker makes it on the money page; the client
opens it without an account, sees the latest budget and saves a corrected one (a new version), which uses
the link up. The first browser to open it gets a secret cookie scoped to the link's path and the link is
bound to it; another browser is refused (polku.clients.links)."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from polku.accounts.models import AuthedRequest
from polku.clients.languages import remember, speaking
from polku.clients.links import OtherBrowserError
from polku.clients.selectors import client_get_for_user
from polku.core.forms import add_refusal
from polku.finance.forms_household import BudgetForm, BudgetLineFormSet
from polku.finance.models import HouseholdMember
from polku.finance.services_household import budget_link_create, budget_link_open, budget_link_save
from polku.finance.views_household import budget_initial, budget_lines_in

LINK_COOKIE = "polku_budget"


@login_required
@require_POST
def budget_link(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    """Make the link and show it once, to be sent or given to the client."""
    client = client_get_for_user(user=request.user, client_id=client_id, view="finance:budget_link")
    token = budget_link_create(actor=request.user, client=client)
    url = request.build_absolute_uri(reverse("budget_fill", kwargs={"budget_token": token}))
    return render(request, "finance/budget_link.html", {"client": client, "url": url})


def budget_fill(request: HttpRequest, budget_token: str) -> HttpResponse:
    secret = request.COOKIES.get(LINK_COOKIE, "")
    try:
        link, new_secret, latest = budget_link_open(token=budget_token, browser_secret=secret)
    except ValidationError as exc:
        with speaking(request):
            closed = render(
                request, "finance/budget_fill_closed.html", {"reason": exc.messages[0]}, status=410
            )
        return remember(request, closed)
    except OtherBrowserError as exc:
        with speaking(request):
            closed = render(request, "finance/budget_fill_closed.html", {"reason": str(exc)}, status=403)
        return remember(request, closed)
    secret = new_secret or secret
    with speaking(request, link):
        form = BudgetForm(
            request.POST or None,
            initial={"number": latest.number if latest else 0, "month": timezone.localdate().replace(day=1)},
        )
        members = list(
            HouseholdMember.objects.filter(client_id=link.budget.client_id, moved_out_on__isnull=True)
        )
        lines = BudgetLineFormSet(
            request.POST or None,
            initial=budget_initial(latest),
            prefix="line",
            form_kwargs={"members": members},
        )
        response = None
        if request.method == "POST" and form.is_valid() and lines.is_valid():
            try:
                budget_link_save(
                    token=budget_token,
                    browser_secret=secret,
                    month=form.cleaned_data["month"].replace(day=1),
                    note=form.cleaned_data["note"],
                    expected_number=form.cleaned_data["number"],
                    lines=budget_lines_in(lines.cleaned_data),
                )
            except (ValidationError, OtherBrowserError) as exc:
                add_refusal(form, exc if isinstance(exc, ValidationError) else str(exc))
            else:
                response = render(request, "finance/budget_fill_done.html")
        if response is None:
            response = render(
                request,
                "finance/budget_fill.html",
                {"form": form, "lines": lines, "latest": latest},
            )
    remember(request, response)
    response["Cache-Control"] = "no-store"
    if new_secret:
        response.set_cookie(
            LINK_COOKIE,
            new_secret,
            max_age=int((link.expires_at - timezone.now()).total_seconds()),
            path=request.path,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    return response
