"""Secrets for a developer's or a demo machine, generated once into var/ and kept there.

Production never uses this file: with POLKU_PRODUCTION=1 every secret comes from the environment.
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
from pathlib import Path

from cryptography.fernet import Fernet


def load_or_create_local_secrets(var_dir: Path) -> dict[str, str]:
    path = var_dir / "secrets.json"
    if path.exists():
        data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
        return data
    var_dir.mkdir(parents=True, exist_ok=True)
    data = {
        "secret_key": secrets.token_urlsafe(50),
        "field_key": Fernet.generate_key().decode("ascii"),
        "search_key": secrets.token_urlsafe(32),
    }
    # Written to a private temporary file and linked into place: the link fails if another process won
    # the race, and nobody ever reads a half-written file.
    fd, tmp = tempfile.mkstemp(dir=var_dir, prefix=".secrets-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
        try:
            os.link(tmp, path)
        except FileExistsError:
            return load_or_create_local_secrets(var_dir)
    finally:
        os.unlink(tmp)
    return data
