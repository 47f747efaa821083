"""The demo's events happen on their own days, not at the moment the demo is loaded.

The services stamp what they write with "now" (created_at, updated_at, a journal entry's time, a decision's
decided_at). The demo calls them inside `happened_at(moment)`: when the block ends, every time in the client
data that was set at or after the block began moves back by the same amount, so that the block happened at
`moment`, its rows keep their order and a duration stays (a link valid 14 days is still valid 14 days from
`moment`). A date set to the day of loading on a row written in the block becomes `moment`'s day. A later
event may be written inside an earlier one's block (an answer to a link before the link expires): the inner
block moves its own rows first, to a time the outer block then leaves alone. Only demo data is ever moved;
the use and disclosure logs are append-only and keep the real moment of loading.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from functools import cache, reduce
from operator import or_
from typing import Any

from django.apps import apps
from django.db import connection, models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

# The client data the demo writes through the services; audit (append-only logs) and accounts stay as they are.
BACKDATED_APPS = (
    "casework",
    "clients",
    "decisions",
    "finance",
    "instruments",
    "plans",
    "provision",
    "structural",
)


@cache
def _time_fields() -> list[tuple[type[models.Model], list[str], list[str]]]:
    """Per model: its date-time fields, and its date fields when rows say when they were written."""
    found = []
    for model in apps.get_models():
        if model._meta.app_label not in BACKDATED_APPS:
            continue
        fields = model._meta.concrete_fields
        moments = [f.name for f in fields if isinstance(f, models.DateTimeField)]
        has_updated_at = "updated_at" in moments
        days = [
            f.name
            for f in fields
            if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField) and has_updated_at
        ]
        if moments:
            found.append((model, moments, days))
    return found


@contextmanager
def happened_at(moment: datetime) -> Iterator[None]:
    """What the block writes happened at `moment` (in the past, or now)."""
    began = timezone.now()
    if moment > began:
        raise ValueError(f"The demo cannot record {moment} before it happens.")
    yield
    shift = began - moment
    if shift < timedelta(seconds=1):
        return
    loading_day, event_day = timezone.localdate(began), timezone.localdate(moment)
    for model, moments, days in _written_since(began):
        manager: Any = model._base_manager
        if days:  # before updated_at moves: it tells which rows the block wrote
            manager.filter(updated_at__gte=began).update(
                **{
                    name: Case(When(**{name: loading_day}, then=Value(event_day)), default=F(name))
                    for name in days
                }
            )
        manager.filter(_any_since(moments, began)).update(
            **{
                name: Case(When(**{f"{name}__gte": began}, then=F(name) - shift), default=F(name))
                for name in moments
            }
        )


def _any_since(names: list[str], began: datetime) -> Q:
    return reduce(or_, (Q(**{f"{name}__gte": began}) for name in names))


def _written_since(began: datetime) -> list[tuple[type[models.Model], list[str], list[str]]]:
    """The models with a time set at or after `began`, found in one query (a block writes a few of them)."""
    fields = _time_fields()
    sql, count = _written_since_sql(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [connection.ops.adapt_datetimefield_value(began)] * count)
        found = {row[0] for row in cursor.fetchall()}
    return [fields[index] for index in sorted(found)]


@cache
def _written_since_sql(vendor: str) -> tuple[str, int]:
    """SELECT the index of every model (in `_time_fields`) with a row whose time is at or after a moment;
    our own identifiers from the models' meta, the moment a parameter. Built once: the ORM took a fifth of
    a second to build it for every step of the story."""
    quote = connection.ops.quote_name
    selects, count = [], 0
    for index, (model, moments, _days) in enumerate(_time_fields()):
        columns = [str(model._meta.get_field(name).column) for name in moments]  # type: ignore[union-attr]
        where = " OR ".join(f"{quote(column)} >= %s" for column in columns)
        selects.append(f"SELECT {index} FROM {quote(model._meta.db_table)} WHERE {where}")  # noqa: S608
        count += len(columns)
    return " UNION ".join(selects), count
