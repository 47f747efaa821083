"""Who does what in structural social work. One place, so that pages, the API and tests agree."""

from __future__ import annotations

from typing import TypeGuard

from django.contrib.auth.models import AnonymousUser

from polku.accounts.models import CLIENT_WORK_ROLES, Role, User

# Any professional writes social reports (SHL 7): client work, team managers, providers' workers.
REPORT_WRITER_ROLES = frozenset(CLIENT_WORK_ROLES | {Role.TEAM_MANAGER, Role.PROVIDER_WORKER})
# Summaries, responses and monitoring figures: team managers and decision-makers' analysts.
FIGURE_READER_ROLES: frozenset[str] = frozenset({Role.TEAM_MANAGER, Role.ANALYST})
# Walk-in and outreach tallies and feedback are recorded by a team's people.
TALLY_ROLES = frozenset(CLIENT_WORK_ROLES | {Role.TEAM_MANAGER})


def _active(user: User | AnonymousUser) -> TypeGuard[User]:
    return bool(user.is_authenticated and user.is_active)


def may_write_reports(user: User | AnonymousUser) -> bool:
    return _active(user) and user.role in REPORT_WRITER_ROLES


def may_read_figures(user: User | AnonymousUser) -> bool:
    return _active(user) and user.role in FIGURE_READER_ROLES


def may_tally(user: User | AnonymousUser) -> bool:
    return _active(user) and user.role in TALLY_ROLES


def may_add_participants(user: User | AnonymousUser) -> bool:
    return _active(user) and (user.role in CLIENT_WORK_ROLES or user.role == Role.TEAM_MANAGER)


def may_manage_projects(user: User | AnonymousUser) -> bool:
    return may_read_figures(user)
