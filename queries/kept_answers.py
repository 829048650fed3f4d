"""Answers the store keeps for every month: the whole answer of each question whose header says
`-- kept answer: for every month[, NAME = VALUE]…` (queries/catalogue.py), worked out when the store is built or
updated, and read back by the runner when a page asks exactly that.

Why: the questions a page asks with no more than the month — the nation's KPIs, every city's scores, the whole plan,
the drivers — cost 3–15 ms each at 10M responses, most of it DuckDB planning the question (binding and optimising
its macros and dozens of columns) and turning its rows into a DataFrame, not running it. Their answers depend on the
export version and the month alone, so they are worked out once per version.

What the store holds: `store_kept_answers`, one row per (question, variant — which `-- kept answer` line of its
header —, month) for every month the `months` question lists, with the answer itself: the DataFrame a live question
gives, as an Arrow IPC stream (pandas' own dtypes ride along in Arrow's pandas metadata, so the frame read back is
the frame worked out — Int64, datetime64, lists and all). `held` reads them all when a store is opened; reading one
back is then decoding a few kilobytes, about 1 ms. Kept as table rows, a wide answer (national_kpis: 139 columns)
took 12 ms to scan and convert, as long as asking it. A month not kept (before the data, after it) is answered live.
A question whose chosen cities read their rows (queries/catalogue.py) is answered for any choice of cities from its
answer for every city (`rows_of`).

When exports change, only the months that can have changed are worked out again: from the first month whose rows
changed in a table of monthly exports (contract `Table.month_column`) on — a month's answer reads its own month and
the months before it (trends, the previous month) — and from the month before it for a question whose header says
`-- kept answer: reads the month after` (early_warning shows the next month's measured index beside its
projection); every month when anything else changed (the cities, the plan, the targets …) or the store is new.
tests/test_kept_answers.py holds every kept answer of every month to the question asked live, after a build and
after updates that change a month in the middle of the history and add one at the end.
"""

import datetime as dt

import duckdb
import pandas as pd
import pyarrow as pa

from queries.catalogue import KEPT_BY, QueryInfo, list_queries, query_info

# question, variant, month and the answer (Arrow IPC): everything the store keeps here.
TABLE = "store_kept_answers"
# pandas' nullable integer and boolean types → the numpy type DuckDB gives a column of the same values without NULL.
NULLABLE_TO_NUMPY = {pd.Int8Dtype(): "int8", pd.Int16Dtype(): "int16", pd.Int32Dtype(): "int32",
                     pd.Int64Dtype(): "int64", pd.UInt8Dtype(): "uint8", pd.UInt16Dtype(): "uint16",
                     pd.UInt32Dtype(): "uint32", pd.UInt64Dtype(): "uint64", pd.BooleanDtype(): "bool"}


def kept_questions() -> list[QueryInfo]:
    """The questions whose answers the store keeps for every month, in catalogue order."""
    return [info for info in list_queries() if info.kept]


def first_changed_month(touched: dict[str, set | None], month_columns: dict[str, str]) -> dt.date | bool:
    """The first month whose rows changed in an update that changed the tables in `touched` (table → the months
    whose rows changed; None: all of it): True for every month (a new store, or a table that is not kept by month
    changed), or False when no month changed."""
    if any(months is None for months in touched.values()) or set(touched) - set(month_columns):
        return True
    changed = set().union(*touched.values())
    return min(changed) if changed else False


