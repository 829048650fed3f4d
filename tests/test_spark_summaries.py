"""The summary tables computed by Spark SQL (tools/spark_summaries.py, pyspark in local mode) over the parquet
exports hold the rows DuckDB's store holds: on the fixture, on exports of several files with duplicate keys, bad
rows and aware timestamps, and on the demo data. Marked `spark` (a JVM, tens of seconds): left out of the default
run, run by tools/run_tests.sh and CI."""

import datetime as dt
import math
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from queries import DEFAULT_SETTINGS, loader
from queries.settings import BUNDLED_DEMO_DATA
from tests.fixture_data import FIXTURE_SETTINGS, exported_at, table, write_fixture
from tools import spark_summaries

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def spark():
    """One local Spark session for the module: two cores, few shuffle partitions (the data is small)."""
    session = spark_summaries.spark_session("local[2]", shuffle_partitions=2, app_name="csat-tests")
    yield session
    session.stop()


def _with(rows: pa.Table, **columns) -> pa.Table:
    for name, values in columns.items():
        index = rows.schema.get_field_index(name)
        values = values if isinstance(values, pa.Array) else pa.array(values, rows.schema.field(name).type)
        rows = rows.set_column(index, name, values)
    return rows


@pytest.fixture(scope="module")
def messy_exports(tmp_path_factory) -> Path:
    """The fixture with survey responses in hive-partitioned month folders, a key repeated within and across
    files, rows that break row rules, and tickets whose timestamps are aware (UTC) instead of naive."""
    directory = write_fixture(tmp_path_factory.mktemp("messy") / "exports", skip=("survey_responses", "tickets"))
    responses = table("survey_responses")
    folder = directory / "survey_responses"
    (folder / "month=2025-02").mkdir(parents=True)
    (folder / "month=2025-03").mkdir(parents=True)
    pq.write_table(responses.slice(0, 4), folder / "month=2025-02" / "part-0.parquet")
    pq.write_table(responses.slice(4), folder / "month=2025-03" / "part-0.parquet")
    # r5 again (a duplicate key: this newer export's row is kept, though its file sorts last), a score out of range,
    # an unknown city.
    extra = _with(responses.slice(0, 3), response_id=["r5", "new1", "new2"], speed=[10.0, 120.0, 55.0],
                  city_code=["AA", "AA", "ZZ"])
    pq.write_table(extra, folder / "month=2025-03" / "part-1.parquet")
    tickets = table("tickets")
    shanghai = dt.timezone(dt.timedelta(hours=8))

    def aware(values: list) -> pa.Array:
        # The same wall-clock times in the business's time zone, stored as UTC instants.
        return pa.array([None if v is None else v.replace(tzinfo=shanghai).astimezone(dt.UTC) for v in values],
                        pa.timestamp("us", tz="UTC"))

    naive = {name: tickets.column(name).to_pylist() for name in ("created_at", "first_response_at", "resolved_at")}
    # A ticket created at 23:30 UTC on 28 February is one of March in Shanghai (07:30 on 1 March).
    naive["created_at"][3] = dt.datetime(2025, 3, 1, 7, 30)
    naive["first_response_at"][3] = dt.datetime(2025, 3, 1, 8, 10)
    naive["resolved_at"][3] = dt.datetime(2025, 3, 2, 8)
    # Fractions of a second: 10:00:00.9 → 13:00:00.1 crosses 10,800 second boundaries (DuckDB's date_diff) though
    # only 10,799.2 s pass.
    naive["created_at"][1] = dt.datetime(2025, 3, 5, 10, 0, 0, 900_000)
    naive["first_response_at"][1] = dt.datetime(2025, 3, 5, 13, 0, 0, 100_000)
    aware_tickets = pa.table({name: aware(naive[name]) if name in naive else tickets.column(name)
                              for name in tickets.column_names})
    (directory / "tickets").mkdir()
    pq.write_table(aware_tickets.slice(0, 2), directory / "tickets" / "2024.parquet")
    # A bad row (first response before creation) and a duplicate ticket, in a second file of the table.
    bad = _with(aware_tickets.slice(2, 2), ticket_id=["t9", "t1"])
    bad = _with(bad, first_response_at=aware([dt.datetime(2025, 3, 10, 11), None]))
    pq.write_table(aware_tickets.slice(2), directory / "tickets" / "2025.parquet")
    pq.write_table(bad, directory / "tickets" / "late.parquet")
    # Exported in this order (the newest export's row of a repeated key is kept): set, not left to the clock.
    written = ("survey_responses/month=2025-02/part-0.parquet", "survey_responses/month=2025-03/part-0.parquet",
               "survey_responses/month=2025-03/part-1.parquet", "tickets/2024.parquet", "tickets/2025.parquet",
               "tickets/late.parquet")
    for minute, name in enumerate(written):
        exported_at(directory / name, minute)
    return directory


