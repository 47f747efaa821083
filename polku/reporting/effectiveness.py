"""The effectiveness report (vaikuttavuus): paired first-to-latest change per domain of an instrument,
for a period, in total and broken down by one dimension. Aggregates only, small groups suppressed.

Reads `ChangeAggregate` (polku/instruments/aggregates.py, where the approach and the **period** are
written down; kept current in the transaction of each completed answer), from the reports database
(polku.reporting.refresh.reports_alias): one grouped query over at most months x values x domains rows,
so the report's time does not grow with the number of answers.

For a group of n clients with changes d (sums kept in hundredths of a point):
  mean = sum d / n;  SD = sqrt((sum d² - (sum d)²/n) / (n - 1));
  95 % CI = mean ± t(0.975, n - 1) · SD / sqrt(n);  standardised response mean (SRM) = mean / SD;
  improved / unchanged / worsened = shares of n with d >= MID, |d| < MID, d <= -MID.

Small cells (polku.core.suppression, the one rule of every aggregate): a group under the threshold shows
nothing but "<5". The table is suppressed as a whole: groups by (improved, unchanged, worsened), with the
groups' sizes and the total's figures as margins, so that neither the total minus the shown groups (also
for several hidden groups together: 1 and 2 beside 100 of 103 would give a group of 3) nor a share's
column reveals a small group. Groups and shares hidden only to protect another show SECONDARY_MARK.
A hidden group shows no statistic either: its mean, interval and SRM are sums over the same persons.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from polku.accounts.models import Organisation, Role, Team, User
from polku.clients.models import Gender
from polku.core import sql, suppression
from polku.core.kept import Kept
from polku.core.suppression import SECONDARY_MARK, Line, hidden_cells
from polku.instruments.aggregates import ALL, DIMENSIONS
from polku.instruments.definitions import Instrument, instrument_get
from polku.instruments.models import ChangeAggregate
from polku.provision.models import Group, ServiceKind
from polku.reporting.refresh import reports_alias

REPORT_ROLES = frozenset({Role.TEAM_MANAGER, Role.ANALYST})

DIMENSION_LABELS = {
    ALL: gettext_lazy("no breakdown"),
    "service": gettext_lazy("service"),
    "provider": gettext_lazy("provider"),
    "group": gettext_lazy("group"),
    "municipality": gettext_lazy("municipality"),
    "age_group": gettext_lazy("age group"),
    "gender": gettext_lazy("gender"),
    "team": gettext_lazy("team"),
}
AGE_GROUPS = {
    "under_25": gettext_lazy("under 25"),
    "25_29": gettext_lazy("25–29"),
    "30_54": gettext_lazy("30–54"),
    "over_54": gettext_lazy("over 54"),
}


def _organisation_names(values: list[str]) -> dict[str, str]:
    ids = [v for v in values if v]
    return {str(pk): name for pk, name in Organisation.objects.filter(pk__in=ids).values_list("pk", "name")}


def _team_names(values: list[str]) -> dict[str, str]:
    ids = [v for v in values if v]
    return {str(pk): name for pk, name in Team.objects.filter(pk__in=ids).values_list("pk", "name")}


# How the values of a dimension are named: one query per report at most. The services app adds its own
# for "service", "provider" and "group" (see docs/instruments.md); until then their ids are shown.
def _service_kinds(values: list[str]) -> dict[str, str]:
    return {v: str(ServiceKind(v).label) for v in values if v in ServiceKind.values}


def _group_names(values: list[str]) -> dict[str, str]:
    ids = [v for v in values if _is_uuid(v)]
    return {str(pk): name for pk, name in Group.objects.filter(pk__in=ids).values_list("pk", "name")}


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


VALUE_LABELLERS: dict[str, Callable[[list[str]], dict[str, str]]] = {
    "service": _service_kinds,
    "group": _group_names,
    "municipality": _organisation_names,
    "provider": _organisation_names,  # providers are organisations; the services app may refine this
    "team": _team_names,
    "gender": lambda values: {v: str(Gender(v).label) for v in values if v in Gender.values},
    "age_group": lambda values: {v: str(AGE_GROUPS[v]) for v in values if v in AGE_GROUPS},
}


def _order(by: str, value: str, labels: dict[str, str]) -> tuple[int, str]:
    """Age groups in age order, others by name; "not recorded" last."""
    if not value:
        return (2, "")
    if by == "age_group" and value in AGE_GROUPS:
        return (0, str(list(AGE_GROUPS).index(value)))
    return (1, labels.get(value, value).lower())


def may_see_report(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in REPORT_ROLES)


@dataclass
class Figures:
    """One group's figures for one domain; None where small-cell suppression hides them."""

    value: str
    label: str
    n: int
    mean: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    srm: float | None = None
    improved: float | None = None  # percent
    unchanged: float | None = None
    worsened: float | None = None
    suppressed: bool = False
    counts: tuple[int, int, int] = (0, 0, 0)
    sums: tuple[int, int] = (0, 0)
    secondary: bool = False  # hidden only so that another group cannot be worked out
    secondary_shares: tuple[bool, bool, bool] = (False, False, False)

    @property
    def shares(self) -> tuple[float | None, float | None, float | None]:
        return self.improved, self.unchanged, self.worsened

    @property
    def hidden_mark(self) -> str:
        """What a hidden figure of this group shows: "<5", or SECONDARY_MARK when hidden for another."""
        return SECONDARY_MARK if self.secondary else suppression.shown(None)

    @property
    def n_shown(self) -> str:
        return self.hidden_mark if self.suppressed else str(self.n)

    @property
    def share_cells(self) -> list[tuple[float | None, str]]:
        """Each share with the text shown in its place: the share, its mark when hidden, a dash for none."""
        cells: list[tuple[float | None, str]] = []
        for share, secondary in zip(self.shares, self.secondary_shares, strict=True):
            if share is not None:
                cells.append((share, f"{share:.0f} %"))
            elif self.suppressed:
                cells.append((None, self.hidden_mark))
            elif self.n:
                cells.append((None, SECONDARY_MARK if secondary else suppression.shown(None)))
            else:
                cells.append((None, "–"))
        return cells


