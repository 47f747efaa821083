"""Writes of instrument answers: filled in with the worker page by page, by the client at home through a
one-time link, or received whole through the API. Every function runs in one transaction and writes its
use-log row with the change; completing an answer also updates the change aggregates (aggregates.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.accounts.models import CLIENT_WORK_ROLES, User
from polku.audit.models import Action
from polku.audit.services import ClientLinkActor, use_log_write
from polku.clients.links import link_claim, link_create, link_find, link_log, link_require_bound, link_use
from polku.clients.models import Client
from polku.clients.selectors import works_with_client
from polku.instruments.aggregates import CONTEXT_DIMENSIONS, summary_record
from polku.instruments.definitions import Instrument, instrument_get
from polku.instruments.models import (
    STATUS_TRANSITIONS,
    Response,
    ResponseLink,
    ResponseMode,
    ResponseStatus,
)
from polku.instruments.scoring import domain_scores
from polku.provision.models import ServiceEpisode


def _log_write(actor: User | ClientLinkActor, response: Response, view: str) -> None:
    use_log_write(
        actor=actor,
        client_ids=[response.client_id],
        view=view,
        object_type="instrument_response",
        object_id=str(response.pk),
        action=Action.WRITE,
    )


def may_fill_for(actor: User, client: Client) -> bool:
    """Client workers of the client's team fill instruments with the client (SHL 36: client work)."""
    return actor.role in CLIENT_WORK_ROLES and works_with_client(actor, client)


def _check_worker(actor: User, client: Client) -> None:
    if not may_fill_for(actor, client):
        raise PermissionDenied(_("Only the client's workers fill in instruments with the client."))


def client_instrument(code: str, version: int | None = None) -> Instrument:
    instrument = instrument_get(code, version)
    if instrument is None or instrument.respondent != "client":
        raise ValidationError({"instrument": [_("No such client instrument: %(code)s.") % {"code": code}]})
    return instrument


def clean_context(context: Mapping[str, Any] | None) -> dict[str, list[str]]:
    """Where the answer was given: lists of ids under the keys of CONTEXT_DIMENSIONS."""
    cleaned: dict[str, list[str]] = {}
    for key, value in (context or {}).items():
        if key not in CONTEXT_DIMENSIONS:
            raise ValidationError({"context": [_("Unknown context key: %(key)s.") % {"key": key}]})
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(v, str | int) and str(v).strip() and len(str(v)) <= 64 for v in values):
            raise ValidationError({"context": [_("Give ids as text of at most 64 characters.")]})
        cleaned[key] = sorted({str(v).strip() for v in values})
    return cleaned


def running_services_context(client: Client) -> dict[str, list[str]]:
    """Where the client is in services when answering: the kinds, providers and groups of their running
    service episodes. The effectiveness report breaks answers down by these."""
    episodes = list(ServiceEpisode.objects.not_ended().filter(client=client).prefetch_related("groups"))
    context = {
        "service": sorted({e.kind for e in episodes}),
        "provider": sorted({str(e.provider_id) for e in episodes}),
        "group": sorted({str(g.pk) for e in episodes for g in e.groups.all()}),
    }
    return {key: values for key, values in context.items() if values}


def answers_clean(
    instrument: Instrument, answers: Mapping[str, Any], allowed: Iterable[str]
) -> dict[str, int]:
    """The answers, if each names an item of `allowed` and lies on its scale; otherwise nothing is kept."""
    allowed = set(allowed)
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, int] = {}
    for item_id, value in answers.items():
        item = instrument.items.get(item_id)
        if item is None or item_id not in allowed:
            errors[f"answers.{item_id}"] = [_("Unknown item.")]
        elif not item.scale.accepts(value):
            errors[f"answers.{item_id}"] = [
                _("The answer must be a whole number from %(low)s to %(high)s.")
                % {"low": item.scale.min, "high": item.scale.max}
            ]
        else:
            cleaned[item_id] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def response_start(
    *, actor: User, client: Client, instrument_code: str, context: Mapping[str, Any] | None = None
) -> Response:
    """Start filling in an instrument with the client (the worker's screen)."""
    _check_worker(actor, client)
    instrument = client_instrument(instrument_code)
    response = Response.objects.create(
        client=client,
        instrument_code=instrument.code,
        instrument_version=instrument.version,
        mode=ResponseMode.WITH_WORKER,
        context=clean_context(context if context is not None else running_services_context(client)),
        created_by=actor,
        updated_by=actor,
    )
    _log_write(actor, response, "instruments:start")
    return response


@transaction.atomic
def response_link_send(
    *, actor: User, client: Client, instrument_code: str, context: Mapping[str, Any] | None = None
) -> tuple[Response, str]:
    """Create an answer for the client to fill in at home; returns it with the raw token (shown once)."""
    _check_worker(actor, client)
    instrument = client_instrument(instrument_code)
    response = Response.objects.create(
        client=client,
        instrument_code=instrument.code,
        instrument_version=instrument.version,
        mode=ResponseMode.CLIENT_LINK,
        context=clean_context(context if context is not None else running_services_context(client)),
        created_by=actor,
        updated_by=actor,
    )
    _link, token = link_create(ResponseLink, created_by=actor, response=response)
    _log_write(actor, response, "instruments:link_send")
    return response, token


def _links() -> QuerySet[ResponseLink]:
    return ResponseLink.objects.select_related("response")


def _bound_link(token: str, browser_secret: str) -> ResponseLink:
    """The open link of a token, when `browser_secret` is the secret of the browser it is bound to."""
    link = link_find(_links(), token)
    link_require_bound(link, browser_secret)
    return link


