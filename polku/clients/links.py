"""The client's one-time links (kertakäyttölinkki): one mechanism for every kind.

A worker sends the client a link; the client opens it without an account. Three kinds use it: the reading
link of the client plan (plans.PlanReadLink), the answer link of a self-assessment
(instruments.ResponseLink) and the link of the client's pre-assessment (casework.PreAssessment). Each is a
model on the abstract `ClientLink`, so that there is one place for:

- the token: only its hash is stored; the raw token is in the link the client gets, shown once;
- the lifetime: `settings.POLKU_CLIENT_LINK_DAYS` (default 14 days) from sending;
- the state (`ClientLink.state`): revoked, used, expired or open, in that order; only an open link opens;
- the browser binding, for the kinds that use it (`BINDS_BROWSER`): the first browser to open the link is
  bound to it by one conditional UPDATE (... WHERE browser_hash = '' AND opened_at IS NULL), so of two
  browsers opening it at the same moment exactly one is bound; any other is refused (OtherBrowserError).
  Only the hash of the browser's secret is kept; the browser keeps the secret (a cookie);
- the single opening, for the kinds that read once (`OPENS_ONCE`): the first open uses the link up by one
  conditional UPDATE (... WHERE opened_at IS NULL AND used_at IS NULL AND revoked_at IS NULL), so of two
  opens, even at the same moment or a reload in the same browser, exactly one shows what the link leads to;
- the use log: the client acts through the link as `ClientLinkActor` (polku.audit.services), and every
  read or write through a link is logged by `link_log`.

The URLs of every kind are under one prefix, /l/<kind>/<token>/ (config/urls.py).
"""

from __future__ import annotations

import enum
import secrets
from datetime import datetime, timedelta
from typing import Any, ClassVar, TypeVar
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from polku.accounts.models import User, hash_token
from polku.audit.services import ClientLinkActor, use_log_write


class LinkState(enum.StrEnum):
    OPEN = "open"
    USED = "used"
    EXPIRED = "expired"
    REVOKED = "revoked"


