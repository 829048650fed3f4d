"""Checks the exports of one data directory against the contract once per export file version, and keeps the
checked tables in a persistent DuckDB database file — the store — that queries read.

Why: checking every parquet export on every start and every export change took minutes and gigabytes at
millions of responses. Now each file is read and checked once; a restart with unchanged exports only compares
file identities (relative path, size, mtime_ns) and attaches the store read-only.

What the store of one data directory and one set of settings holds (`store_path` says where it lives):
- `staged_NAME`: the rows of every export file of table NAME that pass the row rules, in canonical types,
  tagged with their file (path relative to the data directory) and row number, so that a replaced or removed
  file's rows can be deleted and the new ones inserted without reading the other files;
- `NAME`: the checked table the queries read, derived from `staged_NAME` whenever anything of it changed: of
  valid rows sharing a key, the first by (file, row) is kept and later ones are rejected as duplicates —
  derived with a window over all staged rows, because a new file can change which row wins or which file gets
  the duplicate rejection; rows in (file, row) order, as before;
- `store_files` (each file's identity and rows read), `store_rule_rejections` (rows per file and row rule),
  `store_duplicates` (rows per file rejected as a duplicate key), and from them `data_quality_rejections` and
  `data_quality_tables`, the figures the pages and `python -m queries data_quality` show;
- `settings`, the contract's code lists, and the building blocks of `queries/views/`: macros, views and the
  per city × month summaries the KPI views pool from (see each file's header);
- `store_info`: the code version (a hash of this module, the contract, the settings module, every building block
  and DuckDB's version); a store of another version is rebuilt from nothing.

How a store is brought up to date (`open_store`), under a lock file so that processes (xdist workers, several
dashboards) never build the same store at once:
1. the files of each table are listed (`NAME.parquet`, or `*.parquet` at any depth below `NAME/`, hive
   partitions allowed) with their identity — no parquet is opened;
2. a store of this version with the same files is attached read-only as it is;
3. otherwise the store is copied to a temporary file (or a new one is started) and, table by table in the
   contract's order (reference rules read the tables before), only new or replaced files are schema-checked —
   a missing table or column, a wrong type or an unreadable file raises `DataContractError` naming every
   problem at once, and the store stays as it was — the staged rows of replaced or removed files are deleted,
   the new files are read and their row rules checked, and the table is derived again. A table whose rules read
   a table that changed (`city_code IN (SELECT city_code FROM cities)`) is re-checked from all its files;
4. the quality tables and the building blocks are written again, the file is checkpointed and renamed over the
   store: a crash leaves the previous store or none, never a half-written one. Readers keep the file they
   opened; the next `open_store` sees the new one.

`build_database(data_dir, settings)` builds the same database in memory from every file, with the same code and
nothing kept: the reference the tests compare the store with. DuckDB's memory limit, threads and spill folder
come from `engine_config` (queries/settings.py) in both.
"""

import contextlib
import fcntl
import graphlib
import hashlib
import os
import re
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb

from queries.contract import (
    ACCEPTED_TYPES,
    CANONICAL_TYPES,
    DRIVER_METRICS,
    PLAN_DIMENSIONS,
    PLAN_HORIZONS,
    PLAN_METRICS,
    PLAN_OUTCOME_KPIS,
    TABLES,
    Column,
    Table,
)
from queries.settings import STORE_DIR_VARIABLE, Settings, engine_config

VIEWS_DIRECTORY = Path(__file__).resolve().parent / "views"
# What a building block's file defines: CREATE MACRO / VIEW / TABLE name.
_DEFINED_NAME = re.compile(r"\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:MACRO|VIEW|TABLE)\s+(\w+)", re.IGNORECASE)
_SQL_COMMENT = re.compile(r"--[^\n]*")
# The tables a row rule reads (`IN (SELECT city_code FROM cities)`): a change there re-checks the reader.
_READ_TABLE = re.compile(r"\bFROM\s+(\w+)", re.IGNORECASE)
BUSINESS_TIME_ZONE = "Asia/Shanghai"
# The folder beside the data directory where its stores live when CSAT_STORE_DIR is not set.
STORE_FOLDER = ".csat-store"
# What the code version hashes: a change to any of these changes what a store holds.
_VERSIONED_FILES = (Path(__file__).resolve(), Path(__file__).resolve().parent / "contract.py",
                    Path(__file__).resolve().parent / "settings.py")
