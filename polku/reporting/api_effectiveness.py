"""The effectiveness report as JSON: aggregates only; suppressed figures are null with `suppressed`."""

from __future__ import annotations

from datetime import date

from ninja import Field, Query, Router, Schema

from polku.accounts.models import AuthedRequest
from polku.core.schemas import ErrorOut, QuerySchema
from polku.reporting.effectiveness import Figures, effectiveness_report

router = Router(tags=["reports"])


class EffectivenessQuery(QuerySchema):
    instrument: str = Field(description="code of an outcome instrument, e.g. functional_capacity")
    from_: date | None = Field(
        None, alias="from", description="month of the latest answer, from; default a year ago"
    )
    to: date | None = Field(
        None, description="month of the latest answer, to (inclusive); default this month"
    )
    by: str = Field(
        "all", description="all, service, provider, group, municipality, age_group, gender or team"
    )


class FiguresOut(Schema):
    group: str
    label: str
    suppressed: bool
    secondary: bool = Field(
        False, description="hidden only so that a smaller group cannot be worked out from the total"
    )
    n: int | None
    mean_change: float | None
    ci95_low: float | None
    ci95_high: float | None
    srm: float | None
    improved_pct: float | None
    unchanged_pct: float | None
    worsened_pct: float | None

    @staticmethod
    def of(f: Figures) -> FiguresOut:
        def r(value: float | None, digits: int = 3) -> float | None:
            return None if value is None else round(value, digits)

        return FiguresOut(
            group=f.value,
            label=f.label,
            suppressed=f.suppressed,
            secondary=f.secondary,
            n=None if f.suppressed else f.n,
            mean_change=r(f.mean),
            ci95_low=r(f.ci_low),
            ci95_high=r(f.ci_high),
            srm=r(f.srm),
            improved_pct=r(f.improved, 1),
            unchanged_pct=r(f.unchanged, 1),
            worsened_pct=r(f.worsened, 1),
        )


class EffectivenessDomainOut(Schema):
    domain: str
    title: str
    minimal_important_difference: float
    total: FiguresOut
    groups: list[FiguresOut]


class EffectivenessOut(Schema):
    instrument: str
    version: int
    from_: date = Field(alias="from")
    to: date
    by: str
    small_cell_threshold: int
    domains: list[EffectivenessDomainOut]


@router.get(
    "/effectiveness",
    response={200: EffectivenessOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut},
    url_name="effectiveness_report",
    by_alias=True,
)
def effectiveness(request: AuthedRequest, query: Query[EffectivenessQuery]) -> EffectivenessOut:
    """Paired first-to-latest change per domain for clients whose latest answer falls in the period
    (whole months), in total and by one breakdown. For team managers and analysts."""
    from polku.core.suppression import threshold

    report = effectiveness_report(
        user=request.user, instrument_code=query.instrument, start=query.from_, end=query.to, by=query.by
    )
    return EffectivenessOut.model_validate(
        {
            "instrument": report.instrument.code,
            "version": report.instrument.version,
            "from": report.start,
            "to": report.end,
            "by": report.by,
            "small_cell_threshold": threshold(),
            "domains": [
                EffectivenessDomainOut(
                    domain=t.domain,
                    title=t.title,
                    minimal_important_difference=t.mid,
                    total=FiguresOut.of(t.total),
                    groups=[FiguresOut.of(g) for g in t.groups],
                )
                for t in report.tables
            ],
        }
    )
