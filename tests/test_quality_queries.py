"""The data-quality page's questions, with values worked out by hand on a variant of the fixture: survey responses as a
folder of files reaching back to November 2024 (December 2024 only a rejected row, so missing), and a few events.

Kept survey responses per month (national): 2024-11: 4 (nov.parquet), 2024-12: 0 (its one row has a speed of 120 and
is rejected), 2025-01: 6 (jan.parquet), 2025-02: 3 (fixture r1–r3), 2025-03: 5 (fixture r4–r7, r9), 2025-04: 4 (fixture
r8 and three of apr.parquet, every one AA). Tickets (fixture): 2025-02: 1, 2025-03: 3, none in April.
Events: 2024-12-31, 2025-01-05, 2025-03-09 kept; one of June 2025 rejected (kind "weird").
"""

import datetime as dt

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from queries import QueryError, run
from queries.contract import TABLES
from tests.fixture_data import FIXTURE_SETTINGS, table, write_fixture
from tests.test_store import write_responses

T = dt.datetime
D = dt.date


@pytest.fixture(scope="module")
def thin_dir(tmp_path_factory):
    directory = write_fixture(tmp_path_factory.mktemp("thin_exports"), skip=("survey_responses",))
    folder = directory / "survey_responses"
    folder.mkdir()
    pq.write_table(table("survey_responses"), folder / "fixture.parquet")
    write_responses(folder / "nov.parquet", [f"n{i}" for i in range(4)], city_code=["AA", "BB", "CC", "AA"],
                    submitted_at=[T(2024, 11, day, 10) for day in (1, 2, 3, 30)])
    write_responses(folder / "jan.parquet", [f"j{i}" for i in range(6)], city_code=["AA"] * 6,
                    submitted_at=[T(2025, 1, day, 10) for day in range(1, 7)])
    # Three AA responses in April, and a December one whose speed breaks the rules.
    write_responses(folder / "apr.parquet", ["a0", "a1", "a2", "d0"], city_code=["AA"] * 4,
                    submitted_at=[T(2025, 4, 2, 9), T(2025, 4, 15, 9), T(2025, 4, 30, 23, 59), T(2024, 12, 15, 9)],
                    speed=[80.0, 80.0, 80.0, 120.0])
    pq.write_table(pa.table({
        "date": pa.array([D(2024, 12, 31), D(2025, 1, 5), D(2025, 3, 9), D(2025, 6, 1)]),
        "city_code": pa.array([None, "AA", "BB", None], pa.string()),
        "kind": ["positive", "negative", "neutral", "weird"],
        "title_zh": ["甲", "乙", "丙", "丁"], "title_en": ["a", "b", "c", "d"],
    }), directory / "events.parquet")
    return directory


def ask(directory, name, **params) -> pd.DataFrame:
    return run(name, data_dir=directory, settings=FIXTURE_SETTINGS, **params)


def rows(frame: pd.DataFrame) -> list[tuple]:
    """The frame's rows with dates as date and missing values as None (NaN and NaT compare unequal to themselves)."""
    def plain(value):
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return None
        return value.date() if isinstance(value, pd.Timestamp) else value
    return [tuple(plain(v) for v in row) for row in frame.itertuples(index=False)]


def test_the_variant_rejects_the_december_response_and_the_june_event(thin_dir):
    rejected = ask(thin_dir, "data_quality")
    assert list(zip(rejected["table_name"], rejected["file"], rejected["rule"], rejected["rows"], strict=True)) == [
        ("events", "events.parquet", "kind not one of positive, negative, neutral", 1),
        ("survey_responses", "survey_responses/apr.parquet", "speed outside 0–100", 1)]


def test_table_months_lists_every_contract_table_with_the_months_its_kept_rows_cover(thin_dir):
    months = ask(thin_dir, "table_months")
    assert list(months["table_name"]) == [t.name for t in TABLES]
    assert list(months["table_name"]) == list(ask(thin_dir, "export_tables")["table_name"])
    by_table = {row[0]: row[1:] for row in rows(months)}
    assert by_table["cities"] == (None, None, 0)  # no date: no months
    # November 2024 to April 2025; December's only row was rejected: 5 months.
    assert by_table["survey_responses"] == (D(2024, 11, 1), D(2025, 4, 1), 5)
    assert by_table["tickets"] == (D(2025, 2, 1), D(2025, 3, 1), 2)
    assert by_table["contact_center_daily"] == (D(2025, 3, 1), D(2025, 3, 1), 1)
    assert by_table["team_monthly"] == (D(2025, 3, 1), D(2025, 3, 1), 1)
    assert by_table["incidents"] == (D(2025, 3, 1), D(2025, 3, 1), 1)
    # 2024-12-31, 2025-01-05, 2025-03-09 (February has none); June's event was rejected.
    assert by_table["events"] == (D(2024, 12, 1), D(2025, 3, 1), 3)
    for name in ("initiatives", "milestones", "city_practices", "team_skills", "driver_figures",
                 "external_benchmarks", "long_term_plan"):
        assert by_table[name] == (None, None, 0), name