# Every parquet file the loader opened (schema check or load), absolute paths in order: tests read it to see
# which files a build re-checked; it is cleared by nobody but them.
READ_LOG: list[Path] = []
# A file's identity: (size, mtime_ns) by path relative to the data directory.
FileVersions = dict[str, tuple[int, int]]


@dataclass(frozen=True)
class ContractProblem:
    """One reason a data directory cannot be used: which file (or table), which column, which rule."""

    file: str
    column: str | None
    rule: str

    def __str__(self) -> str:
        where = f"{self.file}, column {self.column}" if self.column else self.file
        return f"{where}: {self.rule}"


class DataContractError(Exception):
    """The exports break the contract in a way no row filter can mend (missing table, column, wrong type…)."""

    def __init__(self, data_dir: Path, problems: list[ContractProblem]):
        self.data_dir = data_dir
        self.problems = problems
        listed = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"The exports in {data_dir} break the data contract:\n{listed}")


def table_files(data_dir: Path, table_name: str) -> list[Path]:
    """The parquet files of one table, sorted: `NAME.parquet` or every `*.parquet` below `NAME/`."""
    single = data_dir / f"{table_name}.parquet"
    folder = data_dir / table_name
    files = [single] if single.is_file() else []
    if folder.is_dir():
        files += sorted(p for p in folder.rglob("*.parquet") if p.is_file())
    return files


def export_signature(data_dir: Path) -> tuple:
    """What identifies one state of the exports: every parquet file's path, modification time and size."""
    if not data_dir.is_dir():
        return ("missing", str(data_dir))
    return tuple(sorted((str(p.relative_to(data_dir)), p.stat().st_mtime_ns, p.stat().st_size)
                        for p in data_dir.rglob("*.parquet")))


@cache
def code_version() -> str:
    """The version of what a store holds: a hash of the loader, the contract, the settings module, every building
    block and DuckDB's version (its file format). A store of another version is rebuilt."""
    digest = hashlib.sha256(duckdb.__version__.encode())
    for path in (*_VERSIONED_FILES, *sorted(VIEWS_DIRECTORY.glob("*.sql"))):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:20]


def _base_type(duckdb_type: str) -> str:
    # DECIMAL(18,3) → DECIMAL; a type's parameters do not change its kind.
    return re.sub(r"\(.*\)$", "", duckdb_type).strip()


def _relative(path: Path | str, data_dir: Path) -> str:
    path = Path(path)
    try:
        return str(path.relative_to(data_dir))
    except ValueError:
        return str(path)


def _read(con: duckdb.DuckDBPyConnection, files: list[Path], **options) -> duckdb.DuckDBPyRelation:
    READ_LOG.extend(files)
    return con.read_parquet([str(f) for f in files], hive_partitioning=True, union_by_name=True, **options)


def _missing_table(table: Table) -> list[ContractProblem]:
    if not table.required:
        return []
    return [ContractProblem(f"{table.name}.parquet", None,
                            f"required table missing: expected {table.name}.parquet or a folder "
                            f"{table.name}/ of parquet files")]


def _schema_problems(con: duckdb.DuckDBPyConnection, table: Table, files: list[Path],
                     data_dir: Path) -> list[ContractProblem]:
    """The schema problems of `files` (the table's new or replaced files; the others were checked before)."""
    problems = []
    for path in files:
        shown = _relative(path, data_dir)
        try:
            relation = _read(con, [path])
            found = dict(zip(relation.columns, (_base_type(str(t)) for t in relation.types), strict=True))
        except duckdb.Error as error:
            first_line = str(error).splitlines()[0]
            problems.append(ContractProblem(shown, None, f"unreadable parquet file ({first_line})"))
            continue
        for column in table.columns:
            if column.name not in found and column.optional:
                continue  # read as empty (see _canonical_expression)
            if column.name not in found:
                problems.append(ContractProblem(shown, column.name, "required column missing"))
            elif found[column.name] not in ACCEPTED_TYPES[column.kind]:
                problems.append(ContractProblem(
                    shown, column.name, f"wrong type {found[column.name]}, expected {column.kind} "
                                        f"({' or '.join(ACCEPTED_TYPES[column.kind][:3])}…)"))
    return problems


