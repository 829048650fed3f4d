"""The store of checked exports (queries/loader.py): it answers every named query as a database built in memory from
every file with the building blocks of before the summaries (tests/reference_blocks.sql, reading raw rows) does,
with the same rejections; it re-checks only new or replaced files, reopens without reading parquet, and is rebuilt
when it is of another code version or not a whole store."""

import os
import re
import threading
import time
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from queries import DEFAULT_SETTINGS, catalogue, list_queries, loader, runner
from queries.settings import BUNDLED_DEMO_DATA
from tests.fixture_data import FIXTURE_SETTINGS, exported_at, table, write_fixture, write_responses

REFERENCE_BLOCKS = Path(__file__).with_name("reference_blocks.sql")
# What an update is checked with (every query is compared on whole builds below): the figures built on every
# summary and the rows and rejections themselves.
UPDATE_QUERIES = ("national_kpis", "city_scores", "kpi_trend_by_city", "months", "data_as_of", "verbatims",
                  "export_tables", "data_quality")
# The tables built per export version, compared row by row: every summary kept by month, and the tables built on them.
SUMMARY_TABLES = (*loader.summary_blocks(), "kpi_city_month", "kpi_city_month_values", "kpi_city_month_changes",
                  "city_ranking")
# Parameters tried beside each query's defaults (only those a query takes are passed).
FIXTURE_VARIANTS = ({"month": "2025-02", "months": 2}, {"cities": ["AA", "CC"], "city": "BB", "month": "2025-03"},
                    {"cities": ["BB"], "month": "2025-03"})  # one city: its own rows stand for the selection
DEMO_VARIANTS = ({"month": "2024-07", "months": 3},
                 {"cities": ["WLMQ", "LZ", "HHHT"], "city": "LZ", "month": "2025-03",
                  "metric": "avg_first_response_hours"})


def reference_database(data_dir: Path, settings) -> duckdb.DuckDBPyConnection:
    """Every file read and checked in memory, KPI blocks reading the raw rows as before the store."""
    con = loader.build_database(data_dir, settings)
    reference = REFERENCE_BLOCKS.read_text(encoding="utf-8")
    con.execute(reference)
    # The tables built from those blocks (kpi_city_month, city_ranking, …) are built again from the raw-row ones;
    # the summaries themselves are compared with the raw rows through them.
    replaced = set(re.findall(r"CREATE OR REPLACE MACRO (\w+)", reference))
    for stem, sql in loader.building_blocks():
        if stem not in replaced and stem not in loader.summary_blocks():
            con.execute(sql)
    return con


def answer(con: duckdb.DuckDBPyConnection, sql: str, bound: dict) -> pd.DataFrame:
    cursor = con.cursor()
    try:
        if "store" in {row[0] for row in cursor.execute("SELECT database_name FROM duckdb_databases()").fetchall()}:
            cursor.execute("USE store")
        return runner.execute(cursor, sql, bound)
    finally:
        cursor.close()


def assert_same(actual: pd.DataFrame, expected: pd.DataFrame, what: str) -> None:
    # Same columns, types, rows and order; integers and text exactly, doubles to 12 significant digits: a mean
    # pooled from per-city sums adds the same numbers in another order than one sum over the rows (as DuckDB's
    # own parallel sums do from run to run), so the last binary digit may differ.
    pd.testing.assert_frame_equal(actual, expected, check_exact=False, rtol=1e-12, atol=1e-12, obj=what)


def assert_same_answers(store: duckdb.DuckDBPyConnection, reference: duckdb.DuckDBPyConnection, data_dir: Path,
                        settings, variants: tuple[dict, ...], names: tuple[str, ...] | None) -> None:
    for info in list_queries():
        if names is not None and info.name not in names:
            continue
        taken = {p.name for p in info.parameters}
        for given in ({}, *variants):
            chosen = {name: value for name, value in given.items() if name in taken}
            if given and not chosen:
                continue
            bound = runner.bind_parameters(info, chosen, data_dir, settings)
            assert_same(answer(store, info.sql, bound), answer(reference, info.sql, bound), f"{info.name} {chosen}")
    for name in ("data_quality_rejections", "data_quality_tables"):
        pd.testing.assert_frame_equal(answer(store, f"FROM {name}", {}), answer(reference, f"FROM {name}", {}))
    for name in SUMMARY_TABLES:  # rows of a store updated month by month, as a whole build writes them
        ordered = f"FROM {name} ORDER BY ALL"
        assert_same(answer(store, ordered, {}), answer(reference, ordered, {}), name)


def assert_store_matches_full_build(data_dir: Path, settings=FIXTURE_SETTINGS, variants: tuple[dict, ...] = (),
                                    names: tuple[str, ...] | None = UPDATE_QUERIES) -> None:
    """The store of `data_dir` answers the queries `names` (None: every one) with their defaults and `variants`
    as a full in-memory build does, with the same rejections."""
    store = loader.open_store(data_dir, settings)
    reference = reference_database(data_dir, settings)
    try:
        assert_same_answers(store, reference, data_dir, settings, variants, names)
    finally:
        store.close()
        reference.close()


def files_read(data_dir: Path) -> set[str]:
    return {str(path.relative_to(data_dir)) for path in loader.READ_LOG}


def reopen(data_dir: Path, settings=FIXTURE_SETTINGS) -> set[str]:
    """Open the store of `data_dir` again; the export files that took (schema check or load)."""
    loader.READ_LOG.clear()
    loader.open_store(data_dir, settings).close()
    return files_read(data_dir)


def stored_rows(data_dir: Path, sql: str, settings=FIXTURE_SETTINGS) -> list[tuple]:
    """The rows `sql` reads from the up-to-date store of `data_dir`."""
    con = loader.open_store(data_dir, settings)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def rejections(data_dir: Path, settings=FIXTURE_SETTINGS) -> list[tuple]:
    return stored_rows(data_dir, "SELECT table_name, file, rule, rows FROM data_quality_rejections ORDER BY ALL",
                       settings)


