"""The improvement-plan queries (plan_progress, milestones_timeline, plan_outcomes) on a hand-made plan.

The plan sits on the fixture exports of tests/fixture_data.py (its rows unchanged) as two extra tables,
initiatives and milestones, written into a variant directory. The figures it reads from the fixture:

    month          AA first response  nation complaints  AA dialect cov.  BB index  BB skill share  BB complaints
    2025-02        – (no AA ticket)   1 (t4)             – (no team row)  66.0      –               1
    2025-03        2.25 h (t1, t2)    2 (t1, t3)         0.9              56.0      0.25            1
    2025-04        –                  0                  –                – (none)  –               0

The initiatives (progress = (value − baseline) / (target − baseline); elapsed = days start → month end (at
most due) / days start → due):

    R-AA  step 1, AA, avg_first_response_hours 3.0 → 2.0 (lower is better), 2025-02-01 → 2025-04-30 (88 days)
    C-CN  step 1, national, complaint_count 4 → 0 (lower is better), 2025-02-01 → 2025-03-31 (58 days)
    D-AA  step 2, AA, dialect_coverage 0.5 → 0.8, 2025-01-01 → 2025-02-28
    I-BB  step 3, BB, satisfaction_index 66 → 80, 2025-03-01 → 2025-12-31 (305 days), no milestones
    S-BB  step 3, BB, skill_assessment_share 0.2 → 0.25, 2025-03-01 → 2025-03-31, no milestones

Their promises (promised_kpi, promised_change; the effect texts say the same, for display): R-AA and C-CN
complaints −80%, D-AA dialect complaints −60%, I-BB complaints −50%, S-BB none.
"""

import datetime as dt

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from queries import run
from queries.contract import PLAN_OUTCOME_KPIS
from tests.fixture_data import FIXTURE_SETTINGS, write_fixture

D = dt.date

INITIATIVES = {
    "initiative_id": ["R-AA", "C-CN", "D-AA", "I-BB", "S-BB"],
    "step": [1, 1, 2, 3, 3],
    "title_zh": ["响应提速", "全国投诉压降", "方言覆盖", "满意度回升", "技能考核"],
    "title_en": ["Response speed-up", "Complaints down", "Dialect coverage", "Satisfaction back", "Skills"],
    "city_code": ["AA", None, "AA", "BB", "BB"],
    "owner": ["甲", "乙", "甲", "丙", "丙"],
    "metric": ["avg_first_response_hours", "complaint_count", "dialect_coverage", "satisfaction_index",
               "skill_assessment_share"],
    "baseline": [3.0, 4.0, 0.5, 66.0, 0.2],
    "target": [2.0, 0.0, 0.8, 80.0, 0.25],
    "start_date": [D(2025, 2, 1), D(2025, 2, 1), D(2025, 1, 1), D(2025, 3, 1), D(2025, 3, 1)],
    "due_date": [D(2025, 4, 30), D(2025, 3, 31), D(2025, 2, 28), D(2025, 12, 31), D(2025, 3, 31)],
    "expected_effect_zh": ["投诉量下降80%", "投诉量下降80%", "方言投诉下降60%", "投诉量下降50%，满意度提升", None],
    "expected_effect_en": ["complaints −80%", "complaints −80%", "dialect complaints −60%",
                           "complaints −50%, higher satisfaction", None],
    # The promise as data: the outcome KPI each initiative promises to move and the relative change promised.
    "promised_kpi": ["complaints", "complaints", "dialect_complaints", "complaints", None],
    "promised_change": [-0.8, -0.8, -0.6, -0.5, None],
}