def _canonical_expression(column: Column, found_type: str | None) -> str:
    if found_type is None:  # an optional column no file of the table has: empty in every row
        return f"CAST(NULL AS {CANONICAL_TYPES[column.kind]})"
    if column.kind == "timestamp" and found_type == "TIMESTAMP WITH TIME ZONE":
        # Months are calendar months in the business's time zone, so aware timestamps become local time.
        return f"timezone('{BUSINESS_TIME_ZONE}', {column.name})"
    return f"CAST({column.name} AS {CANONICAL_TYPES[column.kind]})"


def _row_rules(table: Table) -> list[tuple[str, str, str]]:
    """(rule, column, valid-when predicate) for every row rule of a table, not-null rules first."""
    rules = [(f"{c.name} missing", c.name, f"{c.name} IS NOT NULL") for c in table.columns if not c.nullable]
    rules += [(r.name, r.column, r.valid_when) for r in table.rules]
    return rules


def _tables_read_by_rules(table: Table) -> set[str]:
    names = {t.name for t in TABLES}
    return {name for rule in table.rules for name in _READ_TABLE.findall(rule.valid_when) if name in names}


def _create_bookkeeping(con: duckdb.DuckDBPyConnection) -> None:
    """The store's own tables: which files it holds, what their rules rejected, and one staging table per
    contract table (its columns in canonical types, plus the source file and row)."""
    con.execute("CREATE TABLE store_files (table_name VARCHAR, file VARCHAR, size BIGINT, mtime_ns BIGINT, "
                "rows_read BIGINT)")
    con.execute("CREATE TABLE store_rule_rejections (table_name VARCHAR, file VARCHAR, position INTEGER, "
                "rule VARCHAR, column_name VARCHAR, rows BIGINT)")
    con.execute("CREATE TABLE store_duplicates (table_name VARCHAR, file VARCHAR, rule VARCHAR, "
                "column_name VARCHAR, rows BIGINT)")
    for table in TABLES:
        columns = ", ".join(f"{c.name} {CANONICAL_TYPES[c.kind]}" for c in table.columns)
        con.execute(f"CREATE TABLE staged_{table.name} ({columns}, source_file VARCHAR, source_row BIGINT)")


def _stage(con: duckdb.DuckDBPyConnection, table: Table, files: list[Path], data_dir: Path,
           versions: FileVersions) -> None:
    """Read `files` of `table`, record their rows read and rule rejections per file, and append their valid rows
    to staged_NAME."""
    raw = _read(con, files, filename=True, file_row_number=True)
    found = dict(zip(raw.columns, (_base_type(str(t)) for t in raw.types), strict=True))
    typed = ", ".join(f"{_canonical_expression(c, found.get(c.name))} AS {c.name}" for c in table.columns)
    # The file as a path relative to the data directory: the store does not depend on where the folder is
    # mounted, and (file, row) order is the same as by absolute path (one common prefix).
    raw.create_view("raw_rows")
    # A temporary table: in memory (spilling past the memory limit), never written into the store.
    con.execute(f"CREATE TEMP TABLE typed_rows AS SELECT {typed}, substr(filename, {len(str(data_dir)) + 2}) "
                "AS source_file, file_row_number AS source_row FROM raw_rows")
    con.execute("DROP VIEW raw_rows")
    try:
        rows_read = dict(con.execute("SELECT source_file, count(*) FROM typed_rows GROUP BY source_file").fetchall())
        con.executemany("INSERT INTO store_files VALUES (?, ?, ?, ?, ?)",
                        [(table.name, file, *versions[file], rows_read.get(file, 0))
                         for file in (_relative(f, data_dir) for f in files)])
        rules = _row_rules(table)
        # A rule whose predicate is NULL (a value it compares with is missing) passes: the not-null rules
        # already report missing values, and one missing value should not count as two broken rules.
        passes = [f"coalesce(({predicate}), true)" for _, _, predicate in rules]
        # Every rule counted per file in one pass over the rows (a scan per rule cost a scan per rule).
        counted = ", ".join(f"count(*) FILTER (WHERE NOT {passing})" for passing in passes)
        failures = [(table.name, file, position, rule, column, count)
                    for file, *counts in con.execute(f"SELECT source_file, {counted} FROM typed_rows "
                                                     "GROUP BY source_file").fetchall()
                    for position, ((rule, column, _), count) in enumerate(zip(rules, counts, strict=True)) if count]
        if failures:
            con.executemany("INSERT INTO store_rule_rejections VALUES (?, ?, ?, ?, ?, ?)", failures)
        columns = ", ".join(c.name for c in table.columns)
        con.execute(f"INSERT INTO staged_{table.name} SELECT {columns}, source_file, source_row FROM typed_rows "
                    f"WHERE {' AND '.join(passes)}")
    finally:
        con.execute("DROP TABLE typed_rows")