def first_month_to_write(info: QueryInfo, first_changed: dt.date) -> dt.date:
    """From which month on the kept answers of `info` are worked out again when `first_changed` is the first month
    that changed: that month, or the month before for a question whose month reads the month after."""
    if not info.kept_reads_month_after:
        return first_changed
    before = first_changed.year * 12 + first_changed.month - 2
    return dt.date(before // 12, before % 12 + 1, 1)


def write(con: duckdb.DuckDBPyConnection, touched: dict[str, set | None], month_columns: dict[str, str]) -> None:
    """Work the kept answers out again in the store being updated on `con`, for the months that can have changed
    (`first_changed_month`, `first_month_to_write`), and forget those of months no longer in the data."""
    changed = first_changed_month(touched, month_columns)
    if changed is False:
        return
    con.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (question VARCHAR, variant INTEGER, month DATE, answer BLOB)")
    months = sorted(month for (month,) in con.execute(f"SELECT month::DATE FROM ({_statement('months')})").fetchall())
    con.execute(f"DELETE FROM {TABLE} WHERE NOT list_contains($months, month)", {"months": months})
    kept = []  # (question, variant, the values of its other parameters, month)
    for info in kept_questions():
        first = dt.date.min if changed is True else first_month_to_write(info, changed)
        con.execute(f"DELETE FROM {TABLE} WHERE question = $question AND month >= $first",
                    {"question": info.name, "first": first})
        kept += [(info, variant, given, month) for variant, given in enumerate(info.kept) for month in months
                 if month >= first]
    rows = pa.table({"question": pa.array([info.name for info, _, _, _ in kept], pa.string()),
                     "variant": pa.array([variant for _, variant, _, _ in kept], pa.int32()),
                     "month": pa.array([month for _, _, _, month in kept], pa.date32()),
                     "answer": pa.array([_encoded(work_out(con, info.sql, {KEPT_BY: month, **given}))
                                         for info, _, given, month in kept], pa.binary())})
    con.register("kept_answer_rows", rows)
    con.execute(f"INSERT INTO {TABLE} SELECT * FROM kept_answer_rows")
    con.unregister("kept_answer_rows")


def work_out(cursor: duckdb.DuckDBPyConnection, sql: str, parameters: dict) -> pd.DataFrame:
    """A kept question's answer worked out now, as the runner asks it live (runner.execute: a kept answer takes no
    selection of cities)."""
    return cursor.execute(sql, parameters).df()


def _encoded(answer: pd.DataFrame) -> bytes:
    table = pa.Table.from_pandas(answer, preserve_index=False)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _statement(name: str) -> str:
    """A question's SQL as one statement to nest: without its closing semicolon."""
    return query_info(name).sql.strip().rstrip(";")


def held(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, int, dt.date], bytes]:
    """What the store on `con` keeps: (question, variant, month) → the answer, encoded (`decoded` reads it); empty
    for a store without kept answers. Read whole when a store is opened (16 MB for 21 months at 10M responses, in
    about 20 ms): DuckDB reads a BLOB column's every value to find one row (8 ms a lookup)."""
    try:
        rows = con.execute(f"SELECT question, variant, month, answer FROM {TABLE}").fetchall()
    except duckdb.CatalogException:
        return {}
    return {(question, variant, month): answer for question, variant, month, answer in rows}


def decoded(answer: bytes) -> pd.DataFrame:
    """A kept answer (a value of `held`) as a new DataFrame."""
    return pa.ipc.open_stream(answer).read_all().to_pandas()


def rows_of(answer: pd.DataFrame, cities: list[str]) -> pd.DataFrame:
    """The rows of a kept answer for every city that chosen `cities` read (`-- kept answer: chosen cities read their
    rows`): the nation's (city_code NULL) and the chosen cities', in the answer's order."""
    codes = answer["city_code"]
    return _typed_as_asked(answer[codes.isna() | codes.isin(cities)].reset_index(drop=True))


def _typed_as_asked(rows: pd.DataFrame) -> pd.DataFrame:
    """`rows` in the types DuckDB gives the same rows asked live: its DataFrames type a column by the values it
    holds — integers and booleans with a NULL as pandas' nullable Int64 / boolean, without one as numpy's; text
    with no value at all as object — so rows cut from a whole answer may need another type than the whole had."""
    typed = {}
    for name, column in rows.items():
        missing = column.isna()
        if isinstance(column.dtype, pd.StringDtype) and missing.all():
            typed[name] = column.astype(object).where(~missing, None)
        elif column.dtype in NULLABLE_TO_NUMPY and not missing.any():
            typed[name] = column.astype(NULLABLE_TO_NUMPY[column.dtype])
    return rows.assign(**typed) if typed else rows
