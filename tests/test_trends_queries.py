"""The trends and city-detail questions on the hand-computed fixture (tests/fixture_data.py shows its rows), plus
a variant directory with a few more rows (written here; the shared fixture is never changed).

Per-response index (.3 speed + .4 resolution + .2 attitude + .1 follow-up; NULL when a score is missing):
  February: r1 AA 24+28+18+6 = 76; r2 AA NULL (no follow-up); r3 BB 21+24+16+5 = 66.
  March:    r4 AA 30+36+20+8 = 94; r5 AA 27+32+18+7 = 84; r6 BB 56; r7 CC 100; r9 BB 56.
Standard error = sample standard deviation / sqrt(n), over the non-NULL per-response indices:
  AA March: 94, 84 → sd √50, se √50/√2 = 5.  BB March: 56, 56 → 0.  AA and BB February: one value → NULL.
  Nation February: 76, 66 → se 5.  Nation March: 94, 84, 56, 100, 56 (mean 78), squares 256+36+484+484+484 = 1744,
  variance 436, se √(436/5) = √87.2.
"""

import dataclasses
import datetime as dt
import math

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from queries import run
from tests.fixture_data import FIXTURE_SETTINGS, SURVEY_RESPONSES, T, table, write_fixture

D = dt.date


def fixture_run(directory, name, settings=FIXTURE_SETTINGS, **params) -> pd.DataFrame:
    return run(name, data_dir=directory, settings=settings, **params)


# With only two ranked cities, a "top one" and a "bottom one" make the streaks tell apart.
GROUPS_OF_ONE = dataclasses.replace(FIXTURE_SETTINGS, top_group_size=1, bottom_group_size=1)


def by_city(frame: pd.DataFrame) -> dict:
    return {("nation" if pd.isna(code) else code): group.reset_index(drop=True)
            for code, group in frame.groupby(frame["city_code"].fillna("nation"), sort=False)}


# --- kpi_trend_by_city -------------------------------------------------------------------------------------------
def test_index_trend_values_noise_and_changes(fixture_dir):
    trend = fixture_run(fixture_dir, "kpi_trend_by_city", month="2025-03", months=2, cities=["AA", "BB"])
    assert list(trend["city_code"].fillna("nation")) == ["nation", "nation", "AA", "AA", "BB", "BB"]
    rows = by_city(trend)
    nation, aa, bb = rows["nation"], rows["AA"], rows["BB"]
    assert list(nation["month"].dt.date) == [D(2025, 2, 1), D(2025, 3, 1)]
    assert list(nation["value"]) == pytest.approx([74.8333333, 78.0])
    assert list(nation["value_se"]) == pytest.approx([5.0, math.sqrt(87.2)])
    assert nation.loc[1, "change"] == pytest.approx(78.0 - 74.8333333)
    assert nation.loc[1, "change_se"] == pytest.approx(math.sqrt(25 + 87.2))
    assert not nation.loc[1, "significant"]  # 3.17 < 1.96 · 10.59
    assert nation.loc[1, "ci_low"] == pytest.approx(78.0 - 1.96 * math.sqrt(87.2))
    assert nation.loc[1, "ci_high"] == pytest.approx(78.0 + 1.96 * math.sqrt(87.2))
    assert pd.isna(nation.loc[0, "change"])  # January has no data: no change for February

    assert list(aa["value"]) == pytest.approx([79.5, 89.0])
    assert pd.isna(aa.loc[0, "value_se"]) and aa.loc[1, "value_se"] == pytest.approx(5.0)
    assert aa.loc[1, "change"] == pytest.approx(9.5)
    assert pd.isna(aa.loc[1, "change_se"]) and pd.isna(aa.loc[1, "significant"])  # February's noise unknown
    assert list(aa["rank"]) == [1, 1] and list(aa["name_en"]) == ["Alpha", "Alpha"]
    assert list(aa["responses"]) == [2, 2]

    assert list(bb["value"]) == pytest.approx([66.0, 56.0])
    assert bb.loc[1, "value_se"] == pytest.approx(0.0)
    assert pd.isna(bb.loc[0, "rank"]) and bb.loc[1, "rank"] == 2  # one response in February: not ranked