@dataclass
class DomainTable:
    domain: str
    title: str
    mid: float
    total: Figures
    groups: list[Figures] = field(default_factory=list)

    @property
    def hidden_together(self) -> Figures | None:
        """The clients of the groups the small-cell rule hides, together, so that the rows add up to the
        total: what the total minus the shown groups gives anyway. The rule hides further groups until
        this sum is no small group itself (polku.core.suppression); should it ever be, it is hidden too."""
        hidden = [g for g in self.groups if g.suppressed]
        if not hidden or self.total.suppressed:
            return None
        n = sum(g.n for g in hidden)
        return Figures(
            value="", label=_("In the hidden groups together"), n=n, suppressed=suppression.is_small(n)
        )


@dataclass
class Report:
    instrument: Instrument
    start: date
    end: date
    by: str
    tables: list[DomainTable]

    @property
    def hidden_mark(self) -> str:
        return suppression.shown(None)

    @property
    def secondary_explanation(self) -> str:
        """What SECONDARY_MARK means, when the report shows one."""
        hidden = [f.secondary or any(f.secondary_shares) for t in self.tables for f in [t.total, *t.groups]]
        return str(suppression.SECONDARY_EXPLANATION) if any(hidden) else ""

    @property
    def by_label(self) -> str:
        return str(DIMENSION_LABELS.get(self.by, self.by))


@lru_cache(maxsize=4096)
def t_quantile(df: int) -> float:
    from scipy.stats import t  # imported here: scipy is slow to import and only the report needs it

    return float(t.ppf(0.975, df))


def compute(f: Figures) -> Figures:
    """Fill the statistics from n, sums and counts (sums in hundredths)."""
    n, (total, squares) = f.n, f.sums
    if n == 0:
        return f
    f.mean = total / n / 100
    if n >= 2:
        variance = max(squares - total * total / n, 0) / (n - 1) / 10000
        sd = math.sqrt(variance)
        half = t_quantile(n - 1) * sd / math.sqrt(n)
        f.ci_low, f.ci_high = f.mean - half, f.mean + half
        f.srm = f.mean / sd if sd > 0 else None
    f.improved, f.unchanged, f.worsened = (100 * c / n for c in f.counts)
    return f


OUTCOMES = ("improved", "unchanged", "worsened")
TOTAL = "total"


def _hide(f: Figures, *, secondary: bool) -> Figures:
    return Figures(value=f.value, label=f.label, n=f.n, suppressed=True, secondary=secondary)


