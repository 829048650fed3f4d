"""The catalogue of questions: each `queries/NAME.sql` file's header, read once — what it answers, its parameters,
who may see its answer, and which of its answers the store keeps for every month.

A question's header (see queries/runner.py for how questions are run):

    -- NAME: what it answers
    -- access: open | cities                     (queries/access.py)
    -- param month: month — …                    (one line per parameter: name, kind, optional default, help)
    -- kept answer: for every month              (optional, repeatable: see below)
    -- kept answer: chosen cities read their rows (optional: see below)
    -- kept answer: reads the month after        (optional: see below)
    -- chosen cities pooled: the month only       (optional: see below)

`-- kept answer: for every month[, NAME = VALUE]…` says that the store keeps the question's whole answer for every
month of the data, asked with its other parameters at their defaults or at the values named on the line
(`early_warning`: `-- kept answer: for every month, warned_only = 1`). These are the questions a page asks with no
more than the month when it opens — the nation, every city, the whole plan: their answers depend on the export
version and the month alone, so they are worked out when the store is built (queries/kept_answers.py) and a page
reads them back instead of planning and running the question again. Asked with any other value, a question is
answered live.

`-- kept answer: chosen cities read their rows` says that the question asked for chosen cities (its `cities`
parameter) is, row for row and in the same order, its answer for every city (empty `cities`) cut to the rows of the
nation (city_code NULL) and of the chosen cities: each row is one city's own, and nothing in it depends on which
others are chosen (no pooled total, no numbering, no rank among the chosen). Such a question's kept answers answer
every choice of cities too. tests/test_kept_answers.py asks each of them live for several choices and compares.

`-- kept answer: reads the month after` says that a month's answer reads the month after it too (early_warning: the
next month's measured index beside the projection), so a change to a month works out the month before again. A kept
question reads no later month than that; without the line, none after its own.

`-- chosen cities pooled: the month only` says that the question reads the pooled figures of its chosen cities
(`cities`: kpi_monthly, kpi_values) for its month alone: the query layer then pools that month only (kpi_pooled's
only_month) — a tenth of the work of pooling every month, for the causes page's diagnosis and benchmarks. Such a
question reads no month-over-month change of the selection (kpi_monthly_changes needs the month before).
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd

from queries.access import ACCESS_KINDS, CITY_PARAMETER_KINDS

QUERY_DIRECTORY = Path(__file__).resolve().parent
PARAMETER_KINDS = ("month", "cities", "city", "names", "int", "text")

_HEADER = re.compile(r"^--\s*(?P<name>\w+):\s*(?P<summary>.+)$")
_ACCESS = re.compile(r"^--\s*access:\s*(?P<kind>\w+)\s*$")
_PARAMETER = re.compile(
    r"^--\s*param\s+(?P<name>\w+):\s*(?P<kind>\w+)(?:\s*=\s*(?P<default>\S+))?\s*(?:—\s*(?P<help>.*))?$")
_KEPT_ANSWER = re.compile(r"^--\s*kept answer:\s*for every month(?P<given>(?:\s*,\s*\w+\s*=\s*[^,\s]+)*)\s*$")
_GIVEN_VALUE = re.compile(r"(\w+)\s*=\s*([^,\s]+)")
_KEPT_FOR_CHOSEN_CITIES = re.compile(r"^--\s*kept answer:\s*chosen cities read their rows\s*$")
_KEPT_READS_MONTH_AFTER = re.compile(r"^--\s*kept answer:\s*reads the month after\s*$")
_POOLS_MONTH_ONLY = re.compile(r"^--\s*chosen cities pooled:\s*the month only\s*$")
_READS_SELECTION_CHANGES = re.compile(r"\bkpi_monthly_changes\s*\(")
# The parameter a kept answer is kept for every value of.
KEPT_BY = "month"
# The parameter whose month alone a question's chosen cities are pooled for (`-- chosen cities pooled: the month only`).
POOLED_MONTH = "month"
# The parameter whose chosen cities read their rows of a kept answer (`-- kept answer: chosen cities read their rows`).
CHOSEN_CITIES = "cities"


class QueryError(ValueError):
    """A query was asked for wrongly: unknown name, unknown or malformed parameter."""


@dataclass(frozen=True)
class Parameter:
    """A query's parameter as declared in its header: name, kind (one of PARAMETER_KINDS), default as
    written (None: none declared) and help text."""

    name: str
    kind: str
    default: str | None
    help: str


@dataclass(frozen=True)
class QueryInfo:
    """A question as its file declares it: name, summary, parameters, the SQL text, who may see its answer
    (`access`, one of queries.access.ACCESS_KINDS), and the answers the store keeps for every month (`kept`: for
    each `-- kept answer` line, the values of the other parameters it is kept for, defaults filled in) and whether
    chosen cities read their rows of them (`kept_for_chosen_cities`) and whether a month's answer reads the month
    after (`kept_reads_month_after`); whether its chosen cities are pooled for its month alone
    (`pools_month_only`)."""

    name: str
    summary: str
    parameters: tuple[Parameter, ...]
    sql: str
    access: str
    kept: tuple[dict[str, object], ...] = field(default=())
    kept_for_chosen_cities: bool = False
    kept_reads_month_after: bool = False
    pools_month_only: bool = False

    def kept_variant(self, bound: dict) -> int | None:
        """Which kept answer (its position in `kept`) the bound parameters ask for exactly, or None."""
        others = {name: value for name, value in bound.items() if name != KEPT_BY}
        return next((position for position, given in enumerate(self.kept) if given == others), None)

    def kept_reading(self, bound: dict) -> tuple[int, list[str] | None] | None:
        """Which kept answer answers the bound parameters — its position in `kept`, and the chosen cities whose rows
        of it to read (None: all of it) — or None: answered live."""
        variant = self.kept_variant(bound)
        if variant is not None:
            return variant, None
        if self.kept_for_chosen_cities and bound.get(CHOSEN_CITIES):
            variant = self.kept_variant({**bound, CHOSEN_CITIES: []})
            if variant is not None:
                return variant, list(bound[CHOSEN_CITIES])
        return None

    @property
    def city_parameters(self) -> dict[str, str]:
        """The parameters that choose cities → their kind ("cities" or "city")."""
        return {p.name: p.kind for p in self.parameters if p.kind in CITY_PARAMETER_KINDS}


def _parse_query_file(path: Path) -> QueryInfo:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = _HEADER.match(lines[0]) if lines else None
    if not header or header["name"] != path.stem:
        raise QueryError(f"{path.name}: the first line must be '-- {path.stem}: what it answers'")
    parameters = []
    access = None
    kept_lines = []
    kept_for_chosen_cities = kept_reads_month_after = pools_month_only = False
    for line in lines[1:]:
        if not line.startswith("--"):
            break
        if match := _ACCESS.match(line):
            access = match["kind"]
        if match := _KEPT_ANSWER.match(line):
            kept_lines.append(dict(_GIVEN_VALUE.findall(match["given"])))
        kept_for_chosen_cities = kept_for_chosen_cities or bool(_KEPT_FOR_CHOSEN_CITIES.match(line))
        kept_reads_month_after = kept_reads_month_after or bool(_KEPT_READS_MONTH_AFTER.match(line))
        pools_month_only = pools_month_only or bool(_POOLS_MONTH_ONLY.match(line))
        match = _PARAMETER.match(line)
        if match:
            if match["kind"] not in PARAMETER_KINDS:
                raise QueryError(f"{path.name}: parameter {match['name']} has unknown kind {match['kind']}")
            parameters.append(Parameter(match["name"], match["kind"], match["default"], match["help"] or ""))
    # Who may see the answer is part of every question (queries/access.py): none is served without saying.
    if access not in ACCESS_KINDS:
        raise QueryError(f"{path.name}: the header must say who may see the answer: '-- access: KIND', KIND one of "
                         f"{', '.join(ACCESS_KINDS)} (queries/access.py)")
    info = QueryInfo(path.stem, header["summary"], tuple(parameters), path.read_text(encoding="utf-8"), access,
                     tuple(_kept_variant(path, parameters, given) for given in kept_lines), kept_for_chosen_cities,
                     kept_reads_month_after, pools_month_only)
    if access == "open" and info.city_parameters:
        raise QueryError(f"{path.name}: an open question takes no city parameter; declare '-- access: cities'")
    if kept_for_chosen_cities and (info.city_parameters.get(CHOSEN_CITIES) != "cities"
                                   or not any(given[CHOSEN_CITIES] == [] for given in info.kept)):
        raise QueryError(f"{path.name}: chosen cities read their rows of a kept answer for every city: the question "
                         f"needs a '{CHOSEN_CITIES}' parameter of kind cities and a '-- kept answer' line that leaves "
                         "it empty")
    if kept_reads_month_after and not info.kept:
        raise QueryError(f"{path.name}: 'reads the month after' is said of a kept answer: the question keeps none "
                         "('-- kept answer: for every month')")
    if pools_month_only and (info.city_parameters.get(CHOSEN_CITIES) != "cities"
                             or POOLED_MONTH not in {p.name for p in parameters if p.kind == "month"}
                             or _READS_SELECTION_CHANGES.search(re.sub(r"--[^\n]*", "", info.sql))):
        raise QueryError(f"{path.name}: chosen cities pooled for the month only: the question needs a "
                         f"'{CHOSEN_CITIES}' parameter of kind cities and a month parameter named {POOLED_MONTH}, and "
                         "reads no month-over-month change of the selection (kpi_monthly_changes)")
    return info


def _kept_variant(path: Path, parameters: list[Parameter], given: dict[str, str]) -> dict[str, object]:
    """The values a `-- kept answer` line keeps the answer for: every parameter but the month, at its default or at
    the value the line gives (converted as a value given to the question is)."""
    by_name = {parameter.name: parameter for parameter in parameters}
    if by_name.get(KEPT_BY, Parameter(KEPT_BY, "", None, "")).kind != "month":
        raise QueryError(f"{path.name}: a kept answer is kept for every month: the question needs a month parameter "
                         f"named {KEPT_BY}")
    unknown = set(given) - set(by_name) | ({KEPT_BY} & set(given))
    if unknown:
        raise QueryError(f"{path.name}: a kept answer names {', '.join(sorted(unknown))}, not a parameter it can fix")
    return {parameter.name: convert(parameter, given[parameter.name]) if parameter.name in given
            else default_value(parameter) for parameter in parameters if parameter.name != KEPT_BY}


def default_value(parameter: Parameter) -> object:
    """What a parameter not given is bound to — its declared default; cities and names: empty; none declared: NULL —
    except a month without a default, which the runner binds to the latest month of the data (None here)."""
    if parameter.kind in ("cities", "names") and parameter.default is None:
        return []
    if parameter.default in (None, "none"):
        return None
    return convert(parameter, parameter.default)


@cache
def _catalogue() -> dict[str, QueryInfo]:
    return {p.stem: _parse_query_file(p) for p in sorted(QUERY_DIRECTORY.glob("*.sql"))}


def list_queries() -> list[QueryInfo]:
    """Every question the query layer answers, by name, with its parameters."""
    return list(_catalogue().values())


def query_info(name: str) -> QueryInfo:
    """The question `name` from the catalogue; an unknown name raises QueryError listing the known ones."""
    try:
        return _catalogue()[name]
    except KeyError:
        known = ", ".join(_catalogue())
        raise QueryError(f"unknown query {name!r}; known queries: {known}") from None


def parse_month(value: object) -> dt.date:
    """'2025-03', '2025-03-17', a date or a datetime → the first day of that month."""
    if isinstance(value, dt.datetime | pd.Timestamp):
        value = value.date()
    if isinstance(value, dt.date):
        return value.replace(day=1)
    match = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", str(value).strip())
    try:  # the month must exist, and so must the day if one is given: 2025-03-99 is no date of March
        if match:
            return dt.date(int(match[1]), int(match[2]), int(match[3] or 1)).replace(day=1)
    except ValueError:
        pass
    raise QueryError(f"month {value!r} is not a month; write it as YYYY-MM, e.g. 2025-03")


def parse_cities(value: object) -> list[str]:
    """'BJ,SH', ['BJ', 'SH'] or None → ['BJ', 'SH'] (order kept, duplicates and blanks dropped)."""
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    codes = [str(item).strip() for item in items]
    return list(dict.fromkeys(code for code in codes if code))


def parse_names(value: object) -> list[str]:
    """'a,b,a', ['a', 'b', 'a'] or None → ['a', 'b', 'a']: a list of names (e.g. KPIs) in order, blanks dropped and
    repeats kept (lists paired by position, such as driver_relationships' factors and outcomes, repeat names)."""
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    return [name for name in (str(item).strip() for item in items) if name]


def convert(parameter: Parameter, value: object) -> object:
    """A value given for `parameter`, converted to what is bound for its kind (QueryError when it cannot be)."""
    if value is None:
        return None
    if parameter.kind == "month":
        return parse_month(value)
    if parameter.kind == "cities":
        return parse_cities(value)
    if parameter.kind == "city":
        return str(value).strip()
    if parameter.kind == "names":
        return parse_names(value)
    if parameter.kind == "int":
        try:
            return int(value)
        except (TypeError, ValueError):
            raise QueryError(f"{parameter.name} must be a whole number, not {value!r}") from None
    return str(value)


