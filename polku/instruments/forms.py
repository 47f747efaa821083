"""Forms of the instrument pages: one page of items at a time, each item a group of radio buttons."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from polku.instruments.definitions import Instrument, Item, instruments


def is_numeric(item: Item) -> bool:
    """A numeric scale labels only its ends: its buttons show the numbers."""
    return any(not option.label.by_language for option in item.scale.options)


def _choices(item: Item) -> list[tuple[str, str]]:
    if not is_numeric(item):
        return [(str(o.value), str(o.label)) for o in item.scale.options]
    return [
        (str(o.value), f"{o.value} – {o.label}" if o.label.by_language else str(o.value))
        for o in item.scale.options
    ]


class PageForm(forms.Form):
    """The items of one page. Answers are optional: a client may skip a question."""

    def __init__(self, *args: Any, instrument: Instrument, page: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        for item_id in instrument.pages[page].items:
            item = instrument.items[item_id]
            self.fields[item_id] = forms.ChoiceField(
                label=str(item.text), choices=_choices(item), required=False, widget=forms.RadioSelect
            )
            self.fields[item_id].numeric = is_numeric(item)  # type: ignore[attr-defined]

    def answers(self) -> dict[str, int]:
        return {name: int(value) for name, value in self.cleaned_data.items() if value not in ("", None)}


def client_instrument_choices() -> list[tuple[str, str]]:
    return [(i.code, str(i.title)) for i in instruments() if i.respondent == "client"]


class StartForm(forms.Form):
    instrument = forms.ChoiceField(label=_("Instrument"), choices=client_instrument_choices)
