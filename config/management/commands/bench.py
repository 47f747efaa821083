"""`polku bench`: Polku's key pages under load on its production server, against a bare Django page.

Starts `polku serve` (gunicorn) on the current PostgreSQL database with bench.settings (Polku's settings
plus a per-request SQL query counter and the bare page), signs in as a seeded worker, a team manager and
a provider's worker, and drives each page at 1, 4 and 16 connections for --duration seconds. See
bench/README.md.
"""

from __future__ import annotations

import io
import os
import platform
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bench.exports import download, fill_log, worker_pids
from bench.exports import render as render_exports
from bench.load import Result, Target, drive
from bench.sampler import LockSampler
from bench.table import Row, render
from bench.urls import BARE_PATH
from polku.accounts.models import Role, User
from polku.accounts.selectors import teams_of
from polku.clients.models import Client, ClientRelationship
from polku.provision.models import ServiceEpisode
from polku.registry.models import LogExtractRequest, LogRequestStatus
from polku.registry.services.log_extracts import (
    log_extract_request_answer,
    log_extract_request_register,
)
from polku.structural.models import Project

BASE_DIR = Path(settings.BASE_DIR)
CLIENT_WORKERS = (Role.SOCIAL_WORKER, Role.SOCIAL_COUNSELLOR)
# Who a page is read as: the worker, the team manager (the reports) or a provider's worker (its services).
WORKER, MANAGER, PROVIDER = "worker", "manager", "provider"
BENCH_REQUEST = "polku bench"


@dataclass
class Page:
    label: str
    path: str
    who: str = WORKER


@dataclass
class Export:
    label: str
    path: str
    count_rows: Callable[[bytes], int]
    for_reports: bool = (
        False  # downloaded by the reports' reader (an analyst: the whole county), else the worker
    )


def csv_rows(body: bytes) -> int:
    """The data rows of a CSV export: its lines after the header (text cells have no line breaks here)."""
    return max(0, body.count(b"\n") - 1)


def xlsx_rows(body: bytes) -> int:
    """The rows of every sheet of an XLSX export but each sheet's header row."""
    book = load_workbook(io.BytesIO(body), read_only=True)
    try:
        return sum(max(0, sum(1 for _ in sheet.iter_rows()) - 1) for sheet in book.worksheets)
    finally:
        book.close()


