"""The number beside "Home" in the navigation: the overdue and due-today items of the user's work list, as
the home page (or the API's work list) last counted them, kept in the cache for five minutes. The header
is drawn on every page, so it only reads the cache (no query); the count is shown again once the user
opens the home page, where signing in leads."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import HttpRequest

from polku.workday.worklist import NAV_COUNT_KEY


def work_count(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"work_due_now": cache.get(NAV_COUNT_KEY.format(user.pk))}
