"""The plan's reading link is one-time even when many browsers open it at the same moment."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.test import Client as Browser
from django.utils import timezone

from polku.audit.models import UseLogEntry
from polku.clients import links
from polku.plans.models import PlanReadLink
from polku.plans.services import plan_create, plan_read_link_create, plan_read_link_open
from tests.conftest import World
from tests.plans.test_client_plan import content
from tests.races import run_at_once


def _token(world: World) -> str:
    version = plan_create(actor=world.worker, client=world.client, content=content())
    return plan_read_link_create(actor=world.worker, plan=version.plan)


@pytest.mark.django_db
def test_a_browser_that_opens_the_link_just_after_another_is_refused(world: World) -> None:
    """Another browser opens the link between this request's reading and its claim: this one is refused
    (the claim's conditional UPDATE finds the row opened and changes nothing)."""
    token = _token(world)
    read = links.link_find

    def read_then_other_browser_opens(links_of_kind: Any, value: str) -> object:
        found = read(links_of_kind, value)
        PlanReadLink.objects.update(opened_at=timezone.now())
        return found

    patched = mock.patch.object(links, "link_find", side_effect=read_then_other_browser_opens)
    with patched, pytest.raises(ValidationError) as refused:
        plan_read_link_open(token=token)
    assert refused.value.code == "link"
    assert not UseLogEntry.objects.filter(view="plans:read").exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_browsers_opening_the_link_at_once_one_reads_the_plan(world: World) -> None:
    token = _token(world)
    url = f"/l/plan/{token}/"

    def open_in_a_new_browser(_i: int) -> tuple[int, bool]:
        page = Browser().get(url)
        return page.status_code, "Laskut maksetaan ajallaan" in page.content.decode()

    # Each thread has its own connection; on PostgreSQL they really run together and the conditional
    # UPDATE decides (on SQLite they take turns, see run_at_once).
    results = run_at_once(10, open_in_a_new_browser)
    assert sorted(results) == [(200, True)] + [(410, False)] * (len(results) - 1), results
    assert UseLogEntry.objects.filter(view="plans:read").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_browser_opening_the_link_twice_at_once_reads_the_plan_once(world: World) -> None:
    """A double click or a reload sends two requests with the same session at once: one reads the plan."""
    token = _token(world)
    url = f"/l/plan/{token}/"
    browser = Browser()
    browser.get("/")  # the session both requests carry
    cookies = browser.cookies

    def open_again(_i: int) -> int:
        same = Browser()
        same.cookies = cookies
        return same.get(url).status_code

    assert sorted(run_at_once(2, open_again)) == [200, 410]
    assert UseLogEntry.objects.filter(view="plans:read").count() == 1
