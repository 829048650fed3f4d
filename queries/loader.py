"""Checks the exports of one data directory against the contract once per export file version, and keeps the
checked tables in a persistent DuckDB database file — the store — that queries read.

Why: checking every parquet export on every start and every export change took minutes and gigabytes at
millions of responses. Now each file is read and checked once; a restart with unchanged exports only compares
file identities (relative path, size, mtime_ns) and attaches the store read-only.

What the store of one data directory and one set of settings holds (`store_path` says where it lives):
- `staged_NAME`: the rows of every export file of table NAME that pass the row rules, in canonical types,
  tagged with their file (path relative to the data directory), row number and (tables with a key) a hash of
  the key, so that a replaced or removed file's rows can be deleted and the new ones inserted without reading
  the other files. The staged rows of the tables summarised by month (survey responses, tickets: nearly all the rows)
  are kept in row files beside the store's file — a DuckDB file per export file version, never changed once written
  (`tables_in_row_files`) — so that an update copies only the store's own file and writes a new month's rows alone;
- `duplicate_NAME` (tables with a key): the staged rows rejected as a duplicate key — of valid rows sharing a key,
  the newest export's is kept (DUPLICATE_ORDER). An update decides again only the rows of the keys it deleted or
  added (a new or replaced file takes its keys over, exactly as a build from all files would decide);
- `NAME`: the checked table the queries read — for the tables with summaries kept by month (survey responses,
  tickets) a view of the staged rows that are not duplicates, so an update writes only the new rows and never
  copies or sorts the history again; for the small tables a table derived again whenever it changed, in (file,
  row) order (plans and milestones are shown in that order);
- `store_files` (each file's identity and rows read), `store_rule_rejections` (rows per file and row rule),
  `store_rule_examples` (the first RULE_EXAMPLES rows per file of each row rule they broke: row, key, value),
  `store_duplicates` (rows per file rejected as a duplicate key), and from them `data_quality_rejections` and
  `data_quality_tables`, the figures the pages and `python -m queries data_quality` show;
- `settings`, the contract's code lists, and the building blocks of `queries/views/`: macros, the per city × month
  summaries the KPIs pool from and the tables built on them (every city's and the nation's KPIs, the ranking;
  see each file's header). A summary whose header says `-- kept by month of TABLE.COLUMN` is updated month by
  month: after an update only the rows of the months whose rows changed are deleted and written again, reading
  those months' rows alone (a new month costs its own rows, not the history);
- `store_info`: the code version (a hash of this module, the contract, the settings module, every building block
  and DuckDB's version); a store of another version is rebuilt from nothing.

How a store is brought up to date (`open_store`), under a lock file so that processes (xdist workers, several
dashboards) never build the same store at once:
1. the files of each table are listed (`NAME.parquet`, or `*.parquet` at any depth below `NAME/`, hive
   partitions allowed) with their identity — no parquet is opened;
2. a store of this version with the same files is attached read-only as it is;
3. otherwise the store's file is copied to a temporary file (or a new one is started; row files are shared, not
   copied) and, table by table in the contract's order (reference rules read the tables before), only new or
   replaced files are schema-checked —
   a missing table or column, a wrong type or an unreadable file raises `DataContractError` naming every
   problem at once, and the store stays as it was — the staged rows of replaced or removed files are deleted,
   the new files are read (a batch of files at a time, so memory does not grow with the history) and their row
   rules checked, and the duplicates of the changed keys are decided again. A table whose rules read
   a table that changed (`city_code IN (SELECT city_code FROM cities)`) is re-checked from all its files;
4. the quality tables and the building blocks are written again (summaries kept by month: the changed months),
   the file is checkpointed and renamed over the store: a crash leaves the previous store or none, never a
   half-written one. Readers keep the file they opened; the next `open_store` sees the new one.

`build_database(data_dir, settings)` builds the same database in memory from every file, with the same code and
nothing kept: the reference the tests compare the store with. DuckDB's memory limit, threads and spill folder
come from `engine_config` (queries/settings.py): a build's limits while building, a server's while serving.
"""

import contextlib
import fcntl
import graphlib
import hashlib
import os
import re
import shutil
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb

from queries import kept_answers
from queries.catalogue import QUERY_DIRECTORY
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
SQL_COMMENT = re.compile(r"--[^\n]*")
# The tables a row rule reads (`IN (SELECT city_code FROM cities)`): a change there re-checks the reader.
_READ_TABLE = re.compile(r"\bFROM\s+(\w+)", re.IGNORECASE)
BUSINESS_TIME_ZONE = "Asia/Shanghai"
# The folder beside the data directory where its stores live when CSAT_STORE_DIR is not set.
STORE_FOLDER = ".csat-store"
# What the code version hashes: a change to any of these changes what a store holds.
_VERSIONED_FILES = (Path(__file__).resolve(), Path(__file__).resolve().parent / "contract.py",
                    Path(__file__).resolve().parent / "settings.py", Path(__file__).resolve().parent / "catalogue.py",
                    Path(__file__).resolve().parent / "kept_answers.py")
# Every parquet file the loader opened (schema check or load), absolute paths in order: tests read it to see
# which files a build re-checked; it is cleared by nobody but them.
READ_LOG: list[Path] = []
# How often an update is tried when export files keep changing while they are read (open_store).
STORE_UPDATE_ATTEMPTS = 3
# How much parquet a build reads and checks at once (about a million survey responses).
STAGE_BATCH_BYTES = 32 * 1024 * 1024
# How many rejected rows per file and rule are kept as examples (store_rule_examples: the data-quality page).
RULE_EXAMPLES = 3
# Which of the valid rows sharing a key is kept (the first in this order; the others are rejected as duplicates): the
# row of the newest export — the most recently modified file, to the millisecond (what file systems and Spark agree
# on) — so a corrected re-export wins over what it corrects; files modified in the same millisecond in path order;
# within a file, the first row. Columns of the duplicate rule's window (_derive_duplicates).
DUPLICATE_ORDER = "modified_ms DESC, source_file, source_row"
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


def _skipped(path: Path, data_dir: Path) -> bool:
    """A file no table reads: hidden (a name in its path relative to the data directory starts with "." — macOS's
    `._part.parquet`, a writer's `.staging/` folder) or a symbolic link to nothing."""
    hidden = any(part.startswith(".") for part in path.relative_to(data_dir).parts)
    return hidden or (path.is_symlink() and not path.exists())


def table_files(data_dir: Path, table_name: str) -> list[Path]:
    """The parquet files of one table, sorted: `NAME.parquet` or every `*.parquet` below `NAME/`, hidden files and
    links to nothing left out (`skipped_files` lists them)."""
    single = data_dir / f"{table_name}.parquet"
    folder = data_dir / table_name
    files = [single] if single.is_file() else []
    if folder.is_dir():
        files += sorted(p for p in folder.rglob("*.parquet") if p.is_file() and not _skipped(p, data_dir))
    return files