def test_trend_of_other_metrics(fixture_dir):
    speed = by_city(fixture_run(fixture_dir, "kpi_trend_by_city", month="2025-03", months=1, cities=["AA"],
                                metric="speed"))
    assert speed["AA"].loc[0, "value"] == pytest.approx(95.0)
    assert speed["AA"].loc[0, "value_se"] == pytest.approx(5.0)  # 100 and 90
    assert speed["AA"].loc[0, "change"] == pytest.approx(10.0)  # February 85

    nps = by_city(fixture_run(fixture_dir, "kpi_trend_by_city", month="2025-03", months=1, cities=["AA"],
                              metric="nps"))
    # AA: 10 and 8 → promoters ½, detractors 0 → NPS 50, se 100·√((½ + 0 − ¼) / 2).
    assert nps["AA"].loc[0, "value"] == pytest.approx(50.0)
    assert nps["AA"].loc[0, "value_se"] == pytest.approx(100 * math.sqrt(0.125))
    # Nation: 10, 8, 3, 3 → promoters ¼, detractors ½ → NPS −25, se 100·√((¾ − ¼²) / 4).
    assert nps["nation"].loc[0, "value"] == pytest.approx(-25.0)
    assert nps["nation"].loc[0, "value_se"] == pytest.approx(100 * math.sqrt(0.6875 / 4))

    hours = by_city(fixture_run(fixture_dir, "kpi_trend_by_city", month="2025-03", months=2, cities=["AA"],
                                metric="avg_first_response_hours"))
    # Every ticket counts (no sample): no noise, no significance. February: t4 after 0.5 h.
    assert list(hours["nation"]["value"]) == pytest.approx([0.5, 2.25])
    assert hours["nation"]["value_se"].isna().all() and hours["nation"]["significant"].isna().all()
    assert hours["AA"].loc[1, "value"] == pytest.approx(2.25)  # t1 1.5 h, t2 3 h


def test_trend_window_of_all_months_and_unknown_metric(fixture_dir):
    everything = fixture_run(fixture_dir, "kpi_trend_by_city", month="2025-04", months=0, cities=["AA"])
    aa = by_city(everything)["AA"]
    assert list(aa["month"].dt.month) == [2, 3, 4]
    assert aa.loc[2, "value"] == pytest.approx(50.0)  # r8 alone
    with pytest.raises(duckdb.Error, match="unknown metric colour"):  # a typo fails loudly, never a blank chart
        fixture_run(fixture_dir, "kpi_trend_by_city", month="2025-03", metric="colour")


# --- a variant with more rows: a noisy-but-significant change, a year-earlier month, targets, team skills ----------
EXTRA_RESPONSES = [
    # BB in February gets a second response: 80/70/90/60 → per-response 76, so BB February is 71 with se 5;
    # March 56 with se 0 → change −15 against 1.96 · 5 = 9.8: significant.
    ("x1", "BB", T(2025, 2, 6, 9), 80.0, 70.0, 90.0, 60.0, 9),
    # March 2024, a year before: AA 70 and 80 everywhere → 75; BB 90 twice → 90 (BB ranks 1, AA 2).
    ("x2", "AA", T(2024, 3, 10, 9), 70.0, 70.0, 70.0, 70.0, 7),
    ("x3", "AA", T(2024, 3, 11, 9), 80.0, 80.0, 80.0, 80.0, 8),
    ("x4", "BB", T(2024, 3, 12, 9), 90.0, 90.0, 90.0, 90.0, 10),
    ("x5", "BB", T(2024, 3, 13, 9), 90.0, 90.0, 90.0, 90.0, 10),
]


def _variant_responses() -> pa.Table:
    columns = {name: list(values) for name, values in SURVEY_RESPONSES.items()}
    for response_id, city, at, speed, resolution, attitude, follow_up, nps in EXTRA_RESPONSES:
        for name, value in (("response_id", response_id), ("city_code", city), ("submitted_at", at),
                            ("channel", "phone"), ("speed", speed), ("resolution", resolution),
                            ("attitude", attitude), ("follow_up", follow_up), ("nps", nps),
                            ("low_score_reason", None), ("comment", None), ("ticket_id", None)):
            columns[name].append(value)
    return table("survey_responses", **columns)


INITIATIVES = pa.table({
    "initiative_id": ["I1", "I2", "I3", "I4"],
    "step": pa.array([3, 3, 3, 1], pa.int32()),
    "title_zh": ["甲", "乙", "全国", "响应"], "title_en": ["A", "B", "Nation", "Response"],
    "city_code": ["AA", "BB", None, "AA"],
    "owner": ["o", "o", "o", "o"],
    "metric": ["satisfaction_index", "satisfaction_index", "satisfaction_index", "avg_first_response_hours"],
    "baseline": [80.0, 60.0, 78.0, 3.0], "target": [88.0, 88.0, 90.0, 2.0],
    "start_date": pa.array([D(2025, 4, 1)] * 4, pa.date32()),
    "due_date": pa.array([D(2025, 12, 31), D(2025, 12, 31), D(2025, 12, 31), D(2025, 6, 30)], pa.date32()),
    "expected_effect_zh": pa.array([None] * 4, pa.string()), "expected_effect_en": pa.array([None] * 4, pa.string()),
})

