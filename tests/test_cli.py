"""The command line: `python -m queries` lists, runs and formats queries; bad input exits 2 without traceback."""

import json
import subprocess
import sys

import pandas as pd
import pyarrow.parquet as pq
import pytest

from queries.__main__ import main
from tests.fixture_data import table, write_fixture

ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "queries", *args], cwd=ROOT, capture_output=True, text=True,
                          env=env, timeout=120)


def test_list_shows_every_query_with_its_parameters(capsys):
    assert main(["--list"]) == 0
    listed = capsys.readouterr().out
    for name in ("national_kpis", "city_scores", "city_trend", "data_quality"):
        assert f"\n{name}\n" in f"\n{listed}"
    assert "--month (month)" in listed and "--months (int = 6)" in listed and "--cities (cities)" in listed


def test_json_is_a_list_of_records_at_full_precision(fixture_dir, capsys):
    assert main(["national_kpis", "--month", "2025-03", "--data", str(fixture_dir), "--format", "json"]) == 0
    raw = capsys.readouterr().out
    records = json.loads(raw)
    assert len(records) == 1
    record = records[0]
    assert record["month"] == "2025-03-01"
    assert record["responses"] == 5 and record["tickets_prev"] == 1
    # index_prev = 74.8333…: full precision, not rounded for display.
    assert record["index_prev"] == pytest.approx(24 + 28 + 0.2 * 260 / 3 + 5.5, abs=1e-12)
    assert '"index_prev": 74.833333333333' in raw


def test_csv_has_header_and_full_precision(fixture_dir, capsys):
    assert main(["city_scores", "--month", "2025-03", "--data", str(fixture_dir), "--format", "csv",
                 "--cities", "AA,BB"]) == 0
    from io import StringIO
    frame = pd.read_csv(StringIO(capsys.readouterr().out))
    assert list(frame["city_code"]) == ["AA", "BB"]
    assert "index_prev" in frame.columns and frame.loc[0, "index"] == 89.0


def test_table_format_is_readable(fixture_dir, capsys):
    assert main(["city_trend", "--month", "2025-03", "--months", "2", "--cities", "AA",
                 "--data", str(fixture_dir)]) == 0
    out = capsys.readouterr().out
    assert "Alpha" in out and "79.50" in out and "89.00" in out


def test_data_dir_comes_from_environment_variable(fixture_dir, monkeypatch, capsys):
    monkeypatch.setenv("CSAT_DATA_DIR", str(fixture_dir))
    assert main(["months", "--format", "json"]) == 0
    assert [r["month"] for r in json.loads(capsys.readouterr().out)] == ["2025-04-01", "2025-03-01", "2025-02-01"]


def test_broken_exports_exit_2_naming_file_and_column(tmp_path):
    directory = write_fixture(tmp_path)
    pq.write_table(table("survey_responses").drop(["follow_up"]), directory / "survey_responses.parquet")
    result = cli("national_kpis", "--month", "2025-03", "--data", str(directory))
    assert result.returncode == 2
    assert "survey_responses.parquet, column follow_up: required column missing" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_bad_month_exits_2_with_a_hint(fixture_dir, capsys):
    assert main(["national_kpis", "--month", "03/2025", "--data", str(fixture_dir)]) == 2
    assert "write it as YYYY-MM" in capsys.readouterr().err


@pytest.mark.parametrize("args", [["nope"], ["city_scores", "--months", "3"], []])
def test_bad_calls_exit_2(fixture_dir, args, capsys):
    assert main([*args, "--data", str(fixture_dir)]) == 2
    assert capsys.readouterr().err


def test_rejected_rows_are_mentioned_on_stderr(tmp_path):
    directory = write_fixture(tmp_path)
    speeds = [120.0] + list(table("survey_responses")["speed"].to_pylist()[1:])
    pq.write_table(table("survey_responses", speed=speeds), directory / "survey_responses.parquet")
    result = cli("months", "--data", str(directory))
    assert result.returncode == 0
    assert "1 row-rule violations" in result.stderr and "data_quality" in result.stderr


def test_every_catalogue_parameter_is_an_option(fixture_dir, capsys):
    assert main(["kpi_trend_by_city", "--metric", "nps", "--cities", "AA", "--month", "2025-03", "--months", "2",
                 "--data", str(fixture_dir), "--format", "json"]) == 0
    values = [r["value"] for r in json.loads(capsys.readouterr().out) if r["city_code"] == "AA"]
    assert values == [0.0, 50.0]  # AA's NPS: February (9, 6) → 0; March (10, 8) → +50


def test_a_value_the_query_rejects_exits_2_without_traceback(fixture_dir, capsys):
    assert main(["kpi_trend_by_city", "--metric", "complaint_count", "--data", str(fixture_dir)]) == 2
    err = capsys.readouterr().err
    assert "unknown metric complaint_count" in err and "Traceback" not in err


@pytest.mark.parametrize("option", [["--cities", "AA,XX"], ["--city", "XX"]])
def test_unknown_city_code_exits_2_naming_it(fixture_dir, option, capsys):
    name = "city_scores" if option[0] == "--cities" else "city_history"
    assert main([name, *option, "--data", str(fixture_dir), "--format", "json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "error: unknown city code XX (known: AA, BB, CC)\n"


@pytest.mark.parametrize("month", ["2025-03-99", "2025-13"])
def test_a_month_that_is_no_month_is_named(fixture_dir, month, capsys):
    assert main(["national_kpis", "--month", month, "--data", str(fixture_dir)]) == 2
    assert capsys.readouterr().err == f"error: month '{month}' is not a month; write it as YYYY-MM, e.g. 2025-03\n"


@pytest.mark.parametrize("args", [["--list"], ["months", "--format", "json"]])
def test_output_closed_by_its_reader_ends_quietly(fixture_dir, args):
    # As `python -m queries --list | head -0`: the reader is gone before anything is written.
    process = subprocess.Popen([sys.executable, "-m", "queries", *args, "--data", str(fixture_dir)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    process.stdout.close()
    errors = process.stderr.read()
    assert (process.wait(timeout=120), errors) == (141, "")


def test_store_connections_draw_no_progress_bar(fixture_dir):
    from queries.loader import build_database, open_store
    from tests.fixture_data import FIXTURE_SETTINGS

    for con in (open_store(fixture_dir, FIXTURE_SETTINGS), build_database(fixture_dir, FIXTURE_SETTINGS)):
        assert con.execute("SELECT current_setting('enable_progress_bar')").fetchall() == [(False,)]
        con.close()


def test_a_city_option_the_query_does_not_take_is_named_as_such(fixture_dir, capsys):
    assert main(["city_scores", "--city", "XX", "--data", str(fixture_dir)]) == 2
    assert capsys.readouterr().err == "error: query city_scores takes no parameter city\n"
