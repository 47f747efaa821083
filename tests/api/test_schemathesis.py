"""Schemathesis fuzzes every operation of /api/v1/openapi.json in-process, against a loaded demo county:
no server error, every status code documented, every answer in its documented schema and content type.

The demo county gives the fuzzer real objects to reach: generated ids in the path (and a few id-like query
and body fields) are swapped for ids the caller may see, so requests get past 404 into the services. Each
request runs in a savepoint that is rolled back, so every example starts from the same data and a run is
repeatable (fixed seed, derandomized) on SQLite and PostgreSQL alike (`make test` runs it on both).

Besides what schemathesis draws, one request in three carries the values that once gave 500s (issue #10):
a NUL in a text, 2**31 and 2**63 in a whole number, 0001-01-01 and 9999-12-31 in a date. They go into
every top-level and nested field of the body and the query; the answer must be a documented 4xx, never a
server error.
"""

from __future__ import annotations

import re
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from schemathesis.core.parameters import ParameterLocation

from polku.accounts.models import Organisation, Team, User
from polku.accounts.services import token_create
from polku.clients.models import Client
from polku.core.crypto import search_hash
from polku.decisions.services import decision_draft
from polku.demo.codev import PROJECT as CODEV_PROJECT
from polku.demo.data import PROVIDER, load_demo
from polku.demo.ville import VILLE_HETU
from polku.instruments.models import Response
from polku.provision.models import Group, ServiceEpisode
from polku.structural.models import DevelopmentProject, Project

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 20260701,
        "generation": {"mode": "all", "max-examples": 20, "deterministic": True},
        "phases": {"stateful": {"enabled": False}},
        "checks": {
            "enabled": False,
            "not_a_server_error": {"enabled": True},
            "status_code_conformance": {"enabled": True},
            "content_type_conformance": {"enabled": True},
            "response_schema_conformance": {"enabled": True},
            # Every operation refuses a request without credentials, and answers 405 to other methods.
            "ignored_auth": {"enabled": True},
            "unsupported_method": {"enabled": True},
            # A request that breaks the schema (a number for a date, a missing field) is refused.
            "negative_data_rejection": {"enabled": True},
        },
    }
)

# The real WSGI handler, middleware and all; the schema is read from the app itself, not from a file.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler(), config=CONFIG)


@dataclass
class County:
    tokens: dict[str, str]
    path_ids: dict[str, str]
    values: dict[str, Any] = field(default_factory=dict)

    def user_for(self, case: Any) -> str:
        """Who calls: the provider's worker for services, the manager for reports and co-development, Kela
        for contacts."""
        if "services" in case.operation.tags:
            return "tuottaja"
        if "reports" in case.operation.tags or "/development-projects/" in case.operation.path:
            return "esihenkilo"
        if case.operation.path.endswith("/contacts"):
            return "kela"
        return "sosiaalityontekija"


