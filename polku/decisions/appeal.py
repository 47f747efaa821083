"""Appeal instructions of a decision (SHL 45-46, hallintolaki 434/2003), in one place.

A correction request (oikaisuvaatimus) goes to the wellbeing services county within 30 days of the
notification. A letter counts as received on the 7th day after sending (hallintolaki 59 §), an
electronic notification on the 3rd day (laki sähköisestä asioinnista 19 §); handed over in person it is
received that day. A limit that ends on a non-weekday moves to the next weekday (laki säädettyjen
määräaikain laskemisesta 5 §).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from polku.core.weekdays import next_weekday

CORRECTION_DAYS = 30


class NotificationMethod(models.TextChoices):
    LETTER = "letter", _("ordinary letter")
    ELECTRONIC = "electronic", _("electronic notification")
    IN_PERSON = "in_person", _("handed over in person")


RECEIVED_AFTER_DAYS = {
    NotificationMethod.LETTER: 7,
    NotificationMethod.ELECTRONIC: 3,
    NotificationMethod.IN_PERSON: 0,
}


def received_on(method: str, sent_on: date) -> date:
    return sent_on + timedelta(days=RECEIVED_AFTER_DAYS[NotificationMethod(method)])


def correction_request_last_day(method: str, sent_on: date) -> date:
    """The last day for a correction request: 30 days from receipt, moved off a non-weekday."""
    return next_weekday(received_on(method, sent_on) + timedelta(days=CORRECTION_DAYS))
