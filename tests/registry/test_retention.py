"""`polku retention`: records of working-age services go 10 years after the client relationship ended,
listed first (dry run), removed only with --apply, and every applied run is recorded."""

from __future__ import annotations

from dataclasses import dataclass
from io import StringIO

import pytest
from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import models
from django.test import Client as Browser
from django.urls import reverse
from django.utils import timezone, translation

from polku.accounts.models import Role, User
from polku.audit.chain import seal, verify
from polku.audit.models import UseLogEntry
from polku.audit.services import use_log_write
from polku.casework.models import JournalEntry, JournalKind
from polku.casework.services import relationship_end, special_support_determine
from polku.clients.models import Client, ClientRelationship
from polku.core.crypto import search_hash
from polku.demo.data import load_demo
from polku.demo.ville import VILLE_HETU
from polku.instruments.models import ChangeAggregate
from polku.instruments.services import response_link_send
from polku.plans.services import plan_read_link_create
from polku.provision.models import Attendance, Group, ServiceEpisode, Session
from polku.registry.models import RetentionRemoval, RetentionRun
from tests.audit.tampering import backdate
from tests.conftest import World
from tests.factories import ClientFactory, RelationshipFactory

pytestmark = pytest.mark.django_db

# The apps above clients whose records hang off a client; Ville's story leaves records in each of them.
RECORD_APPS = {
    "casework",
    "plans",
    "decisions",
    "provision",
    "instruments",
    "structural",
    "finance",
    "consultation",
}


@dataclass
class County:
    admin: User
    worker: User
    ville: Client  # relationship ended 11 years ago: his records are past retention
    nine_years: Client  # ended 9 years ago
    open_again: Client  # one relationship ended 11 years ago, another open
    group_mate: Client  # in Ville's film group, relationship ended 11 years ago... and then reopened
    never_related: Client  # registered, never in a client relationship


def _years_ago(years: int) -> timezone.datetime:
    return timezone.now() - relativedelta(years=years)


def _note(client: Client, author: User) -> None:
    JournalEntry.objects.create(client=client, kind=JournalKind.NOTE, author=author, summary="Muistiinpano.")


@pytest.fixture
def county() -> County:
    users, _result = load_demo(clients=6)
    by_name = {u.username: u for u in users}
    worker, admin = by_name["sosiaalityontekija"], by_name["paakayttaja"]
    ville = Client.objects.get(hetu_hash=search_hash(VILLE_HETU))
    # Records the story does not make: special support, the plan's reading link, an answer link.
    special_support_determine(
        actor=worker, client=ville, grounds=["several_needs"], explanation="Useita tarpeita."
    )
    plan_read_link_create(actor=worker, plan=ville.client_plan)
    response_link_send(actor=worker, client=ville, instrument_code="functional_capacity")
    # Closure, then time travel: the relationship ended eleven years ago.
    relationship_end(actor=worker, relationship=ville.relationships.get(), reason="Ei enää tuen tarvetta.")
    ClientRelationship.objects.filter(client=ville).update(ended_at=_years_ago(11))

    nine_years = ClientFactory()
    RelationshipFactory(client=nine_years, team=ville.relationships.get().team, ended_at=_years_ago(9))
    _note(nine_years, worker)

    open_again = ClientFactory()
    RelationshipFactory(client=open_again, ended_at=_years_ago(11))
    RelationshipFactory(client=open_again)
    _note(open_again, worker)

    ville_episode = ville.episodes.get(kind="social_rehabilitation")
    group = Group.objects.get(members=ville_episode)
    mate_episode = group.members.exclude(pk=ville_episode.pk).first()
    assert mate_episode is not None
    group_mate = mate_episode.client
    assert group_mate.relationships.filter(ended_at__isnull=True).exists()

    return County(
        admin=admin,
        worker=worker,
        ville=ville,
        nine_years=nine_years,
        open_again=open_again,
        group_mate=group_mate,
        never_related=ClientFactory(),
    )


