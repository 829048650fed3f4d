"""What real writers produce is read like the plain export: a column that is empty in every row of a file (parquet
type NULL, as pandas and pyarrow write it), in a single file or a hive partition beside typed ones; dictionary-encoded
strings, decimals, small integers and float32 for numbers, timestamps in any unit or timezone-aware. Every figure
equals the plain fixture's; a NULL-typed column the contract requires is a clear contract problem."""

import decimal
from zoneinfo import ZoneInfo

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from queries import DataContractError, clear_caches, run
from tests.fixture_data import FIXTURE_SETTINGS, SURVEY_RESPONSES, TICKETS, table, write_fixture


def fixture_run(directory, name, **params) -> pd.DataFrame:
    return run(name, data_dir=directory, settings=FIXTURE_SETTINGS, **params)


def figures(directory) -> dict[str, pd.DataFrame]:
    """The answers compared between an export and the plain fixture: KPIs, scores, verbatims, outages, quality."""
    found = {"months": fixture_run(directory, "months"), "data_quality": fixture_run(directory, "data_quality"),
             "rows": fixture_run(directory, "export_tables")[["table_name", "rows_read", "rows_kept"]]}
    for month in ("2025-02", "2025-03", "2025-04"):
        for name in ("national_kpis", "city_scores", "verbatims", "incident_impact"):
            found[f"{name} {month}"] = fixture_run(directory, name, month=month)
    return found


def assert_same_figures(directory, plain) -> None:
    expected = figures(plain)
    for name, frame in figures(directory).items():
        pd.testing.assert_frame_equal(frame, expected[name], check_exact=True, obj=name)


def rows_where(columns: dict[str, list], keep: list[bool]) -> dict[str, list]:
    return {name: [v for v, k in zip(values, keep, strict=True) if k] for name, values in columns.items()}


def write_by_month(directory, name: str, columns: dict[str, list], moment: str, types: dict) -> None:
    """`columns` of table `name` as hive partitions month=YYYY-MM/part-0.parquet by the month of column `moment`;
    a column without a type in `types` gets pyarrow's inferred one — NULL when a partition has no value in it."""
    months = [t.strftime("%Y-%m") for t in columns[moment]]
    for month in sorted(set(months)):
        part = rows_where(columns, [m == month for m in months])
        folder = directory / name / f"month={month}"
        folder.mkdir(parents=True)
        pq.write_table(pa.table({k: pa.array(v, type=types.get(k)) for k, v in part.items()}),
                       folder / "part-0.parquet")


def contract_problems(directory) -> list[str]:
    with pytest.raises(DataContractError) as caught:
        fixture_run(directory, "months")
    return [str(p) for p in caught.value.problems]


def test_null_typed_nullable_columns_of_a_single_file_read_as_empty(tmp_path, fixture_dir):
    # tickets.repeat_of is empty in every row: written without a type, pyarrow stores it as NULL.
    directory = write_fixture(tmp_path / "exports")
    pq.write_table(table("tickets", repeat_of=pa.nulls(4)), directory / "tickets.parquet")
    assert pq.read_schema(directory / "tickets.parquet").field("repeat_of").type == pa.null()
    assert_same_figures(directory, fixture_dir)
    assert fixture_run(directory, "national_kpis", month="2025-03").iloc[0]["tickets"] == 3


def test_null_typed_columns_in_hive_partitions_beside_typed_ones(tmp_path, fixture_dir):
    # By month, as a partitioned writer leaves them: February's and April's responses link no ticket (ticket_id
    # NULL-typed there, text in March); February's one ticket was lost in no outage (lost_in_incident NULL-typed,
    # text in March); repeat_of is NULL-typed in every partition.
    directory = write_fixture(tmp_path / "exports", skip=("survey_responses", "tickets"))
    typed = {"submitted_at": pa.timestamp("us"), "created_at": pa.timestamp("us"),
             "first_response_at": pa.timestamp("us"), "resolved_at": pa.timestamp("us")}
    write_by_month(directory, "survey_responses", SURVEY_RESPONSES, "submitted_at", typed)
    write_by_month(directory, "tickets", TICKETS, "created_at", typed)
    february = directory / "survey_responses" / "month=2025-02" / "part-0.parquet"
    assert pq.read_schema(february).field("ticket_id").type == pa.null()
    assert pq.read_schema(directory / "tickets" / "month=2025-02" / "part-0.parquet").field(
        "lost_in_incident").type == pa.null()
    assert_same_figures(directory, fixture_dir)
    lost = fixture_run(directory, "incident_impact", month="2025-03").iloc[0]
    assert lost["incident_id"] == "INC1" and lost["lost_tickets"] == 1


