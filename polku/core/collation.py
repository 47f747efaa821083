"""People's names in the order of the Finnish (and Swedish) alphabet: the `polku_names` collation.

A name column declared with `db_collation=NAMES` sorts, compares and is indexed by it on both databases:

- PostgreSQL: an ICU collation for the locale fi-FI, created by migration `core.0001` (needs a PostgreSQL
  built with ICU, as Debian's packages and the official images are). The database's own collation (C.UTF-8
  on a default install) put "von Essen" after "Zetterberg", "Äijälä" before "Åberg" and "Élie" after "Öhman".
- SQLite (development, the demo and half of the tests): the same name registered on every connection as a
  Python comparison, `name_key` below: SQLite has no ICU, and the order must not depend on the machine's
  locales.

The order: letters without regard to case or accents (é as e, ü as y, đ as d), except that å, ä and ö are
letters of their own after z, in that order (æ as ä, ø as ö); spaces and hyphens before letters; names equal
so far by their accents, then by case, lowercase first.
"""

from __future__ import annotations

import unicodedata
from typing import Any

NAMES = "polku_names"
ICU_LOCALE = "fi-FI"

_RING, _DIAERESIS = "\u030a", "\u0308"
# After NFD and casefold: the letters of their own, as characters that sort after z.
_OWN_LETTERS = {"a" + _RING: "{", "a" + _DIAERESIS: "|", "o" + _DIAERESIS: "}", "æ": "|", "ø": "}"}
# Letters that sort as another letter.
_AS = str.maketrans({"đ": "d", "ð": "d", "ŋ": "n", "ß": "ss", "œ": "oe", "ı": "i"})


def _primary(text: str) -> str:
    """The name's letters as they are compared first."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    for sequence, letter in _OWN_LETTERS.items():
        decomposed = decomposed.replace(sequence, letter)
    decomposed = decomposed.replace("u" + _DIAERESIS, "y")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_AS)


def name_key(text: str) -> tuple[str, str, str]:
    """The sort key of a name: its letters, then its accents, then its case (lowercase first)."""
    return _primary(text), unicodedata.normalize("NFD", text.casefold()), text.swapcase()


def _compare(a: str, b: str) -> int:
    key_a, key_b = name_key(a), name_key(b)
    return (key_a > key_b) - (key_a < key_b)


def register_on_sqlite(sender: Any, connection: Any, **kwargs: Any) -> None:
    """`connection_created`: give every SQLite connection the names' collation."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(NAMES, _compare)