class ClientLink(models.Model):
    """What every one-time link has. A concrete link adds what it leads to and says `link_client_id`."""

    # Refuse a second browser (True), or let any browser with the link open it (False).
    BINDS_BROWSER: ClassVar[bool] = False
    # Used up by its first open (True): no second open, not even a reload in the same browser.
    OPENS_ONCE: ClassVar[bool] = False
    # The refusal of a link that is not open (or unknown): the same words for every reason, so that the
    # page tells nobody whether a token exists.
    CLOSED_MESSAGE: ClassVar[Promise] = gettext_lazy(
        "This link has been used or has expired. Ask your worker for a new one."
    )

    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("sent by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(gettext_lazy("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(gettext_lazy("expires at"))
    opened_at = models.DateTimeField(gettext_lazy("first opened at"), null=True, blank=True)
    used_at = models.DateTimeField(gettext_lazy("used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(gettext_lazy("revoked at"), null=True, blank=True)
    browser_hash = models.CharField(max_length=64, blank=True, editable=False)
    # The language the client's page was last shown in (polku.clients.languages), for the worker to see.
    language = models.CharField(gettext_lazy("language used"), max_length=12, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def link_client_id(self) -> UUID:
        """The client the link is for: its reads and writes are logged as theirs."""
        raise NotImplementedError

    def target_done(self) -> bool:
        """Whether what the link leads to is finished some other way (the link is then used up too)."""
        return False

    @property
    def state(self) -> LinkState:
        """The one rule: revoked, used (once), expired, or open."""
        if self.revoked_at is not None:
            return LinkState.REVOKED
        if self.used_at is not None or self.target_done():
            return LinkState.USED
        if self.expires_at <= timezone.now():
            return LinkState.EXPIRED
        return LinkState.OPEN

    @property
    def is_open(self) -> bool:
        return self.state is LinkState.OPEN

    @property
    def actor(self) -> ClientLinkActor:
        """The client, acting through this link, as the use log names them."""
        return ClientLinkActor(self.pk)


L = TypeVar("L", bound=ClientLink)


class OtherBrowserError(PermissionDenied):
    """The link was first opened in another browser: this one sees nothing and changes nothing."""


def _other_browser() -> OtherBrowserError:
    return OtherBrowserError(
        _(
            "This link was first opened on another device or browser. Open it on the device where you "
            "started answering, or ask your worker for a new link."
        )
    )


def link_closed(model: type[ClientLink]) -> ValidationError:
    """The refusal of a link of `model` that is used, expired, revoked or unknown."""
    return ValidationError(str(model.CLOSED_MESSAGE), code="link")


def link_expiry() -> datetime:
    return timezone.now() + timedelta(days=settings.POLKU_CLIENT_LINK_DAYS)


def link_create(model: type[L], *, created_by: User, **fields: Any) -> tuple[L, str]:
    """A new link of `model` (with its own `fields`); returns it with the raw token (shown once)."""
    token = secrets.token_urlsafe(32)
    link = model._default_manager.create(
        token_hash=hash_token(token), created_by=created_by, expires_at=link_expiry(), **fields
    )
    return link, token


def link_find(links: QuerySet[L], token: str) -> L:
    """The open link of a raw token among `links`; a used, expired, revoked or unknown link is refused
    alike (ValidationError, code "link")."""
    link = links.filter(token_hash=hash_token(token)).first()
    if link is None or not link.is_open:
        raise link_closed(links.model)
    return link


def link_require_bound(link: ClientLink, browser_secret: str) -> None:
    """Refuse (OtherBrowserError) a browser whose secret is not the one the link is bound to."""
    if not (
        browser_secret
        and link.browser_hash
        and secrets.compare_digest(link.browser_hash, hash_token(browser_secret))
    ):
        raise _other_browser()


def link_claim(links: QuerySet[L], token: str, *, browser_secret: str = "") -> tuple[L, str]:
    """The client opens the link of a raw token: returns the open link and, when this open bound the
    browser to it with a new secret, that secret for the browser to keep ("" otherwise).

    The first open is recorded (opened_at). A kind that opens once is used up by it (used_at), and an
    open that finds it opened a moment ago is refused (ValidationError, code "link"), as is a link of the
    kind opened and not used up (as plan links were kept while they were bound to a browser). A kind that
    binds the browser binds the first one, to its `browser_secret` if it has one, else to a new secret,
    and refuses any other (OtherBrowserError); a link opened before browsers were bound (opened, bound to
    none) is refused to every browser. Run it in the caller's transaction, with the use-log row of what
    the client sees (`link_log`).
    """
    link = link_find(links, token)
    model = type(link)
    now = timezone.now()
    new_secret = ""
    if model.OPENS_ONCE:
        opened = model._default_manager.filter(
            pk=link.pk, opened_at__isnull=True, used_at__isnull=True, revoked_at__isnull=True
        ).update(opened_at=now, used_at=now)
        if opened != 1:  # opened by another request a moment ago
            raise link_closed(model)
        link.opened_at = link.used_at = now
    elif model.BINDS_BROWSER:
        if not link.browser_hash:
            secret = browser_secret or secrets.token_urlsafe(32)
            bound = model._default_manager.filter(pk=link.pk, browser_hash="", opened_at__isnull=True).update(
                browser_hash=hash_token(secret), opened_at=now
            )
            if bound != 1:  # opened before, or by another browser a moment ago
                raise _other_browser()
            link.browser_hash, link.opened_at = hash_token(secret), now
            new_secret = "" if browser_secret else secret
            browser_secret = secret
        link_require_bound(link, browser_secret)
    elif link.opened_at is None:
        model._default_manager.filter(pk=link.pk, opened_at__isnull=True).update(opened_at=now)
        link.opened_at = now
    return link, new_secret


def link_use(link: ClientLink, **fields: Any) -> None:
    """Use the link up, writing `fields` of its row with it; refused when it was used (or revoked) a moment
    ago, by one conditional UPDATE."""
    now = timezone.now()
    used = (
        type(link)
        ._default_manager.filter(pk=link.pk, used_at__isnull=True, revoked_at__isnull=True)
        .update(used_at=now, **fields)
    )
    if not used:
        raise link_closed(type(link))
    link.used_at = now


def link_log(link: ClientLink, *, view: str, object_type: str, object_id: str, action: str) -> None:
    """The use-log row of what the client read or wrote through the link."""
    use_log_write(
        actor=link.actor,
        client_ids=[link.link_client_id],
        view=view,
        object_type=object_type,
        object_id=object_id,
        action=action,
    )
