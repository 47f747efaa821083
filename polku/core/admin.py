"""Admin edits that never overwrite each other: the change form carries the version it was read at, and a
save based on an older one is refused with a message instead of silently replacing someone else's change."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin, messages
from django.db import models
from django.db.models import F
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from polku.core.forms import posted_version
from polku.core.models import StaleEditError

VERSION_FIELD = "_version"


class VersionedAdminMixin:
    """For ModelAdmins of models that carry a version (BaseModel or Versioned).

    The version travels in a hidden input that the change form template adds; `save_model` claims it with
    one UPDATE ... WHERE version = expected, so of two administrators saving the same reading one wins.
    List-editable changelists are not used with it: their rows could not carry a version.
    """

    change_form_template: ClassVar[Any] = "admin/polku/versioned_change_form.html"
    exclude: Any = ("created_by", "updated_by", "version")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            expected = posted_version(request, VERSION_FIELD)
            model: type[models.Model] = type(obj)
            bump: dict[str, Any] = {"version": F("version") + 1}
            if any(f.name == "updated_by" for f in model._meta.fields):
                bump["updated_by"] = request.user
            if not model._default_manager.filter(pk=obj.pk, version=expected).update(**bump):
                raise StaleEditError()
            obj.version = expected + 1
            if "updated_by" in bump:
                obj.updated_by = request.user
        elif hasattr(obj, "created_by_id") and obj.created_by_id is None:
            obj.created_by = request.user
            obj.updated_by = request.user
        super().save_model(request, obj, form, change)  # type: ignore[misc]

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc,no-any-return]
        except StaleEditError as exc:
            # The whole save was rolled back; show the record as it now is, with the reason.
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(request.get_full_path())


class VersionedAdmin(VersionedAdminMixin, admin.ModelAdmin[Any]):
    pass