# The whole-build comparisons are classes of their own so that xdist (--dist loadscope) runs them beside the rest.
class TestEveryQuery:
    """Every named query, with its defaults and chosen months and cities."""

    def test_on_the_fixture(self, fixture_dir):
        assert_store_matches_full_build(fixture_dir, variants=FIXTURE_VARIANTS, names=None)

    def test_on_the_fixture_with_duplicates_and_bad_rows_across_files(self, monthly_exports):
        # r5 of 2025-03.parquet loses to the newer export's (2025-03b.parquet).
        assert rejections(monthly_exports) == [
            ("survey_responses", "survey_responses/2025-03.parquet", "duplicate response_id", 1),
            ("survey_responses", "survey_responses/2025-03b.parquet", "speed outside 0–100", 1)]
        assert_store_matches_full_build(monthly_exports, variants=FIXTURE_VARIANTS[1:], names=None)


class TestEveryQueryOnTheDemoData:
    """Every named query on the demo data (the review's figures), with its defaults and chosen months and cities."""

    def test_on_the_demo_data(self):
        assert_store_matches_full_build(BUNDLED_DEMO_DATA, DEFAULT_SETTINGS, DEMO_VARIANTS, names=None)


def test_a_few_rejected_rows_are_kept_as_examples_and_forgotten_with_their_file(monthly_exports):
    examples = runner.run("data_quality_examples", data_dir=monthly_exports, settings=FIXTURE_SETTINGS)
    # Row 0 of 2025-03.parquet is r5, sent again by the newer 2025-03b.parquet (the duplicate); row 1 of
    # 2025-03b.parquet is new1 with a speed of 120.
    assert examples.fillna("").values.tolist() == [
        ["survey_responses", "survey_responses/2025-03.parquet", "duplicate response_id", "response_id", 0, "r5", ""],
        ["survey_responses", "survey_responses/2025-03b.parquet", "speed outside 0–100", "speed", 1, "new1",
         "120.0"]]
    write_responses(monthly_exports / "survey_responses" / "2025-03b.parquet", ["new8"], speed=[40.0])
    loader.open_store(monthly_exports, FIXTURE_SETTINGS).close()
    runner.clear_caches()
    assert runner.run("data_quality_examples", data_dir=monthly_exports, settings=FIXTURE_SETTINGS).empty


def test_different_keys_that_share_a_hash_are_not_duplicates(monthly_exports, monkeypatch):
    # Every key given one hash: the rule must still tell the keys apart (a real collision of 64-bit hashes is
    # rare, not impossible), rejecting exactly the one repeated response_id, on a build and on an update.
    monkeypatch.setattr(loader, "_key_hash", lambda table: "CAST(7 AS UBIGINT)")
    expected = [("survey_responses", "survey_responses/2025-03.parquet", "duplicate response_id", 1),
                ("survey_responses", "survey_responses/2025-03b.parquet", "speed outside 0–100", 1)]
    assert rejections(monthly_exports) == expected
    write_responses(monthly_exports / "survey_responses" / "2025-01.parquet", ["r1", "jan1"], speed=[33.0, 34.0])
    assert rejections(monthly_exports) == [
        ("survey_responses", "survey_responses/2025-02.parquet", "duplicate response_id", 1), *expected]
    assert_store_matches_full_build(monthly_exports)


def kept_speed(data_dir: Path, response_id: str) -> list[tuple]:
    """The speed scores of the rows of `response_id` the store keeps (one, if the duplicate rule works)."""
    con = loader.open_store(data_dir, FIXTURE_SETTINGS)
    try:
        return con.execute("SELECT speed FROM survey_responses WHERE response_id = $id",
                           {"id": response_id}).fetchall()
    finally:
        con.close()


def test_of_conflicting_duplicates_the_newest_export_wins_whatever_its_name(tmp_path):
    directory = write_fixture(tmp_path / "exports", skip=("survey_responses",))
    folder = directory / "survey_responses"
    write_responses(folder / "a.parquet", ["r1", "a1"], speed=[10.0, 11.0])
    write_responses(folder / "b.parquet", ["r1", "b1"], speed=[90.0, 91.0])
    exported_at(folder / "a.parquet", 1)  # a.parquet is the newer export, though its name sorts first
    exported_at(folder / "b.parquet", 0)
    assert kept_speed(directory, "r1") == [(10.0,)]
    assert rejections(directory) == [("survey_responses", "survey_responses/b.parquet", "duplicate response_id", 1)]
    # b.parquet exported again (same rows, a new file version): now it is the newest, and its r1 wins — on an
    # update of the store as on a build from all files.
    exported_at(folder / "b.parquet", 2)
    assert kept_speed(directory, "r1") == [(90.0,)]
    assert rejections(directory) == [("survey_responses", "survey_responses/a.parquet", "duplicate response_id", 1)]
    assert_store_matches_full_build(directory)
    # Written in the same millisecond: path order decides (a.parquet); within one file the first row is kept.
    exported_at(folder / "a.parquet", 2)
    write_responses(folder / "c.parquet", ["c1", "c1"], speed=[30.0, 31.0])
    assert kept_speed(directory, "r1") == [(10.0,)]
    assert kept_speed(directory, "c1") == [(30.0,)]
    assert rejections(directory) == [("survey_responses", "survey_responses/b.parquet", "duplicate response_id", 1),
                                     ("survey_responses", "survey_responses/c.parquet", "duplicate response_id", 1)]


def test_a_replaced_file_is_the_only_one_read_again(monthly_exports):
    loader.open_store(monthly_exports, FIXTURE_SETTINGS).close()
    assert reopen(monthly_exports) == set()
    write_responses(monthly_exports / "survey_responses" / "2025-03b.parquet", ["new1", "new2"], speed=[11.0, 12.0])
    assert reopen(monthly_exports) == {"survey_responses/2025-03b.parquet"}
    assert rejections(monthly_exports) == []  # the duplicate and the bad row were in the replaced file
    assert_store_matches_full_build(monthly_exports)


def test_an_added_month_file_is_picked_up_and_can_take_over_a_duplicate_key(monthly_exports, monkeypatch):
    # The query layer looks the export state up at most once per SIGNATURE_TTL_SECONDS; the comparison below
    # runs queries, and a new file written within that second would not be seen yet (a flaky test otherwise).
    monkeypatch.setattr(runner, "SIGNATURE_TTL_SECONDS", 0.0)
    loader.open_store(monthly_exports, FIXTURE_SETTINGS).close()
    # A newer export takes r1 over from 2025-02.parquet (though its name sorts first): now the older file holds
    # the rejected duplicate.
    write_responses(monthly_exports / "survey_responses" / "2025-01.parquet", ["r1"], speed=[33.0])
    assert reopen(monthly_exports) == {"survey_responses/2025-01.parquet"}
    assert ("survey_responses", "survey_responses/2025-02.parquet", "duplicate response_id", 1) \
        in rejections(monthly_exports)
    assert_store_matches_full_build(monthly_exports)
    # A new month through the query layer, without a restart.
    write_responses(monthly_exports / "survey_responses" / "2025-05.parquet", ["may1", "may2"],
                    submitted_at=[pd.Timestamp("2025-05-02 10:00"), pd.Timestamp("2025-05-03 11:00")])
    assert reopen(monthly_exports) == {"survey_responses/2025-05.parquet"}
    assert runner.run("months", data_dir=monthly_exports, settings=FIXTURE_SETTINGS)["month"].max() \
        == pd.Timestamp("2025-05-01")


