"""The handling time of a social assistance application (laki toimeentulotuesta 1412/1997 14 a §), in one
place.

- An urgent application is decided at the latest on the weekday after it arrived (14 a § 1 mom.).
- Otherwise the decision is made without delay, at the latest on the seventh weekday after the complete
  application arrived (14 a § 1 mom.).
- An incomplete one gets a specific request to complete it by the seventh weekday after it arrived
  (14 a § 3 mom.); the seven weekdays to decide then run from the day it was completed.

Weekdays as everywhere in Polku: `polku.core.weekdays` (Finnish public holidays are not weekdays).
"""

from __future__ import annotations

from datetime import date

from polku.core.weekdays import add_weekdays

HANDLING_WEEKDAYS = 7  # 14 a § 1 and 3 mom.
URGENT_WEEKDAYS = 1  # 14 a § 1 mom.: "viimeistään hakemuksen saapumista seuraavana arkipäivänä"


def application_due(*, received_on: date, complete_on: date | None, urgent: bool) -> date:
    """The day by which the application must be decided (complete) or its completion requested."""
    if urgent:
        return add_weekdays(received_on, URGENT_WEEKDAYS)
    return add_weekdays(complete_on or received_on, HANDLING_WEEKDAYS)
