"""The service team's targets for the year: the settings file `scorecard.toml` (a department edits it), read with
tomllib and checked, and the rules that hold a measured value against it — the straight trajectory from baseline to
target, and the status.

The file (see the repository's scorecard.toml, whose defaults are the department's planning documents):
- `[period]` `start`, `end`: the baselines' date and the targets' date;
- `[[phases]]` `start`, `end`, `name_zh`, `name_en`: the year's phases, in order, not overlapping;
- `[targets.KPI]` `target` (required), `baseline` (optional): per scorecard KPI (csat.kpis.SCORECARD_KPIS), in the
  KPI's unit (shares 0–1, NPS points, seconds, hours);
- `[[benchmarks]]` `kpi`, `value`, `source_zh`, `source_en`: external figures, shown as reference marks.
A mistake raises TargetsError naming the file, the line and the key, e.g.
"scorecard.toml, line 41: targets.nps.target must be a number, not 'sixty'".

The rules (the page states them):
- Trajectory: the straight line from the baseline at the period's start to the target at its end, read at the end
  of each month: month k of n (the months of the period, k from 1) expects baseline + (target − baseline) · k / n.
  Without a baseline the target holds from the start. Before the period there is no expectation; after it, the
  target.
- The year to date expects the mean of its months' expectations (the months within the period).
- Status: "met" when the value, as written, is at or beyond the target in the KPI's good direction; "on_track" when
  it is at or beyond the expectation; "behind" otherwise; "no_data" without a value; "no_target" without a target.
"""

import datetime as dt
import math
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from csat.kpis import DECIMALS, KPIS, SCORECARD_KPIS, Kpi
from queries.settings import REPOSITORY_ROOT

TARGETS_FILE = REPOSITORY_ROOT / "scorecard.toml"
# Another settings file (e.g. a department's own, outside the repository).
TARGETS_FILE_VARIABLE = "CSAT_SCORECARD_FILE"
STATUSES = ("met", "on_track", "behind", "no_data", "no_target")
# The range a target, baseline or benchmark may take, by the KPI's format.
_RANGES = {"share": (0.0, 1.0), "nps": (-100.0, 100.0), "seconds": (0.0, math.inf), "hours": (0.0, math.inf),
           "score": (0.0, 100.0), "count": (0.0, math.inf), "per_day": (0.0, math.inf)}
_SECTIONS = {"period", "phases", "targets", "benchmarks"}


class TargetsError(ValueError):
    """The settings file cannot be used: the message names the file, the line and the key."""


@dataclass(frozen=True)
class Phase:
    """A phase of the year: its dates and names."""

    start: dt.date
    end: dt.date
    name_zh: str
    name_en: str

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


@dataclass(frozen=True)
class Target:
    """A KPI's target for the period's end, and its baseline at the start (None: the target holds throughout)."""

    kpi: Kpi
    target: float
    baseline: float | None


@dataclass(frozen=True)
class Benchmark:
    """An external figure for a KPI, in the KPI's unit, and where it comes from."""

    kpi: Kpi
    value: float
    source_zh: str
    source_en: str

    def source(self, lang: str) -> str:
        return self.source_zh if lang == "zh" else self.source_en


@dataclass(frozen=True)
class Targets:
    """The settings file: the period, its phases, the targets by KPI name and the external figures by KPI name."""

    start: dt.date
    end: dt.date
    phases: tuple[Phase, ...]
    targets: dict[str, Target]
    benchmarks: dict[str, tuple[Benchmark, ...]]

    @property
    def months(self) -> int:
        """The period's months, counting the first and the last."""
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def month_number(self, month: dt.date) -> int:
        """Which month of the period `month` is (1 = the start's month; ≤ 0 before, > months after)."""
        return (month.year - self.start.year) * 12 + month.month - self.start.month + 1

    def expected(self, kpi: str, month: dt.date) -> float | None:
        """The trajectory's value at the end of `month` (None before the period or without a target)."""
        target = self.targets.get(kpi)
        k = self.month_number(month)
        if target is None or k < 1:
            return None
        if target.baseline is None:
            return target.target
        return target.baseline + (target.target - target.baseline) * min(k, self.months) / self.months

    def expected_to_date(self, kpi: str, month: dt.date) -> float | None:
        """The year to date's expectation: the mean of the trajectory over the year's months up to `month` that
        lie within the period (None when none does)."""
        values = [self.expected(kpi, dt.date(month.year, m, 1)) for m in range(1, month.month + 1)]
        values = [v for v in values if v is not None]
        return sum(values) / len(values) if values else None

    def phase(self, month: dt.date) -> Phase | None:
        """The phase the month's first day falls in, if any."""
        return next((p for p in self.phases if p.start <= month <= p.end), None)


