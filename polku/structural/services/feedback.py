"""Client feedback after meetings: stored by team and month only, so that no answer leads to a client."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.accounts.models import Team, User
from polku.accounts.selectors import teams_of
from polku.structural.access import may_tally
from polku.structural.feedback_items import INSTRUMENT_CODE, SCALE, feedback_items
from polku.structural.models import FeedbackAnswer


@transaction.atomic
def feedback_record(
    *, actor: User, team: Team, answered_on: date, answers: dict[str, int | None]
) -> FeedbackAnswer:
    """Store one filled survey; unanswered items are left out, at least one item must be answered."""
    if not may_tally(actor):
        raise PermissionDenied(_("Your role does not record client feedback."))
    if not teams_of(actor).filter(pk=team.pk).exists():
        raise ValidationError({"team": [_("Choose one of your own teams.")]})
    codes = {item.code for item in feedback_items()}
    errors: dict[str, list[str]] = {}
    kept: dict[str, int] = {}
    for code, value in answers.items():
        if code not in codes:
            errors[code] = [_("Unknown question.")]
        elif value is not None:
            if not SCALE[0] <= value <= SCALE[1]:
                errors[code] = [_("Answer on the scale 1-5.")]
            else:
                kept[code] = value
    if answered_on > timezone.localdate():
        errors["answered_on"] = [_("The date cannot be in the future.")]
    if not kept and not errors:
        errors["__all__"] = [_("Answer at least one question.")]
    if errors:
        raise ValidationError(errors)
    return FeedbackAnswer.objects.create(
        instrument_code=INSTRUMENT_CODE, team=team, month=answered_on.replace(day=1), answers=kept
    )
