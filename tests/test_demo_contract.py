"""Data tests on the bundled demo exports, read straight from the parquet files (independently of the query
layer): unique keys, required values, accepted values, relationships — the contract the README documents."""

import duckdb
import pytest

from queries import run
from queries.contract import TABLES
from queries.settings import BUNDLED_DEMO_DATA


@pytest.fixture(scope="module")
def demo():
    con = duckdb.connect()
    for table in TABLES:
        # Test-only SQL over the repository's own files: the path is a constant, not user input.
        path = BUNDLED_DEMO_DATA / f"{table.name}.parquet"
        con.execute(f"CREATE VIEW {table.name} AS SELECT * FROM read_parquet('{path}')")
    yield con
    con.close()


def count(con, sql: str) -> int:
    return con.execute(sql).fetchone()[0]


def test_demo_passes_every_contract_rule():
    assert run("data_quality").empty
    tables = run("export_tables")
    assert (tables["rows_read"] == tables["rows_kept"]).all() and (tables["rows_read"] > 0).all()


@pytest.mark.parametrize("table", [t for t in TABLES if t.key], ids=lambda t: t.name)
def test_keys_are_unique_and_present(demo, table):
    key = ", ".join(table.key)
    assert count(demo, f"SELECT count(*) FROM (SELECT {key} FROM {table.name} GROUP BY ALL HAVING count(*) > 1)") == 0
    missing = " OR ".join(f"{k} IS NULL" for k in table.key)
    assert count(demo, f"SELECT count(*) FROM {table.name} WHERE {missing}") == 0


@pytest.mark.parametrize(("child", "column", "parent", "parent_key"), [
    ("survey_responses", "city_code", "cities", "city_code"),
    ("survey_responses", "ticket_id", "tickets", "ticket_id"),
    ("tickets", "city_code", "cities", "city_code"),
    ("tickets", "lost_in_incident", "incidents", "incident_id"),
    ("tickets", "repeat_of", "tickets", "ticket_id"),
    ("contact_center_daily", "city_code", "cities", "city_code"),
    ("team_monthly", "city_code", "cities", "city_code"),
    ("initiatives", "city_code", "cities", "city_code"),
    ("milestones", "initiative_id", "initiatives", "initiative_id"),
    ("events", "city_code", "cities", "city_code"),
])
def test_relationships_hold(demo, child, column, parent, parent_key):
    assert count(demo, f"SELECT count(*) FROM {child} WHERE {column} IS NOT NULL AND {column} NOT IN "
                       f"(SELECT {parent_key} FROM {parent})") == 0


def test_lost_tickets_match_each_incident(demo):
    mismatched = count(demo, """
        SELECT count(*) FROM incidents
        LEFT JOIN (SELECT lost_in_incident, count(*) AS lost FROM tickets GROUP BY ALL) AS flagged
            ON flagged.lost_in_incident = incidents.incident_id
        WHERE coalesce(flagged.lost, 0) <> incidents.tickets_lost""")
    assert mismatched == 0


def test_every_city_has_team_and_contact_data_every_month(demo):
    assert count(demo, "SELECT count(*) FROM team_monthly") == 32 * 21
    assert count(demo, "SELECT count(DISTINCT date) FROM contact_center_daily") == 640
    assert count(demo, "SELECT count(*) FROM contact_center_daily") == 32 * 640


def test_demo_generator_is_deterministic(tmp_path):
    import subprocess
    import sys

    from queries.settings import REPOSITORY_ROOT

    subprocess.run([sys.executable, "tools/generate_demo_data.py", "--out", str(tmp_path)], cwd=REPOSITORY_ROOT,
                   check=True, capture_output=True, timeout=300)
    for table in TABLES:
        committed = (BUNDLED_DEMO_DATA / f"{table.name}.parquet").read_bytes()
        assert (tmp_path / f"{table.name}.parquet").read_bytes() == committed, table.name
