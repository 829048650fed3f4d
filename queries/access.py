"""Who may see which cities: the access file, the viewer a question is asked for, and the rule each question obeys.

Regional managers see their own cities in full and the nation only as a benchmark: national figures, and their
cities' ranks among all cities, but never another city's rows, comments or tickets. Executives and admins see
every city. The rule is enforced here, in the query layer (`queries.runner.run` calls `guard_parameters` before a
question runs and `restrict` on its answer), so no page, download, deck or command line can ask around it.

**The viewer.** `viewing_as(viewer)` sets who the questions asked within are for (the page frame does it for a
page run, `python -m queries --as USER` for the command line). Outside it, questions are the system's own — the
store build, tests, benchmarks — and see everything.

**Each question declares its rule** in its header, `-- access: KIND` (the catalogue refuses a question without):
- `open`: holds no figures of any one city — reference data (the city directory, KPI names), export metadata, the
  data's date; it takes no city parameter.
- `cities`: rows of single cities (a `city_code`) and aggregates over all or chosen cities. A restricted viewer
  gets the rows of their own cities and the aggregates — national figures, ranks among all cities, a fit over all
  cities — and may choose only their own cities.
- `own`: as `cities`, and choosing no city means the viewer's own cities, not every city: the answer holds raw
  rows or examples drawn from the chosen cities (customers' comments, a target's cities).
- `executive`: row-level detail that is no city's to filter (rejected export rows): only viewers of every city.

Whatever the kind, an answer with a `city_code` column reaches a restricted viewer without other cities' rows (even
the city directory lists only their cities).

**The access file** (TOML, `CSAT_ACCESS_FILE`, by default `access.toml` beside `app.py`; `access.example.toml`
documents it): who is which role, deny by default. It is in force when it exists or sign-in is configured (then a
missing file denies everyone); with neither, the local demo, everyone is an executive.

    contact = "csat-admins@example.com"      # whom the "no access" page says to ask

    [[rule]]                                 # one rule per group of people
    users = ["li.wei@example.com"]           # e-mail addresses or user names (any case)
    role = "regional_manager"
    regions = ["northwest"]                  # the contract's regions (cities.region) …
    cities = ["CD"]                          # … and/or city codes

    [[rule]]
    domains = ["hq.example.com"]             # everyone with an e-mail address of the domain
    role = "executive"

    [[rule]]
    groups = ["csat-admins"]                 # the identity provider's groups (a "groups" claim or header)
    role = "admin"

A person is matched by the rules naming them (`users`), else by those naming one of their `groups`, else by those
naming their e-mail's domain: the most specific kind wins, and several rules of the same kind add up (the highest
role; a manager's cities together). Nobody matched: no access.
"""

import contextlib
import contextvars
import os
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from queries.contract import REGIONS
from queries.settings import REPOSITORY_ROOT

ACCESS_FILE_VARIABLE = "CSAT_ACCESS_FILE"
DEFAULT_ACCESS_FILE = REPOSITORY_ROOT / "access.toml"
ROLES = ("executive", "regional_manager", "admin")
# A higher role wins where several rules match one person.
_ROLE_ORDER = {"regional_manager": 0, "executive": 1, "admin": 2}
ACCESS_KINDS = ("open", "cities", "own", "executive")
# The parameters that choose cities: a parameter of kind "cities" (a list) or "city" (one code).
CITY_PARAMETER_KINDS = ("cities", "city")
# The column that says which city a row is of (NULL: an aggregate, of no one city).
CITY_COLUMN = "city_code"
_RULE_KEYS = {"users", "domains", "groups", "role", "regions", "cities"}
_RULE_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*rule[ \t]*\]\]", re.MULTILINE)
_DOMAIN = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")


class AccessDenied(ValueError):
    """A question asked for something its viewer may not see: another city's rows, or a question for executives."""


class AccessFileError(ValueError):
    """The access file cannot be used: each problem names where (the file, the rule and its line, the key)."""

    def __init__(self, path: Path, problems: list[str]):
        self.path = path
        self.problems = problems
        super().__init__(f"{path.name}: " + "; ".join(problems))


@dataclass(frozen=True)
class Viewer:
    """Who questions are asked for: the user (as the access file matched them), their role, and the cities they see
    (None: every city; a regional manager's own cities otherwise)."""

    user: str
    role: str
    cities: frozenset[str] | None = None
    regions: tuple[str, ...] = ()

    @property
    def restricted(self) -> bool:
        return self.cities is not None

    def may_see(self, city_code: str) -> bool:
        return self.cities is None or city_code in self.cities


# Everyone, where nothing restricts access (the local demo) and the system's own questions.
EVERY_CITY = Viewer(user="", role="executive")


@dataclass(frozen=True)
class AccessRule:
    """One [[rule]] of the access file: whom it matches, their role and (managers) their regions and cities."""

    line: int
    role: str
    users: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()
    regions: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()


