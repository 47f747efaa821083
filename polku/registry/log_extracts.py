"""The client's log extract (ATL 11): who used or received the client's data, and why.

The rules, in one place:
- the request is answered within two months of its arrival (ATL 11); like every month limit in Polku,
  a last day that is not a weekday moves to the next weekday (laki säädettyjen määräaikain laskemisesta
  150/1930, 5 §; polku/core/weekdays.py);
- logs older than two years at the arrival of the request need not be given without a special reason
  (ATL 11), so an earlier start of the period needs one.

The extract lists the use-log and disclosure-log rows of the client in the period, as the client may see
them: the user's name and organisation, what was used in words, the action and the purpose. It never shows
an object's id, a URL, another client or an address. Rows written while handling the request itself
(registering it, generating the extract, answering it) are left out: the extract lists what came before.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from itertools import islice
from typing import Any
from uuid import UUID

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import User
from polku.audit.models import Action, DisclosureLogEntry, LegalBasis, Purpose, UseLogEntry
from polku.audit.services import use_log_write
from polku.clients.models import Client
from polku.core.deadlines import CountsDown
from polku.core.weekdays import add_months
from polku.registry.models import LogExtractRequest, LogRequestStatus

ANSWER_MONTHS = 2  # ATL 11: the client's request is answered within two months
FREE_YEARS = 2  # ATL 11: logs older than two years need not be given without a special reason
DOCUMENT_LANGUAGES = ("fi", "sv", "en")

# Use-log object types of handling a request; rows of the request being answered are left out of it.
REQUEST_OBJECT = "log_extract_request"
EXTRACT_OBJECT = "log_extract"
REQUEST_LIST_OBJECT = "log_extract_request_list"
CLIENT_LINK_PREFIX = "client-link:"


def answer_due(received_on: date) -> date:
    """The last day to answer (ATL 11: two months from the request, moved to the next weekday)."""
    return add_months(received_on, ANSWER_MONTHS)


def free_period_start(received_on: date) -> date:
    """The earliest day the client gets logs from without a special reason (ATL 11: two years)."""
    return received_on - relativedelta(years=FREE_YEARS)


def document_language(client: Client, wanted: str = "") -> str:
    """The extract's language: the one asked for, else the client's own when Polku writes it, else Finnish."""
    if wanted in DOCUMENT_LANGUAGES:
        return wanted
    return client.language if client.language in DOCUMENT_LANGUAGES else "fi"


# --- What was used, in words -----------------------------------------------------------------------------

# By the page or endpoint that wrote the row (the URL name); API names share the page's words.
VIEW_LABELS: dict[str, Promise] = {
    "clients:search": _("your name in a client search"),
    "clients:detail": _("your basic data"),
    "clients:edit": _("your basic data (editing)"),
    "clients:create": _("registering you as a client"),
    "api:client_detail": _("your basic data"),
    "casework:case": _("your client process"),
    "casework:timeline": _("your case journal"),
    "api:client_timeline": _("your case journal"),
    "casework:queue": _("your initiation in the team's queue"),
    "casework:deadlines": _("your time limits on the deadline board"),
    "casework:caseload": _("a worker's list of clients"),
    "casework:special_support": _("special support"),
    "casework:personal_worker": _("your personal worker"),
    "api:personal_worker": _("your personal worker"),
    "casework:relationship_close": _("ending your client relationship"),
    "casework:relationship_end": _("ending your client relationship"),
    "clients:sharing": _("your data-sharing consents and bans"),
    "api:consent_list": _("your data-sharing consents and bans"),
    "api:consent_create": _("your data-sharing consents and bans"),
    "api:consent_withdraw": _("your data-sharing consents and bans"),
    "api:ban_list": _("your data-sharing consents and bans"),
    "api:ban_create": _("your data-sharing consents and bans"),
    "api:ban_withdraw": _("your data-sharing consents and bans"),
    "api:disclosure_list": _("the list of disclosures of your data"),
    "casework:retention": _("removing your records at the end of their retention period"),
    "casework:log_extract_answer": _("answering your request for a log extract"),
    "api:log_extract_answer": _("answering your request for a log extract"),
}

# By the kind of data, when the page is not named above.
OBJECT_LABELS: dict[str, Promise] = {
    "client": _("your basic data"),
    "client_search_result": _("your name in a client search"),
    "client_relationship": _("your client relationship"),
    "initiation": _("an initiation (contact with social services)"),
    "initiation_list": _("your initiation in a list"),
    "caseload": _("a worker's list of clients"),
    "assessment": _("the service need assessment"),
    "pre_assessment": _("your own view for the service need assessment"),
    "special_support": _("special support"),
    "personal_worker_assignment": _("your personal worker"),
    "journal_entry": _("your case journal"),
    "decision": _("a decision"),
    "plan_version": _("your client plan"),
    "plan_read_link": _("a link for reading your client plan"),
    "activation_plan": _("your activation plan"),
    "instrument_response": _("a self-assessment"),
    "service_episode": _("a service you received"),
    "service_episode_list": _("a list of services"),
    "implementation_plan": _("the implementation plan of a service"),
    "group": _("a group you took part in"),
    "attendance": _("attendance in a group"),
    "home_visit": _("a home guidance visit"),
    "review": _("a review meeting"),
    "project_participant": _("project participant data"),
    "consent": _("a data-sharing consent"),
    "disclosure_ban": _("a ban on disclosing your data"),
    REQUEST_OBJECT: _("your request for a log extract"),
    REQUEST_LIST_OBJECT: _("your requests for a log extract"),
    EXTRACT_OBJECT: _("your log extract"),
}

# By the part of Polku, when neither the page nor the kind of data is named above.
AREA_LABELS: dict[str, Promise] = {
    "clients": _("your basic data"),
    "casework": _("your client process"),
    "plans": _("your client plan"),
    "decisions": _("a decision"),
    "services": _("a service you received"),
    "instruments": _("a self-assessment"),
    "structural": _("project participant data"),
}


def what_was_used(view: str, object_type: str) -> Promise:
    """Words for what a use-log row speaks of: never the URL name or an id."""
    if view in VIEW_LABELS:
        return VIEW_LABELS[view]
    if object_type in OBJECT_LABELS:
        return OBJECT_LABELS[object_type]
    return AREA_LABELS.get(view.split(":", 1)[0], _("your client data"))


def _label(choices: Any, value: str) -> Promise | str:
    try:
        return choices(value).label  # type: ignore[no-any-return]
    except ValueError:
        return value


# --- Access ------------------------------------------------------------------------------------------


def client_for_log_extracts(*, user: User, client_id: UUID | str, view: str) -> Client:
    """The client whose log extract requests `user` handles: client-work roles of the client's team and
    its managers (Client.objects.visible_to). Others get 404, as if the client did not exist."""
    try:
        client = Client.objects.visible_to(user).get(pk=client_id)
    except (Client.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404("No such client.") from exc
    use_log_write(
        actor=user,
        client_ids=[client.pk],
        view=view,
        object_type=REQUEST_LIST_OBJECT,
        purpose=Purpose.DATA_PROTECTION,
    )
    return client


def log_extract_request_get_for_user(
    *, user: User, request_id: UUID | str, view: str, object_type: str = REQUEST_OBJECT
) -> tuple[LogExtractRequest, Client]:
    """A request and its client, if `user` may see the client; 404 otherwise. Logs the read."""
    try:
        request = LogExtractRequest.objects.get(pk=request_id)
        client = Client.objects.visible_to(user).get(pk=request.client_id)
    except (LogExtractRequest.DoesNotExist, Client.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404("No such request.") from exc
    use_log_write(
        actor=user,
        client_ids=[client.pk],
        view=view,
        object_type=object_type,
        object_id=str(request.pk),
        purpose=Purpose.DATA_PROTECTION,
    )
    return request, client


def log_extract_requests_of(client: Client) -> list[LogExtractRequest]:
    """The client's requests, newest first (the caller has fetched the client through an access check)."""
    return list(
        LogExtractRequest.objects.filter(client_id=client.pk)
        .select_related("created_by")
        .order_by("-received_on", "-created_at")
    )


