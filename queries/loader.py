"""Builds the in-memory DuckDB database of one data directory: load, check against the contract, clean.

For each contract table the loader
1. finds its files (`NAME.parquet`, or a folder `NAME/` of parquet files at any depth, hive partitions allowed);
2. checks every file can be read and has every contract column in an accepted type (an optional column may be
   absent: it is read as empty) — otherwise it raises `DataContractError`, naming each file and column (all
   problems at once, not the first only);
3. reads the files into `NAME` with canonical types, keeping only rows that pass every row rule, and
   records how many rows of which file broke which rule in `data_quality_rejections`;
4. finally creates the building blocks in `queries/views/` that the question queries read (macros and views,
   each after the blocks it uses: see `building_blocks`).
"""

import graphlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
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
from queries.settings import Settings

VIEWS_DIRECTORY = Path(__file__).resolve().parent / "views"
# What a building block's file defines: CREATE MACRO / VIEW / TABLE name.
_DEFINED_NAME = re.compile(r"\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:MACRO|VIEW|TABLE)\s+(\w+)", re.IGNORECASE)
_SQL_COMMENT = re.compile(r"--[^\n]*")
BUSINESS_TIME_ZONE = "Asia/Shanghai"


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
    return con.read_parquet([str(f) for f in files], hive_partitioning=True, union_by_name=True, **options)


def _schema_problems(con: duckdb.DuckDBPyConnection, table: Table, files: list[Path],
                     data_dir: Path) -> list[ContractProblem]:
    if not files:
        if not table.required:
            return []
        return [ContractProblem(f"{table.name}.parquet", None,
                                f"required table missing: expected {table.name}.parquet or a folder "
                                f"{table.name}/ of parquet files")]
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


def _empty_table(con: duckdb.DuckDBPyConnection, table: Table) -> None:
    columns = ", ".join(f"{c.name} {CANONICAL_TYPES[c.kind]}" for c in table.columns)
    con.execute(f"CREATE TABLE {table.name} ({columns})")


def _row_rules(table: Table) -> list[tuple[str, str, str]]:
    """(rule, column, valid-when predicate) for every row rule of a table, not-null rules first."""
    rules = [(f"{c.name} missing", c.name, f"{c.name} IS NOT NULL") for c in table.columns if not c.nullable]
    rules += [(r.name, r.column, r.valid_when) for r in table.rules]
    return rules


def _load_table(con: duckdb.DuckDBPyConnection, table: Table, files: list[Path], data_dir: Path) -> None:
    if not files:
        _empty_table(con, table)
        _record_table(con, table.name, 0, 0, 0)
        return
    raw = _read(con, files, filename=True, file_row_number=True)
    raw.to_table(f"raw_{table.name}")
    found = dict(zip(raw.columns, (_base_type(str(t)) for t in raw.types), strict=True))
    typed = ", ".join(f"{_canonical_expression(c, found.get(c.name))} AS {c.name}" for c in table.columns)
    con.execute(f"CREATE TEMP TABLE typed_{table.name} AS SELECT {typed}, filename AS source_file, "
                f"file_row_number AS source_row FROM raw_{table.name}")
    con.execute(f"DROP TABLE raw_{table.name}")

    rules = _row_rules(table)
    # A rule whose predicate is NULL (a value it compares with is missing) passes: the not-null rules
    # already report missing values, and one missing value should not count as two broken rules.
    passes = [f"coalesce(({predicate}), true)" for _, _, predicate in rules]
    for (rule, column, _), passing in zip(rules, passes, strict=True):
        failures = con.execute(f"SELECT source_file, count(*) FROM typed_{table.name} WHERE NOT {passing} "
                               "GROUP BY source_file ORDER BY source_file").fetchall()
        _record_rejections(con, table.name, rule, column, failures, data_dir)

    valid = " AND ".join(passes)
    columns = ", ".join(c.name for c in table.columns)
    if table.key:
        key = ", ".join(table.key)
        # Duplicate keys among valid rows: the first occurrence (by file, then row) is kept, later ones are
        # rejected, so an export written twice loses nothing and a conflicting duplicate is reported.
        con.execute(f"CREATE TEMP TABLE ranked_{table.name} AS SELECT *, row_number() OVER "
                    f"(PARTITION BY {key} ORDER BY source_file, source_row) AS occurrence "
                    f"FROM typed_{table.name} WHERE {valid}")
        duplicates = con.execute(f"SELECT source_file, count(*) FROM ranked_{table.name} WHERE occurrence > 1 "
                                 "GROUP BY source_file ORDER BY source_file").fetchall()
        _record_rejections(con, table.name, f"duplicate {key}", table.key[0], duplicates, data_dir)
        con.execute(f"CREATE TABLE {table.name} AS SELECT {columns} FROM ranked_{table.name} "
                    "WHERE occurrence = 1 ORDER BY source_file, source_row")
        con.execute(f"DROP TABLE ranked_{table.name}")
    else:
        con.execute(f"CREATE TABLE {table.name} AS SELECT {columns} FROM typed_{table.name} WHERE {valid} "
                    "ORDER BY source_file, source_row")
    rows_read = con.execute(f"SELECT count(*) FROM typed_{table.name}").fetchone()[0]
    rows_kept = con.execute(f"SELECT count(*) FROM {table.name}").fetchone()[0]
    con.execute(f"DROP TABLE typed_{table.name}")
    _record_table(con, table.name, len(files), rows_read, rows_kept)


def _record_rejections(con: duckdb.DuckDBPyConnection, table_name: str, rule: str, column: str,
                       failures: Iterable[tuple[str, int]], data_dir: Path) -> None:
    rows = [(table_name, _relative(file, data_dir), rule, column, count) for file, count in failures]
    if rows:
        con.executemany("INSERT INTO data_quality_rejections VALUES (?, ?, ?, ?, ?)", rows)


def _record_table(con: duckdb.DuckDBPyConnection, table_name: str, files: int, rows_read: int,
                  rows_kept: int) -> None:
    con.execute("INSERT INTO data_quality_tables VALUES (?, ?, ?, ?)", [table_name, files, rows_read, rows_kept])


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


def build_database(data_dir: Path, settings: Settings) -> duckdb.DuckDBPyConnection:
    """A new in-memory database holding the checked exports of `data_dir`, or a `DataContractError`."""
    if not data_dir.is_dir():
        raise DataContractError(data_dir, [ContractProblem(str(data_dir), None, "data directory not found")])
    con = duckdb.connect(":memory:")
    try:
        files = {table.name: table_files(data_dir, table.name) for table in TABLES}
        problems = [p for table in TABLES for p in _schema_problems(con, table, files[table.name], data_dir)]
        if problems:
            raise DataContractError(data_dir, problems)
        con.execute("CREATE TABLE data_quality_rejections (table_name VARCHAR, file VARCHAR, rule VARCHAR, "
                    "column_name VARCHAR, rows BIGINT)")
        con.execute("CREATE TABLE data_quality_tables (table_name VARCHAR, files BIGINT, rows_read BIGINT, "
                    "rows_kept BIGINT)")
        _create_settings(con, settings)
        _create_plan_kpis(con)
        _create_code_orders(con)
        for table in TABLES:
            _load_table(con, table, files[table.name], data_dir)
        for _, sql in building_blocks():
            con.execute(sql)
    except BaseException:
        con.close()
        raise
    return con