@pytest.fixture
def summary_writes(monkeypatch) -> list[dict]:
    """Each store update's months whose summary rows were written again, by table (None: all, a new store)."""
    writes = []
    write_blocks = loader._write_blocks

    def spy(con, touched):
        writes.append({name: None if months is None else sorted(str(month) for month in months)
                       for name, months in touched.items()})
        write_blocks(con, touched)

    monkeypatch.setattr(loader, "_write_blocks", spy)
    return writes


def test_an_added_month_writes_only_its_own_summary_rows(monthly_exports, summary_writes):
    def written_months() -> dict:
        loader.open_store(monthly_exports, FIXTURE_SETTINGS).close()
        return summary_writes[-1]

    loader.open_store(monthly_exports, FIXTURE_SETTINGS).close()
    write_responses(monthly_exports / "survey_responses" / "2025-05.parquet", ["may1", "may2"],
                    submitted_at=[pd.Timestamp("2025-05-02 10:00"), pd.Timestamp("2025-05-03 11:00")])
    assert written_months() == {"survey_responses": ["2025-05-01"]}
    assert_store_matches_full_build(monthly_exports)
    # A new file that takes a key over also rewrites the month of the row that lost it (r1, February's file).
    write_responses(monthly_exports / "survey_responses" / "2025-01.parquet", ["r1"],
                    submitted_at=[pd.Timestamp("2025-03-09 10:00")])
    assert written_months() == {"survey_responses": ["2025-02-01", "2025-03-01"]}
    assert_store_matches_full_build(monthly_exports)
    # A removed file's months are written again without its rows.
    (monthly_exports / "survey_responses" / "2025-05.parquet").unlink()
    assert written_months() == {"survey_responses": ["2025-05-01"]}
    assert_store_matches_full_build(monthly_exports)


def test_a_new_store_keeps_the_ticket_hours_in_city_order_and_an_update_appends_its_month(monthly_exports):
    """A group's first-response p90 reads the hours of its cities only: DuckDB skips the row groups whose city codes
    lie outside the group, which works when the hours are stored city by city (its ORDER BY), not month by month as
    a new store writes them."""
    def stored_order() -> list[tuple]:
        return stored_rows(monthly_exports, "SELECT city_code, month, hours FROM store.ticket_hours_city_month "
                                            "ORDER BY rowid")

    tickets = pq.read_table(monthly_exports / "tickets.parquet")
    (monthly_exports / "tickets").mkdir()
    (monthly_exports / "tickets.parquet").rename(monthly_exports / "tickets" / "earlier.parquet")
    new_store = stored_order()
    assert len({month for _, month, _ in new_store}) > 1 and new_store == sorted(new_store)
    may = tickets.slice(0, 2).to_pandas()
    may["ticket_id"] = ["may-ticket-1", "may-ticket-2"]
    may["created_at"] = [pd.Timestamp("2025-05-02 10:00"), pd.Timestamp("2025-05-03 11:00")]
    may["first_response_at"] = may["created_at"] + pd.Timedelta(hours=2)
    may["resolved_at"] = may["created_at"] + pd.Timedelta(hours=5)
    pq.write_table(pa.Table.from_pandas(may, schema=tickets.schema, preserve_index=False),
                   monthly_exports / "tickets" / "2025-05.parquet")
    updated = stored_order()
    assert updated[:len(new_store)] == new_store  # the earlier months as they were; May's rows after them
    assert [(month.isoformat(), hours) for _, month, hours in updated[len(new_store):]] == [("2025-05-01", 2.0)] * 2


def test_a_small_update_commits_once_and_a_large_one_table_by_table(monthly_exports, monkeypatch):
    # Every commit of a store's update syncs the whole copied store to disk: a new month's few files wait for the one
    # commit at the end, while a table of a batch of files or more commits (and checkpoints) to bound memory.
    commits = []
    monkeypatch.setattr(loader, "_commit_step", lambda con, checkpoint=False: commits.append(checkpoint))
    loader.open_store(monthly_exports, FIXTURE_SETTINGS).close()
    assert commits == []
    monkeypatch.setattr(loader, "STAGE_BATCH_BYTES", 1)  # every file a batch of its own
    write_responses(monthly_exports / "survey_responses" / "2025-05.parquet", ["may1", "may2"],
                    submitted_at=[pd.Timestamp("2025-05-02 10:00"), pd.Timestamp("2025-05-03 11:00")])
    write_responses(monthly_exports / "survey_responses" / "2025-06.parquet", ["jun1"],
                    submitted_at=[pd.Timestamp("2025-06-02 10:00")])
    loader.open_store(monthly_exports, FIXTURE_SETTINGS).close()
    assert commits == [False, True]  # between the two files' batches, then after the table
    assert_store_matches_full_build(monthly_exports)


def test_a_removed_file_loses_its_rows(monthly_exports):
    loader.open_store(monthly_exports, FIXTURE_SETTINGS).close()
    (monthly_exports / "survey_responses" / "2025-03b.parquet").unlink()
    assert reopen(monthly_exports) == set()  # nothing to read: its rows are deleted
    assert_store_matches_full_build(monthly_exports)


def test_a_changed_reference_table_re_checks_the_tables_whose_rules_read_it(monthly_exports):
    loader.open_store(monthly_exports, FIXTURE_SETTINGS).close()
    cities = table("cities").slice(0, 2)  # CC is gone: its responses are rows of an unknown city now
    pq.write_table(cities, monthly_exports / "cities.parquet")
    read = reopen(monthly_exports)
    assert {"cities.parquet", "survey_responses/2025-02.parquet", "tickets.parquet"} <= read
    assert ("survey_responses", "survey_responses/2025-03.parquet", "unknown city_code", 1) \
        in rejections(monthly_exports)
    assert_store_matches_full_build(monthly_exports)