def skipped_files(data_dir: Path) -> list[Path]:
    """The parquet files of the data directory no table reads because they are hidden or links to nothing (see
    `_skipped`), sorted: the command line and the pages' data stamp count them."""
    if not data_dir.is_dir():
        return []
    return sorted(p for p in data_dir.rglob("*.parquet") if _skipped(p, data_dir))


def export_signature(data_dir: Path) -> tuple:
    """What identifies one state of the exports: every parquet file's path, modification time and size (the
    skipped ones aside: they change nothing, and a link to nothing has neither)."""
    if not data_dir.is_dir():
        return ("missing", str(data_dir))
    files = (p for p in data_dir.rglob("*.parquet") if not _skipped(p, data_dir))
    return tuple(sorted((str(p.relative_to(data_dir)), p.stat().st_mtime_ns, p.stat().st_size) for p in files))


@cache
def code_version() -> str:
    """The version of what a store holds: a hash of the loader, the contract, the settings module, every building
    block, the questions whose answers it keeps (queries/kept_answers.py) and DuckDB's version (its file format). A
    store of another version is rebuilt."""
    digest = hashlib.sha256(duckdb.__version__.encode())
    kept = [QUERY_DIRECTORY / f"{info.name}.sql" for info in kept_answers.kept_questions()]
    for path in (*_VERSIONED_FILES, *sorted(VIEWS_DIRECTORY.glob("*.sql")), *kept):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:20]


def _base_type(duckdb_type: str) -> str:
    # DECIMAL(18,3) → DECIMAL; a type's parameters do not change its kind. DuckDB quotes the type NULL ("NULL").
    return re.sub(r"\(.*\)$", "", duckdb_type).strip().strip('"')


# The timestamp types that are instants (timezone-aware): read as wall-clock time in the business's time zone.
_AWARE_TIMESTAMPS = ("TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ_NS")


def _type_problem(column: Column, duckdb_type: str, rows: int) -> str | None:
    """Why a file's column of type `duckdb_type` (the file has `rows` rows) cannot be read as `column`, or None.
    Besides the contract's ACCEPTED_TYPES: the parquet type NULL — what pandas and pyarrow write for a column empty
    in every row of a file — for a nullable column or in a file without rows, and DECIMAL(p, 0) for an int."""
    shown = duckdb_type.strip('"')
    base = _base_type(duckdb_type)
    if base == "NULL":
        if column.nullable or rows == 0:
            return None
        return (f"empty in every row (parquet type NULL), but the contract requires a value in every row "
                f"({column.kind})")
    if base in ACCEPTED_TYPES[column.kind]:
        return None
    if column.kind == "int" and re.fullmatch(r"DECIMAL\(\d+,\s*0\)", shown):
        return None
    return f"wrong type {shown}, expected {column.kind} ({' or '.join(ACCEPTED_TYPES[column.kind][:3])}…)"


def _relative(path: Path | str, data_dir: Path) -> str:
    path = Path(path)
    try:
        return str(path.relative_to(data_dir))
    except ValueError:
        return str(path)


def _read(con: duckdb.DuckDBPyConnection, files: list[Path], **options) -> duckdb.DuckDBPyRelation:
    # Without hive partitioning: DuckDB's would put a folder's value (month=2025-03-01/) over the column the file
    # itself carries. A folder gives only a column the file lacks (_folder_value), and a file's column that
    # disagrees with its folder breaks a rule (_folder_rules).
    READ_LOG.extend(files)
    return con.read_parquet([str(f) for f in files], hive_partitioning=False, union_by_name=True, **options)


def _folder_keys(path: Path, data_dir: Path) -> set[str]:
    """The names of the hive folders (NAME=value) a file lies in, below the data directory."""
    return {part.split("=", 1)[0] for part in path.relative_to(data_dir).parts[:-1] if "=" in part}


def _folder_value(column: str, path: str = "source_file") -> str:
    """The value of the folder `column=value` a row's file lies in ('' when there is none), from the column `path`
    holding the file's path (a staged row's source_file, or the reader's filename)."""
    return f"regexp_extract({path}, '(?:^|/){column}=([^/]*)/', 1)"


def _folder_rules(table: Table, files: list[Path], data_dir: Path, found: dict[str, str]) -> list[tuple]:
    """A rule per contract column that the files carry and also lie in a folder of (`month=2025-03/`): the
    column's value must agree with the folder's — equal as text, or the folder a prefix of it ending where a
    date's part ends (2025-03-14 in month=2025-03)."""
    named = set().union(*(_folder_keys(path, data_dir) for path in files))
    return [(f"{c.name} disagrees with its folder", c.name,
             f"{_folder_value(c.name)} = '' OR CAST({c.name} AS VARCHAR) = {_folder_value(c.name)} "
             f"OR starts_with(CAST({c.name} AS VARCHAR), {_folder_value(c.name)} || '-')")
            for c in table.columns if c.name in named and c.name in found]


def _missing_table(table: Table) -> list[ContractProblem]:
    if not table.required:
        return []
    return [ContractProblem(f"{table.name}.parquet", None,
                            f"required table missing: expected {table.name}.parquet or a folder "
                            f"{table.name}/ of parquet files")]


def _rows_in_files(con: duckdb.DuckDBPyConnection, files: list[Path]) -> int:
    """How many rows the parquet files hold, from their footers (no row is read)."""
    found = con.execute("SELECT sum(num_rows) FROM parquet_file_metadata($files)",
                        {"files": [str(f) for f in files]}).fetchall()[0][0]
    return int(found or 0)


def _schema_problems(con: duckdb.DuckDBPyConnection, table: Table, files: list[Path],
                     data_dir: Path) -> list[ContractProblem]:
    """The schema problems of `files` (the table's new or replaced files; the others were checked before), and a
    table that must not be empty (`Table.not_empty`) without a row in all its files."""
    problems = []
    for path in files:
        shown = _relative(path, data_dir)
        try:
            relation = _read(con, [path])
            found = dict(zip(relation.columns, (str(t) for t in relation.types), strict=True))
            rows = _rows_in_files(con, [path])
        except duckdb.Error as error:
            # DuckDB's message names the file by its full path: the server's folders are no viewer's business.
            first_line = str(error).splitlines()[0].replace(str(path), shown)
            problems.append(ContractProblem(shown, None, f"unreadable parquet file ({first_line})"))
            continue
        folders = _folder_keys(path, data_dir)
        for column in table.columns:
            if column.name not in found and (column.optional or column.name in folders):
                continue  # read as empty, or from its folder (see _canonical_expression)
            if column.name not in found:
                problems.append(ContractProblem(shown, column.name, "required column missing"))
            elif (problem := _type_problem(column, found[column.name], rows)) is not None:
                problems.append(ContractProblem(shown, column.name, problem))
    if files and table.not_empty and not problems:
        every_file = table_files(data_dir, table.name)
        if _rows_in_files(con, every_file) == 0:
            shown = f"{table.name}.parquet" if every_file[0].parent == data_dir else f"{table.name}/"
            problems.append(ContractProblem(shown, None, f"empty table: {table.name} needs at least one row "
                                                         f"({table.not_empty})"))
    return problems


