"""The causes page's queries on hand-computed fixtures: the diagnosis, the low-score mix, the drivers, the
verbatims and their themes, the outages (tests/fixture_data.py as it is), and the early warning on a variant
built for it (a city that fell three months running, one whose trend projects below 80, one whose sampling
error alone widens its interval past 80, and a steady one)."""

import dataclasses
import datetime as dt
import math

import pandas as pd
import pyarrow.parquet as pq
import pytest

from queries import Settings, run
from tests.fixture_data import FIXTURE_SETTINGS, table, write_fixture

T = dt.datetime


def fixture_run(directory, name, settings=FIXTURE_SETTINGS, **params) -> pd.DataFrame:
    return run(name, data_dir=directory, settings=settings, **params)


# ---------------------------------------------------------------------------------------------------------
# diagnosed_cities, diagnosis (fixture March 2025: AA rank 1, BB rank 2, CC unranked with one response)
# ---------------------------------------------------------------------------------------------------------
def test_diagnosed_cities_are_the_bottom_ranked_or_the_chosen_ones(fixture_dir):
    bottom_three = fixture_run(fixture_dir, "diagnosed_cities", month="2025-03")
    assert list(bottom_three["city_code"]) == ["AA", "BB"]  # only two ranked cities; CC is unranked
    bottom_one = dataclasses.replace(FIXTURE_SETTINGS, bottom_group_size=1)
    assert list(fixture_run(fixture_dir, "diagnosed_cities", month="2025-03", settings=bottom_one)["city_code"]) == [
        "BB"]
    chosen = fixture_run(fixture_dir, "diagnosed_cities", month="2025-03", cities=["CC", "AA"])
    assert list(chosen["city_code"]) == ["AA", "CC"]  # ranked first, the unranked last
    assert pd.isna(chosen.iloc[1]["rank"]) and chosen.iloc[1]["index"] == pytest.approx(100.0)


def _diagnosis(fixture_dir) -> dict:
    rows = fixture_run(fixture_dir, "diagnosis", month="2025-03", cities=["AA", "BB"])
    return {(r.metric, r.scope, r.city_code if isinstance(r.city_code, str) else None): r
            for r in rows.itertuples(index=False)}


def test_diagnosis_city_figures_match_hand_computation(fixture_dir):
    d = _diagnosis(fixture_dir)
    # AA: t1 answered after 1.5 h, t2 after 3 h → mean 2.25, p90 1.5 + 0.9·1.5 = 2.85, within 2 h 1 of 2.
    assert d["avg_first_response_hours", "city", "AA"].value == pytest.approx(2.25)
    assert d["p90_first_response_hours", "city", "AA"].value == pytest.approx(2.85)
    assert d["first_response_rate", "city", "AA"].value == pytest.approx(0.5)
    assert d["high_priority_share", "city", "AA"].value == pytest.approx(0.5)
    assert d["seats", "city", "AA"].value == 10 and d["inquiries_per_day", "city", "AA"].value == pytest.approx(200)
    assert d["inquiries_per_seat_day", "city", "AA"].value == pytest.approx(20)
    assert d["triage_share", "city", "AA"].value == 1.0 and d["dialect_coverage", "city", "AA"].value == 0.9
    # BB: its only ticket t3 was never answered (lost in INC1): no mean, rate 0; its one complaint is dialect.
    assert pd.isna(d["avg_first_response_hours", "city", "BB"].value)
    assert d["first_response_rate", "city", "BB"].value == 0.0
    assert d["dialect_complaint_share", "city", "BB"].value == 1.0
    assert d["part_time_share", "city", "BB"].value == 0.5 and d["attrition_rate", "city", "BB"].value == 0.02
    assert d["training_hours_per_agent", "city", "BB"].value == 4.0 and d["triage_share", "city", "BB"].value == 0
    assert pd.isna(d["inquiries_per_day", "city", "BB"].value)  # no contact-centre days: missing, not 0