def test_reopening_unchanged_exports_reads_no_parquet(fixture_dir):
    loader.open_store(fixture_dir, FIXTURE_SETTINGS).close()
    assert reopen(fixture_dir) == set()


def test_a_store_of_another_code_version_is_rebuilt(fixture_dir, monkeypatch):
    loader.open_store(fixture_dir, FIXTURE_SETTINGS).close()
    monkeypatch.setattr(loader, "code_version", lambda: "another version")
    assert "survey_responses.parquet" in reopen(fixture_dir)
    assert reopen(fixture_dir) == set()  # and then kept


def test_a_store_that_is_not_whole_is_never_used(fixture_dir):
    path = loader.store_path(fixture_dir, FIXTURE_SETTINGS)
    loader.open_store(fixture_dir, FIXTURE_SETTINGS).close()
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])  # a torn file
    killed_builder = path.with_name(f"{path.name}.999999-deadbeef.tmp")  # what a killed build leaves
    killed_builder.write_bytes(b"half")
    assert "survey_responses.parquet" in reopen(fixture_dir)
    assert not killed_builder.exists()
    assert_store_matches_full_build(fixture_dir)


def test_a_failed_update_leaves_the_previous_store_and_no_temporary_file(monthly_exports, monkeypatch):
    loader.open_store(monthly_exports, FIXTURE_SETTINGS).close()
    path = loader.store_path(monthly_exports, FIXTURE_SETTINGS)
    before = path.read_bytes()
    write_responses(monthly_exports / "survey_responses" / "2025-04.parquet", ["apr1"])

    def crash(*args):
        raise RuntimeError("killed mid-build")

    monkeypatch.setattr(loader, "_write_quality", crash)
    with pytest.raises(RuntimeError):
        loader.open_store(monthly_exports, FIXTURE_SETTINGS)
    assert path.read_bytes() == before
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    monkeypatch.undo()
    assert reopen(monthly_exports) == {"survey_responses/2025-04.parquet"}


def row_files(data_dir: Path) -> dict[str, str]:
    """The row files the store of `data_dir` lists: export file → row file (survey responses)."""
    return dict(stored_rows(data_dir, "SELECT file, row_file FROM store_row_files "
                                      "WHERE table_name = 'survey_responses'"))


def test_the_responses_and_tickets_rows_live_in_row_files_and_a_new_month_writes_only_its_own(monthly_exports):
    loader.open_store(monthly_exports, FIXTURE_SETTINGS).close()
    assert loader.tables_in_row_files() == {"survey_responses", "tickets"}
    kinds = dict(stored_rows(monthly_exports, "SELECT table_name, table_type FROM information_schema.tables "
                                              "WHERE table_name LIKE 'staged_%'"))
    # The staged rows of the tables summarised by month are views of their row files; the small tables' are kept.
    assert kinds["staged_survey_responses"] == kinds["staged_tickets"] == "VIEW"
    assert kinds["staged_cities"] == "BASE TABLE"
    before = row_files(monthly_exports)
    assert set(before) == {str(path.relative_to(monthly_exports))
                           for path in (monthly_exports / "survey_responses").glob("*.parquet")}
    write_responses(monthly_exports / "survey_responses" / "2025-04.parquet", ["apr1", "apr2"])
    loader.open_store(monthly_exports, FIXTURE_SETTINGS).close()
    after = row_files(monthly_exports)
    assert {file: after[file] for file in before} == before  # the other months' row files are the same files
    assert set(after) - set(before) == {"survey_responses/2025-04.parquet"}
    new_month = duckdb.connect(after["survey_responses/2025-04.parquet"], read_only=True)
    try:
        assert new_month.execute("SELECT response_id FROM staged_rows ORDER BY ALL").fetchall() == [
            ("apr1",), ("apr2",)]
    finally:
        new_month.close()
    assert_store_matches_full_build(monthly_exports)


def test_a_replaced_file_s_row_file_is_kept_for_readers_then_deleted(monthly_exports, monkeypatch):
    loader.open_store(monthly_exports, FIXTURE_SETTINGS).close()
    path = loader.store_path(monthly_exports, FIXTURE_SETTINGS)
    reader = loader._attach(path)  # a process still reading the store before
    replaced = "survey_responses/2025-03.parquet"
    old = row_files(monthly_exports)[replaced]
    write_responses(monthly_exports / replaced, ["m1"], speed=[50.0])
    loader.open_store(monthly_exports, FIXTURE_SETTINGS).close()
    new = row_files(monthly_exports)[replaced]
    assert new != old and Path(old).is_file()  # retired, not deleted: the reader still reads it
    assert reader.execute("SELECT count(*) FROM survey_responses WHERE response_id = 'm1'").fetchall() == [(0,)]
    assert reader.execute("SELECT count(*) FROM survey_responses").fetchall()[0][0] > 1
    reader.close()
    # RETIRE_SECONDS later, the next update deletes it, and what a failed update left (listed by no store).
    left = Path(new).with_name("0" * 32 + ".duckdb")
    left.write_bytes(b"left by an update that failed")
    monkeypatch.setattr(loader, "RETIRE_SECONDS", 0.0)
    write_responses(monthly_exports / "survey_responses" / "2025-04.parquet", ["apr1"])
    loader.open_store(monthly_exports, FIXTURE_SETTINGS).close()
    assert not Path(old).exists() and not left.exists() and Path(new).is_file()
    assert_store_matches_full_build(monthly_exports)


def test_a_store_whose_row_files_are_gone_is_built_again(monthly_exports):
    loader.open_store(monthly_exports, FIXTURE_SETTINGS).close()
    for row_file in row_files(monthly_exports).values():
        Path(row_file).unlink()
    assert reopen(monthly_exports) == {str(path.relative_to(monthly_exports))
                                       for path in monthly_exports.rglob("*.parquet")}
    assert_store_matches_full_build(monthly_exports)