@transaction.atomic
def response_link_open(*, token: str, browser_secret: str = "") -> tuple[ResponseLink, str]:
    """The client opens the link: returns the link and, on the first open, the new browser secret to keep
    in a cookie ("" when the browser already holds it). Every open is logged as a read by the client,
    through the link.

    The first browser to open the link is bound to it by one conditional UPDATE (polku.clients.links.
    link_claim), so of two browsers opening it at the same moment exactly one is bound. Any other browser
    is refused (OtherBrowserError) and never sees the answers saved so far. Refused rather than given a
    fresh form: a fresh form would still save into, and finish, the client's answer, so whoever else holds
    the link could overwrite it; a client on a new phone asks the worker for a new link, which is one
    click for the worker.
    """
    link, new_secret = link_claim(_links(), token, browser_secret=browser_secret)
    link_log(
        link,
        view="instruments:answer",
        object_type="instrument_response",
        object_id=str(link.response.pk),
        action=Action.READ,
    )
    return link, new_secret


def _save_page(
    actor: User | ClientLinkActor, response: Response, page: int, answers: Mapping[str, Any], view: str
) -> Response:
    # The answers are merged into the stored ones, read under a row lock: a page saved meanwhile (by the
    # client through the link, or by the worker) is kept, never overwritten by an older reading.
    response = Response.objects.select_for_update().get(pk=response.pk)
    instrument = client_instrument(response.instrument_code, response.instrument_version)
    if response.is_completed:
        raise ValidationError(_("This answer is already completed; start a new one."))
    if not 0 <= page < len(instrument.pages):
        raise ValidationError({"page": [_("No such page.")]})
    cleaned = answers_clean(instrument, answers, instrument.pages[page].items)
    merged = {k: v for k, v in response.answers.items() if k not in instrument.pages[page].items} | cleaned
    response.answers = merged
    response.next_page = max(response.next_page, page + 1)
    Response.objects.filter(pk=response.pk).update(
        answers=merged,
        next_page=response.next_page,
        updated_at=timezone.now(),
        version=F("version") + 1,
    )
    response.refresh_from_db(fields=["version", "updated_at"])
    _log_write(actor, response, view)
    return response


def _complete(
    actor: User | ClientLinkActor, response: Response, answered_at: datetime | None, view: str
) -> Response:
    # Scored from the answers as stored, read under a row lock: the caller's copy may predate the page
    # saved just before finishing (the worker's last page), and its score must count like any other.
    response = Response.objects.select_for_update().get(pk=response.pk)
    STATUS_TRANSITIONS.check(
        response.status,
        ResponseStatus.COMPLETED,
        message=_("This answer is already completed; start a new one."),
    )
    instrument = client_instrument(response.instrument_code, response.instrument_version)
    scores = domain_scores(instrument, response.answers)
    if not scores:
        raise ValidationError(_("Answer at least a few questions before finishing."))
    now = timezone.now()
    if answered_at is not None and answered_at > now:
        raise ValidationError({"answered_at": [_("The time of answering cannot be in the future.")]})
    updated = Response.objects.filter(pk=response.pk, status=ResponseStatus.IN_PROGRESS).update(
        status=ResponseStatus.COMPLETED, scores=scores, answered_at=answered_at or now, updated_at=now
    )
    if not updated:
        raise ValidationError(_("This answer is already completed; start a new one."))
    response.refresh_from_db()
    if instrument.purpose in ("outcome", "feedback"):
        summary_record(instrument=instrument, response=response)
    _log_write(actor, response, view)
    return response


@transaction.atomic
def response_page_save(*, actor: User, response: Response, page: int, answers: Mapping[str, Any]) -> Response:
    """Save one page of answers filled in with the worker (progress is kept page by page)."""
    _check_worker(actor, response.client)
    return _save_page(actor, response, page, answers, "instruments:fill")


@transaction.atomic
def response_complete(*, actor: User, response: Response, answered_at: datetime | None = None) -> Response:
    """Complete the answer: score it and fold it into the client's change and the aggregates."""
    _check_worker(actor, response.client)
    return _complete(actor, response, answered_at, "instruments:fill")


@transaction.atomic
def response_link_page_save(
    *, token: str, page: int, answers: Mapping[str, Any], browser_secret: str
) -> Response:
    """The client saves one page through the link (in the browser it is bound to); the link stays open
    until the answer is finished."""
    link = _bound_link(token, browser_secret)
    return _save_page(link.actor, link.response, page, answers, "instruments:answer")


@transaction.atomic
def response_link_finish(*, token: str, browser_secret: str) -> Response:
    """The client finishes (in the browser the link is bound to): the answer is completed and the link
    used up."""
    link = _bound_link(token, browser_secret)
    link_use(link)
    return _complete(link.actor, link.response, None, "instruments:answer")


@transaction.atomic
def response_submit(
    *,
    actor: User,
    client: Client,
    instrument_code: str,
    answers: Mapping[str, Any],
    answered_at: datetime | None = None,
    context: Mapping[str, Any] | None = None,
    mode: str = ResponseMode.API,
    view: str = "api:response_create",
) -> Response:
    """A whole answer at once (the API, imports): checked in full before anything is saved."""
    _check_worker(actor, client)
    instrument = client_instrument(instrument_code)
    cleaned = answers_clean(instrument, answers, instrument.items)
    response = Response.objects.create(
        client=client,
        instrument_code=instrument.code,
        instrument_version=instrument.version,
        mode=mode,
        answers=cleaned,
        next_page=len(instrument.pages),
        context=clean_context(context if context is not None else running_services_context(client)),
        created_by=actor,
        updated_by=actor,
    )
    return _complete(actor, response, answered_at, view)
