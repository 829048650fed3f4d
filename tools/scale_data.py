"""Contract-following exports at scale, written by DuckDB SQL: for benchmarks of loading and querying.

    python tools/scale_data.py OUT --responses 10000000          # 21 months, 2024-04 .. 2025-12
    python tools/scale_data.py OUT --add-month 2026-01 --responses 10000000   # one more month of files

Layout (hive partitions by month, as the contract allows):
    survey_responses/month=2025-03/part-0.parquet     tickets/month=2025-03/part-0.parquet
    contact_center_daily/month=2025-03/part-0.parquet
    team_monthly/month=2025-03-01/part-0.parquet      team_skills/month=2025-03-01/part-0.parquet
The two monthly tables have a `month` DATE column of their own, so their folders carry the full date: a
partition value `2025-03` would be read as text and override the column's type (a contract error).
The 32 cities and the small tables (incidents, events, the plan, practices, driver figures, benchmarks) are
copied from data/demo.

Scaling: N survey responses are spread over the months evenly, over the cities by the demo's city shares and
over the channels by the demo's channel shares; tickets are a fifth of the responses (every fifth response
follows a ticket of its month, about the demo's share). contact_center_daily, team_monthly and team_skills keep
one row per city and day or month (their rows cannot grow without more cities or days) and their volumes
(inquiries, seats) are scaled with N. Values are drawn by hashing the row number, so a size always gives the
same files. Every row passes the contract's rules (no rejections).
"""

import argparse
import datetime as dt
import shutil
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: python tools/scale_data.py
    sys.path.insert(0, str(ROOT))

from queries.contract import CHANNELS, LOW_SCORE_REASONS, TICKET_CATEGORIES  # noqa: E402
from queries.settings import BUNDLED_DEMO_DATA  # noqa: E402

FIRST_MONTH = dt.date(2024, 4, 1)
MONTHS = 21  # the demo's span: 2024-04 .. 2025-12
DEMO_RESPONSES = 118_072  # the demo's survey responses: the unit its volumes are scaled from
TICKETS_PER_RESPONSE = 5  # one ticket per five responses
SMALL_TABLES = ("cities", "incidents", "events", "initiatives", "milestones", "city_practices", "driver_figures",
                "external_benchmarks", "long_term_plan")
PARTITIONED_TABLES = ("survey_responses", "tickets", "contact_center_daily", "team_monthly", "team_skills")
# Mean score of each dimension (the demo's national means, roughly) and a per-city spread of the index.
DIMENSION_MEANS = {"speed": 89.0, "resolution": 85.5, "attitude": 90.5, "follow_up": 82.5}
CITY_SPREAD = 6.0


def add_months(month: dt.date, count: int) -> dt.date:
    """The first day of the month `count` months after `month`."""
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def month_list(first: dt.date = FIRST_MONTH, count: int = MONTHS) -> list[dt.date]:
    """`count` consecutive months from `first`."""
    return [add_months(first, i) for i in range(count)]


def _uniform(salt: int, key: str = "k") -> str:
    # A uniform draw in [0, 1) from the row's key: deterministic, independent per salt.
    return f"((hash({key}, {salt}) % 1000003) / 1000003.0)"


def _pick(values: list[str], salt: int, key: str = "k") -> str:
    # One of `values` (a list weighted by repetition) by hashing the row's key.
    quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    return f"([{quoted}][CAST(1 + hash({key}, {salt}) % {len(values)} AS BIGINT)])"


def _weighted(shares: dict[str, float], slots: int = 1000) -> list[str]:
    total = sum(shares.values())
    values = []
    for value, share in shares.items():
        values += [value] * max(1, round(slots * share / total))
    return values


def _month_rows(plan: list[tuple[dt.date, int]], per_row: int = 1) -> str:
    """SQL rows (month_start, days, i, base): `count // per_row` numbered rows for each month of the plan;
    `base` offsets a row's number by its month, so that the draws of months differ."""
    values = ", ".join(f"(DATE '{m}', {(add_months(m, 1) - m).days}, {n // per_row}, {(m.year * 12 + m.month) * 10**9})"
                       for m, n in plan)
    return (f"SELECT month_start, days, unnest(range(n)) AS i, base "
            f"FROM (VALUES {values}) AS plan(month_start, days, n, base)")


