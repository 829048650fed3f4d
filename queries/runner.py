"""The one entry point to data: `run(name, **params)` runs the question `queries/NAME.sql` and returns a DataFrame.

- Each question file starts with a header: `-- NAME: what it answers`, then one `-- param` line per
  parameter (`-- param month: month — …`, `-- param months: int = 6 — …`). The header is the catalogue:
  `list_queries()` and the command line read it.
- Parameter values are converted and checked here, then bound (`$name`); nothing is spliced into SQL.
- One store per data directory and settings (`queries/loader.py`: the checked exports kept in a DuckDB file,
  updated from the changed files only), opened read-only and shared; every call gets its own cursor, so threads
  of the Streamlit server never share one. A new export state is built beside the database in use, which keeps
  answering until the new one is swapped in; a replaced database is never closed under a running question.
- The export state (every parquet file's path, mtime and size) is looked up at most once a second per data
  directory (`SIGNATURE_TTL_SECONDS`), not on every call: a page runs dozens of queries in a second and walking
  a large export folder for each cost more than the cached answers. A changed export is seen within a second;
  `clear_caches()` forgets the looked-up state at once.
- Results are cached by query, parameters and export state, and handed out as copies. The same question asked
  by several sessions at once (a meeting opening the month) runs once: the others wait for its answer (`_once`).
- When changed exports break the contract, the last version that passed goes on being served (the store as it
  was: the previous database of this process, or the store on disk after a restart), and `export_problem()` says
  what broke and since when, for the pages' banner. With no version that passed, questions raise the error.
- Inside `snapshot()` (a page run) every question reads the database that was current at its first question:
  a page never shows figures of two export versions, however the exports change meanwhile.
- A chosen selection of cities is pooled once per export state (`selection_totals`, kept beside the results)
  and handed to every question about it in place of the store's empty `selection_kpis` (`execute`): pooling it
  inside each question cost every question the planning of the whole pooling. Its KPIs in long form and their
  month-over-month changes are worked out once the same way (`SELECTION_TABLES`). One city needs none of this: the
  building blocks read its own kept rows as the selection's. A question that reads its selection's figures for its
  month alone (`-- chosen cities pooled: the month only`) has that month pooled alone, kept apart from the rest.
"""

import contextlib
import contextvars
import datetime as dt
import re
import threading
import time
import warnings
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pandas as pd
import pyarrow as pa

from queries import kept_answers
from queries.access import current_viewer, guard_parameters, restrict
from queries.catalogue import KEPT_BY, POOLED_MONTH, QueryError, QueryInfo, convert, default_value, query_info
from queries.loader import (
    BUSINESS_TIME_ZONE,
    SQL_COMMENT,
    DataContractError,
    export_signature,
    open_last_good_store,
    open_store,
)
from queries.settings import DEFAULT_SETTINGS, Settings, data_directory

RESULT_CACHE_SIZE = 512
# The parameter that names a question's selection of cities (kind "cities"): its rows are worked out once
# (SELECTION_TABLES) for the questions that read a selection's KPIs through these building blocks.
SELECTION_PARAMETER = "cities"
# How long a looked-up export state is trusted (see the module's docstring).
SIGNATURE_TTL_SECONDS = 1.0

@dataclass(frozen=True)
class SelectionTable:
    """A placeholder table of the store, empty there, that the query layer fills for a question about a chosen
    selection of cities with the selection's own rows (city_code NULL, selection_codes its codes sorted): working
    them out inside each question cost every question the planning of the whole pooling, so they are worked out
    once per selection (`selection_table`) and registered in the placeholder's place (`execute`). A selection of one
    known city is never worked out: the building blocks that read the placeholder read the city's own rows of the
    kept table as the selection's (the same pooled figures — a city is its own pool)."""

    worked_out: str  # the building block that works a selection's rows out (a table macro of the selection)
    read_by: re.Pattern  # what, in a question's SQL, reads the placeholder
    # The same rows reshaped from the selection's totals without DuckDB, where planning the building block cost more
    # than the reshape (None: worked out by the building block). Held to the building block by tests/test_store.py.
    reshaped: Callable[[pa.Table], pa.Table] | None = None


