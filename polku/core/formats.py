"""How Polku writes a day (4.12.2026, as Finnish and Swedish do: Django's "j.n.Y", in local time), a moment
(4.12.2026 9:05, "j.n.Y H:i") and a number with decimals (the page language's decimal mark, in tables and
charts alike)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone
from django.utils.formats import number_format


def day(value: Any) -> str:
    """The date, or the local date of an aware time; "" for anything else (as Django's `date` filter).

    The same text as `date_format(value, "j.n.Y")` at a tenth of its cost, which counts in a list of fifty
    rows that shows a hundred days."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
    elif not isinstance(value, date):
        return ""
    return f"{value.day}.{value.month}.{value.year:04d}"


def moment(value: Any) -> str:
    """The local date and time of an aware time (a naive one as it is), "" for anything else: the same text
    as `date_format(value, "j.n.Y H:i")` at a twentieth of its cost (a list of fifty rows spent a millisecond
    on it)."""
    if not isinstance(value, datetime):
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value.day}.{value.month}.{value.year:04d} {value.hour:02d}:{value.minute:02d}"


def fixed(value: float, places: int) -> str:
    """What `{{ value|floatformat:places }}` shows for a finite number and places >= 0 (half up, the
    page language's decimal mark), without the filter's general machinery, which costs some 10 µs."""
    rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return str(number_format(f"{rounded if rounded else abs(rounded):f}", places))


def euros(value: Any) -> str:
    """An amount of money with cents and the page language's separators, and the euro sign: "1 300,00 €"
    in Finnish and Swedish (a non-breaking space between the thousands and before the sign); "" for
    anything that is not a number."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        return ""
    amount = Decimal(value).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return f"{number_format(amount, 2, force_grouping=True)}\xa0€"
