"""Bad input to the API and to the client's one-time links: oversized bodies, malformed JSON, unknown
fields, wrong content types, invalid or revoked tokens, expired links. Each is a 4xx with a clear message,
nothing is saved, and no error answer (nor the 500 page) shows a stack trace, a setting or SQL."""

from __future__ import annotations

import json
import logging
from datetime import date, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client as HttpClient
from django.utils import timezone

from polku.accounts.models import ApiToken, Qualification, Role
from polku.accounts.services import token_create
from polku.audit.models import UseLogEntry
from polku.casework.models import Contact, Initiation, JournalEntry, PreAssessment
from polku.casework.services import assessment_start, initiation_create, pre_assessment_send
from polku.clients.hetu import make_hetu
from polku.clients.models import Client
from polku.instruments.models import ResponseLink
from polku.instruments.services import response_link_send
from polku.structural.models import SocialReport
from tests.conftest import World
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CONTACTS = "/api/v1/contacts"
# What an error answer must never show: a stack trace, settings, SQL, source paths.
LEAKS = (
    "Traceback",
    'File "',
    "SECRET_KEY",
    "DATABASES",
    "SELECT ",
    "INSERT ",
    "site-packages",
    ".py",
    "sqlite",
)


@pytest.fixture(autouse=True)
def english(client: Any) -> None:
    """The messages below are asserted in English: every request asks for English."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def kela(world: World) -> dict[str, str]:
    world.team.receives_unrouted = True
    world.team.save()
    user = UserFactory(role=Role.AUTHORITY_INTEGRATION, qualification=Qualification.OTHER, username="kela")
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user)}"}


def contact(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "person": {
            "hetu": make_hetu(date(1990, 4, 12), 933),
            "first_name": "Ville",
            "last_name": "Esimerkki",
        },
        "sender": {"organisation": "Kela", "name": "Kaisa Käsittelijä"},
        "consent": True,
        "reasons": ["rent_arrears"],
        "description": "Vuokrarästejä.",
    }
    return body | overrides


def saved() -> tuple[int, ...]:
    """Rows a contact would create: contact, initiation, journal entry, client, use-log rows."""
    return (
        Contact.objects.count(),
        Initiation.objects.count(),
        JournalEntry.objects.count(),
        Client.objects.count(),
        UseLogEntry.objects.count(),
    )


def refused(response: Any, status: int) -> dict[str, Any]:
    """The answer is `status` in the API's error shape, with a message and nothing it should not show."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert body["detail"]
    text = response.content.decode()
    for leak in LEAKS:
        assert leak not in text, leak
    return body


def test_a_well_formed_contact_is_accepted(client: Any, world: World, kela: dict[str, str]) -> None:
    """The baseline the refusals below differ from by one thing each."""
    before = saved()
    response = client.post(CONTACTS, json.dumps(contact()), content_type="application/json", **kela)
    assert response.status_code == 201, response.content
    assert saved() != before


def test_an_oversized_body_is_413_before_it_is_read(client: Any, world: World, kela: dict[str, str]) -> None:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert limit <= 2 * 1024 * 1024
    body = json.dumps(contact(description="x" * limit))
    before = saved()
    response = client.post(CONTACTS, body, content_type="application/json", **kela)
    answer = refused(response, 413)
    assert str(limit) in answer["detail"]
    assert saved() == before


def test_the_longest_legitimate_body_fits_under_the_limit(client: Any, world: World) -> None:
    """A social report with every text at its longest, in two-byte letters, is not refused as too large."""
    municipality = world.team.municipality
    assert municipality is not None
    report = {
        "kind": "phenomenon",
        "title": "ä" * 200,
        "observation": "ä" * 20000,
        "affected": "ä" * 5000,
        "municipality": municipality.name,
        "area": "ä" * 200,
        "since": "ä" * 200,
        "evidence": "ä" * 20000,
        "proposed_measures": "ä" * 20000,
        "team": str(world.team.pk),
        "submit": False,
    }
    body = json.dumps(report, ensure_ascii=False).encode()
    assert len(body) < settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = client.post(
        "/api/v1/social-reports",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token_create(user=world.worker)}",
    )
    assert response.status_code == 201, response.content[:500]
    assert SocialReport.objects.count() == 1


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        (b'{"person": {"hetu": ', "line 1, column 21"),
        (b'{"consent": true,\n "reasons": [rent_arrears]}', "line 2, column 14"),
        (b'{"description": "\xff"}', "UTF-8"),
    ],
)
def test_malformed_json_is_a_400_saying_where(
    client: Any, world: World, kela: dict[str, str], raw: bytes, where: str
) -> None:
    before = saved()
    answer = refused(client.post(CONTACTS, raw, content_type="application/json", **kela), 400)
    assert "JSON" in answer["detail"] and where in answer["detail"]
    assert saved() == before


