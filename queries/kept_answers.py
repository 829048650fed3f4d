"""Answers the store keeps for every month: the whole answer of each question whose header says
`-- kept answer: for every month[, NAME = VALUE]…` (queries/catalogue.py), worked out when the store is built or
updated, and read back by the runner when a page asks exactly that.

Why: the questions a page asks with no more than the month — the nation's KPIs, every city's scores, the whole plan,
the drivers — cost 3–12 ms each at 10M responses, most of it DuckDB planning the question (binding and optimising
its macros and dozens of columns), not running it. Their answers depend on the export version and the month alone,
so they are worked out once per version; reading one back is a scan of a small table.

What the store holds:
- `kept_answer_NAME` for each such question: its answers' rows, each tagged with `kept_variant` (which
  `-- kept answer` line of its header), `kept_month` and `kept_row` (the row's position in the answer, so the rows
  come back in the question's own order), then the answer's columns in their own types;
- `store_kept_answers`: which (question, variant, month) are kept — every month the `months` question lists.
  A month not kept (before the data, after it) is answered live.

When exports change, only the months that can have changed are worked out again: from the month before the first
month whose rows changed in a table of monthly exports (contract `Table.month_column`) on — a month's answer reads
its own month, the months before it (trends, the previous month) and at most the month after it (MONTHS_AHEAD:
early_warning shows the next month's measured index beside its projection) — and every month when anything else
changed (the cities, the plan, the targets …) or the store is new. tests/test_kept_answers.py holds every kept
answer of every month to the question asked live, after a build and after updates that change a month in the middle
of the history and add one at the end.
"""

import datetime as dt
from collections.abc import Callable

import duckdb
import pyarrow as pa

from queries.catalogue import KEPT_BY, QueryInfo, list_queries, query_info

BOOKKEEPING = "store_kept_answers"
# The columns a kept answer's rows carry before the answer's own.
TAGS = ("kept_variant", "kept_month", "kept_row")
# How many months after its own a month's kept answer reads (early_warning's actual_next: the month after).
MONTHS_AHEAD = 1


def table_name(question: str) -> str:
    """The table that keeps the answers of `question` (a name from the catalogue: letters, digits, underscores)."""
    return f"kept_answer_{question}"


def kept_questions() -> list[QueryInfo]:
    """The questions whose answers the store keeps for every month, in catalogue order."""
    return [info for info in list_queries() if info.kept]


def months_to_write(touched: dict[str, set | None], month_columns: dict[str, str]) -> dt.date | None | bool:
    """From which month on the kept answers are worked out again after an update that changed the tables in
    `touched` (table → the months whose rows changed; None: all of it): True for every month (a new store, or a
    table that is not kept by month changed), a month (MONTHS_AHEAD before the first that changed), or False when no
    month changed."""
    if any(months is None for months in touched.values()) or set(touched) - set(month_columns):
        return True
    changed = set().union(*touched.values())
    if not changed:
        return False
    first = min(changed)
    before = first.year * 12 + first.month - 1 - MONTHS_AHEAD
    return dt.date(before // 12, before % 12 + 1, 1)


def write(con: duckdb.DuckDBPyConnection, touched: dict[str, set | None], month_columns: dict[str, str],
          arrow_of: Callable[[duckdb.DuckDBPyConnection, str, dict], pa.Table]) -> None:
    """Work the kept answers out again in the store being updated on `con`, for the months `months_to_write`
    says. `arrow_of(cursor, sql, parameters)` runs a statement and returns its rows as Arrow."""
    start = months_to_write(touched, month_columns)
    if start is False:
        return
    new = not con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = $name",
                          {"name": BOOKKEEPING}).fetchall()[0][0]
    if new:
        con.execute(f"CREATE TABLE {BOOKKEEPING} (question VARCHAR, variant INTEGER, month DATE)")
    months = [month for (month,) in con.execute(f"SELECT month::DATE FROM ({_statement('months')})").fetchall()]
    first = None if start is True else start
    wanted = sorted(month for month in months if first is None or month >= first)
    for info in kept_questions():
        table = table_name(info.name)
        if new:
            tags = "0::INTEGER AS kept_variant, NULL::DATE AS kept_month, 0::BIGINT AS kept_row"
            # Typed as the question's answer (any month gives the same types).
            con.execute(f"CREATE TABLE {table} AS SELECT {tags}, * FROM ({_statement(info.name)}) WHERE false",
                        {KEPT_BY: dt.date(2000, 1, 1), **info.kept[0]})
        else:  # the months written again, and the months no longer in the data
            con.execute(f"DELETE FROM {table} WHERE NOT list_contains($months, kept_month) OR kept_month >= $first",
                        {"months": months, "first": first or dt.date.min})
        for variant, given in enumerate(info.kept):
            for month in wanted:
                answer = arrow_of(con, info.sql, {KEPT_BY: month, **given})
                rows = answer.num_rows
                tagged = pa.table({"kept_variant": pa.array([variant] * rows, pa.int32()),
                                   "kept_month": pa.array([month] * rows, pa.date32()),
                                   "kept_row": pa.array(range(rows), pa.int64()),
                                   **{name: answer[name] for name in answer.column_names}})
                con.register("kept_answer_rows", tagged)
                con.execute(f"INSERT INTO {table} SELECT * FROM kept_answer_rows")
                con.unregister("kept_answer_rows")
    con.execute(f"DELETE FROM {BOOKKEEPING}")
    kept = [(info.name, variant, month) for info in kept_questions() for variant in range(len(info.kept))
            for month in months]
    if kept:
        con.executemany(f"INSERT INTO {BOOKKEEPING} VALUES (?, ?, ?)", kept)


def _statement(name: str) -> str:
    """A question's SQL as one statement to nest: without its closing semicolon."""
    return query_info(name).sql.strip().rstrip(";")


def held(con: duckdb.DuckDBPyConnection) -> set[tuple[str, int, dt.date]]:
    """What the store on `con` keeps: (question, variant, month); empty for a store without kept answers."""
    try:
        return set(con.execute(f"SELECT question, variant, month FROM {BOOKKEEPING}").fetchall())
    except duckdb.CatalogException:
        return set()


def reading(info: QueryInfo) -> str:
    """The statement that reads a kept answer of `info` back — the variant `$kept_variant` for the month `$month`
    (KEPT_BY) — in the question's own row order."""
    return (f"SELECT * EXCLUDE ({', '.join(TAGS)}) FROM {table_name(info.name)} "
            f"WHERE kept_variant = $kept_variant AND kept_month = ${KEPT_BY} ORDER BY kept_row")