# --- The deadline board -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LogExtractBoardRow(CountsDown):
    request: LogExtractRequest
    client: Client
    days_left: int

    @property
    def due(self) -> date:
        return self.request.due_on


def log_extract_board(
    *,
    user: User,
    view: str,
    team_id: UUID | str | None = None,
    worker_id: UUID | str | None = None,
    limit: int = 500,
) -> list[LogExtractBoardRow]:
    """Open log extract requests of the clients `user` may see, the nearest due date (so overdue) first.
    A team filter keeps the requests of that team; a worker filter those the worker registered."""
    open_ = LogExtractRequest.objects.filter(
        status=LogRequestStatus.OPEN, client_id__in=Client.objects.visible_ids(user)
    ).select_related("created_by")
    if team_id:
        open_ = open_.filter(team_id=team_id)
    if worker_id:
        open_ = open_.filter(created_by__pk=worker_id)
    requests = list(open_.order_by("due_on", "received_on", "pk")[:limit])
    if not requests:  # the usual day: no query more, no log row
        return []
    clients = {
        c.pk: c for c in Client.objects.visible_to(user).filter(pk__in=[r.client_id for r in requests])
    }
    today = timezone.localdate()
    rows = [
        LogExtractBoardRow(r, clients[r.client_id], (r.due_on - today).days)
        for r in requests
        if r.client_id in clients
    ]
    use_log_write(
        actor=user,
        client_ids=sorted({row.client.pk for row in rows}),
        view=view,
        object_type=REQUEST_LIST_OBJECT,
        purpose=Purpose.DATA_PROTECTION,
    )
    return rows


