"""AVAIN in the client plan: the goals, situational factors, services and methods rated when the plan is made
and again at each review (a new version), checked against the AVAIN data file's lists and scales in the
service, the form and the API; refused input stores nothing; the AVAIN change page compares the first plan
with the latest review, access-checked and logged; the printed plan carries the ratings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from polku.accounts.services import token_create
from polku.audit.models import UseLogEntry
from polku.plans.apps import check_avain_file
from polku.plans.avain import BUILT_IN, AvainFileError, avain, parse
from polku.plans.avain_change import avain_change
from polku.plans.models import AvainRating, PlanVersion
from polku.plans.selectors import plan_versions_of
from polku.plans.services import AvainIn, GoalIn, plan_create, plan_review, version_changes
from tests.casework.test_assessment_document import pdf_text
from tests.conftest import World
from tests.plans.test_client_plan import content

pytestmark = pytest.mark.django_db

PLAN_GOALS = [
    GoalIn("Laskut maksetaan ajallaan", "client", avain=1),
    GoalIn("Säännöllinen päivärytmi", "together", avain=2),
]
PLAN_AVAIN = [
    AvainIn("factors", "debts", -2),
    AvainIn("factors", "motivation", 1),
    AvainIn("services", "social_rehabilitation", None),
    AvainIn("methods", "motivational", 1),
]
REVIEW_GOALS = [
    GoalIn("Laskut maksetaan ajallaan", "client", avain=4),
    GoalIn("Kuntouttava työtoiminta sujuu", "client", avain=2),
]
REVIEW_AVAIN = [
    AvainIn("factors", "debts", -1),
    AvainIn("factors", "motivation", 2),
    AvainIn("services", "social_rehabilitation", 3),
    AvainIn("methods", "motivational", 3),
    AvainIn("methods", "network_work", 2),
]


def rated(world: World) -> tuple[PlanVersion, PlanVersion]:
    first = plan_create(
        actor=world.worker, client=world.client, content=content(goals=PLAN_GOALS, avain=PLAN_AVAIN)
    )
    second = plan_review(
        actor=world.worker,
        plan=first.plan,
        based_on=1,
        content=content(goals=REVIEW_GOALS, avain=REVIEW_AVAIN),
    )
    return first, second


def ratings(version: PlanVersion) -> dict[tuple[str, str], int | None]:
    return {(r.component, r.item): r.value for r in AvainRating.objects.filter(version=version)}


def test_the_data_file_has_the_four_components_in_every_language_and_says_what_is_unverified() -> None:
    measure = avain()
    assert list(measure.components) == ["goals", "factors", "services", "methods"]
    raw = yaml.safe_load(BUILT_IN.read_text(encoding="utf-8"))
    assert "thl.fi" in raw["source"] or "THL" in raw["source"]
    assert str(raw["retrieved"]) == "2026-12-05"
    for component in measure.components.values():
        for option in component.scale.options:
            assert all(option.label.by_language[lang] for lang in ("fi", "sv", "en"))
        for item in component.items:
            assert all(item.label.by_language[lang] for lang in ("fi", "sv", "en"))
    # Nothing read from THL's lists could be checked here: every item and scale says so.
    assert not any(s.verified for s in (c.scale for c in measure.components.values()))
    assert not any(i.verified for c in measure.components.values() for i in c.items)


@pytest.mark.parametrize(
    ("break_it", "message"),
    [
        (lambda d: d.update(format="other/1"), "format"),
        (
            lambda d: d["components"]["factors"].update(scale="zero_to_eleven"),
            "unknown scale 'zero_to_eleven'",
        ),
        (lambda d: d["components"]["services"]["items"][0]["label"].pop("sv"), "missing translation 'sv'"),
        (
            lambda d: d["components"]["methods"]["items"].append(d["components"]["methods"]["items"][0]),
            "duplicate",
        ),
        (lambda d: d["scales"][0]["options"].pop(1), "consecutive"),
        (lambda d: d["components"].pop("methods"), "missing component 'methods'"),
        (lambda d: d["components"]["factors"]["items"][0].pop("verified"), "verified"),
    ],
)
def test_a_broken_data_file_is_refused_naming_the_place(break_it: Any, message: str) -> None:
    data = yaml.safe_load(BUILT_IN.read_text(encoding="utf-8"))
    break_it(data)
    with pytest.raises(AvainFileError) as refused:
        parse(data, "county.yaml")
    assert str(refused.value).startswith("county.yaml: ") and message in str(refused.value)


def test_a_county_points_polku_at_its_own_newer_list(tmp_path: Path, world: World) -> None:
    data = yaml.safe_load(BUILT_IN.read_text(encoding="utf-8"))
    data["version"] = 2
    data["components"]["factors"]["items"].append(
        {"code": "county_factor", "verified": True, "label": {"fi": "Oma", "sv": "Egen", "en": "Own"}}
    )
    path = tmp_path / "avain.v2.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    avain.cache_clear()
    try:
        with override_settings(POLKU_AVAIN_FILE=str(path)):
            assert avain().version == 2
            version = plan_create(
                actor=world.worker,
                client=world.client,
                content=content(avain=[AvainIn("factors", "county_factor", 1)]),
            )
            assert version.avain_version == 2
    finally:
        avain.cache_clear()
    assert avain().version == 1


def test_the_plan_is_rated_and_its_review_rates_again_in_a_new_version(world: World) -> None:
    first, second = rated(world)
    first.refresh_from_db()
    assert first.avain_version == second.avain_version == 1
    assert [g.avain for g in first.goals.all()] == [1, 2]
    assert [g.avain for g in second.goals.all()] == [4, 2]
    assert ratings(first) == {
        ("factors", "debts"): -2,
        ("factors", "motivation"): 1,
        ("services", "social_rehabilitation"): None,
        ("methods", "motivational"): 1,
    }
    assert ratings(second)[("services", "social_rehabilitation")] == 3
    assert ratings(second)[("methods", "network_work")] == 2


def test_the_reviews_list_of_changes_names_the_avain_ratings_it_changed(world: World) -> None:
    first, second = rated(world)
    changes = {c.label: (c.before, c.after) for c in version_changes(first, second)}
    assert changes["AVAIN: tavoitteen toteutuminen"] == (
        "Laskut maksetaan ajallaan: Ei lainkaan; Säännöllinen päivärytmi: Vähän",
        "Laskut maksetaan ajallaan: Suurelta osin; Kuntouttava työtoiminta sujuu: Vähän",
    )
    assert changes["AVAIN: Tavoitteisiin vaikuttavat tilannetekijät"] == (
        "Velat ja maksuhäiriöt: Estää paljon; Asiakkaan oma motivaatio ja voimavarat: Edistää jonkin verran",
        "Velat ja maksuhäiriöt: Estää jonkin verran; Asiakkaan oma motivaatio ja voimavarat: Edistää paljon",
    )
    assert changes["AVAIN: Palvelut"] == (
        "Sosiaalinen kuntoutus: käytössä, ei vielä arvioitu",
        "Sosiaalinen kuntoutus: Paljon hyötyä",
    )


def test_a_plan_without_avain_ratings_has_no_avain_version(world: World) -> None:
    version = plan_create(actor=world.worker, client=world.client, content=content())
    assert version.avain_version is None and not AvainRating.objects.exists()


BAD_RATINGS: list[tuple[str, dict[str, Any]]] = [
    ("goal off the scale", {"goals": [GoalIn("Laskut", "client", avain=6)]}),
    ("goal below the scale", {"goals": [GoalIn("Laskut", "client", avain=0)]}),
    ("goal a huge number", {"goals": [GoalIn("Laskut", "client", avain=10**18)]}),
    ("factor off the scale", {"avain": [AvainIn("factors", "debts", 3)]}),
    ("factor not rated", {"avain": [AvainIn("factors", "debts", None)]}),
    ("item not on the list", {"avain": [AvainIn("factors", "=HYPERLINK(1)", 1)]}),
    ("item with NUL", {"avain": [AvainIn("services", "debt\x00advice", 1)]}),
    ("unknown component", {"avain": [AvainIn("goals", "debts", 1)]}),
    ("service off the scale", {"avain": [AvainIn("services", "debt_advice", -1)]}),
    (
        "rated twice",
        {"avain": [AvainIn("methods", "motivational", 1), AvainIn("methods", "motivational", 2)]},
    ),
    (
        "one good and one bad",
        {"avain": [AvainIn("factors", "debts", -1), AvainIn("methods", "home_visits", 4)]},
    ),
]


@pytest.mark.parametrize(("case", "changes"), BAD_RATINGS, ids=[c for c, _ in BAD_RATINGS])
def test_a_rating_off_the_lists_or_scales_is_refused_and_nothing_is_stored(
    world: World, case: str, changes: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError) as refused:
        plan_create(actor=world.worker, client=world.client, content=content(**changes))
    assert "avain" in refused.value.message_dict, case
    assert not PlanVersion.objects.exists() and not AvainRating.objects.exists()


def test_a_refused_review_leaves_the_plan_as_it_was(world: World) -> None:
    first = plan_create(
        actor=world.worker, client=world.client, content=content(goals=PLAN_GOALS, avain=PLAN_AVAIN)
    )
    with pytest.raises(ValidationError):
        plan_review(
            actor=world.worker,
            plan=first.plan,
            based_on=1,
            content=content(goals=REVIEW_GOALS, avain=[AvainIn("factors", "debts", 9)]),
        )
    assert PlanVersion.objects.count() == 1 and AvainRating.objects.count() == len(PLAN_AVAIN)
    assert ratings(first)[("factors", "debts")] == -2


def test_the_change_compares_the_first_plan_with_the_latest_review_item_by_item(world: World) -> None:
    rated(world)
    plan_review(  # a review without AVAIN ratings does not hide the last rated one
        actor=world.worker,
        plan=PlanVersion.objects.first().plan,  # type: ignore[union-attr]
        based_on=2,
        content=content(),
    )
    change = avain_change(plan_versions_of(client=world.client))
    assert change.first is not None and change.first.number == 1
    assert change.latest is not None and change.latest.number == 2
    table = {
        section.component.id: {row.label: (row.first, row.latest, row.difference) for row in section.rows}
        for section in change.sections
    }
    assert table["goals"] == {
        "Laskut maksetaan ajallaan": (1, 4, 3),
        "Säännöllinen päivärytmi": (2, None, None),
        "Kuntouttava työtoiminta sujuu": (None, 2, None),
    }
    assert table["factors"] == {
        "Velat ja maksuhäiriöt": (-2, -1, 1),
        "Asiakkaan oma motivaatio ja voimavarat": (1, 2, 1),
    }
    assert table["services"] == {"Sosiaalinen kuntoutus": (None, 3, None)}
    assert table["methods"] == {"Motivoiva haastattelu": (1, 3, 2), "Verkostotyö": (None, 2, None)}
    services = next(s for s in change.sections if s.component.id == "services")
    assert services.rows[0].first_label == "käytössä, ei vielä arvioitu"  # Finnish, the default language
    assert all("<svg" in s.chart for s in change.sections)


def test_the_change_page_shows_the_numbers_is_linked_beside_the_self_assessments_and_is_logged(
    client: Any, world: World
) -> None:
    rated(world)
    client.force_login(world.worker)
    url = reverse("plans:avain", kwargs={"client_id": world.client.pk})
    page = client.get(url).content.decode()
    assert (
        "Velat ja maksuhäiriöt" in page and "Estää paljon (-2)" in page and "Estää jonkin verran (-1)" in page
    )
    assert "Laskut maksetaan ajallaan" in page and "Suurelta osin (4)" in page and "+3" in page
    assert '<svg class="change-chart"' in page
    assert UseLogEntry.objects.filter(view="plans:avain", client_id=world.client.pk).count() == 1
    case = client.get(reverse("casework:case", kwargs={"client_id": world.client.pk})).content.decode()
    self_assessments = reverse("instruments:client", kwargs={"client_id": world.client.pk})
    assert f'href="{self_assessments}"' in case and f'href="{url}"' in case
    instruments = client.get(self_assessments).content.decode()
    assert f'href="{url}"' in instruments


def test_a_plan_without_ratings_says_so(client: Any, world: World) -> None:
    plan_create(actor=world.worker, client=world.client, content=content())
    client.force_login(world.worker)
    response = client.get(reverse("plans:avain", kwargs={"client_id": world.client.pk}))
    assert response.status_code == 200 and "<svg" not in response.content.decode()


def test_a_stranger_gets_no_avain_change_and_no_ratings_through_the_api(client: Any, world: World) -> None:
    rated(world)
    client.force_login(world.other_worker)
    assert client.get(reverse("plans:avain", kwargs={"client_id": world.client.pk})).status_code == 404
    client.logout()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=world.other_worker)}"}
    assert client.get(f"/api/v1/clients/{world.client.pk}/plan", **headers).status_code == 404
    assert not UseLogEntry.objects.filter(view="plans:avain", username=world.other_worker.username).exists()


def form_data(**extra: Any) -> dict[str, Any]:
    return {
        "client_view_of_need": "Oma näkemys",
        "professional_view_of_need": "Ammattilaisen näkemys",
        "meeting_frequency": "Kerran kuussa",
        "goal_0": "Laskut hoidossa",
        "goal_0_owner": "client",
        **extra,
    }


def test_the_plan_page_rates_and_a_review_starts_from_the_ratings_before(client: Any, world: World) -> None:
    client.force_login(world.worker)
    url = reverse("plans:client", kwargs={"client_id": world.client.pk})
    saved = client.post(
        url,
        form_data(
            goal_0_avain="2",
            avain_factors_debts="-2",
            avain_services_debt_advice="in_use",
            avain_methods_home_visits="1",
        ),
    )
    assert saved.status_code == 302
    version = PlanVersion.objects.get()
    assert version.goals.get().avain == 2
    assert ratings(version) == {
        ("factors", "debts"): -2,
        ("services", "debt_advice"): None,
        ("methods", "home_visits"): 1,
    }
    page = client.get(url).content.decode()
    assert 'name="avain_factors_debts"' in page
    assert '<option value="-2" selected>' in page and '<option value="in_use" selected>' in page
    assert "Velat ja maksuhäiriöt" in page  # the current version shows its ratings


@pytest.mark.parametrize(
    "bad",
    [
        {"goal_0_avain": "9"},
        {"avain_factors_debts": "in_use"},  # a factor is rated, never only "in use"
        {"avain_factors_debts": "99999999999999999999999"},
        {"avain_services_debt_advice": "-1"},
    ],
)
def test_the_plan_page_refuses_a_rating_off_the_scale_and_stores_nothing(
    client: Any, world: World, bad: dict[str, str]
) -> None:
    client.force_login(world.worker)
    response = client.post(reverse("plans:client", kwargs={"client_id": world.client.pk}), form_data(**bad))
    assert response.status_code == 200
    assert not PlanVersion.objects.exists() and not AvainRating.objects.exists()


def call(client: Any, user: Any, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user)}"}
    if method == "get":
        return client.get(url, **headers)
    return client.post(url, json.dumps(body or {}), content_type="application/json", **headers)


API_PLAN = {
    "client_view_of_need": "Laskut",
    "professional_view_of_need": "Talous",
    "meeting_frequency": "kuukausittain",
    "goals": [{"text": "Laskut hoidossa", "owner": "client", "avain": 2}],
    "avain": [
        {"component": "factors", "item": "debts", "value": -2},
        {"component": "services", "item": "debt_advice", "value": None},
    ],
}


def test_the_api_writes_and_returns_the_ratings_with_the_version(client: Any, world: World) -> None:
    url = f"/api/v1/clients/{world.client.pk}/plan"
    made = call(client, world.worker, "post", url, API_PLAN)
    assert made.status_code == 201, made.content
    review = API_PLAN | {
        "based_on": 1,
        "goals": [{"text": "Laskut hoidossa", "owner": "client", "avain": 4}],
        "avain": [{"component": "factors", "item": "debts", "value": 0}],
    }
    assert call(client, world.worker, "post", url, review).status_code == 201
    versions = call(client, world.worker, "get", url).json()
    assert [v["number"] for v in versions] == [2, 1]
    assert versions[1]["avain_version"] == 1 and versions[1]["goals"][0]["avain"] == 2
    assert versions[1]["avain"] == [
        {"component": "factors", "item": "debts", "value": -2},
        {"component": "services", "item": "debt_advice", "value": None},
    ]
    assert versions[0]["goals"][0]["avain"] == 4
    assert versions[0]["avain"] == [{"component": "factors", "item": "debts", "value": 0}]


@pytest.mark.parametrize(
    "bad",
    [
        {"goals": [{"text": "Laskut", "owner": "client", "avain": 99}]},
        {"goals": [{"text": "Laskut", "owner": "client", "avain": 10**30}]},
        {"avain": [{"component": "factors", "item": "debts", "value": 10**30}]},
        {"avain": [{"component": "factors", "item": "no_such_item", "value": 1}]},
        {"avain": [{"component": "goals", "item": "debts", "value": 1}]},
        {"avain": [{"component": "factors", "item": "x" * 1000, "value": 1}]},
        {"avain": [{"component": "factors", "item": "debts", "value": "much"}]},
    ],
)
def test_the_api_refuses_ratings_off_the_lists_and_stores_nothing(
    client: Any, world: World, bad: dict[str, Any]
) -> None:
    response = call(client, world.worker, "post", f"/api/v1/clients/{world.client.pk}/plan", API_PLAN | bad)
    assert 400 <= response.status_code < 500, response.content
    assert not PlanVersion.objects.exists() and not AvainRating.objects.exists()


def test_the_printed_plan_carries_the_avain_ratings(client: Any, world: World) -> None:
    rated(world)
    client.force_login(world.worker)
    text = pdf_text(client.get(reverse("plans:pdf", kwargs={"client_id": world.client.pk})))
    assert "AVAIN" in text
    for value in (
        "Velat ja maksuhäiriöt",
        "Estää jonkin verran",
        "Verkostotyö",
        "Paljon hyötyä",
        "Suurelta osin",
    ):
        assert value in text, value


def test_a_missing_or_broken_data_file_stops_the_start(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: polku-avain/1\nversion: [", encoding="utf-8")
    for path in (tmp_path / "missing.yaml", broken):
        avain.cache_clear()
        try:
            with override_settings(POLKU_AVAIN_FILE=str(path)):
                errors = check_avain_file(None)
        finally:
            avain.cache_clear()
        assert [e.id for e in errors] == ["plans.E001"] and path.name in errors[0].msg
    assert check_avain_file(None) == []