TEAM_SKILLS = pa.table({
    "month": pa.array([D(2025, 3, 1), D(2025, 3, 1)], pa.date32()),
    "city_code": ["AA", "BB"],
    "certified_share": [0.8, 0.4], "senior_certified_share": [0.2, 0.0],
    "emotion_management": [90.0, 70.0], "product_knowledge": [80.0, 60.0],
    "complex_problem_handling": [70.0, 50.0], "communication": [60.0, 40.0],
})

CITY_PRACTICES = pa.table({
    "city_code": ["AA", "BB"],
    "practice": ["emotion_recognition", "customer_profile"],
    "started_on": pa.array([D(2025, 3, 15), D(2025, 4, 2)], pa.date32()),
    "effect_zh": ["投诉处理时长缩短40%", None], "effect_en": ["complaint handling time −40%", None],
})


@pytest.fixture(scope="module")
def variant_dir(tmp_path_factory):
    directory = write_fixture(tmp_path_factory.mktemp("trends_variant"))
    pq.write_table(_variant_responses(), directory / "survey_responses.parquet")
    pq.write_table(INITIATIVES, directory / "initiatives.parquet")
    pq.write_table(TEAM_SKILLS, directory / "team_skills.parquet")
    pq.write_table(CITY_PRACTICES, directory / "city_practices.parquet")
    return directory


def test_a_change_beyond_its_noise_is_significant(variant_dir):
    bb = by_city(fixture_run(variant_dir, "kpi_trend_by_city", month="2025-03", months=2, cities=["BB"]))["BB"]
    assert list(bb["value"]) == pytest.approx([71.0, 56.0])  # February speed 75, resolution 65, attitude 85, fu 55
    assert list(bb["value_se"]) == pytest.approx([5.0, 0.0])
    assert bb.loc[1, "change"] == pytest.approx(-15.0) and bb.loc[1, "change_se"] == pytest.approx(5.0)
    assert bool(bb.loc[1, "significant"])


def test_change_is_on_the_calendar_month_before(variant_dir):
    # The variant has March 2024 and then February 2025: February's change is not on March 2024.
    aa = by_city(fixture_run(variant_dir, "kpi_trend_by_city", month="2025-02", months=0, cities=["AA"]))["AA"]
    assert list(aa["month"].dt.date) == [D(2024, 3, 1), D(2025, 2, 1)]
    assert aa["change"].isna().all()


# --- rank_streaks ---------------------------------------------------------------------------------------------------
def test_streaks_on_the_fixture(fixture_dir):
    # Ranked: February AA alone (BB has one response); March AA 1, BB 2; CC never (one response).
    streaks = fixture_run(fixture_dir, "rank_streaks", month="2025-03").set_index("city_code")
    assert list(streaks.index) == ["AA", "BB", "CC"]
    # With only one or two ranked cities AA is both in the "top five" and the "bottom three".
    assert (streaks.loc["AA", "top_streak"], streaks.loc["AA", "bottom_streak"]) == (2, 2)
    # BB was not ranked in February: its streak starts in March.
    assert (streaks.loc["BB", "top_streak"], streaks.loc["BB", "bottom_streak"]) == (1, 1)
    assert (streaks.loc["CC", "top_streak"], streaks.loc["CC", "bottom_streak"]) == (0, 0)
    assert not streaks.loc["CC", "ranked"] and streaks.loc["AA", "ranked_cities"] == 2
    assert streaks["year_change"].isna().all()


def test_streaks_with_group_sizes_and_a_city_filter(fixture_dir):
    streaks = fixture_run(fixture_dir, "rank_streaks", month="2025-03", settings=GROUPS_OF_ONE).set_index("city_code")
    # Top one: AA in February and March. Bottom one: AA in February (alone), BB in March.
    assert streaks.loc["AA", "top_streak"] == 2 and streaks.loc["AA", "bottom_streak"] == 0
    assert streaks.loc["BB", "top_streak"] == 0 and streaks.loc["BB", "bottom_streak"] == 1
    only_bb = fixture_run(fixture_dir, "rank_streaks", month="2025-03", cities=["BB"], settings=GROUPS_OF_ONE)
    assert list(only_bb["city_code"]) == ["BB"] and only_bb.iloc[0]["rank"] == 2
    # April: nobody has two responses, so every streak ends.
    april = fixture_run(fixture_dir, "rank_streaks", month="2025-04")
    assert (april["top_streak"] == 0).all() and (april["bottom_streak"] == 0).all()


