"""The worker's review of a client's segment: confirm the rule's placement or move the client, with a
reason. A review decides nothing about the client; it corrects a description."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from polku.accounts.models import CLIENT_WORK_ROLES, User
from polku.audit.models import Action
from polku.audit.services import use_log_write
from polku.clients.models import Client
from polku.clients.selectors import works_with_client
from polku.segments.models import ReviewAction, SegmentReview
from polku.segments.placement import placements_for
from polku.segments.quadrants import Quadrant

REASON_MAX = 2000


@transaction.atomic
def segment_review(*, actor: User, client: Client, quadrant: str, reason: str = "") -> SegmentReview:
    """Confirm (`quadrant` is the rule's placement) or move the client (another quadrant; a reason is then
    required). Only those who do client work for the client's team; a broken rule refuses every review."""
    if actor.role not in CLIENT_WORK_ROLES or not works_with_client(actor, client):
        raise PermissionDenied(_("Only the client's workers review the client's segment."))
    reason = reason.strip()
    errors: dict[str, list[str]] = {}
    if quadrant not in Quadrant.values:
        errors["quadrant"] = [_("Choose a segment.")]
    if len(reason) > REASON_MAX:
        errors["reason"] = [_("Write the reason in at most 2,000 characters.")]
    if errors:
        raise ValidationError(errors)
    computed = placements_for([client.pk])[client.pk].computed  # a broken rule raises here
    action = ReviewAction.CONFIRMED if quadrant == computed else ReviewAction.MOVED
    if action == ReviewAction.MOVED and not reason:
        raise ValidationError({"reason": [_("Give the reason for moving the client to another segment.")]})
    review = SegmentReview.objects.create(
        client=client,
        computed=computed,
        quadrant=quadrant,
        action=action,
        reason=reason,
        created_by=actor,
        updated_by=actor,
    )
    use_log_write(
        actor=actor,
        client_ids=[client.pk],
        view="segments:client",
        object_type="segment_review",
        object_id=str(review.pk),
        action=Action.WRITE,
    )
    return review
