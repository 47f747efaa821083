"""Writes of the client's log extract requests (ATL 11): registering a request, ordering its PDF document
from the background worker, and marking it answered."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from polku.accounts.models import User
from polku.audit.models import Action, LegalBasis, Purpose
from polku.audit.services import disclosure_log_write, use_log_write
from polku.clients.models import Client
from polku.clients.selectors import works_with_client
from polku.core.transitions import Transitions
from polku.registry.log_extract_document import PDF_MAX_USES, log_extract_pdf_write
from polku.registry.log_extracts import (
    REQUEST_OBJECT,
    LogExtractScope,
    answer_due,
    document_language,
    extract_uses,
    free_period_start,
    period_bounds,
)
from polku.registry.models import LogExtractExport, LogExtractRequest, LogRequestStatus

# The only move a request makes: an open request is answered once (design rule 6).
TRANSITIONS = Transitions(
    LogRequestStatus,
    {
        LogRequestStatus.OPEN: {LogRequestStatus.ANSWERED},
        LogRequestStatus.ANSWERED: set(),
    },
)


def _check_access(actor: User, client: Client) -> None:
    if not works_with_client(actor, client):
        raise PermissionDenied(_("Only the client's team handles the client's log extract requests."))


def _team_id(actor: User, client: Client) -> UUID | None:
    """The team answering: the actor's own team with the client, else the team of the client's newest
    relationship (open ones first)."""
    relationships = list(
        client.relationships.order_by(F("ended_at").desc(nulls_first=True), "-started_at").values_list(
            "team_id", flat=True
        )
    )
    mine = set(actor.teams.values_list("pk", flat=True))
    return next((t for t in relationships if t in mine), relationships[0] if relationships else None)


@transaction.atomic
def log_extract_request_register(
    *,
    actor: User,
    client: Client,
    received_on: date | None = None,
    how_received: str = "",
    period_start: date | None = None,
    period_end: date | None = None,
    special_reason: str = "",
    view: str = "casework:log_extracts",
) -> LogExtractRequest:
    """Record the client's request to know who used or received their data. The answer is due in two
    months (ATL 11); by default the extract covers the two years before the request up to today, and an
    earlier start needs a special reason."""
    _check_access(actor, client)
    today = timezone.localdate()
    received_on = received_on or today
    period_end = period_end or today
    free_start = free_period_start(received_on)
    period_start = period_start or free_start
    how_received = how_received.strip()
    special_reason = special_reason.strip()
    errors: dict[str, list[str]] = {}
    if received_on > today:
        errors["received_on"] = [_("The date the request was received cannot be in the future.")]
    if period_end > today:
        errors["period_end"] = [_("The period cannot end in the future.")]
    if period_start > period_end:
        errors["period_start"] = [_("The period must start before it ends.")]
    elif period_start < free_start and not special_reason:
        errors["special_reason"] = [
            _(
                "Logs older than two years (before %(day)s) are given only for a special reason: "
                "write the reason, or start the period later."
            )
            % {"day": formats.date_format(free_start, "SHORT_DATE_FORMAT")}
        ]
    if len(how_received) > 200:
        errors["how_received"] = [_("Write at most 200 characters.")]
    if len(special_reason) > 300:
        errors["special_reason"] = [_("Write at most 300 characters.")]
    if errors:
        raise ValidationError(errors)
    request = LogExtractRequest.objects.create(
        client_id=client.pk,
        team_id=_team_id(actor, client),
        received_on=received_on,
        due_on=answer_due(received_on),
        how_received=how_received,
        period_start=period_start,
        period_end=period_end,
        special_reason=special_reason,
        created_by=actor,
        updated_by=actor,
    )
    use_log_write(
        actor=actor,
        client_ids=[client.pk],
        view=view,
        object_type=REQUEST_OBJECT,
        object_id=str(request.pk),
        purpose=Purpose.DATA_PROTECTION,
        action=Action.WRITE,
    )
    return request


@transaction.atomic
def log_extract_request_answer(
    *,
    actor: User,
    request: LogExtractRequest,
    client: Client,
    expected_version: int,
    view: str = "casework:log_extract_answer",
) -> LogExtractRequest:
    """Mark the request answered. The extract given to the client is itself a disclosure, and is logged
    as one (ATL 10): to the client, on the client's own request."""
    _check_access(actor, client)
    if request.client_id != client.pk:
        raise PermissionDenied(_("The request is not this client's."))
    TRANSITIONS.check(
        request.status, LogRequestStatus.ANSWERED, message=_("The request has already been answered.")
    )
    request.status = LogRequestStatus.ANSWERED
    request.answered_at = timezone.now()
    request.save_versioned(
        actor=actor, expected_version=expected_version, update_fields=["status", "answered_at"]
    )
    with translation.override(document_language(client)):
        what = _("Log extract of the use and disclosure logs %(start)s–%(end)s") % {
            "start": formats.date_format(request.period_start, "SHORT_DATE_FORMAT"),
            "end": formats.date_format(request.period_end, "SHORT_DATE_FORMAT"),
        }
        recipient = _("The client themselves")
        purpose = _("Answering the client's request for a log extract (ATL 11)")
    disclosure_log_write(
        actor=actor,
        client_id=client.pk,
        what=what,
        object_type=REQUEST_OBJECT,
        object_id=str(request.pk),
        from_organisation=actor.organisation.name if actor.organisation else "",
        recipient=recipient,
        purpose=purpose,
        legal_basis=LegalBasis.CLIENT_REQUEST,
        basis_detail="ATL 11 §",
    )
    use_log_write(
        actor=actor,
        client_ids=[client.pk],
        view=view,
        object_type=REQUEST_OBJECT,
        object_id=str(request.pk),
        purpose=Purpose.DATA_PROTECTION,
        action=Action.WRITE,
    )
    return request