# --- The extract ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UseRow:
    at: datetime
    who: Promise | str
    organisation: str
    what: Promise | str
    action: Promise | str
    purpose: Promise | str
    by_client: bool


@dataclass(frozen=True)
class DisclosureRow:
    at: datetime
    what: str
    recipient: str
    basis: Promise | str
    basis_detail: str
    purpose: str


@dataclass(frozen=True)
class LogExtractScope:
    """One request's extract before its rows are read: the request and its client (read through the
    access check, and logged), the period and the language. The rows are read from it a page, a stream or
    a document at a time (extract_uses, extract_disclosures, use_rows)."""

    request: LogExtractRequest
    client: Client
    start: datetime
    end: datetime
    generated_at: datetime
    generated_by: User
    language: str


@dataclass(frozen=True)
class LogExtract:
    request: LogExtractRequest
    client: Client
    uses: Sequence[UseRow]
    disclosures: Sequence[DisclosureRow]
    generated_at: datetime
    generated_by: User
    language: str

    @staticmethod
    def of(
        scope: LogExtractScope, uses: Sequence[UseRow], disclosures: Sequence[DisclosureRow]
    ) -> LogExtract:
        return LogExtract(
            request=scope.request,
            client=scope.client,
            uses=uses,
            disclosures=disclosures,
            generated_at=scope.generated_at,
            generated_by=scope.generated_by,
            language=scope.language,
        )


def _period_bounds(request: LogExtractRequest) -> tuple[datetime, datetime]:
    return period_bounds(request.period_start, request.period_end)


def _own_handling(request: LogExtractRequest) -> Q:
    """Rows written while handling this very request."""
    return Q(object_type__in=(REQUEST_OBJECT, EXTRACT_OBJECT), object_id=str(request.pk))


def _organisations(user_ids: Iterable[str]) -> dict[str, str]:
    """The organisation of each user who still exists, by the id the log keeps."""
    uuids = []
    for user_id in user_ids:
        try:
            uuids.append(UUID(user_id))
        except ValueError:
            continue
    users = User.objects.filter(pk__in=uuids).select_related("organisation")
    return {str(u.pk): u.organisation.name if u.organisation else "" for u in users}


