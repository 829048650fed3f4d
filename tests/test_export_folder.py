"""Small holes in an export folder: hidden files (macOS's `._NAME.parquet`, a writer's `.staging/`) and links to
nothing are skipped and counted — on the command line's standard error and in the pages' data stamp — and an empty
cities table, or one whose every row (or every survey response) breaks a rule, is a contract problem on the command
line and on the page, never a traceback."""

import subprocess
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from queries.loader import skipped_files
from queries.settings import REPOSITORY_ROOT
from tests.apptest_support import open_page
from tests.fixture_data import SURVEY_RESPONSES, table, write_fixture
from tests.test_export_variants import assert_same_figures, write_by_month

# What macOS writes beside a file copied to a foreign disk: its AppleDouble header, no parquet.
APPLE_DOUBLE = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        "
SKIPPED = ["._cities.parquet", "survey_responses/.staging/part-0.parquet",
           "survey_responses/month=2025-03/._part-0.parquet", "survey_responses/month=2025-03/.part-1.parquet",
           "survey_responses/month=2025-03/part-9.parquet"]


def folder_with_holes(directory):
    """The fixture, responses by month, with the five holes of SKIPPED: AppleDouble files, a hidden folder and a hidden
    file holding real rows (every response again, which would count twice if read), and a link to a removed file."""
    write_fixture(directory, skip=("survey_responses",))
    write_by_month(directory, "survey_responses", SURVEY_RESPONSES, "submitted_at", {})
    march = directory / "survey_responses" / "month=2025-03"
    for hole in ("._cities.parquet", "survey_responses/month=2025-03/._part-0.parquet"):
        (directory / hole).write_bytes(APPLE_DOUBLE)
    (directory / "survey_responses" / ".staging").mkdir()
    pq.write_table(table("survey_responses"), directory / "survey_responses" / ".staging" / "part-0.parquet")
    pq.write_table(table("survey_responses"), march / ".part-1.parquet")
    (march / "part-9.parquet").symlink_to(march / "removed.parquet")
    return directory


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "queries", *args], cwd=REPOSITORY_ROOT, capture_output=True,
                          text=True, timeout=120)


def test_hidden_files_and_links_to_nothing_are_skipped(tmp_path, fixture_dir):
    directory = folder_with_holes(tmp_path / "exports")
    assert [str(p.relative_to(directory)) for p in skipped_files(directory)] == SKIPPED
    assert_same_figures(directory, fixture_dir)


def test_command_line_counts_skipped_files_on_standard_error(tmp_path):
    directory = folder_with_holes(tmp_path / "exports")
    result = cli("months", "--data", str(directory), "--format", "csv")
    assert result.returncode == 0
    assert result.stdout.splitlines()[0].startswith("month,")  # the data alone
    assert (f"note: 5 parquet file(s) in {directory} skipped (hidden, or links to nothing): ._cities.parquet, "
            "survey_responses/.staging/part-0.parquet, survey_responses/month=2025-03/._part-0.parquet, …"
            in result.stderr)


def test_data_stamp_counts_skipped_files(tmp_path, monkeypatch):
    monkeypatch.setenv("CSAT_DATA_DIR", str(folder_with_holes(tmp_path / "exports")))
    app = open_page("app.py", lang="en")
    assert ("5 hidden files or broken links skipped: `._cities.parquet`, `survey_responses/.staging/part-0.parquet`, "
            "`survey_responses/month=2025-03/._part-0.parquet`") in [c.value for c in app.sidebar.caption]


def empty_cities(directory):
    write_fixture(directory)
    pq.write_table(table("cities").slice(0, 0), directory / "cities.parquet")
    return directory


def test_empty_cities_on_the_command_line_exit_2_with_the_contract_message(tmp_path):
    directory = empty_cities(tmp_path / "exports")
    result = cli("national_kpis", "--data", str(directory), "--format", "json")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (f"The exports in {directory} break the data contract:\n"
                             "  - cities.parquet: empty table: cities needs at least one row (the other tables refer "
                             "to it)\n")


def test_empty_cities_on_a_page_show_the_contract_problem(tmp_path, monkeypatch):
    monkeypatch.setenv("CSAT_DATA_DIR", str(empty_cities(tmp_path / "exports")))
    app = open_page("app.py", lang="en")
    assert app.title[0].value == "The data exports cannot be used"
    problems = app.dataframe[0].value
    assert problems.to_dict("records") == [{"File": "cities.parquet", "Column": "",
                                            "Rule": "empty table: cities needs at least one row (the other tables "
                                                    "refer to it)"}]


def every_row_broken(directory, name: str, column: str, value: str):
    """The fixture with `column` of every row of `name` set to `value`."""
    write_fixture(directory)
    rows = table(name)
    rows = rows.set_column(rows.schema.get_field_index(column), column, pa.array([value] * rows.num_rows))
    pq.write_table(rows, directory / f"{name}.parquet")
    return directory


@pytest.mark.parametrize(("name", "column", "value", "problem"), [
    # Every city in a region the contract does not know: no city is left, and every other table refers to them.
    ("cities", "region", "atlantis",
     "cities.parquet: no row left: every row broke a row rule (region not one of north, northeast, east, central, "
     "south, southwest, northwest: 3); cities needs at least one row (the other tables refer to it)"),
    # Every response of a city the exports do not hold: no month or figure of the review is left.
    ("survey_responses", "city_code", "QQ",
     "survey_responses.parquet: no row left: every row broke a row rule (unknown city_code: 9); survey_responses needs "
     "at least one row (the review's months and satisfaction figures come from it)"),
])
def test_a_table_whose_every_row_breaks_a_rule_is_named_not_a_database_error(tmp_path, name, column, value, problem):
    directory = every_row_broken(tmp_path / "exports", name, column, value)
    result = cli("national_kpis", "--data", str(directory), "--format", "json")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"The exports in {directory} break the data contract:\n  - {problem}\n"
