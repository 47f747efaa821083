"""The number beside "Home" in the navigation: overdue and due-today items of the user's work list,
kept in the cache for a minute (the home page refreshes it), so the header costs no query on other pages
once the work list has been read; without a cached value it is read once and kept."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import HttpRequest

from polku.workday.views import NAV_COUNT_KEY, NAV_COUNT_SECONDS
from polku.workday.worklist import SECTIONS, due_now_count, work_for


def work_count(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.role not in SECTIONS:
        return {}
    key = NAV_COUNT_KEY.format(user.pk)
    count = cache.get(key)
    if count is None:
        count = due_now_count(work_for(user, view="workday:nav", log=False))
        cache.set(key, count, NAV_COUNT_SECONDS)
    return {"work_due_now": count}
