"""A new client from Kela's contact to the end of her service, in Swedish, on a phone (390 px), with the
keyboard only: the people who do each step press keys (Tab, Enter, the arrow keys, typing), never click.
Every page passes axe and fits the screen, and what the system wrote on the timeline is in Swedish."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect

from polku.accounts.models import User
from polku.accounts.services import token_create
from polku.clients.hetu import make_hetu
from polku.clients.models import Client
from polku.core.crypto import search_hash
from polku.provision.models import ServiceEpisode
from tests.browser.conftest import Audit, new_context

pytestmark = pytest.mark.browser

WIDTH = 390
SIGNE_HETU = make_hetu(date(1961, 5, 14), 987)


def press(target: Locator) -> None:
    """Move the focus to a link or button and press Enter, as a keyboard user does."""
    target.focus()
    target.page.keyboard.press("Enter")


def follow(target: Locator) -> None:
    """Press Enter on a link or a form's button and wait for the page it leads to."""
    with target.page.expect_navigation():
        press(target)


def type_into(field: Locator, text: str) -> None:
    field.focus()
    field.press_sequentially(text)


def choose(select: Locator, value: str) -> None:
    """Pick an option of a closed <select> with the arrow keys, from its first option."""
    select.focus()
    select.press("Home")
    for _ in range(select.locator("option").count()):
        if select.input_value() == value:
            return
        select.press("ArrowDown")
    assert select.input_value() == value, f"no option {value!r} reached by the arrow keys"


def check(page: Page, audit: Audit, name: str) -> None:
    audit.check(page, name)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{name}: the page is {width} px wide on a {WIDTH} px screen"


def sign_in_by_keyboard(page: Page, base_url: str, username: str) -> None:
    from polku.demo.data import demo_password

    page.goto(f"{base_url}/login/")
    type_into(page.locator("#id_username"), username)
    page.keyboard.press("Tab")
    page.keyboard.type(demo_password())
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base_url}/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")


def sign_out_by_keyboard(page: Page) -> None:
    follow(page.locator("header form[action='/logout/'] button"))
    page.wait_for_url(re.compile(r"/login/"))


