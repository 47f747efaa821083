"""What the navigation offers each role (pages still check access themselves)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from polku.accounts.models import CLIENT_WORK_ROLES, Role


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    role = getattr(user, "role", "") if user is not None and user.is_authenticated else ""
    casework = role in CLIENT_WORK_ROLES or role == Role.TEAM_MANAGER
    return {
        "nav": {
            "clients": casework,
            "queue": casework,
            "caseload": casework,
            "deadlines": casework,
            "services": casework or role == Role.PROVIDER_WORKER,
            "reports": role in (Role.TEAM_MANAGER, Role.ANALYST),
        }
    }