def test_year_on_year_change_and_gaps_end_streaks(variant_dir):
    streaks = fixture_run(variant_dir, "rank_streaks", month="2025-03", settings=GROUPS_OF_ONE).set_index("city_code")
    assert streaks.loc["AA", "index_year_ago"] == pytest.approx(75.0) and streaks.loc["AA", "rank_year_ago"] == 2
    assert streaks.loc["AA", "year_change"] == pytest.approx(14.0)  # 89 − 75
    assert streaks.loc["BB", "year_change"] == pytest.approx(-34.0) and streaks.loc["BB", "rank_year_ago"] == 1
    assert pd.isna(streaks.loc["CC", "year_change"])
    # BB now ranks in February too (two responses, 71 < AA's 79.5): bottom in February and March. The months from
    # April 2024 to January 2025 have no data, so BB's top place of March 2024 does not reach into 2025.
    assert streaks.loc["BB", "bottom_streak"] == 2 and streaks.loc["AA", "top_streak"] == 2


# --- targets, events, city history and channels ---------------------------------------------------------------------
def test_index_targets_from_the_plan(variant_dir, fixture_dir):
    targets = fixture_run(variant_dir, "index_targets")
    assert list(targets["national"]) == [True, False]
    assert list(targets["target"]) == [90.0, 88.0]
    assert list(targets.iloc[1]["city_codes"]) == ["AA", "BB"]
    assert targets.iloc[1]["names_en"] == "Alpha, Beta" and targets.iloc[1]["names_zh"] == "甲城、乙城"
    only_bb = fixture_run(variant_dir, "index_targets", cities=["BB"])
    assert list(only_bb.iloc[1]["city_codes"]) == ["BB"]
    assert fixture_run(fixture_dir, "index_targets").empty  # no plan in the exports: no target lines


def test_events_in_window_are_numbered(fixture_dir):
    march = fixture_run(fixture_dir, "events_in_window", month="2025-03", months=1)
    assert list(march["number"]) == [1] and march.iloc[0]["source"] == "incident"
    assert march.iloc[0]["happened_on"] == pd.Timestamp("2025-03-10") and march.iloc[0]["tickets_lost"] == 1
    assert march.iloc[0]["month"] == pd.Timestamp("2025-03-01")
    assert fixture_run(fixture_dir, "events_in_window", month="2025-04", months=1).empty
    assert len(fixture_run(fixture_dir, "events_in_window", month="2025-04", months=2)) == 1
    assert len(fixture_run(fixture_dir, "events_in_window", month="2025-04", months=0, cities=["BB"])) == 1


def test_city_history(fixture_dir):
    history = fixture_run(fixture_dir, "city_history", city="AA", month="2025-03", months=2)
    assert list(history["month"].dt.month) == [2, 3]
    assert list(history["index"]) == pytest.approx([79.5, 89.0])
    assert list(history["speed"]) == pytest.approx([85.0, 95.0])
    assert list(history["follow_up"]) == pytest.approx([60.0, 75.0])
    # February: 9 and 6 → one promoter, one detractor; March: 10 and 8.
    assert list(history["nps"]) == pytest.approx([0.0, 50.0])
    assert list(history["promoter_share"]) == pytest.approx([0.5, 0.5])
    assert list(history["passive_share"]) == pytest.approx([0.0, 0.5])
    assert list(history["detractor_share"]) == pytest.approx([0.5, 0.0])
    assert list(history["rank"]) == [1, 1] and list(history["ranked_cities"]) == [1, 2]
    assert list(history["national_index"]) == pytest.approx([74.8333333, 78.0])
    assert fixture_run(fixture_dir, "city_history").empty  # no city: nothing


def test_city_channels(fixture_dir):
    channels = fixture_run(fixture_dir, "city_channels", city="AA", month="2025-04", months=0)
    rows = {(m.month, c): (n, s, i) for m, c, n, s, i in channels[["month", "channel", "responses", "share",
                                                                      "index"]].itertuples(index=False)}
    assert set(rows) == {(2, "phone"), (2, "chat"), (3, "phone"), (3, "email"), (4, "phone")}
    assert rows[(2, "phone")][:2] == (1, 0.5) and rows[(2, "phone")][2] == pytest.approx(76.0)
    assert pd.isna(rows[(2, "chat")][2])  # r2 has no follow-up score: no index
    assert rows[(3, "email")][2] == pytest.approx(84.0)
    assert rows[(4, "phone")][:2] == (1, 1.0)


