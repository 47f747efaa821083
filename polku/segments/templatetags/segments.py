"""`{% segment_filter %}`: the caseload's segment select (the caseload page of casework shows it; the
filtered list is polku.segments' page, casework being a layer below)."""

from __future__ import annotations

from typing import Any

from django import template

from polku.accounts.models import User
from polku.segments.quadrants import Quadrant

register = template.Library()


@register.inclusion_tag("segments/_caseload_filter.html", takes_context=True)
def segment_filter(
    context: dict[str, Any], worker: User | None = None, is_manager: bool = False
) -> dict[str, Any]:
    request = context.get("request")
    chosen = request.GET.get("quadrant", "") if request is not None else ""
    return {
        "quadrants": Quadrant.choices,
        "chosen": chosen,
        "worker_id": str(worker.pk) if is_manager and worker is not None else "",
    }