def _rows(con: duckdb.DuckDBPyConnection, relation: str) -> tuple[list[tuple[str, str]], list[tuple]]:
    columns = [(name, kind) for name, kind, *_ in con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()]
    return columns, con.execute(f"SELECT * FROM {relation}").fetchall()


def _same_value(actual, expected) -> bool:
    if isinstance(expected, float) and isinstance(actual, float):
        return math.isclose(actual, expected, rel_tol=1e-12, abs_tol=1e-12)
    return actual == expected  # counts, codes, dates, timestamps and the sorted lists: exactly


def assert_same_summaries(spark, data_dir: Path, settings, out_dir: Path) -> None:
    """Spark's summaries of `data_dir`, written as parquet and read back by DuckDB, equal the store's tables:
    same columns and types, same rows in the same order."""
    written = spark_summaries.write_summaries(spark, data_dir, out_dir, settings)
    assert sorted(written) == sorted(spark_summaries.summary_names())
    store = loader.open_store(data_dir, settings)
    try:
        for name, folder in written.items():
            expected_columns, expected = _rows(store, name)
            actual_columns, actual = _rows(store, f"read_parquet('{folder}/*.parquet')")
            assert actual_columns == expected_columns, name
            assert len(actual) == len(expected), name
            for position, (got, wanted) in enumerate(zip(actual, expected, strict=True)):
                for (column, _), value, reference in zip(expected_columns, got, wanted, strict=True):
                    assert _same_value(value, reference), f"{name} row {position} {column}: {value!r} ≠ {reference!r}"
    finally:
        store.close()


def rejected_rows(data_dir: Path, settings) -> int:
    con = loader.open_store(data_dir, settings)
    try:
        return con.execute("SELECT coalesce(sum(rows), 0) FROM data_quality_rejections").fetchone()[0]
    finally:
        con.close()


def test_the_fixture(spark, fixture_dir, tmp_path):
    assert rejected_rows(fixture_dir, FIXTURE_SETTINGS) == 0
    assert_same_summaries(spark, fixture_dir, FIXTURE_SETTINGS, tmp_path)


def test_files_with_duplicates_bad_rows_and_aware_timestamps(spark, messy_exports, tmp_path):
    # What the row rules and keys reject is left out by Spark as by the store.
    assert rejected_rows(messy_exports, FIXTURE_SETTINGS) == 5
    assert_same_summaries(spark, messy_exports, FIXTURE_SETTINGS, tmp_path)
    months = duckdb.sql(f"SELECT month, tickets FROM read_parquet('{tmp_path}/ticket_city_month/*.parquet') "
                        "WHERE city_code = 'BB' ORDER BY month").fetchall()
    # t3, t4 (created 23:30 UTC on 28 February: March's in Shanghai) and t1 as the newest export (late.parquet) sent
    # it again — a copy of t4 — which replaces the first t1 (an AA ticket of 2 March).
    assert months == [(dt.date(2025, 3, 1), 3)]
    hours = duckdb.sql(f"SELECT hours FROM read_parquet('{tmp_path}/ticket_hours_city_month/*.parquet') "
                       "WHERE city_code = 'AA'").fetchall()
    assert hours == [(3.0,)]  # t2 alone: 10:00:00.9 → 13:00:00.1 (the first t1's 1.5 hours are gone)


def test_the_demo_data(spark, tmp_path):
    assert_same_summaries(spark, BUNDLED_DEMO_DATA, DEFAULT_SETTINGS, tmp_path)


def test_the_summary_sql_is_translated_not_copied():
    # One source: every summary block of queries/views/ is run, and the command line prints its Spark SQL.
    queries = dict(spark_summaries.summary_queries())
    assert sorted(queries) == sorted(spark_summaries.summary_names())
    assert "satisfaction_index" not in queries["response_spread"]  # the macro is expanded
    assert [table.name for table in spark_summaries.tables_read()] == ["cities", "survey_responses", "tickets"]
