"""Export layouts that used to give wrong figures with "all rows passed": a hive folder over the column the file
carries, naive and timezone-aware timestamps in different files of one table, and a table given both as a file
and as a folder."""

import datetime as dt

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from queries import DataContractError, run, runner
from tests.fixture_data import FIXTURE_SETTINGS, SURVEY_RESPONSES, table, write_fixture


def fixture_run(directory, name, **params) -> pd.DataFrame:
    return run(name, data_dir=directory, settings=FIXTURE_SETTINGS, **params)


def test_a_folder_never_overrides_the_column_its_file_carries(tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "SIGNATURE_TTL_SECONDS", 0.0)  # the folder is rewritten below, within a second
    # team_monthly's two March rows filed under month=2025-04-01/: the rows' own month (March) is kept, and each
    # row disagreeing with its folder is rejected by a rule, counted — not shown as April.
    directory = write_fixture(tmp_path / "exports", skip=("team_monthly",))
    folder = directory / "team_monthly" / "month=2025-04-01"
    folder.mkdir(parents=True)
    pq.write_table(table("team_monthly"), folder / "part-0.parquet")
    quality = fixture_run(directory, "data_quality")
    assert quality[["table_name", "file", "rule", "rows"]].values.tolist() == [
        ["team_monthly", "team_monthly/month=2025-04-01/part-0.parquet", "month disagrees with its folder", 2]]
    # Filed under their own month, the same rows pass: March 2025 is written 2025-03-01 in the rows, 2025-03 here.
    (folder / "part-0.parquet").unlink()
    folder.rmdir()
    for name in ("month=2025-03", "month=2025-03-01"):
        (directory / "team_monthly" / name).mkdir()
    pq.write_table(table("team_monthly").slice(0, 1), directory / "team_monthly" / "month=2025-03" / "a.parquet")
    pq.write_table(table("team_monthly").slice(1), directory / "team_monthly" / "month=2025-03-01" / "b.parquet")
    assert fixture_run(directory, "data_quality").empty
    kept = fixture_run(directory, "export_tables").set_index("table_name").loc["team_monthly", "rows_kept"]
    assert kept == 2


def test_a_folder_gives_the_column_its_files_lack(tmp_path):
    directory = write_fixture(tmp_path / "exports", skip=("team_monthly",))
    folder = directory / "team_monthly" / "month=2025-03-01"
    folder.mkdir(parents=True)
    pq.write_table(table("team_monthly").drop_columns(["month"]), folder / "part-0.parquet")
    assert fixture_run(directory, "data_quality").empty
    seats = fixture_run(directory, "national_kpis", month="2025-03").iloc[0]["seats"]
    assert seats == sum(table("team_monthly").column("seats").to_pylist())  # both cities' March seats


def test_naive_and_aware_timestamps_in_different_files_are_each_read_right(tmp_path):
    # r4 (AA, 2025-03-01 00:00 business time) written by a second system in UTC: 2025-02-28 16:00Z. Read together
    # with the naive file, DuckDB took the naive times as UTC, 8 hours off (r5, 2025-03-31 23:59, went to April);
    # each file is converted on its own now.
    directory = write_fixture(tmp_path / "exports", skip=("survey_responses",))
    folder = directory / "survey_responses"
    folder.mkdir()
    responses = table("survey_responses")
    naive = responses.filter(pa.compute.not_equal(responses.column("response_id"), "r4"))
    pq.write_table(naive, folder / "a.parquet")
    aware = responses.filter(pa.compute.equal(responses.column("response_id"), "r4"))
    utc = [dt.datetime(2025, 2, 28, 16, 0, tzinfo=dt.UTC)]
    aware = aware.set_column(aware.schema.get_field_index("submitted_at"), "submitted_at",
                             pa.array(utc, pa.timestamp("us", tz="UTC")))
    pq.write_table(aware, folder / "b.parquet")
    plain = write_fixture(tmp_path / "plain")
    for month in ("2025-02", "2025-03", "2025-04"):
        pd.testing.assert_frame_equal(fixture_run(directory, "national_kpis", month=month),
                                      fixture_run(plain, "national_kpis", month=month), obj=month)
    march = [r for r, t in zip(SURVEY_RESPONSES["response_id"], SURVEY_RESPONSES["submitted_at"], strict=True)
             if t.month == 3]
    assert fixture_run(directory, "national_kpis", month="2025-03").iloc[0]["responses"] == len(march)


def test_a_table_given_as_a_file_and_a_folder_is_a_contract_error_naming_both(tmp_path):
    directory = write_fixture(tmp_path / "exports")
    (directory / "team_monthly" / "month=2025-03-01").mkdir(parents=True)  # the same rows again, as a folder
    pq.write_table(table("team_monthly"), directory / "team_monthly" / "month=2025-03-01" / "part-0.parquet")
    with pytest.raises(DataContractError) as caught:
        fixture_run(directory, "months")
    assert [str(p) for p in caught.value.problems] == [
        "team_monthly.parquet, team_monthly/: team_monthly is given twice, as a file and as a folder: keep one of "
        "them"]