def status(kpi: Kpi, value: float | None, expected: float | None, target: float | None) -> str:
    """The status of `value` (see the module's rules), comparing the values as the page writes them, so that a
    status never contradicts the figures beside it."""
    if target is None:
        return "no_target"
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "no_data"
    decimals = DECIMALS[kpi.format]  # a share's of the fraction: 0.85 is written 85%
    shown = round(float(value), decimals)

    def reached(level: float) -> bool:
        level = round(float(level), decimals)
        return shown >= level if kpi.higher_is_better else shown <= level

    if reached(target):
        return "met"
    if expected is not None and reached(expected):
        return "on_track"
    return "behind"


def targets_file() -> Path:
    """The settings file in use: CSAT_SCORECARD_FILE, else the repository's scorecard.toml."""
    return Path(os.environ.get(TARGETS_FILE_VARIABLE) or TARGETS_FILE)


def load(path: Path | None = None) -> Targets:
    """The settings file read and checked (TargetsError naming the line and key on a mistake)."""
    path = Path(path) if path is not None else targets_file()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise TargetsError(f"{path.name}: cannot be read ({error.strerror or error})") from None
    return parse(text, path.name)


def parse(text: str, name: str = "scorecard.toml") -> Targets:
    """The settings in `text` (the file `name`), checked."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TargetsError(f"{name}: not valid TOML: {error}") from None
    return _Checker(text, name).check(data)


class _Checker:
    """Checks the parsed file, naming the line of each mistake (found in the text: tomllib keeps no positions)."""

    def __init__(self, text: str, name: str) -> None:
        self.lines = text.splitlines()
        self.name = name

    def _line(self, section: str, key: str | None = None, index: int | None = None) -> int | None:
        """The line of `key` within the table `section` (the index-th of an array of tables), or of the table."""
        header = re.compile(r"^\s*\[\[\s*" + re.escape(section) + r"\s*\]\]" if index is not None
                            else r"^\s*\[\s*" + re.escape(section) + r"\s*\]")
        found, start = -1, None
        for number, line in enumerate(self.lines):
            if header.match(line):
                found += 1
                if index is None or found == index:
                    start = number
                    break
        if start is None:
            return None
        if key is None:
            return start + 1
        for number in range(start + 1, len(self.lines)):
            line = self.lines[number]
            if re.match(r"^\s*\[", line):
                break
            if re.match(r"^\s*" + re.escape(key) + r"\s*=", line):
                return number + 1
        for number, line in enumerate(self.lines):  # a table of its own: [section.key]
            if re.match(r"^\s*\[\s*" + re.escape(f"{section}.{key}") + r"\s*\]", line):
                return number + 1
        return start + 1

    def fail(self, message: str, section: str, key: str | None = None, index: int | None = None) -> None:
        line = self._line(section, key, index)
        where = f"{self.name}, line {line}" if line else self.name
        raise TargetsError(f"{where}: {message}")

    def _date(self, table: dict, section: str, key: str, index: int | None = None,
              label: str | None = None) -> dt.date:
        value = table.get(key)
        label = label or f"{section}.{key}"
        if value is None:
            self.fail(f"{label} is missing (a date, e.g. 2025-01-01)", section, None, index)
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            self.fail(f"{label} must be a date written YYYY-MM-DD, not {value!r}", section, key, index)
        return value

    def _number(self, table: dict, section: str, key: str, kpi: Kpi, label: str, index: int | None = None,
                required: bool = True) -> float | None:
        value = table.get(key)
        if value is None:
            if required:
                self.fail(f"{label} is missing (a number in the KPI's unit)", section, None, index)
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            self.fail(f"{label} must be a number, not {value!r}", section, key, index)
        low, high = _RANGES[kpi.format]
        if not low <= value <= high:
            unit = "a share from 0 to 1 (0.85 = 85%)" if kpi.format == "share" else f"from {low:g} to {high:g}"
            self.fail(f"{label} = {value!r} is out of range: {kpi.name} takes {unit}", section, key, index)
        return float(value)

    def _text(self, table: dict, section: str, key: str, label: str, index: int) -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{label} must be a text that is not empty", section, key if key in table else None, index)
        return value

    def _unknown(self, table: dict, known: set[str], section: str, label: str, index: int | None = None) -> None:
        for key in table:
            if key not in known:
                self.fail(f"{label} has no setting {key!r} (known: {', '.join(sorted(known))})", section, key, index)

    def _kpi(self, name: object, section: str, key: str | None, label: str, index: int | None = None) -> Kpi:
        known = {kpi.name for kpi in SCORECARD_KPIS}
        if name not in known:
            self.fail(f"{label}: {name!r} is not a scorecard KPI (known: {', '.join(sorted(known))})",
                      section, key, index)
        return KPIS[name]

    def check(self, data: dict) -> Targets:
        for key in data:
            if key not in _SECTIONS:
                line = next((n + 1 for n, text in enumerate(self.lines)
                             if re.match(r"^\s*\[*\s*" + re.escape(key) + r"\b", text)), None)
                where = f"{self.name}, line {line}" if line else self.name
                raise TargetsError(f"{where}: unknown section or key {key!r} "
                                   f"(known: {', '.join(sorted(_SECTIONS))})")
        period = data.get("period")
        if not isinstance(period, dict):
            raise TargetsError(f"{self.name}: the [period] table is missing (start and end dates)")
        self._unknown(period, {"start", "end"}, "period", "[period]")
        start = self._date(period, "period", "start")
        end = self._date(period, "period", "end")
        if end <= start:
            self.fail(f"period.end ({end}) must come after period.start ({start})", "period", "end")
        return Targets(start, end, self._phases(data.get("phases", []), start, end),
                       self._targets(data.get("targets", {})), self._benchmarks(data.get("benchmarks", [])))

    def _phases(self, phases: object, start: dt.date, end: dt.date) -> tuple[Phase, ...]:
        if not isinstance(phases, list):
            raise TargetsError(f"{self.name}: phases must be written as [[phases]] tables")
        result: list[Phase] = []
        for index, phase in enumerate(phases):
            label = f"phase {index + 1}"
            self._unknown(phase, {"start", "end", "name_zh", "name_en"}, "phases", label, index)
            begins = self._date(phase, "phases", "start", index, f"{label}: start")
            ends = self._date(phase, "phases", "end", index, f"{label}: end")
            if ends < begins:
                self.fail(f"{label}: end ({ends}) comes before start ({begins})", "phases", "end", index)
            if begins < start or ends > end:
                self.fail(f"{label} ({begins} – {ends}) lies outside the period ({start} – {end})",
                          "phases", "start", index)
            if result and begins <= result[-1].end:
                self.fail(f"{label} starts ({begins}) before phase {index} ends ({result[-1].end}): phases are "
                          "written in order and do not overlap", "phases", "start", index)
            result.append(Phase(begins, ends, self._text(phase, "phases", "name_zh", f"{label}: name_zh", index),
                                self._text(phase, "phases", "name_en", f"{label}: name_en", index)))
        return tuple(result)

    def _targets(self, targets: object) -> dict[str, Target]:
        if not isinstance(targets, dict):
            raise TargetsError(f"{self.name}: targets must be written as [targets.KPI] tables")
        result = {}
        for name, table in targets.items():
            section = f"targets.{name}"
            kpi = self._kpi(name, section, None, f"[{section}]")
            if not isinstance(table, dict):
                self.fail(f"{section} must be a table with target and baseline", section)
            self._unknown(table, {"target", "baseline"}, section, f"[{section}]")
            target = self._number(table, section, "target", kpi, f"{section}.target")
            baseline = self._number(table, section, "baseline", kpi, f"{section}.baseline", required=False)
            if baseline is not None and baseline == target:
                self.fail(f"{section}: the target equals the baseline ({target:g}): nothing to track",
                          section, "target")
            result[name] = Target(kpi, target, baseline)
        return result

    def _benchmarks(self, benchmarks: object) -> dict[str, tuple[Benchmark, ...]]:
        if not isinstance(benchmarks, list):
            raise TargetsError(f"{self.name}: benchmarks must be written as [[benchmarks]] tables")
        result: dict[str, tuple[Benchmark, ...]] = {}
        for index, table in enumerate(benchmarks):
            label = f"benchmark {index + 1}"
            self._unknown(table, {"kpi", "value", "source_zh", "source_en"}, "benchmarks", label, index)
            kpi = self._kpi(table.get("kpi"), "benchmarks", "kpi", f"{label}: kpi", index)
            value = self._number(table, "benchmarks", "value", kpi, f"{label}: value", index)
            benchmark = Benchmark(kpi, value,
                                  self._text(table, "benchmarks", "source_zh", f"{label}: source_zh", index),
                                  self._text(table, "benchmarks", "source_en", f"{label}: source_en", index))
            result[kpi.name] = (*result.get(kpi.name, ()), benchmark)
        return result
