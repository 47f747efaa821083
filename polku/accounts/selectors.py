"""Reads about users' teams: the one place that says what "my teams" and "my colleagues" mean."""

from __future__ import annotations

from django.db.models import QuerySet

from polku.accounts.models import CLIENT_WORK_ROLES, Team, User


def teams_of(user: User) -> QuerySet[Team]:
    """The teams `user` is a member of, by name."""
    return Team.objects.filter(members=user).order_by("name")


def colleagues_of(user: User) -> QuerySet[User]:
    """The workers (client-work roles) of `user`'s teams, `user` among them when a worker, by name."""
    return (
        User.objects.filter(teams__in=teams_of(user), role__in=CLIENT_WORK_ROLES)
        .distinct()
        .order_by("last_name", "first_name")
    )