# As of 2025-03-31: M1 done on time, M2 done 5 days late, M3 overdue (due that very day), M4 not yet done
# (its done date, 2 April, is after the month).
MILESTONES = {
    "milestone_id": ["M1", "M2", "M3", "M4"],
    "initiative_id": ["R-AA", "R-AA", "C-CN", "D-AA"],
    "title_zh": ["扩容", "分级", "快速通道", "课程"],
    "title_en": ["Seats", "Triage", "Fast lane", "Courses"],
    "due_date": [D(2025, 2, 15), D(2025, 3, 15), D(2025, 3, 31), D(2025, 4, 30)],
    "done_date": [D(2025, 2, 10), D(2025, 3, 20), None, D(2025, 4, 2)],
}


def write_plan(directory, **replacements):
    """The fixture exports plus this module's plan, some initiative columns replaced; returns the directory."""
    write_fixture(directory)
    columns = {**INITIATIVES, **replacements}
    types = {"step": pa.int32(), "city_code": pa.string(), "expected_effect_zh": pa.string(),
             "expected_effect_en": pa.string(), "promised_kpi": pa.string(), "promised_change": pa.float64()}
    pq.write_table(pa.table({k: pa.array(v, types.get(k)) for k, v in columns.items()}),
                   directory / "initiatives.parquet")
    pq.write_table(pa.table({**MILESTONES, "done_date": pa.array(MILESTONES["done_date"], pa.date32())}),
                   directory / "milestones.parquet")
    return directory


@pytest.fixture(scope="module")
def plan_dir(tmp_path_factory):
    return write_plan(tmp_path_factory.mktemp("plan_exports"))


def plan_run(directory, name, **params) -> pd.DataFrame:
    return run(name, data_dir=directory, settings=FIXTURE_SETTINGS, **params)


def state(directory, month, **params) -> pd.DataFrame:
    """Each initiative's plan_progress row as of `month`, by initiative id."""
    progress = plan_run(directory, "plan_progress", month=month, **params)
    return progress[progress["is_current"]].set_index("initiative_id")


def test_the_plan_loads_without_rejected_rows(plan_dir):
    assert plan_run(plan_dir, "data_quality").empty


def test_progress_and_status_in_march(plan_dir):
    march = state(plan_dir, "2025-03")
    assert list(march.index) == ["R-AA", "C-CN", "D-AA", "I-BB", "S-BB"]  # by step, then the export's order
    # Lower is better: 2.25 h against 3.0 → 2.0 is (2.25 − 3) / (2 − 3) = 75% of the way; 58 of 88 days gone.
    r = march.loc["R-AA"]
    assert r["value"] == pytest.approx(2.25) and r["progress"] == pytest.approx(0.75)
    assert r["elapsed"] == pytest.approx(58 / 88) and r["status"] == "on_track" and pd.isna(r["reached_month"])
    # National complaints 2 (AA's t1 and BB's t3) against 4 → 0, due this month and not reached: missed.
    c = march.loc["C-CN"]
    assert c["value"] == 2 and c["progress"] == pytest.approx(0.5) and c["status"] == "missed"
    # Dialect coverage 0.9 reached the 0.8 target in March, after its February due month: reached late.
    d = march.loc["D-AA"]
    assert d["progress"] == pytest.approx(0.4 / 0.3) and d["status"] == "late"
    assert d["reached_month"] == pd.Timestamp("2025-03-01")
    # Index 56 against 66 → 80 went backwards (−10/14) while 30 of 305 days passed: at risk.
    i = march.loc["I-BB"]
    assert i["value"] == pytest.approx(56.0) and i["progress"] == pytest.approx(-10 / 14)
    assert i["elapsed"] == pytest.approx(30 / 305) and i["status"] == "at_risk"
    # Skill share exactly at its 0.25 target in its due month: achieved.
    s = march.loc["S-BB"]
    assert s["progress"] == pytest.approx(1.0) and s["status"] == "achieved"
    assert s["reached_month"] == pd.Timestamp("2025-03-01")


