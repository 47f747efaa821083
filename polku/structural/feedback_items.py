"""The items of the client feedback survey (instrument code "client_feedback").

The instrument itself belongs to polku.instruments (definitions/client_feedback.v1.yaml); its 1-5 items
are used. Should it be missing (an organisation removed the file), Polku's own minimal survey below is the
fallback, with the same shape: item code, question, a 1-5 scale. Answers store item codes, so the two
must keep the codes they share.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

INSTRUMENT_CODE = "client_feedback"
SCALE = (1, 5)


NOT_AT_ALL = _("not at all")
FULLY = _("fully")


@dataclass(frozen=True)
class FeedbackItem:
    code: str
    text: str | Promise
    low: str | Promise = NOT_AT_ALL
    high: str | Promise = FULLY


FALLBACK_ITEMS = (
    FeedbackItem("heard", _("I felt heard.")),
    FeedbackItem("understood", _("Things were explained so that I understood them.")),
    FeedbackItem("helped", _("I got help with the matters I came for.")),
    FeedbackItem("next_steps", _("I know what happens next.")),
)


def _lazy_text(text: Any) -> Any:
    """A definition's text, read in the language current when it is shown."""
    return lazy(str, str)(text)


def feedback_items() -> tuple[FeedbackItem, ...]:
    """The instrument's items from polku.instruments' definition files when it has "client_feedback",
    else the fallback. Item texts follow the reader's language (Text is read lazily)."""
    try:
        # A soft link on purpose: instruments is built beside structural, not below it.
        instrument = import_module("polku.instruments.definitions").instrument_get(INSTRUMENT_CODE)
    except (ImportError, AttributeError, LookupError, ValueError):
        return FALLBACK_ITEMS
    if instrument is None:
        return FALLBACK_ITEMS
    items = tuple(
        FeedbackItem(
            item.id,
            _lazy_text(item.text),
            _lazy_text(item.scale.options[0].label) if item.scale.options else NOT_AT_ALL,
            _lazy_text(item.scale.options[-1].label) if item.scale.options else FULLY,
        )
        for item in instrument.items.values()
        if item.scale.min == SCALE[0] and item.scale.max == SCALE[1]
    )
    return items or FALLBACK_ITEMS
