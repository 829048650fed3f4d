"""Bad exports get a clear answer and lose nothing: contract errors name file and column; rows that break a
rule are counted per file and rule, excluded, and everything else is still computed."""

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from queries import DataContractError, run
from tests.fixture_data import FIXTURE_SETTINGS, SURVEY_RESPONSES, TICKETS, table, write_fixture


def fixture_run(directory, name, **params):
    return run(name, data_dir=directory, settings=FIXTURE_SETTINGS, **params)


def contract_problems(directory) -> list[str]:
    with pytest.raises(DataContractError) as caught:
        fixture_run(directory, "national_kpis", month="2025-03")
    return [str(p) for p in caught.value.problems]


def rejections(directory) -> dict[tuple[str, str, str], int]:
    frame = fixture_run(directory, "data_quality")
    return {(r.table_name, r.file, r.rule): r.rows for r in frame.itertuples()}


def test_missing_required_table_names_the_file(tmp_path):
    directory = write_fixture(tmp_path, skip=("tickets",))
    assert contract_problems(directory) == [
        "tickets.parquet: required table missing: expected tickets.parquet or a folder tickets/ of parquet files"]


def test_missing_optional_table_is_fine(tmp_path):
    directory = write_fixture(tmp_path, skip=("incidents",))
    assert fixture_run(directory, "national_kpis", month="2025-03").iloc[0]["responses"] == 5


def test_missing_column_names_file_and_column(tmp_path):
    directory = write_fixture(tmp_path)
    pq.write_table(table("survey_responses").drop(["speed"]), directory / "survey_responses.parquet")
    assert contract_problems(directory) == ["survey_responses.parquet, column speed: required column missing"]


def test_wrong_type_names_file_column_and_types(tmp_path):
    directory = write_fixture(tmp_path)
    as_text = [t.isoformat() for t in TICKETS["created_at"]]
    pq.write_table(table("tickets", created_at=pa.array(as_text)), directory / "tickets.parquet")
    problems = contract_problems(directory)
    assert len(problems) == 1
    assert problems[0].startswith("tickets.parquet, column created_at: wrong type VARCHAR, expected timestamp")


def test_unreadable_file_is_named(tmp_path):
    directory = write_fixture(tmp_path)
    (directory / "cities.parquet").write_bytes(b"this is not parquet")
    problems = contract_problems(directory)
    assert len(problems) == 1 and problems[0].startswith("cities.parquet: unreadable parquet file")


def test_every_problem_is_reported_at_once(tmp_path):
    directory = write_fixture(tmp_path, skip=("team_monthly",))
    pq.write_table(table("cities").drop(["lat", "lon"]), directory / "cities.parquet")
    problems = contract_problems(directory)
    assert problems == ["cities.parquet, column lat: required column missing",
                        "cities.parquet, column lon: required column missing",
                        "team_monthly.parquet: required table missing: expected team_monthly.parquet or a folder "
                        "team_monthly/ of parquet files"]


def test_missing_data_directory_is_a_clear_error(tmp_path):
    assert contract_problems(tmp_path / "nowhere") == [f"{tmp_path / 'nowhere'}: data directory not found"]


def _bad_survey_rows() -> pa.Table:
    """The fixture's responses plus five bad March rows (one per rule) and one exact duplicate of r4."""
    rows = {k: list(v) for k, v in SURVEY_RESPONSES.items()}
    bad = [
        dict(response_id="b1", city_code="AA", speed=120.0),          # score out of range
        dict(response_id="b2", city_code="ZZ"),                        # unknown city
        dict(response_id="b3", city_code="AA", submitted_at=None),     # missing timestamp
        dict(response_id="b4", city_code="AA", nps=11),                # NPS out of range
        dict(response_id="b5", city_code="AA", low_score_reason="weather"),  # not an accepted reason
        dict(response_id="r4", city_code="AA", speed=100.0),           # duplicate id (kept: the first r4)
    ]
    defaults = dict(submitted_at=dt.datetime(2025, 3, 20, 9), channel="phone", speed=0.0, resolution=0.0,
                    attitude=0.0, follow_up=0.0, nps=0, low_score_reason=None, comment=None, ticket_id=None)
    for row in bad:
        for column in rows:
            rows[column].append({**defaults, **row}[column])
    return table("survey_responses", **rows)