def test_the_replaced_store_is_deleted_beside_the_update_and_a_leftover_by_the_next(monthly_exports):
    loader.open_store(monthly_exports, FIXTURE_SETTINGS).close()
    path = loader.store_path(monthly_exports, FIXTURE_SETTINGS)
    reader = loader._attach(path)  # a process still reading the replaced store
    killed = path.with_name(f"{path.name}.999999-deadbeef.tmp.retired")  # what a process ended meanwhile leaves
    killed.write_bytes(b"old store")
    write_responses(monthly_exports / "survey_responses" / "2025-04.parquet", ["apr1"])
    loader.open_store(monthly_exports, FIXTURE_SETTINGS).close()
    for thread in threading.enumerate():
        if thread.name == "store-retired-file":
            thread.join(timeout=30)
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name)) == [
        path.name, f"{path.name}.lock", f"{path.name}.rows"]
    # The reader keeps its version: the store without April's response.
    assert reader.execute("SELECT count(*) FROM survey_responses WHERE response_id = 'apr1'").fetchall() == [(0,)]
    reader.close()
    updated = loader.open_store(monthly_exports, FIXTURE_SETTINGS)
    assert updated.execute("SELECT count(*) FROM survey_responses WHERE response_id = 'apr1'").fetchall() == [(1,)]
    updated.close()


def test_a_store_on_a_file_system_without_hard_links_is_updated_in_place(monthly_exports, monkeypatch):
    loader.open_store(monthly_exports, FIXTURE_SETTINGS).close()

    def no_hard_links(*args):
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(loader.os, "link", no_hard_links)
    write_responses(monthly_exports / "survey_responses" / "2025-04.parquet", ["apr1"])
    assert reopen(monthly_exports) == {"survey_responses/2025-04.parquet"}
    path = loader.store_path(monthly_exports, FIXTURE_SETTINGS)
    assert not [p for p in path.parent.iterdir() if p.name.endswith((".tmp", ".retired"))]
    assert_store_matches_full_build(monthly_exports)


def test_a_contract_error_leaves_the_store_as_it_was(monthly_exports):
    loader.open_store(monthly_exports, FIXTURE_SETTINGS).close()
    pq.write_table(table("survey_responses").drop(["speed"]), monthly_exports / "survey_responses" / "bad.parquet")
    with pytest.raises(loader.DataContractError, match="bad.parquet, column speed: required column missing"):
        loader.open_store(monthly_exports, FIXTURE_SETTINGS)
    (monthly_exports / "survey_responses" / "bad.parquet").unlink()
    assert reopen(monthly_exports) == set()


def test_the_store_lives_in_the_store_folder_and_settings_are_part_of_its_identity(fixture_dir, tmp_path,
                                                                                  monkeypatch):
    assert loader.store_path(fixture_dir, FIXTURE_SETTINGS).parent == Path(os.environ["CSAT_STORE_DIR"])
    assert loader.store_path(fixture_dir, FIXTURE_SETTINGS) != loader.store_path(fixture_dir, DEFAULT_SETTINGS)
    monkeypatch.delenv("CSAT_STORE_DIR")
    data_dir = tmp_path / "exports"
    assert loader.store_path(data_dir, FIXTURE_SETTINGS).parent == tmp_path / ".csat-store"


def test_a_selection_s_totals_are_pooled_once_and_never_taken_from_another_selection(fixture_dir):
    con = loader.build_database(fixture_dir, FIXTURE_SETTINGS)
    try:
        cursor = con.cursor()
        sql = catalogue.query_info("national_kpis").sql
        bound = {"month": catalogue.parse_month("2025-03"), "cities": ["CC", "AA"]}
        pooled = runner.execute(cursor, sql, bound)
        # Both cities' responses in March (the fixture: AA 2, CC 1), whichever order the codes come in.
        assert pooled["responses"].tolist() == [3]
        # Rows registered for another selection (AA and BB) are not used: the selection has no figures then.
        other = {name: runner.selection_table(cursor, name, ["AA", "BB"]) for name in runner.SELECTION_TABLES}
        assert all(rows is not None and rows.num_rows > 0 for rows in other.values())
        assert runner.execute(cursor, sql, bound, lambda name, codes: other[name]).empty
    finally:
        con.close()


def pooled_totals(cursor: duckdb.DuckDBPyConnection, codes: list[str]):
    """The selection's totals pooled from the summaries (kpi_pooled), as selection_kpis holds them, by month."""
    return cursor.sql("SELECT list_sort($s) AS selection_codes, * FROM kpi_pooled($s) WHERE city_code IS NULL "
                      "ORDER BY month", params={"s": codes}).to_arrow_table()


def test_a_month_pooled_alone_is_that_month_of_every_month_pooled(fixture_dir):
    con = loader.build_database(fixture_dir, FIXTURE_SETTINGS)
    try:
        cursor = con.cursor()
        for codes in (["AA", "CC"], ["AA", "BB", "CC"], ["BB", "XX"]):
            every = cursor.sql("FROM kpi_pooled($s) ORDER BY month, city_code NULLS FIRST",
                               params={"s": codes}).df()
            # The fixture's three months and one without any data (no row then).
            for month in ("2025-02", "2025-03", "2025-04", "2025-07"):
                first_day = catalogue.parse_month(month)
                alone = cursor.sql("FROM kpi_pooled($s, only_month := $m) ORDER BY month, city_code NULLS FIRST",
                                   params={"s": codes, "m": first_day}).df()
                expected = every[every["month"] == pd.Timestamp(first_day)].reset_index(drop=True)
                known = len([code for code in codes if code != "XX"])  # a code of no city has no row of its own
                assert len(alone) == len(expected) == (known + 1 if month != "2025-07" else 0)
                if len(alone):  # (a column with a missing value in another month is nullable there)
                    assert_same(alone, expected.astype(alone.dtypes.to_dict()), f"{codes} {month}")
        # AA and CC in March, by hand: responses 2 + 1, tickets 2 + 0.
        march = runner.selection_totals(cursor, ["CC", "AA"], catalogue.parse_month("2025-03")).to_pylist()
        assert [(row["responses"], row["tickets"]) for row in march] == [(3, 2)]
    finally:
        con.close()


