"""One way to page a list: Django's Paginator over an ordered queryset, and one template (`_pagination.html`);
for the API, `limit` rows from `offset` (`slice_of`, answered as `{"items", "count", "limit", "offset"}`).

Every list a person pages through (caseload, team queue, search, deadline board, reports' drill-downs)
shows at most `PER_PAGE` rows. The queryset must have a total order (its last key unique, e.g. the primary
key), so that a row never appears on two pages or on none, and an index behind that order, so that a page
costs the same at any data size. A page number that is not a number or lies past the end gives the last
page, never an error.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window
from django.http import HttpRequest

PER_PAGE = 50
PAGE = "page"  # the query parameter of a page number
API_LIMIT_MAX = 200
T = TypeVar("T")


@dataclass(frozen=True)
class Slice(Generic[T]):
    """Part of an ordered list, as the API answers it: `limit` rows from `offset`, and how many in all."""

    items: list[T]
    count: int
    limit: int
    offset: int


def _ordered(queryset: QuerySet[Any]) -> QuerySet[Any]:
    if not queryset.ordered:
        raise ValueError("A paged list needs an ordered queryset: order it by a unique key last.")
    return queryset


def slice_of(queryset: QuerySet[Any], *, limit: int, offset: int) -> Slice[Any]:
    """`limit` rows of `queryset` from `offset` (two queries: the rows and the count)."""
    rows = list(_ordered(queryset)[offset : offset + limit])
    return Slice(rows, queryset.count(), limit, offset)


def page_of(queryset: QuerySet[Any], request: HttpRequest, *, per_page: int = PER_PAGE) -> Page:
    """The page of `queryset` that `?page=` asks for (the first when absent, the last when past the end)."""
    return Paginator(_ordered(queryset), per_page).get_page(request.GET.get(PAGE))


def page_counted(
    queryset: QuerySet[Any], request: HttpRequest, *, per_page: int = PER_PAGE, param: str = PAGE
) -> Page:
    """`page_of` in one query instead of two: the page's rows carry the length of the whole list
    (COUNT(*) OVER ()), for pages where a query's round trip counts (e.g. the reports, the name search). Only
    a page past the end asks for the count alone, then gives the last page as page_of does. A values_list()
    queryset's rows come without the count. `param`: the query parameter of the page number, where a page
    has two paged lists."""
    queryset = _ordered(queryset)
    paginator = Paginator(queryset, per_page)
    number = _asked(request, param)
    if 1 <= number <= _FURTHEST_PAGE:
        start = (number - 1) * per_page
        rows = list(queryset.annotate(list_length_=Window(Count("*")))[start : start + per_page])
        if rows and isinstance(rows[0], tuple):  # a values_list(): the length is the last value
            paginator.count = rows[0][-1]
            return Page([row[:-1] for row in rows], number, paginator)
        if rows:
            paginator.count = rows[0].list_length_
            return Page(rows, number, paginator)
        if number == 1:  # an empty list
            paginator.count = 0
            return Page([], 1, paginator)
    return paginator.get_page(number)  # past the end: the count, then the last page


def _asked(request: HttpRequest, param: str = PAGE) -> int:
    """The page number `?page=` (or `param`) asks for; the first when absent or not a number."""
    try:
        return int(request.GET.get(param) or 1)
    except ValueError:
        return 1


_FURTHEST_PAGE = 10**9  # beyond it the offset overflows the database's integer; the count decides


# `fetch(limit, offset)`: `limit` rows of a list from `offset`, each row ending with the length of the whole
# list (COUNT(*) OVER () in the query that reads them).
Fetch = Callable[[int, int], Sequence[Sequence[Any]]]


class _Windowed:
    """A list read by a `Fetch`, as Django's Paginator reads it: `count()` and a slice (rows without their
    last column, the count)."""

    ordered = True

    def __init__(self, fetch: Fetch) -> None:
        self.fetch = fetch

    def count(self) -> int:
        rows = self.fetch(1, 0)
        return int(rows[0][-1]) if rows else 0

    def __getitem__(self, part: slice) -> list[tuple[Any, ...]]:
        start = part.start or 0
        return [tuple(row[:-1]) for row in self.fetch(part.stop - start, start)]


def page_windowed(fetch: Fetch, request: HttpRequest, *, per_page: int = PER_PAGE) -> Page:
    """`page_counted` for a list read in SQL of its own (`Fetch`): one query for a page that exists or an
    empty list; a page past the end asks for the count, then gives the last page as page_of does. The
    page's rows are the fetched rows without their count."""
    paginator: Paginator[Any] = Paginator(cast("Any", _Windowed(fetch)), per_page)
    number = _asked(request)
    if 1 <= number <= _FURTHEST_PAGE:
        rows = fetch(per_page, (number - 1) * per_page)
        if rows or number == 1:
            paginator.count = int(rows[0][-1]) if rows else 0
            return Page([tuple(row[:-1]) for row in rows], number, paginator)
    return paginator.get_page(number)  # past the end: the count, then the last page


def page_query(request: HttpRequest, number: int, param: str = PAGE) -> str:
    """The current query string with `page` (or `param`) set to `number` (filters, search words and the
    other list's page kept)."""
    params = request.GET.copy()
    params[param] = str(number)
    return "?" + urlencode(sorted(params.lists()), doseq=True)


def page_links(request: HttpRequest, page: Page, param: str = PAGE) -> dict[str, Any]:
    """What `_pagination.html` shows: where this page lies and the links to the pages beside it."""
    return {
        "page": page,
        "previous_url": (
            page_query(request, page.previous_page_number(), param) if page.has_previous() else ""
        ),
        "next_url": page_query(request, page.next_page_number(), param) if page.has_next() else "",
        "first_url": page_query(request, 1, param) if page.number > 2 else "",
        "last_url": page_query(request, page.paginator.num_pages, param)
        if page.number < page.paginator.num_pages - 1
        else "",
    }