def test_a_null_typed_partition_added_later_updates_the_store(tmp_path, fixture_dir):
    # The store is first built from March and April alone, then February's partition (ticket_id NULL) arrives:
    # the update reads that file alone, its column NULL-typed throughout.
    directory = write_fixture(tmp_path / "exports", skip=("survey_responses",))
    types = {"submitted_at": pa.timestamp("us")}
    later = rows_where(SURVEY_RESPONSES, [t.month != 2 for t in SURVEY_RESPONSES["submitted_at"]])
    write_by_month(directory, "survey_responses", later, "submitted_at", types)
    assert fixture_run(directory, "national_kpis", month="2025-03").iloc[0]["responses"] == 5
    write_by_month(tmp_path / "february", "survey_responses",
                   rows_where(SURVEY_RESPONSES, [t.month == 2 for t in SURVEY_RESPONSES["submitted_at"]]),
                   "submitted_at", types)
    (tmp_path / "february" / "survey_responses" / "month=2025-02").rename(
        directory / "survey_responses" / "month=2025-02")
    clear_caches()
    assert_same_figures(directory, fixture_dir)


def test_null_typed_required_column_names_file_column_and_rule(tmp_path):
    directory = write_fixture(tmp_path, skip=("tickets",))
    write_by_month(directory, "tickets", {**TICKETS, "category": [None, None, None, None]}, "created_at",
                   {"created_at": pa.timestamp("us"), "first_response_at": pa.timestamp("us"),
                    "resolved_at": pa.timestamp("us")})
    assert contract_problems(directory) == [
        f"tickets/month={month}/part-0.parquet, column category: empty in every row (parquet type NULL), but the "
        "contract requires a value in every row (text)" for month in ("2025-02", "2025-03")]


def test_a_file_without_rows_may_have_null_typed_columns(tmp_path, fixture_dir):
    # An empty partition written by pandas: every column without a value is NULL-typed, the required ones too.
    directory = write_fixture(tmp_path / "exports")
    folder = directory / "events"
    folder.mkdir()
    pq.write_table(pa.table({name: pa.nulls(0) for name in ("date", "city_code", "kind", "title_zh", "title_en")}),
                   folder / "part-0.parquet")
    assert_same_figures(directory, fixture_dir)


def _aware(values: list, unit: str) -> pa.Array:
    """The fixture's local (Shanghai) times as timezone-aware instants."""
    zone = ZoneInfo("Asia/Shanghai")
    return pa.array([None if v is None else v.replace(tzinfo=zone) for v in values], type=pa.timestamp(unit, tz="UTC"))


def _decimals(values: list, scale: int) -> pa.Array:
    return pa.array([None if v is None else decimal.Decimal(f"{v:.{scale}f}") for v in values],
                    type=pa.decimal128(9, scale))