def test_bad_rows_are_counted_per_file_and_rule_and_excluded(tmp_path):
    directory = write_fixture(tmp_path)
    pq.write_table(_bad_survey_rows(), directory / "survey_responses.parquet")
    assert rejections(directory) == {
        ("survey_responses", "survey_responses.parquet", "speed outside 0–100"): 1,
        ("survey_responses", "survey_responses.parquet", "unknown city_code"): 1,
        ("survey_responses", "survey_responses.parquet", "submitted_at missing"): 1,
        ("survey_responses", "survey_responses.parquet", "nps outside 0–10"): 1,
        ("survey_responses", "survey_responses.parquet",
         "low_score_reason not one of slow_response, unresolved, dialect, attitude, no_follow_up, logistics, "
         "system_outage, other"): 1,
        ("survey_responses", "survey_responses.parquet", "duplicate response_id"): 1,
    }
    tables = fixture_run(directory, "export_tables").set_index("table_name")
    assert tables.loc["survey_responses", "rows_read"] == 15
    assert tables.loc["survey_responses", "rows_kept"] == 9
    assert tables.loc["survey_responses", "rows_rejected"] == 6
    # The good rows still give exactly the clean fixture's figures.
    row = fixture_run(directory, "national_kpis", month="2025-03").iloc[0]
    assert row["responses"] == 5 and row["index"] == pytest.approx(78.0)


def test_ticket_rules_reject_impossible_rows(tmp_path):
    directory = write_fixture(tmp_path)
    rows = {k: list(v) for k, v in TICKETS.items()}
    rows["first_response_at"][1] = dt.datetime(2025, 3, 4, 10)   # t2 answered a day before it was created
    rows["category"][0] = "weather"                              # t1: unknown category
    pq.write_table(table("tickets", **rows), directory / "tickets.parquet")
    found = rejections(directory)
    assert found[("tickets", "tickets.parquet", "first_response_at before created_at")] == 1
    assert found[("tickets", "tickets.parquet",
                  "category not one of logistics, product, billing, account, technical, dialect, attitude, other")] == 1
    assert fixture_run(directory, "national_kpis", month="2025-03").iloc[0]["tickets"] == 1


def test_clean_fixture_has_no_rejections(fixture_dir):
    assert fixture_run(fixture_dir, "data_quality").empty


def test_folder_of_hive_partitioned_files_reads_like_one_file(tmp_path):
    directory = write_fixture(tmp_path, skip=("survey_responses",))
    responses = table("survey_responses")
    months = [t.strftime("%Y-%m") for t in SURVEY_RESPONSES["submitted_at"]]
    for month in sorted(set(months)):
        keep = pa.array([m == month for m in months])
        part = directory / "survey_responses" / f"month={month}"
        part.mkdir(parents=True)
        pq.write_table(responses.filter(keep), part / "part-0.parquet")
    row = fixture_run(directory, "national_kpis", month="2025-03").iloc[0]
    assert row["responses"] == 5 and row["index"] == pytest.approx(78.0)


def test_rejections_name_the_partition_file(tmp_path):
    directory = write_fixture(tmp_path, skip=("survey_responses",))
    folder = directory / "survey_responses" / "month=2025-03"
    folder.mkdir(parents=True)
    pq.write_table(_bad_survey_rows(), folder / "part-0.parquet")
    files = {file for (_, file, _) in rejections(directory)}
    assert files == {"survey_responses/month=2025-03/part-0.parquet"}


def test_timezone_aware_timestamps_count_in_shanghai_months(tmp_path):
    directory = write_fixture(tmp_path)
    # 2025-02-28 16:30 UTC is 2025-03-01 00:30 in Shanghai: a March response.
    aware = [dt.datetime(2025, 2, 28, 16, 30, tzinfo=dt.UTC)] * len(SURVEY_RESPONSES["response_id"])
    pq.write_table(table("survey_responses", submitted_at=pa.array(aware, type=pa.timestamp("us", tz="UTC"))),
                   directory / "survey_responses.parquet")
    months = fixture_run(directory, "months")
    assert list(months["month"].dt.strftime("%Y-%m")) == ["2025-03"]
    assert months.iloc[0]["responses"] == 9


def test_integer_response_ids_are_accepted(tmp_path):
    directory = write_fixture(tmp_path)
    ids = list(range(1, len(SURVEY_RESPONSES["response_id"]) + 1))
    pq.write_table(table("survey_responses", response_id=ids), directory / "survey_responses.parquet")
    assert fixture_run(directory, "national_kpis", month="2025-03").iloc[0]["responses"] == 5
