"""The items of the client feedback survey (instrument code "client_feedback").

The instrument itself belongs to polku.instruments (definitions/client_feedback.v1.yaml); its 1-5 items
are used. Polku refuses to start without it (check_feedback_instrument, structural.E001).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core import checks
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

from polku.instruments.definitions import BUILT_IN_DIR, InstrumentFileError, instrument_get

INSTRUMENT_CODE = "client_feedback"
INSTRUMENT_FILE = BUILT_IN_DIR / f"{INSTRUMENT_CODE}.v1.yaml"
SCALE = (1, 5)


NOT_AT_ALL = _("not at all")
FULLY = _("fully")


@dataclass(frozen=True)
class FeedbackItem:
    code: str
    text: str | Promise
    low: str | Promise = NOT_AT_ALL
    high: str | Promise = FULLY


def _lazy_text(text: Any) -> Any:
    """A definition's text, read in the language current when it is shown."""
    return lazy(str, str)(text)


def feedback_items() -> tuple[FeedbackItem, ...]:
    """The 1-5 items of the "client_feedback" instrument, from polku.instruments' definition files.
    Item texts follow the reader's language (Text is read lazily)."""
    instrument = instrument_get(INSTRUMENT_CODE)
    if instrument is None:
        return ()
    return tuple(
        FeedbackItem(
            item.id,
            _lazy_text(item.text),
            _lazy_text(item.scale.options[0].label) if item.scale.options else NOT_AT_ALL,
            _lazy_text(item.scale.options[-1].label) if item.scale.options else FULLY,
        )
        for item in instrument.items.values()
        if item.scale.min == SCALE[0] and item.scale.max == SCALE[1]
    )


def check_feedback_instrument(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    """Client feedback is asked with the "client_feedback" instrument: without it (or without its 1-5
    items) the feedback page would have no questions, so Polku does not start."""
    try:
        items = feedback_items()
    except InstrumentFileError:
        return []  # the instruments app's own check (instruments.E001) names the broken file
    if items:
        return []
    return [
        checks.Error(
            f"The client feedback instrument {INSTRUMENT_CODE!r} with items on a "
            f"{SCALE[0]}-{SCALE[1]} scale is missing: restore {INSTRUMENT_FILE}.",
            hint="It is part of Polku; see docs/instruments.md.",
            id="structural.E001",
        )
    ]