# --- team matrices --------------------------------------------------------------------------------------------------
def test_team_matrix_weights_the_nation_by_seats(fixture_dir, variant_dir):
    team = fixture_run(fixture_dir, "team_matrix", month="2025-03", cities=["AA"])
    assert list(team["city_code"].fillna("nation")) == ["AA", "nation"]
    aa, nation = team.iloc[0], team.iloc[1]
    assert aa["assistant_penetration"] == pytest.approx(0.6) and aa["triage_share"] == pytest.approx(1.0)
    assert nation["assistant_penetration"] == pytest.approx(0.45)  # (10·0.6 + 30·0.4) / 40
    assert nation["training_hours_per_agent"] == pytest.approx(6.0)  # (10·12 + 30·4) / 40
    assert nation["attrition_rate"] == pytest.approx(0.04) and nation["triage_share"] == pytest.approx(0.25)
    assert team["certified_share"].isna().all()  # no team_skills export

    skilled = fixture_run(variant_dir, "team_matrix", month="2025-03")
    skilled.index = skilled["city_code"].fillna("nation")
    assert skilled.loc["AA", "emotion_management"] == pytest.approx(90.0)
    assert skilled.loc["nation", "certified_share"] == pytest.approx(0.5)  # (10·0.8 + 30·0.4) / 40
    assert skilled.loc["nation", "senior_certified_share"] == pytest.approx(0.05)
    assert skilled.loc["nation", "emotion_management"] == pytest.approx(75.0)
    assert skilled.loc["nation", "communication"] == pytest.approx(45.0)
    assert pd.isna(skilled.loc["CC", "certified_share"])  # CC has no team rows


def test_practice_matrix_counts_practices_running_by_the_month(variant_dir, fixture_dir):
    march = fixture_run(variant_dir, "practice_matrix", month="2025-03")
    assert set(march["practice"]) == {"emotion_recognition"}  # BB's customer profile starts in April
    assert list(march["city_code"]) == ["AA", "BB", "CC"]
    assert march.iloc[0]["started_on"] == pd.Timestamp("2025-03-15") and march["started_on"].notna().sum() == 1
    assert (march["cities_running"] == 1).all() and (march["all_cities"] == 3).all()
    april = fixture_run(variant_dir, "practice_matrix", month="2025-04", cities=["BB"])
    assert list(april["practice"]) == ["customer_profile", "emotion_recognition"]
    assert april.iloc[0]["started_on"] == pd.Timestamp("2025-04-02") and pd.isna(april.iloc[1]["started_on"])
    assert fixture_run(fixture_dir, "practice_matrix").empty


def test_new_optional_tables_reject_rows_breaking_their_rules(tmp_path):
    directory = write_fixture(tmp_path)
    bad_skills = TEAM_SKILLS.set_column(3, "senior_certified_share", pa.array([0.9, 0.0]))  # above certified 0.8
    pq.write_table(bad_skills, directory / "team_skills.parquet")
    bad_practices = CITY_PRACTICES.set_column(1, "practice", pa.array(["teleportation", "customer_profile"]))
    pq.write_table(bad_practices, directory / "city_practices.parquet")
    rejected = {(r.table_name, r.rule): r.rows for r in fixture_run(directory, "data_quality").itertuples()}
    assert rejected[("team_skills", "senior_certified_share above certified_share")] == 1
    assert any(table == "city_practices" and rule.startswith("practice not one of") and rows == 1
               for (table, rule), rows in rejected.items())


# --- on the demo data: the noise estimate recomputed independently from the raw responses -------------------------
def test_index_noise_matches_an_independent_computation_on_the_demo():
    from queries.settings import BUNDLED_DEMO_DATA

    responses = pd.read_parquet(BUNDLED_DEMO_DATA / "survey_responses.parquet")
    march = responses[(responses["city_code"] == "BJ") & (responses["submitted_at"] >= "2025-03-01")
                      & (responses["submitted_at"] < "2025-04-01")]
    per_response = (0.3 * march["speed"] + 0.4 * march["resolution"] + 0.2 * march["attitude"]
                    + 0.1 * march["follow_up"]).dropna()
    expected_se = per_response.std(ddof=1) / math.sqrt(len(per_response))
    trend = run("kpi_trend_by_city", month="2025-03", months=1, cities=["BJ"])
    beijing = trend[trend["city_code"] == "BJ"].iloc[0]
    assert beijing["value_se"] == pytest.approx(expected_se)
    assert round(beijing["value"], 1) == 92.1
