"""Rows collected per table and written in one go: binary COPY FROM STDIN on PostgreSQL, executemany elsewhere.

Rows are plain tuples in the order of the table's `columns`; columns a table does not name get the
field's default, so a column added later with a default does not break the loader. JSON values are
given already serialised (`json.dumps`), dates and times as Python values (times aware, in UTC).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

import psycopg
from django.db import connection, models
from django.db.models.fields.json import JSONField
from psycopg._copy_base import BinaryFormatter, _binary_signature, _binary_trailer, format_row_binary
from psycopg.adapt import AdaptersMap, Dumper, Transformer
from psycopg.postgres import types as pg_types
from psycopg.pq import Format


class Table:
    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        self.model = model
        self.columns = list(columns)
        self.rows: list[tuple[Any, ...]] = []
        # The rows already in binary COPY form (`encode`): how many, and the stream.
        self.encoded: tuple[int, bytes] | None = None
        fields = {f.column: f for f in model._meta.concrete_fields}
        named = set(self.columns)
        missing = [
            f
            for column, f in fields.items()
            if column not in named
            and not (f.primary_key and isinstance(f, models.AutoField | models.BigAutoField))
        ]
        self.tail_columns = [f.column for f in missing]
        self.tail = tuple(
            json.dumps(f.get_default()) if isinstance(f, JSONField) else f.get_default() for f in missing
        )
        self.fields = [fields[c] for c in self.columns + self.tail_columns]

    @property
    def table(self) -> str:
        return self.model._meta.db_table

    def add(self, *row: Any) -> None:
        self.rows.append(row)

    def __len__(self) -> int:
        return len(self.rows)

    def column_types(self) -> list[int]:
        """The type oids of the columns written, from PostgreSQL's catalogue (once per table and process)."""
        columns = self.columns + self.tail_columns
        key = f"{self.table}:{','.join(columns)}"
        if key not in _types:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0",
                    [f'"{self.table}"'],
                )
                oids = dict(cursor.fetchall())
            _types[key] = [oids[c] for c in columns]
        return _types[key]

    def encode(self, types: Sequence[int]) -> None:
        """Turn the collected rows into one binary COPY stream for columns of `types`. Needs no connection,
        so a process that only makes rows can do it for the one that writes them."""
        self.encoded = (len(self.rows), _copy_stream(self.rows, self.tail, types))
        self.rows = []

    def flush(self) -> int:
        """Write the collected rows in the current transaction; returns how many."""
        columns = self.columns + self.tail_columns
        if connection.vendor == "postgresql":
            if self.encoded is None:
                self.encode(self.column_types())
            assert self.encoded is not None  # noqa: S101
            (count, stream), self.encoded = self.encoded, None
            if count:
                copy_write(self.table, columns, stream)
            return count
        count = len(self.rows)
        if count:
            _insert_many(self.table, columns, self.rows, self.tail, self.fields)
        self.rows = []
        return count


class _JsonbText(Dumper):
    """A JSON value given already serialised, in jsonb's binary form (a version byte, then the text)."""

    format = Format.BINARY
    oid = pg_types["jsonb"].oid

    def dump(self, obj: Any) -> bytes:
        return b"\x01" + obj.encode()


# psycopg's adapters, but jsonb columns take the serialised text as it is.
_adapters = AdaptersMap(psycopg.adapters)
_adapters.register_dumper(_JsonbText.__name__, _JsonbText)
_types: dict[str, list[int]] = {}


def _copy_stream(rows: list[tuple[Any, ...]], tail: tuple[Any, ...], types: Sequence[int]) -> bytes:
    """The rows as a whole binary COPY stream (signature, rows, trailer): psycopg writes each Python value
    in its column's binary form (no text to format on this side, none to parse on the server's).

    psycopg's formatter is not in its public API (a `Copy` formats only onto its connection); psycopg is
    pinned, and every seed test on PostgreSQL writes through here."""
    transformer = Transformer(_adapters)
    transformer.set_dumper_types(list(types), Format.BINARY)
    formatter = BinaryFormatter(transformer)
    out = bytearray()
    for row in rows:
        out += formatter.write_row(row + tail if tail else row)
    out += formatter.end()
    return bytes(out)


# A whole binary COPY stream begins and ends with these (psycopg's own).
COPY_SIGNATURE, COPY_TRAILER = _binary_signature, _binary_trailer


class BinaryFields:
    """Rows' fields in binary COPY form for columns of `types`, each row apart and without its field count:
    for rows another process completes (the use log's place in the chain is known only to the writer). A
    stream of them is `COPY_SIGNATURE`, each row's field count and fields, then `COPY_TRAILER`."""

    def __init__(self, types: Sequence[int]) -> None:
        self.transformer = Transformer(_adapters)
        self.transformer.set_dumper_types(list(types), Format.BINARY)

    def __call__(self, row: Sequence[Any]) -> bytes:
        out = bytearray()
        format_row_binary(row, self.transformer, out)
        return bytes(out[2:])


def copy_write(table: str, columns: list[str], stream: bytes) -> None:
    """Write a whole binary COPY stream (signature, rows, trailer) into `columns` of `table`."""
    names = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f'COPY "{table}" ({names}) FROM STDIN (FORMAT BINARY)') as copy:
            copy.write(stream)


def _converter(field: models.Field) -> Callable[[Any], Any]:
    if isinstance(field, JSONField):
        return lambda value: value  # given serialised already
    return lambda value: field.get_db_prep_value(value, connection, prepared=False)


def _insert_many(
    table: str,
    columns: list[str],
    rows: list[tuple[Any, ...]],
    tail: tuple[Any, ...],
    fields: list[models.Field],
) -> None:
    converters = [_converter(f) for f in fields]
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    prepared = [
        [convert(value) for convert, value in zip(converters, row + tail, strict=True)] for row in rows
    ]
    with connection.cursor() as cursor:
        # Table and column names come from the models, never from input.
        cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', prepared)  # noqa: S608


def skip_foreign_key_triggers() -> bool:
    """On PostgreSQL as a superuser, leave out the per-row foreign-key triggers for this transaction.

    The loader makes every reference itself (the SQLite run, which checks them, proves it); checking
    each of millions of rows again at commit took longer than writing them. Returns whether it did.
    """
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('is_superuser')")
        if cursor.fetchone()[0] != "on":
            return False
        cursor.execute("SET LOCAL session_replication_role = replica")
    return True


def secondary_indexes_drop(tables: Sequence[str]) -> list[str]:
    """Drop the tables' secondary indexes (neither unique nor a constraint's) in the current transaction and
    return their definitions, for `indexes_build` to make again after a large load.

    Inside the transaction the indexes are gone; if it does not commit, they are all there as before.
    """
    if connection.vendor != "postgresql" or not tables:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class t ON t.oid = i.indrelid "
            "WHERE t.relname = ANY(%s) AND NOT i.indisunique AND NOT i.indisprimary AND i.indisvalid "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
            "ORDER BY t.relname, 1",
            [list(tables)],
        )
        found = cursor.fetchall()
        for name, _definition in found:
            cursor.execute(f"DROP INDEX {name}")  # a name from the catalogue, quoted by regclass
    return [definition for _name, definition in found]


def indexes_build(definitions: Sequence[str]) -> None:
    """CREATE INDEX for each definition, with room to sort in memory (one sort per index beats millions of
    single inserts into it)."""
    if not definitions:
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for definition in definitions:
            cursor.execute(definition)