def test_a_new_client_from_kelas_contact_to_the_end_of_her_service_in_swedish_on_a_phone_by_keyboard(
    browser: Browser, base_url: str, demo: dict[str, User], audit: Audit
) -> None:
    phone = new_context(browser, locale="sv-SE", viewport={"width": WIDTH, "height": 844}, is_mobile=True)
    page = phone.new_page()
    today = timezone.localdate()

    # Kela's contact arrives through the API, with the client's consent.
    answer = page.request.post(
        f"{base_url}/api/v1/contacts",
        headers={"Authorization": f"Bearer {token_create(user=demo['kela'])}"},
        data={
            "person": {"hetu": SIGNE_HETU, "first_name": "Signe", "last_name": "Strandberg"},
            "sender": {"organisation": "Kela", "name": "Kaisa Käsittelijä"},
            "consent": True,
            "reasons": ["rent_arrears", "life_management"],
            "description": "Hyresskulder.",
        },
    )
    assert answer.status == 201, answer.text()
    signe = Client.objects.get(hetu_hash=search_hash(SIGNE_HETU))

    # The social worker takes it from the team queue: the focus goes to the result, which is announced.
    sign_in_by_keyboard(page, base_url, "sosiaalityontekija")
    page.goto(f"{base_url}/casework/queue/")
    check(page, audit, "sv-phone-queue")
    press(page.locator("tr", has_text="Strandberg Signe").get_by_role("button", name="Ta till handläggning"))
    result = page.locator("#queue-status .message")
    expect(result).to_contain_text("Signe Strandberg")
    expect(result).to_be_focused()

    # The service need assessment, started and completed.
    page.goto(f"{base_url}/casework/clients/{signe.pk}/")
    check(page, audit, "sv-phone-client-process")
    follow(page.locator("section[aria-labelledby=initiations] a[href$='/assessment/']").first)
    follow(page.locator("button[name=start]"))
    check(page, audit, "sv-phone-assessment")
    type_into(page.locator("#id_client_view"), "Jag vill klara mig själv.")
    choose(page.locator("#id_need_duration"), "long_term")
    type_into(page.locator("#id_situation_summary"), "Hyresskulder, bor ensam.")
    type_into(page.locator("#id_service_needs"), "Stöd i vardagen och med ekonomin.")
    type_into(page.locator("#id_conclusion"), "Klientrelationen inleds.")
    choose(page.locator("#id_personal_worker_client_view"), "yes")
    choose(page.locator("#id_personal_worker_professional_view"), "yes")
    follow(page.locator("button[name=complete]"))
    expect(page.locator("section[aria-labelledby=contents]")).to_contain_text(f"{today.day}.{today.month}.")

    # A personal worker is named.
    page.goto(f"{base_url}/casework/clients/{signe.pk}/")
    form = page.locator("section[aria-labelledby=relationships] form[action$='/personal-worker/']")
    worker = demo["sosiaalityontekija"]
    choose(form.locator("select").first, str(worker.pk))
    follow(form.locator("button"))
    expect(page.locator("section[aria-labelledby=relationships] li")).to_contain_text(worker.display_name)

    # The client plan with a shared goal.
    page.goto(f"{base_url}/plans/clients/{signe.pk}/")
    type_into(page.locator("#id_client_view_of_need"), "Jag vill få ordning på räkningarna.")
    type_into(page.locator("#id_professional_view_of_need"), "Stöd i vardagen och ekonomin.")
    type_into(page.locator("#id_meeting_frequency"), "En gång i månaden")
    type_into(page.locator("#id_goal_0"), "Räkningarna betalas i tid")
    choose(page.locator("#id_goal_0_owner"), "client")
    follow(page.locator("main details.card form button[type=submit]"))
    expect(page.locator("section[aria-labelledby=current]")).to_contain_text("Räkningarna betalas i tid")
    check(page, audit, "sv-phone-client-plan")

    # The decision on social rehabilitation at Verso, made and notified.
    page.goto(f"{base_url}/decisions/clients/{signe.pk}/new/")
    type_into(page.locator("#id_decision_text"), "Social rehabilitering beviljas.")
    type_into(page.locator("#id_grounds"), "Enligt bedömningen av servicebehovet.")
    provider = demo["tuottaja"].organisation
    assert provider is not None
    choose(page.locator("#id_provider"), str(provider.pk))
    check(page, audit, "sv-phone-decision-new")
    follow(page.locator("main form button[type=submit]"))
    follow(page.locator("button[name=make]"))
    choose(page.locator("#id_method"), "in_person")
    follow(page.locator("section[aria-labelledby=notification] button"))
    check(page, audit, "sv-phone-decision")
    sign_out_by_keyboard(page)

    # The provider's worker plans the service with her and marks her present in the film group.
    sign_in_by_keyboard(page, base_url, "tuottaja")
    page.goto(f"{base_url}/services/")
    follow(page.locator("main a", has_text="Strandberg").first)
    check(page, audit, "sv-phone-referral")
    type_into(page.locator("#id_goal_0"), "Dygnsrytm")
    follow(page.locator("button[name=plan]"))
    expect(page.locator("section[aria-labelledby=plan] ol")).to_contain_text("Dygnsrytm")
    page.goto(f"{base_url}/services/")
    follow(page.locator("main a", has_text="Elokuvaryhmä").first)
    member = page.locator("#new-member option", has_text="Strandberg").first.get_attribute("value")
    choose(page.locator("#new-member"), member or "")
    follow(page.locator("button[name=add_member]"))
    follow(page.locator("button[name=add_session]"))
    choose(page.get_by_label(re.compile(r"^Strandberg Signe")), "present")
    follow(page.locator("section[aria-labelledby=attendance] button"))
    expect(page.locator("table.attendance")).to_contain_text("✓")
    check(page, audit, "sv-phone-group")
    sign_out_by_keyboard(page)

    # The personal worker follows the provider's attendance and ends the service today.
    sign_in_by_keyboard(page, base_url, "sosiaalityontekija")
    page.goto(f"{base_url}/casework/clients/{signe.pk}/")
    follow(page.locator(f"main a[href$='/services/clients/{signe.pk}/']").first)
    attendance = page.locator("main dl").first
    expect(attendance).to_contain_text(re.compile(r"Närvarande\s*1"))
    expect(page.locator("main table")).to_contain_text("Elokuvaryhmä")
    check(page, audit, "sv-phone-client-services")
    episode = ServiceEpisode.objects.get(client=signe)
    page.goto(f"{base_url}/services/episodes/{episode.pk}/")
    check(page, audit, "sv-phone-episode")
    type_into(page.locator("#id_summary"), "Målen nåddes.")
    follow(page.locator("form[action$='/end/'] button"))
    episode.refresh_from_db()
    assert episode.ended_on == today

    # Her timeline tells it in Swedish.
    page.goto(f"{base_url}/casework/clients/{signe.pk}/timeline/")
    check(page, audit, "sv-phone-timeline")
    timeline = page.locator("ol.timeline").inner_text()
    finnish_words = (
        "Asiakassuunnitelma",
        "myönnetty",
        "Jatkotoimet",
        "arviointi",
        "Toisen viranomaisen",
        "Vuokravelat",
    )
    for finnish in finnish_words:
        assert finnish not in timeline, f"Finnish on the Swedish timeline: {finnish!r}"
    phone.close()
    audit.assert_clean()