def _canonical_expression(column: Column, found_type: str | None) -> str:
    canonical = CANONICAL_TYPES[column.kind]
    if found_type is None or found_type == "NULL":
        # An optional column no file of the table has, or a column empty in every row of the files read (parquet
        # type NULL): empty in every row, in the contract's type.
        return f"CAST(NULL AS {canonical})"
    if column.kind == "timestamp" and found_type in _AWARE_TIMESTAMPS:
        # Months are calendar months in the business's time zone, so aware timestamps become local time.
        return f"CAST(timezone('{BUSINESS_TIME_ZONE}', {column.name}) AS TIMESTAMP)"
    if found_type == "FLOAT" and canonical == "DOUBLE":
        # A float32 (89.2 is stored as 89.19999694…): through its shortest decimal text, the value the writer meant,
        # so the figures equal those of the same export written as double.
        return f"CAST(CAST({column.name} AS VARCHAR) AS DOUBLE)"
    return f"CAST({column.name} AS {canonical})"


def _row_rules(table: Table) -> list[tuple[str, str, str]]:
    """(rule, column, valid-when predicate) for every row rule of a table, not-null rules first."""
    rules = [(f"{c.name} missing", c.name, f"{c.name} IS NOT NULL") for c in table.columns if not c.nullable]
    rules += [(r.name, r.column, r.valid_when) for r in table.rules]
    return rules


def _tables_read_by_rules(table: Table) -> set[str]:
    names = {t.name for t in TABLES}
    return {name for rule in table.rules for name in _READ_TABLE.findall(rule.valid_when) if name in names}


def _create_bookkeeping(con: duckdb.DuckDBPyConnection, rows: Path | None) -> None:
    """The store's own tables: which files it holds, what their rules rejected, one staging table per contract
    table (its columns in canonical types, plus the source file and row), the duplicate-key rows of each keyed
    table, and the checked table itself as a view of the staged rows that are not duplicates. With a folder for
    row files (`rows`, a store on disk), the staged rows of the tables summarised by month are kept there
    (tables_in_row_files): staged_NAME is a view of them, over an empty table of its columns while there are none."""
    con.execute("CREATE TABLE store_row_files (table_name VARCHAR, file VARCHAR, row_file VARCHAR, first_month DATE, "
                "last_month DATE)")
    con.execute("CREATE TABLE store_retired_row_files (row_file VARCHAR, retired_at DOUBLE)")
    con.execute("CREATE TABLE store_files (table_name VARCHAR, file VARCHAR, size BIGINT, mtime_ns BIGINT, "
                "rows_read BIGINT)")
    con.execute("CREATE TABLE store_rule_rejections (table_name VARCHAR, file VARCHAR, position INTEGER, "
                "rule VARCHAR, column_name VARCHAR, rows BIGINT)")
    con.execute("CREATE TABLE store_rule_examples (table_name VARCHAR, file VARCHAR, rule VARCHAR, "
                "column_name VARCHAR, source_row BIGINT, key_value VARCHAR, value VARCHAR)")
    con.execute("CREATE TABLE store_duplicates (table_name VARCHAR, file VARCHAR, rule VARCHAR, "
                "column_name VARCHAR, rows BIGINT)")
    for table in TABLES:
        types = {c.name: CANONICAL_TYPES[c.kind] for c in table.columns}
        columns = ", ".join(f"{name} {kind}" for name, kind in types.items())
        key_hash = ", key_hash UBIGINT" if table.key else ""
        in_files = rows is not None and table.name in tables_in_row_files()
        staged = f"staged_{table.name}{ROW_FILES_SHAPE if in_files else ''}"
        con.execute(f"CREATE TABLE {staged} ({columns}, source_file VARCHAR, source_row BIGINT{key_hash})")
        if in_files:
            _point_to_row_files(con, table)
        if table.key:
            keys = ", ".join(f"{name} {types[name]}" for name in table.key)
            con.execute(f"CREATE TABLE duplicate_{table.name} ({keys}, source_file VARCHAR, source_row BIGINT)")
        if table.name in _month_columns():
            con.execute(f"CREATE VIEW {table.name} AS {_checked_rows(table)}")


def _checked_rows(table: Table, staged: str | None = None) -> str:
    """The checked rows of `table`: its staged rows (`staged`: those of some row files; None: staged_NAME) that are
    not duplicates of a key."""
    selected = ", ".join(c.name for c in table.columns)
    duplicates = f" ANTI JOIN duplicate_{table.name} USING (source_file, source_row)" if table.key else ""
    return f"SELECT {selected} FROM {staged or f'staged_{table.name}'} AS staged{duplicates}"


def _derive(con: duckdb.DuckDBPyConnection, table: Table) -> None:
    """(Re)create the checked table NAME of a table without summaries kept by month (the small ones), from all its
    checked rows in (file, row) order — the order plans and milestones are shown in (their rowid). The tables with
    such summaries (survey responses, tickets) are views of the staged rows instead: written row by row, never
    copied or sorted again (queries order what they show)."""
    if table.name not in _month_columns():
        con.execute(f"CREATE OR REPLACE TABLE {table.name} AS {_checked_rows(table)} ORDER BY source_file, source_row")


def _commit_step(con: duckdb.DuckDBPyConnection, checkpoint: bool = False) -> None:
    """Commit what a store's update wrote so far and go on in a new transaction (the file is private until renamed,
    so a crash still leaves the previous store): a transaction holding 100M uncommitted rows ran the next step out
    of memory. `checkpoint` (after a table's files) also writes the committed rows into the file for good, so the
    last checkpoint does not do every table's at once (its peak memory passed 1 GB at 100M responses). Only a table
    that staged a batch or more of files commits (`_update`): each commit syncs the file to disk, which after the
    store's copy is the whole store — a new month's few files wait for the one commit at the end. In autocommit (an
    in-memory build) there is nothing to commit."""
    try:
        con.execute("COMMIT")
    except duckdb.TransactionException:
        return
    if checkpoint:
        con.execute("CHECKPOINT")
    con.execute("BEGIN TRANSACTION")