@pytest.mark.parametrize("data_dir", ["fixture", "demo"])
def test_questions_pooled_for_their_month_alone_answer_as_with_every_month_pooled(data_dir, fixture_dir):
    data_dir, settings, asked = (
        (fixture_dir, FIXTURE_SETTINGS, [("2025-03", ["AA", "CC"]), ("2025-04", ["AA", "BB", "CC"])])
        if data_dir == "fixture" else
        (BUNDLED_DEMO_DATA, DEFAULT_SETTINGS, [("2025-03", ["WLMQ", "LZ", "HHHT"]), ("2024-11", ["BJ", "SH"])]))
    month_only = [info for info in list_queries() if info.pools_month_only]
    assert {info.name for info in month_only} >= {"diagnosis", "kpi_benchmarks"}
    store = loader.open_store(data_dir, settings)
    try:
        for info in month_only:
            for month, cities in asked:
                bound = runner.bind_parameters(info, {"month": month, "cities": cities}, data_dir, settings)
                runner.clear_results()
                # The query layer pools the month alone; the store's own selection tables, every month.
                served = runner.run(info.name, data_dir=data_dir, settings=settings, month=month, cities=cities)
                assert len(served) > 0 or info.name == "kpi_benchmarks"
                assert_same(served, answer(store, info.sql, bound), f"{info.name} {month} {cities}")
    finally:
        store.close()


def test_a_page_s_questions_of_one_month_pool_that_month_once(fixture_dir, monkeypatch):
    pooled = []
    selection_totals = runner.selection_totals
    monkeypatch.setattr(runner, "selection_totals",
                        lambda cursor, codes, only_month=None: pooled.append((list(codes), only_month))
                        or selection_totals(cursor, codes, only_month))
    runner.clear_results()
    asked = {"data_dir": fixture_dir, "settings": FIXTURE_SETTINGS, "month": "2025-03", "cities": ["CC", "AA"]}
    runner.run("diagnosis", **asked)
    runner.run("kpi_benchmarks", **asked)
    assert pooled == [(["CC", "AA"], catalogue.parse_month("2025-03"))]
    runner.run("national_kpis", **asked)  # reads the month before too: every month pooled
    assert pooled[1:] == [(["CC", "AA"], None)]


def test_kpi_changes_compare_each_month_with_the_calendar_month_before(fixture_dir):
    con = loader.build_database(fixture_dir, FIXTURE_SETTINGS)
    try:
        changes = con.cursor().sql("FROM kpi_city_month_changes ORDER BY city_code NULLS FIRST, month").df()
        aa = changes[changes["city_code"] == "AA"]
        # The fixture's AA: responses 2, 2, 1 and tickets 0, 2, 0 in February, March, April.
        assert aa["responses_prev"].tolist()[1:] == [2, 2] and pd.isna(aa["responses_prev"].iloc[0])
        assert aa["responses_delta"].tolist()[1:] == [0, -1] and pd.isna(aa["responses_delta"].iloc[0])
        assert aa["tickets_delta"].tolist()[1:] == [2, -2]
        # BB has no response in April: no NPS then, so no change either, though March's is there.
        bb_april = changes[(changes["city_code"] == "BB") & (changes["month"] == pd.Timestamp("2025-04-01"))].iloc[0]
        assert bb_april["nps_prev"] == -100 and pd.isna(bb_april["nps"]) and pd.isna(bb_april["nps_delta"])
        # The nation: responses 3, 5, 1 and NPS 0, −25, −100 in February, March, April; national_kpis reads its row.
        nation = changes[changes["city_code"].isna()]
        assert nation["responses_delta"].tolist()[1:] == [2, -4] and nation["nps_delta"].tolist()[1:] == [-25, -75]
        march = runner.execute(con.cursor(), catalogue.query_info("national_kpis").sql,
                               {"month": catalogue.parse_month("2025-03"), "cities": []}).iloc[0]
        assert (march["responses"], march["responses_prev"], march["responses_delta"]) == (5, 3, 2)
        assert (march["nps"], march["nps_prev"], march["nps_delta"]) == (-25, 0, -25)
    finally:
        con.close()


# The building block that reads each placeholder, as the questions do: one city's rows as a whole come from its own
# kept rows there, other selections' from the placeholder.
READ_BY = {"selection_kpis": "kpi_monthly", "selection_kpi_values": "kpi_values",
           "selection_kpi_changes": "kpi_monthly_changes"}


def read_as_questions_do(cursor: duckdb.DuckDBPyConnection, name: str, codes: list[str]) -> pd.DataFrame:
    """The selection `codes` as a whole (city_code NULL) as the questions read it through READ_BY[name], with the
    rows the query layer registers for it (none for one known city)."""
    rows = runner.selection_table(cursor, name, codes)
    if rows is not None:
        cursor.register(name, rows)
    try:
        read = cursor.sql(f"SELECT list_sort($s) AS selection_codes, * FROM {READ_BY[name]}($s) "
                          "WHERE city_code IS NULL", params={"s": codes}).to_arrow_table().to_pandas()
    finally:
        if rows is not None:
            cursor.unregister(name)
    order = [column for column in ("month", "metric") if column in read.columns]
    return read.sort_values(order, ignore_index=True)


def test_a_selection_s_changes_pool_its_cities_and_one_city_s_are_its_own_rows(fixture_dir):
    con = loader.build_database(fixture_dir, FIXTURE_SETTINGS)
    try:
        cursor = con.cursor()
        sql = catalogue.query_info("national_kpis").sql
        march = runner.execute(cursor, sql, {"month": catalogue.parse_month("2025-03"), "cities": ["CC", "AA"]})
        # AA and CC together: 2 + 0 responses in February, 2 + 1 in March.
        assert march[["responses", "responses_prev", "responses_delta"]].iloc[0].tolist() == [3, 2, 1]
        # One city needs nothing registered: the building blocks read its own kept rows as the selection's, and
        # they are what working its placeholders out over its pooled totals gives (the city with a code of no city
        # beside it: the same cities pooled, worked out as any selection).
        for name in ("selection_kpi_changes", "selection_kpi_values"):
            for code in ("AA", "BB", "CC"):
                assert runner.selection_table(cursor, name, [code]) is None
                worked_out = runner.selection_table(cursor, name, [code, "XX"]).to_pandas()
                order = [column for column in ("month", "metric") if column in worked_out.columns]
                assert len(worked_out) > 0
                assert_same(read_as_questions_do(cursor, name, [code]).drop(columns="selection_codes"),
                            worked_out.drop(columns="selection_codes").sort_values(order, ignore_index=True),
                            f"{name} {code}")
    finally:
        con.close()


