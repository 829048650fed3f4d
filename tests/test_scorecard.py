"""The service-team scorecard: its KPIs and scorecard_actuals on the fixture exports (tests/fixture_data.py, rows
unchanged), the settings file scorecard.toml (defaults, trajectory, status rule, every kind of mistake), and the
optional contact_center_daily columns (in a variant of the fixture).

The fixture's figures the scorecard reads, worked out by hand (index = .3 speed + .4 resolution + .2 attitude +
.1 follow-up; a response is satisfied at 80 or more, counted when it answered all four dimensions):

    February   r1 AA 76 (not satisfied), r2 AA (follow-up empty: not counted), r3 BB 66 → nation 0/2, AA 0/1
    March      r4 AA 94, r5 AA 84 (satisfied), r6 BB 56, r9 BB 56, r7 CC 100 (satisfied) → nation 3/5, AA 2/2, BB 0/2
    year to March: nation 3/7 (0·2 + 0.6·5 over 7), AA 2/3; NPS Feb 0 over 3 answers, Mar −25 over 4
    → (0·3 − 25·4) / 7 = −14.2857 (= 100·(2 promoters − 3 detractors) / 7)
    complaints  Feb t4 (resolved, answered after 0.5 h); Mar t1 (resolved, 1.5 h), t3 (neither)
    → resolution and 24 h response: Feb 1/1, Mar 1/2, year 2/3; escalation (level ≥ 2): Feb 0/1, Mar 2/3
    (t2 level 2, t3 level 3), year 2/4; contact centre Mar 300/400 answered within 60 s; team Mar attrition 0.04,
    training (10·12 + 30·4)/40 = 6 h
"""

import datetime as dt
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import queries
from csat import kpis
from csat import targets as scorecard_targets
from csat.i18n import Translator
from csat.spreadsheet import spreadsheet_frame
from csat.tables import scorecard as tables
from queries import run
from tests.fixture_data import FIXTURE_SETTINGS, table, write_fixture

D = dt.date
METRICS = kpis.names(kpis.SCORECARD_KPIS)
WEIGHTS = [kpis.SCORECARD_POOLED_OVER[name].name for name in METRICS]


def actuals(data_dir: Path, month: str = "2025-03", cities: list[str] | None = None) -> pd.DataFrame:
    return run("scorecard_actuals", data_dir=data_dir, settings=FIXTURE_SETTINGS, month=month, cities=cities or [],
               metrics=METRICS, weights=WEIGHTS)


def value(frame: pd.DataFrame, city: str | None, metric: str, column: str) -> float:
    rows = frame[(frame["city_code"].isna() if city is None else frame["city_code"] == city)
                 & (frame["metric"] == metric)]
    assert len(rows) == 1, rows
    return rows.iloc[0][column]


@pytest.fixture(scope="module")
def march(fixture_dir) -> pd.DataFrame:
    return actuals(fixture_dir)


@pytest.mark.parametrize(("metric", "month_value", "ytd_value"), [
    ("csat_share", 3 / 5, 3 / 7),
    ("nps", -25.0, -100 / 7),
    ("complaint_resolution_rate", 1 / 2, 2 / 3),
    ("complaint_response_24h_share", 1 / 2, 2 / 3),
    ("escalation_share", 2 / 3, 2 / 4),
    ("repeat_complaint_share", 0.0, 0.0),
    ("answered_within_60s_share", 300 / 400, 300 / 400),
    ("attrition_rate", 0.04, 0.04),
    ("training_hours_per_agent", 6.0, 6.0),
])
def test_the_nations_month_and_year_to_date_pool_every_city(march, metric, month_value, ytd_value):
    assert value(march, None, metric, "month_value") == pytest.approx(month_value)
    assert value(march, None, metric, "ytd_value") == pytest.approx(ytd_value)