def _forget(con: duckdb.DuckDBPyConnection, table: Table, files: list[str]) -> None:
    """Delete everything the store holds of these files of `table` (replaced, removed or to be re-checked)."""
    if not files:
        return
    for bookkeeping in ("store_files", "store_rule_rejections"):
        con.execute(f"DELETE FROM {bookkeeping} WHERE table_name = $table AND list_contains($files, file)",
                    {"table": table.name, "files": files})
    con.execute(f"DELETE FROM staged_{table.name} WHERE list_contains($files, source_file)", {"files": files})


def _derive(con: duckdb.DuckDBPyConnection, table: Table) -> None:
    """(Re)create the checked table NAME from all its staged rows, and its duplicate-key rejections per file."""
    columns = ", ".join(c.name for c in table.columns)
    con.execute("DELETE FROM store_duplicates WHERE table_name = $table", {"table": table.name})
    if not table.key:
        con.execute(f"CREATE OR REPLACE TABLE {table.name} AS SELECT {columns} FROM staged_{table.name} "
                    "ORDER BY source_file, source_row")
        return
    key = ", ".join(table.key)
    # Duplicate keys among valid rows: the first occurrence (by file, then row) is kept, later ones are
    # rejected, so an export written twice loses nothing and a conflicting duplicate is reported. Derived from
    # every staged row each time, so a new file that sorts first takes over the key and the old file's row
    # becomes the duplicate, exactly as a build from all files would decide. The window reads the key and the
    # source columns only; the (few) duplicates are then left out of the whole rows.
    con.execute(f"CREATE TEMP TABLE duplicate_rows AS SELECT source_file, source_row FROM (SELECT source_file, "
                f"source_row, row_number() OVER (PARTITION BY {key} ORDER BY source_file, source_row) AS occurrence "
                f"FROM staged_{table.name}) WHERE occurrence > 1")
    try:
        con.execute(f"CREATE OR REPLACE TABLE {table.name} AS SELECT {columns} FROM staged_{table.name} "
                    "ANTI JOIN duplicate_rows USING (source_file, source_row) ORDER BY source_file, source_row")
        con.execute("INSERT INTO store_duplicates SELECT $table, source_file, $rule, $column, count(*) "
                    "FROM duplicate_rows GROUP BY source_file",
                    {"table": table.name, "rule": f"duplicate {key}", "column": table.key[0]})
    finally:
        con.execute("DROP TABLE duplicate_rows")