def long_form(totals: pa.Table) -> pa.Table:
    """kpi_long over a selection's totals (selection_kpis' rows): each row's KPIs unpivoted in column order into
    (metric, value) — the KPI's name and its value as DOUBLE, NULL kept — after the row's selection_codes, month
    and city_code. Unpivoting in DuckDB cost a selection 8–17 ms of planning; reshaping these few dozen rows, a
    millisecond or two."""
    keys = ["selection_codes", "month", "city_code"]
    metrics = [name for name in totals.column_names if name not in keys]
    rows, count = totals.num_rows, len(metrics)
    each_row = pa.array([row for row in range(rows) for _ in range(count)], pa.int64())  # row of each long row
    # A KPI's values one after another, then the next KPI's: the long row (row, k) is at k × rows + row.
    values = pa.concat_arrays([totals[name].combine_chunks().cast(pa.float64()) for name in metrics]
                              or [pa.array([], pa.float64())])
    by_row = pa.array([k * rows + row for row in range(rows) for k in range(count)], pa.int64())
    return pa.table({**{key: totals[key].take(each_row) for key in keys},
                     "metric": pa.array(metrics * rows, pa.string()), "value": values.take(by_row)})


SELECTION_TABLES = {
    # The selection's KPIs per month, pooled from the summaries (read by kpi_monthly).
    "selection_kpis": SelectionTable("kpi_pooled", re.compile(r"\bkpi_monthly\s*\(")),
    # The same in long form (read by kpi_values).
    "selection_kpi_values": SelectionTable("kpi_long", re.compile(r"\bkpi_values\s*\("), reshaped=long_form),
    # Their month-over-month changes (read by kpi_monthly_changes).
    "selection_kpi_changes": SelectionTable("kpi_changes", re.compile(r"\bkpi_monthly_changes\s*\(")),
}


def is_known_city(cursor: duckdb.DuckDBPyConnection, code: str) -> bool:
    """Whether `code` is a city with rows of its own in the kept tables (every city of the directory has them)."""
    # fetchall, not fetchone: a result left unfinished would block the cursor's next statement.
    [(known,)] = cursor.execute("SELECT count(*) > 0 FROM kpi_city_month WHERE city_code = $code",
                                {"code": code}).fetchall()
    return known


def arrow_of(cursor: duckdb.DuckDBPyConnection, sql: str, parameters: dict) -> pa.Table:
    """The rows of a statement with bound parameters, as Arrow. DuckDB warns that an executed statement's rows
    fetched as Arrow are copied once more; the rows fetched here are few (a selection's months), and the way it
    suggests (the relation API) plans the statement twice. The warning is silenced for this module only, when rows
    are first fetched (not on import), and again only if something reset the filters."""
    if not any(kept[0] == "ignore" and kept[1] is not None and kept[1].pattern == _ARROW_COPY_WARNING
               for kept in warnings.filters):
        warnings.filterwarnings("ignore", message=_ARROW_COPY_WARNING, category=UserWarning,
                                module=re.escape(__name__))
    return cursor.execute(sql, parameters).to_arrow_table()


# What DuckDB warns when an executed statement's rows are fetched as Arrow (arrow_of).
_ARROW_COPY_WARNING = "Arrow output on a DB-API result"


def selection_table(cursor: duckdb.DuckDBPyConnection, name: str, selection: list[str],
                    totals: Callable[[list[str]], pa.Table] | None = None,
                    only_month: dt.date | None = None) -> pa.Table | None:
    """The rows the placeholder `name` (SELECTION_TABLES) holds for the cities `selection` as a whole, worked out
    over the selection's totals — `totals(selection)`, by default pooled now (selection_totals) — or None for one
    known city: the building blocks read its own kept rows, and the placeholder stays empty. (A code of no city has
    no rows of its own: worked out as any selection.) `only_month`: that month's rows alone (None: every month's)."""
    table = SELECTION_TABLES[name]
    if len(selection) == 1 and is_known_city(cursor, selection[0]):
        return None
    params = {"selection": selection}
    arguments = "$selection"
    if name == "selection_kpis":
        params["only_month"] = only_month
        arguments += ", only_month := $only_month"
    else:
        pooled = (totals or (lambda codes: selection_totals(cursor, codes, only_month)))(selection)
        if table.reshaped is not None:
            return table.reshaped(pooled)
        cursor.register("selection_kpis", pooled)
    # arrow_of executes, not the relation API (cursor.sql) DuckDB suggests: a relation plans the statement once to
    # know its columns and again to run it — a fifth of the time a selection's pooling took.
    return arrow_of(cursor, f"SELECT list_sort($selection) AS selection_codes, * FROM {table.worked_out}({arguments}) "
                            "WHERE city_code IS NULL ORDER BY month", params)


def selection_totals(cursor: duckdb.DuckDBPyConnection, selection: list[str],
                     only_month: dt.date | None = None) -> pa.Table | None:
    """The KPIs per month of the cities `selection` as a whole, pooled from the summaries (kpi_pooled): the rows
    selection_kpis holds for a question about that selection (None for one known city: see selection_table) — of
    the month `only_month` alone, when given."""
    return selection_table(cursor, "selection_kpis", selection, only_month=only_month)


