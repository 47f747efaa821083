"""What the worker sees of the messages they sent."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from polku.accounts.models import User
from polku.clients.models import Client

from .models import Message, MessageStatus


def messages_to_client(*, user: User, client: Client) -> QuerySet[Message]:
    """The messages `user` sent to `client`, newest first."""
    return Message.objects.filter(client=client, sent_by=user)


def failed_messages_for(user: User) -> QuerySet[Message]:
    """The messages `user` sent that are given up or still waiting after a failed attempt: the worker
    must know, and send them again or reach the client otherwise."""
    return (
        Message.objects.filter(sent_by=user)
        .filter(Q(status=MessageStatus.FAILED) | Q(status=MessageStatus.QUEUED, attempts__gt=0))
        .select_related("client")
    )