def _write_quality(con: duckdb.DuckDBPyConnection) -> None:
    """data_quality_rejections (per table, rule and file, in the contract's order) and data_quality_tables (files,
    rows read and kept per table), from the bookkeeping of every file."""
    order = {table.name: position for position, table in enumerate(TABLES)}
    rejections = con.execute("SELECT table_name, file, rule, column_name, rows, position FROM store_rule_rejections "
                             "UNION ALL SELECT table_name, file, rule, column_name, rows, 1000000 "
                             "FROM store_duplicates").fetchall()
    rejections.sort(key=lambda row: (order[row[0]], row[5], row[1]))
    con.execute("CREATE OR REPLACE TABLE data_quality_rejections (table_name VARCHAR, file VARCHAR, rule VARCHAR, "
                "column_name VARCHAR, rows BIGINT)")
    if rejections:
        con.executemany("INSERT INTO data_quality_rejections VALUES (?, ?, ?, ?, ?)",
                        [row[:5] for row in rejections])
    read = {name: (files, rows) for name, files, rows in con.execute(
        "SELECT table_name, count(*), sum(rows_read) FROM store_files GROUP BY table_name").fetchall()}
    con.execute("CREATE OR REPLACE TABLE data_quality_tables (table_name VARCHAR, files BIGINT, rows_read BIGINT, "
                "rows_kept BIGINT)")
    for table in TABLES:
        files, rows_read = read.get(table.name, (0, 0))
        rows_kept = con.execute(f"SELECT count(*) FROM {table.name}").fetchone()[0]
        con.execute("INSERT INTO data_quality_tables VALUES (?, ?, ?, ?)", [table.name, files, rows_read, rows_kept])


def _create_settings(con: duckdb.DuckDBPyConnection, settings: Settings) -> None:
    row = settings.as_row()
    selected = ", ".join(f"${name} AS {name}" for name in row)
    con.execute(f"CREATE TABLE settings AS SELECT {selected}", row)


def _create_plan_kpis(con: duckdb.DuckDBPyConnection) -> None:
    """The plan's KPIs by name, from the contract: plan_metrics (metric, kpi) — which KPI of kpi_values measures
    each initiative metric — and plan_outcome_kpis (kpi, position) — the outcome KPIs a step can promise, in order."""
    con.execute("CREATE TABLE plan_metrics (metric VARCHAR, kpi VARCHAR)")
    con.executemany("INSERT INTO plan_metrics VALUES (?, ?)", list(PLAN_METRICS.items()))
    con.execute("CREATE TABLE plan_outcome_kpis (kpi VARCHAR, position INTEGER)")
    con.executemany("INSERT INTO plan_outcome_kpis VALUES (?, ?)",
                    [(kpi, position) for position, kpi in enumerate(PLAN_OUTCOME_KPIS, start=1)])


def _create_code_orders(con: duckdb.DuckDBPyConnection) -> None:
    """The contract's code lists the reported figures are ordered and formatted by: driver_metric_units (metric,
    unit, position), long_term_dimensions (dimension, position) and long_term_horizons (horizon, position)."""
    con.execute("CREATE TABLE driver_metric_units (metric VARCHAR, unit VARCHAR, position INTEGER)")
    con.executemany("INSERT INTO driver_metric_units VALUES (?, ?, ?)",
                    [(metric, unit, position) for position, (metric, unit) in enumerate(DRIVER_METRICS.items(), 1)])
    for name, codes in (("dimension", PLAN_DIMENSIONS), ("horizon", PLAN_HORIZONS)):
        con.execute(f"CREATE TABLE long_term_{name}s ({name} VARCHAR, position INTEGER)")
        con.executemany(f"INSERT INTO long_term_{name}s VALUES (?, ?)",
                        [(code, position) for position, code in enumerate(codes, start=1)])


def building_blocks() -> list[tuple[str, str]]:
    """The building blocks of `queries/views/` as (file stem, SQL), each after every block it uses.

    The order is derived, not listed: a block uses another when its SQL (comments aside) names something the
    other defines (`CREATE MACRO kpi_monthly …` → `kpi_monthly(`). A cycle is an error.
    """
    sources = {path.stem: path.read_text(encoding="utf-8") for path in sorted(VIEWS_DIRECTORY.glob("*.sql"))}
    code = {stem: _SQL_COMMENT.sub("", sql) for stem, sql in sources.items()}
    defined = {stem: set(_DEFINED_NAME.findall(body)) for stem, body in code.items()}
    uses = {stem: {other for other in sources if other != stem
                   and any(re.search(rf"\b{re.escape(name)}\b", code[stem]) for name in defined[other])}
            for stem in sources}
    sorter = graphlib.TopologicalSorter(uses)
    sorter.prepare()
    order = []
    while sorter.is_active():  # ready blocks in name order, so the order is the same on every machine
        ready = sorted(sorter.get_ready())
        order += ready
        sorter.done(*ready)
    return [(stem, sources[stem]) for stem in order]


