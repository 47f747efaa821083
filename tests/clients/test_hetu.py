"""Henkilötunnus by the rules of the Digital and Population Data Services Agency (DVV): century signs,
the check character, real birth dates and individual numbers 002-999; and age in full years."""

from __future__ import annotations

import string
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from polku.clients.hetu import age_on, make_hetu, parse_hetu

# The rule written out again here, independently of the module under test.
RULE = "0123456789ABCDEFHJKLMNPRSTUVWXY"
SIGNS_BY_CENTURY = {1800: "+", 1900: "-YXWVU", 2000: "ABCDEF"}


def checked(birth: str, sign: str, individual: str) -> str:
    """A code with the check character the rule gives: RULE[int(DDMMYY + ZZZ) % 31]."""
    return f"{birth}{sign}{individual}{RULE[int(birth + individual) % 31]}"


def code_of(exc: pytest.ExceptionInfo[ValidationError]) -> str | None:
    return exc.value.code


# Every code here was checked by hand against RULE (see test_the_known_codes_satisfy_the_checksum_rule).
KNOWN_VALID = [
    ("131052-308T", date(1952, 10, 13), 308),  # DVV's published example
    ("131052+308T", date(1852, 10, 13), 308),  # the same digits in the 1800s: the sign is not checked
    ("010594Y9032", date(1994, 5, 1), 903),
    ("010594Y9021", date(1994, 5, 1), 902),
    ("020594X903P", date(1994, 5, 2), 903),
    ("020594X902N", date(1994, 5, 2), 902),
    ("030594W903B", date(1994, 5, 3), 903),
    ("030694W9024", date(1994, 6, 3), 902),
    ("040594V9030", date(1994, 5, 4), 903),
    ("040594V902Y", date(1994, 5, 4), 902),
    ("050594U903M", date(1994, 5, 5), 903),
    ("050594U902L", date(1994, 5, 5), 902),
    ("010516B903X", date(2016, 5, 1), 903),
    ("010516A902W", date(2016, 5, 1), 902),
    ("020516C903K", date(2016, 5, 2), 903),
]


@pytest.mark.parametrize(("code", "born", "individual"), KNOWN_VALID)
def test_the_known_codes_satisfy_the_checksum_rule(code: str, born: date, individual: int) -> None:
    assert code[10] == RULE[int(code[:6] + code[7:10]) % 31]


@pytest.mark.parametrize(("code", "born", "individual"), KNOWN_VALID)
def test_a_valid_code_parses_to_the_birth_date_its_century_sign_gives(
    code: str, born: date, individual: int
) -> None:
    hetu = parse_hetu(code)
    assert hetu.value == code
    assert hetu.birth_date == born
    assert hetu.individual_number == individual


def test_codes_from_900_up_are_temporary_and_below_are_not() -> None:
    assert parse_hetu("010594Y9032").is_temporary
    assert not parse_hetu("131052-308T").is_temporary


@pytest.mark.parametrize(
    ("sign", "year"),
    [
        *[(sign, 1852) for sign in "+"],
        *[(sign, 1952) for sign in "-YXWVU"],
        *[(sign, 2052) for sign in "ABCDEF"],
    ],
)
def test_each_century_sign_gives_its_century(sign: str, year: int) -> None:
    assert parse_hetu(checked("131052", sign, "308")).birth_date == date(year, 10, 13)


def test_lowercase_input_and_surrounding_spaces_are_normalised() -> None:
    hetu = parse_hetu("  010516b903x\t\n")
    assert hetu.value == "010516B903X"
    assert hetu.birth_date == date(2016, 5, 1)
    assert parse_hetu(" 131052-308t ").value == "131052-308T"


@pytest.mark.parametrize("code", ["131052-308U", "131052-3080", "010594Y9031", "010516B903Y", "131052-309T"])
def test_a_wrong_check_character_is_refused_as_a_checksum_error(code: str) -> None:
    with pytest.raises(ValidationError) as exc:
        parse_hetu(code)
    assert code_of(exc) == "hetu_checksum"


@pytest.mark.parametrize(
    "code",
    [
        checked("310290", "-", "901"),  # 31 February
        checked("290223", "A", "901"),  # 2023 is not a leap year
        checked("290200", "-", "901"),  # 1900 is not a leap year (divisible by 100, not by 400)
        checked("011390", "-", "901"),  # month 13
        checked("000190", "-", "901"),  # day 0
        checked("010090", "-", "901"),  # month 0
    ],
)
def test_an_impossible_birth_date_is_refused_as_a_date_error(code: str) -> None:
    with pytest.raises(ValidationError) as exc:
        parse_hetu(code)
    assert code_of(exc) == "hetu_date"


