"""Answers the store keeps for every month (queries/kept_answers.py, `-- kept answer` headers): each is exactly the
question asked live, for every kept month, after a build and after updates; an update works out again only the months
from the first changed one; a page reads a kept answer only when it asks exactly what was kept."""

import datetime as dt
import os
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from queries import DEFAULT_SETTINGS, catalogue, kept_answers, loader, runner
from queries.catalogue import QueryError, _parse_query_file
from queries.settings import BUNDLED_DEMO_DATA
from tests.fixture_data import FIXTURE_SETTINGS, table, write_responses
from tests.test_store import answer, assert_same

FEBRUARY, MARCH, APRIL, MAY = (dt.date(2025, month, 1) for month in (2, 3, 4, 5))


def assert_kept_answers_are_the_questions_asked_live(data_dir: Path, settings) -> dict[tuple[str, int, dt.date], bytes]:
    """Every kept answer of the store of `data_dir` equals its question asked live on the same store; every kept
    question's every variant is kept for every month the `months` question lists. Returns what is kept."""
    store = loader.open_store(data_dir, settings)
    try:
        kept = kept_answers.held(store)
        months = {month.date() for month in answer(store, catalogue.query_info("months").sql, {})["month"]}
        assert set(kept) == {(info.name, variant, month) for info in kept_answers.kept_questions()
                        for variant in range(len(info.kept)) for month in months}
        for name, variant, month in sorted(kept):
            info = catalogue.query_info(name)
            bound = {catalogue.KEPT_BY: month, **info.kept[variant]}
            read_back = kept_answers.decoded(kept[name, variant, month])
            # Types included: the frame read back is the frame worked out (doubles to DuckDB's own run-to-run sums).
            assert_same(read_back, answer(store, info.sql, bound), f"kept {name} {bound}")
            if info.kept_for_chosen_cities:  # chosen cities read their rows of it, as asked live
                for chosen in chosen_cities(store):
                    assert_same(kept_answers.rows_of(read_back, chosen),
                                answer(store, info.sql, {**bound, catalogue.CHOSEN_CITIES: chosen}),
                                f"kept {name} {bound} for {chosen}")
        return kept
    finally:
        store.close()