def _file_versions(files: dict[str, list[Path]], data_dir: Path) -> dict[str, FileVersions]:
    versions = {}
    for name, paths in files.items():
        versions[name] = {}
        for path in paths:
            status = path.stat()
            versions[name][_relative(path, data_dir)] = (status.st_size, status.st_mtime_ns)
    return versions


def _update(con: duckdb.DuckDBPyConnection, data_dir: Path, known: dict[str, FileVersions] | None) -> None:
    """Bring the database `con` up to the exports of `data_dir`: `known` is what it holds (None: nothing yet, a
    new database). Raises `DataContractError` before changing anything when a new or replaced file breaks the
    contract's schema."""
    files = {table.name: table_files(data_dir, table.name) for table in TABLES}
    versions = _file_versions(files, data_dir)
    held = known or {}
    changed = {name: [path for path in paths
                      if held.get(name, {}).get(_relative(path, data_dir)) != versions[name][_relative(path, data_dir)]]
               for name, paths in files.items()}
    problems = [problem for table in TABLES
                for problem in (_schema_problems(con, table, changed[table.name], data_dir) if files[table.name]
                                else _missing_table(table))]
    if problems:
        raise DataContractError(data_dir, problems)
    dirty: set[str] = set()
    for table in TABLES:
        before = held.get(table.name, {})
        if _tables_read_by_rules(table) & dirty:  # its reference rules read a table that changed: all again
            forget, check = list(before), files[table.name]
        else:
            check = changed[table.name]
            forget = [file for file in before if versions[table.name].get(file) != before[file]]
        if known is not None and not check and not forget:
            continue
        dirty.add(table.name)
        _forget(con, table, forget)
        if check:
            _stage(con, table, check, data_dir, versions[table.name])
        _derive(con, table)
    if dirty:
        _write_quality(con)
        # The summaries are derived from the checked tables, so they are rebuilt after any change; building
        # blocks are written CREATE OR REPLACE, and a store of other blocks has another code version.
        for _, sql in building_blocks():
            con.execute(sql)


def _initialise(con: duckdb.DuckDBPyConnection, data_dir: Path, settings: Settings) -> None:
    con.execute("CREATE TABLE store_info (code_version VARCHAR, data_dir VARCHAR, settings VARCHAR)")
    con.execute("INSERT INTO store_info VALUES (?, ?, ?)", [code_version(), str(data_dir), repr(settings)])
    _create_settings(con, settings)
    _create_plan_kpis(con)
    _create_code_orders(con)
    _create_bookkeeping(con)


def _check_directory(data_dir: Path) -> None:
    if not data_dir.is_dir():
        raise DataContractError(data_dir, [ContractProblem(str(data_dir), None, "data directory not found")])


def build_database(data_dir: Path, settings: Settings) -> duckdb.DuckDBPyConnection:
    """A new in-memory database holding the checked exports of `data_dir`, or a `DataContractError`: what a store
    holds, with every file read and checked now and nothing kept (as before the store existed; tests compare the
    store with it)."""
    _check_directory(data_dir)
    con = duckdb.connect(":memory:", config=engine_config())
    try:
        _initialise(con, data_dir, settings)
        _update(con, data_dir, None)
    except BaseException:
        con.close()
        raise
    return con


def _user_cache_directory() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "csat-store"


def store_directory(data_dir: Path) -> Path:
    """Where the stores of `data_dir` live: `CSAT_STORE_DIR` if set, else `.csat-store/` beside the data
    directory, else (not writable) the user's cache folder."""
    chosen = os.environ.get(STORE_DIR_VARIABLE)
    candidates = [Path(chosen).expanduser()] if chosen else [data_dir.parent / STORE_FOLDER]
    for candidate in [*candidates, _user_cache_directory()]:
        with contextlib.suppress(OSError):
            candidate.mkdir(parents=True, exist_ok=True)
            if os.access(candidate, os.W_OK | os.X_OK):
                return candidate
    raise OSError(f"no writable folder for the store of {data_dir} (set {STORE_DIR_VARIABLE})")


