"""The team manager's board: the week's load by worker of her own teams only."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from polku.workday.board import team_board
from tests.conftest import World
from tests.workday.test_worklist import _initiation

pytestmark = pytest.mark.django_db


def test_board_counts_by_worker_of_own_teams(world: World) -> None:
    _initiation(world, world.client, assigned=world.worker, start_in=-1)
    _initiation(world, world.other_client, team=world.other_team, assigned=world.other_worker, start_in=-1)
    lines = {line.worker_id: line for line in team_board(world.manager, timezone.localdate())}
    assert world.other_worker.pk not in lines
    assert (lines[world.worker.pk].open_initiations, lines[world.worker.pk].overdue) == (1, 1)


def test_board_page_for_managers_only(world: World) -> None:
    http = HttpClient()
    http.force_login(world.manager)
    assert http.get(reverse("workday:board")).status_code == 200
    http.force_login(world.worker)
    assert http.get(reverse("workday:board")).status_code == 403
