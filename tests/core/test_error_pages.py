"""The refusal pages: 403 and 404 are one template (error.html) with each status's own title and text."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from tests.conftest import World

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("status", "title", "text"),
    [
        (403, "No access", "Your role does not allow this. If you need it for your work, ask your team"),
        (404, "Not found", "The page or record does not exist, or you have no access to it in your work."),
    ],
)
def test_a_refusal_shows_its_status_title_and_text(
    world: World, client: Any, status: int, title: str, text: str
) -> None:
    client.force_login(world.provider)
    url = reverse("structural:feedback") if status == 403 else "/no-such-page/"
    with translation.override("en"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == status
    assert [t.name for t in response.templates][:1] == ["error.html"]
    page = response.content.decode()
    assert f"<h1>{title}</h1>" in page and text in page
