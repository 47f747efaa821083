"""The header's main navigation: each role sees the links of its work, the page it is on is marked, and the
language switcher names each language in that language."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.conftest import World

CASEWORK = [
    "Etusivu",
    "Asiakkaat",
    "Tiimin jono",
    "Omat asiakkaat",
    "Palvelut",
    "Kalenteri",
    "Määräajat",
    "Konsultaatiot",
    "Rakenteellinen sosiaalityö",
]

# Hand-written from what each role's work needs (the context processor's table is what is checked).
LINKS = [
    ("advisor", CASEWORK),
    ("counsellor", CASEWORK),
    ("worker", CASEWORK),
    ("manager", [*CASEWORK, "Seuranta", "Vaikuttavuus"]),
    ("provider", ["Etusivu", "Palvelut", "Rakenteellinen sosiaalityö"]),
    ("analyst", ["Etusivu", "Rakenteellinen sosiaalityö", "Seuranta", "Vaikuttavuus"]),
    ("authority", ["Etusivu"]),
    ("admin", ["Etusivu", "Rakenteellinen sosiaalityö"]),
]


def nav(html: str) -> list[tuple[str, bool]]:
    block = re.search(r'<nav aria-label="[^"]+">(.*?)</nav>', html, re.S)
    assert block is not None
    return [
        (label, current == ' aria-current="page"')
        for current, label in re.findall(
            r'<a href="[^"]+"( aria-current="page")?>([^<]+)</a>', block.group(1)
        )
    ]


@pytest.mark.parametrize(("role", "expected"), LINKS)
def test_each_role_sees_the_links_of_its_work(
    client: Any, world: World, role: str, expected: list[str]
) -> None:
    client.force_login(getattr(world, role))
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert nav(html) == [(label, label == "Etusivu") for label in expected]


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/clients/", "Asiakkaat"),
        ("/casework/queue/", "Tiimin jono"),
        ("/casework/caseload/", "Omat asiakkaat"),
        ("/casework/deadlines/", "Määräajat"),
        ("/services/", "Palvelut"),
        ("/appointments/week/", "Kalenteri"),
        ("/appointments/team/", "Kalenteri"),
        ("/structural/", "Rakenteellinen sosiaalityö"),
    ],
)
def test_the_page_the_user_is_on_is_marked_current(
    client: Any, world: World, path: str, current: str
) -> None:
    client.force_login(world.worker)
    html = client.get(path, HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert [label for label, is_current in nav(html) if is_current] == [current]


def test_a_client_page_marks_clients_current_and_the_switcher_names_each_language_in_itself(
    client: Any, world: World
) -> None:
    client.force_login(world.worker)
    html = client.get(f"/clients/{world.client.pk}/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert [label for label, is_current in nav(html) if is_current] == ["Klienter"]
    buttons = re.findall(
        r'<button type="submit" name="language" value="(\w+)" lang="\w+" aria-pressed="(\w+)">(\w+)<', html
    )
    assert buttons == [("fi", "false", "Suomi"), ("sv", "true", "Svenska"), ("en", "false", "English")]