@dataclass(frozen=True)
class AccessRules:
    """The access file's rules, and whom the "no access" page names to ask."""

    rules: tuple[AccessRule, ...]
    contact: str = ""
    path: Path | None = None
    users: tuple[str, ...] = field(default=())

    def viewer_for(self, user: str, email: str | None = None, groups: Iterable[str] = (),
                   directory: pd.DataFrame | None = None) -> Viewer | None:
        """The viewer `user` (with this e-mail address and these groups) is, or None: no rule matches them. A
        manager's regions become their cities through `directory` (city_directory: city_code, region)."""
        names = {user.strip().lower()} | ({email.strip().lower()} if email else set())
        names.discard("")
        domain = email.strip().lower().rpartition("@")[2] if email and "@" in email else None
        own_groups = {group.strip().lower() for group in groups}
        for matches in (lambda rule: bool(rule.users & names), lambda rule: bool(rule.groups & own_groups),
                        lambda rule: domain is not None and domain in rule.domains):
            matched = [rule for rule in self.rules if matches(rule)]
            if matched:
                return _merged(user.strip() or (email or ""), matched, directory)
        return None


def _merged(user: str, rules: list[AccessRule], directory: pd.DataFrame | None) -> Viewer:
    role = max((rule.role for rule in rules), key=_ROLE_ORDER.__getitem__)
    if role != "regional_manager":
        return Viewer(user=user, role=role)
    regions = tuple(dict.fromkeys(region for rule in rules for region in rule.regions))
    cities = {city for rule in rules for city in rule.cities}
    if directory is not None and regions:
        cities |= set(directory.loc[directory["region"].isin(regions), "city_code"])
    return Viewer(user=user, role=role, cities=frozenset(cities), regions=regions)


def access_file_path() -> Path:
    """Where the access file is: `CSAT_ACCESS_FILE`, else `access.toml` beside app.py."""
    return Path(os.environ.get(ACCESS_FILE_VARIABLE) or DEFAULT_ACCESS_FILE).expanduser()


def _strings(value: object, key: str, where: str, problems: list[str]) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        problems.append(f"{where}: {key} must be a list of non-empty texts, e.g. {key} = [\"…\"]")
        return []
    return [item.strip() for item in value]


def _rule(number: int, line: int, entry: object, known_cities: set[str] | None, problems: list[str]) -> AccessRule:
    where = f"rule {number} (line {line})"
    if not isinstance(entry, dict):
        problems.append(f"{where}: a rule is a [[rule]] table")
        return AccessRule(line=line, role="regional_manager")
    unknown = sorted(set(entry) - _RULE_KEYS)
    if unknown:
        problems.append(f"{where}: unknown key {', '.join(unknown)} (a rule takes {', '.join(sorted(_RULE_KEYS))})")
    users, domains, groups, regions, cities = (
        _strings(entry.get(key, []), key, where, problems)
        for key in ("users", "domains", "groups", "regions", "cities"))
    if not (users or domains or groups):
        problems.append(f"{where}: names nobody: give users, domains or groups")
    bad_domains = [d for d in domains if not _DOMAIN.match(d.lower().lstrip("@"))]
    if bad_domains:
        problems.append(f"{where}: domains {', '.join(bad_domains)} are no e-mail domains (write example.com)")
    role = entry.get("role")
    if role not in ROLES:
        problems.append(f"{where}: role {role!r} is not one of {', '.join(ROLES)}")
    elif role == "regional_manager" and not (regions or cities):
        problems.append(f"{where}: a regional_manager needs regions or cities")
    elif role != "regional_manager" and (regions or cities):
        problems.append(f"{where}: a {role} sees every city: regions and cities are for a regional_manager")
    bad_regions = [region for region in regions if region not in REGIONS]
    if bad_regions:
        problems.append(f"{where}: unknown region {', '.join(bad_regions)} (regions: {', '.join(REGIONS)})")
    if known_cities is not None:
        bad_cities = [city for city in cities if city not in known_cities]
        if bad_cities:
            problems.append(f"{where}: unknown city code {', '.join(bad_cities)}")
    return AccessRule(line=line, role=role if role in ROLES else "regional_manager",
                      users=frozenset(u.lower() for u in users),
                      domains=frozenset(d.lower().lstrip("@") for d in domains),
                      groups=frozenset(g.lower() for g in groups), regions=tuple(regions), cities=tuple(cities))