def _stage(con: duckdb.DuckDBPyConnection, table: Table, files: list[Path], data_dir: Path,
           versions: FileVersions, rows: Path | None) -> int:
    """Read `files` of `table` in order, a batch of files at a time (STAGE_BATCH_BYTES of parquet): the rows of one
    batch are held while they are checked, so a build's memory does not grow with the history. Returns the bytes of
    parquet read."""
    batch: list[Path] = []
    size = staged = 0
    kinds = None
    for path in files:
        # A batch holds files of the same columns and types: read together, DuckDB would give them one type, and
        # naive timestamps beside aware ones would be taken as UTC (8 hours off), float32 scores widened first.
        relation = _read(con, [path])
        found = tuple(zip(relation.columns, map(str, relation.types), strict=True))
        file_size = versions[_relative(path, data_dir)][0]  # as the update found it (its identity)
        if batch and (size + file_size > STAGE_BATCH_BYTES or found != kinds):
            _stage_batch(con, table, batch, data_dir, versions, rows)
            _commit_step(con)
            batch, size = [], 0
        batch.append(path)
        size += file_size
        staged += file_size
        kinds = found
    if batch:
        _stage_batch(con, table, batch, data_dir, versions, rows)
    return staged


def _stage_batch(con: duckdb.DuckDBPyConnection, table: Table, files: list[Path], data_dir: Path,
                 versions: FileVersions, rows: Path | None) -> None:
    """Read `files` of `table`, record their rows read and rule rejections per file, and append their valid rows
    to staged_NAME (a table summarised by month in a store on disk: each file's to a row file of its own in `rows`,
    tables_in_row_files)."""
    raw = _read(con, files, filename=True, file_row_number=True)
    found = dict(zip(raw.columns, (_base_type(str(t)) for t in raw.types), strict=True))
    folders = set().union(*(_folder_keys(path, data_dir) for path in files))
    typed = ", ".join(
        f"TRY_CAST(nullif({_folder_value(c.name, 'filename')}, '') AS {CANONICAL_TYPES[c.kind]}) AS {c.name}"
        if c.name not in found and c.name in folders else f"{_canonical_expression(c, found.get(c.name))} AS {c.name}"
        for c in table.columns)
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
        rules = _row_rules(table) + _folder_rules(table, files, data_dir, found)
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
            _keep_examples(con, table, {rules[position] for _, _, position, *_ in failures}, passes, rules)
        columns = ", ".join(c.name for c in table.columns)
        key_hash = f", {_key_hash(table)} AS key_hash" if table.key else ""
        valid = f"SELECT {columns}, source_file, source_row{key_hash} FROM typed_rows WHERE {' AND '.join(passes)}"
        if rows is not None and table.name in tables_in_row_files():
            _write_row_files(con, table, valid, [_relative(path, data_dir) for path in files], rows)
        else:
            con.execute(f"INSERT INTO staged_{table.name} {valid}")
    finally:
        con.execute("DROP TABLE typed_rows")


def _key_text(table: Table) -> str:
    """A row's key as one text (the values joined by " · "): how an example row is named."""
    return " || ' · ' || ".join(f"coalesce(CAST({k} AS VARCHAR), '∅')" for k in table.key)


def _keep_examples(con: duckdb.DuckDBPyConnection, table: Table, broken: set[tuple[str, str, str]],
                   passes: list[str], rules: list[tuple[str, str, str]]) -> None:
    """Keep the first RULE_EXAMPLES rows of each file in typed_rows that broke each rule in `broken`: their row in
    the file, their key and the value of the rule's column, as text (what the data-quality page shows)."""
    key = _key_text(table) if table.key else "NULL"
    for rule, passing in zip(rules, passes, strict=True):
        if rule not in broken:
            continue
        name, column, _ = rule
        con.execute(f"INSERT INTO store_rule_examples SELECT $table, source_file, $rule, $column, source_row, "
                    f"{key}, CAST({column} AS VARCHAR) FROM typed_rows WHERE NOT {passing} "
                    f"QUALIFY row_number() OVER (PARTITION BY source_file ORDER BY source_row) <= {RULE_EXAMPLES}",
                    {"table": table.name, "rule": name, "column": column})


def _forget(con: duckdb.DuckDBPyConnection, table: Table, files: list[str]) -> None:
    """Delete everything the store holds of these files of `table` (replaced, removed or to be re-checked); their
    row files, if any, are retired (tables_in_row_files)."""
    if not files:
        return
    for bookkeeping in ("store_files", "store_rule_rejections", "store_rule_examples"):
        con.execute(f"DELETE FROM {bookkeeping} WHERE table_name = $table AND list_contains($files, file)",
                    {"table": table.name, "files": files})
    in_files = {"table": table.name, "files": files}
    if con.execute("SELECT count(*) FROM store_row_files WHERE table_name = $table AND list_contains($files, file)",
                   in_files).fetchone()[0]:
        con.execute("INSERT INTO store_retired_row_files SELECT row_file, $now FROM store_row_files "
                    "WHERE table_name = $table AND list_contains($files, file)", {**in_files, "now": time.time()})
        con.execute("DELETE FROM store_row_files WHERE table_name = $table AND list_contains($files, file)", in_files)
        _point_to_row_files(con, table)
    else:
        con.execute(f"DELETE FROM staged_{table.name} WHERE list_contains($files, source_file)", {"files": files})


# How long a row file an update stopped using is kept for readers of the store before it (tables_in_row_files).
RETIRE_SECONDS = 600.0
# The empty table of a staged table's columns that its view reads while it has no row file (_create_bookkeeping).
ROW_FILES_SHAPE = "_shape"


@cache
def tables_in_row_files() -> frozenset[str]:
    """The tables whose staged rows a store on disk keeps in row files: those of the summaries kept by month (survey
    responses, tickets: nearly all of a store's rows). They are kept in DuckDB files of their own — one per export
    file version, never changed once written, attached read-only wherever the store is read (attach_row_files) — in a
    folder beside the store (`row_files_folder`), not in the store's file: staged_NAME is a view of the table's row
    files (store_row_files). (Parquet row files scanned half as fast: a month's verbatims took 37 ms instead of 19
    at 10M responses.) An update copies the store's file before changing it, so that readers keep the store they
    opened; without the rows, that copy is the summaries and bookkeeping (at 100M responses the copy of everything
    took 13 s of a 30 s refresh), and a new month writes only its own row files.

    A row file an update stops using (its export file replaced or removed) is retired, not deleted: a reader of the
    store before may still read it. The next update deletes the files retired more than RETIRE_SECONDS ago and those
    no store lists (left by an update that failed): `_collect_row_files`. A store whose row files are not all there
    is not used."""
    return frozenset(table for _, sql in building_blocks() for table, _ in _KEPT_BY_MONTH.findall(sql))


def _sql_text(value: str) -> str:
    """`value` as an SQL string literal. Only for what DuckDB cannot bind: the path of a row file in ATTACH — a path
    the loader makes itself (the store's folder and its own file names)."""
    return "'" + value.replace("'", "''") + "'"


def _row_file_alias(row_file: str) -> str:
    """The name a row file is attached under wherever the store is read: from its own unique file name."""
    return f"row_file_{Path(row_file).stem}"