@pytest.fixture(scope="module")
def county(django_db_setup: None, django_db_blocker: Any) -> Iterator[County]:
    # The WSGI handler closes "old" connections around each request, which would end the test's
    # transaction; Django's own test client turns this off the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            users, _seeded = load_demo(clients=5)
            by_name = {u.username: u for u in users}
            ville = Client.objects.get(hetu_hash=search_hash(VILLE_HETU))
            draft = decision_draft(
                actor=by_name["sosiaalityontekija"], client=ville, decision_type="social_rehabilitation"
            )
            provider = Organisation.objects.get(name=PROVIDER)
            episode = ServiceEpisode.objects.filter(provider=provider, status="active").first()
            group = Group.objects.filter(provider=provider).first()
            assert episode is not None and group is not None
            development = DevelopmentProject.objects.get(name=CODEV_PROJECT)
            yield County(
                tokens={u.username: token_create(user=u) for u in User.objects.all()},
                path_ids={
                    "client_id": str(ville.pk),
                    "initiation_id": str(ville.initiations.get().pk),
                    "decision_id": str(draft.pk),
                    "episode_id": str(episode.pk),
                    "group_id": str(group.pk),
                    "session_id": str(group.sessions.first().pk),  # type: ignore[union-attr]
                    "response_id": str(Response.objects.filter(client=ville).first().pk),  # type: ignore[union-attr]
                    "instrument_code": "functional_capacity",
                    "dev_project_id": str(development.pk),
                },
                values={
                    "instrument": "functional_capacity",
                    "project": str(Project.objects.get().pk),
                    "municipality": "Koivula",
                    "team": str(Team.objects.get(members=by_name["sosiaalityontekija"]).pk),
                    "provider_id": str(provider.pk),
                    "episode_id": str(episode.pk),
                    "worker": "sosiaalityontekija",
                    "proposed_by": str(development.participants.first().codeveloper_id),  # type: ignore[union-attr]
                },
            )
            transaction.set_rollback(True)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _real(value: Any) -> bool:
    """Swap three of four generated values for a real one; the fourth keeps the fuzzer's own (404s)."""
    try:
        return uuid.UUID(str(value)).int % 4 != 0
    except ValueError:
        return zlib.crc32(str(value).encode()) % 4 != 0


def aim(case: Any, county: County) -> None:
    meta = case.meta
    if not meta.is_negative_at(ParameterLocation.PATH):
        for name, value in (case.path_parameters or {}).items():
            if name in county.path_ids and _real(value):
                case.path_parameters[name] = county.path_ids[name]
    if case.query and not meta.is_negative_at(ParameterLocation.QUERY):
        for name, value in case.query.items():
            if name in county.values and isinstance(value, str) and _real(value):
                case.query[name] = county.values[name]
    if isinstance(case.body, dict) and not meta.is_negative_at(ParameterLocation.BODY):
        for name, value in case.body.items():
            if name in county.values and isinstance(value, str) and _real(value):
                case.body[name] = county.values[name]


HOSTILE_INTEGERS = (2**31, 2**63)
HOSTILE_DATES = ("0001-01-01", "9999-12-31")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _hostile(value: Any, seed: int) -> Any:
    """The hostile counterpart of a drawn value (chosen by `seed`, so a run is repeatable)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return HOSTILE_INTEGERS[seed % 2]
    if isinstance(value, str):
        if _DATE.match(value):
            return HOSTILE_DATES[seed % 2] + value[10:]
        return value + "\x00" if seed % 2 else "\x00" + value
    if isinstance(value, dict):
        return {key: _hostile(item, seed + i) for i, (key, item) in enumerate(value.items())}
    if isinstance(value, list):
        return [_hostile(item, seed + i) for i, item in enumerate(value)]
    return value


def make_hostile(case: Any) -> bool:
    """Put hostile values into one case in three (by a checksum of the drawn case); True when it did."""
    seed = zlib.crc32(f"{case.operation.label} {case.body!r} {case.query!r}".encode())
    if seed % 3:
        return False
    if isinstance(case.body, dict):
        case.body = _hostile(case.body, seed)
    if case.query:
        case.query = _hostile(case.query, seed)
    return True


def test_hostile_values_reach_text_numbers_and_dates_nested() -> None:
    assert _hostile({"a": "x", "n": 3, "d": "2026-01-01", "p": {"m": ["y"]}, "b": True}, 0) == {
        "a": "\x00x",
        "n": 2**63,
        "d": "0001-01-01",
        "p": {"m": ["y\x00"]},
        "b": True,
    }


@pytest.mark.django_db
@schema.parametrize()
def test_every_operation_answers_as_documented(case: Any, county: County) -> None:
    aim(case, county)
    if not case.meta.is_negative_at(ParameterLocation.BODY) and not case.meta.is_negative_at(
        ParameterLocation.QUERY
    ):
        make_hostile(case)
    token = county.tokens[county.user_for(case)]
    with transaction.atomic():
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"})
        transaction.set_rollback(True)
