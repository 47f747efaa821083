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
from django.urls import reverse
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
from polku.registry.models import LogExtractRequest
from polku.structural.models import SocialReport, Tally
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
    page = client.post(f"/l/answer/{token}/", {"overall": "7", "page": "0"}, HTTP_ACCEPT_LANGUAGE="en")
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
        f"/l/pre-assessment/{token}/",
        {"own_view": "Haluan apua.", "needs": "Raha-asiat."},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert page.status_code == 410
    assert "expired" in page.content.decode()
    pre.refresh_from_db()
    assert pre.used_at is None and pre.own_view == ""
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

    monkeypatch.setattr("polku.workday.views.render", broken)
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
    assert "between 1900-01-01 and 2200-12-31" in answer["errors"]["from"][0]
    answer = refused(client.get("/api/v1/reports/deadlines?from=1901-06-11&to=2198-10-09", **headers), 400)
    assert "10 years" in answer["errors"]["to"][0]
    ten_years = client.get("/api/v1/reports/deadlines?from=2016-07-01&to=2026-06-30", **headers)
    assert ten_years.status_code == 200, ten_years.content


def test_the_deadline_page_refuses_a_period_of_centuries_with_a_message(client: Any, world: World) -> None:
    client.force_login(world.manager)
    page = client.get("/reports/monitoring/deadlines/?first=1902-01-01", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "at most 10 years" in page.content.decode()
    page = client.get("/reports/monitoring/deadlines/?first=0202-01-01", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "between 1900-01-01 and 2200-12-31" in page.content.decode()


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


# --- hostile values: NUL, integers past the database column, dates at the ends of the calendar ----------
# Each was a 500 on PostgreSQL (NUL, 2**31) or on both databases (dates) before issue #10; each is now a
# 400 naming the field (pages: an error on the form's field), and nothing is saved.

NUL = "Ville\x00"
HUGE = (2**31, 2**63)
FAR_DATES = ("0001-01-01", "9999-12-31")


def _social_report(world: World, **overrides: Any) -> dict[str, Any]:
    municipality = world.team.municipality
    assert municipality is not None
    body: dict[str, Any] = {
        "kind": "phenomenon",
        "title": "Nuorten asunnottomuus",
        "observation": "Sohvasurffausta.",
        "affected": "nuoret",
        "municipality": municipality.name,
        "proposed_measures": "Tukiasuntoja.",
        "team": str(world.team.pk),
    }
    return body | overrides


def _tally(world: World, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "team": str(world.team.pk),
        "date": timezone.localdate().isoformat(),
        "work_kind": "walk_in",
        "place": "Kirjasto",
        "contact_kind": "in_person",
        "topics": ["income"],
        "age_group": "30_54",
        "gender": "female",
        "people": 3,
    }
    return body | overrides


def _hostile_bodies() -> list[Any]:
    person = contact()["person"]
    cases: list[Any] = [
        ("contacts", {"description": "Vuokra\x00rästejä."}, "description"),
        ("contacts", {"person": person | {"first_name": NUL}}, "person.first_name"),
        ("contacts", {"sender": contact()["sender"] | {"name": NUL}}, "sender.name"),
        ("contacts", {"reasons": ["rent_arrears", "x\x00"]}, "reasons"),
        *(("contacts", {"contacted_at": f"{day}T00:00:00"}, "contacted_at") for day in FAR_DATES),
        *(("contacts", {"contacted_at": f"{day}T00:00:00+02:00"}, "contacted_at") for day in FAR_DATES),
        ("social-reports", {"title": NUL}, "title"),
        ("social-reports", {"themes": ["housing\x00"]}, "themes"),
        *(("social-reports", {"affected_count": number}, "affected_count") for number in HUGE),
        ("tallies", {"place": NUL}, "place"),
        *(("tallies", {"people": number}, "people") for number in HUGE),
        *(("tallies", {"date": day}, "date") for day in FAR_DATES),
        ("log-extract-requests", {"how_received": NUL}, "how_received"),
        ("log-extract-requests", {"special_reason": NUL}, "special_reason"),
        *(("log-extract-requests", {"period_start": day}, "period_start") for day in FAR_DATES),
        *(("log-extract-requests", {"period_end": day}, "period_end") for day in FAR_DATES),
        *(("log-extract-requests", {"received_on": day}, "received_on") for day in FAR_DATES),
    ]
    return [pytest.param(*case, id=f"{case[0]}-{case[2]}-{i}") for i, case in enumerate(cases)]


@pytest.mark.parametrize(("where", "change", "field"), _hostile_bodies())
def test_a_hostile_value_in_a_body_is_a_400_naming_the_field(
    client: Any, world: World, kela: dict[str, str], where: str, change: dict[str, Any], field: str
) -> None:
    worker = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=world.worker)}"}
    url, body, headers = {
        "contacts": (CONTACTS, contact(**change), kela),
        "social-reports": ("/api/v1/social-reports", _social_report(world, **change), worker),
        "tallies": ("/api/v1/tallies", _tally(world, **change), worker),
        "log-extract-requests": (
            f"/api/v1/clients/{world.client.pk}/log-extract-requests",
            change,
            worker,
        ),
    }[where]
    before = (saved(), SocialReport.objects.count())
    response = client.post(url, json.dumps(body), content_type="application/json", **headers)
    answer = refused(response, 400)
    assert field in answer["errors"], answer
    assert (saved(), SocialReport.objects.count()) == before


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from": "0001-01-01", "count": 7}, "from"),
        ({"from": "9999-12-31", "count": 7}, "from"),
        ({"from": "9999-12-24", "count": 0}, "from"),
        ({"from": "2026-03-02", "count": 2**31}, "count"),
        ({"from": "2026-03-02", "count": 2**63}, "count"),
    ],
)
def test_the_weekday_calendar_refuses_dates_at_the_ends_of_the_calendar(
    client: Any, world: World, query: dict[str, Any], field: str
) -> None:
    response = client.get(
        "/api/v1/calendar/weekdays", query, HTTP_AUTHORIZATION=f"Bearer {token_create(user=world.worker)}"
    )
    answer = refused(response, 400)
    assert field in answer["errors"], answer