def test_a_citys_year_to_date_is_pooled_not_a_mean_of_months(march):
    # AA: Feb 0 of 1 counted response, Mar 2 of 2 → 2/3 (a mean of the months would say 0.5).
    assert value(march, "AA", "csat_share", "month_value") == pytest.approx(1.0)
    assert value(march, "AA", "csat_share", "ytd_value") == pytest.approx(2 / 3)
    assert value(march, "AA", "csat_share", "ytd_months") == 2
    assert value(march, "BB", "csat_share", "month_value") == pytest.approx(0.0)


def test_rows_come_in_the_scorecards_order_nation_first_and_carry_city_codes(march):
    assert list(march["metric"][:len(METRICS)]) == METRICS
    assert march["city_code"][:len(METRICS)].isna().all()
    assert set(march["city_code"].dropna()) == {"AA", "BB", "CC"}


def test_chosen_cities_keep_the_nation_and_only_those_cities(fixture_dir):
    chosen = actuals(fixture_dir, cities=["BB"])
    assert set(chosen["city_code"].dropna()) == {"BB"}
    assert value(chosen, None, "csat_share", "month_value") == pytest.approx(3 / 5)  # still the nation's


def test_without_the_optional_columns_inquiry_first_response_has_no_value(march):
    assert pd.isna(value(march, None, "inquiry_first_response_seconds", "month_value"))


def test_inquiry_first_response_is_pooled_from_the_optional_columns(tmp_path):
    data_dir = write_fixture(tmp_path / "exports", skip=("contact_center_daily",))
    # AA: 100 answered inquiries taking 1,000 s in all, 300 taking 6,500 s → 7,500 / 400 = 18.75 s (the days'
    # means, 10 s and 21.7 s, would average 15.8 s).
    pq.write_table(table("contact_center_daily", answered_inquiries=[100, 300],
                         first_response_seconds_total=[1000.0, 6500.0]), data_dir / "contact_center_daily.parquet")
    frame = actuals(data_dir)
    assert value(frame, None, "inquiry_first_response_seconds", "month_value") == pytest.approx(18.75)
    assert value(frame, "AA", "inquiry_first_response_seconds", "ytd_value") == pytest.approx(18.75)


@pytest.mark.parametrize(("replacements", "rule"), [
    ({"answered_inquiries": [100, 301], "first_response_seconds_total": [1000.0, 6500.0]},
     "answered_inquiries outside 0–inquiries"),
    ({"answered_inquiries": [100, 300], "first_response_seconds_total": [1000.0, -1.0]},
     "first_response_seconds_total negative"),
    ({"answered_inquiries": [100, None], "first_response_seconds_total": [1000.0, 6500.0]},
     "first_response_seconds_total without answered_inquiries"),
])
def test_the_optional_columns_rows_are_checked_like_the_others(tmp_path, replacements, rule):
    data_dir = write_fixture(tmp_path / "exports", skip=("contact_center_daily",))
    pq.write_table(table("contact_center_daily", **replacements), data_dir / "contact_center_daily.parquet")
    quality = run("data_quality", data_dir=data_dir, settings=FIXTURE_SETTINGS)
    rejected = quality[(quality["table_name"] == "contact_center_daily") & (quality["rule"] == rule)]
    assert rejected["rows"].sum() == 1


# --- the settings file ------------------------------------------------------------------------------------------
def test_the_repositorys_settings_are_the_references_targets():
    settings = scorecard_targets.load(scorecard_targets.TARGETS_FILE)
    goals = {name: (t.baseline, t.target) for name, t in settings.targets.items()}
    assert goals == {"csat_share": (0.72, 0.85), "nps": (50.0, 60.0), "inquiry_first_response_seconds": (None, 15.0),
                     "answered_within_60s_share": (None, 0.90), "complaint_resolution_rate": (0.65, 0.92),
                     "complaint_response_24h_share": (None, 1.0)}
    assert [p.name_en for p in settings.phases] == ["Basic training", "Assessment system", "Optimisation",
                                                     "Verification"]
    assert {name: [b.value for b in group] for name, group in settings.benchmarks.items()} == {
        "inquiry_first_response_seconds": [60.0], "complaint_resolution_rate": [0.90], "attrition_rate": [0.38]}