def execute(cursor: duckdb.DuckDBPyConnection, sql: str, parameters: dict,
            selection_tables: Callable[[str, list[str]], pa.Table | None] | None = None) -> pd.DataFrame:
    """Run a question's SQL on `cursor` with its bound parameters. A question about a selection of cities (its
    SELECTION_PARAMETER not empty) that reads one of SELECTION_TABLES reads the selection's rows —
    `selection_tables(name, selection)`, by default worked out now — in place of the empty placeholder of the
    store (a registered table comes before the store's own); for one known city the placeholder stays empty."""
    selection = parameters.get(SELECTION_PARAMETER)
    if selection:
        code = SQL_COMMENT.sub("", sql)
        for name, table in SELECTION_TABLES.items():
            if not table.read_by.search(code):
                continue
            if selection_tables is None:
                rows = selection_table(cursor, name, selection)
            else:
                rows = selection_tables(name, selection)
            if rows is not None:
                cursor.register(name, rows)
    return cursor.execute(sql, parameters).df()


@dataclass
class _Pending:
    """Work one thread is doing for others that asked for the same (`_once`)."""

    done: threading.Event
    result: object = None
    error: BaseException | None = None


def _once(key: tuple, compute: Callable[[], object]) -> object:
    """compute() for `key`, run once however many threads ask for the same key at the same time: the first runs it,
    the others wait for its result (or its error). `compute` keeps its result where the next caller looks first
    (the result cache) before the key stops being pending, so no caller ever runs the same work again meanwhile."""
    with _lock:
        pending = _pending.get(key)
        running = pending is not None
        if not running:
            pending = _pending[key] = _Pending(threading.Event())
    if running:
        pending.done.wait()
        if pending.error is not None:
            raise pending.error
        return pending.result
    try:
        pending.result = compute()
    except BaseException as error:
        pending.error = error
        raise
    finally:
        with _lock:
            del _pending[key]
        pending.done.set()
    return pending.result


class _Database:
    """The database of one data directory at one export state, or the contract error it raised; the selections'
    rows it worked out (SELECTION_TABLES: a page asks several questions about the same selection; they are
    worked out once).

    When the exports of this state break the contract but an earlier version passed (`previous`, the database this
    process served, or the store on disk), that version is served: `problem` is the error and `problem_since` when
    it was first seen (kept while the exports stay broken)."""

    def __init__(self, data_dir: Path, settings: Settings, signature: tuple, previous: "_Database | None" = None):
        self.data_dir = data_dir
        self.signature = signature
        self.connection: duckdb.DuckDBPyConnection | None = None
        self.error: DataContractError | None = None
        self.problem: DataContractError | None = None
        self.problem_since: dt.datetime | None = None
        # (placeholder's name, the selection's codes sorted) → the rows it holds for them (selection_table)
        self._selections: OrderedDict[tuple[str, tuple[str, ...]], pa.Table | None] = OrderedDict()
        # The answers the store keeps (queries/kept_answers.py): (question, variant, month) → the answer, encoded.
        self.kept: dict[tuple[str, int, dt.date], bytes] = {}
        try:
            self.connection = open_store(data_dir, settings)
        except DataContractError as error:
            served = previous is not None and previous.connection is not None
            self.connection = previous.connection if served else open_last_good_store(data_dir, settings)
            if self.connection is None:
                self.error = error
            else:
                self.problem = error
                broken_before = served and previous.problem is not None
                self.problem_since = previous.problem_since if broken_before else dt.datetime.now(dt.UTC)
        if self.connection is not None:
            self.kept = kept_answers.held(self.connection)

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        cursor = self.connection.cursor()
        cursor.execute("USE store")  # a cursor starts in the connection's in-memory catalog
        return cursor

    def selection_table(self, name: str, selection: list[str], only_month: dt.date | None = None) -> pa.Table | None:
        """selection_table(name, selection, only_month) on this database, worked out once per selection (its codes
        in any order) and month asked for, and kept beside the results."""
        key = (name, tuple(sorted(selection)), only_month)
        with _lock:
            if key in self._selections:
                self._selections.move_to_end(key)
                return self._selections[key]

        def keep() -> pa.Table | None:
            cursor = self._cursor()
            try:
                if name == "selection_kpis":
                    table = selection_totals(cursor, selection, only_month)
                else:  # worked out over the selection's totals, kept too
                    table = selection_table(cursor, name, selection,
                                            lambda codes: self.selection_table("selection_kpis", codes, only_month),
                                            only_month)
            finally:
                cursor.close()
            with _lock:
                self._selections[key] = table
                while len(self._selections) > RESULT_CACHE_SIZE:
                    self._selections.popitem(last=False)
            return table

        return _once((id(self), key), keep)

    def forget_selections(self) -> None:
        self._selections.clear()  # under _lock

    def answer(self, info: QueryInfo, parameters: dict) -> pd.DataFrame:
        """The answer of the question `info` to its bound parameters: read back when the store keeps it
        (queries/kept_answers.py), else worked out now."""
        reading = info.kept_reading(parameters)
        kept = None if reading is None else self.kept.get((info.name, reading[0], parameters[KEPT_BY]))
        if kept is not None:
            answer = kept_answers.decoded(kept)
            return answer if reading[1] is None else kept_answers.rows_of(answer, reading[1])
        return self.execute(info.sql, parameters, parameters[POOLED_MONTH] if info.pools_month_only else None)

    def execute(self, sql: str, parameters: dict, only_month: dt.date | None = None) -> pd.DataFrame:
        """Run `sql` with its parameters; a selection's pooled figures of `only_month` alone (None: every month)."""
        if self.error:
            raise self.error
        cursor = self._cursor()
        try:
            return execute(cursor, sql, parameters,
                           lambda name, selection: self.selection_table(name, selection, only_month))
        finally:
            cursor.close()


