"""The referral to the provider in a browser, in Finnish and Swedish: the social worker writes the extent on
the decision; the provider worker reads the decision, the client plan's goals, the personal worker's phone
and what the client agreed may be disclosed; the personal worker follows the provider's attendance and
review meetings on the client's services page."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from polku.accounts.models import User
from polku.clients.consents import consent_record
from polku.plans.services import GoalIn, PlanContent, plan_create
from polku.provision.models import ServiceEpisode
from polku.provision.services import GoalIn as ServiceGoal
from polku.provision.services import RatingIn, implementation_plan_save, review_record
from tests.browser.conftest import Audit, sign_in, switch_language
from tests.browser.test_client_process import sign_out
from tests.factories import ClientFactory, RelationshipFactory

pytestmark = pytest.mark.browser

EXTENT = "Elokuvaryhmä kerran viikossa ja kotiohjaus kerran viikossa"


def test_the_provider_reads_the_referral_and_the_personal_worker_follows_the_service(
    page: Page, base_url: str, demo: dict[str, User], audit: Audit
) -> None:
    worker, provider_worker = demo["sosiaalityontekija"], demo["tuottaja"]
    worker.phone = "040 765 4321"
    worker.save()
    client = ClientFactory(first_name="Lauri", last_name="Lähetettävä")
    RelationshipFactory(client=client, team=worker.teams.get(), personal_worker=worker)
    plan_create(
        actor=worker,
        client=client,
        content=PlanContent(
            client_view_of_need="Arki on sekaisin.",
            professional_view_of_need="Arjenhallinnan tuki.",
            meeting_frequency="Kerran kuukaudessa",
            goals=[GoalIn("Päivärytmi kuntoon", "together", client_words="Herään aamulla")],
        ),
    )
    consent_record(
        actor=worker,
        client=client,
        recipient="",
        recipient_organisation=provider_worker.organisation,
        purpose="Kuntoutuksen toteuttaminen",
        given_on=timezone.localdate(),
        method="written",
    )

    sign_in(page, base_url, "sosiaalityontekija")
    page.goto(f"{base_url}/decisions/clients/{client.pk}/new/")
    page.locator("#id_decision_text").fill("Myönnetään sosiaalinen kuntoutus.")
    page.locator("#id_grounds").fill("Palvelutarpeen arvioinnin mukaan.")
    page.locator("#id_provider").select_option(label="Kuntoutuspaja Verso Oy")
    page.locator("#id_extent").fill(EXTENT)
    page.locator("main form button[type=submit]").click()
    page.locator("button[name=make]").click()
    episode = ServiceEpisode.objects.get(client=client)
    assert episode.extent == EXTENT
    sign_out(page)

    sign_in(page, base_url, "tuottaja")
    page.goto(f"{base_url}/services/episodes/{episode.pk}/")
    page.get_by_role("link", name="Lähete").click()
    expect(page.locator("section[aria-labelledby=decision]")).to_contain_text(EXTENT)
    expect(page.locator("section[aria-labelledby=goals]")).to_contain_text("Päivärytmi kuntoon")
    expect(page.locator("section[aria-labelledby=worker]")).to_contain_text("040 765 4321")
    expect(page.locator("section[aria-labelledby=consents]")).to_contain_text("Kuntoutuksen toteuttaminen")
    expect(page.locator("h1")).to_contain_text("Lähete")
    audit.check(page, "referral")
    switch_language(page, "sv")
    expect(page.locator("h1")).to_contain_text("Remiss")
    expect(page.locator("section[aria-labelledby=goals] h2")).to_have_text("Klientplanens mål")
    expect(page.locator("section[aria-labelledby=decision]")).to_contain_text("Tjänstens omfattning")
    audit.check(page, "referral")
    switch_language(page, "fi")

    plan = implementation_plan_save(actor=provider_worker, episode=episode, goals=[ServiceGoal("Päivärytmi")])
    review_record(
        actor=provider_worker,
        episode=episode,
        day=timezone.localdate(),  # the service started today: a review cannot be before it
        participants="Lauri, omatyöntekijä, ohjaaja",
        client_view="Herään jo aamulla.",
        next_steps="Kuntouttava työtoiminta mediapajassa.",
        ratings=[RatingIn(plan.goals.get().pk, 4, "Hyvin")],
    )
    sign_out(page)
    sign_in(page, base_url, "sosiaalityontekija")
    page.goto(f"{base_url}/casework/clients/{client.pk}/")
    page.locator(".page-heading a", has_text="Palvelut").click()
    expect(page.locator("main")).to_contain_text("Kuntouttava työtoiminta mediapajassa.")
    expect(page.locator("main")).to_contain_text("Läsnäoloja ei ole vielä kirjattu.")
    audit.check(page, "client-services")
    audit.assert_clean()