def test_the_trajectory_is_straight_from_baseline_to_target():
    settings = scorecard_targets.load(scorecard_targets.TARGETS_FILE)
    # 12 months: March expects 0.72 + 0.13 · 3/12 = 0.7525; December the target; the year to March the mean of
    # months 1–3: 0.72 + 0.13 · 2/12.
    assert settings.expected("csat_share", D(2025, 3, 1)) == pytest.approx(0.7525)
    assert settings.expected("csat_share", D(2025, 12, 1)) == pytest.approx(0.85)
    assert settings.expected_to_date("csat_share", D(2025, 3, 1)) == pytest.approx(0.72 + 0.13 * 2 / 12)
    assert settings.expected("nps", D(2025, 6, 1)) == pytest.approx(55.0)
    assert settings.expected("inquiry_first_response_seconds", D(2025, 1, 1)) == 15.0  # no baseline: the target
    assert settings.expected("csat_share", D(2024, 12, 1)) is None                     # before the period
    assert settings.expected("csat_share", D(2026, 2, 1)) == pytest.approx(0.85)        # after it: the target
    assert settings.expected("escalation_share", D(2025, 3, 1)) is None                # no target
    assert settings.phase(D(2025, 5, 1)).name_en == "Assessment system"
    assert settings.phase(D(2024, 5, 1)) is None


@pytest.mark.parametrize(("kpi", "measured", "expected", "target", "status"), [
    (kpis.CSAT_SHARE, 0.846, 0.80, 0.85, "met"),        # written 85%: the target as written
    (kpis.CSAT_SHARE, 0.80, 0.7525, 0.85, "on_track"),
    (kpis.CSAT_SHARE, 0.7449, 0.7525, 0.85, "behind"),  # 74% < 75%
    (kpis.CSAT_SHARE, 0.7520, 0.7525, 0.85, "on_track"),  # both written 75%
    (kpis.INQUIRY_FIRST_RESPONSE, 15.4, 15.0, 15.0, "met"),  # lower is better; written 15 s
    (kpis.INQUIRY_FIRST_RESPONSE, 16.0, 20.0, 15.0, "on_track"),
    (kpis.INQUIRY_FIRST_RESPONSE, 25.0, 15.0, 15.0, "behind"),
    (kpis.NPS, None, 52.5, 60.0, "no_data"),
    (kpis.NPS, float("nan"), 52.5, 60.0, "no_data"),
    (kpis.ESCALATION_SHARE, 0.3, None, None, "no_target"),
])
def test_the_status_compares_the_values_as_written_in_the_good_direction(kpi, measured, expected, target, status):
    assert scorecard_targets.status(kpi, measured, expected, target) == status


GOOD = """[period]
start = 2025-01-01
end = 2025-12-31
"""


