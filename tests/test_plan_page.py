"""The improvement-plan page in Streamlit's AppTest on the bundled demo data, read from its tables and metrics:
as of December 2025 the plan's story (Urumqi's response time achieved on time, Hohhot and Lanzhou late, the
national complaints fast lane missed, …); as of June 2025 the initiatives still under way (on track, at risk).
The page is opened through app.py (`switch_page`), as a browser reaches it. One browser test checks that the
page's own filters live in the URL as codes and survive a change of language.
"""

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_support import open_page


def open_plan(**params: str | list[str]) -> AppTest:
    app = open_page("pages/plan.py", **params)
    assert not app.error, [e.value for e in app.error]   # run_page turns a failure into an error message
    return app


def overview(app: AppTest) -> pd.DataFrame:
    """The plan overview table, indexed by (initiative, city)."""
    table = app.dataframe[0].value
    return table.set_index([table.columns[1], table.columns[2]])


@pytest.fixture(scope="module")
def december_en() -> AppTest:
    return open_plan(lang="en", month="2025-12")


@pytest.fixture(scope="module")
def june_en() -> AppTest:
    return open_plan(lang="en", month="2025-06")


RESPONSE = "Emergency response speed-up"
DIALECT = "Localisation"
SKILLS = "Training rebuild"
INDEX = "Satisfaction back to 88+"


def test_december_statuses_tell_the_plans_story(december_en):
    statuses = overview(december_en)["Status"]
    assert statuses[(RESPONSE, "Urumqi")] == "Achieved"
    assert statuses[(RESPONSE, "Hohhot")] == "Reached late" and statuses[(RESPONSE, "Lanzhou")] == "Reached late"
    assert statuses[("Complaints down nationwide (logistics fast lane)", "Nationwide")] == "Missed"
    assert statuses[(DIALECT, "Hohhot")] == "Achieved" and statuses[(DIALECT, "Lanzhou")] == "Reached late"
    assert statuses[(DIALECT, "Urumqi")] == "Missed"
    assert statuses[(SKILLS, "Urumqi")] == "Achieved" and statuses[(SKILLS, "Hohhot")] == "Achieved"
    assert statuses[(SKILLS, "Lanzhou")] == "Missed"
    assert statuses[(INDEX, "Urumqi")] == "Achieved" and statuses[(INDEX, "Hohhot")] == "Achieved"
    assert statuses[(INDEX, "Lanzhou")] == "Missed"
    assert statuses[("National satisfaction above 90", "Nationwide")] == "Achieved"


def test_december_progress_and_measured_values(december_en):
    table = overview(december_en)
    # Urumqi's response time: 4.6 h → 2.0 h, measured 1.2 h: (1.2 − 4.6) / (2.0 − 4.6) = 131%.
    urumqi = table.loc[(RESPONSE, "Urumqi")]
    assert urumqi["Baseline → target"] == "4.6 h → 2.0 h" and urumqi["Measured"] == "1.2 h"
    assert urumqi["Progress"] == "131%" and urumqi["First reached"] == "2025-06"
    # National complaints: 733 → 147, measured 456: (456 − 733) / (147 − 733) = 47%.
    nation = table.loc[("Complaints down nationwide (logistics fast lane)", "Nationwide")]
    assert (nation["Measured"], nation["Progress"], nation["First reached"]) == ("456", "47%", "–")
    assert nation["Milestones"] == "1/3 done, 1 overdue"
    assert table.loc[(DIALECT, "Urumqi"), "Measured"] == "68%"
    assert table.loc[("National satisfaction above 90", "Nationwide"), "Measured"] == "90.4"
    assert table.loc[("National satisfaction above 90", "Nationwide"), "Milestones"] == "none"


def test_december_counts_and_overdue_milestones(december_en):
    counts = {m.label: m.value for m in december_en.metric}
    assert counts == {"Achieved": "7", "Reached late": "3", "Missed": "4"}
    overdue = december_en.dataframe[1].value
    assert overdue["Milestone"].tolist()[0] == "Direct system link with carriers"
    assert overdue["Days late"].tolist()[0] == "184"
    assert "Community dialect stations" in overdue["Milestone"].tolist()
    assert len(overdue) == 5


def test_december_promises_against_measured_effects(december_en):
    outcomes = december_en.dataframe[2].value.set_index(["Step", "City"])
    assert outcomes.loc[("1", "Nationwide"), "Promise"] == "Short of the promise"
    assert outcomes.loc[("2", "Hohhot"), "Promise"] == "Promise kept"
    assert outcomes.loc[("2", "Hohhot"), "Dialect complaints"] == "6 → 1 (-89%)"
    assert outcomes.loc[("3", "Lanzhou"), "Satisfaction index"] == "83.0 → 86.2 (+3.2)"


