"""Statutory time limits of the service need assessment (SHL 36), in one place.

- Urgent need: assess immediately, so the start is due the same day.
- A person who has reached 75, or who receives the highest care allowance (Kela's eläkettä saavan
  hoitotuki, ylin), or a child needing special support: start by the 7th weekday after the contact.
- A child needing special support: complete within 3 months of the contact.
- Everyone else: no statutory day limit; an organisation may set its own targets (DeadlinePolicy).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from polku.core.weekdays import add_months, add_weekdays

START_WEEKDAYS = 7  # SHL 36 §2
AGE_LIMIT = 75  # SHL 36 §2: "75 vuotta täyttänyt"
CHILD_COMPLETE_MONTHS = 3  # SHL 36 §3


@dataclass(frozen=True)
class DueDates:
    assessment_start_due: date | None
    assessment_complete_due: date | None
    statutory: bool


def assessment_due_dates(
    *,
    contacted_on: date,
    age: int,
    urgent: bool,
    highest_care_allowance: bool,
    child_special_support: bool = False,
    target_start_weekdays: int | None = None,
    target_complete_weekdays: int | None = None,
) -> DueDates:
    statutory = age >= AGE_LIMIT or highest_care_allowance or child_special_support
    if urgent:
        start: date | None = contacted_on
    elif statutory:
        start = add_weekdays(contacted_on, START_WEEKDAYS)
    elif target_start_weekdays is not None:
        start = add_weekdays(contacted_on, target_start_weekdays)
    else:
        start = None
    if child_special_support:
        complete: date | None = add_months(contacted_on, CHILD_COMPLETE_MONTHS)
    elif target_complete_weekdays is not None:
        complete = add_weekdays(contacted_on, target_complete_weekdays)
    else:
        complete = None
    return DueDates(start, complete, statutory or urgent)