def test_status_as_of_february(plan_dir):
    february = state(plan_dir, "2025-02")
    # AA has no ticket in February: nothing measured before the due month.
    assert february.loc["R-AA", "status"] == "no_data" and pd.isna(february.loc["R-AA", "progress"])
    assert february.loc["R-AA", "elapsed"] == pytest.approx(27 / 88)
    # One national complaint against 4 → 0: 75% of the way with 27 of 58 days gone.
    assert february.loc["C-CN", "progress"] == pytest.approx(0.75)
    assert february.loc["C-CN", "elapsed"] == pytest.approx(27 / 58)
    assert february.loc["C-CN", "status"] == "on_track"
    # Due in February, no team figures yet: missed (it is reached late only in March).
    assert february.loc["D-AA", "status"] == "missed"
    # Starts in March: not started, no progress, no time elapsed — but its KPI is still measured.
    assert february.loc["I-BB", "status"] == "not_started" and pd.isna(february.loc["I-BB", "progress"])
    assert february.loc["I-BB", "elapsed"] == 0 and february.loc["I-BB", "value"] == pytest.approx(66.0)


def test_status_as_of_april(plan_dir):
    april = state(plan_dir, "2025-04")
    # No AA ticket in April, the due month: missed.
    assert april.loc["R-AA", "status"] == "missed" and april.loc["R-AA", "elapsed"] == 1
    # No complaint in April: the 0 target is reached, a month after its March due date.
    assert april.loc["C-CN", "value"] == 0 and april.loc["C-CN", "progress"] == pytest.approx(1.0)
    assert april.loc["C-CN", "status"] == "late" and april.loc["C-CN", "reached_month"] == pd.Timestamp("2025-04-01")
    # Once reached, a status keeps its month: dialect coverage stays "late" though April has no figure.
    assert april.loc["D-AA", "status"] == "late"
    # BB has no survey response in April: before its due month, no data.
    assert april.loc["I-BB", "status"] == "no_data"


def test_tolerance_moves_the_on_track_line(plan_dir):
    # −10/14 ≥ 30/305 − 0.90: with 90 points of tolerance the index initiative counts as on track.
    assert state(plan_dir, "2025-03", tolerance=90).loc["I-BB", "status"] == "on_track"
    assert state(plan_dir, "2025-03").loc["I-BB", "tolerance"] == pytest.approx(0.10)


def test_milestone_counts_as_of_the_month(plan_dir):
    march = state(plan_dir, "2025-03")
    counts = march[["milestones", "milestones_done", "milestones_overdue"]].astype(int)
    assert counts.loc["R-AA"].tolist() == [2, 2, 0]
    assert counts.loc["C-CN"].tolist() == [1, 0, 1]
    assert counts.loc["D-AA"].tolist() == [1, 0, 0]   # done on 2 April: not yet as of March
    assert counts.loc["I-BB"].tolist() == [0, 0, 0]   # a plan without milestones still gets its status
    assert state(plan_dir, "2025-02").loc["R-AA", ["milestones_done", "milestones_overdue"]].tolist() == [1, 0]


def test_history_reads_the_city_or_the_nation_month_by_month(plan_dir):
    progress = plan_run(plan_dir, "plan_progress", month="2025-03")
    complaints = progress[progress["initiative_id"] == "C-CN"]
    assert complaints["month"].dt.strftime("%Y-%m").tolist() == ["2025-02", "2025-03"]
    assert complaints["value"].tolist() == [1, 2]   # the nation's rows, not a city's
    assert complaints["status"].tolist() == ["on_track", "missed"]
    index = progress[progress["initiative_id"] == "I-BB"]
    assert index["value"].tolist() == pytest.approx([66.0, 56.0])   # BB's own rows
    assert index["status"].tolist() == ["not_started", "at_risk"]
    shorter = plan_run(plan_dir, "plan_progress", month="2025-03", months_before=0)
    assert shorter.loc[shorter["initiative_id"] == "I-BB", "month"].tolist() == [pd.Timestamp("2025-03-01")]