class _Context:
    """What the writers draw from: the demo's cities, channel mix and comments, in one DuckDB connection."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        demo = BUNDLED_DEMO_DATA / "survey_responses.parquet"
        city_counts = con.execute(f"SELECT city_code, count(*) FROM '{demo}' GROUP BY ALL "
                                  "ORDER BY 2 DESC, 1").fetchall()
        self.cities = [code for code, _ in city_counts]
        self.city_slots = _weighted(dict(city_counts))
        channels = dict(con.execute(f"SELECT channel, count(*) FROM '{demo}' GROUP BY ALL").fetchall())
        self.channel_slots = _weighted({c: channels.get(c, 1) for c in CHANNELS})
        # A city's index offset: spread evenly from +CITY_SPREAD/2 (first city) to −CITY_SPREAD/2 (last).
        offsets = {code: CITY_SPREAD / 2 - CITY_SPREAD * i / (len(self.cities) - 1) for i, code in
                   enumerate(self.cities)}
        con.execute("CREATE OR REPLACE TEMP TABLE city_offsets (city_code VARCHAR, city_offset DOUBLE)")
        con.executemany("INSERT INTO city_offsets VALUES (?, ?)", list(offsets.items()))
        # The demo's verbatims, numbered within their pool: the low-score comments of each reason, and the
        # others (pool ''). A response picks one by hashing into its pool (two small hash joins).
        con.execute(f"""CREATE OR REPLACE TEMP TABLE comment_pool AS
            SELECT coalesce(low_score_reason, '') AS pool, comment,
                   row_number() OVER (PARTITION BY pool ORDER BY comment) - 1 AS slot
            FROM (SELECT DISTINCT low_score_reason, comment FROM '{demo}' WHERE comment IS NOT NULL)""")
        missing = [(r,) for r in LOW_SCORE_REASONS
                   if not con.execute("SELECT count(*) FROM comment_pool WHERE pool = ?", [r]).fetchall()[0][0]]
        if missing:
            con.executemany("INSERT INTO comment_pool VALUES (?, '不满意', 0)", missing)
        con.execute("CREATE OR REPLACE TEMP TABLE comment_pool_sizes AS "
                    "SELECT pool, count(*) AS pool_size FROM comment_pool GROUP BY pool")


def _copy_by_month(con: duckdb.DuckDBPyConnection, write, plan: list[tuple[dt.date, int]], folder: Path) -> None:
    # One COPY per month into folder/month=YYYY-MM/part-0.parquet (on 2 cores this beats one partitioned COPY,
    # which keeps every month's writer open); `write(plan)` is the SELECT of a plan's rows.
    for month, count in plan:
        target = folder / f"month={month:%Y-%m}" / "part-0.parquet"
        target.parent.mkdir(parents=True, exist_ok=True)
        con.execute(f"COPY ({write([(month, count)])}) TO '{target}' (FORMAT parquet, ROW_GROUP_SIZE 122880)")


def _responses_sql(ctx: _Context, plan: list[tuple[dt.date, int]]) -> str:
    every = TICKETS_PER_RESPONSE
    scores = []
    for salt, (dimension, mean) in enumerate(DIMENSION_MEANS.items(), start=10):
        # A skewed deficit below 100 (exponential, half of it shared by the customer's answers), scaled by the
        # city's offset; about 1% of answers skip the question.
        deficit = (f"(100 - {mean} - city_offset) * (0.5 * -ln(1 - {_uniform(salt)}) "
                   f"+ 0.5 * -ln(1 - {_uniform(9)}))")
        scores.append(f"CASE WHEN {_uniform(salt + 10)} < 0.01 THEN NULL "
                      f"ELSE greatest(0, least(100, round(100 - {deficit}))) END AS {dimension}")
    mean_score = ("(coalesce(speed, 85) + coalesce(resolution, 85) + coalesce(attitude, 85) "
                  "+ coalesce(follow_up, 85)) / 4")
    select = f"""
        WITH numbered AS (
            SELECT *, i + base AS k FROM ({_month_rows(plan)})
        ), drawn AS (
            SELECT *, {_pick(ctx.city_slots, 1)} AS city_code FROM numbered
        ), scored AS (
            SELECT *, {', '.join(scores)}
            FROM drawn JOIN city_offsets USING (city_code)
        ), rated AS (
            SELECT *, {mean_score} AS mean_score,
                   CASE WHEN {_uniform(31)} < 0.05 THEN NULL
                        ELSE CAST(least(10, greatest(0, round(({mean_score} - 40) / 6 + 2 * ({_uniform(32)} - 0.5))))
                                  AS INTEGER) END AS nps
            FROM scored
        ), reasoned AS (
            SELECT *, CASE WHEN mean_score < 75 OR {_uniform(33)} < 0.02
                           THEN {_pick(list(LOW_SCORE_REASONS), 34)} END AS low_score_reason
            FROM rated
        )
        SELECT
            'R' || strftime(month_start, '%Y%m') || '-' || lpad(CAST(i AS VARCHAR), 8, '0') AS response_id,
            city_code,
            CAST(month_start AS TIMESTAMP) + to_seconds(CAST(floor({_uniform(2)} * days * 86400) AS BIGINT))
                AS submitted_at,
            {_pick(ctx.channel_slots, 3)} AS channel,
            speed, resolution, attitude, follow_up, nps, low_score_reason,
            comment_pool.comment,
            -- every fifth response follows a ticket of its month (the ticket numbered i / 5)
            CASE WHEN i % {every} = 0 THEN 'T' || strftime(month_start, '%Y%m') || '-'
                 || lpad(CAST(i // {every} AS VARCHAR), 8, '0') END AS ticket_id,
        FROM reasoned
        JOIN comment_pool_sizes ON comment_pool_sizes.pool = coalesce(low_score_reason, '')
        -- 80% of low scores and 30% of the others leave a comment
        LEFT JOIN comment_pool ON comment_pool.pool = comment_pool_sizes.pool
            AND comment_pool.slot = CASE WHEN {_uniform(35)} < CASE WHEN low_score_reason IS NULL THEN 0.3 ELSE 0.8 END
                                         THEN hash(k, 36) % pool_size END"""
    return select


def _tickets_sql(ctx: _Context, plan: list[tuple[dt.date, int]]) -> str:
    every = TICKETS_PER_RESPONSE
    categories = _weighted({"logistics": 30, "product": 15, "billing": 10, "account": 10, "technical": 20,
                            "dialect": 5, "attitude": 5, "other": 5})
    assert set(categories) <= set(TICKET_CATEGORIES)
    # Ticket j is the one response every·j follows (below), so it has that response's city.
    select = f"""
        WITH drawn AS (
            SELECT *, i + base AS k,
                CAST(month_start AS TIMESTAMP)
                    + to_seconds(CAST(floor({_uniform(2, "i + base")} * (days * 86400 - 7200)) AS BIGINT)) AS created_at
            FROM ({_month_rows([(m, n + every - 1) for m, n in plan], every)})
        )
        SELECT
            'T' || strftime(month_start, '%Y%m') || '-' || lpad(CAST(i AS VARCHAR), 8, '0') AS ticket_id,
            {_pick(ctx.city_slots, 1, f"i * {every} + base")} AS city_code,
            created_at,
            CASE WHEN {_uniform(40)} < 0.023 THEN NULL
                 ELSE created_at + to_seconds(CAST(60 + 5400 * -ln(1 - {_uniform(41)}) AS BIGINT))
            END AS first_response_at,
            CASE WHEN {_uniform(42)} < 0.034 THEN NULL
                 ELSE created_at + to_seconds(CAST(3600 + 4 * 86400 * -ln(1 - {_uniform(43)}) AS BIGINT))
            END AS resolved_at,
            {_pick(categories, 44)} AS category,
            {_uniform(45)} < 0.5 AS is_complaint,
            {_pick(['high'] * 2 + ['normal'] * 6 + ['low'] * 2, 46)} AS priority,
            {_pick(['full_time'] * 8 + ['part_time'] + ['assistant'], 47)} AS handled_by,
            CAST(1 + floor(3 * {_uniform(48)}) AS INTEGER) AS escalation_level,
            CAST(NULL AS VARCHAR) AS lost_in_incident,
            CASE WHEN i > 0 AND {_uniform(49)} < 0.004
                 THEN 'T' || strftime(month_start, '%Y%m') || '-' || lpad(CAST(i - 1 AS VARCHAR), 8, '0')
            END AS repeat_of
        FROM drawn"""
    return select


def _demo_month(month: dt.date) -> dt.date:
    # The demo month a generated month copies its team figures from: itself, or the demo's last month.
    return min(month, add_months(FIRST_MONTH, MONTHS - 1))


def _write_daily_and_monthly(ctx: _Context, out: Path, month: dt.date, scale: float) -> None:
    demo = BUNDLED_DEMO_DATA
    source = _demo_month(month)
    scale = f"CAST({scale!r} AS DOUBLE)"
    days = (add_months(month, 1) - month).days
    # One row per city and day: the demo's inquiries per city-day (its mean over the source month), scaled.
    _copy(ctx.con, f"""
        WITH base AS (
            SELECT city_code, avg(inquiries) AS inquiries, avg(assistant_handled / inquiries) AS assistant_share,
                   avg(answered_within_60s / inquiries) AS answered_share, avg(seats_on_duty) AS seats
            FROM '{demo / "contact_center_daily.parquet"}'
            WHERE date_trunc('month', date) = DATE '{source}' GROUP BY ALL
        ), days AS (
            SELECT CAST(DATE '{month}' + to_days(CAST(d AS INTEGER)) AS DATE) AS date FROM range({days}) AS r(d)
        ), rows AS (
            SELECT date, city_code,
                   CAST(round(inquiries * {scale} * (0.85 + 0.3 * {_uniform(50, 'hash(date, city_code)')}))
                        AS BIGINT) AS inquiries,
                   assistant_share, answered_share, seats
            FROM days CROSS JOIN base
        )
        SELECT date, city_code, inquiries,
               CAST(round(inquiries * assistant_share) AS BIGINT) AS assistant_handled,
               CAST(round(inquiries * answered_share) AS BIGINT) AS answered_within_60s,
               CAST(round(seats * {scale}) AS BIGINT) AS seats_on_duty
        FROM rows ORDER BY date, city_code""",
          out / "contact_center_daily" / f"month={month:%Y-%m}" / "part-0.parquet")
    _copy(ctx.con, f"""
        SELECT DATE '{month}' AS month, * EXCLUDE (month, seats),
               CAST(round(seats * {scale}) AS BIGINT) AS seats
        FROM '{demo / "team_monthly.parquet"}' WHERE month = DATE '{source}' ORDER BY city_code""",
          out / "team_monthly" / f"month={month:%Y-%m-%d}" / "part-0.parquet")
    _copy(ctx.con, f"""
        SELECT DATE '{month}' AS month, * EXCLUDE (month)
        FROM '{demo / "team_skills.parquet"}' WHERE month = DATE '{source}' ORDER BY city_code""",
          out / "team_skills" / f"month={month:%Y-%m-%d}" / "part-0.parquet")


def _copy(con: duckdb.DuckDBPyConnection, select: str, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    con.execute(f"COPY ({select}) TO '{target}' (FORMAT parquet)")


def _write(out: Path, plan: list[tuple[dt.date, int]], scale: float, threads: int | None) -> None:
    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    ctx = _Context(con)
    _copy_by_month(con, lambda p: _responses_sql(ctx, p), plan, out / "survey_responses")
    _copy_by_month(con, lambda p: _tickets_sql(ctx, p), plan, out / "tickets")
    for month, _ in plan:
        _write_daily_and_monthly(ctx, out, month, scale)
    con.close()


def generate(out: Path, responses: int, months: int = MONTHS, first: dt.date = FIRST_MONTH,
             threads: int | None = None) -> dict[str, int]:
    """Write contract-following exports with `responses` survey responses over `months` months into `out`
    (replaced if it exists); returns the rows written per partitioned table."""
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in SMALL_TABLES:
        shutil.copy(BUNDLED_DEMO_DATA / f"{name}.parquet", out / f"{name}.parquet")
    plan = [(month, responses // months + (1 if i < responses % months else 0))
            for i, month in enumerate(month_list(first, months))]
    _write(out, plan, responses / months / (DEMO_RESPONSES / MONTHS), threads)
    return row_counts(out)


def add_month(out: Path, month: dt.date, responses_per_month: int, threads: int | None = None) -> dict[str, int]:
    """Add one month of files to exports written by `generate` (`responses_per_month` survey responses, a fifth
    as many tickets, the contact-centre days and team figures); returns the rows written for that month."""
    _write(Path(out), [(month, responses_per_month)], responses_per_month / (DEMO_RESPONSES / MONTHS), threads)
    return row_counts(Path(out), month)


def row_counts(out: Path, month: dt.date | None = None) -> dict[str, int]:
    """Rows per partitioned table in the parquet metadata (of one month's folders only, when given)."""
    con = duckdb.connect()
    counts = {}
    for table in PARTITIONED_TABLES:
        folder = f"month={month:%Y-%m-%d}" if month and table.startswith("team_") else \
            f"month={month:%Y-%m}" if month else "*"
        pattern = out / table / folder / "*.parquet"
        counts[table] = con.execute(f"SELECT coalesce(sum(num_rows), 0) FROM (SELECT DISTINCT file_name, "
                                    f"row_group_id, row_group_num_rows AS num_rows FROM "
                                    f"parquet_metadata('{pattern}'))").fetchall()[0][0]
    con.close()
    return counts


def main(argv: list[str] | None = None) -> int:
    """Command line: write exports of a size, or add one month to them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the folder to write (replaced, unless --add-month)")
    parser.add_argument("--responses", type=int, default=1_000_000,
                        help="survey responses in all (with --add-month: the size the exports were written at)")
    parser.add_argument("--months", type=int, default=MONTHS, help=f"months from {FIRST_MONTH:%Y-%m}")
    parser.add_argument("--add-month", metavar="YYYY-MM", help="add this month's files (responses/months rows)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    if args.add_month:
        month = dt.date.fromisoformat(args.add_month + "-01")
        counts = add_month(args.out, month, args.responses // args.months)
    else:
        counts = generate(args.out, args.responses, args.months)
    print(f"{args.out}: {', '.join(f'{t} {n:,}' for t, n in counts.items())} "
          f"({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
