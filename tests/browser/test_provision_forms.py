"""The service page in a real browser: the implementation plan's activities shown to the personal worker,
a refused review meeting that keeps what was typed, and an end scheduled ahead."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from polku.accounts.models import User
from polku.decisions.services import decision_draft, decision_make
from polku.provision.models import Review, ServiceEpisode
from polku.provision.services import GoalIn, implementation_plan_save
from tests.browser.conftest import Audit, sign_in
from tests.factories import ClientFactory, RelationshipFactory

pytestmark = pytest.mark.browser


def test_the_personal_worker_reads_the_activities_and_a_refused_review_keeps_its_text(
    page: Page, base_url: str, demo: dict[str, User], audit: Audit
) -> None:
    worker, provider_worker = demo["sosiaalityontekija"], demo["tuottaja"]
    client = ClientFactory(first_name="Veera", last_name="Vaiheikas")
    RelationshipFactory(client=client, team=worker.teams.get())
    decision = decision_draft(
        actor=worker,
        client=client,
        decision_type="social_rehabilitation",
        decision_text="Myönnetään.",
        grounds="Arvio.",
        legal_basis="SHL 17 §",
        provider=provider_worker.organisation,
    )
    decision_make(actor=worker, decision=decision, expected_version=decision.version)
    episode = ServiceEpisode.objects.get(decision_id=decision.pk)
    implementation_plan_save(
        actor=provider_worker,
        episode=episode,
        goals=[GoalIn("Päivärytmi")],
        individual_activities="Kotiohjaus torstaisin.",
        group_activities="Elokuvaryhmä tiistaisin.",
    )

    sign_in(page, base_url, "sosiaalityontekija")
    page.goto(f"{base_url}/services/episodes/{episode.pk}/")
    plan = page.locator("section[aria-labelledby=plan]")
    expect(plan).to_contain_text("Kotiohjaus torstaisin.")
    expect(plan).to_contain_text("Elokuvaryhmä tiistaisin.")

    yesterday = timezone.localdate() - timedelta(days=1)  # the service started today
    page.locator("section[aria-labelledby=reviews] details summary").click()
    page.locator("#review-day").fill(yesterday.isoformat())
    page.locator("select[name^=score_]").select_option("4")
    page.locator("#review-participants").fill("Veera, Sari, Teemu")
    page.locator("#review-view").fill("Arki sujuu paremmin.")
    page.locator("#review-next").fill("Kuntouttava työtoiminta.")
    page.locator("form[action$='/reviews/'] button").click()
    reviews = page.locator("section[aria-labelledby=reviews]")
    expect(reviews.locator(".error-summary")).to_contain_text("ei voi olla ennen")
    expect(page.locator("#review-day")).to_have_value(yesterday.isoformat())
    expect(page.locator("select[name^=score_]")).to_have_value("4")
    expect(page.locator("#review-participants")).to_have_value("Veera, Sari, Teemu")
    expect(page.locator("#review-view")).to_have_value("Arki sujuu paremmin.")
    expect(page.locator("#review-next")).to_have_value("Kuntouttava työtoiminta.")
    audit.check(page, "review-refused")
    assert not Review.objects.filter(episode=episode).exists()

    ends = timezone.localdate() + timedelta(days=20)
    page.locator("#id_ended_on").fill(ends.isoformat())
    page.locator("#id_summary").fill("Siirtyy työtoimintaan.")
    page.locator("form[action$='/end/'] button").click()
    expect(page.locator("section[aria-labelledby=basics]")).to_contain_text(
        f"Käynnissä, päättyy {ends.day}.{ends.month}.{ends.year}"
    )
    audit.check(page, "service-end-scheduled")
    assert ServiceEpisode.objects.visible_to(provider_worker).filter(pk=episode.pk).exists()
    audit.assert_clean()
