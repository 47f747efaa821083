"""What an anonymous consultation must not say: a henkilötunnus (structural.textcheck's rule, as in social
reports), or the full name of a client the asker may see.

A name is flagged when a word of the text is one of the asker's clients' last names and another word is one
of that client's first names (in either order, in any case). A first or a last name alone is not flagged:
"Matti" or "Virtanen" names no one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from polku.accounts.models import User
from polku.clients.models import Client
from polku.structural.textcheck import contains_hetu

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# More words than a question needs are not looked up: the database query stays small.
MAX_WORDS = 2000


def _words(text: str) -> set[str]:
    return {word.casefold() for word in WORD.findall(text)[:MAX_WORDS] if len(word) > 1}


def clients_named(actor: User, texts: Mapping[str, str]) -> dict[str, list[str]]:
    """For each field, the full names of the actor's clients that its text contains."""
    words_by_field = {name: _words(text or "") for name, text in texts.items()}
    every_word = set().union(*words_by_field.values()) if words_by_field else set()
    if not every_word:
        return {}
    candidates = (
        Client.objects.visible_to(actor)
        .annotate(last=Lower("last_name"))
        .filter(last__in=sorted(every_word))
        .values_list("first_name", "last_name")
    )
    found: dict[str, list[str]] = {}
    for first_names, last_name in candidates:
        firsts = {name.casefold() for name in first_names.split()}
        for field, words in words_by_field.items():
            if last_name.casefold() in words and firsts & words:
                found.setdefault(field, []).append(f"{first_names} {last_name}")
    return found


def refuse_identifying(actor: User, texts: Mapping[str, str], *, anonymous: bool) -> None:
    """Raise a ValidationError on every field that holds a henkilötunnus, or, in an anonymous
    consultation, a client's full name."""
    errors: dict[str, list[str]] = {}
    for field, text in texts.items():
        if contains_hetu(text):
            errors.setdefault(field, []).append(
                _("This looks like a henkilötunnus. A consultation never needs one: remove it.")
            )
    if anonymous:
        for field, names in clients_named(actor, texts).items():
            errors.setdefault(field, []).append(
                _(
                    "This names %(names)s, a client of yours. An anonymous consultation must not identify "
                    "anyone: remove the name, or name the client with their consent."
                )
                % {"names": ", ".join(sorted(set(names)))}
            )
    if errors:
        raise ValidationError(errors)
