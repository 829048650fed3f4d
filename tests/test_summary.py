"""The written summary of the month (review/summary.py): its sentences against figures worked out by hand on the
fixture (tests/fixture_data.py shows the arithmetic), in both languages, and the review's conclusions of March
2025 on the demo data."""

import datetime as dt
import shutil

import pytest

from csat.kpis import format_count
from queries.settings import BUNDLED_DEMO_DATA
from review.summary import CHAPTERS, month_summary
from tests.fixture_data import FIXTURE_SETTINGS

MARCH = dt.date(2025, 3, 1)


def fixture_summary(fixture_dir, month=MARCH, cities=(), lang="en"):
    return month_summary(month, cities, lang, data_dir=fixture_dir, settings=FIXTURE_SETTINGS)


def test_fixture_march_in_english_states_each_figure_worked_out_by_hand(fixture_dir):
    # Index 78.0 against February's 74.83 (+3.17); tickets 3 against 1 (+200%); 5 responses. Speed 80 → 82,
    # resolution 70 → 74, attitude 86.67 → 86 (−0.67, more than the 0.5 "steady" band), follow-up 55 → 66.
    # One CRM outage; t3 was lost in it; no repeat complaints. AA 89.0 and BB 56.0 are the only ranked cities,
    # so they are both the "top five" and the "bottom three" (CC has one response: unranked).
    # Diagnosis: BB answered none of its tickets within 2 h (0% against 1 of 3 nationally), all its complaints
    # are about dialect (1 of 1 against 1 of 2), its dialect coverage is 30% against the seat-weighted 45%
    # (10·0.9 + 30·0.3)/40; AA's attrition 10% against (10·0.10 + 30·0.02)/40 = 4%. The pooled first response
    # of AA and BB is the nation's (2.25 h both), so no sentence compares them.
    summary = fixture_summary(fixture_dir)
    assert summary.texts("overview") == (
        "In March 2025 the national satisfaction index was 78.0, up 3.2 on last month.",
        "Feedback cases handled: 3, up 200% on last month; survey responses: 5.",
        "Response speed up 2.0 to 82.0; resolution efficiency up 4.0 to 74.0; service attitude down 0.7 to 86.0; "
        "follow-up up 11.0 to 66.0. The weakest dimension is follow-up (66.0).",
        "Outages this month: 1 (CRM); tickets lost: 1; repeat complaints about the lost tickets (including those filed "
        "later): 0.",
    )
    assert summary.texts("leaders") == ("Top five: Alpha 89.0, Beta 56.0.", "Bottom three: Alpha 89.0, Beta 56.0.")
    assert summary.texts("diagnosis") == (
        "Alpha (rank 1, 89.0): 10 seats for 200 inquiries a day; staff attrition 10% (nation 4%).",
        "Beta (rank 2, 56.0): first-response rate (within 2 h) 0% (nation 33%); dialect share of complaints 100% "
        "(nation 50%); dialect coverage 30% (nation 45%).",
    )
    assert summary.texts("warning") == ("No city is warned for April 2025.",)
    assert summary.texts("plan") == ()  # the fixture has no improvement plan: no sentence about it


def test_fixture_march_in_chinese_states_the_same_figures(fixture_dir):
    summary = fixture_summary(fixture_dir, lang="zh")
    assert summary.texts("overview")[:2] == (
        "2025年3月全国满意度指数为 78.0，较上月上升 3.2。",
        "本月处理客户反馈案例 3 个，较上月上升 200%；回收满意度问卷 5 份。",
    )
    assert "服务态度下降 0.7 至 86.0" in summary.texts("overview")[2]
    assert summary.texts("overview")[3] == ("本月发生 1 次系统故障（CRM），丢失工单 1 个；"
                                            "丢失工单引发的二次投诉（含之后提交的）0 个。")
    assert summary.texts("leaders")[0] == "前五名：甲城 89.0、乙城 56.0。"
    assert summary.texts("diagnosis")[0] == ("甲城（第 1 名，89.0）：10 个坐席，日均咨询 200；"
                                             "人员流失率 10%（全国 4%）。")
    assert summary.texts("warning") == ("没有城市触发2025年4月预警。",)