def attach_row_files(con: duckdb.DuckDBPyConnection) -> None:
    """Attach, read-only, every row file the store `con` reads (its current catalog) lists and `con` has not attached:
    its staged views read them by name (tables_in_row_files)."""
    attached = {name for (name,) in con.execute("SELECT database_name FROM duckdb_databases()").fetchall()}
    for (row_file,) in con.execute("SELECT row_file FROM store_row_files ORDER BY row_file").fetchall():
        if _row_file_alias(row_file) not in attached:
            con.execute(f"ATTACH {_sql_text(row_file)} AS {_row_file_alias(row_file)} (READ_ONLY)")


def _row_files_read(con: duckdb.DuckDBPyConnection, table: Table, months: list | None = None) -> str:
    """The staged rows of `table`'s row files — of those holding rows of `months` (None: all) — as one SELECT, in
    export-file order (tables_in_row_files)."""
    found = con.execute("SELECT row_file FROM store_row_files WHERE table_name = $table AND ($first IS NULL OR "
                        "(first_month <= $last AND last_month >= $first)) ORDER BY file",
                        {"table": table.name, "first": months[0] if months else None,
                         "last": months[-1] if months else None}).fetchall()
    sources = [f"{_row_file_alias(row_file)}.staged_rows" for (row_file,) in found]
    return " UNION ALL ".join(f"SELECT * FROM {source}"
                              for source in sources or [f"staged_{table.name}{ROW_FILES_SHAPE}"])


def _point_to_row_files(con: duckdb.DuckDBPyConnection, table: Table) -> None:
    """(Re)create the view staged_NAME over the table's row files (tables_in_row_files)."""
    con.execute(f"CREATE OR REPLACE VIEW staged_{table.name} AS {_row_files_read(con, table)}")


@contextlib.contextmanager
def _outside_transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Commit the update's transaction, if any, for a while and begin another after it: a DuckDB transaction writes
    to one database only (a store being updated is private until renamed, so its commits change nothing for
    readers)."""
    try:
        con.execute("COMMIT")
        in_transaction = True
    except duckdb.TransactionException:
        in_transaction = False
    try:
        yield
    finally:
        if in_transaction:
            con.execute("BEGIN TRANSACTION")


def _write_row_files(con: duckdb.DuckDBPyConnection, table: Table, valid: str, files: list[str], rows: Path) -> None:
    """Write the valid rows (`valid`, a SELECT over typed_rows) of each of `files` to a new row file of its own in
    `rows` — a DuckDB database of one table, staged_rows: its rows are scanned as fast as the store's own —, synced
    to disk before the store lists it: a store never lists a row file a crash could lose."""
    folder = rows / table.name
    folder.mkdir(parents=True, exist_ok=True)
    with _outside_transaction(con):
        for file in files:
            # A name of its own each time: a file checked again (its rules read a table that changed) must not change
            # the rows a reader of the store before reads.
            target = str(folder / f"{uuid.uuid4().hex}.duckdb")
            alias = _row_file_alias(target)
            con.execute(f"ATTACH {_sql_text(target)} AS {alias}")
            try:
                con.execute(f"CREATE TABLE {alias}.staged_rows AS {valid} AND source_file = $file", {"file": file})
            finally:
                con.execute(f"DETACH {alias}")
            _sync_to_disk(Path(target))
            con.execute(f"ATTACH {_sql_text(target)} AS {alias} (READ_ONLY)")
            month = f"CAST(date_trunc('month', {_month_columns()[table.name]}) AS DATE)"
            con.execute(f"INSERT INTO store_row_files SELECT $table, $file, $target, min({month}), max({month}) "
                        f"FROM {alias}.staged_rows", {"table": table.name, "file": file, "target": target})
    _point_to_row_files(con, table)


def row_files_folder(path: Path) -> Path:
    """Where the store at `path` keeps its row files (tables_in_row_files): a folder beside it, one subfolder per
    code version (a store of another version, still read by a process of that version, keeps its own)."""
    return path.with_name(path.name + ".rows") / code_version()


def _collect_row_files(con: duckdb.DuckDBPyConnection | None, rows: Path) -> None:
    """Delete the row files of `rows` no reader needs: those the store being updated (`con`; None: a new store)
    neither lists nor retired less than RETIRE_SECONDS ago, and the folders of other code versions retired as long
    ago (a new store retires them: a process of that version may still read them)."""
    now = time.time()
    keep: set[str] = set()
    if con is not None:
        con.execute("DELETE FROM store_retired_row_files WHERE retired_at < $before", {"before": now - RETIRE_SECONDS})
        keep = {row_file for (row_file,) in con.execute("SELECT row_file FROM store_row_files UNION ALL "
                                                         "SELECT row_file FROM store_retired_row_files").fetchall()}
    for path in (p for p in rows.rglob("*") if p.is_file()) if rows.is_dir() else ():
        if str(path).removesuffix(".wal") not in keep:
            path.unlink(missing_ok=True)
    for other in (p for p in rows.parent.iterdir() if p.is_dir() and p != rows) if rows.parent.is_dir() else ():
        marker = other / "retired"
        if not marker.exists():
            marker.write_text(str(now))
        elif now - marker.stat().st_mtime > RETIRE_SECONDS:
            shutil.rmtree(other, ignore_errors=True)


def _key_hash(table: Table) -> str:
    """A 64-bit hash of a row's key, kept beside each staged row (key_hash): the duplicate rule first finds the
    hashes held more than once — an aggregate over one fixed-width column, which spills to disk in small pieces,
    where one over the keys themselves (text) ran out of memory at 100M responses — and then decides on the keys
    themselves among those rows alone, so two keys that share a hash are never taken for each other."""
    return f"hash({', '.join(table.key)})"


def _derive_duplicates(con: duckdb.DuckDBPyConnection, table: Table, changed: "_ChangedRows | None") -> None:
    """Bring duplicate_NAME and the table's duplicate counts per file up to date. Of valid rows sharing a key, the
    one of the newest export is kept and the others are rejected (DUPLICATE_ORDER), so an export written twice loses
    nothing, a corrected export replaces what an older one said, and a conflicting duplicate is reported. Only the
    rows of the keys an update changed are decided again (`changed`): a new or replaced file takes its keys over,
    exactly as a build from all files would decide; None decides every key (a new store). The window reads the key
    and source columns and the files' ages only."""
    key = ", ".join(table.key)
    staged = f"staged_{table.name}"
    if changed is None:
        con.execute(f"DELETE FROM duplicate_{table.name}")
    else:
        same_key = " AND ".join(f"duplicate_{table.name}.{k} = {changed.keys}.{k}" for k in table.key)
        con.execute(f"DELETE FROM duplicate_{table.name} USING {changed.keys} WHERE {same_key}")
        staged = changed.rows_of_keys()
    # The key hashes held more than once first (_key_hash), on their own (an aggregate that spills; in one statement
    # with the join and window below it ran out of memory at 100M responses), then the window by key over their rows
    # alone (a window over every row held all of them in memory).
    # Staged rows that may be in row files have their key hashes gathered in one temporary table first: the aggregate
    # over their union (a scan per row file) ran out of memory at 100M responses where the same over one table spills.
    hashes = staged
    if changed is None and table.name in tables_in_row_files():
        con.execute(f"CREATE TEMP TABLE staged_key_hashes AS SELECT key_hash FROM {staged}")
        hashes = "staged_key_hashes"
    try:
        con.execute(f"CREATE TEMP TABLE shared_key_hashes AS SELECT key_hash FROM {hashes} GROUP BY key_hash "
                    "HAVING count(*) > 1")
    finally:
        con.execute("DROP TABLE IF EXISTS staged_key_hashes")
    con.execute("CREATE TEMP TABLE file_ages AS SELECT file AS source_file, mtime_ns // 1000000 AS modified_ms "
                "FROM store_files WHERE table_name = $table", {"table": table.name})
    try:
        con.execute(f"INSERT INTO duplicate_{table.name} SELECT {key}, source_file, source_row FROM (SELECT {key}, "
                    f"source_file, source_row, row_number() OVER (PARTITION BY {key} ORDER BY {DUPLICATE_ORDER}) "
                    f"AS occurrence FROM {staged} SEMI JOIN shared_key_hashes USING (key_hash) "
                    "JOIN file_ages USING (source_file)) WHERE occurrence > 1")
    finally:
        con.execute("DROP TABLE shared_key_hashes")
        con.execute("DROP TABLE file_ages")
    con.execute("DELETE FROM store_duplicates WHERE table_name = $table", {"table": table.name})
    con.execute(f"INSERT INTO store_duplicates SELECT $table, source_file, $rule, $column, count(*) "
                f"FROM duplicate_{table.name} GROUP BY source_file",
                {"table": table.name, "rule": f"duplicate {key}", "column": table.key[0]})


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
    # A few rows of each rejection: the row rules' kept examples, and the first duplicates of each file.
    con.execute("CREATE OR REPLACE TABLE data_quality_examples AS FROM store_rule_examples")
    for table in (t for t in TABLES if t.key):
        key = _key_text(table)
        con.execute(f"INSERT INTO data_quality_examples SELECT $table, source_file, $rule, $column, source_row, "
                    f"{key}, NULL FROM duplicate_{table.name} QUALIFY row_number() OVER (PARTITION BY source_file "
                    f"ORDER BY source_row) <= {RULE_EXAMPLES}",
                    {"table": table.name, "rule": f"duplicate {', '.join(table.key)}", "column": table.key[0]})
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
    code = {stem: SQL_COMMENT.sub("", sql) for stem, sql in sources.items()}
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


