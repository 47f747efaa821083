"""Scoring an answer set and the feedback that follows from the scores.

Each item's answer is placed on the instrument's score range (0-10 unless the file says otherwise) with
higher always better, so a reverse-scored item is turned around first. A domain score is the mean of its
answered items when at least `min_answered` of them were answered; the overall score is its own item or
the mean of the domain scores. Scores are rounded to two decimals: the change aggregates add them up as
whole hundredths, so that adding and removing a client's change never drifts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from polku.instruments.definitions import Band, Domain, Instrument


def item_score(instrument: Instrument, item_id: str, value: int) -> float:
    item = instrument.items[item_id]
    fraction = (value - item.scale.min) / (item.scale.max - item.scale.min)
    if item.reverse:
        fraction = 1 - fraction
    return instrument.score_min + fraction * (instrument.score_max - instrument.score_min)


def domain_scores(instrument: Instrument, answers: Mapping[str, int]) -> dict[str, float]:
    """Scores of the domains that have enough answers, by domain id."""
    scores: dict[str, float] = {}
    for domain in instrument.domains:
        if domain.mean_of_domains:
            parts = [scores[d.id] for d in instrument.domains if d.id in scores]
            if parts and len(parts) == len(instrument.domains) - 1:
                scores[domain.id] = round(sum(parts) / len(parts), 2)
            continue
        answered = [item_score(instrument, i, answers[i]) for i in domain.items if i in answers]
        if len(answered) >= domain.min_answered:
            scores[domain.id] = round(sum(answered) / len(answered), 2)
    return scores


@dataclass(frozen=True)
class DomainResult:
    domain: Domain
    score: float
    band: Band | None
    percent: float  # the score as a share of the range, for the bar drawn beside it

    @property
    def going_well(self) -> bool:
        return bool(self.band and self.band.going_well)


@dataclass(frozen=True)
class Feedback:
    results: list[DomainResult]
    going_well: list[DomainResult]
    next_steps: list[DomainResult]  # weakest first


def feedback_for(instrument: Instrument, scores: Mapping[str, float]) -> Feedback:
    span = instrument.score_max - instrument.score_min
    results = [
        DomainResult(
            domain,
            scores[domain.id],
            domain.band_for(scores[domain.id]),
            round(100 * (scores[domain.id] - instrument.score_min) / span, 1),
        )
        for domain in instrument.domains
        if domain.id in scores
    ]
    steps = sorted(
        (r for r in results if r.band and r.band.next_steps and not r.going_well), key=lambda r: r.score
    )
    return Feedback(results=results, going_well=[r for r in results if r.going_well], next_steps=steps)
