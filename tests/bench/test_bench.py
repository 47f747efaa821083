"""`polku bench`'s parts that must be right for its table to mean anything: the statistics, the table, the
load generator's bookkeeping, the per-request query count and the bare page. Nothing here is timed: speed
is what `polku bench` itself measures."""

from __future__ import annotations

import os
import socket
import threading
import uuid
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import Client as BrowserClient
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.exports import PERIOD_DAYS, download, fill_log, rss_mb
from bench.exports import render as render_exports
from bench.load import Result, Sample, Target, drive, percentile
from bench.middleware import QUERIES_HEADER, QueryCountMiddleware
from bench.sampler import summarise
from bench.table import COLUMNS, Row, render
from config.management.commands.bench import json_uses
from polku.audit.models import UseLogEntry
from tests.factories import OrganisationFactory, UserFactory


def test_percentile_interpolates_between_ranks_like_numpy() -> None:
    values = [10.0, 20.0, 30.0, 40.0]
    assert percentile(values, 0) == 10.0
    assert percentile(values, 50) == 25.0
    assert percentile(values, 100) == 40.0
    assert percentile(values, 95) == pytest.approx(38.5)
    assert percentile([7.0], 99) == 7.0
    assert percentile([], 50) is None
    with pytest.raises(ValueError):
        percentile(values, 101)


def _result(
    connections: int, duration: float, seconds: list[float], status: int = 200, queries: int = 3
) -> Result:
    return Result(connections, duration, [Sample(s, status, queries) for s in seconds])


def test_result_counts_throughput_errors_and_queries() -> None:
    result = Result(
        4,
        2.0,
        [Sample(0.010, 200, 4), Sample(0.020, 200, 6), Sample(0.030, 500, 5), Sample(1.0, 0, None)],
    )
    assert result.requests == 4
    assert result.per_second == 2.0
    assert result.errors == 2  # the 500 and the request that got no answer
    assert result.queries == 5.0  # the mean of the answers that said
    assert result.latency_ms(50) == pytest.approx(25.0)


def test_table_gives_each_page_its_ratio_to_bare_django_at_the_same_connections() -> None:
    bare = _result(4, 1.0, [0.001] * 400, queries=2)
    page = _result(4, 1.0, [0.010] * 100, queries=7)
    failing = _result(4, 1.0, [0.5, 0.5], status=500)
    text = render(
        [
            Row("bare Django page", bare, None),
            Row("client page", page, bare, summarise([0, 0, 1, 2])),
            Row("caseload", failing, bare),
        ]
    )
    lines = text.splitlines()
    assert [c.strip() for c in lines[0].strip("|").split("|")] == list(COLUMNS)
    assert set(lines[1]) <= {"|", "-", ":"}
    bare_cells = [c.strip() for c in lines[2].strip("|").split("|")]
    page_cells = [c.strip() for c in lines[3].strip("|").split("|")]
    fail_cells = [c.strip() for c in lines[4].strip("|").split("|")]
    assert bare_cells[:3] == ["bare Django page", "4", "400.0"]
    assert bare_cells[6] == "1"
    assert page_cells[2] == "100.0"
    assert page_cells[3] == "10.0"  # p50 in ms
    assert page_cells[6] == "0.25"  # 100 req/s against the bare page's 400
    assert page_cells[7] == "7.0"
    assert page_cells[9] == "50%"  # two of four lock samples had a waiter
    assert fail_cells[8] == "2/2"
    assert len({len(line) for line in lines}) == 1  # the columns line up


def test_lock_samples_are_summarised_as_the_share_with_a_waiter() -> None:
    share = summarise([0, 3, 0, 0, 1])
    assert (share.samples, share.with_waiter, share.most_waiters) == (5, 2, 3)
    assert share.share == pytest.approx(0.4)
    assert summarise([]).share is None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as gunicorn's threaded workers answer

    def do_GET(self) -> None:
        status = 200 if self.path == "/ok" else 404
        body = b"fine"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.send_header(QUERIES_HEADER, "3")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def http_server() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