@pytest.mark.parametrize("body", ["[1, 2]", '"a contact"', "null", "{}"])
def test_json_that_is_not_a_contact_is_a_400(
    client: Any, world: World, kela: dict[str, str], body: str
) -> None:
    before = saved()
    refused(client.post(CONTACTS, body, content_type="application/json", **kela), 400)
    assert saved() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"social_security_note": "x"}, "social_security_note"),
        ({"person": contact()["person"] | {"middle_name": "Olavi"}}, "person.middle_name"),
        ({"sender": contact()["sender"] | {"email": "kaisa@kela.example"}}, "sender.email"),
    ],
)
def test_unknown_fields_are_refused_not_ignored(
    client: Any, world: World, kela: dict[str, str], change: dict[str, Any], field: str
) -> None:
    before = saved()
    body = json.dumps(contact(**change))
    answer = refused(client.post(CONTACTS, body, content_type="application/json", **kela), 400)
    assert field in answer["errors"], answer
    assert saved() == before


def _objects_allow_extras(schema: Any, components: dict[str, Any], seen: set[str]) -> list[str]:
    """Names of object schemas reachable from `schema` that accept properties they do not declare."""
    found: list[str] = []
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str):
            name = ref.rsplit("/", 1)[-1]
            if name not in seen:
                seen.add(name)
                target = components[name]
                if "properties" in target and target.get("additionalProperties") is not False:
                    found.append(name)
                found += _objects_allow_extras(target, components, seen)
        for value in schema.values():
            found += _objects_allow_extras(value, components, seen)
    elif isinstance(schema, list):
        for value in schema:
            found += _objects_allow_extras(value, components, seen)
    return found


def test_every_request_body_of_the_api_refuses_unknown_fields(client: Any) -> None:
    """A misspelt or unexpected field in any body is an error the sender sees, never silently dropped."""
    document = client.get("/api/v1/openapi.json").json()
    components = document["components"]["schemas"]
    bodies = [
        (f"{method.upper()} {path}", operation["requestBody"])
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if "requestBody" in operation
    ]
    assert len(bodies) > 10
    lax = {label: _objects_allow_extras(body, components, set()) for label, body in bodies}
    assert {label: names for label, names in lax.items() if names} == {}


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "application/xml", "multipart/form-data; boundary=x"],
)
def test_a_body_not_sent_as_json_is_415(
    client: Any, world: World, kela: dict[str, str], content_type: str
) -> None:
    before = saved()
    response = client.post(CONTACTS, json.dumps(contact()), content_type=content_type, **kela)
    answer = refused(response, 415)
    assert "application/json" in answer["detail"]
    assert saved() == before


def test_json_with_a_charset_or_a_json_suffix_type_is_accepted(
    client: Any, world: World, kela: dict[str, str]
) -> None:
    body = json.dumps(contact())
    first = client.post(CONTACTS, body, content_type="application/json; charset=utf-8", **kela)
    assert first.status_code == 201, first.content
    other = contact(person=contact()["person"] | {"hetu": make_hetu(date(1991, 5, 3), 934)})
    second = client.post(CONTACTS, json.dumps(other), content_type="application/vnd.polku+json", **kela)
    assert second.status_code == 201, second.content


def test_unknown_malformed_revoked_and_inactive_tokens_are_401_alike(client: Any, world: World) -> None:
    authority = UserFactory(role=Role.AUTHORITY_INTEGRATION, qualification=Qualification.OTHER)
    revoked = token_create(user=authority)
    ApiToken.objects.filter(user=authority).update(revoked_at=timezone.now() - timedelta(days=1))
    inactive_user = UserFactory(role=Role.AUTHORITY_INTEGRATION, qualification=Qualification.OTHER)
    inactive = token_create(user=inactive_user)
    inactive_user.is_active = False
    inactive_user.save()
    headers = [
        "Bearer polku_" + "x" * 43,  # the right shape, but no such token
        "Bearer not-a-polku-token",
        f"Bearer {revoked}",
        f"Bearer {inactive}",
        f"Token {token_create(user=world.worker)}",  # a real token under the wrong scheme
        "Bearer",
    ]
    before = saved()
    answers = []
    for header in headers:
        response = client.post(
            CONTACTS, json.dumps(contact()), content_type="application/json", HTTP_AUTHORIZATION=header
        )
        answers.append(refused(response, 401))
        read = client.get(f"/api/v1/clients/{world.client.pk}", HTTP_AUTHORIZATION=header)
        refused(read, 401)
    assert all(answer == answers[0] for answer in answers)
    assert saved() == before


