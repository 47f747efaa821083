"""Instrument pages: the client's answers and change, filling in with the worker page by page, the
printable feedback, and the client's own page behind a one-time link (no login, no personal data)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polku.accounts.models import AuthedRequest
from polku.clients.languages import remember, speaking
from polku.clients.links import OtherBrowserError
from polku.core.forms import message_refusal
from polku.instruments.charts import change_chart
from polku.instruments.definitions import Instrument, instrument_get
from polku.instruments.forms import PageForm, StartForm
from polku.instruments.models import Response
from polku.instruments.scoring import feedback_for
from polku.instruments.selectors import change_from, client_responses, response_get_for_user
from polku.instruments.services import (
    client_instrument,
    may_fill_for,
    response_complete,
    response_link_finish,
    response_link_open,
    response_link_page_save,
    response_link_send,
    response_page_save,
    response_start,
)


def _definition(response: Response) -> Instrument:
    instrument = instrument_get(response.instrument_code, response.instrument_version)
    assert instrument is not None  # noqa: S101  (answers are only made to loaded definitions)
    return instrument


def _changes(responses: list[Response]) -> list[dict[str, Any]]:
    """Per instrument that tracks change: the chart and the first-against-latest table."""
    sections = []
    codes = sorted({r.instrument_code for r in responses if r.is_completed})
    for code in codes:
        instrument = instrument_get(code)
        if instrument is None or not instrument.tracks_change:
            continue
        rows = [
            (r.answered_at, r.scores)
            for r in responses
            if r.instrument_code == code and r.answered_at is not None and r.is_completed
        ]
        rows.sort(key=lambda row: row[0])
        change = change_from(instrument, rows)
        title = _("%(instrument)s: each domain at each answer") % {"instrument": instrument.title}
        sections.append({"instrument": instrument, "chart": change_chart(instrument, rows, title), **change})
    return sections


@login_required
def client_page(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client, responses = client_responses(user=request.user, client_id=client_id, view="instruments:client")
    for response in responses:
        response.definition = instrument_get(response.instrument_code, response.instrument_version)  # type: ignore[attr-defined]
    return render(
        request,
        "instruments/client.html",
        {
            "client": client,
            "responses": responses,
            "changes": _changes(responses),
            "may_fill": may_fill_for(request.user, client),
            "start_form": StartForm(),
            "new_link": request.session.pop("new_instrument_link", None),
        },
    )


@login_required
@require_POST
def start(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client, _responses = client_responses(user=request.user, client_id=client_id, view="instruments:start")
    form = StartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an instrument."))
        return redirect("instruments:client", client_id=client.pk)
    try:
        if "send_link" in request.POST:
            response, token = response_link_send(
                actor=request.user, client=client, instrument_code=form.cleaned_data["instrument"]
            )
            url = request.build_absolute_uri(reverse("instrument_answer", kwargs={"link_token": token}))
            assert response.link is not None  # noqa: S101
            request.session["new_instrument_link"] = {
                "url": url,
                "expires": response.link.expires_at.isoformat(),
            }
            return redirect("instruments:client", client_id=client.pk)
        response = response_start(
            actor=request.user, client=client, instrument_code=form.cleaned_data["instrument"]
        )
    except (ValidationError, PermissionDenied) as exc:
        message_refusal(request, exc)
        return redirect("instruments:client", client_id=client.pk)
    return redirect("instruments:fill", response_id=response.pk)


def _page_number(request: HttpRequest, instrument: Instrument, default: int) -> int:
    raw = request.POST.get("page") if request.method == "POST" else request.GET.get("page")
    try:
        number = int(raw) if raw is not None else default
    except ValueError:
        number = default
    return min(max(number, 0), len(instrument.pages) - 1)


def _fill(
    request: HttpRequest,
    response: Response,
    save: Callable[[int, dict[str, int]], Any],
    finish: Callable[[], HttpResponse],
    here: str,
    template: str,
    extra: dict[str, Any],
) -> HttpResponse:
    """One page of answers: saved on every move, so a client may stop and come back later."""
    instrument = _definition(response)
    default = min(response.next_page, len(instrument.pages) - 1)
    page = _page_number(request, instrument, default)
    initial = {k: str(v) for k, v in response.answers.items()}
    form = PageForm(request.POST or None, instrument=instrument, page=page, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save(page, form.answers())
            if "back" in request.POST:
                return redirect(f"{here}?page={max(page - 1, 0)}")
            if page + 1 < len(instrument.pages):
                return redirect(f"{here}?page={page + 1}")
            return finish()
        except ValidationError as exc:
            form.add_error(None, exc)
    context = {
        "form": form,
        "instrument": instrument,
        "page": page,
        "page_title": instrument.pages[page].title,
        "page_count": len(instrument.pages),
        "shown_page": page + 1,
        "is_last": page + 1 == len(instrument.pages),
    }
    return render(request, template, context | extra)


def _feedback_context(response: Response) -> dict[str, Any]:
    instrument = _definition(response)
    return {
        "response": response,
        "instrument": instrument,
        "feedback": feedback_for(instrument, response.scores),
    }


@login_required
def fill(request: AuthedRequest, response_id: UUID) -> HttpResponse:
    response = response_get_for_user(user=request.user, response_id=response_id, view="instruments:fill")
    if response.is_completed:
        return redirect("instruments:feedback", response_id=response.pk)
    try:
        client_instrument(response.instrument_code, response.instrument_version)
        if not may_fill_for(request.user, response.client):
            raise PermissionDenied(_("Only the client's workers fill in instruments with the client."))
    except (ValidationError, PermissionDenied) as exc:
        message_refusal(request, exc)
        return redirect("instruments:client", client_id=response.client_id)
    here = request.path

    def save(page: int, answers: dict[str, int]) -> Any:
        return response_page_save(actor=request.user, response=response, page=page, answers=answers)

    def finish() -> HttpResponse:
        response_complete(actor=request.user, response=response)
        return redirect("instruments:feedback", response_id=response.pk)

    return _fill(request, response, save, finish, here, "instruments/fill.html", {"client": response.client})


@login_required
def feedback(request: AuthedRequest, response_id: UUID) -> HttpResponse:
    response = response_get_for_user(user=request.user, response_id=response_id, view="instruments:feedback")
    if not response.is_completed:
        return redirect("instruments:fill", response_id=response.pk)
    return render(
        request, "instruments/feedback.html", _feedback_context(response) | {"client": response.client}
    )


LINK_COOKIE = "polku_answer"


def _keep_secret(response: HttpResponse, request: HttpRequest, secret: str, path: str, max_age: int) -> None:
    response.set_cookie(
        LINK_COOKIE,
        secret,
        max_age=max_age,
        path=path,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )


def answer(request: HttpRequest, link_token: str) -> HttpResponse:
    """The client's page behind the one-time link: no account, works on a phone, shows no personal data.

    The first browser to open the link gets a secret cookie (scoped to this link's path) and the link is
    bound to it; another browser is refused with a page that says what to do (services.response_link_open).
    """
    secret = request.COOKIES.get(LINK_COOKIE, "")
    try:
        link, new_secret = response_link_open(token=link_token, browser_secret=secret)
    except ValidationError as exc:
        with speaking(request):
            closed = render(request, "instruments/link_closed.html", {"reason": exc.messages[0]}, status=410)
        return remember(request, closed)
    except OtherBrowserError as exc:
        with speaking(request):
            context = {"heading": _("This link is in use on another device"), "reason": str(exc)}
            closed = render(request, "instruments/link_closed.html", context, status=403)
        return remember(request, closed)
    secret = new_secret or secret

    def save(page: int, answers: dict[str, int]) -> Any:
        return response_link_page_save(token=link_token, page=page, answers=answers, browser_secret=secret)

    def finish() -> HttpResponse:
        # Shown at once: the link is used up, so this page is the client's only view of the feedback.
        done = response_link_finish(token=link_token, browser_secret=secret)
        return render(request, "instruments/public_feedback.html", _feedback_context(done))

    with speaking(request, link):
        result = _fill(request, link.response, save, finish, request.path, "instruments/public_fill.html", {})
    remember(request, result)
    result["Cache-Control"] = "no-store"
    if new_secret:
        max_age = int((link.expires_at - timezone.now()).total_seconds())
        _keep_secret(result, request, new_secret, request.path, max_age)
    return result


def answer_moved(request: HttpRequest, link_token: str) -> HttpResponse:
    """The address of answer links sent before every client link moved under /l/: a permanent redirect to
    the new address. The browser's secret cookie was scoped to this old path, so it is given again for the
    new one (for at most a link's lifetime), and a client who began answering goes on where they were."""
    new_path = reverse("instrument_answer", kwargs={"link_token": link_token})
    response = HttpResponsePermanentRedirect(new_path)
    secret = request.COOKIES.get(LINK_COOKIE, "")
    if secret:
        _keep_secret(response, request, secret, new_path, settings.POLKU_CLIENT_LINK_DAYS * 24 * 60 * 60)
    return response