def test_diagnosis_pools_the_chosen_cities_like_the_nation(fixture_dir):
    d = _diagnosis(fixture_dir)
    # Pooled over tickets: (1.5 + 3) / 2 answered = 2.25 h, 1 of 3 within 2 h; over seats (10 + 30):
    # part-time (10·0.2 + 30·0.5)/40 = 0.425, attrition (10·0.10 + 30·0.02)/40 = 0.04, triage 10/40.
    assert d["avg_first_response_hours", "selection", None].value == pytest.approx(2.25)
    assert d["first_response_rate", "selection", None].value == pytest.approx(1 / 3)
    assert d["seats", "selection", None].value == 40
    assert d["part_time_share", "selection", None].value == pytest.approx(0.425)
    assert d["attrition_rate", "selection", None].value == pytest.approx(0.04)
    assert d["triage_share", "selection", None].value == pytest.approx(0.25)
    assert d["dialect_complaint_share", "selection", None].value == pytest.approx(0.5)
    # CC has no ticket or team row, so the nation equals AA and BB together here.
    assert d["attrition_rate", "nation", None].value == pytest.approx(0.04)
    assert d["high_priority_share", "nation", None].value == pytest.approx(2 / 3)


def test_diagnosis_names_the_lowest_and_highest_city_with_ties(fixture_dir):
    d = _diagnosis(fixture_dir)
    assert (d["attrition_rate", "lowest", "BB"].value, d["attrition_rate", "lowest", "BB"].name_en) == (0.02, "Beta")
    assert d["attrition_rate", "highest", "AA"].value == pytest.approx(0.10)
    assert d["first_response_rate", "highest", "AA"].tied_cities == 1
    # Only AA has an average first response: it is both ends.
    assert d["avg_first_response_hours", "lowest", "AA"].value == pytest.approx(2.25)
    assert d["avg_first_response_hours", "highest", "AA"].value == pytest.approx(2.25)


def test_diagnosis_ties_count_every_city_at_the_extreme(tmp_path):
    directory = write_fixture(tmp_path / "ties")
    tied = table("team_monthly", attrition_rate=[0.05, 0.05])
    pq.write_table(tied, directory / "team_monthly.parquet")
    rows = fixture_run(directory, "diagnosis", month="2025-03", cities=["AA"])
    lowest = rows[(rows["metric"] == "attrition_rate") & (rows["scope"] == "lowest")].iloc[0]
    assert lowest["tied_cities"] == 2 and lowest["city_code"] == "AA" and lowest["value"] == pytest.approx(0.05)


# ---------------------------------------------------------------------------------------------------------
# low_score_causes
# ---------------------------------------------------------------------------------------------------------
def test_low_score_causes_mix_and_change_on_last_month(fixture_dir):
    mix = fixture_run(fixture_dir, "low_score_causes", month="2025-03", cities=["BB"])
    rows = {(r.source, r.scope, r.item): r for r in mix.itertuples(index=False)}
    # Reasons: March r6 and r9 (BB, dialect); February r3 (BB, slow response); r8 (AA) is April.
    dialect = rows["reason", "city", "dialect"]
    assert (dialect.count, dialect.total, dialect.share, dialect.count_prev) == (2, 2, 1.0, 0)
    assert dialect.share_change == pytest.approx(1.0) and dialect.name_en == "Beta"
    slow = rows["reason", "nation", "slow_response"]
    assert (slow.count, slow.share, slow.share_prev, slow.share_change) == (0, 0.0, 1.0, -1.0)
    # Complaint categories: March t1 (AA, logistics) and t3 (BB, dialect); February t4 (BB, logistics).
    logistics = rows["category", "nation", "logistics"]
    assert (logistics.count, logistics.share, logistics.share_prev, logistics.count_change) == (1, 0.5, 1.0, 0)
    assert logistics.share_change == pytest.approx(-0.5)
    assert rows["category", "city", "dialect"].share == 1.0
    assert rows["category", "selection", "dialect"].share == 1.0  # one chosen city: its pool is itself
    assert rows["category", "city", "logistics"].share == 0.0  # shown as 0%, not missing