def test_chosen_city_is_summarised_against_the_nation(fixture_dir):
    # BB in March: index 56.0 against February's 66.0; one ticket in each month; the nation 78.0.
    summary = fixture_summary(fixture_dir, cities=("BB",))
    assert summary.texts("overview")[:2] == (
        "In March 2025 the satisfaction index of Beta was 56.0, down 10.0 on last month. Nationwide: 78.0.",
        "Feedback cases handled: 1, unchanged on last month; survey responses: 2.",
    )
    assert "Among the 2 ranked cities: Beta #2 (56.0)." in summary.texts("leaders")
    assert [text.split(" (")[0] for text in summary.texts("diagnosis")] == ["Beta"]


def test_no_sentence_about_missing_data(fixture_dir):
    # February is the first month: no change on a previous month, no team figures (team_monthly has March only),
    # no outage, no plan. So no "up/down", no diagnosis and no outage or plan sentence.
    summary = fixture_summary(fixture_dir, month=dt.date(2025, 2, 1))
    text = " ".join(summary.texts())
    assert "last month" not in text and "nan" not in text.lower()
    assert summary.texts("diagnosis") == () and summary.texts("plan") == ()
    assert summary.texts("overview") == ("In February 2025 the national satisfaction index was 74.8.",
                                         "Feedback cases handled: 1; survey responses: 3.",
                                         "The weakest dimension is follow-up (55.0).")


def test_no_weakest_dimension_when_several_share_the_lowest_score(fixture_dir):
    # April holds one response (r8, at midnight on 1 April) scoring 50 on every dimension.
    overview = " ".join(fixture_summary(fixture_dir, month=dt.date(2025, 4, 1)).texts("overview"))
    assert "weakest" not in overview
    assert "Response speed down 32.0 to 50.0" in overview


def test_every_sentence_names_the_queries_behind_it(fixture_dir):
    from queries import list_queries

    known = {info.name for info in list_queries()}
    for sentence in fixture_summary(fixture_dir).sentences:
        assert sentence.chapter in CHAPTERS
        assert sentence.sources and set(sentence.sources) <= known


@pytest.fixture(scope="module")
def march_demo():
    return {lang: month_summary(MARCH, (), lang) for lang in ("zh", "en")}


def test_march_2025_states_the_reviews_conclusions_in_english(march_demo):
    summary = march_demo["en"]
    overview = summary.texts("overview")
    assert overview[0] == "In March 2025 the national satisfaction index was 87.4, up 1.1 on last month."
    assert overview[1] == "Feedback cases handled: 1,245, up 12% on last month; survey responses: 5,842."
    assert overview[2].startswith("Response speed up 5.2 to 89.2; resolution efficiency down 1.3 to 85.7.")
    assert "The weakest dimension is follow-up (82.4)." in overview[2]
    assert ("Outages this month: 3 (CRM); tickets lost: 237; repeat complaints about the lost tickets (including "
            "those filed later): 62.") in overview
    assert summary.texts("leaders") == (
        "Top five: Beijing 92.1, Shanghai 91.5, Shenzhen 90.8, Hangzhou 90.2, Guangzhou 89.7, in the top five for "
        "3 months running.",
        "Bottom three: Urumqi 83.2, Lanzhou 82.9, Hohhot 82.5, in the bottom three for 3 months running.")
    diagnosis = summary.texts("diagnosis")
    # The cities' pooled response is said once: against the nation and the external benchmark.
    assert diagnosis[0] == ("Urumqi, Lanzhou, Hohhot: average first response 4.8 h, against 1.5 h nationally and "
                            "4 times the external benchmark of 1.2 h (source: industry benchmark cited in the March "
                            "2025 review).")
    assert diagnosis[1].startswith("Urumqi (rank 30, 83.2): 20 seats for 1,200 inquiries a day;")
    assert "dialect coverage 15% (nation 83%)" in diagnosis[1]
    assert "part-time share 50% (nation 12%)" in diagnosis[2] and "staff attrition 18% (nation 8%)" in diagnosis[2]
    assert "dialect share of complaints 32%" in diagnosis[3]
    warning = summary.texts("warning")[0]
    assert warning.startswith("Warning for April 2025: without action, Hohhot may fall below 80")
    assert all(city in warning for city in ("Urumqi", "Lanzhou", "Hohhot"))