def test_a_group_s_long_form_is_each_month_s_kpis_in_column_order_as_doubles_nulls_kept():
    import datetime as dt
    from decimal import Decimal

    months = [dt.date(2025, 2, 1), dt.date(2025, 3, 1)]
    totals = pa.table({"selection_codes": [["AA", "BB"]] * 2, "month": months, "city_code": pa.array([None, None],
                                                                                                     pa.string()),
                       "responses": pa.array([3, 5], pa.int64()), "index": [81.5, None],
                       "inquiries": pa.array([Decimal(12), Decimal(7)], pa.decimal128(38, 0))})
    long = runner.long_form(totals)
    assert long.schema.names == ["selection_codes", "month", "city_code", "metric", "value"]
    assert long.schema.field("value").type == pa.float64()
    assert long.to_pylist() == [
        {"selection_codes": ["AA", "BB"], "month": months[m], "city_code": None, "metric": metric, "value": value}
        for m, row in enumerate([(3.0, 81.5, 12.0), (5.0, None, 7.0)])
        for metric, value in zip(("responses", "index", "inquiries"), row, strict=True)]


def test_one_city_s_totals_are_its_own_row_the_same_as_pooled(fixture_dir):
    con = loader.build_database(fixture_dir, FIXTURE_SETTINGS)
    try:
        cursor = con.cursor()
        for code in ("AA", "BB", "CC", "XX"):  # XX: no city, pooled as any selection (empty months)
            own = read_as_questions_do(cursor, "selection_kpis", [code])
            pooled = pooled_totals(cursor, [code]).to_pandas()
            assert len(own) == 3, code  # the fixture's three months
            assert_same(own, pooled, code)
        assert runner.selection_totals(cursor, ["XX"]).num_rows == 3
        aa = read_as_questions_do(cursor, "selection_kpis", ["AA"]).set_index("month")
        # The fixture's AA: responses r1, r2 in February, r4, r5 in March, r8 in April; tickets t1, t2 in March.
        assert aa["responses"].tolist() == [2, 2, 1]
        assert aa["tickets"].tolist() == [0, 2, 0]
    finally:
        con.close()


def test_questions_keep_answering_while_the_exports_are_replaced(monthly_exports, monkeypatch):
    # Four sessions ask questions without pause while a file is replaced five times: none sees an error (the
    # previous database answers while the next one is built, and is never closed under a running question), and
    # every answer is one export state's: the month's responses are those of one of the versions written.
    monkeypatch.setattr(runner, "SIGNATURE_TTL_SECONDS", 0.0)
    replaced = monthly_exports / "survey_responses" / "2025-03b.parquet"
    versions = [["new1", "new2"], ["new1", "new2", "new3"], ["new1"]]
    counts = set()
    for ids in versions:
        write_responses(replaced, ids)
        counts.add(int(runner.run("national_kpis", data_dir=monthly_exports, settings=FIXTURE_SETTINGS,
                                  month="2025-03", cities=[])["responses"].iloc[0]))
    errors, answers, stop = [], [], threading.Event()

    def session() -> None:
        while not stop.is_set():
            try:
                runner.clear_results()
                answer_ = runner.run("national_kpis", data_dir=monthly_exports, settings=FIXTURE_SETTINGS,
                                     month="2025-03", cities=[])
                answers.append(int(answer_["responses"].iloc[0]))
            except Exception as error:  # noqa: BLE001 — any error is the failure this test looks for
                errors.append(repr(error))

    sessions = [threading.Thread(target=session) for _ in range(4)]
    for thread in sessions:
        thread.start()
    try:
        for round_ in range(5):
            write_responses(replaced, versions[round_ % len(versions)])
            time.sleep(0.3)
        deadline = time.monotonic() + 30  # on a loaded machine, let the sessions answer at least once
        while not answers and not errors and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        for thread in sessions:
            thread.join()
    assert errors == []
    assert answers and set(answers) <= counts


def test_an_update_that_read_a_file_while_it_was_replaced_is_made_again(monthly_exports, monkeypatch):
    write_store = loader._write_store
    attempts = []

    def replaced_while_read(path, data_dir, settings, held):
        attempts.append(held)
        if len(attempts) == 1:  # the file changes under the first update, which reads it broken
            write_responses(monthly_exports / "survey_responses" / "2025-03b.parquet", ["new1"])
            raise duckdb.InvalidInputException("TProtocolException: Invalid data")
        write_store(path, data_dir, settings, held)

    monkeypatch.setattr(loader, "_write_store", replaced_while_read)
    loader.open_store(monthly_exports, FIXTURE_SETTINGS).close()
    assert len(attempts) == 2
    assert_store_matches_full_build(monthly_exports)


def test_an_update_that_fails_on_unchanged_files_reports_the_error(monthly_exports, monkeypatch):
    def broken(path, data_dir, settings, held):
        raise duckdb.InvalidInputException("Invalid data")

    monkeypatch.setattr(loader, "_write_store", broken)
    with pytest.raises(duckdb.InvalidInputException):
        loader.open_store(monthly_exports, FIXTURE_SETTINGS)


def test_a_page_s_questions_about_one_selection_pool_it_once_and_only_when_they_read_its_kpis(fixture_dir,
                                                                                                monkeypatch):
    pooled = []
    selection_totals = runner.selection_totals
    monkeypatch.setattr(runner, "selection_totals",
                        lambda cursor, codes, only_month=None: pooled.append(list(codes))
                        or selection_totals(cursor, codes, only_month))
    asked = {"data_dir": fixture_dir, "settings": FIXTURE_SETTINGS, "month": "2025-03", "cities": ["CC", "AA"]}
    runner.run("verbatims", **asked)  # reads rows, not the selection's KPIs
    assert pooled == []
    runner.run("national_kpis", **asked)
    runner.run("kpi_trend", **asked)
    runner.run("kpi_trend", **{**asked, "cities": ["AA", "CC"]})  # the same selection in another order
    assert pooled == [["CC", "AA"]]