_lock = threading.Lock()
_databases: dict[tuple[Path, Settings], _Database] = {}
# One lock per store, held by the thread that builds its next state (_database).
_builders: dict[tuple[Path, Settings], threading.Lock] = {}
_results: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
# The work under way for other threads that asked for the same (_once).
_pending: dict[tuple, _Pending] = {}
# Within snapshot(): (data directory, settings) → the database the run's first question read.
_snapshot: contextvars.ContextVar[dict | None] = contextvars.ContextVar("snapshot", default=None)
# data directory → (monotonic time looked up, export signature)
_signatures: dict[Path, tuple[float, tuple]] = {}
# The data directories whose export state a thread is looking up now (current_signature).
_looking_up: set[Path] = set()


def current_signature(data_dir: Path) -> tuple:
    """The export state of `data_dir` (loader.export_signature), looked up at most once per
    SIGNATURE_TTL_SECONDS, by one thread at a time: while one walks the folder, the others go on with the state
    known before. (When every session's question found the state expired at once, each walked the folder: eight
    sessions stalled together once a second, a page load taking 2–3 times as long.)"""
    now = time.monotonic()
    with _lock:
        known = _signatures.get(data_dir)
        if known is not None and now - known[0] < SIGNATURE_TTL_SECONDS:
            return known[1]
        if known is not None and data_dir in _looking_up:
            return known[1]  # being looked up by another thread: a change is seen as soon as it has
        _looking_up.add(data_dir)
    try:
        signature = export_signature(data_dir)
    finally:
        with _lock:
            _looking_up.discard(data_dir)
    with _lock:
        _signatures[data_dir] = (now, signature)
    return signature


def _database(data_dir: Path, settings: Settings) -> _Database:
    """The database of the exports' current state. A new state's store is built (or updated) beside the one in use,
    by one thread, outside the lock every question takes: meanwhile the others go on answering from the previous
    database — or wait, when there is none yet — and the new one is swapped in whole. A replaced database is never
    closed here: questions still running on it finish, and it is closed when the last of them lets it go."""
    signature = current_signature(data_dir)
    key = (data_dir, settings)
    with _lock:
        database = _databases.get(key)
        if database is not None and database.signature == signature:
            return database
        builder = _builders.setdefault(key, threading.Lock())
    if database is not None and not builder.acquire(blocking=False):
        return database  # another thread is bringing the store up to date: the previous state meanwhile
    if database is None:
        builder.acquire()
    try:
        with _lock:
            current = _databases.get(key)
        if current is not None and current.signature == signature:
            return current  # built while this thread waited
        fresh = _Database(data_dir, settings, signature, previous=current)
        with _lock:
            _databases[key] = fresh
            for cached in [k for k in _results if k[0] == data_dir and k[1] != signature]:
                del _results[cached]
        return fresh
    finally:
        builder.release()


@contextlib.contextmanager
def snapshot() -> Iterator[None]:
    """Every question asked within reads one export state: the database current at the first question about each
    data directory (a page run — csat.frame.run_page — shows all of one version, never a mix). Outside, each
    question reads the current state."""
    token = _snapshot.set({})
    try:
        yield
    finally:
        _snapshot.reset(token)


