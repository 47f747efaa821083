"""`esc(value)`: a value as HTML text, for the rows that long lists write in Python (the templatetags of
casework's lists, the name search and the figure tables).

The same text as Django's `conditional_escape` (what `{{ value }}` writes): a value that is already markup
(`__html__`, a SafeString) as it is, anything else through `html.escape`. Django's function passes each call
through its lazy-text wrapper first, which made it four times as slow; a page of fifty queue rows called it
some 850 times."""

from __future__ import annotations

import html
from typing import Any


def esc(value: Any) -> str:
    as_html = getattr(value, "__html__", None)
    return as_html() if as_html is not None else html.escape(str(value))
