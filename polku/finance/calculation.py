"""The calculation of social assistance (laki toimeentulotuesta 1412/1997 7-11 §): recognised expenses
(the basic amount of each person counted, and the other and special expenses) minus available income and
assets, for a period. Pure: no database. Being written by the lead; the interface is fixed:

    calculate(*, period_start, period_end, persons: Sequence[Person], lines: Sequence[Line]) -> Result
"""