@pytest.mark.parametrize(("text", "message"), [
    ("[period\nstart = 2025-01-01", "scorecard.toml: not valid TOML"),
    ("", "scorecard.toml: the [period] table is missing"),
    ("[period]\nstart = 2025-01-01\n", "scorecard.toml, line 1: period.end is missing"),
    ("[period]\nstart = \"January\"\nend = 2025-12-31\n",
     "scorecard.toml, line 2: period.start must be a date written YYYY-MM-DD, not 'January'"),
    ("[period]\nstart = 2025-01-01\nend = 2024-12-31\n",
     "scorecard.toml, line 3: period.end (2024-12-31) must come after period.start (2025-01-01)"),
    (GOOD + "[period.extra]\n", "scorecard.toml, line 4: [period] has no setting 'extra'"),
    ("colour = \"blue\"\n" + GOOD, "scorecard.toml, line 1: unknown section or key 'colour'"),
    (GOOD + "colour = \"blue\"\n", "scorecard.toml, line 4: [period] has no setting 'colour'"),
    (GOOD + "[targets.nps]\nbaseline = 50\ntarget = \"sixty\"\n",
     "scorecard.toml, line 6: targets.nps.target must be a number, not 'sixty'"),
    (GOOD + "[targets.nps]\nbaseline = 50\n", "scorecard.toml, line 4: targets.nps.target is missing"),
    (GOOD + "\n[targets.csat_share]\ntarget = 85\n",
     "scorecard.toml, line 6: targets.csat_share.target = 85 is out of range: csat_share takes a share from 0 to 1"),
    (GOOD + "[targets.nps]\nbaseline = 60\ntarget = 60\n",
     "scorecard.toml, line 6: targets.nps: the target equals the baseline (60)"),
    (GOOD + "[targets.index]\ntarget = 90\n",
     "scorecard.toml, line 4: [targets.index]: 'index' is not a scorecard KPI"),
    (GOOD + "[targets.nps]\ntarget = 60\ngoal = 70\n", "scorecard.toml, line 6: [targets.nps] has no setting 'goal'"),
    (GOOD + "[[phases]]\nstart = 2025-04-01\nend = 2025-03-31\nname_zh = \"甲\"\nname_en = \"A\"\n",
     "scorecard.toml, line 6: phase 1: end (2025-03-31) comes before start (2025-04-01)"),
    (GOOD + "[[phases]]\nstart = 2025-01-01\nend = 2025-03-31\nname_zh = \"甲\"\nname_en = \"A\"\n"
     "[[phases]]\nstart = 2025-03-01\nend = 2025-06-30\nname_zh = \"乙\"\nname_en = \"\"\n",
     "scorecard.toml, line 10: phase 2 starts (2025-03-01) before phase 1 ends (2025-03-31)"),
    (GOOD + "[[phases]]\nstart = 2024-10-01\nend = 2025-03-31\nname_zh = \"甲\"\nname_en = \"A\"\n",
     "scorecard.toml, line 5: phase 1 (2024-10-01 – 2025-03-31) lies outside the period"),
    (GOOD + "[[phases]]\nstart = 2025-01-01\nend = 2025-03-31\nname_zh = \"甲\"\nname_en = \" \"\n",
     "scorecard.toml, line 8: phase 1: name_en must be a text that is not empty"),
    (GOOD + "[[benchmarks]]\nkpi = \"speed\"\nvalue = 1\nsource_zh = \"甲\"\nsource_en = \"A\"\n",
     "scorecard.toml, line 5: benchmark 1: kpi: 'speed' is not a scorecard KPI"),
    (GOOD + "[[benchmarks]]\nkpi = \"attrition_rate\"\nvalue = 38\nsource_zh = \"甲\"\nsource_en = \"A\"\n",
     "scorecard.toml, line 6: benchmark 1: value = 38 is out of range"),
    (GOOD + "[[benchmarks]]\nkpi = \"attrition_rate\"\nvalue = 0.38\nsource_zh = \"甲\"\n",
     "scorecard.toml, line 4: benchmark 1: source_en must be a text that is not empty"),
])
def test_a_mistake_in_the_settings_file_names_its_line_and_key(text, message):
    with pytest.raises(scorecard_targets.TargetsError) as raised:
        scorecard_targets.parse(text)
    assert str(raised.value).startswith(message), str(raised.value)


def test_a_settings_file_that_cannot_be_read_says_so(tmp_path):
    with pytest.raises(scorecard_targets.TargetsError, match=r"^missing\.toml: cannot be read"):
        scorecard_targets.load(tmp_path / "missing.toml")


# --- the tables ---------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def assessed(march) -> pd.DataFrame:
    return tables.assess(march, scorecard_targets.load(scorecard_targets.TARGETS_FILE), D(2025, 3, 1))


