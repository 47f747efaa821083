"""An initiation given to a worker (assigned from the queue, or taken) is on the worker's own lists: the
caseload ("Omat asiakkaat") and the deadline board, also when its assessment has no time limit."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from polku.casework.models import Initiation
from polku.casework.selectors import caseload_page, deadline_board_page
from polku.casework.services import initiation_assign, initiation_close, initiation_create
from tests.conftest import World
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def _assigned(world: World, **fields: Any) -> Initiation:
    """An adult's initiation (no statutory time limit, no organisation target), assigned to the worker."""
    person = ClientFactory(last_name="Virtanen-Testi")
    initiation = initiation_create(
        actor=world.advisor,
        client=person,
        team=world.team,
        initiator_type="application",
        need="Vuokrarästit",
        **fields,
    )
    return initiation_assign(actor=world.advisor, initiation=initiation, worker=world.worker)


def test_an_assigned_initiation_is_in_the_workers_caseload(client: Any, world: World) -> None:
    initiation = _assigned(world)
    rows = list(caseload_page(user=world.worker, worker=world.worker, view="t"))
    assert [(r.client_id, r.personal_worker, r.handling) for r in rows] == [
        (initiation.client_id, False, True)
    ]
    client.force_login(world.worker)
    with translation.override("fi"):
        page = client.get(reverse("casework:caseload"), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Virtanen-Testi" in page
    assert reverse("casework:case", kwargs={"client_id": initiation.client_id}) in page
    # Not in a colleague's caseload, and gone once the initiation is closed.
    assert not list(caseload_page(user=world.manager, worker=world.counsellor, view="t"))
    initiation_close(actor=world.worker, initiation=initiation, reason="Ei tarvetta")
    assert not list(caseload_page(user=world.worker, worker=world.worker, view="t"))


def test_a_personal_worker_who_also_handles_an_initiation_has_the_client_once(world: World) -> None:
    initiation = _assigned(world)
    initiation.relationship.personal_worker = world.worker
    initiation.relationship.save(update_fields=["personal_worker"])
    rows = list(caseload_page(user=world.worker, worker=world.worker, view="t"))
    assert [(r.client_id, r.personal_worker, r.handling) for r in rows] == [
        (initiation.client_id, True, True)
    ]


def test_an_assigned_initiation_without_a_time_limit_is_on_the_workers_deadlines(
    client: Any, world: World
) -> None:
    initiation = _assigned(world)
    dated = _assigned(world, urgent=True)  # due today
    assert initiation.assessment_start_due is None and initiation.assessment_complete_due is None
    board = list(deadline_board_page(user=world.worker, view="t"))
    assert [(r.pk, r.due) for r in board] == [(dated.pk, dated.assessment_start_due), (initiation.pk, None)]
    # The manager's board filtered to the worker shows it; the manager's whole board lists only limits.
    mine = list(deadline_board_page(user=world.manager, view="t", worker_id=world.worker.pk))
    assert [r.pk for r in mine] == [dated.pk, initiation.pk]
    assert [r.pk for r in deadline_board_page(user=world.manager, view="t")] == [dated.pk]
    client.force_login(world.worker)
    page = client.get(reverse("casework:deadlines"), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert page.count("Virtanen-Testi") == 2
    # Once the assessment starts, nothing of it is due any more.
    Initiation.objects.filter(pk=initiation.pk).update(assessment_started_at=initiation.initiated_at)
    assert [r.pk for r in deadline_board_page(user=world.worker, view="t")] == [dated.pk]
