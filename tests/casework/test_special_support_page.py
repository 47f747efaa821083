"""Recording special support (SHL 3 §3) on its own page: what a refused form had stays in it, nothing is
stored, and only the client's own workers reach the page. When a determination is in force, by the one rule
every page and check reads it with."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from polku.casework.models import JournalKind, SpecialSupport
from polku.casework.selectors import client_case
from polku.casework.services import needs_special_support, special_support_end
from polku.core.formats import day
from polku.segments.facts import facts_for
from polku.workday.worklist import work_for
from tests.conftest import World

pytestmark = pytest.mark.django_db


def page(world: World) -> str:
    return reverse("casework:special_support", kwargs={"client_id": world.client.pk})


def test_the_process_page_links_to_the_form_and_a_valid_form_is_recorded(client: Any, world: World) -> None:
    client.force_login(world.worker)
    case = client.get(reverse("casework:case", kwargs={"client_id": world.client.pk})).content.decode()
    assert f'href="{page(world)}"' in case
    assert client.get(page(world)).status_code == 200
    response = client.post(page(world), {"grounds": ["cognitive"], "explanation": "Muistisairaus."})
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:case", kwargs={"client_id": world.client.pk})
    recorded = SpecialSupport.objects.get(client=world.client)
    assert (recorded.grounds, recorded.explanation) == (["cognitive"], "Muistisairaus.")


def test_a_refused_form_keeps_what_was_written_and_stores_nothing(client: Any, world: World) -> None:
    client.force_login(world.worker)
    response = client.post(page(world), {"explanation": "Ei pysty asioimaan yksin."})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ei pysty asioimaan yksin." in html
    assert 'class="error-summary"' in html
    assert not SpecialSupport.objects.exists()


def test_another_teams_worker_does_not_find_the_page(client: Any, world: World) -> None:
    client.force_login(world.other_worker)
    assert client.get(page(world)).status_code == 404
    assert client.post(page(world), {"grounds": ["cognitive"], "explanation": "x"}).status_code == 404
    assert not SpecialSupport.objects.exists()


TODAY = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("determined_on", "ended_on", "in_force_on_4_12"),
    [
        (date(2026, 3, 2), None, True),  # no end recorded
        (date(2026, 3, 2), date(2026, 12, 3), False),  # ended yesterday
        (date(2026, 3, 2), date(2026, 12, 4), False),  # ends today: ended from its end day on
        (date(2026, 3, 2), date(2026, 12, 5), True),  # ends tomorrow: in force today
        (date(2026, 12, 4), None, True),  # determined today
        (date(2026, 12, 5), None, False),  # determined tomorrow (a record dated ahead): not yet
    ],
)
def test_a_determination_is_in_force_from_its_day_until_its_end_day(
    world: World, determined_on: date, ended_on: date | None, in_force_on_4_12: bool
) -> None:
    SpecialSupport.objects.create(
        client=world.client, determined_on=determined_on, ended_on=ended_on, explanation="Päihteet"
    )
    assert SpecialSupport.objects.in_force(on=TODAY).exists() is in_force_on_4_12
    assert facts_for([world.client.pk], TODAY)[world.client.pk].special_support is in_force_on_4_12


@pytest.mark.parametrize(
    ("determined_days_ago", "ends_in_days", "in_force"),
    [
        (100, None, True),
        (100, -1, False),
        (100, 0, False),
        (100, 1, True),
        (0, None, True),
        (-1, None, False),
    ],
)
def test_the_checks_the_process_page_the_work_list_and_the_client_facts_agree_on_what_is_in_force(
    world: World, determined_days_ago: int, ends_in_days: int | None, in_force: bool
) -> None:
    """The same six cases as above, relative to today: the public-office rule of SHL 36, 42 and 46, the
    process page, the personal worker's list of clients to meet and the client's facts say the same."""
    today = timezone.localdate()
    world.client.relationships.update(personal_worker=world.worker)
    SpecialSupport.objects.create(
        client=world.client,
        determined_on=today - timedelta(days=determined_days_ago),
        ended_on=None if ends_in_days is None else today + timedelta(days=ends_in_days),
        explanation="Päihteet",
    )
    assert needs_special_support(world.client) is in_force
    case = client_case(user=world.worker, client_id=world.client.pk, view="t")
    assert (case.special_support is not None) is in_force
    section = next(s for s in work_for(world.worker, view="t") if s.key == "special_support")
    assert [row.client_id for row in section.rows] == ([world.client.pk] if in_force else [])
    assert facts_for([world.client.pk])[world.client.pk].special_support is in_force


# --- ending a determination ------------------------------------------------------------------------------


def _determination(world: World, days_ago: int = 100) -> SpecialSupport:
    return SpecialSupport.objects.create(
        client=world.client,
        determined_on=timezone.localdate() - timedelta(days=days_ago),
        grounds=["substance"],
        explanation="Päihteet",
    )


def test_a_public_office_social_worker_ends_it_and_the_public_office_rules_no_longer_apply(
    client: Any, world: World
) -> None:
    determination = _determination(world)
    client.force_login(world.worker)
    case = reverse("casework:case", kwargs={"client_id": world.client.pk})
    case_html = client.get(case).content.decode()
    assert f'href="{page(world)}"' in case_html  # "End the determination"
    form = client.get(page(world)).content.decode()
    # Both pages show the determination in force the same way.
    shown = f"Todettu {day(determination.determined_on)}, kirjaaja"
    assert shown in case_html and shown in form and "Päihteet" in form
    assert 'name="reason"' in form and f'name="version" value="{determination.version}"' in form
    response = client.post(
        page(world),
        {
            "end": "1",
            "ended_on": timezone.localdate().isoformat(),
            "reason": "Asuu tuetusti, asioi itse.",
            "version": 1,
        },
    )
    assert response.status_code == 302 and response["Location"] == case
    determination.refresh_from_db()
    assert (determination.ended_on, determination.end_reason) == (
        timezone.localdate(),
        "Asuu tuetusti, asioi itse.",
    )
    assert not needs_special_support(world.client)
    ended = world.client.journal.get(message="special_support_ended")
    assert (ended.author, ended.kind) == (world.worker, JournalKind.SPECIAL_SUPPORT_ENDED)
    timeline_page = reverse("casework:timeline", kwargs={"client_id": world.client.pk})
    timeline = client.get(timeline_page).content.decode()
    assert "Erityisen tuen tarve päättynyt" in timeline
    assert f"Erityisen tuen tarve päättyi {day(timezone.localdate())}: Asuu tuetusti, asioi itse." in timeline
    # The process page offers recording a new determination again, and one can be made.
    assert "Kirjaa, että asiakas tarvitsee erityistä tukea" in client.get(case).content.decode()
    client.post(page(world), {"grounds": ["cognitive"], "explanation": "Uusi tarve."})
    assert SpecialSupport.objects.in_force().get().explanation == "Uusi tarve."


@pytest.mark.parametrize(
    ("who", "page_status"),
    [("counsellor", 200), ("manager", 200), ("other_worker", 404)],
)
def test_only_a_public_office_social_worker_of_the_clients_team_ends_it(
    client: Any, world: World, who: str, page_status: int
) -> None:
    _determination(world)
    client.force_login(getattr(world, who))
    shown = client.get(page(world))
    assert shown.status_code == page_status
    if page_status == 200:
        assert 'name="reason"' not in shown.content.decode()  # the text says who ends it, no form
    client.post(
        page(world), {"end": "1", "ended_on": timezone.localdate().isoformat(), "reason": "x", "version": 1}
    )
    assert needs_special_support(world.client)
    assert SpecialSupport.objects.get().end_reason == ""


def test_the_service_refuses_other_roles_and_other_teams(world: World) -> None:
    determination = _determination(world)
    for actor in (world.counsellor, world.manager, world.other_worker, world.advisor):
        with pytest.raises(PermissionDenied):
            special_support_end(actor=actor, determination=determination, reason="x", expected_version=1)
    assert needs_special_support(world.client)


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"reason": "   "}, "Tämä kenttä on pakollinen."),
        ({"ended_on": "TOMORROW"}, "Tähän kirjataan tapahtunutta: päivämäärä ei voi olla tulevaisuudessa."),
        ({"ended_on": "BEFORE"}, "Erityisen tuen tarve todettiin"),
        ({"ended_on": "0001-01-01"}, "Anna päivämäärä väliltä 1900-01-01–2200-12-31."),
        ({"ended_on": "9999-12-31"}, "Anna päivämäärä väliltä 1900-01-01–2200-12-31."),
        ({"version": "0"}, "Joku muu muutti näitä tietoja"),
    ],
)
def test_a_refused_end_keeps_what_was_written_and_changes_nothing(
    client: Any, world: World, posted: dict[str, str], message: str
) -> None:
    determination = _determination(world, days_ago=10)
    today = timezone.localdate()
    days = {"TOMORROW": today + timedelta(days=1), "BEFORE": determination.determined_on - timedelta(days=1)}
    data = {
        "end": "1",
        "ended_on": today.isoformat(),
        "reason": "Tilanne vakiintui.",
        "version": "1",
    } | posted
    data["ended_on"] = str(days.get(data["ended_on"], data["ended_on"]))
    client.force_login(world.worker)
    response = client.post(page(world), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html and message in html
    if "reason" not in posted:
        assert "Tilanne vakiintui." in html  # what was written stays in the form
    determination.refresh_from_db()
    assert (determination.ended_on, determination.end_reason, determination.version) == (None, "", 1)
    assert not world.client.journal.filter(message="special_support_ended").exists()


@pytest.mark.parametrize("reason", ["a\x00b", "x" * 2001])
def test_the_service_refuses_a_reason_that_is_not_text_of_a_sane_length(world: World, reason: str) -> None:
    determination = _determination(world)
    with pytest.raises(ValidationError) as refused:
        special_support_end(
            actor=world.worker, determination=determination, reason=reason, expected_version=1
        )
    assert refused.value.message_dict == {"reason": ["Kirjoita syy tekstinä, enintään 2000 merkkiä."]}
    determination.refresh_from_db()
    assert determination.ended_on is None


def test_an_ended_determination_is_not_ended_again(world: World) -> None:
    determination = _determination(world)
    special_support_end(actor=world.worker, determination=determination, reason="Ohi.", expected_version=1)
    determination.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        special_support_end(
            actor=world.worker,
            determination=determination,
            reason="Uudelleen.",
            expected_version=determination.version,
        )
    assert refused.value.messages == ["Tämä erityisen tuen tarpeen toteaminen ei ole enää voimassa."]
    determination.refresh_from_db()
    assert determination.end_reason == "Ohi."
