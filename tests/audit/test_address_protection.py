"""Address protection (turvakielto, Population Information Act 36 §) hides the client's contact details on
every page, export and API answer.

The walk of the use-log test requests every URL of the project, with parameters the signed-in user may
see, as the client's worker, as the team manager and as the worker of the provider giving the client a
service; the exports are also requested with the parameters that make them answer with data. Each body
(text, JSON, CSV, XLSX cells, PDF text) is searched for the protected client's contact details. A control
with the same details but no protection shows that the search finds them where they are printed, so the
protected walk cannot pass by reading nothing.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

import openpyxl
import pypdf
import pytest
from django.urls import get_resolver, reverse

from polku.clients.models import Client
from polku.provision.models import ServiceEpisode
from tests.audit.test_use_log_coverage import parameter_values, walk
from tests.conftest import World

pytestmark = pytest.mark.django_db

CONTACT = {
    "phone": "040 918 2736",
    "email": "piilo.osoite@example.fi",
    "street_address": "Salakuja 17 C 42",
    "postal_code": "99871",
    "post_office": "Kätköjärvi",
}
# The documents that must answer with data, so that the walk reads them rather than a refusal.
READ_AS_WORKER = {"decisions:pdf", "clients:detail", "clients:edit", "api:client_detail", "api:response_fhir"}
READ_AS_MANAGER = READ_AS_WORKER | {"reporting:esr_xlsx", "structural:summary_pdf"}
READ_AS_PROVIDER = {"services:episode", "api:episode_detail"}


@pytest.fixture(autouse=True)
def english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


def give_contact_details(client: Client, *, protected: bool) -> None:
    for name, value in CONTACT.items():
        setattr(client, name, value)
    client.address_protection = protected
    client.save()


def body_text(response: Any) -> str:
    """What a person gets from the response: page text, CSV, the cells of a workbook or the text of a PDF."""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if kind.startswith("application/pdf"):
        return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(raw)).pages)
    if kind.startswith("application/json"):  # JSON escapes letters such as ä: compare the decoded text
        return json.dumps(json.loads(raw), ensure_ascii=False)
    if "spreadsheetml" in kind:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True)
        return "\n".join(
            " ".join(str(cell) for cell in row if cell is not None)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    return raw.decode("utf-8", errors="replace")


def leaked(text: str) -> list[str]:
    flat = " ".join(text.split())  # a PDF or a page may break a value across lines
    return [
        name
        for name, value in CONTACT.items()
        if re.search(rf"(?<![\w@.]){re.escape(value)}(?![\w@])", flat, flags=re.IGNORECASE)
    ]


def export_requests(values: dict[str, Any]) -> list[tuple[str, dict[str, Any], dict[str, str]]]:
    """Exports with the query that makes them produce a document (the walk sends only a search term)."""
    summary = {"municipality_id": values["municipality_id"], "half_year": values["half_year"]}
    return [
        ("decisions:pdf", {"decision_id": values["decision_id"]}, {"lang": "fi"}),
        ("decisions:pdf", {"decision_id": values["decision_id"]}, {"lang": "sv"}),
        ("reporting:esr_csv", {}, {"project": str(values["project_id"])}),
        ("reporting:esr_xlsx", {}, {"project": str(values["project_id"])}),
        ("reporting:deadline_compliance_csv", {}, {}),
        ("reporting:deadline_compliance_xlsx", {}, {}),
        ("reporting:effectiveness_export", {}, {"instrument": "functional_capacity", "format": "csv"}),
        ("reporting:effectiveness_export", {}, {"instrument": "functional_capacity", "format": "xlsx"}),
        ("structural:summary_pdf", summary, {"lang": "fi"}),
        ("structural:summary_xlsx", summary, {"lang": "sv"}),
    ]


def read_everything(client: Any, world: World, values: dict[str, Any]) -> dict[str, str]:
    """Every route and export, as the signed-in user: {request: what it showed}, answers 200 only."""
    shown: dict[str, str] = {}
    requests = [
        (route.name, {p: values[p] for p in route.parameters}, {"q": world.client.last_name})
        for route in sorted(set(walk(get_resolver().url_patterns)), key=lambda r: r.name)
    ]
    for name, kwargs, query in [*requests, *export_requests(values)]:
        url = reverse(name, kwargs=kwargs)
        response = client.get(url, query)
        if response.status_code == 200:
            shown[f"{name} {url}?{query}"] = body_text(response)
    return shown


@pytest.mark.parametrize("who", ["worker", "manager", "provider"])
def test_no_page_export_or_api_answer_shows_a_protected_clients_contact_details(
    client: Any, world: World, who: str
) -> None:
    give_contact_details(world.client, protected=True)
    values = parameter_values(world)
    # The provider's worker sees the client while the service the walk started runs.
    world.provider.organisation = ServiceEpisode.objects.get(pk=values["episode_id"]).provider
    world.provider.save()
    client.force_login(getattr(world, who))
    shown = read_everything(client, world, values)

    leaks = {request: leaked(text) for request, text in shown.items() if leaked(text)}
    assert not leaks, f"contact details of a client with address protection shown: {leaks}"
    read = {request.split(" ")[0] for request in shown}
    expected = {"worker": READ_AS_WORKER, "manager": READ_AS_MANAGER, "provider": READ_AS_PROVIDER}[who]
    assert expected <= read, f"these answered nothing to read: {expected - read}"
    assert any(world.client.last_name in text for text in shown.values())


def test_the_same_details_without_protection_are_found_where_they_are_shown(
    client: Any, world: World
) -> None:
    """Control: the search above finds contact details in pages, the API and the decision PDF."""
    give_contact_details(world.client, protected=False)
    client.force_login(world.worker)
    shown = read_everything(client, world, parameter_values(world))
    found: dict[str, set[str]] = {}
    for request, text in shown.items():
        found.setdefault(request.split(" ")[0], set()).update(leaked(text))
    assert found["clients:detail"] == set(CONTACT)
    assert found["api:client_detail"] == set(CONTACT)
    assert found["decisions:pdf"] == {"street_address", "postal_code", "post_office"}  # the letter's address


def test_the_api_says_address_protection_and_gives_no_contact_details(client: Any, world: World) -> None:
    give_contact_details(world.client, protected=True)
    client.force_login(world.worker)
    answer = client.get(reverse("api:client_detail", kwargs={"client_id": world.client.pk})).json()
    assert answer["address_protection"] is True
    assert answer["contact"] is None


def test_a_decision_to_a_protected_client_says_so_instead_of_printing_the_address(
    client: Any, world: World
) -> None:
    give_contact_details(world.client, protected=True)
    values = parameter_values(world)
    client.force_login(world.worker)
    pdf = client.get(reverse("decisions:pdf", kwargs={"decision_id": values["decision_id"]}), {"lang": "fi"})
    text = " ".join(body_text(pdf).split())
    assert world.client.last_name in text  # the recipient block names the client ...
    assert "turvakielto" in text.lower()  # ... and says why there is no address
    assert not leaked(text)