def store_path(data_dir: Path, settings: Settings) -> Path:
    """The store file of one data directory and one set of settings (the settings are part of what it holds:
    the `settings` table, and summaries such as the first-response rate use them)."""
    identity = hashlib.sha256(repr((str(data_dir), settings)).encode()).hexdigest()[:16]
    return store_directory(data_dir) / f"{data_dir.name}-{identity}.duckdb"


def _attach(path: Path) -> duckdb.DuckDBPyConnection:
    # A fresh in-memory connection with the store attached read-only, rather than duckdb.connect(path): DuckDB
    # caches one instance per path in a process, which would keep serving a store that has since been replaced.
    con = duckdb.connect(":memory:", config=engine_config())
    try:
        con.execute("ATTACH ? AS store (READ_ONLY)", [str(path)])
        con.execute("USE store")
    except BaseException:
        con.close()
        raise
    return con


def _held_files(con: duckdb.DuckDBPyConnection, data_dir: Path) -> dict[str, FileVersions] | None:
    """The files a store holds by table, or None when it is of another code version or data directory."""
    info = con.execute("SELECT code_version, data_dir FROM store_info").fetchall()
    if info != [(code_version(), str(data_dir))]:
        return None
    held: dict[str, FileVersions] = {table.name: {} for table in TABLES}
    rows = con.execute("SELECT table_name, file, size, mtime_ns FROM store_files").fetchall()
    for name, file, size, mtime_ns in rows:
        held[name][file] = (size, mtime_ns)
    return held


def _stored_state(path: Path, data_dir: Path) -> dict[str, FileVersions] | None:
    """What the store at `path` holds (None: no usable store there — missing, unreadable, other version)."""
    if not path.exists():
        return None
    try:
        con = _attach(path)
    except duckdb.Error:
        return None
    try:
        return _held_files(con, data_dir)
    except duckdb.Error:
        return None
    finally:
        con.close()


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold the store's lock file: one builder at a time per store, across processes."""
    with open(path.with_name(path.name + ".lock"), "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _current(held: dict[str, FileVersions] | None, data_dir: Path) -> bool:
    if held is None:
        return False
    files = {table.name: table_files(data_dir, table.name) for table in TABLES}
    return _file_versions(files, data_dir) == held


def open_store(data_dir: Path, settings: Settings) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the up-to-date store of `data_dir`: attached as it is when the exports did not
    change, else first updated from the new or replaced files only (see the module's docstring). Raises
    `DataContractError` when the exports break the contract (the store is then left as it was)."""
    _check_directory(data_dir)
    path = store_path(data_dir, settings)
    with _locked(path):
        held = _stored_state(path, data_dir)
        if not _current(held, data_dir):
            _write_store(path, data_dir, settings, held)
    return _attach(path)


def _write_store(path: Path, data_dir: Path, settings: Settings, held: dict[str, FileVersions] | None) -> None:
    # Built in a file of its own (this process's name), then renamed over the store: atomic on one file system.
    # Only the lock's holder writes one, so any other left is from a builder that was killed: removed.
    for leftover in path.parent.glob(f"{path.name}.*.tmp*"):
        leftover.unlink(missing_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")
    try:
        if held is not None:
            shutil.copyfile(path, temporary)
        con = duckdb.connect(str(temporary), config=engine_config())
        try:
            # One transaction: the file is private until renamed, so nothing needs committing (and syncing to
            # disk) statement by statement.
            con.execute("BEGIN TRANSACTION")
            if held is None:
                _initialise(con, data_dir, settings)
            _update(con, data_dir, held)
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(temporary, path)
    finally:
        for leftover in (temporary, temporary.with_name(temporary.name + ".wal")):
            leftover.unlink(missing_ok=True)
