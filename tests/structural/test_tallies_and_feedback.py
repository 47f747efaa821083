"""Walk-in and outreach tallies (SHL 7 a) and client feedback: anonymous entry and monthly figures."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from polku.accounts.models import Team
from polku.instruments import definitions
from polku.structural.feedback_items import check_feedback_instrument, feedback_items
from polku.structural.models import FeedbackAnswer, Tally
from polku.structural.services import feedback_record, tally_record
from polku.structural.stats import feedback_summary, tally_stats
from tests.conftest import World

pytestmark = pytest.mark.django_db

JAN = date(2025, 1, 15)


def tally(world: World, **extra: Any) -> Tally:
    data: dict[str, Any] = {
        "actor": world.counsellor,
        "team": world.team,
        "day": JAN,
        "work_kind": "outreach",
        "place": "Rautatieasema",
        "contact_kind": "in_person",
        "topics": ["housing"],
        "age_group": "18_24",
        "gender": "male",
        "people": 6,
    }
    return tally_record(**(data | extra))


def test_a_tally_has_no_client_and_no_personal_data() -> None:
    names = {f.name for f in Tally._meta.get_fields()} | {f.name for f in FeedbackAnswer._meta.get_fields()}
    assert not names & {"client", "client_id", "hetu", "name", "relationship"}


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"people": -2}, "people"),
        ({"people": 0}, "people"),
        ({"people": 99_999}, "people"),
        ({"people": 201}, "people"),
        ({"place": "Asiakas 010190-900P kadulla"}, "place"),
        ({"topics": []}, "topics"),
        ({"day": timezone.localdate() + timedelta(days=3)}, "date"),
    ],
)
def test_bad_tallies_are_refused_with_a_message_and_nothing_is_saved(
    world: World, extra: Any, field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        tally(world, **extra)
    assert field in refused.value.message_dict
    assert not Tally.objects.exists()


def test_an_implausible_count_is_refused_on_the_page_and_in_the_api_with_the_reason(
    world: World, client: Any
) -> None:
    client.force_login(world.counsellor)
    form = {
        "team": world.team.pk,
        "date": "2025-01-10",
        "work_kind": "walk_in",
        "place": "Kirjasto",
        "contact_kind": "in_person",
        "topics": ["income"],
        "age_group": "30_54",
        "gender": "female",
        "people": "99999",
    }
    page = client.post(reverse("structural:tallies"), form, HTTP_ACCEPT_LANGUAGE="fi")
    body = page.content.decode()
    assert page.status_code == 200 and "enintään 200" in body
    assert 'name="people" value="99999"' in body and 'max="200"' in body  # the input is kept
    api = {k: v for k, v in form.items() if k != "team"} | {"people": 99_999, "topics": ["debt"]}
    refused = client.post("/api/v1/tallies", json.dumps(api), content_type="application/json")
    assert refused.status_code == 400 and "200" in refused.json()["errors"]["people"][0]
    assert (
        client.post(reverse("structural:tallies"), form | {"people": "200"}).status_code == 302
    )  # a large group is still a tally
    assert list(Tally.objects.values_list("people", flat=True)) == [200]


def test_monthly_statistics_add_up_people_and_hide_small_groups(world: World) -> None:
    tally(world, people=6, age_group="18_24", gender="male")
    tally(
        world, people=7, age_group="25_29", gender="female", work_kind="walk_in", topics=["debt", "housing"]
    )
    tally(world, people=2, age_group="25_29", gender="female", day=date(2025, 2, 3))
    stats = tally_stats(
        teams=Team.objects.filter(pk=world.team.pk), first=date(2025, 1, 1), last=date(2025, 2, 28)
    )
    january, _february = stats.months
    age = stats.grids["age"]
    # Hand-checked: February's 2 is small. With January's 7 and the column total 9 shown, 9 - 7 would give
    # it away, and so would January's total 13 with the grand total 15: both January figures go.
    # columns: under 18, 18-24, 25-29, 30-54, 55-64, 65+, not known, total
    assert [[c.text for c in cells] for _label, cells in age.table] == [
        ["0", "6", "×", "0", "0", "0", "0", "×"],
        ["0", "0", "<5", "0", "0", "0", "0", "<5"],
        ["0", "6", "9", "0", "0", "0", "0", "15"],
    ]
    # The gender table shares the monthly totals, so it hides them too.
    assert stats.grids["gender"].cells[(january, "total")].count is None
    topics = dict(stats.topics)
    assert [c.text for c in topics["housing"]] == ["13", "<5"]
    assert [c.text for c in topics["debt"]] == ["7", "0"]


def test_the_tally_page_records_a_tally_and_shows_the_month(world: World, client: Any) -> None:
    client.force_login(world.counsellor)
    today = timezone.localdate()
    response = client.post(
        reverse("structural:tallies"),
        {
            "team": world.team.pk,
            "date": today.isoformat(),
            "work_kind": "walk_in",
            "place": "Kirjasto",
            "contact_kind": "in_person",
            "topics": ["income"],
            "age_group": "30_54",
            "gender": "female",
            "people": "8",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("structural:tallies")).content.decode()
    assert '<td class="num">8</td>' in page
    bad = client.post(
        reverse("structural:tallies"),
        {
            "team": world.team.pk,
            "date": today.isoformat(),
            "work_kind": "walk_in",
            "place": "Kirjasto",
            "contact_kind": "in_person",
            "topics": ["income"],
            "age_group": "30_54",
            "gender": "female",
            "people": "-1",
        },
    )
    assert bad.status_code == 200 and "at least 1" in bad.content.decode()
    assert Tally.objects.count() == 1


def test_the_api_takes_a_tally_and_refuses_a_negative_count(world: World, client: Any) -> None:
    client.force_login(world.counsellor)
    body = {
        "date": "2025-01-10",
        "work_kind": "outreach",
        "place": "Tori",
        "contact_kind": "in_person",
        "topics": ["substances"],
        "age_group": "30_54",
        "gender": "unknown",
        "people": 3,
    }
    created = client.post("/api/v1/tallies", json.dumps(body), content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["people"] == 3
    refused = client.post(
        "/api/v1/tallies", json.dumps(body | {"people": -3}), content_type="application/json"
    )
    assert refused.status_code == 400
    assert "people" in refused.json()["errors"]
    assert Tally.objects.count() == 1
    client.force_login(world.analyst)
    assert (
        client.post("/api/v1/tallies", json.dumps(body), content_type="application/json").status_code == 403
    )


def test_feedback_is_summarised_by_team_and_month_without_small_groups(world: World) -> None:
    for score in (5, 4, 4, 5, 3):
        feedback_record(
            actor=world.worker, team=world.team, answered_on=JAN, answers={"heard": score, "helped": None}
        )
    for score in (1, 2):
        feedback_record(
            actor=world.worker, team=world.team, answered_on=date(2025, 2, 2), answers={"heard": score}
        )
    summary = feedback_summary(teams=Team.objects.all(), first=date(2025, 1, 1), last=date(2025, 2, 28))
    january, february = summary.rows
    codes = [item.code for item in summary.items]
    assert (january.answers.text, january.means[codes.index("heard")]) == ("5", "4.2")
    assert january.means[codes.index("helped")] == ""  # nobody answered it
    assert february.answers.text == "<5"
    assert all(mean == "" for mean in february.means)
    assert set(FeedbackAnswer.objects.first().answers) <= set(codes)  # type: ignore[union-attr]


def test_feedback_outside_the_scale_or_empty_is_refused(world: World) -> None:
    for answers in ({"heard": 6}, {"heard": None}, {"nonsense": 3}):
        with pytest.raises(ValidationError):
            feedback_record(actor=world.worker, team=world.team, answered_on=JAN, answers=answers)
    assert not FeedbackAnswer.objects.exists()


def test_the_feedback_page_saves_a_survey_with_only_team_and_month(world: World, client: Any) -> None:
    client.force_login(world.worker)
    day = timezone.localdate()
    response = client.post(
        reverse("structural:feedback"),
        {"team": world.team.pk, "answered_on": day.isoformat(), "item_heard": "5", "item_helped": "4"},
    )
    assert response.status_code == 302
    answer = FeedbackAnswer.objects.get()
    assert (answer.month, answer.answers) == (day.replace(day=1), {"heard": 5, "helped": 4})
    assert client.get(reverse("structural:feedback")).status_code == 200
    client.force_login(world.provider)
    assert client.get(reverse("structural:feedback")).status_code == 403


def test_the_feedback_items_are_the_instruments_and_polku_does_not_start_without_it(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert [item.code for item in feedback_items()] == ["heard", "understood", "helped"]
    assert check_feedback_instrument(None) == []
    monkeypatch.setattr(definitions, "BUILT_IN_DIR", tmp_path)  # an organisation removed the file
    definitions.registry.cache_clear()
    try:
        errors = check_feedback_instrument(None)
        assert [e.id for e in errors] == ["structural.E001"]
        assert "client_feedback.v1.yaml" in errors[0].msg
    finally:
        monkeypatch.undo()
        definitions.registry.cache_clear()