def _update(con: duckdb.DuckDBPyConnection, data_dir: Path, known: dict[str, FileVersions] | None,
            rows: Path | None = None) -> dict[str, set | None]:
    """Bring the database `con` up to the exports of `data_dir`: `known` is what it holds (None: nothing yet, a
    new database); `rows`: the folder of its row files (a store on disk: tables_in_row_files; None: every staged row
    in the database). Raises `DataContractError` before changing anything when a new or replaced file breaks the
    contract's schema. Returns the tables that changed → the months whose rows changed (None: all of them)."""
    files = {table.name: table_files(data_dir, table.name) for table in TABLES}
    versions = _file_versions(files, data_dir)
    held = known or {}
    changed = {name: [path for path in paths
                      if held.get(name, {}).get(_relative(path, data_dir)) != versions[name][_relative(path, data_dir)]]
               for name, paths in files.items()}
    problems = [problem for table in TABLES
                for problem in (_schema_problems(con, table, changed[table.name], data_dir) if files[table.name]
                                else _missing_table(table))]
    problems += [ContractProblem(f"{table.name}.parquet, {table.name}/", None,
                                 f"{table.name} is given twice, as a file and as a folder: keep one of them")
                 for table in TABLES if (data_dir / f"{table.name}.parquet").is_file()
                 and any(path.parent != data_dir for path in files[table.name])]
    if problems:
        raise DataContractError(data_dir, problems)
    month_columns = _month_columns()
    # table → the months whose rows changed, for the summaries kept by month (None: a new database, all of them)
    touched: dict[str, set | None] = {}
    for table in TABLES:
        before = held.get(table.name, {})
        if _tables_read_by_rules(table) & set(touched):  # its reference rules read a table that changed: all again
            forget, check = list(before), files[table.name]
        else:
            check = changed[table.name]
            forget = [file for file in before if versions[table.name].get(file) != before[file]]
        if known is not None and not check and not forget:
            continue
        checked = [_relative(path, data_dir) for path in check]
        touched[table.name] = None if known is None else set()
        changed_rows = _ChangedRows(con, table, month_columns.get(table.name), touched[table.name])
        changed_rows.note_files(forget)  # before their rows are deleted
        _forget(con, table, forget)
        staged = _stage(con, table, check, data_dir, versions[table.name], rows) if check else 0
        changed_rows.note_files(checked)
        if staged >= STAGE_BATCH_BYTES:  # a small change waits for the update's one commit (_commit_step)
            _commit_step(con, checkpoint=True)
        if table.key:
            _derive_duplicates(con, table, None if known is None else changed_rows)
        _derive(con, table)
        _check_rows_left(con, table, files[table.name], data_dir)
        changed_rows.note_rows_of_keys()  # a row whose key changed may have won or lost its key: its month too
        changed_rows.close()
    if touched:
        _write_quality(con)
        _write_blocks(con, touched)
    return touched


def _check_rows_left(con: duckdb.DuckDBPyConnection, table: Table, files: list[Path], data_dir: Path) -> None:
    """A table that must not be empty (`Table.not_empty`) whose every row broke a row rule is a contract problem,
    like an empty one (every figure read from it would be lost without a word)."""
    # One row is enough (not a count over 100M responses); fetchall, not fetchone: a result left unfinished makes
    # DuckDB refuse the relation API's next call (_read).
    if not table.not_empty or con.execute(f"SELECT 1 FROM {table.name} LIMIT 1").fetchall():
        return
    broken = con.execute("SELECT rule, sum(rows) FROM store_rule_rejections WHERE table_name = $table "
                         "GROUP BY rule, position ORDER BY position", {"table": table.name}).fetchall()
    rules = "; ".join(f"{rule}: {rows:,}" for rule, rows in broken)
    shown = f"{table.name}.parquet" if files[0].parent == data_dir else f"{table.name}/"
    raise DataContractError(data_dir, [ContractProblem(shown, None, (
        f"no row left: every row broke a row rule ({rules}); {table.name} needs at least one row ({table.not_empty})"
    ))])