def parse_access_file(path: Path, known_cities: set[str] | None = None) -> AccessRules:
    """The rules of the access file at `path`; raises AccessFileError naming every problem (the rule, its line and
    the key), or TOML's own error with its line and column. City codes are checked against `known_cities` if given."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise AccessFileError(path, [f"cannot be read ({error.strerror or error})"]) from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise AccessFileError(path, [f"is not valid TOML: {error}"]) from None
    problems = []
    unknown = sorted(set(document) - {"contact", "rule"})
    if unknown:
        problems.append(f"unknown key {', '.join(unknown)} (the file takes contact and [[rule]] tables)")
    contact = document.get("contact", "")
    if not isinstance(contact, str):
        problems.append("contact must be a text (whom to ask for access)")
        contact = ""
    entries = document.get("rule", [])
    if not isinstance(entries, list):
        problems.append("rule must be [[rule]] tables")
        entries = []
    lines = [text.count("\n", 0, match.start()) + 1 for match in _RULE_HEADER.finditer(text)]
    rules = tuple(_rule(number, lines[number - 1] if number <= len(lines) else 0, entry, known_cities, problems)
                  for number, entry in enumerate(entries, start=1))
    if problems:
        raise AccessFileError(path, problems)
    users = tuple(sorted({user for rule in rules for user in rule.users}))
    return AccessRules(rules=rules, contact=contact.strip(), path=path, users=users)


# The viewer of the questions asked now (viewing_as); None: the system's own questions, which see every city.
_viewer: contextvars.ContextVar[Viewer | None] = contextvars.ContextVar("viewer", default=None)


@contextlib.contextmanager
def viewing_as(viewer: Viewer) -> Iterator[Viewer]:
    """Every question asked within is for `viewer` and obeys its access (see the module's docstring)."""
    token = _viewer.set(viewer)
    try:
        yield viewer
    finally:
        _viewer.reset(token)


def current_viewer() -> Viewer:
    """Who the questions asked now are for (EVERY_CITY outside viewing_as)."""
    return _viewer.get() or EVERY_CITY


def guard_parameters(name: str, kind: str, city_parameters: Mapping[str, str], bound: dict,
                     viewer: Viewer) -> dict:
    """The bound parameters of question `name` (access `kind`; `city_parameters`: its city-choosing parameters →
    their kind) as `viewer` may ask them: raises AccessDenied for a city not theirs or a question above their role;
    for an `own` question, choosing no city means their own cities."""
    if not viewer.restricted:
        return bound
    if kind == "executive":
        raise AccessDenied(f"{name} is for viewers of every city; {viewer.user} sees {_named(viewer.cities)}")
    guarded = dict(bound)
    for parameter, parameter_kind in city_parameters.items():
        value = bound.get(parameter)
        chosen = ([] if value is None else [value]) if parameter_kind == "city" else list(value or [])
        forbidden = [city for city in chosen if not viewer.may_see(city)]
        if forbidden:
            raise AccessDenied(f"{name}: {viewer.user} may not see {_named(forbidden)}")
        if kind == "own" and parameter_kind == "cities" and not chosen:
            guarded[parameter] = sorted(viewer.cities)
    return guarded


def restrict(result: pd.DataFrame, viewer: Viewer) -> pd.DataFrame:
    """An answer as `viewer` may see it: the rows of other cities removed; aggregates (no city) kept."""
    if not viewer.restricted or CITY_COLUMN not in result.columns:
        return result
    keep = result[CITY_COLUMN].isna() | result[CITY_COLUMN].isin(viewer.cities)
    return result if keep.all() else result[keep].reset_index(drop=True)


def _named(cities: Iterable[str]) -> str:
    return ", ".join(sorted(cities)) or "no city"


def command_line_viewer(user: str | None, directory: Callable[[], pd.DataFrame]) -> Viewer:
    """The viewer a command line (`--as USER`) runs for: with an access file, the user it names (an e-mail address
    or user name; no --as, or a user no rule names, raises AccessDenied); without one, every city (and --as is an
    error: there is nobody to be). `directory()`: the city directory (city_code, region)."""
    path = access_file_path()
    if not path.exists():
        if user:
            raise AccessDenied(f"--as {user}: there is no access file ({path}), so everyone sees every city")
        return EVERY_CITY
    if not user:
        raise AccessDenied(f"the access file {path} is in force: say whom to answer for with --as USER")
    cities = directory()
    rules = parse_access_file(path, set(cities[CITY_COLUMN]))
    viewer = rules.viewer_for(user, user if "@" in user else None, (), cities)
    if viewer is None:
        ask = f"; ask {rules.contact}" if rules.contact else ""
        raise AccessDenied(f"{user} has no access: no rule of {path.name} names them{ask}")
    return viewer


def viewer_cities(viewer: Viewer, chosen: Iterable[str], city_codes: Iterable[str]) -> tuple[str, ...]:
    """The cities a view is about for `viewer`: the chosen ones (AccessDenied naming any not theirs), or, for a
    viewer restricted to some cities who chose none, all of theirs in `city_codes` order (their views are about
    their cities; the nation is their benchmark)."""
    chosen = tuple(chosen)
    forbidden = [city for city in chosen if not viewer.may_see(city)]
    if forbidden:
        raise AccessDenied(f"{viewer.user} may not see {_named(forbidden)}")
    if chosen or not viewer.restricted:
        return chosen
    return tuple(city for city in city_codes if viewer.may_see(city))
