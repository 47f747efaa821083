"""The effectiveness report (vaikuttavuus): paired first-to-latest change per domain of an instrument,
for a period, in total and broken down by one dimension. Aggregates only, small groups suppressed.

Reads `ChangeAggregate` (polku/instruments/aggregates.py, where the approach and the **period** are
written down): one grouped query over at most months x values x domains rows, so the report's time does
not grow with the number of answers.

For a group of n clients with changes d (sums kept in hundredths of a point):
  mean = sum d / n;  SD = sqrt((sum d² - (sum d)²/n) / (n - 1));
  95 % CI = mean ± t(0.975, n - 1) · SD / sqrt(n);  standardised response mean (SRM) = mean / SD;
  improved / unchanged / worsened = shares of n with d >= MID, |d| < MID, d <= -MID.

Small cells (polku.core.smallcell): a group under the threshold shows nothing but "<5". When exactly one
group of a breakdown is suppressed, the next smallest is suppressed too, so that the total minus the
shown groups does not reveal it; the same rule guards the three counts behind the shares of a group.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from polku.accounts.models import Organisation, Role, Team
from polku.clients.models import Gender
from polku.core import smallcell
from polku.instruments.aggregates import ALL, DIMENSIONS
from polku.instruments.definitions import Instrument, instrument_get
from polku.instruments.models import ChangeAggregate
from polku.services.models import Group, ServiceKind

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


def may_see_report(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.role in REPORT_ROLES)


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

    @property
    def shares(self) -> tuple[float | None, float | None, float | None]:
        return self.improved, self.unchanged, self.worsened

    @property
    def hidden_mark(self) -> str:
        return smallcell.shown(None)

    @property
    def n_shown(self) -> str:
        return smallcell.shown(None if self.suppressed else self.n)


@dataclass
class DomainTable:
    domain: str
    title: str
    mid: float
    total: Figures
    groups: list[Figures] = field(default_factory=list)


@dataclass
class Report:
    instrument: Instrument
    start: date
    end: date
    by: str
    tables: list[DomainTable]

    @property
    def hidden_mark(self) -> str:
        return smallcell.shown(None)

    @property
    def by_label(self) -> str:
        return str(DIMENSION_LABELS.get(self.by, self.by))


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


def _complementary(sizes: list[int], hidden: list[bool]) -> list[bool]:
    """With exactly one hidden cell among those that add up to a known total, hide the next smallest."""
    hidden = [h or smallcell.is_small(s) for s, h in zip(sizes, hidden, strict=True)]
    if hidden.count(True) == 1:
        candidates = [(s, i) for i, (s, h) in enumerate(zip(sizes, hidden, strict=True)) if not h and s > 0]
        if candidates:
            hidden[min(candidates)[1]] = True
    return hidden


def suppress(f: Figures) -> Figures:
    """Hide a small group wholly, and shares whose counts would reveal fewer than the threshold."""
    if f.suppressed or smallcell.is_small(f.n):
        return Figures(value=f.value, label=f.label, n=f.n, suppressed=True)
    hidden = _complementary(list(f.counts), [False, False, False])
    for name, hide in zip(("improved", "unchanged", "worsened"), hidden, strict=True):
        if hide:
            setattr(f, name, None)
    return f


def suppress_groups(groups: list[Figures]) -> list[Figures]:
    hidden = _complementary([g.n for g in groups], [False] * len(groups))
    for g, hide in zip(groups, hidden, strict=True):
        g.suppressed = g.suppressed or hide
    return [suppress(g) for g in groups]


def month_range(start: date, end: date) -> tuple[date, date]:
    return date(start.year, start.month, 1), date(end.year, end.month, 1)


def default_period() -> tuple[date, date]:
    today = timezone.localdate()
    return date(today.year - 1, today.month, 1), today


def report_rows(code: str, start: date, end: date, by: str) -> Iterable[dict[str, Any]]:
    first, last = month_range(start, end)
    return (
        ChangeAggregate.objects.filter(
            instrument_code=code, period__gte=first, period__lte=last, dimension__in={ALL, by}
        )
        .values("dimension", "value", "domain")
        .annotate(
            n_=Sum("n"),
            sum_=Sum("sum_change"),
            sq_=Sum("sum_squares"),
            imp_=Sum("improved"),
            unch_=Sum("unchanged"),
            wors_=Sum("worsened"),
        )
        .order_by("dimension", "value", "domain")
    )


def effectiveness_report(
    *, user: Any, instrument_code: str, start: date | None = None, end: date | None = None, by: str = ALL
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
    totals: dict[str, Figures] = {}
    groups: dict[str, list[Figures]] = {}
    for row in report_rows(instrument.code, start, end, by):
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
    values = sorted({g.value for found in groups.values() for g in found})
    labels = VALUE_LABELLERS.get(by, lambda vs: {})(values) if values else {}
    tables = []
    for domain in instrument.domains:
        total = totals.get(domain.id, Figures(value="", label=_("All clients"), n=0))
        total.label = _("All clients")
        shown = []
        for g in sorted(groups.get(domain.id, []), key=lambda g: _order(by, g.value, labels)):
            g.label = labels.get(g.value) or (g.value if g.value else _("not recorded"))
            shown.append(g)
        tables.append(
            DomainTable(
                domain=domain.id,
                title=str(domain.title),
                mid=domain.minimal_important_difference,
                total=suppress(compute(total)),
                groups=suppress_groups([compute(g) for g in shown]),
            )
        )
    return Report(instrument=instrument, start=start, end=end, by=by, tables=tables)