class _ChangedRows:
    """What an update changed in one table: the keys of the rows it deleted or added (a temporary table, for the
    duplicate rule) and the months of those rows (`months`, for the summaries kept by month). With `months` None
    (a new database) nothing is noted: everything is new."""

    def __init__(self, con: duckdb.DuckDBPyConnection, table: Table, month_column: str | None,
                 months: set | None):
        self.con, self.table, self.month_column, self.months = con, table, month_column, months
        self.keys = f"changed_keys_{table.name}"
        self.noting = months is not None
        self.has_key_rows = False
        if self.noting and table.key:
            key_types = ", ".join(f"{c.name} {CANONICAL_TYPES[c.kind]}" for c in table.columns if c.name in table.key)
            con.execute(f"CREATE TEMP TABLE {self.keys} ({key_types})")

    def _note_months(self, rows: str, parameters: dict) -> None:
        if self.month_column:
            found = self.con.execute(f"SELECT DISTINCT CAST(date_trunc('month', {self.month_column}) AS DATE) "
                                     f"FROM {rows}", parameters).fetchall()
            self.months.update(month for (month,) in found if month is not None)

    def note_files(self, files: list[str]) -> None:
        if not self.noting or not files:
            return
        rows = f"staged_{self.table.name} WHERE list_contains($files, source_file)"
        if self.table.key:
            self.con.execute(f"INSERT INTO {self.keys} SELECT {', '.join(self.table.key)} FROM {rows}",
                             {"files": files})
        self._note_months(rows, {"files": files})

    def rows_of_keys(self) -> str:
        """A temporary table of every staged row (key, file, row, month column) whose key changed: read once for
        the duplicate rule and the months."""
        rows = f"changed_key_rows_{self.table.name}"
        if not self.has_key_rows:
            month = f", {self.month_column}" if self.month_column else ""
            first = self.table.key[0]
            # The changed keys' range, bound: DuckDB then skips the row groups outside it (keys written in time
            # order, as ids usually are, make a new month's keys one narrow range) before joining.
            low, high = self.con.execute(f"SELECT min({first}), max({first}) FROM {self.keys}").fetchone()
            self.con.execute(f"CREATE TEMP TABLE {rows} AS SELECT {', '.join(self.table.key)}, source_file, "
                             f"source_row, key_hash{month} FROM staged_{self.table.name} "
                             f"SEMI JOIN {self.keys} USING ({', '.join(self.table.key)}) "
                             f"WHERE {first} BETWEEN $low AND $high", {"low": low, "high": high})
            self.has_key_rows = True
        return rows

    def note_rows_of_keys(self) -> None:
        if self.noting and self.table.key:
            self._note_months(self.rows_of_keys(), {})

    def close(self) -> None:
        if self.noting and self.table.key:
            self.con.execute(f"DROP TABLE {self.keys}")
            self.con.execute(f"DROP TABLE IF EXISTS changed_key_rows_{self.table.name}")


# A building block kept by month declares it on a line of its header: `-- kept by month of TABLE.COLUMN` — its rows
# are those of the table's rows, grouped by the calendar month of COLUMN (its `month` column).
_KEPT_BY_MONTH = re.compile(r"^--\s*kept by month of (\w+)\.(\w+)\s*$", re.MULTILINE)
_TABLE_BODY = re.compile(r"\bCREATE\s+OR\s+REPLACE\s+TABLE\s+(\w+)\s+AS\s+(.*?);?\s*$", re.IGNORECASE | re.DOTALL)
# The order a building block's table is written in: its SELECT's closing ORDER BY.
_TABLE_ORDER = re.compile(r"\bORDER\s+BY\s+([\w\s,]+?)\s*$", re.IGNORECASE)


def summary_blocks() -> tuple[str, ...]:
    """The summaries: the building blocks kept by month (`-- kept by month of`), plain `CREATE OR REPLACE TABLE …
    AS SELECT` over the checked tables, in building order — the SQL an engine other than DuckDB can run too
    (tools/spark_summaries.py)."""
    return tuple(stem for stem, sql in building_blocks() if _KEPT_BY_MONTH.search(sql))


@cache
def _month_columns() -> dict[str, str]:
    """table → the column whose calendar month its rows belong to (contract `Table.month_column`): an update notes
    the months whose rows changed in these tables. The summaries kept by month go by the same column."""
    found = {table.name: table.month_column for table in TABLES if table.month_column}
    for stem, sql in building_blocks():
        for table, column in _KEPT_BY_MONTH.findall(sql):
            if found.get(table) != column:
                raise ValueError(f"queries/views/{stem}.sql: summaries of {table} must go by its month column, "
                                 f"{found.get(table) or 'which the contract does not name'}")
    return found


def _write_blocks(con: duckdb.DuckDBPyConnection, touched: dict[str, set | None]) -> None:
    """Write the building blocks again after an update that changed the tables in `touched`. A summary kept by
    month whose other inputs did not change has only the changed months' rows deleted and written again (a new
    month costs its own rows, not the whole history); every other block is created again (macros and the small
    tables derived from the summaries)."""
    contract_tables = {table.name for table in TABLES}
    for _, sql in building_blocks():
        kept = _KEPT_BY_MONTH.search(sql)
        code = SQL_COMMENT.sub("", sql)
        body = _TABLE_BODY.search(code)
        reads = {name for name in contract_tables if re.search(rf"\b{name}\b", code)}
        if kept is None or body is None or (reads & set(touched)) - {kept[1]}:
            con.execute(sql)
            continue
        if kept[1] not in touched:
            continue  # nothing it reads changed
        name = body[1]
        if touched[kept[1]] is None:
            # A new store: the summary created empty, then written a month at a time as an update writes it — one
            # statement over every month held all of them at once (out of memory at 100M responses).
            con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM ({body[2]}) WHERE false")
            found = con.execute(f"SELECT DISTINCT CAST(date_trunc('month', {kept[2]}) AS DATE) AS month "
                                f"FROM {kept[1]} WHERE month IS NOT NULL ORDER BY month").fetchall()
            chunks = [[month] for (month,) in found]
        else:
            chunks = [sorted(touched[kept[1]])]
        for months in (chunk for chunk in chunks if chunk):
            select = body[2]
            # Only the changed months' rows are read: the table is read through a filter on its month (the
            # filter on the result alone would not reach the rows through GROUPING SETS).
            # The range lets DuckDB skip the row groups of other months (rows are staged file by file).
            # In row files, only those holding rows of these months are read (a month's summaries read every row
            # file's staged rows otherwise, each statement planning a scan of each).
            rows = kept[1]
            if con.execute("SELECT count(*) FROM store_row_files WHERE table_name = $table",
                           {"table": kept[1]}).fetchone()[0]:
                table = next(t for t in TABLES if t.name == kept[1])
                rows = f"({_checked_rows(table, f'({_row_files_read(con, table, months)})')})"
            month_rows = (f"(SELECT * FROM {rows} AS {kept[1]} WHERE {kept[2]} >= CAST($first AS TIMESTAMP) "
                          f"AND {kept[2]} < CAST($first AS TIMESTAMP) + to_months($span) "
                          f"AND list_contains($months, CAST(date_trunc('month', {kept[2]}) AS DATE)))")
            select, reads_rows = re.subn(rf"\bFROM\s+{kept[1]}\b", f"FROM {month_rows} AS {kept[1]}", select)
            span = (months[-1].year - months[0].year) * 12 + months[-1].month - months[0].month + 1
            bounds = {"first": months[0], "span": span} if reads_rows else {}
            con.execute(f"DELETE FROM {name} WHERE list_contains($months, month)", {"months": months})
            con.execute(f"INSERT INTO {name} SELECT * FROM ({select}) WHERE list_contains($months, month)",
                        {"months": months, **bounds})
        order = _TABLE_ORDER.search(body[2])
        if touched[kept[1]] is None and order and not order[1].lower().startswith("month"):
            # Written a month at a time, a new summary is in month order; one whose own order starts elsewhere
            # (ticket_hours_city_month: by city) is put in it once, so that a question about a few cities reads
            # their row groups only (DuckDB skips a row group by its min and max). An update appends a changed
            # month's rows, in their own order, after the rest.
            con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM {name} ORDER BY {order[1]}")