def test_table_months_on_the_plain_fixture(fixture_dir):
    by_table = {row[0]: row[1:] for row in rows(ask(fixture_dir, "table_months"))}
    assert by_table["survey_responses"] == (D(2025, 2, 1), D(2025, 4, 1), 3)  # r8 on 1 April at midnight


def test_thin_data_in_april(thin_dir):
    # Responses' window: 2024-11 (their first month) to 2025-04: 4, 0, 6, 3, 5, 4 → sorted 0 3 4 4 5 6, median 4,
    #   half of it 2: December (0) is thin. Tickets' window: 2025-02 (their first month) to 2025-04: 1, 3, 0 →
    #   median 1, threshold 0.5: April (0) is thin. April's responses are all AA's: BB (east) and CC (south) have none.
    assert rows(ask(thin_dir, "thin_data", month="2025-04")) == [
        ("city_without_responses", D(2025, 4, 1), "BB", 0, None, None),
        ("city_without_responses", D(2025, 4, 1), "CC", 0, None, None),
        ("thin_responses", D(2024, 12, 1), None, 0, 4.0, 2.0),
        ("thin_tickets", D(2025, 4, 1), None, 0, 1.0, 0.5)]
    # By default the latest month whose tickets arrived (runner.latest_month): March, not April.
    assert rows(ask(thin_dir, "thin_data")) == rows(ask(thin_dir, "thin_data", month="2025-03"))


def test_thin_data_threshold_is_a_parameter(thin_dir):
    # 80% of the median 4 is 3.2: February (3) is thin too; tickets: 0.8, still April only.
    found = rows(ask(thin_dir, "thin_data", month="2025-04", thin_percent=80))
    assert [r for r in found if r[0] == "thin_responses"] == [
        ("thin_responses", D(2024, 12, 1), None, 0, 4.0, 3.2), ("thin_responses", D(2025, 2, 1), None, 3, 4.0, 3.2)]
    assert [r[:2] for r in found if r[0] == "thin_tickets"] == [("thin_tickets", D(2025, 4, 1))]


def test_thin_data_window_follows_months(thin_dir):
    # Three months ending in April: responses 3, 5, 4 → median 4, threshold 2: none thin; tickets 1, 3, 0 as before.
    found = rows(ask(thin_dir, "thin_data", month="2025-04", months=3))
    assert [r[0] for r in found] == ["city_without_responses", "city_without_responses", "thin_tickets"]


def test_thin_data_in_march_finds_nothing_missing(thin_dir):
    # March: every city answered. Responses 2024-11 … 2025-03: 4, 0, 6, 3, 5 → median 4, threshold 2: December.
    #   Tickets 2025-02 … 03: 1, 3 → median 2, threshold 1: none below.
    assert rows(ask(thin_dir, "thin_data", month="2025-03")) == [("thin_responses", D(2024, 12, 1), None, 0, 4.0, 2.0)]


def test_thin_data_rejects_a_threshold_that_is_not_a_number(thin_dir):
    with pytest.raises(QueryError):
        ask(thin_dir, "thin_data", thin_percent="half")


def test_export_files_lists_the_files_of_the_version_in_use(thin_dir):
    files = ask(thin_dir, "export_files")
    responses = files[files["table_name"] == "survey_responses"]
    # 9 fixture rows, 4 of November, 6 of January, 4 of apr.parquet (its December row read, then rejected).
    assert list(zip(responses["file"], responses["rows_read"], strict=True)) == [
        ("survey_responses/apr.parquet", 4), ("survey_responses/fixture.parquet", 9),
        ("survey_responses/jan.parquet", 6), ("survey_responses/nov.parquet", 4)]
    assert list(dict.fromkeys(files["table_name"])) == ["cities", "survey_responses", "tickets", "contact_center_daily",
                                                        "team_monthly", "incidents", "events"]
    assert (files["size_bytes"] > 0).all()
    modified = (thin_dir / "events.parquet").stat().st_mtime  # shown in business time (UTC+8, no summer time)
    expected = pd.Timestamp(dt.datetime.fromtimestamp(modified, dt.UTC).replace(tzinfo=None)) + pd.Timedelta(hours=8)
    shown = files.loc[files["table_name"] == "events", "modified_at"].iloc[0]
    assert abs(shown - expected) < pd.Timedelta(milliseconds=1)
