"""Who does what in structural social work. One place, so that pages, the API and tests agree."""

from __future__ import annotations

from typing import Any

from polku.accounts.models import CLIENT_WORK_ROLES, Role

# Any professional writes social reports (SHL 7): client work, team managers, providers' workers.
REPORT_WRITER_ROLES = frozenset(CLIENT_WORK_ROLES | {Role.TEAM_MANAGER, Role.PROVIDER_WORKER})
# Summaries, responses and monitoring figures: team managers and decision-makers' analysts.
FIGURE_READER_ROLES = frozenset({Role.TEAM_MANAGER, Role.ANALYST})
# Walk-in and outreach tallies and feedback are recorded by a team's people.
TALLY_ROLES = frozenset(CLIENT_WORK_ROLES | {Role.TEAM_MANAGER})


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def may_write_reports(user: Any) -> bool:
    return _active(user) and user.role in REPORT_WRITER_ROLES


def may_read_figures(user: Any) -> bool:
    return _active(user) and user.role in FIGURE_READER_ROLES


def may_tally(user: Any) -> bool:
    return _active(user) and user.role in TALLY_ROLES


def may_add_participants(user: Any) -> bool:
    return _active(user) and (user.role in CLIENT_WORK_ROLES or user.role == Role.TEAM_MANAGER)


def may_manage_projects(user: Any) -> bool:
    return may_read_figures(user)
