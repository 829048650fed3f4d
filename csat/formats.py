"""How dates and missing values are written wherever a reader sees them, in both languages: ISO days
(2025-03-14), months (2025-03) and times to the minute, and one mark for "no value"."""

import pandas as pd

from csat.kpis import is_missing

MISSING = "–"


def _written(value: object, pattern: str, missing: str) -> str:
    return missing if is_missing(value) else pd.Timestamp(value).strftime(pattern)


def day(value: object, missing: str = MISSING) -> str:
    """A date as 2025-03-14; `missing` where there is none."""
    return _written(value, "%Y-%m-%d", missing)


def month(value: object, missing: str = MISSING) -> str:
    """A month (any date in it) as 2025-03."""
    return _written(value, "%Y-%m", missing)


def moment(value: object, missing: str = MISSING) -> str:
    """A time to the minute, 2025-03-14 09:30."""
    return _written(value, "%Y-%m-%d %H:%M", missing)


def short_moment(value: object, missing: str = MISSING) -> str:
    """A time within the shown month, 03-14 09:30."""
    return _written(value, "%m-%d %H:%M", missing)
