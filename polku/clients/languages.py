"""The languages of the client's own pages (the one-time links): Finnish, Swedish, English, Northern Sámi
(`se`) and plain Finnish (selkosuomi, `fi-selko`), settings.POLKU_CLIENT_LANGUAGES.

Staff pages stay in settings.LANGUAGES; only the link pages speak the client languages. A link page is in:

1. the language the client chose on the page (`?kieli=se`), kept in a cookie for the link pages;
2. else the client's recorded language, when it is one of these (a Sámi client gets Sámi);
3. else the browser's (LocaleMiddleware's choice among the staff languages).

The language used is recorded on the link (`ClientLink.language`), so that the worker sees which language
the client answered in. A text missing from the Sámi or the plain-Finnish catalogue is shown in Finnish
(Django falls back to LANGUAGE_CODE; Python's gettext reads `fi` under `fi_Selko`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.http import HttpRequest, HttpResponse
from django.utils import translation

if TYPE_CHECKING:
    from polku.clients.links import ClientLink

QUERY = "kieli"
COOKIE = "polku_client_language"
COOKIE_PATH = "/l/"

# Django knows neither: their names for the language switcher and get_language_info.
EXTRA_LANG_INFO = {
    "se": {"bidi": False, "code": "se", "name": "Northern Sámi", "name_local": "davvisámegiella"},
    "fi-selko": {"bidi": False, "code": "fi-selko", "name": "Plain Finnish", "name_local": "selkosuomi"},
}


def register_language_info() -> None:
    for code, info in EXTRA_LANG_INFO.items():
        LANG_INFO.setdefault(code, info)


def client_languages() -> list[str]:
    return list(settings.POLKU_CLIENT_LANGUAGES)


def chosen(request: HttpRequest, recorded: str = "") -> str:
    """The language of a link page for this request (see the module's description)."""
    codes = client_languages()
    asked = request.GET.get(QUERY, "")
    if asked in codes:
        return asked
    kept = request.COOKIES.get(COOKIE, "")
    if kept in codes:
        return kept
    if recorded in codes and recorded != settings.LANGUAGE_CODE:
        return recorded
    current = translation.get_language() or settings.LANGUAGE_CODE
    return current if current in codes else settings.LANGUAGE_CODE


def language_name(code: str) -> str:
    """The language's own name, e.g. "davvisámegiella"; "" for none."""
    if not code:
        return ""
    try:
        return str(translation.get_language_info(code)["name_local"])
    except KeyError:
        return code


@contextmanager
def speaking(request: HttpRequest, link: ClientLink | None = None) -> Iterator[str]:
    """Render a link page in the client's language; record it on the link."""
    recorded = ""
    if link is not None:
        from polku.clients.models import Client

        recorded = (
            Client.objects.filter(pk=link.link_client_id).values_list("language", flat=True).first() or ""
        )
    code = chosen(request, recorded)
    if link is not None and link.language != code:
        type(link)._default_manager.filter(pk=link.pk).update(language=code)
        link.language = code
    with translation.override(code):
        request.LANGUAGE_CODE = code
        yield code


def remember(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Keep the language the client chose on a link page for the next link pages."""
    asked = request.GET.get(QUERY, "")
    if asked in client_languages():
        response.set_cookie(COOKIE, asked, max_age=365 * 24 * 3600, path=COOKIE_PATH, samesite="Lax")
    return response
