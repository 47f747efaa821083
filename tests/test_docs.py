"""The documentation in docs/ describes this repository: the layer order it gives is the one the import
contracts check, and every file or folder it names exists."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted((ROOT / "docs").glob("*.md"))
# A path named in backquotes: `polku/core/weekdays.py`, `tests/audit/`, `config/settings.py`, ...
NAMED_PATH = re.compile(r"`((?:polku|tests|config|docs|locale|\.ci)/[^`\s]*)`")


def _layers_in_pyproject() -> list[str]:
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    (layers,) = [c for c in contracts if c["type"] == "layers" and c.get("containers") == ["polku"]]
    return [" | ".join(part.strip() for part in line.split("|")) for line in layers["layers"]]


def _layers_in_architecture() -> list[str]:
    text = (ROOT / "docs" / "architecture.md").read_text()
    section = text.split("## The layer order", 1)[1]
    block = section.split("```", 2)[1]
    return [
        " | ".join(part.strip().removeprefix("polku.") for part in line.split("|"))
        for line in block.splitlines()
        if line.strip()
    ]


def test_the_layer_order_in_architecture_md_is_the_one_make_lint_checks() -> None:
    assert _layers_in_architecture() == _layers_in_pyproject()


@pytest.mark.parametrize("doc", DOCS, ids=lambda doc: doc.name)
def test_every_path_a_document_names_exists(doc: Path) -> None:
    text = re.sub(r"```.*?```", "", doc.read_text(), flags=re.S)
    missing = []
    for name in NAMED_PATH.findall(text):
        if "<" in name or "{" in name:  # a pattern such as tests/<app>/ or locale/{fi,sv,en}/
            continue
        found = list(ROOT.glob(name.rstrip("/"))) if "*" in name else [ROOT / name]
        if not any(path.exists() for path in found):
            missing.append(name)
    assert not missing, f"{doc.name} names paths that do not exist: {missing}"
