"""Forms whose fields are required leave the checking to the server (`novalidate`): the browser's own
message would be in the browser's language, the server's is in the page's. Posted empty, the server says
why in the user's language."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.urls import reverse

from polku.casework.services import initiation_create
from tests.conftest import World

pytestmark = pytest.mark.django_db

CHECKED = {"required", "min", "max", "minlength", "maxlength", "pattern"}


class _Forms(HTMLParser):
    """Each form of a page: (its action, whether it has novalidate, whether a control asks the browser to
    check it)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[list[Any]] = []
        self.open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _value in attrs}
        if tag == "form":
            self.forms.append([dict(attrs).get("action"), "novalidate" in names, False])
            self.open = True
        elif self.open and tag in {"input", "select", "textarea"} and names & CHECKED:
            self.forms[-1][2] = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.open = False


def _browser_checked(html: str) -> list[str]:
    parser = _Forms()
    parser.feed(html)
    assert parser.forms
    return [action for action, novalidate, checked in parser.forms if checked and not novalidate]


def test_the_queue_and_the_process_page_leave_checking_to_the_server(client: Any, world: World) -> None:
    initiation_create(
        actor=world.advisor, client=world.client, team=world.team, initiator_type="application", need="Rent"
    )
    client.force_login(world.manager)
    assert _browser_checked(client.get(reverse("casework:queue")).content.decode()) == []
    client.force_login(world.worker)
    case = client.get(reverse("casework:case", kwargs={"client_id": world.client.pk})).content.decode()
    assert "/relationships/" in case  # the personal worker's and the ending's forms are there
    assert _browser_checked(case) == []


def test_closing_with_no_reason_is_refused_in_swedish(client: Any, world: World) -> None:
    initiation = initiation_create(
        actor=world.advisor, client=world.client, team=world.team, initiator_type="application", need="Rent"
    )
    client.force_login(world.manager)
    response = client.post(
        reverse("casework:close", kwargs={"initiation_id": initiation.pk}),
        {"reason": "", "version": initiation.version},
        HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 200
    assert "Ange orsaken till avslutandet." in response.content.decode()
