"""Reads about users' teams: the one place that says what "my teams" and "my colleagues" mean."""

from __future__ import annotations

from functools import cache

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from polku.accounts.models import CLIENT_WORK_ROLES, Team, User


def teams_of(user: User) -> QuerySet[Team]:
    """The teams `user` is a member of, by name."""
    return Team.objects.filter(members=user).order_by("name")


def team_ids_of(user: User) -> RawSQL:
    """The ids of `user`'s teams for a `team__in=` filter: a subquery of the membership table alone, with
    nothing for the ORM to build (the hot pages' visibility rules, e.g. the work list, use it)."""
    user_id = User._meta.pk.get_db_prep_value(user.pk, connection)  # type: ignore[union-attr]
    return RawSQL(team_ids_sql(), (user_id,))  # noqa: S611  (our own SQL, below)


@cache
def team_ids_sql() -> str:
    """The SQL of `team_ids_of`, the user its one parameter, for raw subqueries that embed it (the clients'
    visibility rule)."""
    membership = User.teams.through._meta
    team = membership.get_field("team").column  # type: ignore[union-attr]
    member = membership.get_field("user").column  # type: ignore[union-attr]
    return f"SELECT {team} FROM {membership.db_table} WHERE {member} = %s"  # noqa: S608


def colleagues_of(user: User) -> QuerySet[User]:
    """The workers (client-work roles) of `user`'s teams, `user` among them when a worker, by name."""
    return (
        User.objects.filter(teams__in=teams_of(user), role__in=CLIENT_WORK_ROLES)
        .distinct()
        .order_by("last_name", "first_name")
    )
