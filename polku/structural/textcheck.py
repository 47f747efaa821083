"""Refusing client identifiers in free text: structural work speaks of phenomena, never of persons.

Anything shaped like a henkilötunnus is refused, whether or not its check character is right (a mistyped
code still points at a person), with lowercase century signs and the dashes word processors put in.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from polku.clients.hetu import CENTURY_SIGNS

# The century signs of polku.clients.hetu, plus the typographic dashes that replace "-" when text is pasted.
_SIGNS = "".join(re.escape(sign) for sign in CENTURY_SIGNS) + "\u2010\u2011\u2012\u2013\u2014\u2212"
HETU_LIKE = re.compile(
    rf"(?<![0-9A-Za-z])(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d\d\s?[{_SIGNS}]\s?\d{{3}}[0-9A-Ya-y](?![0-9A-Za-z])",
    re.IGNORECASE | re.ASCII,
)

IDENTIFIER_MESSAGE = _(
    "This looks like a henkilötunnus. Social reports and tallies must not identify anyone: remove it."
)


def contains_hetu(text: str | None) -> bool:
    return bool(text) and HETU_LIKE.search(text or "") is not None


def refuse_identifiers(fields: Mapping[str, str | None]) -> None:
    """Raise a ValidationError naming every field whose text contains something like a henkilötunnus."""
    errors = {name: [IDENTIFIER_MESSAGE] for name, text in fields.items() if contains_hetu(text)}
    if errors:
        raise ValidationError(errors)