def suppress_table(
    total: Figures, groups: list[Figures], hide: Collection[str] = ()
) -> tuple[Figures, list[Figures]]:
    """The total and the groups of one domain with every figure hidden that would reveal a small group,
    through the one small-cell rule (polku.core.suppression).

    Cells: (row, outcome) counts and (row, "n"), rows the groups' indexes and TOTAL. Lines: each row's
    three outcomes add up to its n, and (with a breakdown) each column of the groups adds up to the total's.
    A group whose n is hidden is hidden wholly; then the table is suppressed again with that row forced
    hidden, until no more groups go. Groups whose value is in `hide` are hidden from the start (hidden in
    another domain's table, whose sizes are mostly the same). The figures given are not changed."""
    rows: list[Any] = [*range(len(groups)), TOTAL]
    figures: dict[Any, Figures] = {i: replace(g) for i, g in enumerate(groups)} | {TOTAL: replace(total)}
    values: dict[Any, int] = {}
    for row in rows:
        values[(row, "n")] = figures[row].n
        for outcome, count in zip(OUTCOMES, figures[row].counts, strict=True):
            values[(row, outcome)] = count
    lines = [Line(tuple((row, o) for o in OUTCOMES), (row, "n")) for row in rows]
    if groups:
        lines += [
            Line(tuple((i, column) for i in range(len(groups))), (TOTAL, column))
            for column in (*OUTCOMES, "n")
        ]
    whole: set[Any] = {i for i, g in enumerate(groups) if g.value in hide}
    while True:
        forced = {(row, column) for row in whole for column in (*OUTCOMES, "n")}
        hidden = hidden_cells(values, lines, values.keys(), forced=forced)
        more = {row for row in rows if (row, "n") in hidden} - whole
        if not more:
            break
        whole |= more
    shown_rows = {}
    for row in rows:
        f = figures[row]
        if row in whole:
            shown_rows[row] = _hide(f, secondary=not suppression.is_small(f.n))
            continue
        for outcome in OUTCOMES:
            if (row, outcome) in hidden:
                setattr(f, outcome, None)
        improved, unchanged, worsened = (
            (row, o) in hidden and not suppression.is_small(values[(row, o)]) for o in OUTCOMES
        )
        f.secondary_shares = (improved, unchanged, worsened)
        shown_rows[row] = f
    return shown_rows[TOTAL], [shown_rows[i] for i in range(len(groups))]


def suppress_domains(
    raw: dict[str, tuple[Figures, list[Figures]]],
) -> dict[str, tuple[Figures, list[Figures]]]:
    """Every domain's table suppressed. The domains' tables mostly count the same clients: a group hidden
    in one is hidden in all, or its size shown beside another domain's table would undo that table's
    protection."""
    hide: set[str] = set()
    while True:
        suppressed = {key: suppress_table(*figures, hide=hide) for key, figures in raw.items()}
        more = {g.value for _t, found in suppressed.values() for g in found if g.suppressed} - hide
        if not more:
            return suppressed
        hide |= more


def month_range(start: date, end: date) -> tuple[date, date]:
    return date(start.year, start.month, 1), date(end.year, end.month, 1)


def default_period() -> tuple[date, date]:
    today = timezone.localdate()
    return date(today.year - 1, today.month, 1), today


_REPORT_SQL = (
    "SELECT dimension, value, domain, SUM(n), SUM(sum_change), SUM(sum_squares), SUM(improved),"
    " SUM(unchanged), SUM(worsened) FROM {table} WHERE instrument_code = %s AND period >= %s"
    " AND period <= %s AND dimension IN (%s, %s) GROUP BY dimension, value, domain"
    " ORDER BY dimension, value, domain"
)


def report_rows(code: str, start: date, end: date, by: str) -> Iterable[dict[str, Any]]:
    """The aggregates of the months of [start, end] summed per dimension ("all" and `by`), value and
    domain: at most months x values x domains rows read through the (instrument, dimension, period)
    index. Written out in SQL (polku.core.sql); the same as

        ChangeAggregate.objects.filter(instrument_code=code, period__gte=first, period__lte=last,
        dimension__in={ALL, by}).values("dimension", "value", "domain").annotate(n_=Sum("n"), ...)
    """
    first, last = month_range(start, end)
    alias = reports_alias()
    found = sql.rows(
        alias, _REPORT_SQL.format(table=sql.table(ChangeAggregate, alias)), [code, first, last, ALL, by]
    )
    return (
        {
            "dimension": dimension,
            "value": value,
            "domain": domain,
            "n_": int(n),
            "sum_": int(total),
            "sq_": int(squares),
            "imp_": int(improved),
            "unch_": int(unchanged),
            "wors_": int(worsened),
        }
        for dimension, value, domain, n, total, squares, improved, unchanged, worsened in found
    )