def period_bounds(period_start: date, period_end: date) -> tuple[datetime, datetime]:
    """The first moment of the first day and the first moment after the last day, in local time."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(period_start, time.min, tzinfo=zone)
    end = datetime.combine(period_end + relativedelta(days=1), time.min, tzinfo=zone)
    return start, end


def log_extract_open(*, user: User, request_id: UUID | str, view: str, language: str = "") -> LogExtractScope:
    """The extract of one request, for the page, the PDF, the JSON file or the API, if `user` may see the
    client (404 otherwise). Generating it is itself logged (purpose: answering the client's data protection
    request) and left out of the extract."""
    request, client = log_extract_request_get_for_user(
        user=user, request_id=request_id, view=view, object_type=EXTRACT_OBJECT
    )
    start, end = _period_bounds(request)
    return LogExtractScope(
        request=request,
        client=client,
        start=start,
        end=end,
        generated_at=timezone.now(),
        generated_by=user,
        language=document_language(client, language),
    )


# The columns of a use-log row that the extract shows, as read by values_list.
USE_COLUMNS = ("at", "user_id", "user_full_name", "view", "object_type", "action", "purpose")
# Rows read from the database at a time when an extract is streamed or written as a document.
CHUNK = 5000


def extract_uses(
    scope: LogExtractScope, *, start: datetime | None = None, end: datetime | None = None
) -> QuerySet[UseLogEntry, tuple[Any, ...]]:
    """The use-log rows of the extract (USE_COLUMNS) in a total order, oldest first: (at, id) on the index
    (client_id, at, id). `start` and `end` narrow the period (a document of a part of it)."""
    return (
        UseLogEntry.objects.filter(
            client_id=scope.client.pk, at__gte=start or scope.start, at__lt=end or scope.end
        )
        .exclude(_own_handling(scope.request))
        .order_by("at", "id")
        .values_list(*USE_COLUMNS)
    )


def extract_disclosures(
    scope: LogExtractScope, *, start: datetime | None = None, end: datetime | None = None
) -> QuerySet[DisclosureLogEntry]:
    """The disclosure-log rows of the extract, oldest first."""
    return (
        DisclosureLogEntry.objects.filter(
            client_id=scope.client.pk, at__gte=start or scope.start, at__lt=end or scope.end
        )
        .exclude(_own_handling(scope.request))
        .order_by("at", "id")
    )


class UseWords:
    """What a use-log row shows, in words of the active language, worked out once per distinct value."""

    def __init__(self) -> None:
        self.what: dict[tuple[str, str], str] = {}
        self.action: dict[str, str] = {}
        self.purpose: dict[str, str] = {}
        self.organisations: dict[str, str] = {}
        self.by_client = str(_("You, through a link"))

    def row(self, values: tuple[Any, ...]) -> UseRow:
        at, user_id, user_full_name, view, object_type, action, purpose = values
        what = self.what.get((view, object_type))
        if what is None:
            what = self.what[(view, object_type)] = str(what_was_used(view, object_type))
        action_words = self.action.get(action)
        if action_words is None:
            action_words = self.action[action] = str(_label(Action, action))
        purpose_words = self.purpose.get(purpose)
        if purpose_words is None:
            purpose_words = self.purpose[purpose] = str(_label(Purpose, purpose))
        by_client = user_id.startswith(CLIENT_LINK_PREFIX)
        return UseRow(
            at=at,
            who=self.by_client if by_client else user_full_name,
            organisation="" if by_client else self.organisations.get(user_id, ""),
            what=what,
            action=action_words,
            purpose=purpose_words,
            by_client=by_client,
        )

    def learn_users(self, batch: Sequence[tuple[Any, ...]]) -> None:
        unknown = {values[1] for values in batch} - self.organisations.keys()
        unknown = {u for u in unknown if not u.startswith(CLIENT_LINK_PREFIX)}
        if unknown:
            found = _organisations(unknown)
            self.organisations.update({user_id: found.get(user_id, "") for user_id in unknown})


def _batched(values: Iterable[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    it = iter(values)
    while batch := list(islice(it, size)):
        yield batch


def use_rows(values: Iterable[tuple[Any, ...]], language: str) -> Iterator[list[UseRow]]:
    """The rows of `values` (tuples of USE_COLUMNS) as the client sees them, in lists of at most CHUNK rows
    in `language`: the organisations of each list's users are read in one query, and each distinct page,
    action and purpose is put in words once."""
    words: UseWords | None = None
    for batch in _batched(values, CHUNK):
        with translation.override(language):
            words = words or UseWords()
            words.learn_users(batch)
            yield [words.row(v) for v in batch]


def disclosure_row(row: DisclosureLogEntry) -> DisclosureRow:
    return DisclosureRow(
        at=row.at,
        what=row.what,
        recipient=row.recipient,
        basis=_label(LegalBasis, row.legal_basis),
        basis_detail=row.basis_detail,
        purpose=row.purpose,
    )


def log_extract_build(*, user: User, request_id: UUID | str, view: str, language: str = "") -> LogExtract:
    """The whole extract of one request in memory, for a small period (tests, a short document); the page
    reads it a page at a time and the JSON file as a stream."""
    scope = log_extract_open(user=user, request_id=request_id, view=view, language=language)
    uses = [row for batch in use_rows(extract_uses(scope), scope.language) for row in batch]
    disclosures = [disclosure_row(row) for row in extract_disclosures(scope)]
    return LogExtract.of(scope, uses, disclosures)
