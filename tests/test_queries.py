"""Each query on the hand-computed fixture (tests/fixture_data.py shows the arithmetic)."""

import datetime as dt
import os
import threading
import time

import pandas as pd
import pyarrow.parquet as pq
import pytest

from queries import QueryError, list_queries, run, runner
from tests.fixture_data import FIXTURE_SETTINGS, SURVEY_RESPONSES, table, write_fixture


def fixture_run(fixture_dir, name, **params) -> pd.DataFrame:
    return run(name, data_dir=fixture_dir, settings=FIXTURE_SETTINGS, **params)


def test_national_kpis_march_matches_hand_computation(fixture_dir):
    row = fixture_run(fixture_dir, "national_kpis", month="2025-03").iloc[0]
    assert row["month"] == pd.Timestamp("2025-03-01")
    assert row["responses"] == 5 and row["responses_prev"] == 3 and row["responses_delta"] == 2
    assert row["tickets"] == 3 and row["tickets_prev"] == 1 and row["tickets_delta"] == 2
    assert row["speed"] == pytest.approx(82.0) and row["speed_prev"] == pytest.approx(80.0)
    assert row["speed_delta"] == pytest.approx(2.0)
    assert row["resolution"] == pytest.approx(74.0) and row["resolution_delta"] == pytest.approx(4.0)
    assert row["attitude"] == pytest.approx(86.0) and row["attitude_prev"] == pytest.approx(260 / 3)
    assert row["follow_up"] == pytest.approx(66.0) and row["follow_up_prev"] == pytest.approx(55.0)
    assert row["index"] == pytest.approx(78.0)
    assert row["index_prev"] == pytest.approx(24 + 28 + 0.2 * 260 / 3 + 5.5)
    assert row["index_delta"] == pytest.approx(78.0 - (57.5 + 52 / 3))
    assert row["nps"] == pytest.approx(-25.0) and row["nps_prev"] == pytest.approx(0.0)
    assert row["complaints"] == 2
    assert row["avg_first_response_hours"] == pytest.approx(2.25)


def test_national_kpis_has_prev_and_delta_for_every_figure(fixture_dir):
    columns = set(fixture_run(fixture_dir, "national_kpis", month="2025-03").columns)
    for name in ("responses", "tickets", "index", "speed", "resolution", "attitude", "follow_up", "nps"):
        assert {name, f"{name}_prev", f"{name}_delta"} <= columns


def test_national_index_is_over_responses_not_a_mean_of_cities(fixture_dir):
    nation = fixture_run(fixture_dir, "national_kpis", month="2025-03").iloc[0]
    cities = fixture_run(fixture_dir, "city_scores", month="2025-03")
    assert nation["index"] != pytest.approx(cities["index"].mean())
    assert nation["index"] == pytest.approx(78.0)


def test_national_kpis_of_a_city_selection_aggregates_its_responses(fixture_dir):
    row = fixture_run(fixture_dir, "national_kpis", month="2025-03", cities=["AA", "CC"]).iloc[0]
    # AA (100, 90) and CC (100): speed 96.67, resolution 90, attitude 96.67, follow-up 83.33.
    assert row["responses"] == 3
    assert row["index"] == pytest.approx(0.3 * 290 / 3 + 0.4 * 90 + 0.2 * 290 / 3 + 0.1 * 250 / 3)


def test_city_scores_ranks_dimensions_and_previous_month(fixture_dir):
    scores = fixture_run(fixture_dir, "city_scores", month="2025-03").set_index("city_code")
    assert list(scores.index) == ["AA", "BB", "CC"]
    aa, bb, cc = scores.loc["AA"], scores.loc["BB"], scores.loc["CC"]
    assert aa["index"] == pytest.approx(89.0) and aa["index_prev"] == pytest.approx(79.5)
    assert aa["index_delta"] == pytest.approx(9.5)
    assert (aa["speed"], aa["resolution"], aa["attitude"], aa["follow_up"]) == (95.0, 85.0, 95.0, 75.0)
    assert aa["nps"] == pytest.approx(50.0) and bb["nps"] == pytest.approx(-100.0)
    assert aa["rank"] == 1 and bb["rank"] == 2 and aa["rank_prev"] == 1
    assert bb["index"] == pytest.approx(56.0) and bb["index_prev"] == pytest.approx(66.0)
    # CC has the best index but a single response: shown, not ranked.
    assert cc["index"] == pytest.approx(100.0) and not cc["ranked"] and pd.isna(cc["rank"])
    assert aa["ranked_cities"] == 2
    assert aa["name_zh"] == "甲城" and aa["region"] == "north" and aa["lat"] == pytest.approx(39.9)


def test_city_scores_filter_keeps_national_ranks(fixture_dir):
    scores = fixture_run(fixture_dir, "city_scores", month="2025-03", cities="BB")
    assert list(scores["city_code"]) == ["BB"]
    assert scores.iloc[0]["rank"] == 2


def test_month_boundaries_follow_local_calendar_months(fixture_dir):
    # r4 at 2025-03-01 00:00 and r5 at 2025-03-31 23:59 are March; r8 at 2025-04-01 00:00 is April.
    trend = fixture_run(fixture_dir, "city_trend", month="2025-04", months=3, cities=["AA"])
    assert list(trend["responses"]) == [2, 2, 1]
    assert list(trend["month"].dt.date) == [dt.date(2025, 2, 1), dt.date(2025, 3, 1), dt.date(2025, 4, 1)]