def json_uses(body: bytes) -> int:
    """The uses in a log extract's JSON file: each begins `{"at":"`, and the disclosures come after them."""
    end = body.find(b'],"disclosures":[')
    return body[: end if end >= 0 else len(body)].count(b'{"at":"')


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _load() -> str:
    """The machine's load average: the bench shares the cores with whatever else runs."""
    try:
        return ", ".join(f"{value:.1f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def _levels(raw: str) -> list[int]:
    try:
        levels = [int(part) for part in raw.split(",") if part.strip()]
    except ValueError as error:
        raise CommandError(f"--connections {raw!r}: give whole numbers separated by commas") from error
    if not levels or min(levels) < 1:
        raise CommandError("--connections needs at least one positive number")
    return levels


class Command(BaseCommand):
    help = "Benchmark Polku's key pages on its production server against a bare Django page (PostgreSQL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--duration", type=float, default=10, help="seconds per page and level")
        parser.add_argument("--connections", default="1,4,16", help="concurrent clients, e.g. 1,4,16")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (POLKU_WORKERS)")
        parser.add_argument(
            "--threads",
            type=int,
            default=int(os.environ.get("POLKU_THREADS", "4")),
            help="threads per worker (POLKU_THREADS, default 4)",
        )
        parser.add_argument("--port", type=int, help="port of the served Polku (default: a free one)")
        parser.add_argument("--user", help="the worker to sign in as (default: the largest caseload)")
        parser.add_argument("--manager", help="the team manager for the reports (default: the worker's)")
        parser.add_argument(
            "--provider",
            help="the provider's worker for its services (default: of the provider running the most)",
        )
        parser.add_argument(
            "--password",
            help="the users' password; without it both get a new random one (bench databases only)",
        )
        parser.add_argument("--only", default="", help="comma-separated words: run only pages matching one")
        parser.add_argument("--log", default=str(Path(settings.VAR_DIR) / "bench-server.log"))
        parser.add_argument(
            "--log-rows",
            type=int,
            default=1_000_000,
            help="uses in the bench client's log extract for the export measurements (0: no exports)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("polku bench does not run in production mode: it sets the users' passwords.")
        if connection.vendor != "postgresql":
            raise CommandError("polku bench measures PostgreSQL: set DATABASE_URL to a seeded database.")
        levels = _levels(options["connections"])
        worker = self._worker(options["user"])
        manager = self._manager(options["manager"], worker)
        provider = self._provider(options["provider"])
        pages = [p for p in self._pages(worker, manager, provider) if self._wanted(p, options["only"])]
        # The reports' exports are downloaded by an analyst, who reads the whole county, where there is one.
        reader = (
            User.objects.filter(role=Role.ANALYST, is_active=True).order_by("username").first() or manager
        )
        password = options["password"] or secrets.token_urlsafe(24)
        if not options["password"]:
            for user in {worker, manager, reader, *([provider] if provider else [])}:
                user.set_password(password)
                user.save(update_fields=["password"])
        port = options["port"] or _free_port()
        self.stdout.write(self._machine(options, worker, manager, provider))
        exports = self._exports(worker, options["log_rows"]) if options["log_rows"] > 0 else []
        server = self._serve(port, options)
        # The background worker beside the server, as a county runs it: it seals the log rows pages write.
        background = self._serve(port, options, command=["worker"])
        try:
            self._wait_up(port, server)
            as_worker = Target("127.0.0.1", port, self._sign_in(port, worker.username, password))
            targets = {
                WORKER: as_worker,
                MANAGER: Target("127.0.0.1", port, self._sign_in(port, manager.username, password)),
            }
            if provider:
                session = self._sign_in(port, provider.username, password)
                targets[PROVIDER] = Target("127.0.0.1", port, session)
            self._warm_up(targets, pages)
            rows = self._run(targets, pages, levels, options["duration"])
            pids = [*worker_pids(server.pid), background.pid]
            as_reader = Target("127.0.0.1", port, self._sign_in(port, reader.username, password))
            export_results = [
                download(
                    as_reader if e.for_reports else as_worker,
                    e.path,
                    label=f"{e.label} ({(reader if e.for_reports else worker).get_role_display()})",
                    pids=pids,
                    count_rows=e.count_rows,
                )
                for e in exports
            ]
        finally:
            for process in (server, background):
                process.send_signal(signal.SIGTERM)
            for process in (server, background):
                try:
                    process.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    process.kill()
        self.stdout.write(render(rows))
        if export_results:
            self.stdout.write("")
            self.stdout.write(render_exports(export_results))
        self.stdout.write(f"Load average (1, 5, 15 min) at the end: {_load()}.")
        top = [row for row in rows if row.locks is not None]
        waits = [row.locks for row in top if row.locks is not None]
        if waits:
            samples = sum(w.samples for w in waits)
            waiting = sum(w.with_waiter for w in waits)
            self.stdout.write(
                f"Lock waits at {levels[-1]} connections: {waiting} of {samples} samples "
                f"({waiting / samples:.0%}) had a backend waiting on a lock "
                f"(pg_stat_activity every 50 ms, {options['workers']} workers)."
                if samples
                else "No lock samples were taken."
            )

    # -- what to measure ---------------------------------------------------------------------------------

    def _worker(self, username: str | None) -> User:
        if username:
            found = User.objects.filter(username=username, is_active=True).first()
            if found is None:
                raise CommandError(f"No active user {username!r}.")
            return found
        busiest = (
            User.objects.filter(role__in=CLIENT_WORKERS, is_active=True)
            .annotate(
                caseload=Count(
                    "personal_clients",
                    filter=Q(personal_clients__ended_at__isnull=True),
                )
            )
            .order_by("-caseload", "username")
            .first()
        )
        if busiest is None:
            raise CommandError("No social worker or counsellor in the database: seed it first (README).")
        return busiest

    def _manager(self, username: str | None, worker: User) -> User:
        if username:
            return self._worker(username)
        found = (
            User.objects.filter(role=Role.TEAM_MANAGER, is_active=True, teams__in=worker.teams.all())
            .order_by("username")
            .first()
            or User.objects.filter(role=Role.TEAM_MANAGER, is_active=True).order_by("username").first()
            or User.objects.filter(role=Role.ANALYST, is_active=True).order_by("username").first()
        )
        if found is None:
            raise CommandError("No team manager or analyst in the database for the reports.")
        return found

    @staticmethod
    def _provider(username: str | None) -> User | None:
        """A worker of the provider that runs the most services (the largest services list), if any."""
        if username:
            found = User.objects.filter(username=username, role=Role.PROVIDER_WORKER, is_active=True).first()
            if found is None:
                raise CommandError(f"No active provider worker {username!r}.")
            return found
        busiest = (
            ServiceEpisode.objects.not_ended()
            .values("provider_id")
            .annotate(running=Count("pk"))
            .order_by("-running", "provider_id")
            .values_list("provider_id", flat=True)
        )
        for provider_id in busiest[:5]:
            found = (
                User.objects.filter(organisation_id=provider_id, role=Role.PROVIDER_WORKER, is_active=True)
                .order_by("username")
                .first()
            )
            if found:
                return found
        return None

    @staticmethod
    def _client_id(worker: User) -> Any:
        """The worker's first own client by name (else the first they may see): the client of the pages."""
        visible = Client.objects.visible_to(worker)
        own = (
            ClientRelationship.objects.filter(
                personal_worker=worker, ended_at__isnull=True, client__in=visible
            )
            .order_by("client__last_name", "client__first_name")
            .values_list("client_id", flat=True)
            .first()
        )
        client_id = own or visible.order_by("pk").values_list("pk", flat=True).first()
        if client_id is None:
            raise CommandError(f"{worker.username} sees no client: seed the database first (README).")
        return client_id

    def _pages(self, worker: User, manager: User, provider: User | None = None) -> list[Page]:
        visible = Client.objects.visible_to(worker)
        client_id = self._client_id(worker)
        surname = (
            visible.values("last_name").annotate(n=Count("pk")).order_by("-n", "last_name").first() or {}
        ).get("last_name", "")
        project = Project.objects.order_by("pk").values_list("pk", flat=True).first()
        esr = reverse("reporting:esr") + (f"?project={project}" if project else "")
        return [
            Page("home, the work list", reverse("workday:home")),
            Page("API me/work", reverse("api:my_work")),
            Page("client page", reverse("clients:detail", kwargs={"client_id": client_id})),
            Page("client process page", reverse("casework:case", kwargs={"client_id": client_id})),
            Page("caseload, first page", reverse("casework:caseload")),
            Page("team queue", reverse("casework:queue")),
            Page("deadline board", reverse("casework:deadlines")),
            Page(
                "name search, common surname",
                reverse("clients:search") + "?" + urllib.parse.urlencode({"q": surname}),
            ),
            Page("API client", reverse("api:client_detail", kwargs={"client_id": client_id})),
            Page("API initiations?status=open", reverse("api:initiation_list") + "?status=open"),
            Page("effectiveness report", reverse("reporting:effectiveness"), who=MANAGER),
            Page("ESR report" + ("" if project else " (no project)"), esr, who=MANAGER),
            Page("deadline report", reverse("reporting:deadline_compliance"), who=MANAGER),
            Page("monitoring dashboard", reverse("reporting:monitoring_dashboard"), who=MANAGER),
            Page("consultations", reverse("consultation:list")),
            Page("client's segment", reverse("segments:client", kwargs={"client_id": client_id})),
            Page("team's segments", reverse("segments:team", kwargs={"team_id": team}), who=MANAGER)
            if (team := self._team(manager))
            else Page("team's segments (no team)", reverse("segments:teams"), who=MANAGER),
            *(
                [
                    Page("provider's home, work list", reverse("workday:home"), who=PROVIDER),
                    Page("provider's services", reverse("services:home"), who=PROVIDER),
                    Page("API episodes", reverse("api:episodes"), who=PROVIDER),
                ]
                if provider
                else []
            ),
        ]

    @staticmethod
    def _team(manager: User) -> Any:
        """The first team of the team manager by name, for its segment page."""
        return teams_of(manager).values_list("pk", flat=True).first()

    def _exports(self, worker: User, log_rows: int) -> list[Export]:
        """The exports to download after the pages: the bench client's log extract as JSON, with at least
        `log_rows` uses in it (written and sealed here the first time)."""
        client = Client.objects.get(pk=self._client_id(worker))
        added = fill_log(client_id=client.pk, user_id=str(worker.pk), username=worker.username, rows=log_rows)
        self.stderr.write(f"The bench client has {log_rows} or more uses in its log ({added} added now).")
        # One request of the bench's own, kept from run to run, answered at once: an open one would be a row
        # on the deadline board the bench measures.
        extract = LogExtractRequest.objects.filter(
            client_id=client.pk, how_received=BENCH_REQUEST
        ).first() or log_extract_request_register(
            actor=worker, client=client, how_received=BENCH_REQUEST, view="bench:log_extract"
        )
        if extract.status == LogRequestStatus.OPEN:
            log_extract_request_answer(
                actor=worker,
                request=extract,
                client=client,
                expected_version=extract.version,
                view="bench:log_extract",
            )
        project = Project.objects.order_by("pk").values_list("pk", flat=True).first()
        esr = f"?project={project}" if project else ""
        effectiveness = reverse("reporting:effectiveness_export")
        reports = [
            ("effectiveness", f"{effectiveness}?format=csv", f"{effectiveness}?format=xlsx"),
            ("ESR participants", reverse("reporting:esr_csv") + esr, reverse("reporting:esr_xlsx") + esr),
            (
                "deadline compliance",
                reverse("reporting:deadline_compliance_csv"),
                reverse("reporting:deadline_compliance_xlsx"),
            ),
        ]
        return [
            Export(
                "log extract, JSON",
                reverse("casework:log_extract_json", kwargs={"log_request_id": extract.pk}),
                count_rows=json_uses,
            ),
            *(
                Export(f"{label}, {kind}", path, count, for_reports=True)
                for label, csv_path, xlsx_path in reports
                for kind, path, count in (("CSV", csv_path, csv_rows), ("XLSX", xlsx_path, xlsx_rows))
            ),
        ]

    @staticmethod
    def _wanted(page: Page, only: str) -> bool:
        words = [w.strip().lower() for w in only.split(",") if w.strip()]
        return not words or any(w in page.label.lower() for w in words)

    # -- the server ----------------------------------------------------------------------------------------

    def _serve(
        self, port: int, options: dict[str, Any], command: list[str] | None = None
    ) -> subprocess.Popen[bytes]:
        """`polku serve` on `port` (or another polku command, with the same environment and log)."""
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "POLKU_WORKERS": str(options["workers"]),
            "POLKU_THREADS": str(options["threads"]),
            "DEBUG": "0",
            "DATABASE_URL": os.environ.get("DATABASE_URL") or self._database_url(),
        }
        log = Path(options["log"])
        log.parent.mkdir(parents=True, exist_ok=True)
        if command is None:
            self.stdout.write(f"Server log: {log}")
        with log.open("ab") as out:
            return subprocess.Popen(  # noqa: S603  (our own command, no shell)
                [
                    sys.executable,
                    "-c",
                    "from polku.cli import main; main()",
                    *(command or ["serve", "--bind", f"127.0.0.1:{port}"]),
                ],
                cwd=BASE_DIR,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    @staticmethod
    def _database_url() -> str:
        db = settings.DATABASES["default"]
        user = urllib.parse.quote(db.get("USER") or "")
        password = urllib.parse.quote(db.get("PASSWORD") or "")
        auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"

    @staticmethod
    def _wait_up(port: int, server: subprocess.Popen[bytes]) -> None:
        probe = Target("127.0.0.1", port, {})
        for _ in range(300):
            if server.poll() is not None:
                raise CommandError(f"polku serve stopped (exit {server.returncode}); see the server log.")
            conn = probe.connect()
            try:
                status, _, _ = probe.get(conn, reverse("api:health"))
                if status == 200:
                    return
            except OSError:
                pass
            finally:
                conn.close()
            time.sleep(0.2)
        raise CommandError(f"polku serve did not answer on port {port} in 60 s.")

    @staticmethod
    def _sign_in(port: int, username: str, password: str) -> dict[str, str]:
        """The login form, as a browser fills it: the session cookie the load then sends."""
        target = Target("127.0.0.1", port, {"Cookie": "polku_language=en"})
        conn = target.connect()
        try:
            login = reverse("accounts:login")
            conn.request("GET", login, headers=target.headers)
            response = conn.getresponse()
            form = response.read().decode()
            csrf = next(
                (
                    value.split(";")[0].split("=", 1)[1]
                    for key, value in response.getheaders()
                    if key.lower() == "set-cookie" and value.startswith("csrftoken=")
                ),
                "",
            )
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
            if not csrf or token is None:
                raise CommandError("The login page gave no CSRF token.")
            body = urllib.parse.urlencode(
                {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)}
            )
            conn.request(
                "POST",
                login,
                body=body,
                headers={
                    "Cookie": f"csrftoken={csrf}; polku_language=en",
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Referer": f"http://127.0.0.1:{port}{login}",
                },
            )
            response = conn.getresponse()
            response.read()
            session = next(
                (
                    value.split(";")[0]
                    for key, value in response.getheaders()
                    if key.lower() == "set-cookie" and value.startswith("sessionid=")
                ),
                None,
            )
        finally:
            conn.close()
        if response.status != 302 or session is None:
            raise CommandError(f"Signing in as {username} failed (HTTP {response.status}).")
        return {"Cookie": f"{session}; csrftoken={csrf}; polku_language=en"}

    # -- the runs ------------------------------------------------------------------------------------------

    def _warm_up(self, targets: dict[str, Target], pages: list[Page]) -> None:
        """Each page twice before measuring (templates compiled, connections open); a page that does not
        answer 200 is named here and measured anyway, its errors counted in the table."""
        for page in [Page("bare Django page", BARE_PATH), *pages]:
            target = targets[page.who]
            conn = target.connect()
            try:
                for _ in range(2):
                    status, _, _ = target.get(conn, page.path)
            finally:
                conn.close()
            if status != 200:
                self.stderr.write(f"{page.label}: {page.path} answered HTTP {status}")

    def _run(
        self, targets: dict[str, Target], pages: list[Page], levels: list[int], duration: float
    ) -> list[Row]:
        rows: list[Row] = []
        for level in levels:
            sample_locks = level == levels[-1]
            bare = drive(targets[WORKER], BARE_PATH, connections=level, duration=duration)
            rows.append(Row("bare Django page", bare, None))
            self.stderr.write(f"{level:>3} conn  bare Django page: {bare.per_second:.1f} req/s")
            for page in pages:
                result, locks = self._drive(targets[page.who], page.path, level, duration, sample_locks)
                rows.append(Row(page.label, result, bare, locks))
                self.stderr.write(f"{level:>3} conn  {page.label}: {result.per_second:.1f} req/s")
        return sorted(rows, key=lambda row: row.result.connections)

    @staticmethod
    def _drive(
        target: Target, path: str, level: int, duration: float, sample_locks: bool
    ) -> tuple[Result, Any]:
        if not sample_locks:
            return drive(target, path, connections=level, duration=duration), None
        with LockSampler() as sampler:
            result = drive(target, path, connections=level, duration=duration)
        return result, sampler.result

    # -- the machine ---------------------------------------------------------------------------------------

    def _machine(self, options: dict[str, Any], worker: User, manager: User, provider: User | None) -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()
        memory = ""
        try:
            total_kb = next(
                int(line.split()[1])
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal:")
            )
            memory = f", {total_kb / 1024 / 1024:.0f} GB RAM"
        except (OSError, StopIteration, ValueError):
            pass
        clients = Client.objects.count()
        caseload = ClientRelationship.objects.filter(personal_worker=worker, ended_at__isnull=True).count()
        return (
            f"polku bench, {timezone.now():%Y-%m-%d %H:%M %Z}: {os.cpu_count()} cores{memory}, "
            f"PostgreSQL {version[0] if version else '?'}, Python {platform.python_version()}, "
            f"database {connection.settings_dict['NAME']} with {clients} clients; "
            f"gunicorn {options['workers']} workers × {options['threads']} threads, "
            f"{options['duration']:g} s per page and level; signed in as {worker.username} "
            f"({worker.get_role_display()}, caseload {caseload}) and {manager.username} "
            f"({manager.get_role_display()}) for the reports"
            + (f", {provider.username} ({provider.organisation}) for its services; " if provider else "; ")
            + f"sessions in {'Redis' if os.environ.get('REDIS_URL') else 'the database'}; "
            f"load average (1, 5, 15 min) before the run: {_load()}."
        )