def chosen_cities(store) -> list[list[str]]:
    """Choices of cities to ask for: one city, three out of order, every city, and one with a code of no city."""
    codes = [code for (code,) in store.execute("SELECT city_code FROM store.cities ORDER BY city_code").fetchall()]
    return [[codes[-1]], [codes[-1], codes[0], codes[len(codes) // 2]], codes, [codes[0], "NOT A CITY"]]


def test_the_fixture_keeps_every_kept_question_for_its_three_months_as_asked_live(fixture_dir):
    kept = assert_kept_answers_are_the_questions_asked_live(fixture_dir, FIXTURE_SETTINGS)
    # The fixture's responses are in February, March and one on 1 April.
    assert {month for _, _, month in kept} == {FEBRUARY, MARCH, APRIL}


class TestKeptAnswersOnTheDemoData:
    """A class of its own: xdist (--dist loadscope) runs it beside the rest."""

    def test_every_kept_answer_of_every_month_is_the_question_asked_live(self):
        kept = assert_kept_answers_are_the_questions_asked_live(BUNDLED_DEMO_DATA, DEFAULT_SETTINGS)
        assert len({month for _, _, month in kept}) == 21  # April 2024 to December 2025


@pytest.fixture
def worked_out(monkeypatch) -> list[tuple[str, dt.date]]:
    """(question, month) of each kept answer worked out by a store update, in order."""
    calls = []
    work_out = kept_answers.work_out

    def spy(cursor, sql, parameters):
        calls.append((next(info.name for info in kept_answers.kept_questions() if info.sql == sql),
                      parameters[catalogue.KEPT_BY]))
        return work_out(cursor, sql, parameters)

    monkeypatch.setattr(kept_answers, "work_out", spy)
    return calls


def months_worked_out(calls: list[tuple[str, dt.date]]) -> list[dt.date]:
    months = sorted({month for _, month in calls})
    calls.clear()
    return months


def test_an_update_works_out_again_the_months_from_the_first_changed_one_and_keeps_the_rest(monthly_exports,
                                                                                            worked_out):
    loader.open_store(monthly_exports, FIXTURE_SETTINGS).close()
    assert months_worked_out(worked_out) == [FEBRUARY, MARCH, APRIL]  # a new store: every month
    loader.open_store(monthly_exports, FIXTURE_SETTINGS).close()
    assert months_worked_out(worked_out) == []  # nothing changed: nothing worked out

    # A new month: that month, and the month before for the early warning (it shows the new month's measured index).
    write_responses(monthly_exports / "survey_responses" / "2025-05.parquet", ["may1", "may2"],
                    submitted_at=[pd.Timestamp("2025-05-02 10:00"), pd.Timestamp("2025-05-03 11:00")])
    kept = assert_kept_answers_are_the_questions_asked_live(monthly_exports, FIXTURE_SETTINGS)
    assert {question for question, month in worked_out if month == APRIL} == {"early_warning"}
    # Each kept question once per variant and month.
    assert len(worked_out) == sum(len(info.kept) * (2 if info.kept_reads_month_after else 1)
                                  for info in kept_answers.kept_questions())
    assert months_worked_out(worked_out) == [APRIL, MAY]
    assert {month for _, _, month in kept} == {FEBRUARY, MARCH, APRIL, MAY}

    # A month in the middle of the history (February's r1 taken over by a newer export): February on.
    write_responses(monthly_exports / "survey_responses" / "2025-01.parquet", ["r1"], speed=[33.0])
    assert_kept_answers_are_the_questions_asked_live(monthly_exports, FIXTURE_SETTINGS)
    assert months_worked_out(worked_out) == [FEBRUARY, MARCH, APRIL, MAY]

    # A removed month: its answers go; April's are worked out again (May's measured index is gone).
    (monthly_exports / "survey_responses" / "2025-05.parquet").unlink()
    kept = assert_kept_answers_are_the_questions_asked_live(monthly_exports, FIXTURE_SETTINGS)
    assert months_worked_out(worked_out) == [APRIL]
    assert {month for _, _, month in kept} == {FEBRUARY, MARCH, APRIL}


def test_a_change_to_a_table_not_kept_by_month_works_out_every_month(monthly_exports, worked_out):
    loader.open_store(monthly_exports, FIXTURE_SETTINGS).close()
    worked_out.clear()
    cities = monthly_exports / "cities.parquet"
    later = cities.stat().st_mtime_ns + 1_000_000
    os.utime(cities, ns=(later, later))  # the cities exported again: any month's answer may have changed
    assert_kept_answers_are_the_questions_asked_live(monthly_exports, FIXTURE_SETTINGS)
    assert months_worked_out(worked_out) == [FEBRUARY, MARCH, APRIL]


def test_a_new_month_of_a_daily_export_works_out_that_month_and_the_one_before(monthly_exports, worked_out):
    loader.open_store(monthly_exports, FIXTURE_SETTINGS).close()
    worked_out.clear()
    daily = table("contact_center_daily")
    april = daily.slice(0, 1).set_column(0, "date", pa.array([dt.date(2025, 4, 3)], daily.schema.field("date").type))
    (monthly_exports / "contact_center_daily.parquet").unlink()
    folder = monthly_exports / "contact_center_daily"
    folder.mkdir()
    pq.write_table(daily, folder / "before.parquet")
    loader.open_store(monthly_exports, FIXTURE_SETTINGS).close()
    worked_out.clear()
    pq.write_table(april, folder / "2025-04.parquet")
    assert_kept_answers_are_the_questions_asked_live(monthly_exports, FIXTURE_SETTINGS)
    assert months_worked_out(worked_out) == [MARCH, APRIL]


def test_the_months_to_work_out_again_after_an_update():
    by_month = {"survey_responses": "submitted_at", "tickets": "created_at"}
    first = kept_answers.first_changed_month
    assert first({"survey_responses": {MARCH, FEBRUARY}, "tickets": {APRIL}}, by_month) == FEBRUARY
    assert first({"survey_responses": None}, by_month) is True  # a new store
    assert first({"tickets": {MAY}, "cities": set()}, by_month) is True  # a table not kept by month
    assert first({"tickets": set()}, by_month) is False  # rows replaced in no month
    assert first({}, by_month) is False
    # The early warning reads the month after: from the month before the first changed one (across a year, too).
    warning, scores = catalogue.query_info("early_warning"), catalogue.query_info("city_scores")
    assert kept_answers.first_month_to_write(warning, FEBRUARY) == dt.date(2025, 1, 1)
    assert kept_answers.first_month_to_write(warning, dt.date(2025, 1, 1)) == dt.date(2024, 12, 1)
    assert kept_answers.first_month_to_write(scores, FEBRUARY) == FEBRUARY


def test_a_page_reads_the_kept_answer_only_when_it_asks_exactly_what_was_kept(fixture_dir, monkeypatch):
    answers = []  # "kept" or "live", one per question asked
    execute, decoded = runner._Database.execute, kept_answers.decoded

    def live(database, sql, parameters, only_month=None):
        answers.append("live")
        return execute(database, sql, parameters, only_month)

    def kept(answer):
        answers.append("kept")
        return decoded(answer)

    monkeypatch.setattr(runner._Database, "execute", live)
    monkeypatch.setattr(kept_answers, "decoded", kept)

    def asked(name: str, **params) -> tuple[bool, pd.DataFrame]:
        runner.clear_results()
        answers.clear()
        result = runner.run(name, data_dir=fixture_dir, settings=FIXTURE_SETTINGS, **params)
        [how] = answers
        return how == "kept", result

    # The nation in March, read back: index 78.0 and NPS −25, as worked out by hand in tests/fixture_data.py.
    read_back, nation = asked("national_kpis", month="2025-03")
    assert read_back
    assert nation.loc[0, "index"] == pytest.approx(78.0, abs=1e-9)
    assert nation.loc[0, "nps"] == pytest.approx(-25.0, abs=1e-9)
    read_back, february = asked("national_kpis", month="2025-02")
    assert read_back and february.loc[0, "index"] == pytest.approx(74.8333333333, abs=1e-9)
    assert asked("early_warning", month="2025-03", warned_only=1)[0]  # the second variant its header keeps
    # Chosen cities read their rows of the answer for every city: BB ranked 2nd in March, CC unranked (1 response).
    read_back, streaks = asked("rank_streaks", month="2025-03", cities=["CC", "BB"])
    assert read_back and streaks["city_code"].tolist() == ["BB", "CC"]
    assert streaks["rank"].tolist() == [2, pd.NA]
    # Anything else is answered live: chosen cities, another window, a month without responses.
    assert not asked("national_kpis", month="2025-03", cities=["AA", "CC"])[0]
    assert not asked("kpi_trend", month="2025-03", months=3)[0]
    assert not asked("national_kpis", month="2025-06")[0]
    assert not asked("events_in_window", month="2025-03")[0]  # kept for a window of one month only
    assert not asked("city_trend", month="2025-03", months=3, cities=["AA"])[0]  # kept for six months
    assert not asked("events_in_window", month="2025-03", months=1, cities=["AA"])[0]  # numbered among the chosen


@pytest.mark.parametrize("month", ["2025-03", "2025-12"])
def test_a_citys_row_of_city_kpis_is_national_kpis_asked_for_that_city(month):
    # The city page's cards read the city's row of city_kpis (kept; chosen cities read their rows); the review and
    # the overview ask national_kpis for chosen cities. For one city both are the city's row of
    # kpi_city_month_changes: every KPI, its previous month and change, for every city of the demo.
    every_city = runner.run("city_kpis", data_dir=BUNDLED_DEMO_DATA, month=month)
    assert len(every_city) == 33  # the nation and 32 cities
    for code in every_city["city_code"].dropna():
        row = runner.run("city_kpis", data_dir=BUNDLED_DEMO_DATA, month=month, cities=[code])
        assert row["city_code"].isna().tolist() == [True, False] and row.loc[1, "city_code"] == code
        card = row.iloc[1].drop(["city_code", "name_zh", "name_en", "region"])
        asked = runner.run("national_kpis", data_dir=BUNDLED_DEMO_DATA, month=month, cities=[code]).iloc[0]
        pd.testing.assert_series_equal(card, asked, check_dtype=False, check_names=False, rtol=1e-12, atol=1e-12,
                                       obj=f"{code} {month}")


def test_the_pages_opening_questions_declare_their_answers_kept():
    # The questions a page asks with the month alone when it opens (tools/benchmark.page_queries, every city).
    assert {info.name: info.kept for info in kept_answers.kept_questions()}["early_warning"] == (
        {"warned_only": 0}, {"warned_only": 1})
    assert {info.name for info in kept_answers.kept_questions()} >= {
        "national_kpis", "kpi_trend", "city_scores", "early_warning", "events_in_window", "plan_progress",
        "milestones_timeline", "plan_outcomes", "long_term_plan", "driver_relationships", "rank_streaks",
        "team_matrix"}


@pytest.mark.parametrize(("line", "problem"), [
    ("-- kept answer: for every month, colour = 1", "names colour, not a parameter it can fix"),
    ("-- kept answer: for every month, month = 2025-03", "names month, not a parameter it can fix"),
    ("-- kept answer: for every month, months = six", "months must be a whole number"),
])
def test_a_kept_answer_line_that_names_no_parameter_of_the_question_is_refused(tmp_path, line, problem):
    path = tmp_path / "trend.sql"
    path.write_text(f"-- trend: a trend\n-- access: open\n-- param month: month — the month\n"
                    f"-- param months: int = 6 — the window\n{line}\nSELECT 1;\n", encoding="utf-8")
    with pytest.raises(QueryError, match=problem):
        _parse_query_file(path)


@pytest.mark.parametrize(("parameters", "kept"), [
    ("-- param city: city — the city", "-- kept answer: for every month"),  # no cities to choose
    ("-- param cities: cities = BJ — the cities", "-- kept answer: for every month"),  # kept for Beijing, not all
    ("-- param cities: cities — the cities", ""),  # nothing kept
])
def test_chosen_cities_read_rows_only_of_an_answer_kept_for_every_city(tmp_path, parameters, kept):
    path = tmp_path / "scores.sql"
    header = ["-- scores: scores", "-- access: cities", "-- param month: month — the month", parameters, kept,
              "-- kept answer: chosen cities read their rows"]
    path.write_text("\n".join(line for line in header if line) + "\nSELECT 1;\n", encoding="utf-8")
    with pytest.raises(QueryError, match="chosen cities read their rows of a kept answer for every city"):
        _parse_query_file(path)


@pytest.mark.parametrize(("header", "problem"), [
    # A question without a month parameter has no month to keep answers for.
    (["-- param limit: int = 3 — how many", "-- kept answer: for every month"],
     "needs a month parameter named month"),
    # Reading the month after is said of a kept answer; this question keeps none.
    (["-- param month: month — the month", "-- kept answer: reads the month after"],
     "'reads the month after' is said of a kept answer"),
])
def test_a_kept_answer_header_that_cannot_hold_is_refused(tmp_path, header, problem):
    path = tmp_path / "codes.sql"
    path.write_text("\n".join(["-- codes: codes", "-- access: open", *header]) + "\nSELECT 1;\n", encoding="utf-8")
    with pytest.raises(QueryError, match=problem):
        _parse_query_file(path)


@pytest.mark.parametrize(("header", "body", "problem"), [
    # No chosen cities to pool.
    (["-- param month: month — the month"], "SELECT 1;", "needs a 'cities' parameter"),
    # No month to pool alone.
    (["-- param cities: cities — the cities"], "SELECT 1;", "a month parameter named month"),
    # The selection's change from the month before needs that month pooled too.
    (["-- param month: month — the month", "-- param cities: cities — the cities"],
     "SELECT * FROM kpi_monthly_changes(CAST($cities AS VARCHAR[]));", "reads no month-over-month change"),
])
def test_a_question_pooled_for_its_month_alone_must_read_that_month_of_chosen_cities(tmp_path, header, body,
                                                                                     problem):
    path = tmp_path / "pooled.sql"
    path.write_text("\n".join(["-- pooled: pooled", "-- access: cities", "-- chosen cities pooled: the month only",
                               *header]) + "\n" + body + "\n", encoding="utf-8")
    with pytest.raises(QueryError, match=problem):
        _parse_query_file(path)


def test_kept_variants_fill_in_the_defaults_and_convert_the_values_given(tmp_path):
    path = tmp_path / "trend.sql"
    path.write_text("-- trend: a trend\n-- access: cities\n-- param month: month — the month\n"
                    "-- param months: int = 6 — the window\n-- param cities: cities — the cities\n"
                    "-- kept answer: for every month\n-- kept answer: for every month, months = 1\nSELECT 1;\n",
                    encoding="utf-8")
    info = _parse_query_file(path)
    assert info.kept == ({"months": 6, "cities": []}, {"months": 1, "cities": []})
    assert info.kept_variant({"month": MARCH, "months": 1, "cities": []}) == 1
    assert info.kept_variant({"month": MARCH, "months": 6, "cities": ["AA"]}) is None
