"""The one status-transition rule (design rule 6): a record moves only along the moves its table lists.

Each app declares its table once, next to its status choices, and checks every move through it:

    TRANSITIONS = Transitions(ReportStatus, {ReportStatus.DRAFT: {ReportStatus.SUBMITTED}, ...})
    TRANSITIONS.check(report.status, ReportStatus.SUBMITTED, message=_("... %(now)s ... %(to)s ..."))

The refusal names both statuses by their labels. An app may word the refusal for its own users: the
message is formatted with ``now`` (the current status, also as ``status``) and ``to`` (the status asked for).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

DEFAULT_MESSAGE = _("The status %(now)s cannot become %(to)s.")


class Transitions:
    """The allowed moves between the statuses of ``choices``: every status is a key, a final status maps
    to no moves, and every move ends in a status of ``choices``."""

    __slots__ = ("choices", "table")

    def __init__(self, choices: type[models.TextChoices], table: Mapping[str, Iterable[str]]) -> None:
        known = set(choices.values)
        frozen = {str(frm): frozenset(str(to) for to in moves) for frm, moves in table.items()}
        if set(frozen) != known:
            raise ValueError(f"The table of {choices.__name__} must list every status once as a key.")
        unknown = set().union(*frozen.values()) - known
        if unknown:
            raise ValueError(f"{choices.__name__} has no status {sorted(unknown)}.")
        self.choices = choices
        self.table: Mapping[str, frozenset[str]] = frozen

    def allowed(self, frm: str, to: str) -> bool:
        return to in self.table.get(frm, frozenset())

    def label(self, status: str) -> str:
        return str(self.choices(status).label) if status in self.choices.values else status

    def check(
        self, frm: str, to: str, *, message: str | Promise | None = None, field: str | None = None
    ) -> None:
        """Refuse a move the table does not list; with ``field``, the refusal is that field's error."""
        if self.allowed(frm, to):
            return
        names = {"now": self.label(frm), "to": self.label(to), "status": self.label(frm)}
        text = (message if message is not None else DEFAULT_MESSAGE) % names
        if field is not None:
            raise ValidationError({field: [text]}, code="transition")
        raise ValidationError(text, code="transition")