def test_city_trend_window_and_start_month(fixture_dir):
    last_two = fixture_run(fixture_dir, "city_trend", month="2025-03", months=2, cities=["AA", "BB"])
    assert len(last_two) == 4
    assert list(last_two["index"]) == pytest.approx([79.5, 89.0, 66.0, 56.0])
    from_march = fixture_run(fixture_dir, "city_trend", month="2025-04", start_month="2025-03", cities=["BB"])
    assert list(from_march["month"].dt.month) == [3, 4]
    assert from_march.iloc[1]["responses"] == 0 and pd.isna(from_march.iloc[1]["index"])


def test_month_defaults_to_the_latest_month_whose_tickets_arrived(fixture_dir, tmp_path):
    # The fixture's April has a survey response (r8) but no ticket: its ticket export is late, so every view opens
    # on March, the latest month with both; April is still there when asked for.
    assert runner.latest_month(fixture_dir, FIXTURE_SETTINGS) == dt.date(2025, 3, 1)
    assert fixture_run(fixture_dir, "national_kpis").iloc[0]["month"] == pd.Timestamp("2025-03-01")
    assert fixture_run(fixture_dir, "national_kpis", month="2025-04").iloc[0]["tickets"] == 0
    # Exports without a single ticket: the latest month with survey responses.
    no_tickets = write_fixture(tmp_path / "exports")
    pq.write_table(table("tickets").slice(0, 0), no_tickets / "tickets.parquet")
    assert runner.latest_month(no_tickets, FIXTURE_SETTINGS) == dt.date(2025, 4, 1)


def test_months_lists_newest_first(fixture_dir):
    months = fixture_run(fixture_dir, "months")
    assert list(months["month"].dt.month) == [4, 3, 2]
    assert list(months["responses"]) == [1, 5, 3]


def test_data_as_of_is_the_latest_timestamp(fixture_dir):
    assert fixture_run(fixture_dir, "data_as_of").iloc[0]["data_as_of"] == pd.Timestamp("2025-04-01 00:00")


def test_unknown_query_and_parameters_are_clear_errors(fixture_dir):
    with pytest.raises(QueryError, match="unknown query 'nope'"):
        fixture_run(fixture_dir, "nope")
    with pytest.raises(QueryError, match="takes no parameter colour"):
        fixture_run(fixture_dir, "city_scores", colour="red")
    with pytest.raises(QueryError, match="YYYY-MM"):
        fixture_run(fixture_dir, "city_scores", month="March")


def test_parameters_are_bound_not_spliced(fixture_dir):
    hostile = "AA') OR 1=1 --"
    assert fixture_run(fixture_dir, "city_scores", month="2025-03", cities=[hostile]).empty


@pytest.mark.parametrize("info", list_queries(), ids=lambda info: info.name)
def test_every_query_documents_itself_and_runs_on_the_fixture(info, fixture_dir):
    assert info.summary and len(info.summary) > 20
    assert all(p.help for p in info.parameters)
    for parameter in info.parameters:
        assert f"${parameter.name}" in info.sql
    fixture_run(fixture_dir, info.name)


def test_an_expired_export_state_is_looked_up_by_one_thread_while_the_others_go_on(tmp_path, monkeypatch):
    directory = tmp_path / "exports"
    walks, walking, release = [], threading.Event(), threading.Event()

    def slow_walk(data_dir):
        walks.append(data_dir)
        walking.set()
        release.wait(5)
        return ("state", len(walks))

    monkeypatch.setattr(runner, "export_signature", slow_walk)
    monkeypatch.setattr(runner, "SIGNATURE_TTL_SECONDS", 0.0)  # every call finds the state expired
    monkeypatch.setattr(runner, "_signatures", {directory: (0.0, ("state", 0))})
    looker = threading.Thread(target=runner.current_signature, args=(directory,))
    looker.start()
    assert walking.wait(5)
    # Seven sessions asking meanwhile get the state known before at once, without walking the folder themselves.
    seen = [runner.current_signature(directory) for _ in range(7)]
    release.set()
    looker.join(5)
    assert seen == [("state", 0)] * 7 and len(walks) == 1
    # Once looked up, the new state is what every question sees (and the next expiry is looked up again).
    assert runner.current_signature(directory) == ("state", 2) and len(walks) == 2


def test_results_are_cached_and_invalidated_when_an_export_changes(tmp_path):
    directory = write_fixture(tmp_path / "exports")
    first = run("national_kpis", data_dir=directory, settings=FIXTURE_SETTINGS, month="2025-03")
    first.loc[0, "responses"] = -1  # callers get copies: changing one does not change the cache
    again = run("national_kpis", data_dir=directory, settings=FIXTURE_SETTINGS, month="2025-03")
    assert again.iloc[0]["responses"] == 5 and again.iloc[0]["speed"] == pytest.approx(82.0)
    # A new export replaces the file: r4's speed 100 → 50 lowers March's mean speed by 10.
    speeds = list(SURVEY_RESPONSES["speed"])
    speeds[3] = 50.0
    pq.write_table(table("survey_responses", speed=speeds), directory / "survey_responses.parquet")
    os.utime(directory / "survey_responses.parquet", ns=(1, 1))  # even a same-size file gets a new mtime
    time.sleep(runner.SIGNATURE_TTL_SECONDS)  # the export state is looked up at most once per that interval
    refreshed = run("national_kpis", data_dir=directory, settings=FIXTURE_SETTINGS, month="2025-03")
    assert refreshed.iloc[0]["speed"] == pytest.approx(72.0)
