"""Which one-time links can be sent to the client: each kind registers itself from its own models module
(`link_sendable`), so that messaging knows the models of the apps above it without importing them."""

from __future__ import annotations

from dataclasses import dataclass

from polku.clients.links import ClientLink


@dataclass(frozen=True)
class SendableLink:
    model: type[ClientLink]
    kind: str  # a MessageKind
    url_name: str  # the client's page of the link, reversed with the raw token
    argument: str  # the URL's argument that takes the token


_BY_URL_NAME: dict[str, SendableLink] = {}


def link_sendable(model: type[ClientLink], *, kind: str, url_name: str, argument: str = "token") -> None:
    _BY_URL_NAME[url_name] = SendableLink(model=model, kind=kind, url_name=url_name, argument=argument)


def sendable_by_url_name(url_name: str) -> SendableLink | None:
    return _BY_URL_NAME.get(url_name)


def sendable_of(model: type[ClientLink]) -> SendableLink | None:
    return next((sendable for sendable in _BY_URL_NAME.values() if sendable.model is model), None)
