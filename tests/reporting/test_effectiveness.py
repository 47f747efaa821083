"""The effectiveness report against an example computed by hand, its small-cell rule, its access rule,
its exports and its cost (a bounded number of queries whatever the number of answers)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from polku.accounts.models import Organisation, OrganisationKind
from polku.clients.models import Client
from polku.instruments.models import ChangeAggregate
from polku.instruments.services import response_submit
from polku.reporting.effectiveness import effectiveness_report
from tests.conftest import World
from tests.factories import ClientFactory, MunicipalityFactory, RelationshipFactory

HELSINKI = ZoneInfo("Europe/Helsinki")
JANUARY = datetime(2025, 1, 10, 12, tzinfo=HELSINKI)
FEBRUARY = datetime(2025, 2, 10, 12, tzinfo=HELSINKI)
MARCH = datetime(2025, 3, 15, 12, tzinfo=HELSINKI)
MAY = datetime(2025, 5, 15, 12, tzinfo=HELSINKI)

# Overall score (0-10, minimal important difference 1) changes, first answer 5 for everyone.
WOMEN = [1, 2, 2, 3, 4, 5, 0, 0, 0, -1, -2, -2]
MEN = [1, 2, 3, 4, 0, 0, -1, -3]


def answer(world: World, client: Client, overall: int, at: datetime, **extra: Any) -> None:
    response_submit(
        actor=world.worker,
        client=client,
        instrument_code="functional_capacity",
        answers={"overall": overall},
        answered_at=at,
        **extra,
    )


def a_client(world: World, gender: str = "female") -> Client:
    client = ClientFactory(gender=gender)
    RelationshipFactory(client=client, team=world.team)
    return client


def hand_example(world: World) -> None:
    for gender, changes in (("female", WOMEN), ("male", MEN)):
        for change in changes:
            client = a_client(world, gender)
            answer(world, client, 5, JANUARY)
            answer(world, client, 9, FEBRUARY)  # a review in between: only first and latest count
            answer(world, client, 5 + change, MARCH)
    answer(world, a_client(world), 3, MARCH)  # answered once: no pair, not counted
    late = a_client(world)
    answer(world, late, 2, JANUARY)
    answer(world, late, 9, MAY)  # latest answer outside the period: not counted


def report(world: World, by: str = "all", user: Any = None) -> Any:
    return effectiveness_report(
        user=user or world.manager,
        instrument_code="functional_capacity",
        start=date(2025, 3, 1),
        end=date(2025, 3, 31),
        by=by,
    )


def overall(found: Any) -> Any:
    return next(t for t in found.tables if t.domain == "overall")


@pytest.mark.django_db
def test_the_report_matches_the_example_computed_by_hand(world: World) -> None:
    hand_example(world)
    total = overall(report(world)).total
    # 20 pairs: sum of changes 18, sum of squares 108.
    assert total.n == 20
    assert total.mean == pytest.approx(0.9)
    # SD = sqrt((108 - 18²/20) / 19) = 2.198085; t(0.975, 19) = 2.093024; half-width 1.028722.
    assert total.ci_low == pytest.approx(-0.1287, abs=1e-4)
    assert total.ci_high == pytest.approx(1.9287, abs=1e-4)
    assert total.srm == pytest.approx(0.9 / 2.198085, abs=1e-4)
    # 10 improved by at least 1 point, 5 unchanged, 5 worsened by at least 1.
    assert (total.improved, total.unchanged, total.worsened) == (50.0, 25.0, 25.0)


@pytest.mark.django_db
def test_the_breakdown_by_gender_matches_the_example_and_hides_the_small_counts(world: World) -> None:
    hand_example(world)
    groups = {g.value: g for g in overall(report(world, by="gender")).groups}
    women, men = groups["female"], groups["male"]
    # Women: n 12, sum 12, squares 68: SD 2.256304, t(11) = 2.200985.
    assert women.n == 12 and women.mean == pytest.approx(1.0)
    assert (round(women.ci_low, 4), round(women.ci_high, 4)) == (-0.4336, 2.4336)
    assert women.srm == pytest.approx(0.4432, abs=1e-4)
    # 6 improved, 3 unchanged, 3 worsened: the two counts under 5 are not shown, and neither are the 6:
    # the total's 10 improved minus the women's 6 would give the men's 4.
    assert women.improved is None and women.unchanged is None and women.worsened is None
    assert [text for _share, text in women.share_cells] == ["×", "<5", "<5"]
    # Men: n 8, sum 6, squares 40: SD 2.251983, t(7) = 2.364624.
    assert men.n == 8 and men.mean == pytest.approx(0.75)
    assert (round(men.ci_low, 4), round(men.ci_high, 4)) == (-1.1327, 2.6327)
    assert men.srm == pytest.approx(0.3330, abs=1e-4)
    assert (men.improved, men.unchanged, men.worsened) == (None, None, None)  # 4, 2 and 2 persons


@pytest.mark.django_db
def test_a_group_under_five_is_suppressed_and_so_is_the_next_smallest_that_would_reveal_it(
    world: World,
) -> None:
    hand_example(world)
    for change in (1, 2):
        other = a_client(world, gender="other")
        answer(world, other, 5, JANUARY)
        answer(world, other, 5 + change, MARCH)
    groups = {g.value: g for g in overall(report(world, by="gender")).groups}
    assert groups["other"].suppressed and groups["other"].mean is None
    # Total 22 minus the women's 12 would give the other group unless the men's 8 are hidden too.
    assert groups["male"].suppressed and groups["male"].n_shown == "×" and groups["male"].secondary
    assert not groups["female"].suppressed


@pytest.mark.django_db
def test_the_threshold_is_configurable(world: World, settings: Any) -> None:
    hand_example(world)
    settings.POLKU_SMALL_CELL = 10
    table = overall(report(world, by="gender"))
    groups = {g.value: g for g in table.groups}
    # The men's 8 are now too few; the women's 12 go with them, or 20 - 12 would give the men's count.
    assert groups["male"].suppressed and groups["female"].suppressed
    assert table.total.n == 20 and not table.total.suppressed


@pytest.mark.django_db
def test_answering_again_moves_the_client_to_the_month_of_the_new_latest_answer(world: World) -> None:
    client = a_client(world)
    answer(world, client, 4, JANUARY)
    answer(world, client, 6, MARCH)
    assert (
        ChangeAggregate.objects.filter(period=date(2025, 3, 1), dimension="all", domain="overall").get().n
        == 1
    )
    answer(world, client, 8, MAY)
    march = ChangeAggregate.objects.get(period=date(2025, 3, 1), dimension="all", domain="overall")
    may = ChangeAggregate.objects.get(period=date(2025, 5, 1), dimension="all", domain="overall")
    assert (march.n, march.sum_change, march.improved) == (0, 0, 0)
    assert (may.n, may.sum_change, may.sum_squares, may.improved) == (1, 400, 160000, 1)


@pytest.mark.django_db
def test_the_report_reads_the_same_number_of_queries_however_many_answers(world: World) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            report(world, by="team")
        return len(captured)

    for _ in range(5):
        c = a_client(world)
        answer(world, c, 4, JANUARY)
        answer(world, c, 6, MARCH)
    few = queries()
    for _ in range(15):
        c = a_client(world)
        answer(world, c, 4, JANUARY)
        answer(world, c, 5, FEBRUARY)
        answer(world, c, 7, MARCH)
    assert queries() == few <= 3


@pytest.mark.django_db
def test_workers_are_refused_and_analysts_see_the_report_without_seeing_any_client(
    client: Any, world: World
) -> None:
    hand_example(world)
    client.force_login(world.worker)
    assert client.get("/reports/effectiveness/").status_code == 403
    assert client.get("/api/v1/reports/effectiveness?instrument=functional_capacity").status_code == 403
    client.force_login(world.analyst)
    page = client.get("/reports/effectiveness/", {"start": "2025-03-01", "end": "2025-03-31", "by": "gender"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "0,90" in body or "0.90" in body
    assert world.client.last_name not in body


@pytest.mark.django_db
def test_the_manager_exports_the_report_by_gender_as_csv_and_xlsx(client: Any, world: World) -> None:
    hand_example(world)
    client.force_login(world.manager)
    query = {"instrument": "functional_capacity", "start": "2025-03-01", "end": "2025-03-31", "by": "gender"}
    response = client.get("/reports/effectiveness/export/", query | {"format": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    overall_rows = [r for r in rows[1:] if r[6] == "1.0"]  # the overall score's MID is 1
    assert len(overall_rows) == 3  # all clients, women, men
    total = overall_rows[0]
    assert total[7:] == ["20", "0.9", "-0.13", "1.93", "0.41", "50.0", "25.0", "25.0"]
    men = next(r for r in overall_rows[1:] if r[7] == "8")
    assert men[8] == "0.75" and men[12:] == ["<5", "<5", "<5"]
    response = client.get("/reports/effectiveness/export/", query | {"format": "xlsx"})
    assert response.streaming  # written to a temporary file and streamed from it, not built in memory
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert next(r for r in values if r[6] == 1.0)[7:9] == [20, 0.9]


@pytest.mark.django_db
def test_the_api_gives_the_report_with_suppressed_figures_as_null(client: Any, world: World) -> None:
    hand_example(world)
    client.force_login(world.analyst)
    response = client.get(
        "/api/v1/reports/effectiveness",
        {"instrument": "functional_capacity", "from": "2025-03-01", "to": "2025-03-31", "by": "gender"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["small_cell_threshold"] == 5
    domain = next(d for d in body["domains"] if d["domain"] == "overall")
    assert domain["total"]["n"] == 20 and domain["total"]["mean_change"] == 0.9
    men = next(g for g in domain["groups"] if g["group"] == "male")
    assert men["improved_pct"] is None and men["n"] == 8
    bad = client.get(
        "/api/v1/reports/effectiveness", {"instrument": "functional_capacity", "by": "shoe_size"}
    )
    assert bad.status_code == 400 and "by" in bad.json()["errors"]


@pytest.mark.django_db
def test_two_small_groups_beside_a_large_one_cannot_be_worked_out_together(client: Any, world: World) -> None:
    # Groups of 1 and 2 beside 12 women, total 15: "15 minus 12" would give a group of 3 (issue 10).
    for gender, size in (("other", 1), ("male", 2), ("female", 12)):
        for _ in range(size):
            person = a_client(world, gender)
            answer(world, person, 5, JANUARY)
            answer(world, person, 7, MARCH)
    table = overall(report(world, by="gender"))
    groups = {g.value: g for g in table.groups}
    assert table.total.n == 15 and not table.total.suppressed
    assert groups["other"].n_shown == "<5" and groups["male"].n_shown == "<5"
    assert groups["female"].suppressed and groups["female"].secondary and groups["female"].mean is None
    assert groups["female"].n_shown == "×"
    # The page, the file and the API say the same.
    client.force_login(world.analyst)
    query = {"instrument": "functional_capacity", "start": "2025-03-01", "end": "2025-03-31", "by": "gender"}
    page = client.get("/reports/effectiveness/", query).content.decode()
    assert "×" in page and ">12<" not in page
    text = b"".join(
        client.get("/reports/effectiveness/export/", query | {"format": "csv"}).streaming_content
    ).decode("utf-8-sig")
    women = next(
        r for r in csv.reader(io.StringIO(text), delimiter=";") if r[4] == "nainen" and r[6] == "1.0"
    )
    assert women[7:] == ["×"] * 8
    api = client.get(
        "/api/v1/reports/effectiveness",
        {"instrument": "functional_capacity", "from": "2025-03-01", "to": "2025-03-31", "by": "gender"},
    ).json()
    domain = next(d for d in api["domains"] if d["domain"] == "overall")
    female = next(g for g in domain["groups"] if g["group"] == "female")
    assert female["n"] is None and female["secondary"] and female["mean_change"] is None


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_tables_numbers_read_as_floatformat_writes_them(language: str) -> None:
    import random

    from django.template.defaultfilters import floatformat
    from django.utils.translation import override

    from polku.core.formats import fixed

    numbers = [
        0,
        0.0,
        -0.0,
        0.005,
        -0.005,
        0.125,
        2.675,
        -2.675,
        1.5,
        2.5,
        -1.5,
        54.5,
        99.95,
        100.0,
        12345.678,
    ]
    numbers += [random.Random(seed).uniform(-100, 100) for seed in range(500)]
    with override(language):
        for number in numbers:
            for places in (0, 1, 2):
                assert fixed(number, places) == floatformat(number, places), (number, places)


# Hand-built clients in known groups: (how many, gender, municipality, team, provider). Every breakdown
# below has one group under five; the small-cell rule hides it and one more group of its column.
KNOWN_GROUPS = [
    (12, "female", "m1", "t1", "p1"),
    (6, "male", "m2", "t1", "p2"),
    (2, "male", "m2", "t2", ""),
    (2, "other", "", "t2", ""),
]
# by: each group's clients and the group under five, which the rule hides with one more of its column.
EXPECTED_BREAKDOWNS = {
    "gender": ({"female": 12, "male": 8, "other": 2}, "other"),
    "municipality": ({"m1": 12, "m2": 8, "": 2}, ""),
    "team": ({"t1": 18, "t2": 4}, "t2"),
    "provider": ({"p1": 12, "p2": 6, "": 4}, ""),
}


@pytest.mark.django_db
@pytest.mark.parametrize("by", list(EXPECTED_BREAKDOWNS))
def test_every_breakdowns_rows_add_up_to_the_total_with_the_hidden_groups_shown_as_such(
    client: Any, world: World, by: str
) -> None:
    ids = {
        "m1": str(MunicipalityFactory().pk),
        "m2": str(MunicipalityFactory().pk),
        "t1": str(world.team.pk),
        "t2": str(world.other_team.pk),
        "p1": str(Organisation.objects.create(name="Paja", kind=OrganisationKind.PROVIDER).pk),
        "p2": str(Organisation.objects.create(name="Verso", kind=OrganisationKind.PROVIDER).pk),
        "": "",
    }
    worker_of = {"t1": world.worker, "t2": world.other_worker}
    for count, gender, municipality, team, provider in KNOWN_GROUPS:
        for _one in range(count):
            person = ClientFactory(gender=gender, municipality_id=ids[municipality] or None)
            RelationshipFactory(
                client=person, team_id=ids[team], started_at=datetime(2024, 1, 1, tzinfo=HELSINKI)
            )
            context = {"provider": [ids[provider]]} if provider else {}
            for overall_answer, at in ((5, JANUARY), (7, MARCH)):
                response_submit(
                    actor=worker_of[team],
                    client=person,
                    instrument_code="functional_capacity",
                    answers={"overall": overall_answer},
                    answered_at=at,
                    context=context,
                )
    sizes, small = EXPECTED_BREAKDOWNS[by]
    table = overall(report(world, by=by))
    groups = {g.value: g for g in table.groups}
    assert table.total.n == 22
    assert {value: g.n for value, g in groups.items()} == {ids.get(k, k): n for k, n in sizes.items()}
    assert groups[ids.get(small, small)].n_shown == "<5"  # shown as suppressed, not dropped
    hidden = [g for g in table.groups if g.suppressed]
    assert len(hidden) == 2 and {g.n_shown for g in hidden} == {"<5", "×"}
    together = table.hidden_together
    assert together is not None and together.n == sum(g.n for g in hidden) >= 5
    assert sum(g.n for g in table.groups if not g.suppressed) + together.n == table.total.n
    # The page and the file show the same rows, and they add up as well.
    client.force_login(world.analyst)
    query = {"instrument": "functional_capacity", "start": "2025-03-01", "end": "2025-03-31", "by": by}
    page = client.get("/reports/effectiveness/", query).content.decode()
    assert '<tr class="hidden-together"><th scope="row">' in page
    response = client.get("/reports/effectiveness/export/", query | {"format": "csv"})
    rows = list(
        csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";")
    )
    clients = [r[7] for r in rows[1:] if r[6] == "1.0"]  # the overall score's rows (MID 1)
    assert clients[0] == "22"
    assert sorted(clients[1:-1]) == sorted(g.n_shown for g in table.groups)
    assert clients[-1] == str(together.n)
    assert sum(int(c) for c in clients[1:] if c.isdigit()) == 22


@pytest.mark.django_db
def test_the_page_asked_again_shows_new_figures_and_each_language(client: Any, world: World) -> None:
    """The report and its part of the page are kept per process for the same figures: a new answer or
    another language gives a new page."""
    hand_example(world)
    client.force_login(world.manager)
    url = "/reports/effectiveness/"
    query = {"instrument": "functional_capacity", "start": "2025-03-01", "end": "2025-03-31"}
    first = client.get(url, query, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Clients whose latest answer" in first
    second = client.get(url, query, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert second.count("<tr") == first.count("<tr")
    swedish = client.get(url, query, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Clients whose latest answer" not in swedish and "<tr" in swedish
    before = overall(report(world)).total.n
    assert report(world) is report(world)  # the same figures: the kept report
    newcomer = a_client(world)
    answer(world, newcomer, 5, JANUARY)
    answer(world, newcomer, 7, MARCH)
    assert overall(report(world)).total.n == before + 1
    again = client.get(url, query, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f">{before + 1}<" in again and f">{before + 1}<" not in first