def test_the_nations_scorecard_states_goal_value_trajectory_and_status(assessed):
    table = tables.scorecard_table(tables.nation(assessed), Translator("en")).data.set_index("KPI")
    csat = table.loc["Customer satisfaction (CSAT)"]
    assert (csat["Perspective"], csat["Baseline → year's target"], csat["Month"], csat["Month, trajectory"],
            csat["Month's status"]) == ("Customer", "72% → 85%", "60%", "75%", "Behind")
    assert (csat["Year to date"], csat["Year to date, trajectory"], csat["Year-to-date status"]) == \
        ("43%", "74%", "Behind")
    # Complaints answered within 24 h: no baseline, so the target holds from the start: 50% against 100%.
    answered = table.loc["Complaints answered within 24 h"]
    assert (answered["Baseline → year's target"], answered["Month, trajectory"]) == ("≥ 100%", "100%")
    inquiry = table.loc["Inquiry first response"]
    assert (inquiry["Baseline → year's target"], inquiry["Month"], inquiry["Month's status"]) == \
        ("≤ 15 s", "–", "No data")
    escalation = table.loc["Escalated tickets"]
    assert (escalation["Perspective"], escalation["Month"], escalation["Month's status"]) == \
        ("Process", "67%", "No target")
    assert tables.status_counts(tables.nation(assessed)) == {"behind": 5, "no_data": 1}


def test_the_city_table_colours_each_cell_by_its_status(assessed):
    styled = tables.city_table(assessed, tables.targeted(tables.nation(assessed)), "month", Translator("en"))
    data = styled.data.set_index("City")
    assert list(data.index) == ["Nationwide", "Alpha", "Beta", "Gamma"]
    assert data.loc["Alpha", "Customer satisfaction (CSAT)"] == "100%"
    styles = styled._compute().ctx  # (row, column) → CSS of each coloured cell
    alpha_csat = styles[(1, list(data.reset_index().columns).index("Customer satisfaction (CSAT)"))]
    assert ("background-color", tables.STATUS_COLOURS["met"]) in alpha_csat


def test_the_csv_writes_each_value_in_its_kpis_unit_and_statuses_as_words(assessed):
    sheet = spreadsheet_frame(tables.export(assessed), Translator("en"), {"AA": "Alpha", "BB": "Beta", "CC": "Gamma"})
    nation_csat = sheet.iloc[0]
    assert nation_csat["Metric"] == "Customer satisfaction (CSAT)"
    assert nation_csat["Month, measured (the KPI's unit; shares in %)"] == 60.0
    assert nation_csat["Year to date, measured (the KPI's unit; shares in %)"] == pytest.approx(42.9)
    assert nation_csat["Month, on the trajectory (the KPI's unit; shares in %)"] == pytest.approx(75.2)
    assert nation_csat["Month's status"] == "Behind"
    assert nation_csat["Scorecard perspective"] == "Customer"
    nps = sheet[sheet["Metric"] == "Net promoter score"].iloc[0]
    assert nps["Year to date, measured (the KPI's unit; shares in %)"] == pytest.approx(-14.3)


def test_the_capability_model_reads_four_areas_from_the_assessed_skills():
    assert [area for area, kpi in kpis.CAPABILITY_AREAS.items() if kpi is None] == ["digital_literacy"]
    team = queries.run("team_matrix", month=D(2025, 12, 1), cities=["BJ"])
    table = tables.capability_table(team, Translator("en"))
    assert list(table.columns) == ["City", "Professional knowledge (Product knowledge)",
                                   "Service process (Complex-problem handling)", "Adaptability (Emotion management)",
                                   "Communication", "Certified agents", "Senior-certified agents"]
    assert list(table["City"]) == ["Nationwide", "Beijing"]
    assert tables.has_skills(team)


def test_without_team_skills_the_capability_model_says_so(fixture_dir):
    team = run("team_matrix", data_dir=fixture_dir, settings=FIXTURE_SETTINGS, month="2025-03", cities=[])
    assert not tables.has_skills(team)