def test_the_same_question_asked_by_sessions_at_once_runs_once(fixture_dir, monkeypatch):
    runner.clear_caches()
    runner.check_data(fixture_dir, FIXTURE_SETTINGS)
    runs, pooled = [], []
    execute, selection_totals = runner.execute, runner.selection_totals

    def slow_execute(cursor, sql, parameters, selection_tables=None):
        runs.append(sql)
        time.sleep(0.3)  # long enough for every session to ask while the first is still running it
        return execute(cursor, sql, parameters, selection_tables)

    monkeypatch.setattr(runner, "execute", slow_execute)
    monkeypatch.setattr(runner, "selection_totals",
                        lambda cursor, codes, only_month=None: pooled.append(list(codes))
                        or selection_totals(cursor, codes, only_month))
    sessions = 6
    start = threading.Barrier(sessions)
    answers: list[pd.DataFrame] = []

    def session(name: str) -> None:
        start.wait()
        answers.append(runner.run(name, data_dir=fixture_dir, settings=FIXTURE_SETTINGS, month="2025-03",
                                  cities=["AA", "CC"]))

    threads = [threading.Thread(target=session, args=(name,))
               for name in ("national_kpis", "kpi_trend") * (sessions // 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(answers) == sessions
    assert len(runs) == 2  # national_kpis once, kpi_trend once
    assert pooled == [["AA", "CC"]]  # their selection pooled once
    national = [a for a in answers if "responses_prev" in a.columns]
    assert len(national) == sessions // 2
    assert all(a["responses"].tolist() == [3] for a in national)  # AA 2 + CC 1 in March, each session its copy
    assert len({id(a) for a in answers}) == sessions


def test_an_error_of_a_question_asked_at_once_reaches_every_session(fixture_dir, monkeypatch):
    runner.clear_caches()
    runner.check_data(fixture_dir, FIXTURE_SETTINGS)
    runs = []

    def failing(cursor, sql, parameters, selection_tables=None):
        runs.append(sql)
        time.sleep(0.3)
        raise duckdb.IOException("the disk went away")

    monkeypatch.setattr(runner, "execute", failing)
    start = threading.Barrier(3)
    errors: list[BaseException] = []

    def session() -> None:
        start.wait()
        try:
            runner.run("months", data_dir=fixture_dir, settings=FIXTURE_SETTINGS)
        except duckdb.IOException as error:
            errors.append(error)

    threads = [threading.Thread(target=session) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(runs) == 1 and len(errors) == 3
    monkeypatch.undo()
    assert not runner.run("months", data_dir=fixture_dir, settings=FIXTURE_SETTINGS).empty  # not kept: asked again


def test_questions_within_a_snapshot_read_one_export_version(monthly_exports, monkeypatch):
    monkeypatch.setattr(runner, "SIGNATURE_TTL_SECONDS", 0.0)  # a replaced file is seen at the next question
    runner.clear_caches()
    asked = {"data_dir": monthly_exports, "settings": FIXTURE_SETTINGS}
    with runner.snapshot():
        before = runner.run("export_tables", **asked)
        responses = before.set_index("table_name").loc["survey_responses", "rows_kept"]
        # Replaced mid-run with two valid responses instead of the file's one kept (r5 is a duplicate, new1's
        # speed of 120 out of range): the run goes on reading the version it started with.
        write_responses(monthly_exports / "survey_responses" / "2025-03b.parquet", ["new8", "new9"],
                        speed=[40.0, 41.0])
        again = runner.run("export_tables", **asked)
        pd.testing.assert_frame_equal(again, before)
        assert runner.run("months", **asked)["month"].size == 3  # every question of the run: one version
    after = runner.run("export_tables", **asked).set_index("table_name").loc["survey_responses", "rows_kept"]
    assert after == responses + 1  # the next run reads the new version: new8 and new9 for new2


def test_changed_exports_that_break_the_contract_leave_the_last_good_version_served(monthly_exports, monkeypatch):
    monkeypatch.setattr(runner, "SIGNATURE_TTL_SECONDS", 0.0)
    runner.clear_caches()
    asked = {"data_dir": monthly_exports, "settings": FIXTURE_SETTINGS}
    good = runner.run("export_tables", **asked)
    assert runner.export_problem(**asked) is None
    broken = monthly_exports / "survey_responses" / "2025-03b.parquet"
    broken.write_bytes(b"PAR1 half a file")  # an export job that died while writing
    pd.testing.assert_frame_equal(runner.run("export_tables", **asked), good)
    error, since = runner.export_problem(**asked)
    assert [problem.file for problem in error.problems] == ["survey_responses/2025-03b.parquet"]
    assert "unreadable parquet file" in error.problems[0].rule
    assert str(monthly_exports) not in error.problems[0].rule  # never the server's own folders
    runner.clear_caches()  # a restart: the store on disk is still the version that passed
    pd.testing.assert_frame_equal(runner.run("export_tables", **asked), good)
    assert runner.export_problem(**asked)[0].problems == error.problems
    write_responses(broken, ["new8", "new9"], speed=[40.0, 41.0])  # the file written again, whole
    kept = runner.run("export_tables", **asked).set_index("table_name").loc["survey_responses", "rows_kept"]
    assert kept == good.set_index("table_name").loc["survey_responses", "rows_kept"] + 1  # new8, new9 for new2
    assert runner.export_problem(**asked) is None


def test_a_cities_export_whose_every_row_breaks_a_rule_leaves_the_last_good_version_served(monthly_exports,
                                                                                           monkeypatch):
    monkeypatch.setattr(runner, "SIGNATURE_TTL_SECONDS", 0.0)
    runner.clear_caches()
    asked = {"data_dir": monthly_exports, "settings": FIXTURE_SETTINGS}
    good = runner.run("city_directory", **asked)
    cities = table("cities")
    broken = cities.set_column(cities.schema.get_field_index("lat"), "lat", pa.array([95.0] * cities.num_rows))
    pq.write_table(broken, monthly_exports / "cities.parquet")  # every latitude beyond the pole
    pd.testing.assert_frame_equal(runner.run("city_directory", **asked), good)
    error, _ = runner.export_problem(**asked)
    assert [(problem.file, problem.rule) for problem in error.problems] == [
        ("cities.parquet", "no row left: every row broke a row rule (lat outside -90–90: 3); cities needs at least "
                           "one row (the other tables refer to it)")]
    pq.write_table(cities, monthly_exports / "cities.parquet")
    pd.testing.assert_frame_equal(runner.run("city_directory", **asked), good)
    assert runner.export_problem(**asked) is None


def test_exports_that_never_passed_the_contract_raise_the_error(monthly_exports, monkeypatch):
    runner.clear_caches()
    (monthly_exports / "survey_responses" / "2025-03b.parquet").write_bytes(b"PAR1 half a file")
    with pytest.raises(loader.DataContractError, match="2025-03b.parquet"):
        runner.run("months", data_dir=monthly_exports, settings=FIXTURE_SETTINGS)