def test_an_expired_answer_link_saves_nothing(client: Any, world: World) -> None:
    response, token = response_link_send(
        actor=world.worker, client=world.client, instrument_code="functional_capacity"
    )
    ResponseLink.objects.filter(response=response).update(expires_at=timezone.now() - timedelta(minutes=1))
    logged = UseLogEntry.objects.count()
    page = client.post(f"/instruments/a/{token}/", {"overall": "7", "page": "0"}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 410
    assert "expired" in page.content.decode()
    response.refresh_from_db()
    assert response.answers == {} and response.status == "in_progress"
    assert UseLogEntry.objects.count() == logged


def test_an_expired_pre_assessment_link_saves_nothing(client: Any, world: World) -> None:
    initiation = initiation_create(
        actor=world.advisor,
        client=world.client,
        team=world.team,
        initiator_type="application",
        need="Toimeentulo",
    )
    pre, token = pre_assessment_send(
        actor=world.worker, assessment=assessment_start(actor=world.worker, initiation=initiation)
    )
    PreAssessment.objects.filter(pk=pre.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    logged = UseLogEntry.objects.count()
    page = client.post(
        f"/p/{token}/", {"own_view": "Haluan apua.", "needs": "Raha-asiat."}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert page.status_code == 410
    assert "expired" in page.content.decode()
    pre.refresh_from_db()
    assert pre.submitted_at is None and pre.own_view == ""
    assert UseLogEntry.objects.count() == logged


SECRET = "SELECT hetu FROM clients_client -- SECRET_KEY=abc"


def test_a_server_error_in_the_api_is_json_without_details_and_is_logged(
    client: Any, world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError(SECRET)

    monkeypatch.setattr("polku.casework.api.add_weekdays", broken)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get(
            "/api/v1/calendar/weekdays?from=2026-03-02&count=7",
            HTTP_AUTHORIZATION=f"Bearer {token_create(user=world.worker)}",
        )
    answer = refused(response, 500)
    assert answer["errors"] == {}
    assert (
        "RuntimeError" not in response.content.decode() and "clients_client" not in response.content.decode()
    )
    # The administrators still get the whole story in the log.
    record = next(r for r in caplog.records if r.name == "django.request" and r.exc_info)
    assert SECRET in str(record.exc_info[1])  # type: ignore[index]


def test_the_500_page_shows_no_details(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError(SECRET)

    monkeypatch.setattr("polku.accounts.views.render", broken)
    browser = HttpClient(raise_request_exception=False)
    browser.force_login(world.worker)
    response = browser.get("/")
    assert response.status_code == 500
    text = response.content.decode()
    assert "Something went wrong" in text
    for leak in (*LEAKS, "RuntimeError", "clients_client", world.worker.username):
        assert leak not in text, leak


def test_a_report_period_of_thousands_of_years_is_refused_not_computed(client: Any, world: World) -> None:
    """Schemathesis found this: the deadline report went through every month from 1565 to 9198."""
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=world.manager)}"}
    answer = refused(client.get("/api/v1/reports/deadlines?from=1565-06-11&to=9198-10-09", **headers), 400)
    assert "10 years" in answer["errors"]["to"][0]
    ten_years = client.get("/api/v1/reports/deadlines?from=2016-07-01&to=2026-06-30", **headers)
    assert ten_years.status_code == 200, ten_years.content


def test_the_deadline_page_refuses_a_period_of_centuries_with_a_message(client: Any, world: World) -> None:
    client.force_login(world.manager)
    page = client.get("/reports/monitoring/deadlines/?first=0202-01-01", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "at most 10 years" in page.content.decode()


@pytest.mark.parametrize("value", [0, 1700000000, 3.5])
def test_a_number_in_a_date_field_is_refused_not_read_as_1970(
    client: Any, world: World, kela: dict[str, str], value: float
) -> None:
    before = saved()
    response = client.post(
        CONTACTS, json.dumps(contact(contacted_at=value)), content_type="application/json", **kela
    )
    body = refused(response, 400)
    assert "contacted_at" in body["errors"]
    assert saved() == before


def test_an_unknown_api_address_and_a_wrong_method_answer_in_the_api_error_shape(client: Any) -> None:
    unknown = refused(client.get("/api/v1/no-such-thing"), 404)
    assert "openapi.json" in unknown["detail"]
    wrong = client.delete("/api/v1/health")
    body = refused(wrong, 405)
    assert "DELETE" in body["detail"]
    assert "GET" in wrong["Allow"]
