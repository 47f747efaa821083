"""The one status-transition rule: hand-written moves of a small table, allowed and refused."""

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation

from polku.core.transitions import Transitions


class Light(models.TextChoices):
    RED = "red", "red light"
    GREEN = "green", "green light"
    OFF = "off", "switched off"


LIGHTS = Transitions(
    Light,
    {
        Light.RED: {Light.GREEN, Light.OFF},
        Light.GREEN: {Light.RED},
        Light.OFF: set(),
    },
)


@pytest.mark.parametrize(
    ("frm", "to", "allowed"),
    [
        ("red", "green", True),
        ("red", "off", True),
        ("green", "red", True),
        ("green", "off", False),
        ("green", "green", False),
        ("off", "red", False),
        ("off", "off", False),
        ("red", "blue", False),
        ("blue", "red", False),
    ],
)
def test_allowed_is_exactly_the_table(frm: str, to: str, allowed: bool) -> None:
    assert LIGHTS.allowed(frm, to) is allowed


def test_check_passes_an_allowed_move_silently() -> None:
    LIGHTS.check(Light.RED, Light.GREEN)


def test_the_default_refusal_names_both_statuses_by_their_labels() -> None:
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        LIGHTS.check(Light.GREEN, Light.OFF)
    assert refused.value.messages == ["The status green light cannot become switched off."]
    assert refused.value.code == "transition"


def test_an_app_words_its_own_refusal_with_now_status_and_to() -> None:
    with pytest.raises(ValidationError) as refused:
        LIGHTS.check(Light.OFF, Light.RED, message="Now %(now)s (%(status)s), asked %(to)s.")
    assert refused.value.messages == ["Now switched off (switched off), asked red light."]


def test_a_refusal_without_placeholders_is_given_as_it_is() -> None:
    with pytest.raises(ValidationError) as refused:
        LIGHTS.check(Light.OFF, Light.RED, message="Already off.")
    assert refused.value.messages == ["Already off."]


def test_with_a_field_the_refusal_is_that_fields_error() -> None:
    with pytest.raises(ValidationError) as refused:
        LIGHTS.check(Light.OFF, Light.GREEN, message="%(now)s -> %(to)s", field="status")
    assert refused.value.message_dict == {"status": ["switched off -> green light"]}


def test_an_unknown_status_is_refused_by_its_value() -> None:
    with pytest.raises(ValidationError) as refused:
        LIGHTS.check("blue", Light.RED, message="%(now)s -> %(to)s")
    assert refused.value.messages == ["blue -> red light"]


def test_the_table_is_frozen_sets_of_plain_values() -> None:
    assert LIGHTS.table == {
        "red": frozenset({"green", "off"}),
        "green": frozenset({"red"}),
        "off": frozenset(),
    }


def test_a_table_missing_a_status_is_refused_when_declared() -> None:
    with pytest.raises(ValueError, match="every status"):
        Transitions(Light, {Light.RED: {Light.GREEN}, Light.GREEN: set()})


def test_a_move_to_an_unknown_status_is_refused_when_declared() -> None:
    with pytest.raises(ValueError, match="no status"):
        Transitions(Light, {Light.RED: {"blue"}, Light.GREEN: set(), Light.OFF: set()})