@transaction.atomic
def log_extract_document_order(
    *,
    actor: User,
    scope: LogExtractScope,
    period_start: date | None = None,
    period_end: date | None = None,
) -> LogExtractExport:
    """Queue the PDF document of the extract `scope` (read by `actor` through the access check, and
    logged) for the background worker. The document covers the request's period, or a part of it; a part
    with more than PDF_MAX_USES uses is refused with their number, so that a shorter part can be chosen
    (the JSON file holds the whole extract)."""
    request = scope.request
    period_start = period_start or request.period_start
    period_end = period_end or request.period_end
    errors: dict[str, list[str]] = {}
    if period_start < request.period_start or period_start > request.period_end:
        errors["period_start"] = [_("Choose a day within the request's period.")]
    if period_end < request.period_start or period_end > request.period_end:
        errors["period_end"] = [_("Choose a day within the request's period.")]
    if not errors and period_start > period_end:
        errors["period_start"] = [_("The period must start before it ends.")]
    if errors:
        raise ValidationError(errors)
    start, end = period_bounds(period_start, period_end)
    total = extract_uses(scope, start=start, end=end).count()
    if total > PDF_MAX_USES:
        raise ValidationError(
            {
                "period_start": [
                    _(
                        "The period holds %(count)s uses of the client's data, more than a readable "
                        "document (%(max)s): choose a shorter part of the period for the PDF, or give the "
                        "client the whole extract as a file."
                    )
                    % {
                        "count": formats.number_format(total, force_grouping=True),
                        "max": formats.number_format(PDF_MAX_USES, force_grouping=True),
                    }
                ]
            }
        )
    export = LogExtractExport.objects.create(
        request=request,
        language=scope.language,
        period_start=period_start,
        period_end=period_end,
        rows_total=total,
        created_by=actor,
        updated_by=actor,
    )
    log_extract_pdf_write.enqueue(str(export.pk))
    return export