def test_the_ends_of_the_date_range_are_still_answered(client: Any, world: World) -> None:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=world.worker)}"}
    for day in ("1900-01-01", "2200-12-01"):
        response = client.get("/api/v1/calendar/weekdays", {"from": day, "count": 7}, **headers)
        assert response.status_code == 200, response.content


def _page_cases() -> list[Any]:
    contact_form = {
        "hetu": make_hetu(date(1988, 8, 8), 966),
        "first_name": "Pekka",
        "last_name": "Puhelin",
        "language": "fi",
        "sender_organisation": "TE-palvelut",
        "sender_name": "Olli Ohjaaja",
        "reasons": ["long_term_unemployment"],
        "description": "Soitti asiakkaan luvalla.",
        "contacted_at": "2026-03-02T10:00",
        "consent": "on",
    }
    report_form = {
        "kind": "weak_signal",
        "title": "Digituki puuttuu",
        "observation": "Ikääntyneet eivät saa hakemuksia tehtyä.",
        "affected": "yli 65-vuotiaat",
        "affected_count": "30",
        "proposed_measures": "Digitukipiste kirjastoon.",
        "urgency": "normal",
        "themes": ["digital"],
        "action": "submit",
    }
    tally_form = {
        "date": "2026-03-02",
        "work_kind": "walk_in",
        "place": "Kirjasto",
        "contact_kind": "in_person",
        "topics": ["income"],
        "age_group": "30_54",
        "gender": "female",
        "people": "8",
    }
    extract_form = {"received_on": "2026-03-02", "period_start": "2025-01-01", "period_end": "2026-03-01"}
    cases = [
        ("contact", contact_form | {"first_name": NUL}, "first_name"),
        ("contact", contact_form | {"description": "a\x00b"}, "description"),
        *(("contact", contact_form | {"contacted_at": f"{day}T00:00"}, "contacted_at") for day in FAR_DATES),
        ("report", report_form | {"title": NUL}, "title"),
        *(("report", report_form | {"affected_count": str(n)}, "affected_count") for n in HUGE),
        ("tally", tally_form | {"place": NUL}, "place"),
        *(("tally", tally_form | {"people": str(n)}, "people") for n in HUGE),
        *(("tally", tally_form | {"date": day}, "date") for day in FAR_DATES),
        ("extract", extract_form | {"how_received": NUL}, "how_received"),
        *(("extract", extract_form | {"period_start": day}, "period_start") for day in FAR_DATES),
        *(("extract", extract_form | {"received_on": day}, "received_on") for day in FAR_DATES),
    ]
    return [pytest.param(*case, id=f"{case[0]}-{case[2]}-{i}") for i, case in enumerate(cases)]


@pytest.mark.parametrize(("page", "form", "field"), _page_cases())
def test_a_hostile_value_in_a_page_form_is_an_error_on_its_field(
    client: Any, world: World, page: str, form: dict[str, Any], field: str
) -> None:
    world.team.receives_unrouted = True
    world.team.save()
    municipality = world.team.municipality
    assert municipality is not None
    user, url, data = {
        "contact": (world.advisor, "/casework/contacts/new/", form),
        "report": (
            world.worker,
            reverse("structural:report_new"),
            form | {"team": world.team.pk, "municipality": municipality.pk},
        ),
        "tally": (world.worker, reverse("structural:tallies"), form | {"team": world.team.pk}),
        "extract": (
            world.worker,
            reverse("casework:log_extracts", kwargs={"client_id": world.client.pk}),
            form,
        ),
    }[page]
    client.force_login(user)
    before = _page_saved()
    response = client.post(url, data)
    assert response.status_code == 200, response.status_code
    assert field in response.context["form"].errors, response.context["form"].errors
    assert _page_saved() == before


def _page_saved() -> tuple[int, ...]:
    """What the pages would create (the log extract page logs its read of the client, so no use-log rows)."""
    return tuple(m.objects.count() for m in (Contact, Initiation, SocialReport, Tally, LogExtractRequest))
