"""The row type every deadline board shares: how many days are left, and so whether and how much it is
overdue. casework's time limits and registry's log extract requests both give rows of this kind."""

from __future__ import annotations


class CountsDown:
    """A row of the deadline board: how many days are left, and so whether and how much it is overdue."""

    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)
