"""The refusal pages (403, 404): one template, error.html, with the status's title and text."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ERROR_PAGES: dict[int, tuple[Promise, Promise]] = {
    403: (
        _("No access"),
        _("Your role does not allow this. If you need it for your work, ask your team manager."),
    ),
    404: (
        _("Not found"),
        _("The page or record does not exist, or you have no access to it in your work."),
    ),
}


def error_page(request: HttpRequest, status: int) -> HttpResponse:
    title, text = ERROR_PAGES[status]
    return render(request, "error.html", {"title": title, "text": text}, status=status)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler403 (config/urls.py)."""
    return error_page(request, 403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404 (config/urls.py)."""
    return error_page(request, 404)
