"""The client's log extract (ATL 11): the request, its two-month deadline on the board, the extract as a
page and a PDF that lists exactly the uses of the client's data, and the answer in the disclosure log."""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from polku.accounts.models import Qualification, Role, User
from polku.audit.models import DisclosureLogEntry, UseLogEntry
from polku.audit.services import ClientLinkActor, use_log_write
from polku.core.models import StaleEditError
from polku.registry.log_extracts import answer_due, log_extract_board, log_extract_build, what_was_used
from polku.registry.models import ExportStatus, LogExtractExport, LogExtractRequest, LogRequestStatus
from polku.registry.services import log_extract_request_answer, log_extract_request_register
from tests.audit.tampering import backdate, tampering
from tests.conftest import World
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

UUID_PATTERN = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def pdf_text(content: bytes) -> str:
    """The PDF's words in one line; a double name ("Marja-Liisa") broken at its hyphen is joined again."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages).replace("- ", "-")


def register(world: World, **extra: Any) -> LogExtractRequest:
    return log_extract_request_register(actor=extra.pop("actor", world.worker), client=world.client, **extra)


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings: Any) -> None:
    """The PDF is written by the background worker; here the task runs when it is queued."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def pdf_of(client: Any, request: LogExtractRequest, **post: str) -> Any:
    """Order the request's PDF on the page (the task runs at once here) and download it."""
    ordered = client.post(reverse("casework:log_extract_pdf", kwargs={"log_request_id": request.pk}), post)
    assert ordered.status_code == 302, ordered.content.decode()[:2000]
    export = LogExtractExport.objects.filter(request=request).order_by("-created_at").first()
    assert export is not None and export.status == ExportStatus.DONE, export and export.error
    response = client.get(reverse("casework:log_extract_document", kwargs={"export_id": export.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response


# --- The rules -----------------------------------------------------------------------------------------


def test_the_answer_is_due_two_months_after_the_request() -> None:
    assert answer_due(date(2027, 1, 15)) == date(2027, 3, 15)
    # A month without the day: its last day (a leap year's 29 February is a Tuesday).
    assert answer_due(date(2027, 12, 31)) == date(2028, 2, 29)
    # 28 February 2027 is a Sunday: the limit moves to the next weekday.
    assert answer_due(date(2026, 12, 31)) == date(2027, 3, 1)
    assert answer_due(date(2027, 1, 31)) == date(2027, 3, 31)


def test_a_request_covers_the_last_two_years_by_default_and_stores_its_due_date(world: World) -> None:
    today = timezone.localdate()
    request = register(world, received_on=today - timedelta(days=3), how_received="kirje")
    assert request.due_on == answer_due(today - timedelta(days=3))
    assert request.period_end == today
    assert request.period_start == today - timedelta(days=3) - relativedelta(years=2)
    assert request.status == LogRequestStatus.OPEN
    assert request.team_id == world.team.pk
    row = UseLogEntry.objects.get(client_id=world.client.pk, object_id=str(request.pk))
    assert (row.action, row.purpose, row.user_id) == ("write", "data_protection", str(world.worker.pk))


def test_logs_older_than_two_years_need_a_special_reason(world: World) -> None:
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        register(world, period_start=today - timedelta(days=3 * 365))
    assert "special_reason" in refused.value.message_dict
    assert not LogExtractRequest.objects.exists()
    request = register(
        world, period_start=today - timedelta(days=3 * 365), special_reason="Epäilty väärinkäyttö 2024"
    )
    assert request.period_start == today - timedelta(days=3 * 365)


@pytest.mark.parametrize(
    ("field", "value"),
    [("received_on", 1), ("period_end", 1)],
)
def test_dates_in_the_future_are_refused(world: World, field: str, value: int) -> None:
    with pytest.raises(ValidationError) as refused:
        register(world, **{field: timezone.localdate() + timedelta(days=value)})
    assert field in refused.value.message_dict


def test_a_period_that_ends_before_it_starts_is_refused(world: World) -> None:
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        register(world, period_start=today - timedelta(days=1), period_end=today - timedelta(days=10))
    assert "period_start" in refused.value.message_dict


# --- Who may handle requests -----------------------------------------------------------------------------


def test_the_page_registers_a_request_with_defaults(client: Any, world: World) -> None:
    client.force_login(world.counsellor)
    url = reverse("casework:log_extracts", kwargs={"client_id": world.client.pk})
    page = client.get(url)
    assert page.status_code == 200
    today = timezone.localdate()
    assert f'value="{today:%Y-%m-%d}"' in page.content.decode()
    response = client.post(
        url,
        {
            "received_on": today.isoformat(),
            "how_received": "sähköinen asiointi",
            "period_start": (today - timedelta(days=700)).isoformat(),
            "period_end": today.isoformat(),
        },
    )
    assert response.status_code == 302
    request = LogExtractRequest.objects.get(client_id=world.client.pk)
    assert request.due_on == answer_due(today)
    assert request.created_by == world.counsellor
    listing = client.get(url).content.decode()
    assert reverse("casework:log_extract", kwargs={"log_request_id": request.pk}) in listing


def test_the_page_shows_the_refusal_of_an_early_start_without_a_reason(client: Any, world: World) -> None:
    client.force_login(world.worker)
    today = timezone.localdate()
    response = client.post(
        reverse("casework:log_extracts", kwargs={"client_id": world.client.pk}),
        {
            "received_on": today.isoformat(),
            "period_start": (today - timedelta(days=1000)).isoformat(),
            "period_end": today.isoformat(),
        },
    )
    assert response.status_code == 200
    assert 'id="id_special_reason_error"' in response.content.decode()
    assert not LogExtractRequest.objects.exists()


def test_the_client_page_links_to_the_requests(client: Any, world: World) -> None:
    client.force_login(world.worker)
    page = client.get(reverse("clients:detail", kwargs={"client_id": world.client.pk})).content.decode()
    assert reverse("casework:log_extracts", kwargs={"client_id": world.client.pk}) in page


def test_a_manager_of_the_clients_team_may_register_and_answer(world: World) -> None:
    request = register(world, actor=world.manager)
    log_extract_request_answer(
        actor=world.manager, request=request, client=world.client, expected_version=request.version
    )
    assert LogExtractRequest.objects.get().status == LogRequestStatus.ANSWERED


@pytest.mark.parametrize("who", ["other_worker", "provider", "analyst", "admin"])
def test_others_cannot_register_or_read_a_request(client: Any, world: World, who: str) -> None:
    request = register(world)
    outsider: User = getattr(world, who)
    with pytest.raises(PermissionDenied):
        log_extract_request_register(actor=outsider, client=world.client)
    with pytest.raises(PermissionDenied):
        log_extract_request_answer(
            actor=outsider, request=request, client=world.client, expected_version=request.version
        )
    client.force_login(outsider)
    today = timezone.localdate().isoformat()
    urls = [
        ("get", reverse("casework:log_extracts", kwargs={"client_id": world.client.pk})),
        ("post", reverse("casework:log_extracts", kwargs={"client_id": world.client.pk})),
        ("get", reverse("casework:log_extract", kwargs={"log_request_id": request.pk})),
        ("post", reverse("casework:log_extract_pdf", kwargs={"log_request_id": request.pk})),
        ("get", reverse("casework:log_extract_json", kwargs={"log_request_id": request.pk})),
        ("get", reverse("casework:log_extract_documents", kwargs={"log_request_id": request.pk})),
        ("post", reverse("casework:log_extract_answer", kwargs={"log_request_id": request.pk})),
    ]
    for method, url in urls:
        response = getattr(client, method)(
            url, {"received_on": today, "period_start": today, "period_end": today, "version": 1}
        )
        assert response.status_code == 404, url
        assert world.client.last_name not in response.content.decode()
    assert LogExtractRequest.objects.count() == 1
    assert LogExtractRequest.objects.get().status == LogRequestStatus.OPEN
    assert not LogExtractExport.objects.exists()
    assert not UseLogEntry.objects.filter(client_id=world.client.pk, user_id=str(outsider.pk)).exists()
    assert log_extract_board(user=outsider, view="t") == []


# --- The extract -------------------------------------------------------------------------------------------


def test_the_pdf_lists_exactly_the_reads_of_the_client_and_nothing_of_others(
    client: Any, world: World
) -> None:
    """Done when: a client's log extract PDF lists exactly the reads made in a test."""
    county = OrganisationFactory(name="Pohjolan hyvinvointialue")
    reader_a = UserFactory(
        first_name="Aino",
        last_name="Lukijatar",
        role=Role.SOCIAL_WORKER,
        teams=[world.team],
        organisation=county,
    )
    reader_b = UserFactory(
        first_name="Bertta",
        last_name="Katsoja",
        role=Role.SOCIAL_COUNSELLOR,
        qualification=Qualification.SOCIAL_COUNSELLOR,
        teams=[world.team],
        organisation=county,
    )
    other_reader = UserFactory(
        first_name="Olli", last_name="Toinentiimi", role=Role.SOCIAL_WORKER, teams=[world.other_team]
    )
    world.client.street_address = "Salakuja 13 B 7"
    world.client.save()
    world.other_client.last_name = "Toisenasiakkaanen"  # a name no other text in the extract holds
    world.other_client.save()
    request = register(world, actor=world.manager)

    reads = [
        (reader_a, "clients:detail"),
        (reader_a, "clients:detail"),
        (reader_a, "casework:timeline"),
        (reader_b, "clients:detail"),
        (reader_b, "casework:timeline"),
    ]
    for reader, view in reads:
        client.force_login(reader)
        assert client.get(reverse(view, kwargs={"client_id": world.client.pk})).status_code == 200
    # A read of another client's page, which must not appear in this client's extract.
    client.force_login(other_reader)
    assert (
        client.get(reverse("clients:detail", kwargs={"client_id": world.other_client.pk})).status_code == 200
    )

    client.force_login(world.manager)
    page = client.get(reverse("casework:log_extract", kwargs={"log_request_id": request.pk}))
    assert page.content.decode().count('class="use-row"') == len(reads)
    text = pdf_text(pdf_of(client, request).content)

    # Exactly the reads: three by one user, two by the other, each with the organisation and the purpose
    # (in the client's language, Finnish: "asiakastyö" is client work).
    assert text.count("Aino Lukijatar") == 3
    assert text.count("Bertta Katsoja") == 2
    assert text.count("Pohjolan hyvinvointialue") == len(reads)
    assert text.count("Asiakastyö") == len(reads)
    # The extract's own generation (the page just above) is not listed; the manager only signs it.
    assert text.count(world.manager.get_full_name()) == 1
    # Nothing of anyone else, no ids, no address.
    assert "Olli Toinentiimi" not in text
    assert world.other_client.last_name not in text
    assert world.client.street_address not in text
    assert not UUID_PATTERN.search(text), "the extract shows an object id"
    assert "clients:" not in text and "casework:" not in text and "/clients/" not in text
    # The client is named, so that the document is theirs.
    assert world.client.last_name in text
    # Generating wrote its own use-log rows, for answering a data protection request.
    # (the page, the order of the PDF, its download).
    generated = UseLogEntry.objects.filter(
        client_id=world.client.pk,
        view__in=["casework:log_extract", "casework:log_extract_pdf", "casework:log_extract_document"],
    )
    assert generated.count() == 3
    assert set(generated.values_list("purpose", flat=True)) == {"data_protection"}

    # What was used, in words, never the page's internal name.
    english = pdf_text(pdf_of(client, request, lang="en").content)
    assert english.count("Your basic data") == 3
    assert english.count("Your case journal") == 2
    assert english.count("Read") == len(reads)
    assert english.count("Aino Lukijatar") == 3


def test_the_extract_speaks_the_clients_language_or_the_one_asked_for(client: Any, world: World) -> None:
    world.client.language = "sv"
    world.client.save()
    request = register(world)
    client.force_login(world.worker)
    client.get(reverse("clients:detail", kwargs={"client_id": world.client.pk}))
    # Swedish by default for a Swedish-speaking client ("läsning" is a read, "klientarbete" client work).
    swedish = pdf_text(pdf_of(client, request).content)
    assert "Läsning" in swedish and "Klientarbete" in swedish
    english = pdf_text(pdf_of(client, request, lang="en").content)
    assert "Read" in english and "Client work" in english
    page = client.get(reverse("casework:log_extract", kwargs={"log_request_id": request.pk})).content.decode()
    assert '<section class="card log-extract" lang="sv"' in page and "Klientarbete" in page


def test_logs_older_than_two_years_are_left_out_unless_a_special_reason_extends_the_period(
    world: World,
) -> None:
    use_log_write(
        actor=world.worker, client_ids=[world.client.pk], view="clients:detail", object_type="client"
    )
    old = UseLogEntry.objects.get(client_id=world.client.pk)
    backdate(UseLogEntry, timezone.now() - timedelta(days=2 * 365 + 30), pk=old.pk)
    use_log_write(
        actor=world.worker, client_ids=[world.client.pk], view="casework:case", object_type="client"
    )

    default = register(world)
    uses = log_extract_build(user=world.worker, request_id=default.pk, view="t").uses
    assert [u.what for u in uses] == [what_was_used("casework:case", "client")]

    extended = register(
        world,
        period_start=timezone.localdate() - timedelta(days=3 * 365),
        special_reason="Asiakas epäilee tietojensa väärinkäyttöä",
    )
    uses = log_extract_build(user=world.worker, request_id=extended.pk, view="t").uses
    assert [u.what for u in uses] == [
        what_was_used("clients:detail", "client"),
        what_was_used("casework:case", "client"),
        # Handling the first request (registering it, making its extract) came before this one.
        what_was_used("casework:log_extracts", "log_extract_request"),
        what_was_used("t", "log_extract"),
    ]


def test_the_clients_own_use_through_a_link_is_shown_as_the_client(world: World) -> None:
    use_log_write(
        actor=ClientLinkActor("abc"),
        client_ids=[world.client.pk],
        view="plans:read",
        object_type="plan_version",
        object_id="9a3f",
    )
    request = register(world)
    [use] = log_extract_build(user=world.worker, request_id=request.pk, view="t", language="en").uses
    with translation.override("en"):
        assert str(use.who) == "You, through a link"
        assert str(use.what) == "your client plan"
    assert use.organisation == ""


def test_a_user_who_no_longer_exists_is_shown_by_the_stored_name(world: World) -> None:
    gone = UserFactory(first_name="Poistunut", last_name="Työntekijä", teams=[world.team])
    use_log_write(actor=gone, client_ids=[world.client.pk], view="clients:detail", object_type="client")
    with tampering():  # the account is gone; its id no longer resolves (a log row outlives it)
        UseLogEntry.objects.filter(user_id=str(gone.pk)).update(
            user_id="00000000-0000-0000-0000-000000000000"
        )
    request = register(world)
    [use] = log_extract_build(user=world.worker, request_id=request.pk, view="t").uses
    assert use.who == "Poistunut Työntekijä"
    assert use.organisation == ""


# --- The board and the answer -------------------------------------------------------------------------------


def test_the_request_is_on_the_deadline_board_until_it_is_answered(client: Any, world: World) -> None:
    today = timezone.localdate()
    late = register(world, received_on=today - timedelta(days=70))
    assert late.due_on < today
    board_url = reverse("casework:deadlines")
    client.force_login(world.worker)
    board = client.get(board_url).content.decode()
    assert 'class="log-extract-row overdue"' in board
    assert reverse("casework:log_extract", kwargs={"log_request_id": late.pk}) in board
    assert world.client.last_name in board

    response = client.post(
        reverse("casework:log_extract_answer", kwargs={"log_request_id": late.pk}), {"version": late.version}
    )
    assert response.status_code == 302
    late.refresh_from_db()
    assert late.status == LogRequestStatus.ANSWERED
    assert late.answered_at is not None
    board = client.get(board_url).content.decode()
    assert "log-extract-row" not in board

    disclosure = DisclosureLogEntry.objects.get(client_id=world.client.pk)
    assert disclosure.legal_basis == "client_request"
    assert disclosure.user_id == str(world.worker.pk)
    assert disclosure.recipient  # to the client themselves, in the client's language
    # The answer is not listed in the extract it answers.
    assert log_extract_build(user=world.worker, request_id=late.pk, view="t").disclosures == []


def test_a_request_is_answered_once_and_a_stale_answer_is_refused(world: World) -> None:
    request = register(world)
    with pytest.raises(StaleEditError):
        log_extract_request_answer(
            actor=world.worker, request=request, client=world.client, expected_version=request.version + 1
        )
    request.refresh_from_db()
    assert request.status == LogRequestStatus.OPEN
    log_extract_request_answer(
        actor=world.worker, request=request, client=world.client, expected_version=request.version
    )
    with pytest.raises(ValidationError):
        log_extract_request_answer(
            actor=world.worker, request=request, client=world.client, expected_version=request.version
        )
    assert DisclosureLogEntry.objects.filter(client_id=world.client.pk).count() == 1


def test_an_earlier_answer_is_listed_in_a_later_extract(world: World) -> None:
    first = register(world)
    log_extract_request_answer(actor=world.worker, request=first, client=world.client, expected_version=1)
    second = register(world)
    extract = log_extract_build(user=world.worker, request_id=second.pk, view="t")
    with translation.override("en"):
        assert [str(d.basis) for d in extract.disclosures] == ["the client's own request"]


# --- The API ---------------------------------------------------------------------------------------------


def test_the_api_registers_lists_extracts_and_answers(client: Any, world: World) -> None:
    client.force_login(world.worker)
    base = f"/api/v1/clients/{world.client.pk}/log-extract-requests"
    early = (timezone.localdate() - timedelta(days=1000)).isoformat()
    refused = client.post(base, {"period_start": early}, content_type="application/json")
    assert refused.status_code == 400
    assert "special_reason" in refused.json()["errors"]

    created = client.post(base, {"how_received": "sähköposti"}, content_type="application/json")
    assert created.status_code == 201
    body = created.json()
    assert body["due_on"] == answer_due(timezone.localdate()).isoformat()
    assert [r["id"] for r in client.get(base).json()] == [body["id"]]

    client.get(reverse("clients:detail", kwargs={"client_id": world.client.pk}))
    streamed = client.get(f"/api/v1/log-extract-requests/{body['id']}/extract", {"lang": "en"})
    assert streamed.streaming and streamed["Content-Type"].startswith("application/json")
    extract = json.loads(b"".join(streamed.streaming_content))
    assert extract["language"] == "en"
    # The client's requests were read on each call above (the refused one too), then the client page.
    assert [(u["what"], u["action"]) for u in extract["uses"]] == [
        *[("your requests for a log extract", "read")] * 3,
        ("your basic data", "read"),
    ]
    assert {u["who"] for u in extract["uses"]} == {world.worker.get_full_name()}

    stale = client.post(
        f"/api/v1/log-extract-requests/{body['id']}/answer", {"version": 99}, content_type="application/json"
    )
    assert stale.status_code == 409  # changed since it was read
    answered = client.post(
        f"/api/v1/log-extract-requests/{body['id']}/answer",
        {"version": body["version"]},
        content_type="application/json",
    )
    assert answered.status_code == 200
    assert answered.json()["status"] == "answered"


def test_the_api_refuses_another_teams_worker(client: Any, world: World) -> None:
    request = register(world)
    client.force_login(world.other_worker)
    assert client.get(f"/api/v1/clients/{world.client.pk}/log-extract-requests").status_code == 404
    assert (
        client.post(
            f"/api/v1/clients/{world.client.pk}/log-extract-requests", {}, content_type="application/json"
        ).status_code
        == 404
    )
    assert client.get(f"/api/v1/log-extract-requests/{request.pk}/extract").status_code == 404
    assert LogExtractRequest.objects.count() == 1


def test_each_kind_of_use_is_named_in_words(world: World) -> None:
    uses = [
        ("clients:sharing", "consent"),
        ("casework:retention", "retention_run"),
        ("services:home_visit", "home_visit"),
        ("somewhere:new_page", "something_new"),
    ]
    for view, object_type in uses:
        use_log_write(actor=world.worker, client_ids=[world.client.pk], view=view, object_type=object_type)
    request = register(world)
    extract = log_extract_build(user=world.worker, request_id=request.pk, view="t", language="en")
    assert [u.what for u in extract.uses] == [
        "your data-sharing consents and bans",
        "removing your records at the end of their retention period",
        "a home guidance visit",
        "your client data",
    ]
