"""The segment rule as a table: hand-worked facts and the quadrant the built-in rule (polku/segments/data/
rule.yaml) gives them; a rule that names an unknown field or gives a bad number is refused, naming it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.test import override_settings

from polku.segments.apps import check_rule_file
from polku.segments.facts import Facts
from polku.segments.placement import is_heavy, place
from polku.segments.quadrants import Quadrant
from polku.segments.rule import BUILT_IN, FIELDS, rule, rule_parse, rule_read

S, C, P, M = Quadrant.SELF_DIRECTED, Quadrant.COOPERATION, Quadrant.SUPPORTED, Quadrant.MUCH_SUPPORT

# Load: special support 2, long-term need 2, recurring need 1, 2+ services 1, 2+ contacts 1, 4+ contacts 1;
# high from 3. Resources: a plan 1, half of the rated goals attained 2, no personal worker needed 1,
# temporary need 1; high from 2.
CASES: list[tuple[str, Facts, float, float, Quadrant]] = [
    ("nothing recorded", Facts(), 0, 0, P),
    ("a plan with half of its goals attained", Facts(has_plan=True, goals_attained_share=0.5), 0, 3, S),
    ("a plan whose goals are not rated", Facts(has_plan=True, goals_attained_share=None), 0, 1, P),
    ("goals just under half attained", Facts(has_plan=True, goals_attained_share=0.49), 0, 1, P),
    (
        "special support, long-term need, a plan that works",
        Facts(special_support=True, assessed_need="long_term", has_plan=True, goals_attained_share=0.75),
        4,
        3,
        C,
    ),
    ("special support and two services", Facts(special_support=True, services_12m=2), 3, 0, M),
    (
        "recurring need, two services, one contact: just under high load",
        Facts(assessed_need="recurring", services_12m=2, authority_contacts_12m=1),
        2,
        0,
        P,
    ),
    (
        "four contacts and a recurring need",
        Facts(assessed_need="recurring", authority_contacts_12m=4),
        3,
        0,
        M,
    ),
    (
        "temporary need, no personal worker needed",
        Facts(assessed_need="temporary", personal_worker_needed="no"),
        0,
        2,
        S,
    ),
    (
        "everything heavy, a plan nothing of which is attained",
        Facts(
            special_support=True,
            assessed_need="long_term",
            services_12m=5,
            authority_contacts_12m=6,
            has_plan=True,
            goals_attained_share=0.0,
        ),
        7,
        1,
        M,
    ),
]


@pytest.mark.parametrize(("name", "facts", "load", "resources", "quadrant"), CASES, ids=[c[0] for c in CASES])
def test_the_built_in_rule_places_hand_worked_cases(
    name: str, facts: Facts, load: float, resources: float, quadrant: Quadrant
) -> None:
    placed, load_score, resources_score = place(facts, rule_read(BUILT_IN))
    assert (load_score.points, resources_score.points, placed) == (load, resources, quadrant)


def test_heavy_users_have_many_services_many_contacts_and_no_plan() -> None:
    the_rule = rule_read(BUILT_IN)
    assert is_heavy(Facts(services_12m=3, authority_contacts_12m=3), the_rule)
    assert not is_heavy(Facts(services_12m=3, authority_contacts_12m=3, has_plan=True), the_rule)
    assert not is_heavy(Facts(services_12m=2, authority_contacts_12m=9), the_rule)
    assert not is_heavy(Facts(services_12m=9, authority_contacts_12m=2), the_rule)


def _rule(**changes: Any) -> dict[str, Any]:
    data = {
        "format": "polku-segment-rule/1",
        "axes": {
            "load": {"high_from": 1, "facts": [{"field": "services_12m", "weight": 1, "at_least": 1}]},
            "resources": {"high_from": 1, "facts": [{"field": "has_plan", "weight": 1}]},
        },
        "heavy_users": {"services_at_least": 2, "contacts_at_least": 2},
    }
    data.update(changes)
    return data


def test_a_county_rule_of_its_own() -> None:
    custom = rule_parse(_rule(), "county.yaml")
    assert place(Facts(services_12m=1), custom)[0] == M
    assert place(Facts(services_12m=1, has_plan=True), custom)[0] == C
    assert place(Facts(has_plan=True), custom)[0] == S
    assert is_heavy(Facts(services_12m=2, authority_contacts_12m=2), custom)


def test_a_rule_that_refers_to_an_unknown_field_is_a_clear_error() -> None:
    data = _rule()
    data["axes"]["load"]["facts"].append({"field": "income", "weight": 1, "at_least": 1000})
    with pytest.raises(ValidationError) as caught:
        rule_parse(data, "county.yaml")
    message = caught.value.messages[0]
    assert "county.yaml: axes.load.facts[1].field: unknown field 'income'" in message
    assert all(name in message for name in FIELDS)


def _fact(**fact: Any) -> dict[str, Any]:
    data = _rule()
    data["axes"]["resources"]["facts"] = [fact]
    return data


@pytest.mark.parametrize(
    ("data", "place_"),
    [
        (_fact(field="has_plan", weight="two"), "axes.resources.facts[0].weight: expected a number"),
        (_fact(field="has_plan", weight=0), "axes.resources.facts[0].weight: 0 is out of range"),
        (_fact(field="has_plan", weight=1, is_="yes"), "axes.resources.facts[0]: unknown key(s) is_"),
        (_fact(field="has_plan", weight=1, at_least=1), "the field 'has_plan' (bool) takes no at_least"),
        (
            _fact(field="services_12m", weight=1, at_least=-1),
            "axes.resources.facts[0].at_least: -1 is out of",
        ),
        (_fact(field="services_12m", weight=1), "the field 'services_12m' needs at_least or at_most"),
        (
            _fact(field="goals_attained_share", weight=1, at_least=1.5),
            "facts[0].at_least: 1.5 is out of range",
        ),
        (_fact(field="assessed_need", weight=1, **{"in": ["forever"]}), "facts[0].in: expected a list of"),
        (
            _rule(heavy_users={"services_at_least": 0, "contacts_at_least": 2}),
            "heavy_users.services_at_least",
        ),
        (_rule(format="other/1"), "format: expected"),
        (_rule(axes={"load": {"high_from": 1, "facts": []}}), "axes: missing resources"),
        (
            _rule(axes={"load": {"high_from": 1, "facts": []}, "resources": {"high_from": 1, "facts": []}}),
            "axes.load.facts: expected a non-empty list",
        ),
    ],
)
def test_a_bad_number_or_key_names_its_place(data: dict[str, Any], place_: str) -> None:
    with pytest.raises(ValidationError) as caught:
        rule_parse(data, "county.yaml")
    assert place_ in caught.value.messages[0]


def test_the_built_in_rule_passes_and_a_broken_file_stops_the_start(tmp_path: Path) -> None:
    assert check_rule_file(None) == []
    broken = _rule()
    broken["axes"]["load"]["facts"][0]["field"] = "salary"
    path = tmp_path / "rule.yaml"
    path.write_text(yaml.safe_dump(broken), encoding="utf-8")
    with override_settings(POLKU_SEGMENT_RULE_FILE=str(path)):
        errors = check_rule_file(None)
        with pytest.raises(ValidationError):
            rule()
    assert [e.id for e in errors] == ["segments.E001"]
    assert "unknown field 'salary'" in errors[0].msg