def test_march_2025_states_the_reviews_conclusions_in_chinese(march_demo):
    summary = march_demo["zh"]
    overview = summary.texts("overview")
    assert overview[0] == "2025年3月全国满意度指数为 87.4，较上月上升 1.1。"
    assert overview[2].startswith("服务响应速度上升 5.2 至 89.2；问题解决效率下降 1.3 至 85.7。")
    assert "本月发生 3 次系统故障（CRM），丢失工单 237 个；丢失工单引发的二次投诉（含之后提交的）62 个。" in overview
    assert summary.texts("leaders")[1] == "后三名：乌鲁木齐 83.2、兰州 82.9、呼和浩特 82.5，已连续 3 个月排名后三。"
    assert summary.texts("diagnosis")[0] == ("乌鲁木齐、兰州、呼和浩特平均首次响应 4.8 小时，全国为 1.5 小时，"
                                             "是外部基准 1.2 小时的 4 倍（来源：行业基准，2025年3月总结引用）。")
    assert summary.texts("warning")[0].startswith("2025年4月预警：若不采取措施，呼和浩特可能跌破 80")


def test_plan_status_and_promises_later_in_the_year():
    summary = month_summary(dt.date(2025, 9, 1), (), "en")
    plan = summary.texts("plan")
    assert plan[0].startswith("Improvement plan, 14 initiatives: ")
    assert any(text.startswith("Promises kept (2): Lanzhou: dialect complaints −60%") for text in plan)
    assert any(text.startswith("Promises missed (5): ") for text in plan)


@pytest.mark.parametrize(("value", "lang", "text"), [
    (5842, "zh", "5,842"), (9999, "zh", "9,999"), (12345, "zh", "1.2万"), (10000, "zh", "1万"),
    (230_000_000, "zh", "2.3亿"), (12345, "en", "12,345"), (None, "zh", "–")])
def test_large_counts_use_wan_and_yi_in_chinese(value, lang, text):
    assert format_count(value, lang) == text


def test_overview_page_shows_the_summary_as_text():
    from tests.apptest_support import open_page

    app = open_page("app.py", month="2025-03", lang="en")
    assert not app.exception
    shown = " ".join(block.value.replace("\\", "") for block in app.markdown)
    assert "In March 2025 the national satisfaction index was 87.4, up 1.1 on last month." in shown
    assert "Bottom three: Urumqi 83.2, Lanzhou 82.9, Hohhot 82.5" in shown


def test_summary_text_from_the_exports_cannot_become_markup():
    from csat.markup import WORD_JOINER, plain

    hostile = "![x](http://203.0.113.9/a.png) <img src=x> **bold** # heading :red[red] $x$"
    escaped = plain(hostile)
    assert f"\\!\\[x\\]\\(http{WORD_JOINER}\\:" in escaped and "\\<img" in escaped and "\\*\\*bold" in escaped
    assert "\\:red\\[" in escaped and "\\$x\\$" in escaped
    assert escaped.replace("\\", "").replace(WORD_JOINER, "") == hostile  # nothing lost: only escaped (and the
    # address kept from becoming a link by an invisible word joiner)


def test_without_an_external_benchmark_the_pooled_response_is_held_against_the_nation_only(tmp_path):
    # The demo exports without the optional external_benchmarks: the same pooled 4.8 h, no benchmark clause, and
    # no sentence of its own about a benchmark.
    for export in BUNDLED_DEMO_DATA.glob("*.parquet"):
        if export.name != "external_benchmarks.parquet":
            shutil.copy(export, tmp_path / export.name)
    diagnosis = month_summary(MARCH, (), "en", data_dir=tmp_path).texts("diagnosis")
    assert diagnosis[0] == "Urumqi, Lanzhou, Hohhot: average first response 4.8 h, against 1.5 h nationally."
    assert not any("benchmark" in sentence for sentence in diagnosis)