def test_city_filter_keeps_its_initiatives_and_the_national_ones(plan_dir):
    assert list(state(plan_dir, "2025-03", cities=["BB"]).index) == ["C-CN", "I-BB", "S-BB"]
    milestones = plan_run(plan_dir, "milestones_timeline", month="2025-03", cities=["BB"])
    assert milestones["milestone_id"].tolist() == ["M3"]


def test_milestones_timeline_as_of_march(plan_dir):
    timeline = plan_run(plan_dir, "milestones_timeline", month="2025-03").set_index("milestone_id")
    assert timeline["status"].to_dict() == {"M1": "done_on_time", "M2": "done_late", "M3": "overdue",
                                            "M4": "open"}
    assert timeline.loc["M2", "days_late"] == 5 and timeline.loc["M3", "days_late"] == 0
    assert pd.isna(timeline.loc["M1", "days_late"]) and pd.isna(timeline.loc["M4", "done_date"])
    assert timeline.loc["M1", "start_date"] == pd.Timestamp("2025-02-01")
    assert timeline.loc["M1", "initiative_due_date"] == pd.Timestamp("2025-04-30")
    assert pd.isna(timeline.loc["M3", "city_code"]) and timeline.loc["M1", "city_en"] == "Alpha"


def test_milestones_timeline_moves_with_the_month(plan_dir):
    april = plan_run(plan_dir, "milestones_timeline", month="2025-04").set_index("milestone_id")
    assert april.loc["M3", "status"] == "overdue" and april.loc["M3", "days_late"] == 30
    assert april.loc["M4", "status"] == "done_on_time" and april.loc["M4", "done_date"] == pd.Timestamp("2025-04-02")
    february = plan_run(plan_dir, "milestones_timeline", month="2025-02").set_index("milestone_id")
    assert february["status"].to_dict() == {"M1": "done_on_time", "M2": "open", "M3": "open", "M4": "open"}


def test_outcomes_compare_the_months_before_and_after_the_start(plan_dir):
    outcomes = plan_run(plan_dir, "plan_outcomes", month="2025-03", months=1)
    bb = outcomes[(outcomes["step"] == 3) & (outcomes["city_code"] == "BB")].set_index("kpi")
    # BB: February (before the March start) against March.
    assert bb.loc["complaints", ["before", "after", "change"]].tolist() == [1, 1, 0]
    assert bb.loc["complaints", "promised_change"] == pytest.approx(-0.5)
    assert bb.loc["complaints", "promised"] and not bb.loc["complaints", "promise_met"]
    assert bb.loc["dialect_complaints", ["before", "after"]].tolist() == [0, 1]
    assert pd.isna(bb.loc["dialect_complaints", "change_share"]) and not bb.loc["dialect_complaints", "promised"]
    assert bb.loc["index", "change"] == pytest.approx(-10.0) and bb.loc["index", "promised"]
    assert bb.loc["index", "promised_level"] == 80.0
    assert bb.loc["index", "effect_en"] == "complaints −50%, higher satisfaction"


def test_outcomes_average_several_months_and_read_the_promise(plan_dir):
    outcomes = plan_run(plan_dir, "plan_outcomes", month="2025-04", months=2)
    bb = outcomes[(outcomes["step"] == 3) & (outcomes["city_code"] == "BB")].set_index("kpi")
    # Before: February only (January has no data); after: March (1) and April (0) → 0.5 a month, −50%.
    assert bb.loc["complaints", "after"] == pytest.approx(0.5)
    assert bb.loc["complaints", "change_share"] == pytest.approx(-0.5) and bb.loc["complaints", "promise_met"]
    aa = outcomes[(outcomes["step"] == 2) & (outcomes["city_code"] == "AA")].set_index("kpi")
    assert aa.loc["dialect_complaints", "promised_change"] == pytest.approx(-0.6)
    assert aa.loc["dialect_complaints", "promised"] and not aa.loc["complaints", "promised"]
    assert pd.isna(aa.loc["complaints", "promised_change"])
    # The January start has no month before it in the exports: nothing to compare with.
    assert pd.isna(aa.loc["dialect_complaints", "before"]) and pd.isna(aa.loc["dialect_complaints", "change"])
    nation = outcomes[(outcomes["step"] == 1) & outcomes["city_code"].isna()]
    assert set(nation["kpi"]) == {"complaints", "dialect_complaints", "index"}


