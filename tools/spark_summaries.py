"""The store's summary tables computed by Spark SQL over the same parquet exports: what to run when the exports
outgrow one machine.

    python tools/spark_summaries.py DATA_DIR OUT_DIR              # local mode, every core of this machine
    python tools/spark_summaries.py DATA_DIR OUT_DIR --master URL  # a Spark cluster (spark://…, yarn, k8s://…)
    python tools/spark_summaries.py DATA_DIR OUT_DIR --print-sql   # only print the Spark SQL of each summary

Writes one parquet folder per summary — OUT_DIR/response_city_month/, ticket_city_month/, ticket_hours_city_month/,
ticket_month_p90/, response_spread/ … — holding the rows DuckDB's store holds in the tables of the same names
(queries/loader.py), from the same SQL: the summary blocks of queries/views/ are parsed as DuckDB SQL and written
as Spark SQL by sqlglot, with the few rewrites below where the two engines' SQL means different things. No second
copy of the SQL exists.

The contract tables the summaries read are registered as Spark temporary views the way the loader builds them:
- the export's files (`NAME.parquet` and `NAME/**/*.parquet`, hive partitions allowed) read by name;
- every contract column in its canonical type (queries/contract.py), an optional column missing from the files as
  NULLs; an aware timestamp (UTC-adjusted in parquet) becomes the wall-clock time in the business time zone
  (loader.BUSINESS_TIME_ZONE, which is also the session time zone, so months are the business's calendar
  months), a naive one is kept as it is (Spark's TIMESTAMP_NTZ, like DuckDB's TIMESTAMP);
- the contract's row rules (the same predicates, translated) drop a row that breaks one, and of rows sharing a
  key the newest export's is kept (loader.DUPLICATE_ORDER: the file modified last, to the millisecond, then path
  and row) — what the store's checked tables hold. Nothing is reported here: the
  rejections are what `python -m queries data_quality` shows;
- `settings`: the one row of queries/settings.py (the index weights, the first-response target).

Rewrites of the translation (each where DuckDB's SQL and sqlglot's Spark SQL would differ):
- a macro of queries/views/macros.sql (`satisfaction_index(…)`) is expanded in place, each `settings` column of
  its body an uncorrelated scalar subquery (Spark has no SQL macros, and a correlated scalar subquery must be an
  aggregate there);
- `quantile_cont(x, q)` → `percentile(x, q)`: both interpolate linearly between the closest ranks;
- a decimal literal (`3600.0`) → a DOUBLE: DuckDB divides by one in DOUBLE, Spark would in DECIMAL and round;
- `date_diff('second', a, b)` → `unix_seconds(b) - unix_seconds(a)`: DuckDB counts the seconds' boundaries
  crossed, Spark's datediff the whole seconds elapsed (they differ when the times have fractions of a second).

Not covered: the loader's schema check (a wrong type is the loader's contract error; here a cast may fail or pass)
and its report of rejected rows, and TIMESTAMP_NS columns (Spark reads parquet timestamps to the microsecond).
Needs Java 17 or later (Debian: default-jre-headless) and pyspark and sqlglot (requirements-dev.txt).
tests/test_spark_summaries.py checks that the folders hold what the store's tables hold.
"""

import argparse
import os
import re
import sys
import tempfile
from functools import cache
from pathlib import Path

import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: python tools/spark_summaries.py
    sys.path.insert(0, str(ROOT))

from queries import DEFAULT_SETTINGS, Settings, loader  # noqa: E402
from queries.contract import CANONICAL_TYPES, TABLES, Table  # noqa: E402

MACROS_BLOCK = "macros"
# The contract's canonical types (CANONICAL_TYPES, DuckDB's names) in Spark: DuckDB's TIMESTAMP has no time zone,
# as Spark's TIMESTAMP_NTZ (Spark's TIMESTAMP is an instant, shown in the session's time zone).
SPARK_TYPES = {"VARCHAR": "STRING", "BIGINT": "BIGINT", "DOUBLE": "DOUBLE", "TIMESTAMP": "TIMESTAMP_NTZ",
               "DATE": "DATE", "BOOLEAN": "BOOLEAN"}
DEFAULT_MASTER = "local[*]"


