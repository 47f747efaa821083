"""SMS adapters: how Polku hands a text message to a gateway.

`settings.POLKU_SMS_BACKEND` names the adapter class (default `polku.messaging.sms.ConsoleSms`).
An adapter is a class with `send(to, text)` that returns when the gateway took the message and raises
(`SmsError` or any exception) when it did not; the outbox (polku.messaging.services) then retries.

- `ConsoleSms` writes the message to standard output and the log, like Django's console e-mail backend;
  for development and the demo.
- `HttpSms` POSTs JSON ``{"to": ..., "from": ..., "text": ...}`` to `settings.POLKU_SMS_URL` with the
  header ``Authorization: Bearer <POLKU_SMS_TOKEN>``; the sender is `settings.POLKU_SMS_SENDER`.
  Any 2xx answer is success; anything else, a timeout (10 s) or a network error raises `SmsError`.
  A gateway with another API gets an adapter of its own with the same `send`.
"""

from __future__ import annotations

import json
import logging
import sys
import urllib.error
import urllib.request

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsError(Exception):
    """The gateway did not take the message."""


class SmsBackend:
    def send(self, to: str, text: str) -> None:
        raise NotImplementedError


class ConsoleSms(SmsBackend):
    def send(self, to: str, text: str) -> None:
        sys.stdout.write(f"SMS to {to}:\n{text}\n{'-' * 40}\n")
        sys.stdout.flush()
        logger.info("SMS to %s written to the console", to)


class HttpSms(SmsBackend):
    TIMEOUT = 10.0

    def __init__(self, url: str | None = None, token: str | None = None, sender: str | None = None) -> None:
        self.url = url if url is not None else settings.POLKU_SMS_URL
        self.token = token if token is not None else settings.POLKU_SMS_TOKEN
        self.sender = sender if sender is not None else settings.POLKU_SMS_SENDER

    def send(self, to: str, text: str) -> None:
        if not self.url.startswith(("https://", "http://")):
            raise SmsError("POLKU_SMS_URL is not set to an http(s) address.")
        data = json.dumps({"to": to, "from": self.sender, "text": text}).encode("utf-8")
        request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
            self.url,
            data=data,
            method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.TIMEOUT) as answer:  # noqa: S310
                status = answer.status
        except urllib.error.HTTPError as exc:
            raise SmsError(f"The SMS gateway answered {exc.code}.") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SmsError(f"The SMS gateway could not be reached: {exc}") from exc
        if not 200 <= status < 300:
            raise SmsError(f"The SMS gateway answered {status}.")


def sms_backend() -> SmsBackend:
    backend: SmsBackend = import_string(settings.POLKU_SMS_BACKEND)()
    return backend