def _client_models() -> list[tuple[type[models.Model], str]]:
    """Every model outside `clients` and `audit` with a key to a client or to a client relationship, and
    the lookup from it to the client."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in ("clients", "audit"):
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is Client:
                found.append((model, field.name))
            elif field.is_relation and field.related_model is ClientRelationship:
                found.append((model, f"{field.name}__client"))
    return found


def _rows_of(client: Client) -> dict[str, int]:
    return {
        f"{model._meta.label}.{lookup}": model._base_manager.filter(**{lookup: client}).count()
        for model, lookup in _client_models()
    }


def _all_rows() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count() for model in apps.get_models(include_auto_created=True)
    }


def _retention(*args: str) -> str:
    out = StringIO()
    call_command("retention", *args, stdout=out, stderr=out)
    return out.getvalue()


def _counts_in(output: str) -> dict[str, int]:
    """The "Records by type" lines of the output: label and count."""
    counts = {}
    for line in output.splitlines():
        parts = line.split()
        if len(parts) == 2 and "." in parts[0] and parts[1].isdigit():
            counts[parts[0]] = int(parts[1])
    return counts


def test_dry_run_lists_the_expired_client_by_id_and_removes_nothing(county: County) -> None:
    before = _all_rows()
    output = _retention()
    assert str(county.ville.pk) in output
    for kept in (county.nine_years, county.open_again, county.group_mate, county.never_related):
        assert str(kept.pk) not in output
    # Counts per record type, from every app that holds client records ...
    counts = _counts_in(output)
    assert {label.split(".")[0] for label in counts} == RECORD_APPS
    assert counts["casework.Initiation"] == 1
    assert (
        counts["provision.Attendance"]
        == county.ville.episodes.get(kind="social_rehabilitation").attendance.count()
    )
    # ... but never a name or a henkilötunnus.
    for client in Client.objects.all():
        assert client.hetu not in output
        assert client.last_name not in output
    assert _all_rows() == before
    assert not RetentionRun.objects.exists()


def test_apply_removes_exactly_the_listed_records_of_the_expired_client(county: County) -> None:
    listed = _counts_in(_retention())
    others = {c.pk: _rows_of(c) for c in (county.nine_years, county.open_again, county.group_mate)}
    mate_episode = county.group_mate.episodes.get(groups__members__client=county.ville)
    mate_attendance = mate_episode.attendance.count()
    group = Group.objects.get(members=mate_episode)
    members = set(group.members.values_list("pk", flat=True))
    ville_episode = county.ville.episodes.get(groups=group)
    sessions = Session.objects.filter(group=group).count()
    aggregates = list(ChangeAggregate.objects.order_by("pk").values())
    before = _all_rows()

    output = _retention("--apply", "--actor", county.admin.username)

    after = _all_rows()
    removed = {label: before[label] - after[label] for label in before if before[label] > after[label]}
    added = {label: after[label] - before[label] for label in before if before[label] < after[label]}
    assert removed == listed
    assert added == {"registry.RetentionRun": 1, "registry.RetentionRemoval": 1, "audit.UseLogEntry": 1}
    assert _counts_in(output) == listed
    # Nothing of Ville is left in any app that holds client records ...
    assert not any(_rows_of(county.ville).values())
    # ... and nothing of anyone else went: the one closed 9 years ago, the one with an open relationship,
    # and the group mate, whose membership, attendance, group and sessions stay.
    for client_id, rows in others.items():
        assert _rows_of(Client.objects.get(pk=client_id)) == rows
    assert mate_episode.attendance.count() == mate_attendance
    assert set(group.members.values_list("pk", flat=True)) == members - {ville_episode.pk}
    assert Session.objects.filter(group=group).count() == sessions
    assert not Attendance.objects.filter(episode_id=ville_episode.pk).exists()
    # The effectiveness figures are anonymous sums: they stay as they were.
    assert list(ChangeAggregate.objects.order_by("pk").values()) == aggregates


def test_basic_data_and_the_relationship_document_stay_after_the_records_go(county: County) -> None:
    relationship = county.ville.relationships.get()
    _retention("--apply", "--actor", county.admin.username)

    ville = Client.objects.get(pk=county.ville.pk)
    assert ville.hetu == VILLE_HETU
    assert ville.relationships.get() == relationship
    assert not ServiceEpisode.objects.filter(client=ville).exists()
    # The team manager still finds the client (basic data and the ended relationship), with no records.
    manager = User.objects.get(role=Role.TEAM_MANAGER, username="esihenkilo")
    browser = Browser()
    browser.force_login(manager)
    page = browser.get(reverse("clients:detail", args=[ville.pk]))
    assert page.status_code == 200
    assert "Polkunen" in page.content.decode()


def test_an_applied_run_is_recorded_with_who_when_rule_counts_and_clients(county: County) -> None:
    started = timezone.now()
    output = _retention("--apply", "--actor", county.admin.username)

    run = RetentionRun.objects.get()
    assert run.username == county.admin.username and run.user_id == str(county.admin.pk)
    assert started <= run.started_at <= run.finished_at <= timezone.now()  # type: ignore[operator]
    assert run.rule == "working_age_services_10y"
    assert abs(run.cutoff - _years_ago(10)).total_seconds() < 60
    assert run.clients == 1
    assert run.counts == _counts_in(output)
    assert run.failures == []
    removal = RetentionRemoval.objects.get(run=run)
    assert removal.client_id == county.ville.pk
    assert removal.counts == run.counts
    assert str(run.pk) in output
    # The use log, kept 12 years, says who removed Ville's records and when; it is not removed with them.
    entry = UseLogEntry.objects.filter(client_id=county.ville.pk, view="casework:retention").get()
    assert entry.username == county.admin.username and entry.action == "write"
    assert UseLogEntry.objects.filter(client_id=county.ville.pk).count() > 1


def test_running_again_removes_nothing_more(county: County) -> None:
    _retention("--apply", "--actor", county.admin.username)
    before = _all_rows()

    dry = _retention()
    again = _retention("--apply", "--actor", county.admin.username)

    assert str(county.ville.pk) not in dry and str(county.ville.pk) not in again
    assert _counts_in(again) == {}
    latest = RetentionRun.objects.order_by("-started_at").first()
    assert latest is not None and latest.clients == 0 and latest.counts == {}
    after = _all_rows()
    assert {label: n for label, n in after.items() if n != before[label]} == {
        "registry.RetentionRun": before["registry.RetentionRun"] + 1
    }


def test_a_client_who_returns_and_closes_again_waits_ten_more_years(county: County) -> None:
    _retention("--apply", "--actor", county.admin.username)
    team = county.ville.relationships.get().team
    RelationshipFactory(client=county.ville, team=team, ended_at=_years_ago(3))
    _note(county.ville, county.worker)

    assert str(county.ville.pk) not in _retention()

    # Ten more years on: the records of the new matter go too, and only they.
    RetentionRemoval.objects.update(removed_at=_years_ago(20))
    ClientRelationship.objects.filter(client=county.ville).update(ended_at=_years_ago(11))
    output = _retention("--apply", "--actor", county.admin.username)
    assert str(county.ville.pk) in output
    assert _counts_in(output) == {"casework.JournalEntry": 1}


def test_the_nine_year_client_goes_once_ten_years_have_passed(county: County) -> None:
    ClientRelationship.objects.filter(client=county.nine_years).update(
        ended_at=_years_ago(10) - relativedelta(days=1)
    )

    output = _retention()

    assert str(county.nine_years.pk) in output


def test_apply_needs_an_active_administrator_and_removes_nothing_otherwise(county: County) -> None:
    before = _all_rows()
    with pytest.raises(CommandError, match="--actor"):
        _retention("--apply")
    with pytest.raises(CommandError):
        _retention("--apply", "--actor", county.worker.username)
    with pytest.raises(CommandError):
        _retention("--apply", "--actor", "nobody-by-this-name")
    assert _all_rows() == before


def test_a_record_that_also_names_another_client_stops_the_removal_of_that_client(county: County) -> None:
    initiation = county.ville.initiations.get()
    JournalEntry.objects.create(
        client=county.nine_years,
        kind=JournalKind.NOTE,
        author=county.worker,
        summary="Viittaa toisen asiakkaan vireilletuloon.",
        initiation=initiation,
    )
    assert str(county.ville.pk) in _retention()
    before = _all_rows()

    with pytest.raises(CommandError):
        _retention("--apply", "--actor", county.admin.username)

    run = RetentionRun.objects.get()
    assert run.clients == 0 and run.counts == {}
    assert [failure["client"] for failure in run.failures] == [str(county.ville.pk)]
    assert "casework.JournalEntry" in run.failures[0]["error"]
    after = _all_rows()
    assert {label: n for label, n in after.items() if n != before[label]} == {"registry.RetentionRun": 1}


def test_log_rows_past_twelve_years_go_with_a_retention_run_and_the_rest_still_verifies(world: World) -> None:
    for _ in range(3):
        use_log_write(
            actor=world.worker, client_ids=[world.client.pk], view="clients:detail", object_type="client"
        )
    oldest = UseLogEntry.objects.order_by("id").first()
    assert oldest is not None
    backdate(UseLogEntry, _years_ago(13), pk=oldest.pk)
    seal(UseLogEntry)

    with translation.override("en"):
        assert "1 rows older than" in _retention()
    assert UseLogEntry.objects.count() == 3
    _retention("--apply", "--actor", world.admin.username)
    assert not UseLogEntry.objects.filter(pk=oldest.pk).exists()
    assert verify(UseLogEntry).finding is None
