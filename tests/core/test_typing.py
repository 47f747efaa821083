"""Code says who acts: an `actor`, `user` or `worker` parameter is a User (or the precise union with the
client acting through a link, or AnonymousUser before sign-in), never Any, so that mypy checks its use."""

from __future__ import annotations

import re
from pathlib import Path

import polku

ROOT = Path(polku.__file__).resolve().parent
UNTYPED = re.compile(r"\b(actor|user|worker)\s*:\s*(typing\.)?Any\b")


def sources() -> list[Path]:
    return sorted(path for path in ROOT.rglob("*.py") if "migrations" not in path.parts)


def test_no_actor_or_user_parameter_is_typed_any() -> None:
    assert any(path.name == "services.py" for path in sources())
    found = [
        f"{path.relative_to(ROOT.parent)}:{number}: {line.strip()}"
        for path in sources()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if UNTYPED.search(line)
    ]
    assert found == []
