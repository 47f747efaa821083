"""Appointments in a browser (issue 14): the social worker books a meeting with Ville from his process page,
opens it, receives the day's reminder by e-mail on its morning, and once it has taken place records it as
held in one click: it is on his timeline as the journal entry. The week calendar, the team's and the
appointment's page pass axe at 1280 px and on a 390 px phone, in Finnish and in Swedish."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from polku.accounts.models import User
from polku.appointments.models import Appointment, AppointmentStatus
from polku.casework.models import JournalEntry, JournalKind
from polku.clients.models import Client
from polku.core.crypto import search_hash
from polku.demo.ville import VILLE_HETU
from polku.workday.reminders import send_reminders
from tests.browser.conftest import Audit, new_context, sign_in, switch_language

pytestmark = pytest.mark.browser


def test_a_meeting_is_booked_held_and_becomes_the_journal_entry(
    page: Page, base_url: str, demo: dict[str, User], audit: Audit
) -> None:
    ville = Client.objects.get(hetu_hash=search_hash(VILLE_HETU))
    sign_in(page, base_url, "sosiaalityontekija")
    page.goto(f"{base_url}/casework/clients/{ville.pk}/")
    section = page.locator("section[aria-labelledby=appointments]")
    expect(section).to_contain_text("Arviointipalaveri")  # the demo's review meeting, loaded with htmx
    section.get_by_role("link", name="Varaa tapaaminen").click()
    expect(page.locator("h1")).to_contain_text("Tapaamiset")

    start = timezone.localtime() + timedelta(days=3)
    page.get_by_label("Tyyppi").select_option("meeting")
    page.get_by_label("Alkaa").fill(start.strftime("%Y-%m-%dT17:00"))
    page.get_by_label("Kesto (minuuttia)").fill("45")
    page.get_by_label("Paikka").fill("Koivulan sosiaalitoimisto, huone 12")
    audit.check(page, "appointment-booking")
    page.get_by_role("button", name="Varaa", exact=True).click()
    expect(page.locator(".message--success")).to_contain_text("Tapaaminen varattiin")
    expect(page.locator("h1")).to_contain_text("Tapaaminen")
    appointment = Appointment.objects.get(client=ville, duration_minutes=45, place__startswith="Koivulan")
    assert appointment.status == AppointmentStatus.BOOKED
    expect(page.locator("#hold")).to_have_count(1)
    expect(page.get_by_role("button", name="Kirjaa pidetyksi")).to_have_count(0)  # not yet begun
    audit.check(page, "appointment-booked")

    # On the morning of the meeting the background worker sends her the day's digest: the meeting is
    # counted among today's appointments, and the mail names no client.
    worker = demo["sosiaalityontekija"]
    morning = datetime.combine(start.date(), time(7, 30), tzinfo=timezone.get_current_timezone())
    mail.outbox.clear()
    send_reminders(now=morning)
    (digest,) = [message for message in mail.outbox if message.to == [worker.email]]
    that_day = Appointment.objects.filter(
        organiser=worker, status=AppointmentStatus.BOOKED, starts_at__date=start.date()
    ).count()
    assert f"Tämän päivän tapaamiset: {that_day}" in digest.body
    assert "/appointments/week/" in digest.body
    assert ville.last_name not in digest.body and ville.first_name not in digest.body

    # The meeting took place (its time moved to this morning, as the clock would).
    began = timezone.now() - timedelta(hours=2)
    Appointment.objects.filter(pk=appointment.pk).update(
        starts_at=began, ends_at=began + timedelta(minutes=45)
    )
    page.reload()
    entry_text = page.get_by_label("Asiakaskertomuksen merkintä")
    expect(entry_text).to_contain_text("Tapaaminen")  # prefilled from the kind, time and who took part
    entry_text.fill("Tapaamisessa sovittiin asuntohakemuksen liitteistä.")
    page.get_by_role("button", name="Kirjaa pidetyksi").click()
    page.wait_for_url(f"{base_url}/casework/clients/{ville.pk}/timeline/")
    expect(page.locator(".timeline")).to_contain_text("Tapaamisessa sovittiin asuntohakemuksen liitteistä.")
    audit.check(page, "timeline-after-appointment")
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.HELD
    entry = JournalEntry.objects.get(pk=appointment.journal_entry_id)
    assert entry.kind == JournalKind.MEETING and entry.at == appointment.starts_at
    audit.assert_clean()


def test_the_week_calendars_on_a_desktop_and_a_phone_in_finnish_and_swedish(
    browser: Browser, base_url: str, demo: dict[str, User], audit: Audit
) -> None:
    for width, height in ((1280, 900), (390, 844)):
        context = new_context(browser, viewport={"width": width, "height": height}, is_mobile=width < 600)
        context.set_default_timeout(60_000)
        page = context.new_page()
        sign_in(page, base_url, "sosiaalityontekija")
        for language in ("fi", "sv"):
            if language != "fi":
                switch_language(page, language)
            page.goto(f"{base_url}/appointments/week/")
            days = page.locator(".week__day")
            expect(days).to_have_count(7)
            columns = {round(days.nth(i).bounding_box()["x"]) for i in range(7)}  # type: ignore[index]
            assert len(columns) == (7 if width > 600 else 1), (width, columns)
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            audit.check(page, f"week-{width}")
            page.goto(f"{base_url}/appointments/team/")
            expect(page.locator(".week-counts")).to_be_visible()
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            audit.check(page, f"team-week-{width}")
        context.close()
    audit.assert_clean()
