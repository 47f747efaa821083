"""The worker survey of a development project (instrument "worker_survey"), at its start and its end.
Answers are anonymous; a separate row records only that a worker has answered a phase."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from polku.accounts.models import CLIENT_WORK_ROLES, Role, User
from polku.core.suppression import suppress
from polku.instruments.definitions import instrument_get
from polku.structural.models import Project, SurveyPhase, WorkerSurveyAnswer, WorkerSurveyTaken

INSTRUMENT_CODE = "worker_survey"
RESPONDENT_ROLES = CLIENT_WORK_ROLES | {Role.TEAM_MANAGER, Role.PROVIDER_WORKER}


@dataclass(frozen=True)
class SurveyItem:
    code: str
    text: str
    low: int
    high: int
    options: tuple[tuple[int, str], ...]
    reverse: bool


def survey_items() -> tuple[SurveyItem, ...]:
    """The worker survey items from the instruments' definition files, in the current language."""
    instrument = instrument_get(INSTRUMENT_CODE)
    if instrument is None:
        return ()
    return tuple(
        SurveyItem(
            code=item.id,
            text=str(item.text),
            low=item.scale.min,
            high=item.scale.max,
            options=tuple((o.value, str(o.label)) for o in item.scale.options),
            reverse=item.reverse,
        )
        for item in instrument.items.values()
    )


def may_answer(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and user.role in RESPONDENT_ROLES


def has_answered(*, user: User, project: Project, phase: str) -> bool:
    return WorkerSurveyTaken.objects.filter(user=user, project=project, phase=phase).exists()


@transaction.atomic
def worker_survey_record(
    *, actor: User, project: Project, phase: str, answers: Mapping[str, int | None]
) -> WorkerSurveyAnswer:
    """Store one worker's answers for the phase; a second answer to the same phase is refused."""
    if not may_answer(actor):
        raise PermissionDenied(_("The worker survey is for the professionals of the project."))
    items = {item.code: item for item in survey_items()}
    errors: dict[str, list[str]] = {}
    if phase not in SurveyPhase.values:
        errors["phase"] = [_("Choose the start or the end of the project.")]
    kept: dict[str, int] = {}
    for code, value in answers.items():
        item = items.get(code)
        if item is None:
            errors[code] = [_("Unknown question.")]
        elif value is not None:
            if not item.low <= value <= item.high:
                errors[code] = [
                    _("Answer on the scale %(low)s-%(high)s.") % {"low": item.low, "high": item.high}
                ]
            else:
                kept[code] = value
    if not kept and not errors:
        errors["__all__"] = [_("Answer at least one question.")]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            WorkerSurveyTaken.objects.create(project=project, phase=phase, user=actor)
    except IntegrityError as exc:
        raise ValidationError(
            _("You have already answered the survey for this phase of the project.")
        ) from exc
    return WorkerSurveyAnswer.objects.create(project=project, phase=phase, answers=kept)


@dataclass(frozen=True)
class ItemSummary:
    item: SurveyItem
    start_n: int | None
    start_mean: float | None
    end_n: int | None
    end_mean: float | None

    @property
    def change(self) -> float | None:
        if self.start_mean is None or self.end_mean is None:
            return None
        return round(self.end_mean - self.start_mean, 2)


def worker_survey_summary(*, project: Project) -> list[ItemSummary]:
    """Mean answer per item at the start and the end; a phase with fewer answers than the small-cell
    threshold shows neither its count nor its mean."""
    phases: dict[str, list[dict[str, int]]] = {SurveyPhase.START: [], SurveyPhase.END: []}
    for phase, answers in WorkerSurveyAnswer.objects.filter(project=project).values_list("phase", "answers"):
        phases[phase].append(answers)
    rows = []
    for item in survey_items():
        figures: list[tuple[int | None, float | None]] = []
        for phase in (SurveyPhase.START, SurveyPhase.END):
            values = [a[item.code] for a in phases[phase] if item.code in a]
            n = suppress(len(values))
            figures.append((n, round(sum(values) / len(values), 2) if values and n is not None else None))
        rows.append(ItemSummary(item, figures[0][0], figures[0][1], figures[1][0], figures[1][1]))
    return rows