def spark_session(master: str = DEFAULT_MASTER, shuffle_partitions: int | None = None, app_name: str = "csat"):
    """A Spark session set up as the summaries need: the business time zone as the session's, naive parquet
    timestamps read as TIMESTAMP_NTZ, no web UI. `shuffle_partitions`: Spark's default (200) when None."""
    from pyspark.sql import SparkSession

    builder = (SparkSession.builder.master(master).appName(app_name)
               .config("spark.sql.session.timeZone", loader.BUSINESS_TIME_ZONE)
               .config("spark.sql.parquet.inferTimestampNTZ.enabled", "true")
               .config("spark.ui.enabled", "false")
               # Spark makes its (here unused) warehouse folder at start: in the temporary folder, not the work tree.
               .config("spark.sql.warehouse.dir", str(Path(tempfile.gettempdir()) / "csat-spark-warehouse"))
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.log.level", "ERROR"))
    if shuffle_partitions is not None:
        builder = builder.config("spark.sql.shuffle.partitions", str(shuffle_partitions))
    return builder.getOrCreate()


# --- the SQL: DuckDB's building blocks written as Spark SQL ----------------------------------------------------

def _parse(sql: str) -> list[exp.Expression]:
    return [statement for statement in sqlglot.parse(sql, read="duckdb", error_level=ErrorLevel.RAISE) if statement]


# A building block that creates one table (comments aside).
_CREATES_TABLE = re.compile(r"\s*CREATE\s+OR\s+REPLACE\s+TABLE\b", re.IGNORECASE)


def _constant_tables() -> set[str]:
    """The building blocks that are a table of constants (one CREATE OR REPLACE TABLE … AS SELECT over VALUES, reading
    no table: comment_theme_keywords): summaries join them, so Spark makes them too."""
    constant = set()
    for name, sql in loader.building_blocks():
        if not _CREATES_TABLE.match(loader.SQL_COMMENT.sub("", sql)):
            continue  # a macro or view: DuckDB's alone (sqlglot does not read all of DuckDB's macro syntax)
        statements = _parse(sql)
        create = statements[0] if len(statements) == 1 else None
        if (isinstance(create, exp.Create) and str(create.args.get("kind")).upper() == "TABLE"
                and create.expression is not None and not any(create.expression.find_all(exp.Table))):
            constant.add(name)
    return constant


@cache
def summary_names() -> tuple[str, ...]:
    """The summary blocks of queries/views/ (those kept by month): plain CREATE OR REPLACE TABLE … AS SELECT over the
    checked tables (and each other, and the tables of constants they join), in loader.building_blocks() order. The
    other blocks are DuckDB's alone. Worked out when first asked, not on import: parsing every block takes seconds."""
    return tuple(name for name, _ in loader.building_blocks()
                 if name in {*loader.summary_blocks(), *_constant_tables()})


@cache
def _macros() -> dict[str, tuple[list[str], exp.Expression]]:
    """The scalar macros of macros.sql by name: (parameters, body as one expression)."""
    sources = dict(loader.building_blocks())
    macros = {}
    for statement in _parse(sources[MACROS_BLOCK]):
        if not (isinstance(statement, exp.Create) and str(statement.args.get("kind")).upper() == "MACRO"):
            continue
        function = statement.this
        parameters = [identifier.name for identifier in function.expressions]
        macros[function.this.name.lower()] = (parameters, statement.expression)
    return macros


def _expand_macro(call: exp.Anonymous) -> exp.Expression:
    parameters, body = _macros()[call.name.lower()]
    if len(call.expressions) != len(parameters):
        raise ValueError(f"{call.name} takes {len(parameters)} arguments: {call.sql('duckdb')}")
    arguments = dict(zip(parameters, call.expressions, strict=True))
    expression = body.copy()
    if isinstance(expression, exp.Paren):
        expression = expression.this
    if isinstance(expression, exp.Subquery):
        # A scalar select over the one-row settings table: its expression, each settings column read by a scalar
        # subquery of its own (uncorrelated, so Spark accepts it anywhere).
        select = expression.this
        tables = [table.name for table in select.find_all(exp.Table)]
        if tables != ["settings"] or len(select.expressions) != 1:
            raise ValueError(f"macro {call.name}: only a scalar expression over settings can be expanded")
        expression = select.expressions[0].unalias()

        def settings_column(node: exp.Expression) -> exp.Expression:
            if isinstance(node, exp.Column) and node.name not in arguments:
                return exp.Subquery(this=exp.select(node.name).from_("settings"))
            return node

        expression = expression.transform(settings_column)

    def argument(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column) and not node.table and node.name in arguments:
            return exp.Paren(this=arguments[node.name].copy())
        return node

    return exp.Paren(this=expression.transform(argument))


def _rewrite(node: exp.Expression) -> exp.Expression:
    """The rewrites where DuckDB's SQL and the Spark SQL sqlglot writes would differ (see the module's docstring)."""
    if isinstance(node, exp.Anonymous) and node.name.lower() in _macros():
        return _expand_macro(node)
    if isinstance(node, exp.PercentileCont) and not isinstance(node.parent, exp.WithinGroup):
        return exp.Anonymous(this="percentile", expressions=[node.this, node.expression])
    if isinstance(node, exp.DateDiff) and node.args.get("date_part_boundary"):
        # DuckDB's date_diff counts the unit's boundaries crossed (00:00:00.9 → 00:00:01.1 is 1 second); Spark's
        # datediff whole units elapsed (0). Seconds since the epoch, each rounded down, count the boundaries.
        if node.unit is None or node.unit.name.upper() != "SECOND":
            raise ValueError(f"only date_diff('second', …) is translated: {node.sql('duckdb')}")

        def seconds(value: exp.Expression) -> exp.Expression:
            return exp.Anonymous(this="unix_seconds",
                                 expressions=[exp.Cast(this=value.copy(), to=exp.DataType.build("TIMESTAMP"))])

        return exp.Paren(this=exp.Sub(this=seconds(node.this), expression=seconds(node.expression)))
    if isinstance(node, exp.Literal) and not node.is_string and "." in node.this and "e" not in node.this.lower():
        return exp.Cast(this=node.copy(), to=exp.DataType.build("DOUBLE"))
    return node


def to_spark(duckdb_sql: str) -> str:
    """One DuckDB expression or SELECT (no CREATE) written as Spark SQL, with the rewrites applied."""
    statement = _parse(duckdb_sql)
    if len(statement) != 1:
        raise ValueError(f"one statement expected: {duckdb_sql}")
    return statement[0].transform(_rewrite).sql("spark", unsupported_level=ErrorLevel.RAISE)


def _summary_select(name: str, sql: str) -> exp.Expression:
    statements = _parse(sql)
    create = statements[0]
    if (len(statements) != 1 or not isinstance(create, exp.Create) or str(create.args.get("kind")).upper() != "TABLE"
            or create.this.name != name):
        raise ValueError(f"{name}: a summary block is one CREATE OR REPLACE TABLE {name} AS SELECT …")
    return create.expression


def summary_queries() -> list[tuple[str, str]]:
    """The summary blocks as (name, Spark SQL SELECT), each after the blocks it reads."""
    return [(name, _summary_select(name, sql).transform(_rewrite).sql("spark", unsupported_level=ErrorLevel.RAISE))
            for name, sql in loader.building_blocks() if name in summary_names()]


def tables_read() -> list[Table]:
    """The contract tables the summaries read, with those their row rules read, in the contract's order."""
    names = {table.name for table in TABLES}
    read = {table.name for block, sql in loader.building_blocks() if block in summary_names()
            for table in _summary_select(block, sql).find_all(exp.Table) if table.name in names}
    for table in reversed(TABLES):  # a table's rules read tables before it in the contract
        if table.name in read:
            read |= loader._tables_read_by_rules(table)
    return [table for table in TABLES if table.name in read]


# --- the checked tables as Spark views ---------------------------------------------------------------------

def _quoted(name: str) -> str:
    return f"`{name}`"


def _canonical(column, found: dict[str, str]) -> str:
    spark_type = SPARK_TYPES[CANONICAL_TYPES[column.kind]]
    name = _quoted(column.name)
    if column.name not in found:  # an optional column no file of the table has: empty in every row
        return f"CAST(NULL AS {spark_type}) AS {name}"
    if column.kind == "timestamp" and found[column.name] == "timestamp":
        # An instant (UTC-adjusted parquet timestamp): its wall-clock time in the session's time zone, the
        # business's, as the loader's timezone(BUSINESS_TIME_ZONE, …).
        return f"CAST({name} AS TIMESTAMP_NTZ) AS {name}"
    return f"CAST({name} AS {spark_type}) AS {name}"


def _typed_rows(spark, data_dir: Path, table: Table):
    """The rows of every export file of `table` (the loader's list of files) in canonical types, with their file
    and row number; None when the table has no file. The single file and the folder's files (hive partitions
    allowed) are read apart and typed before their union, so that their types need not agree."""

    files = loader.table_files(data_dir, table.name)
    single = [path for path in files if path.parent == data_dir]
    in_folder = [path for path in files if path.parent != data_dir]
    parts = []
    if single:
        parts.append(spark.read.parquet(*map(str, single)))
    if in_folder:
        parts.append(spark.read.option("mergeSchema", "true").option("basePath", str(data_dir / table.name))
                     .parquet(*map(str, in_folder)))
    typed = None
    for part in parts:
        found = {field.name: field.dataType.typeName() for field in part.schema.fields}
        missing = [c.name for c in table.columns if c.name not in found and not c.optional]
        if missing:
            raise loader.DataContractError(data_dir, [loader.ContractProblem(table.name, name,
                                                                             "required column missing")
                                                      for name in missing])
        rows = part.selectExpr(*(_canonical(c, found) for c in table.columns),
                               "_metadata.file_path AS source_file", "_metadata.row_index AS source_row",
                               "unix_millis(_metadata.file_modification_time) AS modified_ms")
        typed = rows if typed is None else typed.unionByName(rows)
    return typed


def register_checked_table(spark, data_dir: Path, table: Table) -> None:
    """`table` as a temporary view of its export's rows that the loader keeps, in canonical types."""
    typed = _typed_rows(spark, data_dir, table)
    if typed is None:
        if table.required:
            raise loader.DataContractError(data_dir, loader._missing_table(table))
        columns = ", ".join(f"CAST(NULL AS {SPARK_TYPES[CANONICAL_TYPES[c.kind]]}) AS {_quoted(c.name)}"
                            for c in table.columns)
        spark.sql(f"SELECT {columns} WHERE false").createOrReplaceTempView(table.name)
        return
    typed.createOrReplaceTempView(f"typed_{table.name}")
    # A rule whose predicate is NULL passes (as in the loader: the not-null rules report missing values).
    passes = " AND ".join(f"coalesce(({to_spark(predicate)}), true)" for _, _, predicate in loader._row_rules(table))
    columns = ", ".join(_quoted(c.name) for c in table.columns)
    valid = f"SELECT {columns}, source_file, source_row, modified_ms FROM typed_{table.name}"
    if passes:
        valid += f" WHERE {passes}"
    if table.key:
        # Of valid rows sharing a key the newest export's is kept, in the loader's order (_derive_duplicates).
        key = ", ".join(_quoted(name) for name in table.key)
        valid = (f"SELECT {columns} FROM (SELECT *, row_number() OVER (PARTITION BY {key} "
                 f"ORDER BY {loader.DUPLICATE_ORDER}) AS occurrence FROM ({valid})) WHERE occurrence = 1")
    else:
        valid = f"SELECT {columns} FROM ({valid})"
    # Materialised once: later rules (`city_code IN (SELECT city_code FROM cities)`) and summaries read it.
    spark.sql(valid).cache().createOrReplaceTempView(table.name)


def register_settings(spark, settings: Settings) -> None:
    """The one-row settings table, its numbers typed as DuckDB's (float → DOUBLE, int → BIGINT)."""
    values = ", ".join(f"CAST({value!r} AS {'DOUBLE' if isinstance(value, float) else 'BIGINT'}) AS {name}"
                       for name, value in settings.as_row().items())
    spark.sql(f"SELECT {values}").createOrReplaceTempView("settings")


def summaries(spark, data_dir: Path, settings: Settings = DEFAULT_SETTINGS) -> dict:
    """The summary tables of the exports in `data_dir` as Spark DataFrames by name (each also a temporary view),
    in building-block order."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise loader.DataContractError(data_dir, [loader.ContractProblem(str(data_dir), None,
                                                                         "data directory not found")])
    register_settings(spark, settings)
    for table in tables_read():
        register_checked_table(spark, data_dir, table)
    frames = {}
    for name, sql in summary_queries():
        frame = spark.sql(sql).cache()
        frame.createOrReplaceTempView(name)
        frames[name] = frame
    return frames


def write_summaries(spark, data_dir: Path, out_dir: Path, settings: Settings = DEFAULT_SETTINGS) -> dict[str, Path]:
    """Compute the summaries of `data_dir` and write each as parquet into OUT_DIR/NAME/ (replaced); the folders."""
    out_dir = Path(out_dir)
    written = {}
    for name, frame in summaries(spark, data_dir, settings).items():
        # A summary is small (city × month): one file, its rows in the query's order.
        frame.coalesce(1).write.mode("overwrite").parquet(str(out_dir / name))
        written[name] = out_dir / name
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", type=Path, help="the parquet exports (as CSAT_DATA_DIR)")
    parser.add_argument("out_dir", type=Path, help="where to write one parquet folder per summary")
    parser.add_argument("--master", default=DEFAULT_MASTER, help=f"Spark master (default {DEFAULT_MASTER})")
    parser.add_argument("--shuffle-partitions", type=int, default=None,
                        help="spark.sql.shuffle.partitions (default: the core count in local mode, else Spark's)")
    parser.add_argument("--print-sql", action="store_true", help="print the Spark SQL of each summary and stop")
    arguments = parser.parse_args(argv)
    if arguments.print_sql:
        for name, sql in summary_queries():
            print(f"-- {name}\n{sql};\n")
        return 0
    partitions = arguments.shuffle_partitions
    if partitions is None and arguments.master.startswith("local"):
        partitions = os.cpu_count() or 1  # Spark's 200 shuffle partitions cost more than they share on one machine
    spark = spark_session(arguments.master, partitions)
    try:
        for name, folder in write_summaries(spark, arguments.data_dir.resolve(), arguments.out_dir.resolve()).items():
            print(f"{name}: {folder}")
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