def _initialise(con: duckdb.DuckDBPyConnection, data_dir: Path, settings: Settings, rows: Path | None = None) -> None:
    con.execute("CREATE TABLE store_info (code_version VARCHAR, data_dir VARCHAR, settings VARCHAR)")
    con.execute("INSERT INTO store_info VALUES (?, ?, ?)", [code_version(), str(data_dir), repr(settings)])
    _create_settings(con, settings)
    _create_plan_kpis(con)
    _create_code_orders(con)
    _create_bookkeeping(con, rows)


def _connect(database: str, role: str = "serve") -> duckdb.DuckDBPyConnection:
    """A connection of the query layer: DuckDB's limits for `role` (engine_config) and no progress bar — DuckDB
    would draw it on standard output, which the command line's csv and json carry alone, and a server has no
    terminal. (A session option, which DuckDB refuses in a connection's config; cursors start without one.)"""
    con = duckdb.connect(database, config=engine_config(role))
    con.execute("SET enable_progress_bar = false")
    return con


def _check_directory(data_dir: Path) -> None:
    if not data_dir.is_dir():
        raise DataContractError(data_dir, [ContractProblem(str(data_dir), None, "data directory not found")])


def build_database(data_dir: Path, settings: Settings) -> duckdb.DuckDBPyConnection:
    """A new in-memory database holding the checked exports of `data_dir`, or a `DataContractError`: what a store
    holds, with every file read and checked now and nothing kept (as before the store existed; tests compare the
    store with it)."""
    _check_directory(data_dir)
    con = _connect(":memory:", "build")
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
    con = _connect(":memory:")
    try:
        con.execute("ATTACH ? AS store (READ_ONLY)", [str(path)])
        con.execute("USE store")
        attach_row_files(con)
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
    """What the store at `path` holds (None: no usable store there — missing, unreadable, other version, or a row
    file of it gone: attaching it fails)."""
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


def _export_versions(data_dir: Path) -> dict[str, FileVersions]:
    return _file_versions({table.name: table_files(data_dir, table.name) for table in TABLES}, data_dir)


def _current(held: dict[str, FileVersions] | None, data_dir: Path) -> bool:
    return held is not None and _export_versions(data_dir) == held


def open_store(data_dir: Path, settings: Settings) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the up-to-date store of `data_dir`: attached as it is when the exports did not
    change, else first updated from the new or replaced files only (see the module's docstring). Raises
    `DataContractError` when the exports break the contract (the store is then left as it was)."""
    _check_directory(data_dir)
    path = store_path(data_dir, settings)
    with _locked(path):
        for attempt in range(1, STORE_UPDATE_ATTEMPTS + 1):
            held = _stored_state(path, data_dir)
            if _current(held, data_dir):
                break
            before = _export_versions(data_dir)
            try:
                _write_store(path, data_dir, settings, held)
                break
            except duckdb.Error:
                # A file replaced while it was read gives DuckDB a footer of one version and the rows of another
                # ("Invalid data"): when the files changed meanwhile, the update is made again from the new state.
                if attempt == STORE_UPDATE_ATTEMPTS or _export_versions(data_dir) == before:
                    raise
    return _attach(path)


def open_last_good_store(data_dir: Path, settings: Settings) -> duckdb.DuckDBPyConnection | None:
    """A read-only connection to the store of `data_dir` as it is — the last export version that passed the
    contract, whatever the files hold now — or None when there is no usable store (none yet, another code
    version). For serving that version while changed exports break the contract (queries/runner.py)."""
    path = store_path(data_dir, settings)
    with _locked(path):
        if _stored_state(path, data_dir) is None:
            return None
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
            # The copy goes to disk while the update runs (a thread waiting on the disk, not on a core): DuckDB's
            # commit syncs the file, and would otherwise wait for the whole copy (0.7 s at 10M responses, 5 s at
            # 100M) after the update's own work.
            threading.Thread(target=_sync_to_disk, args=(temporary,), name="store-copy-sync", daemon=True).start()
        rows = row_files_folder(path)
        con = _connect(str(temporary), "build")
        try:
            # One transaction: the file is private until renamed, so nothing needs committing (and syncing to
            # disk) statement by statement.
            if held is not None:
                attach_row_files(con)
            con.execute("BEGIN TRANSACTION")
            _collect_row_files(None if held is None else con, rows)
            if held is None:
                _initialise(con, data_dir, settings, rows)
            touched = _update(con, data_dir, held, rows)
            con.execute("COMMIT")
            # The kept answers read the tables as committed: rows still in a transaction have other row ids, and
            # questions that keep a table's own order read them (`plan.rowid`).
            con.execute("BEGIN TRANSACTION")
            kept_answers.write(con, touched, _month_columns())
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
        finally:
            con.close()
        _replace_store(temporary, path)
    finally:
        for leftover in (temporary, temporary.with_name(temporary.name + ".wal")):
            leftover.unlink(missing_ok=True)


def _sync_to_disk(path: Path) -> None:
    """Write `path`'s data from the page cache to disk (fsync), if it is still there."""
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return  # already renamed or removed: its update is over
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _replace_store(temporary: Path, path: Path) -> None:
    """Rename the updated store `temporary` over `path`. The replaced file is deleted by a thread of its own: freeing
    a file of gigabytes takes seconds (5 s at 100M responses), which the new store need not wait for. It is first
    linked under a leftover's name (`….tmp.retired`), which the next update removes if this process ends before the
    thread does; on a file system without hard links it is replaced (and freed) in place. (A process still reading
    the replaced file keeps its rows until it closes it, whatever its name.)"""
    retired = None
    if path.exists():
        retired = temporary.with_name(temporary.name + ".retired")
        try:
            os.link(path, retired)
        except OSError:
            retired = None
    os.replace(temporary, path)
    if retired is not None:
        threading.Thread(target=retired.unlink, kwargs={"missing_ok": True}, name="store-retired-file",
                         daemon=True).start()
