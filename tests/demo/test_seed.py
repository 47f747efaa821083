"""`polku seed`: a whole county's synthetic process, deterministic for a seed, valid for every page."""

from __future__ import annotations

from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from polku.accounts.models import Qualification, Role, Team, User
from polku.audit.chain import verify
from polku.audit.models import UseLogEntry
from polku.casework.models import (
    Assessment,
    Contact,
    Initiation,
    JournalEntry,
    PersonalWorkerAssignment,
    SpecialSupport,
)
from polku.clients.models import Client, ClientRelationship
from polku.decisions.models import Decision
from polku.demo.seeding import loader
from polku.demo.seeding.loader import seed_process
from polku.demo.seeding.staff import caseloads
from polku.instruments.models import ChangeAggregate, ClientInstrumentSummary, Response
from polku.plans.models import ClientPlan, PlanGoal, PlanVersion
from polku.provision.models import (
    Attendance,
    Goal,
    GoalRating,
    Group,
    HomeVisit,
    ImplementationPlan,
    Review,
    ServiceEpisode,
    Session,
)
from polku.structural.models import SocialReport, Tally

pytestmark = pytest.mark.django_db
TODAY = "2026-06-15"


def seed(clients: int = 200, number: int = 3) -> str:
    out = StringIO()
    call_command("seed", "--clients", str(clients), "--seed", str(number), "--today", TODAY, stdout=out)
    return out.getvalue()


def fingerprint() -> dict[str, list[tuple[object, ...]]]:
    return {
        "clients": sorted(Client.objects.values_list("hetu_hash", "first_name", "last_name", "birth_date")),
        "initiations": sorted(
            Initiation.objects.values_list(
                "id", "status", "initiated_at", "assessment_start_due", "assigned_to"
            )
        ),
        "decisions": sorted(Decision.objects.values_list("id", "decision_type", "outcome", "decided_at")),
        "answers": sorted(Response.objects.values_list("id", "answered_at", "scores")),
        "goal ratings": sorted(GoalRating.objects.values_list("review", "goal", "goal__text", "score")),
        "log": list(UseLogEntry.objects.order_by("seq").values_list("seq", "row_hash")),
    }


def test_a_small_county_has_every_kind_of_record_and_its_use_log_verifies() -> None:
    assert "200 asiakasta luotu" in seed()
    for model in (
        Client, ClientRelationship, Contact, Initiation, Assessment, SpecialSupport, PersonalWorkerAssignment,
        ClientPlan, PlanVersion, PlanGoal, Decision, ServiceEpisode, ImplementationPlan, Goal, Group, Session,
        Attendance, HomeVisit, Review, GoalRating, Response, ClientInstrumentSummary, ChangeAggregate,
        SocialReport, Tally, JournalEntry, UseLogEntry,
    ):  # fmt: skip
        assert model.objects.exists(), model.__name__
    assert ClientRelationship.objects.filter(ended_at__isnull=False).exists()
    assert set(Initiation.objects.values_list("status", flat=True)) == {"new", "in_progress", "closed"}
    assert Assessment.objects.filter(completed_at__isnull=True).exists()
    assert PlanVersion.objects.filter(number__gt=1).exists()
    assert ServiceEpisode.objects.filter(status="active").exists()
    assert ServiceEpisode.objects.filter(status="ended").exists()
    assert ClientInstrumentSummary.objects.filter(responses__gt=1).exists()
    # Every group meets weekly, and its members' attendance is marked while their service runs.
    assert not Group.objects.filter(sessions__isnull=True).exists()
    assert Attendance.objects.count() >= Session.objects.count()
    report = verify(UseLogEntry)
    assert report.finding is None
    assert report.checked == UseLogEntry.objects.count() and report.unsealed == 0


def test_the_records_follow_the_process_rules() -> None:
    seed()
    # A decision only for an initiation whose assessment is complete, made after it.
    for decision in Decision.objects.select_related("initiation"):
        assert decision.initiation.assessment_completed_at is not None
        assert decision.decided_at >= decision.initiation.assessment_completed_at
    # Every granted decision that has started has its episode, found by the decision's id.
    granted = Decision.objects.filter(outcome="granted").values_list("pk", flat=True)
    assert set(ServiceEpisode.objects.values_list("decision_id", flat=True)) == set(granted)
    # SHL 42 and 46: with special support a public-office social worker is the personal worker or
    # alongside them, and makes the decisions.
    special = set(SpecialSupport.objects.values_list("client_id", flat=True))
    assert special
    for assignment in PersonalWorkerAssignment.objects.filter(relationship__client_id__in=special):
        people = [assignment.worker, assignment.alongside]
        assert any(p and p.qualification == Qualification.SOCIAL_WORKER_PUBLIC_OFFICE for p in people)
    for decision in Decision.objects.filter(client_id__in=special).select_related("decided_by"):
        assert decision.decided_by.qualification == Qualification.SOCIAL_WORKER_PUBLIC_OFFICE
    # Statutory due dates are stored for the clients who have them (75 or over: the 7th weekday).
    for initiation in Initiation.objects.filter(age_at_initiation__gte=75, urgent=False):
        assert initiation.assessment_start_due is not None
        assert initiation.assessment_start_due > initiation.initiated_at.date()
    # A client lives in the municipality of their team.
    for relationship in ClientRelationship.objects.select_related("client", "team")[:50]:
        assert relationship.client.municipality_id == relationship.team.municipality_id