def test_december_has_the_five_sections_with_their_charts(december_en):
    assert [h.value for h in december_en.subheader] == [
        "1 Plan overview: targets and measured progress", "2 Milestones: planned and actual",
        "3 Expected against actual", "4 Closed loop: the KPI before and after each initiative",
        "5 Long-term model: three dimensions, one loop"]
    # progress, milestones, promises, satisfaction index, closed loop
    assert len(december_en.get("vega_lite_chart")) == 5
    assert any("How the status is decided" in m.value for m in december_en.markdown)


def test_june_shows_initiatives_under_way(june_en):
    table = overview(june_en)
    statuses = table["Status"]
    assert statuses[(RESPONSE, "Urumqi")] == "Achieved" and statuses[(RESPONSE, "Lanzhou")] == "Missed"
    # Dialect coverage, 15 April → 30 September: 76 of 168 days gone (45%); Hohhot 0.38 → 0.55 is 40% of
    # the way (within 10 points: on track), Urumqi 0.15 → 0.26 only 17% (at risk).
    assert statuses[(DIALECT, "Hohhot")] == "On track" and table.loc[(DIALECT, "Hohhot"), "Progress"] == "40%"
    assert statuses[(DIALECT, "Urumqi")] == "At risk" and table.loc[(DIALECT, "Urumqi"), "Progress"] == "17%"
    assert statuses[(SKILLS, "Lanzhou")] == "On track"
    assert statuses[(INDEX, "Lanzhou")] == "At risk" and table.loc[(INDEX, "Lanzhou"), "Progress"] == "-16%"
    assert statuses[("National satisfaction above 90", "Nationwide")] == "On track"
    counts = {m.label: m.value for m in june_en.metric}
    assert counts == {"Achieved": "1", "Missed": "3", "At risk": "5", "On track": "5"}


def test_filters_from_the_url_narrow_every_section():
    app = open_plan(lang="en", month="2025-12", plan_status=["missed", "late"], plan_step="3",
                    plan_initiative="S3-SKL-LZ")
    assert app.multiselect(key="plan_status").value == ["late", "missed"]
    assert app.multiselect(key="plan_step").value == [3]
    table = overview(app)
    assert list(table.index) == [(SKILLS, "Lanzhou"), (INDEX, "Lanzhou")]
    assert app.selectbox(key="plan_initiative").value == "S3-SKL-LZ"
    assert app.dataframe[1].value["Milestone"].tolist() == ["360-degree assessment live", "Second loop review"]


def test_sidebar_city_filter_keeps_the_national_initiatives():
    app = open_plan(lang="en", month="2025-12", city="LZ")
    cities = set(overview(app).index.get_level_values(1))
    assert cities == {"Lanzhou", "Nationwide"}


def test_chinese_page_shows_the_same_statuses():
    app = open_plan(lang="zh", month="2025-12")
    table = app.dataframe[0].value.set_index(["举措", "城市"])
    assert table.loc[("应急响应提速", "乌鲁木齐"), "状态"] == "按期达成"
    assert table.loc[("全国投诉量压降（物流投诉快速通道）", "全国"), "状态"] == "未达成"
    assert app.title[0].value == "2025年12月改进计划进展"


def test_before_the_plan_starts_everything_is_not_started():
    app = open_plan(lang="en", month="2025-02")
    assert set(overview(app)["Status"]) == {"Not started"}
    assert {m.label: m.value for m in app.metric} == {"Not started": "14"}


def test_exports_without_a_plan_say_so(fixture_dir, monkeypatch):
    monkeypatch.setenv("CSAT_DATA_DIR", str(fixture_dir))
    app = open_plan(lang="en", month="2025-03")
    assert any("no improvement plan" in i.value for i in app.info)
    assert not app.dataframe


@pytest.mark.browser
def test_plan_filters_live_in_the_url_as_codes():
    playwright_api = pytest.importorskip("playwright.sync_api")
    from urllib.parse import parse_qs, urlparse

    from tests.browser_support import CHROMIUM_FLAGS, chromium_path, dashboard_server, error_texts, wait_for_app

    with dashboard_server() as base, playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        page = browser.new_context(viewport={"width": 1440, "height": 2400}).new_page()
        page.goto(f"{base}/plan?month=2025-12&lang=en&plan_status=missed&plan_step=3")
        wait_for_app(page)
        assert error_texts(page) == []
        assert "Step 3 · Lanzhou · Training rebuild" in page.inner_text('[data-testid="stMain"]')
        assert "Step 1 · Urumqi" not in page.inner_text('[data-testid="stMain"]')
        page.get_by_text("中文").click()
        wait_for_app(page)
        page.get_by_role("combobox", name="状态").click()
        page.get_by_role("option", name="延期达成").click()
        wait_for_app(page)
        params = parse_qs(urlparse(page.evaluate("() => location.href")).query)
        assert params["lang"] == ["zh"] and params["plan_step"] == ["3"]
        assert sorted(params["plan_status"]) == ["late", "missed"]
        assert "第3步 · 兰州 · 培训体系重构" in page.inner_text('[data-testid="stMain"]')
        assert error_texts(page) == []
        browser.close()
