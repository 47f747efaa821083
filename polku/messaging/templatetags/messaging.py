"""{% send_link_buttons client url %}: the one-click buttons that send a new one-time link to the client;
{% client_messages client %}: the messages the worker sent to the client, failures first."""

from __future__ import annotations

from typing import Any

from django import template

from polku.clients.models import Client
from polku.messaging.forms import SendLinkForm
from polku.messaging.selectors import messages_to_client

register = template.Library()


@register.inclusion_tag("messaging/_send_link.html", takes_context=True)
def send_link_buttons(context: template.Context, client: Client, link: Any, again: str) -> dict[str, Any]:
    url = link.get("url", "") if isinstance(link, dict) else str(link)
    expires = link.get("expires", "") if isinstance(link, dict) else ""
    request = context["request"]
    return {
        "client": client,
        "url": url,
        "expires": expires,
        "again": again,
        "next": request.get_full_path(),
        "has_email": bool(client.email.strip()),
        "has_phone": bool(client.phone.strip()),
        "form": SendLinkForm(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("messaging/_client_messages.html", takes_context=True)
def client_messages(context: template.Context, client: Client) -> dict[str, Any]:
    request = context["request"]
    return {"sent_messages": list(messages_to_client(user=request.user, client=client)[:10])}