# ---------------------------------------------------------------------------------------------------------
# driver_relationships
# ---------------------------------------------------------------------------------------------------------
def test_driver_relationships_are_least_squares_over_ranked_city_months(fixture_dir):
    drivers = fixture_run(fixture_dir, "driver_relationships", month="2025-03")
    pairs = drivers.drop_duplicates(["factor", "outcome"]).set_index(["factor", "outcome"])
    # Team figures exist in March only; ranked March cities: AA (index 89) and BB (56).
    coverage = pairs.loc["dialect_coverage", "index"]  # (0.9, 89) and (0.3, 56)
    assert coverage["observations"] == 2 and coverage["r"] == pytest.approx(1.0)
    assert coverage["slope"] == pytest.approx(33 / 0.6) and coverage["intercept"] == pytest.approx(56 - 0.3 * 55)
    part_time = pairs.loc["part_time_share", "index"]  # (0.2, 89) and (0.5, 56)
    assert part_time["r"] == pytest.approx(-1.0) and part_time["slope"] == pytest.approx(-110.0)
    complaints = pairs.loc["dialect_coverage", "dialect_complaint_share"]  # (0.9, 0.0) and (0.3, 1.0)
    assert complaints["slope"] == pytest.approx(-1 / 0.6) and complaints["r"] == pytest.approx(-1.0)
    # BB's only ticket was never answered: a single point has no correlation — and no row without a value.
    assert ("avg_first_response_hours", "index") in pairs.index
    assert pairs.loc["avg_first_response_hours", "index"]["observations"] == 1
    assert pd.isna(pairs.loc["avg_first_response_hours", "index"]["r"])
    assert drivers[["x", "y"]].notna().all().all()


# ---------------------------------------------------------------------------------------------------------
# verbatims, comment_themes
# ---------------------------------------------------------------------------------------------------------
def test_verbatims_are_low_score_comments_newest_first_and_searchable(fixture_dir):
    comments = fixture_run(fixture_dir, "verbatims", month="2025-03", cities=["AA", "BB"])
    assert list(comments["comment"]) == ["客服听不懂我说话", "听不懂方言"]  # r9 (20 March), r6 (15 March)
    assert comments.iloc[1]["score"] == pytest.approx(0.3 * 60 + 0.4 * 50 + 0.2 * 70 + 0.1 * 40)
    assert list(comments["matches"]) == [2, 2]
    found = fixture_run(fixture_dir, "verbatims", month="2025-03", cities=["BB"], search="方言")
    assert list(found["response_id"]) == ["r6"] and found.iloc[0]["matches"] == 1
    assert fixture_run(fixture_dir, "verbatims", month="2025-03", reason="unresolved").empty  # r8 is April
    assert list(fixture_run(fixture_dir, "verbatims", month="2025-03", limit=1)["response_id"]) == ["r9"]


@pytest.mark.parametrize("hostile", ["%", "_", "' OR 1=1 --", "%' OR '1'='1"])
def test_verbatim_search_is_bound_and_literal(fixture_dir, hostile):
    assert fixture_run(fixture_dir, "verbatims", month="2025-03", search=hostile).empty


def test_comment_themes_count_comments_mentioning_a_keyword(fixture_dir):
    themes = fixture_run(fixture_dir, "comment_themes", month="2025-03", cities=["BB"]).set_index("theme")
    # Both March low-score comments contain 听不懂: the not-understood theme, 2 of 2, in BB and nationwide.
    understood = themes.loc["not_understood"]
    assert (understood["selected_count"], understood["selected_comments"], understood["selected_share"]) == (2, 2, 1.0)
    assert understood["national_share"] == 1.0 and understood["example"] == "听不懂方言"
    assert "听不懂" in understood["keywords"]
    assert themes.loc["waiting", "selected_count"] == 0 and themes.index[0] == "not_understood"
    assert pd.isna(themes.loc["waiting", "example"])


