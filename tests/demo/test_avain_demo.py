"""The demo's Ville has AVAIN ratings in his plan and in its review, and their change on his AVAIN page, which
his client process page links beside his self-assessments."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client as Browser
from django.urls import reverse

from polku.accounts.models import User
from polku.clients.models import Client
from polku.core.crypto import search_hash
from polku.demo.data import load_demo
from polku.demo.ville import VILLE_HETU
from polku.plans.avain_change import avain_change
from polku.plans.selectors import plan_versions_of

pytestmark = pytest.mark.django_db


def test_villes_plan_and_review_are_rated_and_his_page_shows_the_change() -> None:
    load_demo(clients=12, today=date(2026, 11, 18))
    ville = Client.objects.get(hetu_hash=search_hash(VILLE_HETU))
    versions = plan_versions_of(client=ville)
    assert [v.number for v in versions] == [2, 1]
    assert all(v.avain_version == 1 for v in versions)
    change = avain_change(versions)
    assert change.first is not None and change.first.number == 1
    assert change.latest is not None and change.latest.number == 2
    rows = {
        (section.component.id, row.label): (row.first, row.latest, row.difference)
        for section in change.sections
        for row in section.rows
    }
    assert rows[("goals", "Laskut maksetaan ajallaan")] == (1, 3, 2)
    assert rows[("factors", "Velat ja maksuhäiriöt")] == (-2, -1, 1)
    assert rows[("factors", "Arjen hallinta")] == (-1, 1, 2)
    assert rows[("services", "Sosiaalinen kuntoutus")] == (
        None,
        3,
        None,
    )  # in use at the plan, rated at review
    assert rows[("methods", "Motivoiva haastattelu")] == (1, 3, 2)

    browser = Browser()
    browser.force_login(User.objects.get(username="sosiaalityontekija"))
    url = reverse("plans:avain", kwargs={"client_id": ville.pk})
    case = browser.get(reverse("casework:case", kwargs={"client_id": ville.pk})).content.decode()
    assert f'href="{url}"' in case
    page = browser.get(url).content.decode()
    assert "Laskut maksetaan ajallaan" in page and "+2" in page and "Velat ja maksuhäiriöt" in page
    assert '<svg class="change-chart"' in page
