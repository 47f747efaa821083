"""Password rules beyond Django's own validators (AUTH_PASSWORD_VALIDATORS in config/settings.py)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class CharacterVarietyValidator:
    """Refuses a password that is one word repeated ("polkupolkupolku") or made of a few characters
    ("aaaaaaaaaaaa", "aabbaabbaabb"), which passes a length rule but is among the first an attacker tries."""

    def __init__(self, min_distinct: int = 5) -> None:
        self.min_distinct = min_distinct

    def validate(self, password: str, user: Any = None) -> None:
        folded = password.casefold()
        if (folded + folded).find(folded, 1) < len(folded):  # one word repeated: "polkupolkupolku"
            raise ValidationError(
                _("This password is one word repeated. Use a passphrase of different words."),
                code="password_repeated",
            )
        if len(set(folded)) < self.min_distinct:
            raise ValidationError(
                ngettext(
                    "This password repeats too few characters. Use at least %(min)d different character.",
                    "This password repeats too few characters. Use at least %(min)d different characters.",
                    self.min_distinct,
                ),
                code="password_too_repetitive",
                params={"min": self.min_distinct},
            )

    def get_help_text(self) -> str:
        return ngettext(
            "Your password must contain at least %(min)d different character.",
            "Your password must contain at least %(min)d different characters.",
            self.min_distinct,
        ) % {"min": self.min_distinct}
