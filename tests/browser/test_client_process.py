"""The client process in a browser, in Finnish, as the people who do it.

Issue 3: a Kela contact arrives through the API, appears in the queue with the right due date, is taken,
assessed with the client's own pre-filled view (sent from a phone through the one-time link), a personal
worker is named, and every step is on the timeline and in the use log.
Issue 4: the social worker makes the decision and its PDF opens; the provider worker sees the referred
client, makes the implementation plan and marks attendance in the film group.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from polku.accounts.models import User
from polku.accounts.services import token_create
from polku.audit.models import UseLogEntry
from polku.clients.hetu import make_hetu
from polku.clients.models import Client
from polku.core.crypto import search_hash
from polku.core.weekdays import add_weekdays
from polku.decisions.appeal import correction_request_last_day
from polku.decisions.services import decision_draft, decision_make
from polku.provision.models import ServiceEpisode
from polku.provision.services import GoalIn as ServiceGoal
from polku.provision.services import implementation_plan_save
from tests.browser.conftest import Audit, new_context, sign_in
from tests.factories import ClientFactory, RelationshipFactory

pytestmark = pytest.mark.browser

AINO_HETU = make_hetu(date(1948, 3, 3), 988)  # over 75: the 7th-weekday limit applies (SHL 36)


def finnish_date(day: date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


def sign_out(page: Page) -> None:
    page.locator("header form[action='/logout/'] button").click()
    page.wait_for_url(re.compile(r"/login/"))


def test_a_kela_contact_goes_from_the_queue_to_a_named_personal_worker(
    page: Page, browser: Browser, base_url: str, demo: dict[str, User], audit: Audit
) -> None:
    token = token_create(user=demo["kela"])
    answer = page.request.post(
        f"{base_url}/api/v1/contacts",
        headers={"Authorization": f"Bearer {token}"},
        data={
            "person": {"hetu": AINO_HETU, "first_name": "Aino", "last_name": "Apuvaara"},
            "sender": {"organisation": "Kela", "name": "Kaisa Käsittelijä"},
            "consent": True,
            "reasons": ["rent_arrears", "life_management"],
            "description": "Vuokrarästejä, muistiongelmia.",
        },
    )
    assert answer.status == 201, answer.text()
    due = add_weekdays(timezone.localdate(), 7)
    assert answer.json()["initiation"]["assessment_start_due"] == due.isoformat()

    # The service advisor sees it in the team queue with its due date.
    sign_in(page, base_url, "palveluneuvoja")
    page.goto(f"{base_url}/casework/queue/")
    row = page.locator("tr", has_text="Apuvaara Aino")
    expect(row).to_contain_text(finnish_date(due))
    audit.check(page, "queue")
    sign_out(page)

    # The social worker takes it (htmx) and starts the assessment.
    sign_in(page, base_url, "sosiaalityontekija")
    page.goto(f"{base_url}/casework/queue/")
    page.locator("tr", has_text="Apuvaara Aino").get_by_role("button", name="Ota käsittelyyn").click()
    expect(page.locator("#queue-status .message")).to_contain_text("Aino Apuvaara")
    aino = Client.objects.get(hetu_hash=search_hash(AINO_HETU))
    page.goto(f"{base_url}/casework/clients/{aino.pk}/")
    audit.check(page, "client-process")
    page.locator("section[aria-labelledby=initiations] a[href$='/assessment/']").first.click()
    page.locator("button[name=start]").click()
    page.locator("form[action$='/pre-assessment/'] button").click()
    link = page.locator("code.link").inner_text()
    audit.check(page, "assessment")

    # Aino answers on her phone, without an account.
    phone = new_context(browser, viewport={"width": 390, "height": 844}, is_mobile=True)
    client_page = phone.new_page()
    client_page.goto(link)
    expect(client_page.locator("html")).to_have_attribute("lang", "fi")
    audit.check(client_page, "pre-assessment-phone")
    client_page.locator("#id_own_view").fill("Muisti pätkii ja laskut unohtuvat.")
    client_page.locator("#id_needs").fill("Apua laskuihin ja arkeen.")
    client_page.locator("main button[type=submit]").click()
    expect(client_page.locator("h1")).to_contain_text("Kiitos")
    phone.close()

    # The worker takes her view into the assessment and completes it.
    page.reload()
    page.locator("form[action*='/take/'] button").click()
    expect(page.locator("#id_client_view")).to_have_value(re.compile("Muisti pätkii"))
    page.locator("#id_need_duration").select_option("long_term")
    page.locator("#id_situation_summary").fill("Vuokrarästejä, muistiongelmia, asuu yksin.")
    page.locator("#id_service_needs").fill("Kotiin annettavat palvelut, raha-asioiden tuki.")
    page.locator("#id_conclusion").fill("Asiakkuuden edellytykset täyttyvät.")
    page.locator("#id_personal_worker_client_view").select_option("yes")
    page.locator("#id_personal_worker_professional_view").select_option("yes")
    page.locator("button[name=complete]").click()
    expect(page.locator("section[aria-labelledby=contents]")).to_contain_text(
        finnish_date(timezone.localdate())
    )

    # A personal worker is named on the client process page.
    page.goto(f"{base_url}/casework/clients/{aino.pk}/")
    form = page.locator("section[aria-labelledby=relationships] form[action$='/personal-worker/']")
    form.locator("select").first.select_option(label="Sari Virtanen")
    form.locator("button").click()
    expect(page.locator("section[aria-labelledby=relationships] li")).to_contain_text("Sari Virtanen")

    # Every step is on the timeline, and every read and write in the use log.
    page.goto(f"{base_url}/casework/clients/{aino.pk}/timeline/")
    timeline = page.locator("ol.timeline")
    for kind in (
        "omatyöntekijä nimetty",
        "palvelutarpeen arviointi valmistunut",
        "toisen viranomaisen yhteydenotto",
    ):
        expect(timeline).to_contain_text(re.compile(kind, re.IGNORECASE))
    audit.check(page, "timeline")
    views = set(UseLogEntry.objects.filter(client_id=aino.pk).values_list("view", flat=True))
    assert {
        "api:contact_create",
        "casework:queue",
        "casework:take",
        "casework:assessment",
        "casework:pre_assessment_answer",
        "casework:personal_worker",
        "casework:timeline",
    } <= views
    audit.assert_clean()


def test_a_decision_refers_the_client_to_the_provider_who_plans_and_marks_attendance(
    page: Page, base_url: str, demo: dict[str, User], audit: Audit
) -> None:
    worker = demo["sosiaalityontekija"]
    client = ClientFactory(first_name="Olli", last_name="Osallistuja")
    RelationshipFactory(client=client, team=worker.teams.get())
    sign_in(page, base_url, "sosiaalityontekija")
    page.goto(f"{base_url}/decisions/clients/{client.pk}/new/")
    page.locator("#id_decision_text").fill("Myönnetään sosiaalinen kuntoutus.")
    page.locator("#id_grounds").fill("Palvelutarpeen arvioinnin mukaan.")
    page.locator("#id_provider").select_option(label="Kuntoutuspaja Verso Oy")
    audit.check(page, "decision-new")
    page.locator("main form button[type=submit]").click()
    page.locator("button[name=make]").click()
    page.locator("#id_method").select_option("letter")
    page.locator("section[aria-labelledby=notification] button").click()
    last_day = correction_request_last_day("letter", timezone.localdate())
    expect(page.locator("section[aria-labelledby=notification]")).to_contain_text(finnish_date(last_day))
    audit.check(page, "decision")
    pdf = page.request.get(base_url + (page.locator("a[href$='pdf/?lang=fi']").get_attribute("href") or ""))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    sign_out(page)

    sign_in(page, base_url, "tuottaja")
    page.goto(f"{base_url}/services/")
    page.locator("main a", has_text=client.last_name).first.click()
    page.locator("#id_goal_0").fill("Päivärytmi")
    page.locator("#id_goal_0_words").fill("Herään aamulla")
    page.locator("button[name=plan]").click()
    expect(page.locator("section[aria-labelledby=plan] ol")).to_contain_text("Päivärytmi")
    audit.check(page, "service")
    page.goto(f"{base_url}/services/")
    page.locator("main a", has_text="Elokuvaryhmä").first.click()
    option = page.locator("#new-member option", has_text=client.last_name).first
    page.locator("#new-member").select_option(option.get_attribute("value"))
    page.locator("button[name=add_member]").click()
    page.locator("button[name=add_session]").click()
    page.get_by_label(re.compile(f"^{client.last_name} {client.first_name}")).select_option("present")
    page.locator("section[aria-labelledby=attendance] button").click()
    expect(page.locator("table.attendance")).to_contain_text("✓")
    audit.check(page, "group")
    audit.assert_clean()


def test_the_plan_the_review_meeting_and_the_next_steps_through_the_pages(
    page: Page, base_url: str, demo: dict[str, User], audit: Audit
) -> None:
    worker, provider_worker = demo["sosiaalityontekija"], demo["tuottaja"]
    client = ClientFactory(first_name="Veera", last_name="Vaiheikas")
    RelationshipFactory(client=client, team=worker.teams.get())
    verso = provider_worker.organisation
    decision = decision_draft(
        actor=worker,
        client=client,
        decision_type="social_rehabilitation",
        decision_text="Myönnetään.",
        grounds="Arvio.",
        legal_basis="SHL 17 §",
        provider=verso,
    )
    decision_make(actor=worker, decision=decision, expected_version=decision.version)
    episode = ServiceEpisode.objects.get(decision_id=decision.pk)
    implementation_plan_save(
        actor=provider_worker,
        episode=episode,
        goals=[ServiceGoal("Päivärytmi"), ServiceGoal("Laskut ajallaan")],
    )

    sign_in(page, base_url, "sosiaalityontekija")
    page.goto(f"{base_url}/plans/clients/{client.pk}/")
    page.locator("#id_client_view_of_need").fill("Haluan arjen järjestykseen.")
    page.locator("#id_professional_view_of_need").fill("Tukea arkeen ja talouteen.")
    page.locator("#id_meeting_frequency").fill("Kerran kuukaudessa")
    page.locator("#id_goal_0").fill("Laskut maksetaan ajallaan")
    page.locator("#id_goal_0_owner").select_option("client")
    page.locator("main details.card form button[type=submit]").click()
    expect(page.locator("section[aria-labelledby=current]")).to_contain_text("Laskut maksetaan ajallaan")
    audit.check(page, "client-plan")

    page.goto(f"{base_url}/services/episodes/{episode.pk}/")
    page.locator("section[aria-labelledby=reviews] details summary").click()
    page.locator("#review-day").fill(timezone.localdate().isoformat())
    for select in page.locator("select[name^=score_]").all():
        select.select_option("4")
    page.locator("#review-participants").fill("Veera, Sari, Teemu")
    page.locator("#review-view").fill("Arki sujuu paremmin.")
    page.locator("#review-next").fill("Kuntouttava työtoiminta.")
    page.locator("form[action$='/reviews/'] button").click()
    expect(page.locator("section[aria-labelledby=reviews] table")).to_contain_text("4")
    audit.check(page, "review-meeting")
    page.locator("#id_summary").fill("Tavoitteet saavutettiin melko hyvin.")
    page.locator("form[action$='/end/'] button").click()

    page.goto(f"{base_url}/plans/clients/{client.pk}/")
    page.locator("section[aria-labelledby=activation] details summary").click()
    page.locator("#id_employment_office").fill("Koivulan TE-palvelut")
    page.locator("#id_measures").fill("Kuntouttava työtoiminta 3 päivää viikossa.")
    page.locator("form[action$='/activation/'] button").click()
    expect(page.locator("section[aria-labelledby=activation]")).to_contain_text("Koivulan TE-palvelut")
    page.locator("details.card summary").click()
    page.locator("#id_meeting_frequency").fill("Joka toinen viikko")
    page.locator("main details.card form button[type=submit]").click()
    changes = page.locator("section[aria-labelledby=current] table")
    expect(changes).to_contain_text("Joka toinen viikko")
    audit.check(page, "client-plan-reviewed")
    assert client.client_plan.versions.count() == 2
    assert not ServiceEpisode.objects.visible_to(provider_worker).filter(pk=episode.pk).exists()
    audit.assert_clean()