# ---------------------------------------------------------------------------------------------------------
# incident_impact
# ---------------------------------------------------------------------------------------------------------
def test_incident_impact_counts_lost_tickets_and_repeats(tmp_path):
    directory = write_fixture(tmp_path / "repeats")
    # A repeat complaint of t3 (lost in INC1) filed in BB on 12 March.
    tickets = {name: [*values, extra] for (name, values), extra in zip(
        table("tickets").to_pydict().items(),
        ["t5", "BB", T(2025, 3, 12, 9), None, None, "dialect", True, "high", "part_time", 1, None, "t3"],
        strict=True)}
    pq.write_table(table("tickets", **tickets), directory / "tickets.parquet")
    outage = fixture_run(directory, "incident_impact", month="2025-03", cities=["BB"]).iloc[0]
    assert outage["incident_id"] == "INC1" and outage["duration_hours"] == pytest.approx(4.0)
    assert (outage["tickets_lost"], outage["lost_tickets"], outage["lost_tickets_selected"]) == (1, 1, 1)
    assert (outage["repeat_complaints"], outage["repeat_complaints_selected"]) == (1, 1)
    elsewhere = fixture_run(directory, "incident_impact", month="2025-03", cities=["AA"]).iloc[0]
    assert (elsewhere["lost_tickets_selected"], elsewhere["repeat_complaints_selected"]) == (0, 0)
    assert fixture_run(directory, "incident_impact", month="2025-02").empty


# ---------------------------------------------------------------------------------------------------------
# early_warning on a variant: January–June 2025, one response a city and month (index = its score) except DD
# ---------------------------------------------------------------------------------------------------------
MONTHS = [T(2025, m, 15, 12) for m in range(1, 7)]
SCORES = {
    "AA": [90, 91, 92, 91, 90, 89],      # fell in April, May and June: three months running, projection 89.6
    "BB": [88, 86, 86.5, 83, 83.5, 80],  # a falling trend with ups: projects 79.4, below 80
    "CC": [95] * 6,                      # steady
}
DD_PAIR = (85, 100)  # DD: two responses each month → index 92.5 every month, sampling variance 112.5 / 2
CC_PAIR = (90, 100)  # CC gets two responses too (index 95): sampling variance 50 / 2


def _warning_variant(directory) -> None:
    rows = [(code, when, score) for code, scores in SCORES.items() if code != "CC"
            for when, score in zip(MONTHS, scores, strict=True)]
    rows += [(code, when, score) for code, pair in (("CC", CC_PAIR), ("DD", DD_PAIR)) for when in MONTHS
             for score in pair]
    count = len(rows)
    scores = [float(score) for _, _, score in rows]
    pq.write_table(table(
        "survey_responses", response_id=[f"w{i}" for i in range(count)], city_code=[code for code, _, _ in rows],
        submitted_at=[when for _, when, _ in rows], channel=["app"] * count, speed=scores, resolution=scores,
        attitude=scores, follow_up=scores, nps=[None] * count, low_score_reason=[None] * count,
        comment=[None] * count, ticket_id=[None] * count), directory / "survey_responses.parquet")
    cities = table("cities").to_pydict()
    extra = {"city_code": "DD", "name_zh": "丁城", "name_en": "Delta", "province_zh": "丁省",
             "province_en": "Delta Province", "region": "central", "lat": 30.6, "lon": 114.3}
    pq.write_table(table("cities", **{k: [*v, extra[k]] for k, v in cities.items()}), directory / "cities.parquet")


@pytest.fixture(scope="module")
def warning_dir(tmp_path_factory):
    directory = write_fixture(tmp_path_factory.mktemp("warning_exports"))
    _warning_variant(directory)
    return directory


T_4 = 2.132  # Student's t, one-sided 95%, 4 degrees of freedom (six months − 2)
SPREAD_FACTOR = 1 + 1 / 6 + (6 - 2.5) ** 2 / 17.5  # 1 + 1/n + (x₀ − x̄)²/Sxx for x = 0…5, x₀ = 6


def _warnings(directory, settings=FIXTURE_SETTINGS, **params) -> pd.DataFrame:
    return fixture_run(directory, "early_warning", settings=settings, month="2025-06", **params).set_index("city_code")


