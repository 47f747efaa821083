"""Issue 17's other pages in a real browser, on the demo county: the team's segment page and a client's
segment, the co-development project with what came from clients, and a self-assessment link in Northern
Sámi and plain Finnish on a phone; every page passes axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from polku.accounts.models import Team, User
from polku.demo.data import TEAM_KOIVULA
from polku.instruments.services import response_link_send
from polku.segments.models import SegmentReview
from polku.structural.models import DevelopmentProject
from tests.browser.conftest import Audit, sign_in, switch_language

pytestmark = pytest.mark.browser


def test_segments_and_co_development(page: Page, base_url: str, demo: dict[str, User], audit: Audit) -> None:
    sign_in(page, base_url, "esihenkilo")
    team = Team.objects.get(name=TEAM_KOIVULA)
    page.goto(f"{base_url}/segments/teams/{team.pk}/")
    expect(page.locator("main")).to_contain_text("Paljon tukea tarvitseva")
    audit.check(page, "segments-team")
    reviewed = SegmentReview.objects.filter(client__relationships__team=team).first()
    if reviewed is not None:
        page.goto(f"{base_url}/segments/clients/{reviewed.client_id}/")
        audit.check(page, "segments-client")
    project = DevelopmentProject.objects.get()
    page.goto(f"{base_url}/structural/development/{project.pk}/")
    expect(page.locator("main")).to_contain_text("Iltaryhmän kokeilu alkaa tammikuussa")
    audit.check(page, "codev-project")
    switch_language(page, "sv")
    expect(page.locator("h2").first).to_contain_text("Vad som kom från klienterna")
    audit.check(page, "codev-project")
    page.goto(f"{base_url}/structural/codevelopers/")
    audit.check(page, "codev-roster")
    audit.assert_clean()


def test_a_self_assessment_in_sami_and_plain_finnish_on_a_phone(
    page: Page, base_url: str, demo: dict[str, User], audit: Audit
) -> None:
    worker = demo["sosiaalityontekija"]
    client = worker.teams.get().relationships.filter(ended_at__isnull=True).first().client  # type: ignore[union-attr]
    client.language = "se"
    client.save()
    _response, token = response_link_send(actor=worker, client=client, instrument_code="functional_capacity")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base_url}/l/answer/{token}/")
    expect(page.locator("html")).to_have_attribute("lang", "se")
    expect(page.locator("main")).to_contain_text("Movt árvvoštalat")
    audit.check(page, "answer-sami")
    page.get_by_role("link", name="Selkosuomi").click()
    expect(page.locator("html")).to_have_attribute("lang", "fi-selko")
    expect(page.locator("main")).to_contain_text("Miten pärjäät nyt kaiken kaikkiaan?")
    audit.check(page, "answer-plain-finnish")
    audit.assert_clean()