def test_drive_keeps_every_answer_with_its_status_and_query_count(http_server: int) -> None:
    target = Target("127.0.0.1", http_server, {"Cookie": "sessionid=x"})
    ok = drive(target, "/ok", connections=3, duration=0.2)
    assert ok.connections == 3
    assert ok.requests > 0
    assert ok.errors == 0
    assert ok.queries == 3.0
    missing = drive(target, "/nothing-here", connections=2, duration=0.1)
    assert missing.requests > 0
    assert missing.errors == missing.requests


def test_drive_counts_a_refused_connection_as_an_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])  # nobody listens once the socket closes
    result = drive(Target("127.0.0.1", port, {}), "/", connections=1, duration=0.05)
    assert result.requests > 0
    assert result.errors == result.requests


@pytest.mark.django_db
def test_query_count_header_counts_every_query_of_the_request() -> None:
    def view(request: HttpRequest) -> HttpResponse:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.execute("SELECT 2")
        return HttpResponse("two")

    response = QueryCountMiddleware(view)(RequestFactory().get("/"))
    assert response[QUERIES_HEADER] == "2"


@pytest.mark.django_db
@pytest.mark.urls("bench.urls")
def test_bare_page_answers_a_signed_in_user_with_one_query_of_its_own() -> None:
    organisation = OrganisationFactory(name="Bench county")
    user = UserFactory(organisation=organisation)
    browser = BrowserClient()
    browser.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = browser.get("/bench/bare/")
    assert response.status_code == 200
    # Besides the session and the user every page loads: one query, on the organisation's primary key.
    own = [q["sql"] for q in queries.captured_queries if "accounts_organisation" in q["sql"]]
    assert len(own) == 1
    assert response.content.decode() == "bare: Bench county\n"
    browser.logout()
    assert BrowserClient().get("/bench/bare/").status_code == 302  # to the login page, like Polku's pages


def test_an_export_is_downloaded_whole_its_rows_counted_and_the_workers_memory_read(http_server: int) -> None:
    target = Target("127.0.0.1", http_server, {})
    here = os.getpid()
    result = download(target, "/ok", label="x", pids=[here], count_rows=lambda body: body.count(b"i"))
    assert (result.status, result.rows) == (200, 1)  # "fine"
    assert result.megabytes == pytest.approx(4 / 1024 / 1024)
    assert result.worker_before_mb == pytest.approx(rss_mb(here), rel=0.5) and result.worker_before_mb > 0
    refused = download(target, "/nothing-here", label="y", pids=[], count_rows=lambda body: 1)
    assert (refused.status, refused.rows) == (404, 0)
    table = render_exports([result])
    assert table.splitlines()[0].startswith("| export | status | rows | s | rows/s |")
    assert "| x | 200 | 1 |" in table


def test_the_uses_of_a_log_extract_json_are_counted_without_its_disclosures() -> None:
    body = b'{"request":{},"uses":[{"at":"1","who":"a"},{"at":"2","who":"b"}],"disclosures":[{"at":"3"}]}'
    assert json_uses(body) == 2
    assert json_uses(b'{"uses":[],"disclosures":[]}') == 0


@pytest.mark.django_db
def test_the_bench_client_gets_its_log_rows_once_sealed_and_inside_the_extracts_period() -> None:
    worker = UserFactory()
    client_id = uuid.uuid4()
    assert fill_log(client_id=client_id, user_id=str(worker.pk), username=worker.username, rows=25) == 25
    assert fill_log(client_id=client_id, user_id=str(worker.pk), username=worker.username, rows=30) == 5
    rows = UseLogEntry.objects.filter(client_id=client_id)
    assert rows.count() == 30
    assert not rows.filter(seq__isnull=True).exists()
    oldest = timezone.now() - timedelta(days=PERIOD_DAYS + 1)
    assert not rows.filter(at__lt=oldest).exists()
    assert PERIOD_DAYS < 730  # the two years an extract covers by default
