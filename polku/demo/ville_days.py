"""The calendar of Ville's story, counted back from the day the demo is loaded, so that the story reads in
order whenever the demo is loaded: Kela's contact about six months ago, the assessment started on the 2nd
weekday, the plan and the decision within weeks, social rehabilitation since about five months with a
weekly film group and home guidance, the review meeting after three months, and the service's last weeks
now, and rehabilitative work activity decided to follow."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from polku.core.weekdays import add_weekdays, next_weekday

TUESDAY, THURSDAY = 1, 3
SERVICE_WEEKS = 26  # the decision grants social rehabilitation for six months
REVIEW_WEEKS = 12  # the review meeting with the personal worker after three months


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment of the story: `day` at a local time of the working day."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


@dataclass(frozen=True)
class VilleDays:
    today: date

    @property
    def contact(self) -> date:
        return next_weekday(self.today - timedelta(days=182))

    @property
    def taken(self) -> date:
        return add_weekdays(self.contact, 1)

    @property
    def assessment_started(self) -> date:
        return add_weekdays(self.contact, 2)

    @property
    def pre_assessment_answered(self) -> date:
        return self.assessment_started + timedelta(days=2)

    @property
    def first_meeting(self) -> date:
        return add_weekdays(self.contact, 5)

    @property
    def assessment_completed(self) -> date:
        return add_weekdays(self.first_meeting, 5)  # the second meeting

    @property
    def plan_made(self) -> date:
        return add_weekdays(self.assessment_completed, 5)

    @property
    def decided(self) -> date:
        return add_weekdays(self.plan_made, 5)  # with Ville and the provider; handed over in person

    @property
    def service_start(self) -> date:
        return _on_or_after(self.decided + timedelta(days=5), TUESDAY)

    @property
    def service_end(self) -> date:
        return self.service_start + timedelta(weeks=SERVICE_WEEKS, days=-1)

    @property
    def sessions(self) -> list[date]:
        """The film group's Tuesdays from the start until yesterday (today's the provider adds and marks)."""
        weeks = range(SERVICE_WEEKS)
        return [d for d in (self.service_start + timedelta(weeks=w) for w in weeks) if d < self.today]

    @property
    def home_visits(self) -> list[date]:
        first = _on_or_after(self.service_start, THURSDAY)
        weeks = range(SERVICE_WEEKS)
        return [d for d in (first + timedelta(weeks=w) for w in weeks) if d < self.today]

    @property
    def review(self) -> date:
        return _on_or_after(self.service_start + timedelta(weeks=REVIEW_WEEKS), THURSDAY)

    @property
    def plan_reviewed(self) -> date:
        return add_weekdays(self.review, 5)

    @property
    def activation_plan(self) -> date:
        return add_weekdays(self.review, 10)

    @property
    def work_activity_start(self) -> date:
        return next_weekday(self.service_end + timedelta(days=3))