# The kinds the services write with a message code (the rest, "taken" and "assessment started", with the
# kind alone), as polku/casework/journal_messages.py lists them.
WITH_MESSAGE = {
    "contact": "contact",
    "initiation": "initiation",
    "assessment_completed": "assessment_completed",
    "special_support": "special_support",
    "personal_worker": "personal_worker",
    "relationship_ended": "relationship_ended",
    "client_plan": "client_plan_version",
    "decision": "decision",
    "service": "service_started",
    "review": "review",
}


def test_a_seeded_timeline_reads_in_the_readers_language_as_the_services_write_it() -> None:
    seed()
    entries = list(JournalEntry.objects.all())
    assert {e.kind for e in entries} == {*WITH_MESSAGE, "taken", "assessment_started"}
    for entry in entries:
        assert entry.summary == ""  # nothing as Finnish text: a message and its parameters
        assert entry.message == WITH_MESSAGE.get(entry.kind, ""), entry.kind
    shown = {}
    for language in ("fi", "sv"):
        with translation.override(language):
            shown[language] = {e.kind: e.text for e in entries if e.message}
    # Hand-checked against one of each: the labels in the reader's language, people's text as written.
    assert shown["sv"]["decision"].startswith(
        ("Social rehabilitering: ", "Arbetsverksamhet i rehabiliteringssyfte: ")
    )
    assert shown["fi"]["decision"].startswith(("Sosiaalinen kuntoutus: ", "Kuntouttava työtoiminta: "))
    assert shown["sv"]["client_plan"].startswith("Klientplanen, version ")
    assert shown["sv"]["personal_worker"].startswith("Egen kontaktperson: ")
    assert shown["sv"]["initiation"].startswith(("Klientens ansökan: ", "Kontakt från en annan myndighet: "))
    for kind in (
        "assessment_completed",
        "special_support",
        "service",
        "review",
        "contact",
        "relationship_ended",
    ):
        assert shown["sv"][kind] != shown["fi"][kind], kind


def test_teams_have_5_to_15_people_and_workers_30_to_80_clients() -> None:
    seed(clients=600)
    teams = Team.objects.filter(name__endswith="(s3)")
    assert teams.exists()
    for team in teams:
        assert 5 <= team.members.count() <= 15
    loads = Counter(
        ClientRelationship.objects.filter(ended_at__isnull=True, personal_worker__isnull=False).values_list(
            "personal_worker", flat=True
        )
    )
    assert loads and all(30 <= n <= 80 for n in loads.values()), loads
    for slots in (31, 200, 4321, 100_000):
        sizes = caseloads(slots, __import__("random").Random(slots))
        assert sum(sizes) == slots and all(30 <= s <= 80 for s in sizes)


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data() -> None:
    point = transaction.savepoint()
    seed(clients=120)
    first = fingerprint()
    transaction.savepoint_rollback(point)
    point = transaction.savepoint()
    seed(clients=120)
    assert fingerprint() == first
    transaction.savepoint_rollback(point)
    seed(clients=120, number=4)
    other = fingerprint()
    assert not set(other["clients"]) & set(first["clients"])
    assert other["log"] != first["log"]


def change_cells() -> dict[tuple[str, str, str, str, str], list[int]]:
    return {
        (code, str(period), dimension, value, domain): sums
        for code, period, dimension, value, domain, *sums in ChangeAggregate.objects.values_list(
            "instrument_code", "period", "dimension", "value", "domain", "n", "sum_change", "sum_squares",
            "improved", "unchanged", "worsened",
        )
    }  # fmt: skip


def contributions_summed() -> dict[tuple[str, str, str, str, str], list[int]]:
    """What the effectiveness reports read, added up by hand from each client's first and latest answers
    as their summaries keep them: a pair counts once in each cell of its dimensions and domains."""
    cells: dict[tuple[str, str, str, str, str], list[int]] = {}
    kinds = ("improved", "unchanged", "worsened")
    for code, pair in ClientInstrumentSummary.objects.values_list("instrument_code", "contribution"):
        for dimension, values in (pair.get("dimensions") or {}).items():
            for value in values:
                for domain, (change, kind) in pair["domains"].items():
                    cell = cells.setdefault((code, pair["period"], dimension, value, domain), [0] * 6)
                    cell[0] += 1
                    cell[1] += change
                    cell[2] += change * change
                    cell[3 + kinds.index(kind)] += 1
    return cells