def test_outcomes_before_the_start_have_no_after(plan_dir):
    outcomes = plan_run(plan_dir, "plan_outcomes", month="2025-02", months=1)
    bb = outcomes[(outcomes["step"] == 3) & (outcomes["city_code"] == "BB")]
    assert bb["after"].isna().all() and bb["change"].isna().all()


def test_no_plan_in_the_exports_gives_empty_results(fixture_dir):
    for name in ("plan_progress", "milestones_timeline", "plan_outcomes"):
        assert plan_run(fixture_dir, name, month="2025-03").empty


def test_the_promise_comes_from_the_columns_never_from_the_text(tmp_path):
    # The effect texts promise nothing; the columns promise BB's step 3 complaints −50% and AA's step 2 a
    # dialect-complaint change without a figure.
    silent = write_plan(tmp_path / "silent", expected_effect_zh=[None] * 5, expected_effect_en=["-"] * 5,
                        promised_change=[-0.8, -0.8, None, -0.5, None])
    outcomes = plan_run(silent, "plan_outcomes", month="2025-04", months=2)
    assert set(outcomes["kpi"]) == set(PLAN_OUTCOME_KPIS)
    bb = outcomes[(outcomes["step"] == 3) & (outcomes["city_code"] == "BB")].set_index("kpi")
    assert bb.loc["complaints", "promised"] and bb.loc["complaints", "promised_change"] == pytest.approx(-0.5)
    assert bb.loc["complaints", "promise_met"] and bb.loc["complaints", "effect_en"] == "-"
    assert bb.loc["index", "promised"]   # a satisfaction_index initiative promises the index
    aa = outcomes[(outcomes["step"] == 2) & (outcomes["city_code"] == "AA")].set_index("kpi")
    assert aa.loc["dialect_complaints", "promised"] and pd.isna(aa.loc["dialect_complaints", "promised_change"])
    # The texts promise figures the columns do not: nothing is promised.
    wordy = write_plan(tmp_path / "wordy", promised_kpi=[None] * 5, promised_change=[None] * 5)
    outcomes = plan_run(wordy, "plan_outcomes", month="2025-04", months=2)
    assert not outcomes.loc[outcomes["kpi"] != "index", "promised"].any()
    assert outcomes["promised_change"].isna().all() and outcomes["promise_met"].isna().all()
    assert outcomes.loc[outcomes["kpi"] == "index", "promised"].tolist() == [False, False, False, True]


def test_an_export_without_the_promise_columns_still_loads(tmp_path):
    directory = write_plan(tmp_path)
    pq.write_table(pq.read_table(directory / "initiatives.parquet").drop(["promised_kpi", "promised_change"]),
                   directory / "initiatives.parquet")
    assert plan_run(directory, "data_quality").empty
    outcomes = plan_run(directory, "plan_outcomes", month="2025-03")
    assert outcomes["promised_change"].isna().all() and len(outcomes) == 12


def test_promises_outside_the_rules_are_rejected(tmp_path):
    directory = write_plan(tmp_path, promised_kpi=["complaint_count", "complaints", None, "index", None],
                           promised_change=[-0.8, -1.5, -0.6, 0.05, None])
    quality = plan_run(directory, "data_quality")
    rejected = quality[quality["table_name"] == "initiatives"].set_index("rule")["rows"].to_dict()
    assert rejected == {"promised_kpi not one of complaints, dialect_complaints, index": 1,
                        "promised_change outside -1–10": 1, "promised_change without promised_kpi": 1}
