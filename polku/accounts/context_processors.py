"""What the header offers: the main navigation for the user's role (pages still check access themselves) and
the language switcher. Built here once per request, in a few loops, because every page draws the header:
it cost more than the whole of a bare Django page when the template reversed each link and resolved each
condition itself."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import CLIENT_WORK_ROLES, Role

CASEWORK = frozenset({*CLIENT_WORK_ROLES, Role.TEAM_MANAGER})
REPORTS = frozenset({Role.TEAM_MANAGER, Role.ANALYST})
# Everyone signed in but the systems of other authorities, which use the API.
PEOPLE = frozenset(Role.values) - {Role.AUTHORITY_INTEGRATION}


@dataclass(frozen=True)
class NavItem:
    """A link of the main navigation: to `url_name`, shown to `roles` (None: everyone signed in), current on
    the view `current` names, or on every view of its namespace when it ends with ':'."""

    url_name: str
    label: Promise
    roles: frozenset[str] | None
    current: str


NAVIGATION = (
    NavItem("workday:home", _("Home"), None, "workday:home"),
    NavItem("clients:search", _("Clients"), CASEWORK, "clients:"),
    NavItem("casework:queue", _("Team queue"), CASEWORK, "casework:queue"),
    NavItem("casework:caseload", _("Caseload"), CASEWORK, "casework:caseload"),
    NavItem("services:home", _("Services"), CASEWORK | {Role.PROVIDER_WORKER}, "services:"),
    NavItem("appointments:week", _("Calendar"), CASEWORK, "appointments:"),
    NavItem("casework:deadlines", _("Deadlines"), CASEWORK, "casework:deadlines"),
    NavItem("consultation:list", _("Consultations"), CASEWORK, "consultation:"),
    NavItem("structural:reports", _("Structural work"), PEOPLE, "structural:"),
    NavItem("reporting:monitoring_dashboard", _("Monitoring"), REPORTS, "reporting:monitoring_dashboard"),
    NavItem("reporting:effectiveness", _("Effectiveness"), REPORTS, "reporting:effectiveness"),
)


# The header's other links: the logo, the language switcher and signing out.
SITE_URLS = {"home": "workday:home", "set_language": "set_language", "logout": "accounts:logout"}


@dataclass(frozen=True)
class Link:
    url: str
    label: str
    current: bool


@cache
def _url(name: str) -> str:
    return reverse(name)


@cache
def _language_names() -> tuple[tuple[str, str], ...]:
    """Each language in its own name ("Suomi", "Svenska", "English"), as the switcher's buttons say."""
    return tuple(
        (code, capfirst(get_language_info(code)["name_local"])) for code, _name in settings.LANGUAGES
    )


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    role = getattr(user, "role", "") if signed_in else ""
    match = getattr(request, "resolver_match", None)
    view = match.view_name if match is not None else ""
    links = [
        Link(
            _url(item.url_name),
            str(item.label),
            view.startswith(item.current) if item.current.endswith(":") else view == item.current,
        )
        for item in NAVIGATION
        if signed_in and (item.roles is None or role in item.roles)
    ]
    language = get_language()
    return {
        "site_urls": {key: _url(name) for key, name in SITE_URLS.items()},
        "nav_links": links,
        "language_buttons": [(code, name, code == language) for code, name in _language_names()],
    }