def indexes() -> list[tuple[str, ...]]:
    """The indexes by name, table, kind and columns (a condition's text can read differently once rebuilt)."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, tablename, split_part(indexdef, ' WHERE ', 1), "
            "position(' WHERE ' in indexdef) > 0 FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2"
        )
        return cursor.fetchall()


def test_in_several_chunks_the_data_is_the_same_each_time_and_whole() -> None:
    def run(bulk: bool, processes: int) -> tuple[dict[str, list[tuple[object, ...]]], int]:
        result = seed_process(
            count=130, seed=5, today=date.fromisoformat(TODAY), chunk=40, bulk=bulk, processes=processes
        )
        return fingerprint(), result.created

    before = indexes()
    point = transaction.savepoint()
    first, created = run(bulk=False, processes=0)
    transaction.savepoint_rollback(point)
    # A bulk load (without the secondary indexes, built at its end) whose chunks two other processes
    # make gives the same rows, the same log chain and every index.
    again, _ = run(bulk=True, processes=2)
    assert again == first
    # The sums the chunks carried add up, in the table, to the pairs' own contributions.
    assert change_cells() == contributions_summed() != {}
    assert indexes() == before
    assert created == 130 == Client.objects.count()
    # The provision goals' ids ran on across chunks and past them: a goal added afterwards gets a new id.
    last = Goal.objects.order_by("-id").first()
    assert last is not None
    added = Goal.objects.create(plan_id=last.plan_id, text="Uusi tavoite", order=last.order + 1)
    assert added.pk > last.pk
    # Every chunk's log rows follow the last in the chain.
    report = verify(UseLogEntry)
    assert report.finding is None and report.unsealed == 0
    assert report.checked == UseLogEntry.objects.count()


@pytest.mark.parametrize(
    "where",
    [
        "_write_log",  # in this process, writing the first chunk's use log
        "client_process",  # in a worker process, making a chunk: its error comes back here
    ],
)
def test_an_interrupted_bulk_load_leaves_nothing_behind_and_every_index(
    monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    before = indexes()

    def broken(*args: object) -> int:
        raise RuntimeError("interrupted")

    monkeypatch.setattr(loader, where, broken)
    with pytest.raises(RuntimeError, match="interrupted"):
        seed_process(count=90, seed=5, today=date.fromisoformat(TODAY), chunk=40, bulk=True, processes=2)
    assert not Client.objects.exists() and not Initiation.objects.exists()
    assert indexes() == before


def test_running_again_adds_nothing() -> None:
    seed(clients=120)
    counts = (Client.objects.count(), Initiation.objects.count(), UseLogEntry.objects.count())
    assert "0 asiakasta luotu, 120 oli jo" in seed(clients=120)
    assert (Client.objects.count(), Initiation.objects.count(), UseLogEntry.objects.count()) == counts
    assert verify(UseLogEntry).finding is None


def test_a_seeded_worker_sees_their_caseload_client_and_case(client) -> None:  # type: ignore[no-untyped-def]
    seed()
    relationship = (
        ClientRelationship.objects.filter(ended_at__isnull=True, personal_worker__role=Role.SOCIAL_WORKER)
        .select_related("client", "personal_worker")
        .order_by("client__hetu_hash")
        .first()
    )
    assert relationship is not None
    worker = relationship.personal_worker
    assert worker.username.startswith("sosiaalityontekija-s3-")
    assert worker.check_password("polku-demo-2026") or worker.has_usable_password()
    client.force_login(worker)
    caseload = client.get(reverse("casework:caseload"))
    assert caseload.status_code == 200
    assert relationship.client.last_name in caseload.content.decode()
    for name in ("clients:detail", "casework:case", "casework:timeline"):
        page = client.get(reverse(name, args=[relationship.client_id]))
        assert page.status_code == 200, name
    for name in ("casework:queue", "casework:deadlines"):
        assert client.get(reverse(name)).status_code == 200, name
    manager = User.objects.filter(role=Role.TEAM_MANAGER, teams=relationship.team).get()
    client.force_login(manager)
    assert client.get(reverse("casework:case", args=[relationship.client_id])).status_code == 200


def test_seed_refuses_production() -> None:
    with override_settings(PRODUCTION=True), pytest.raises(CommandError):
        seed(clients=5)
    assert not Client.objects.exists()
    assert date.fromisoformat(TODAY)


@pytest.mark.parametrize("processes", ["-1", "65"])
def test_seed_refuses_a_number_of_processes_out_of_range(processes: str) -> None:
    with pytest.raises(CommandError, match="--processes-arvon on oltava 0–64"):
        call_command("seed", "--clients", "5", "--processes", processes, stdout=StringIO())
    assert not Client.objects.exists()
