"""People's names in the order of the Finnish (and Swedish) alphabet: the `polku_names` collation.

A name column declared with `db_collation=NAMES` sorts, compares and is indexed by it on both databases:

- PostgreSQL: an ICU collation for the locale fi-FI, created by migration `core.0001` (needs a PostgreSQL
  built with ICU, as Debian's packages and the official images are). The database's own collation (C.UTF-8
  on a default install) put "von Essen" after "Zetterberg", "Äijälä" before "Åberg" and "Élie" after "Öhman".
- SQLite (development, the demo and half of the tests): the same name registered on every connection as a
  Python comparison, `name_key` below: SQLite has no ICU, and the order must not depend on the machine's
  locales.

The order: letters without regard to case or accents (é as e, ü as y, đ as d, Sámi ŋ as n, ŧ as t), except
that å, ä and ö are letters of their own after z, in that order (æ as ä, ø as ö); spaces, dashes, full stops
and apostrophes before digits and letters; names equal so far by their accents, then by case, lowercase
first. `name_key` gives ICU's order for the Finnish, Swedish and Sámi letters and the punctuation of names
(tests/clients/test_name_order.py holds them to it on PostgreSQL).

A search word meets a name column through `search_word` (below).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

from django.db import migrations
from django.db.migrations.operations.base import Operation

NAMES = "polku_names"

_RING, _DIAERESIS = "\u030a", "\u0308"
# Stand-ins that sort after z, in this order (private-use characters: no name has them): þ, which ICU puts
# between z and å, then å, ä and ö.
_THORN, _A_RING, _A_DIAERESIS, _O_DIAERESIS = "\ue001", "\ue002", "\ue003", "\ue004"
# After NFKD and casefold: Å, Ä and Ö as letters of their own, Ü as a Y with its mark; (letter, mark).
_OWN_LETTERS = {
    "a" + _RING: (_A_RING, ""), "a" + _DIAERESIS: (_A_DIAERESIS, ""), "o" + _DIAERESIS: (_O_DIAERESIS, ""),
    "u" + _DIAERESIS: ("y", _DIAERESIS),
}  # fmt: skip
# Letters that sort as another letter (æ as ä, ø as ö, and those NFKD leaves whole).
_AS = {
    "æ": _A_DIAERESIS, "ø": _O_DIAERESIS, "þ": _THORN, "đ": "d", "ð": "d", "ŋ": "n", "ł": "l", "ŧ": "t",
    "ǥ": "g", "ʒ": "z", "œ": "oe", "ı": "i",
}  # fmt: skip
# Names equal but for their accents: the accents' order in Unicode's collation table (acute before grave, …).
_MARKS = {mark: chr(0xE100 + rank) for rank, mark in enumerate(
    "\u0301\u0300\u0306\u0302\u030c\u030a\u0308\u030b\u0303\u0307\u0327\u0328\u0304"
)}  # fmt: skip
# Spaces, dashes, full stops and apostrophes before every digit and letter, in ICU's order.
_APOSTROPHES = "'\u2018\u2019\u02bc"


def _mark(character: str) -> str:
    """A character that is no letter or digit as the rank of its kind (ICU orders them so), else itself."""
    kind = unicodedata.category(character)
    if kind.startswith("Z") or character in "\t\n":
        return "\x01"
    if kind == "Pd":
        return "\x02"
    if character == ".":
        return "\x03"
    if character in _APOSTROPHES:
        return "\x04"
    if kind[0] in "PS" or kind == "Lm":
        return "\x05"
    return character


def _fold(text: str, *, marks: bool) -> str:
    """The name's letters as they are compared: with their accents (`marks`) or without."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    for sequence, (letter, mark) in _OWN_LETTERS.items():
        decomposed = decomposed.replace(sequence, letter + (mark if marks else ""))
    return "".join(
        (_MARKS.get(c, c) if marks else "") if unicodedata.combining(c) else _AS.get(c) or _mark(c)
        for c in decomposed
    )


@lru_cache(maxsize=65536)
def name_key(text: str) -> tuple[str, str, str, str]:
    """The sort key of a name: its letters, then its accents, then its case (lowercase first), then the text
    itself, so that only the same text is equal (as under PostgreSQL's deterministic collation)."""
    return _fold(text, marks=False), _fold(text, marks=True), text.swapcase(), text


def _compare(a: str, b: str) -> int:
    key_a, key_b = name_key(a), name_key(b)
    return (key_a > key_b) - (key_a < key_b)


def register_on_sqlite(sender: Any, connection: Any, **kwargs: Any) -> None:
    """`connection_created`: give every SQLite connection the names' collation."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(NAMES, _compare)


def search_word(word: str, vendor: str) -> str:
    """A word to find at the start of a name column (`istartswith`), as that column's UPPER sees it.

    On PostgreSQL, UPPER of a name column runs under its ICU collation, which writes ß as SS, and UPPER of
    the word under the database's own collation, which keeps ß: the word upper-cased here as ICU does it
    (Python's `str.upper` is Unicode's full case mapping too) meets the column, so "Weiß" finds Weiß.
    SQLite's LIKE folds only ASCII letters and compares the rest as written: there the word stays as typed."""
    return word.upper() if vendor == "postgresql" else word


def names_altered(table: str, alter: list[Operation]) -> list[Operation]:
    """A migration's operations that give `table`'s name columns the collation (`alter`: its AlterFields),
    as a county's database can take them. On PostgreSQL each ALTER rebuilds the column's indexes while it
    holds the table, reads included (about 5 s for a million clients): it waits for the table at most 5 s
    behind a long query, and fails then, to be run again, rather than stall every page meanwhile. The
    rebuild drops the columns' statistics, which the plans of the name search need: they are gathered
    again at once."""

    def lock_briefly(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("SET LOCAL lock_timeout = '5s'")

    def analyze(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'ANALYZE "{table}"')

    return [
        migrations.RunPython(lock_briefly, migrations.RunPython.noop, elidable=True),
        *alter,
        migrations.RunPython(analyze, migrations.RunPython.noop, elidable=True),
    ]