def test_early_warning_projects_a_least_squares_trend_with_its_interval(warning_dir):
    w = _warnings(warning_dir)
    aa, bb = w.loc["AA"], w.loc["BB"]
    # AA: Sxy = −4.5, Sxx = 17.5 → slope −0.2571; intercept 90.5 + 2.5·0.2571 = 91.1429; at x = 6: 89.6.
    # Residual variance (Syy 5.5 − 4.5²/17.5) / 4 = 1.0857 (one response a month: no sampling variance).
    assert aa["months_used"] == 6 and aa["slope"] == pytest.approx(-4.5 / 17.5)
    assert aa["projected"] == pytest.approx(89.6)
    half = T_4 * math.sqrt((5.5 - 4.5 ** 2 / 17.5) / 4 * SPREAD_FACTOR)
    assert aa["projected_low"] == pytest.approx(89.6 - half) and aa["projected_high"] == pytest.approx(89.6 + half)
    assert aa["projected_month"] == pd.Timestamp("2025-07-01") and aa["index"] == pytest.approx(89.0)
    # BB: mean 84.5, Sxy −25.5 → slope −1.4571, projection 84.5 + 3.5·(−1.4571) = 79.4.
    assert bb["projected"] == pytest.approx(84.5 - 3.5 * 25.5 / 17.5)
    bb_half = T_4 * math.sqrt((42 - 25.5 ** 2 / 17.5) / 4 * SPREAD_FACTOR)
    assert bb["projected_low"] == pytest.approx(bb["projected"] - bb_half)


def test_early_warning_spread_is_at_least_the_sampling_error(warning_dir):
    w = _warnings(warning_dir)
    # CC: index 95 every month (no residual), but each month's two responses (90, 100) have variance 50, so a
    # monthly index has sampling variance 50 / 2 = 25: the interval is ±2.132·√(25·1.8667) = ±14.56.
    cc = w.loc["CC"]
    assert cc["residual_sd"] == pytest.approx(0.0) and cc["sampling_se"] == pytest.approx(5.0)
    assert cc["projected"] == pytest.approx(95.0)
    assert cc["projected_low"] == pytest.approx(95 - T_4 * math.sqrt(25 * SPREAD_FACTOR))
    # DD: 85 and 100 → variance 112.5, sampling variance 56.25 → lower end 92.5 − 21.85 = 70.65.
    assert w.loc["DD", "projected_low"] == pytest.approx(92.5 - T_4 * math.sqrt(56.25 * SPREAD_FACTOR))


def test_early_warning_rule(warning_dir):
    w = _warnings(warning_dir)
    assert w.loc["AA", "falling_months"] == 3 and w.loc["BB", "falling_months"] == 1
    assert w.loc["CC", "falling_months"] == 0
    rule = w[["projected_below", "low_below", "falling", "warned"]].astype(bool).to_dict("index")
    assert rule["AA"] == {"projected_below": False, "low_below": False, "falling": True, "warned": True}
    assert rule["BB"] == {"projected_below": True, "low_below": True, "falling": False, "warned": True}
    assert rule["CC"] == {"projected_below": False, "low_below": False, "falling": False, "warned": False}
    assert rule["DD"] == {"projected_below": False, "low_below": True, "falling": False, "warned": True}
    assert (w["threshold"] == 80.0).all()
    warned = fixture_run(warning_dir, "early_warning", month="2025-06", warned_only=1)
    assert sorted(warned["city_code"]) == ["AA", "BB", "DD"]


def test_early_warning_reads_its_settings(warning_dir):
    stricter = Settings(min_responses_to_rank=2, warning_falling_months=4, warning_threshold=70.0)
    w = _warnings(warning_dir, settings=stricter)
    assert not w["warned"].any()  # three falls are no longer enough, and every lower end is above 70
    assert w.loc["DD", "threshold"] == 70.0
    # A four-month window: BB's March–June 86.5, 83, 83.5, 80 → Sxy −9.5, Sxx 5, slope −1.9, mean 83.25,
    # projection at x = 4: 83.25 + 2.5·(−1.9) = 78.5.
    short = _warnings(warning_dir, settings=Settings(min_responses_to_rank=2, warning_window_months=4))
    assert short.loc["BB", "months_used"] == 4 and short.loc["BB", "projected"] == pytest.approx(78.5)


def test_early_warning_needs_four_months_of_history(fixture_dir):
    # The plain fixture has February–April only: no projection and no warning. AA fell once (April 50 after
    # March 89, which rose on February's 79.5); BB has no April response, so no streak.
    w = fixture_run(fixture_dir, "early_warning", month="2025-04").set_index("city_code")
    assert w["projected"].isna().all() and not w["warned"].any()
    assert w.loc["AA", "falling_months"] == 1 and w.loc["BB", "falling_months"] == 0
