from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from polku.segments.quadrants import Quadrant
from polku.segments.services import REASON_MAX


class ReviewForm(forms.Form):
    quadrant = forms.ChoiceField(label=_("Segment"), choices=Quadrant.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you move the client to another segment than the rule's."),
    )

    def __init__(self, *args: Any, initial_quadrant: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["quadrant"].initial = initial_quadrant