def test_29_february_exists_in_2000_but_not_in_1900() -> None:
    assert parse_hetu(checked("290200", "A", "901")).birth_date == date(2000, 2, 29)
    with pytest.raises(ValidationError):
        parse_hetu(checked("290200", "-", "901"))


@pytest.mark.parametrize("individual", ["000", "001"])
def test_individual_numbers_000_and_001_are_refused(individual: str) -> None:
    with pytest.raises(ValidationError) as exc:
        parse_hetu(checked("131090", "-", individual))
    assert code_of(exc) == "hetu_individual"


def test_individual_number_002_is_the_first_valid_one() -> None:
    assert parse_hetu(checked("131090", "-", "002")).individual_number == 2


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "131052-308",  # too short
        "131052-308TT",  # too long
        "13105-2308T",  # sign in the wrong place
        "1310523308T",  # a digit where the century sign belongs
        "131052Z308T",  # Z is no century sign
        "131052–308T",  # en dash, not hyphen-minus
        "131052-308Z",  # Z is never a check character
        "131052 -308T",
        "13.10.1952",
    ],
)
def test_a_code_of_the_wrong_length_or_form_is_refused_as_a_format_error(raw: str) -> None:
    with pytest.raises(ValidationError) as exc:
        parse_hetu(raw)
    assert code_of(exc) == "hetu_format"


def in_other_digits(code: str, zero: str) -> str:
    return "".join(chr(ord(zero) + int(c)) if c.isascii() and c.isdigit() else c for c in code)


@pytest.mark.parametrize(
    "zero",
    [
        "\uff10",  # fullwidth digits, as pasted from a Japanese or Chinese input method
        "\u0660",  # Arabic-Indic digits
        "\u0966",  # Devanagari digits
        "\U0001d7ce",  # mathematical bold digits
    ],
)
def test_a_code_written_with_non_ascii_digits_never_becomes_a_second_value_for_the_same_person(
    zero: str,
) -> None:
    # The stored value is what the search hash and the one-client-per-code rule see: a code accepted with
    # other digits than 0-9 would hash differently from the same person's code and make a duplicate.
    raw = in_other_digits("131052-308T", zero)
    try:
        hetu = parse_hetu(raw)
    except ValidationError as exc:
        assert exc.code == "hetu_format"
    else:
        assert hetu.value == "131052-308T"


@st.composite
def births(draw: st.DrawFn) -> tuple[date, int, str]:
    born = draw(st.dates(min_value=date(1800, 1, 1), max_value=date(2099, 12, 31)))
    individual = draw(st.integers(min_value=2, max_value=999))
    sign = draw(st.sampled_from(SIGNS_BY_CENTURY[born.year // 100 * 100]))
    return born, individual, sign


@given(births())
def test_every_made_code_round_trips_through_parsing(birth: tuple[date, int, str]) -> None:
    born, individual, sign = birth
    code = make_hetu(born, individual, sign)
    hetu = parse_hetu(code)
    assert hetu.birth_date == born
    assert hetu.individual_number == individual
    assert hetu.value == code
    assert code[10] == RULE[int(code[:6] + code[7:10]) % 31]


@given(births())
def test_make_hetu_without_a_sign_uses_the_traditional_sign_of_the_century(
    birth: tuple[date, int, str],
) -> None:
    born, individual, _ = birth
    code = make_hetu(born, individual)
    assert code[6] == {1800: "+", 1900: "-", 2000: "A"}[born.year // 100 * 100]
    assert parse_hetu(code).birth_date == born


@given(births(), st.sampled_from(string.digits + string.ascii_uppercase + "-+ .?"))
def test_any_other_check_character_is_refused(birth: tuple[date, int, str], replacement: str) -> None:
    born, individual, sign = birth
    code = make_hetu(born, individual, sign)
    if replacement == code[10]:
        replacement = RULE[(RULE.index(code[10]) + 1) % len(RULE)]
    with pytest.raises(ValidationError):
        parse_hetu(code[:10] + replacement)


def test_age_the_day_before_the_birthday_and_on_it() -> None:
    born = date(1990, 6, 15)
    assert age_on(born, date(2030, 6, 14)) == 39
    assert age_on(born, date(2030, 6, 15)) == 40
    assert age_on(born, date(1990, 6, 15)) == 0


def test_someone_born_on_29_february_turns_a_year_older_on_1_march_in_common_years() -> None:
    born = date(2000, 2, 29)
    assert age_on(born, date(2017, 2, 28)) == 16
    assert age_on(born, date(2017, 3, 1)) == 17


def test_someone_born_on_29_february_turns_a_year_older_on_29_february_in_leap_years() -> None:
    born = date(2000, 2, 29)
    assert age_on(born, date(2016, 2, 28)) == 15
    assert age_on(born, date(2016, 2, 29)) == 16