_GROUPS_SQL = (
    "SELECT COUNT(DISTINCT value) FROM {table} WHERE instrument_code = %s AND period >= %s AND period <= %s"
    " AND dimension = %s"
)


def group_count(code: str, start: date, end: date, by: str) -> int:
    """How many groups the breakdown `by` has in [start, end] (one query): what the cost of the report's
    suppression grows with."""
    if by == ALL:
        return 0
    first, last = month_range(start, end)
    alias = reports_alias()
    found = sql.rows(
        alias, _GROUPS_SQL.format(table=sql.table(ChangeAggregate, alias)), [code, first, last, by]
    )
    return int(found[0][0])


def effectiveness_report(
    *,
    user: User | AnonymousUser,
    instrument_code: str,
    start: date | None = None,
    end: date | None = None,
    by: str = ALL,
) -> Report:
    """The report for managers and analysts; aggregates only, never a person's answers."""
    if not may_see_report(user):
        raise PermissionDenied(_("The effectiveness report is for team managers and analysts."))
    instrument = instrument_get(instrument_code)
    errors: dict[str, list[str]] = {}
    if instrument is None or not instrument.tracks_change:
        errors["instrument"] = [_("No such outcome instrument.")]
    if by not in DIMENSIONS:
        errors["by"] = [_("Unknown breakdown.")]
    default_start, default_end = default_period()
    start, end = start or default_start, end or default_end
    if start > end:
        errors["from"] = [_("The start of the period must not be after its end.")]
    if errors:
        raise ValidationError(errors)
    assert instrument is not None  # noqa: S101  (checked above)
    found = list(report_rows(instrument.code, start, end, by))
    values = sorted({row["value"] for row in found if row["dimension"] == by and by != ALL and row["n_"] > 0})
    labels = VALUE_LABELLERS.get(by, lambda vs: {})(values) if values else {}
    key = (
        suppression.threshold(),
        get_language(),
        instrument.code,
        start,
        end,
        by,
        tuple(tuple(row.values()) for row in found),
        tuple(sorted(labels.items())),
    )
    return _KEPT_REPORTS.get_or_make(key, lambda: _report(instrument, start, end, by, found, labels))


# The reports of the last figures asked, per process: the same aggregates, names, language and threshold
# give the same report, and a page is mostly asked again before an answer changes its figures. A report
# given is shared: read it, never change it.
_KEPT_REPORTS: Kept[Report] = Kept(64)


def _report(
    instrument: Instrument,
    start: date,
    end: date,
    by: str,
    found: list[dict[str, Any]],
    labels: dict[str, str],
) -> Report:
    """The report of the aggregates `found` (report_rows) with the groups' names `labels`."""
    totals: dict[str, Figures] = {}
    groups: dict[str, list[Figures]] = {}
    for row in found:
        figures = Figures(
            value=row["value"],
            label="",
            n=row["n_"],
            counts=(row["imp_"], row["unch_"], row["wors_"]),
            sums=(row["sum_"], row["sq_"]),
        )
        if row["n_"] <= 0:
            continue
        if row["dimension"] == ALL:
            totals[row["domain"]] = figures
        if row["dimension"] == by and by != ALL:
            groups.setdefault(row["domain"], []).append(figures)
    raw: dict[str, tuple[Figures, list[Figures]]] = {}
    for domain in instrument.domains:
        total = totals.get(domain.id, Figures(value="", label=_("All clients"), n=0))
        total.label = _("All clients")
        shown = []
        for g in sorted(groups.get(domain.id, []), key=lambda g: _order(by, g.value, labels)):
            g.label = labels.get(g.value) or (g.value if g.value else _("not recorded"))
            shown.append(g)
        raw[domain.id] = (compute(total), [compute(g) for g in shown])
    suppressed = suppress_domains(raw)
    tables = [
        DomainTable(
            domain=domain.id,
            title=str(domain.title),
            mid=domain.minimal_important_difference,
            total=suppressed[domain.id][0],
            groups=suppressed[domain.id][1],
        )
        for domain in instrument.domains
    ]
    return Report(instrument=instrument, start=start, end=end, by=by, tables=tables)