def _database_of_run(data_dir: Path, settings: Settings) -> _Database:
    """The database a question reads: the snapshot's when one is taken, else the current one."""
    pinned = _snapshot.get()
    if pinned is None:
        return _database(data_dir, settings)
    key = (data_dir, settings)
    if key not in pinned:
        pinned[key] = _database(data_dir, settings)
    return pinned[key]


def latest_month(data_dir: str | Path | None = None, settings: Settings = DEFAULT_SETTINGS) -> dt.date | None:
    """The month every view opens on by default: the latest with survey responses whose tickets have arrived too —
    a month whose ticket export is late would open on "0 feedback cases" — or, when no month has tickets, the latest
    with survey responses. The later months stay available when asked for (the pages say what is missing)."""
    months = run("months", data_dir=data_dir, settings=settings)
    arrived = months[months["tickets"] > 0]
    return None if months.empty else (months if arrived.empty else arrived)["month"].max().date()


def bind_parameters(info: QueryInfo, given: dict, data_dir: Path, settings: Settings) -> dict:
    """The values to bind for the query's parameters: the given ones converted and checked, the others their
    defaults (a month: the latest with data; cities, names: empty). Raises QueryError for one it does not take."""
    unknown = set(given) - {p.name for p in info.parameters}
    if unknown:
        raise QueryError(f"query {info.name} takes no parameter {', '.join(sorted(unknown))}")
    bound = {}
    for parameter in info.parameters:
        if parameter.name in given and given[parameter.name] is not None:
            bound[parameter.name] = convert(parameter, given[parameter.name])
        elif parameter.kind == "month" and parameter.default is None:
            bound[parameter.name] = latest_month(data_dir, settings)
        else:
            bound[parameter.name] = default_value(parameter)
    return bound


def run(name: str, data_dir: str | Path | None = None, settings: Settings = DEFAULT_SETTINGS,
        **params) -> pd.DataFrame:
    """Run the question `name` with bound parameters over the data directory; returns a new DataFrame, as the viewer
    of the run may see it (queries/access.py: their cities' rows and the aggregates).

    Raises `QueryError` for a bad call, `AccessDenied` for cities or a question the viewer may not see, and
    `DataContractError` when the exports break the contract.
    """
    info = query_info(name)
    viewer = current_viewer()
    directory = data_directory(data_dir)
    database = _database_of_run(directory, settings)
    if database.error:
        raise database.error
    bound = guard_parameters(name, info.access, info.city_parameters,
                             bind_parameters(info, params, directory, settings), viewer)
    key = (directory, database.signature, settings, name,
           tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in sorted(bound.items())))
    with _lock:
        cached = _results.get(key)
        if cached is not None:
            _results.move_to_end(key)
            return restrict(cached, viewer).copy()

    def answer() -> pd.DataFrame:
        result = database.answer(info, bound)
        with _lock:
            _results[key] = result
            while len(_results) > RESULT_CACHE_SIZE:
                _results.popitem(last=False)
        return result

    return restrict(_once(key, answer), viewer).copy()


def check_data(data_dir: str | Path | None = None, settings: Settings = DEFAULT_SETTINGS) -> None:
    """Load and check the exports now; raises `DataContractError` if they cannot be used."""
    database = _database_of_run(data_directory(data_dir), settings)
    if database.error:
        raise database.error


def export_problem(data_dir: str | Path | None = None,
                   settings: Settings = DEFAULT_SETTINGS) -> tuple[DataContractError, dt.datetime] | None:
    """Why the exports' current files are not what is served — the contract error of the changed files, and since
    when (business time, as every time the pages show) — while the last version that passed is served; None when
    the current files are served."""
    database = _database_of_run(data_directory(data_dir), settings)
    if database.problem is None:
        return None
    since = database.problem_since.astimezone(ZoneInfo(BUSINESS_TIME_ZONE)).replace(tzinfo=None)
    return database.problem, since


def clear_results() -> None:
    """Forget every cached result and pooled selection, keeping the open stores and the looked-up export state: the
    next call runs its query again on the same database, as a page does for a month or cities nobody asked for yet
    (benchmarks use this to time queries without the cache)."""
    with _lock:
        _results.clear()
        for database in _databases.values():
            database.forget_selections()


def clear_caches() -> None:
    """Forget every database and result (tests use this to start from nothing); the stores on disk are kept."""
    with _lock:
        for database in _databases.values():
            if database.connection is not None:
                database.connection.close()
        _databases.clear()
        _results.clear()
        _signatures.clear()