SCORES = ("speed", "resolution", "attitude", "follow_up")
# Each variant: table → the columns written in another physical type than the plain fixture's.
VARIANTS = {
    "dictionary-encoded strings": {
        "survey_responses": {c: pa.array(SURVEY_RESPONSES[c]).dictionary_encode()
                             for c in ("city_code", "channel", "low_score_reason", "comment")},
        "tickets": {c: pa.array(TICKETS[c]).dictionary_encode() for c in ("category", "priority", "handled_by")}},
    "decimal scores and integers": {
        "survey_responses": {**{c: _decimals(SURVEY_RESPONSES[c], 1) for c in SCORES},
                             "nps": _decimals(SURVEY_RESPONSES["nps"], 0)},
        "tickets": {"escalation_level": _decimals(TICKETS["escalation_level"], 0)}},
    "int8 scores, int16 nps": {
        "survey_responses": {**{c: pa.array(SURVEY_RESPONSES[c], type=pa.int8()) for c in SCORES},
                             "nps": pa.array(SURVEY_RESPONSES["nps"], type=pa.int16())}},
    "int16 scores, int8 nps": {
        "survey_responses": {**{c: pa.array(SURVEY_RESPONSES[c], type=pa.int16()) for c in SCORES},
                             "nps": pa.array(SURVEY_RESPONSES["nps"], type=pa.int8())}},
    "float32 scores": {
        "survey_responses": {c: pa.array(SURVEY_RESPONSES[c], type=pa.float32()) for c in SCORES}},
    **{f"timestamps in {unit}": {
        "survey_responses": {"submitted_at": pa.array(SURVEY_RESPONSES["submitted_at"], type=pa.timestamp(unit))},
        "tickets": {c: pa.array(TICKETS[c], type=pa.timestamp(unit))
                    for c in ("created_at", "first_response_at", "resolved_at")}} for unit in ("s", "ms", "ns")},
    **{f"timezone-aware timestamps in {unit}": {
        "survey_responses": {"submitted_at": _aware(SURVEY_RESPONSES["submitted_at"], unit)},
        "tickets": {c: _aware(TICKETS[c], unit) for c in ("created_at", "first_response_at", "resolved_at")}}
        for unit in ("ms", "us", "ns")},
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_physical_variants_give_the_plain_figures(tmp_path, fixture_dir, variant):
    directory = write_fixture(tmp_path / "exports")
    for name, columns in VARIANTS[variant].items():
        pq.write_table(table(name, **columns), directory / f"{name}.parquet")
    assert fixture_run(directory, "data_quality").empty
    assert_same_figures(directory, fixture_dir)
    march = fixture_run(directory, "national_kpis", month="2025-03").iloc[0]
    assert (march["responses"], march["index"], march["tickets"]) == (5, 78.0, 3)


def test_float32_scores_keep_their_decimals(tmp_path):
    # 89.2 as float32 is 89.19999694…: read as the 89.2 its writer meant, the figures equal the float64 export's.
    speeds = [80.2, 90.1, 70.3, 99.9, 89.2, 60.7, 100.0, 50.5, 60.1]
    plain = write_fixture(tmp_path / "plain")
    pq.write_table(table("survey_responses", speed=pa.array(speeds, type=pa.float64())),
                   plain / "survey_responses.parquet")
    narrow = write_fixture(tmp_path / "float32")
    pq.write_table(table("survey_responses", speed=pa.array(speeds, type=pa.float32())),
                   narrow / "survey_responses.parquet")
    assert_same_figures(narrow, plain)
    # AA in March: r4 99.9, r5 89.2 → speed (99.9 + 89.2) / 2 = 94.55, exactly as from doubles.
    scores = fixture_run(narrow, "city_scores", month="2025-03").set_index("city_code")
    assert scores.loc["AA", "speed"] == (99.9 + 89.2) / 2


def test_decimal_with_a_fraction_is_no_integer(tmp_path):
    directory = write_fixture(tmp_path)
    pq.write_table(table("survey_responses", nps=_decimals(SURVEY_RESPONSES["nps"], 1)),
                   directory / "survey_responses.parquet")
    assert contract_problems(directory) == [
        "survey_responses.parquet, column nps: wrong type DECIMAL(9,1), expected int (TINYINT or SMALLINT or "
        "INTEGER…)"]


def test_empty_cities_table_is_a_contract_problem(tmp_path):
    directory = write_fixture(tmp_path)
    pq.write_table(table("cities").slice(0, 0), directory / "cities.parquet")
    assert contract_problems(directory) == [
        "cities.parquet: empty table: cities needs at least one row (the other tables refer to it)"]
