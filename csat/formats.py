"""How dates, plain numbers and missing values are written wherever a reader sees them, in both languages: ISO
days (2025-03-14), months (2025-03) and times to the minute; numbers never as "nan" or "−0.0" (`number`) and
changes with a sign only when they are not zero as written (`signed`); one mark for "no value"."""

import pandas as pd

MISSING = "–"


def is_missing(value: object) -> bool:
    """None, NaN, pd.NA and NaT alike: query results carry any of them for "no value"."""
    return value is None or bool(pd.isna(value))


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


def is_zero_text(text: str) -> bool:
    """Whether a written number (with any unit) reads as zero: "0.0", "0 pp", "0.0 h"."""
    return not any(digit in text for digit in "123456789")


def number(value: object, spec: str = ".1f", missing: str = MISSING) -> str:
    """A number in the format `spec` ("–" for none): −0.04 at one decimal is "0.0", never "-0.0"."""
    if is_missing(value):
        return missing
    text = format(value, spec)
    return format(0, spec) if is_zero_text(text) else text


def signed(value: object, spec: str = ".1f", missing: str = MISSING) -> str:
    """A change with its sign ("+1.2", "-0.4"); a change that is zero as written has none ("0.0", not "+0.0")."""
    if is_missing(value):
        return missing
    text = format(value, "+" + spec)
    return format(0, spec) if is_zero_text(text) else text
