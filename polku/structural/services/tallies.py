"""Walk-in and outreach tallies (SHL 7 a): counts only, no personal data and no client relationship."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from polku.accounts.models import Team, User
from polku.accounts.selectors import teams_of
from polku.clients.models import Gender
from polku.structural.access import may_tally
from polku.structural.models import AgeGroup, ContactKind, Tally, TallyTopic, WorkKind
from polku.structural.textcheck import refuse_identifiers

# One tally line is the people met at one time and place: a walk-in hour, a street round, a group. A count
# beyond this is a slip of the keyboard (99999) that would swamp every monthly figure and chart; a larger
# event is recorded as its groups, a line each.
PEOPLE_MAX = 200
# (%(limit_value)s as in Django's own max_value message, so the form shows this text too.)
PEOPLE_MAX_MESSAGE = gettext_lazy(
    "One tally line counts the people met at one time and place: at most %(limit_value)s. Check the number; "
    "record a larger event as several lines."
)


def people_max_message() -> str:
    return str(PEOPLE_MAX_MESSAGE) % {"limit_value": PEOPLE_MAX}


def _errors(
    *,
    day: date,
    work_kind: str,
    contact_kind: str,
    topics: list[str],
    age_group: str,
    gender: str,
    people: int,
    place: str,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if people < 1:
        errors["people"] = [_("The number of people is at least 1.")]
    elif people > PEOPLE_MAX:
        errors["people"] = [people_max_message()]
    if day > timezone.localdate():
        errors["date"] = [_("The date cannot be in the future.")]
    if not place.strip():
        errors["place"] = [_("Say where the contact took place.")]
    checks = (
        ("work_kind", [work_kind], WorkKind.values),
        ("contact_kind", [contact_kind], ContactKind.values),
        ("topics", topics, TallyTopic.values),
        ("age_group", [age_group], AgeGroup.values),
        ("gender", [gender], Gender.values),
    )
    for field, given, allowed in checks:
        if any(value not in allowed for value in given):
            errors[field] = [_("Choose from the list.")]
    if not topics:
        errors["topics"] = [_("Choose at least one topic.")]
    return errors


@transaction.atomic
def tally_record(
    *,
    actor: User,
    team: Team,
    day: date,
    work_kind: str,
    place: str,
    contact_kind: str,
    topics: list[str],
    age_group: str,
    gender: str,
    people: int,
) -> Tally:
    """Record one tally line: e.g. three young men met at the railway station about housing."""
    if not may_tally(actor):
        raise PermissionDenied(_("Your role does not record walk-in or outreach tallies."))
    if not teams_of(actor).filter(pk=team.pk).exists():
        raise ValidationError({"team": [_("Choose one of your own teams.")]})
    errors = _errors(
        day=day,
        work_kind=work_kind,
        contact_kind=contact_kind,
        topics=topics,
        age_group=age_group,
        gender=gender,
        people=people,
        place=place,
    )
    try:
        refuse_identifiers({"place": place})
    except ValidationError as exc:
        errors.setdefault("place", []).extend(exc.message_dict["place"])
    if errors:
        raise ValidationError(errors)
    return Tally.objects.create(
        team=team,
        date=day,
        work_kind=work_kind,
        place=place.strip(),
        contact_kind=contact_kind,
        topics=sorted(set(topics)),
        age_group=age_group,
        gender=gender,
        people=people,
        created_by=actor,
        updated_by=actor,
    )
