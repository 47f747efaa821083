"""A paged list shows each row on exactly one page, keeps the list's filters in its links, and answers a
page number that is not a number or lies past the end with a page, never an error."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.paginator import Page
from django.db import connection
from django.http import HttpRequest
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from polku.accounts.models import Team
from polku.core.pagination import page_counted, page_of, page_windowed, slice_of
from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


def _page(query: str, per_page: int = 2, paged: Any = page_of) -> tuple[HttpRequest, Page]:
    request = RequestFactory().get("/list/" + query)
    return request, paged(Team.objects.order_by("name", "pk"), request, per_page=per_page)


def _assert_same_page(page: Page, expected: Page) -> None:
    """`page` is the page page_of gave: its number, the list's length, its rows and its neighbours."""
    assert (page.number, page.paginator.count, page.paginator.num_pages) == (
        expected.number,
        expected.paginator.count,
        expected.paginator.num_pages,
    )
    assert list(page.object_list) == list(expected.object_list)
    assert page.has_next() == expected.has_next() and page.start_index() == expected.start_index()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?page=1",
        "?page=2",
        "?page=3",
        "?page=4",
        "?page=x",
        "?page=0",
        "?page=-1",
        "?page=99999999999999999999",
    ],
)
@pytest.mark.parametrize("rows", [0, 1, 5])
def test_page_counted_gives_the_page_page_of_gives_in_fewer_queries(query: str, rows: int) -> None:
    for index in range(rows):
        TeamFactory(name=f"Tiimi {index % 2}")
    _, expected = _page(query)
    with CaptureQueriesContext(connection) as counted:
        _, page = _page(query, paged=page_counted)
    _assert_same_page(page, expected)
    asked = query.removeprefix("?page=") or "1"
    if rows and (asked == "x" or asked == str(expected.number)):  # a page that exists: one query
        assert len(counted) == 1
    if not rows and asked in ("1", "x"):  # the first page of nothing: one query, no count
        assert len(counted) == 1


def _windowed(queryset: Any, request: HttpRequest, *, per_page: int) -> Page:
    """page_windowed over the teams by name, read in SQL of its own with the count in each row."""
    table = connection.ops.quote_name(Team._meta.db_table)

    def fetch(limit: int, offset: int) -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, COUNT(*) OVER () FROM {table} ORDER BY name, id LIMIT %s OFFSET %s",  # noqa: S608
                [limit, offset],
            )
            return cursor.fetchall()

    page = page_windowed(fetch, request, per_page=per_page)
    page.object_list = [Team.objects.get(pk=Team._meta.pk.to_python(pk)) for (pk,) in page.object_list]
    return page


@pytest.mark.parametrize("query", ["", "?page=2", "?page=3", "?page=9", "?page=x", "?page=0", "?page=-1"])
@pytest.mark.parametrize("rows", [0, 1, 5])
def test_page_windowed_gives_the_page_page_of_gives(query: str, rows: int) -> None:
    for index in range(rows):
        TeamFactory(name=f"Tiimi {index % 2}")
    _, expected = _page(query)
    with CaptureQueriesContext(connection) as counted:
        _, page = _page(query, paged=_windowed)
    _assert_same_page(page, expected)
    asked = query.removeprefix("?page=") or "1"
    if asked in ("1", "x", str(expected.number)):
        assert len(counted) - len(page.object_list) == 1  # the page's own read: one query


def test_every_row_is_on_exactly_one_page_in_a_stable_order() -> None:
    for index in range(5):
        TeamFactory(name=f"Tiimi {index % 2}")  # equal names: the primary key decides
    seen = []
    for number in (1, 2, 3):
        _, page = _page(f"?page={number}")
        seen += [team.pk for team in page]
    assert sorted(seen) == sorted(Team.objects.values_list("pk", flat=True))
    assert len(seen) == len(set(seen)) == 5


@pytest.mark.parametrize("number", ["x", "0", "-1", "99999999999999999999", "1\x00"])
def test_a_page_number_that_is_not_a_page_gives_a_page(number: str) -> None:
    for _ in range(3):
        TeamFactory()
    _, page = _page(f"?page={number}")
    assert page.number in (1, 2)
    assert len(page.object_list) >= 1


def test_an_unordered_list_is_refused_before_it_can_repeat_rows() -> None:
    request = RequestFactory().get("/list/")
    with pytest.raises(ValueError, match="ordered"):
        page_of(Team.objects.order_by(), request)
    with pytest.raises(ValueError, match="ordered"):
        slice_of(Team.objects.order_by(), limit=2, offset=0)


def test_the_apis_slices_cover_every_row_once_and_count_them_all() -> None:
    for index in range(5):
        TeamFactory(name=f"Tiimi {index % 2}")
    ordered = Team.objects.order_by("name", "pk")
    slices = [slice_of(ordered, limit=2, offset=offset) for offset in (0, 2, 4, 6)]
    assert [len(part.items) for part in slices] == [2, 2, 1, 0]
    assert {part.count for part in slices} == {5}
    assert [team.pk for part in slices for team in part.items] == list(ordered.values_list("pk", flat=True))


def test_the_links_keep_the_filters_and_say_where_the_page_lies() -> None:
    for _ in range(5):
        TeamFactory()
    request, page = _page("?q=virta&page=2")
    with translation.override("en"):
        html = Template("{% load pagination %}{% pagination page %}").render(
            Context({"request": request, "page": page})
        )
    assert 'href="?page=1&amp;q=virta" rel="prev"' in html
    assert 'href="?page=3&amp;q=virta" rel="next"' in html
    assert "Rows 3–4 of 5 (page 2 of 3)" in html


def test_a_list_that_fits_on_one_page_shows_no_links() -> None:
    TeamFactory()
    request, page = _page("")
    assert (
        Template("{% load pagination %}{% pagination page %}")
        .render(Context({"request": request, "page": page}))
        .strip()
        == ""
    )
