"""The causes page on the demo data shows the March 2025 review's diagnosis of Urumqi, Lanzhou and Hohhot, the
month's outages and the early warning for the three cities the review warned about, each in its tab; only the open
tab asks its questions; the overview map marks the same cities with a red triangle."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_support import open_page, rendered

REVIEW_WARNED = {"WLMQ", "LZ", "HHHT"}


def open_causes(**params: str | list[str]) -> AppTest:
    return open_page("pages/causes.py", **params)


@pytest.fixture(scope="module")
def causes_march_en() -> AppTest:
    return open_causes(lang="en", month="2025-03")


@pytest.fixture(scope="module")
def march_tab():
    """The March 2025 page in English opened on a tab (by its code), each tab opened once."""
    opened = {}

    def open_tab(tab: str) -> AppTest:
        if tab not in opened:
            opened[tab] = open_causes(lang="en", month="2025-03", section=tab)
        return opened[tab]

    return open_tab


def diagnosis(app: AppTest):
    return app.dataframe[0].value.set_index(app.dataframe[0].value.columns[0])


def test_title_and_the_bottom_three_of_the_month(causes_march_en):
    assert causes_march_en.title[0].value == "Low-satisfaction diagnosis, March 2025"
    scope = rendered(causes_march_en.caption[0].value)  # names escaped: the page shows them as written
    assert "Urumqi (rank 30, 83.2), Lanzhou (rank 31, 82.9), Hohhot (rank 32, 82.5)" in scope


def test_diagnosis_table_shows_the_review_figures(causes_march_en):
    table = diagnosis(causes_march_en)
    assert list(table.columns) == ["Urumqi", "Lanzhou", "Hohhot", "Chosen cities together", "Nationwide", "Best city"]
    assert table.loc["Average first response", "Chosen cities together"] == "4.8 h"  # pooled, review: 4.8 h
    assert (table.loc["Agent seats", "Urumqi"], table.loc["Inquiries per day", "Urumqi"]) == ("20", "1,200")
    assert table.loc["Part-time share", "Lanzhou"] == "50%"
    assert table.loc["First-response rate (within 2 h)", "Lanzhou"] == "54%"  # under 60%
    assert (table.loc["Staff attrition", "Lanzhou"], table.loc["Staff attrition", "Nationwide"]) == ("18%", "8%")
    assert table.loc["Training hours per agent", "Lanzhou"] == "0.0 h"  # no systematic training
    assert table.loc["Dialect coverage", "Hohhot"] == "38%"  # under 40%
    assert table.loc["Dialect coverage", "Urumqi"] == "15%"  # Uyghur-speaking agents: 15% of seats
    assert table.loc["Dialect share of complaints", "Hohhot"] == "32%"
    assert list(table.loc["Intelligent triage", ["Urumqi", "Lanzhou", "Hohhot"]]) == ["0%", "0%", "0%"]
    assert list(table.loc["High-priority ticket share", ["Urumqi", "Lanzhou", "Hohhot"]]) == ["100%"] * 3


def test_diagnosis_cells_are_coloured_by_how_far_off_they_are():
    import queries
    from csat.i18n import Translator
    from csat.tables.causes import diagnosis_table

    focus = queries.run("diagnosed_cities", month="2025-03")
    styled = diagnosis_table(queries.run("diagnosis", month="2025-03", cities=list(focus["city_code"])), focus,
                             Translator("en"))
    styled._compute()
    cells = styled.data.set_index("Figure")
    row, column = list(cells.index), list(styled.data.columns)

    def style(figure: str, city: str) -> str:
        return "".join(value for _, value in styled.ctx.get((row.index(figure), column.index(city)), []))

    assert style("Staff attrition", "Lanzhou") == "rgba(198, 40, 40, 0.5)"  # 18% vs 8%: over 50% worse
    assert style("Staff attrition", "Hohhot") == "rgba(198, 40, 40, 0.32)"  # 11% vs 8%: 20–50% worse
    assert style("Dialect share of complaints", "Lanzhou") == "rgba(33, 102, 172, 0.14)"  # 0% vs 3%: better (blue)
    assert style("Staff attrition", "Nationwide") == "" and style("Agent seats", "Urumqi") == ""


def test_outages_of_march(march_tab):
    outages_tab = march_tab("outages")
    metrics = {m.label: m.value for m in outages_tab.metric}
    assert metrics["Outages"] == "3" and metrics["Lost tickets"] == "237"
    outages = outages_tab.dataframe[-1].value
    assert list(outages["Outage"]) == ["CRM outage (1st)", "CRM outage (2nd)", "CRM outage (3rd)"]
    assert list(outages["Lost tickets"]) == ["96", "63", "78"]


def test_early_warning_for_the_cities_the_review_warned_about(causes_march_en, march_tab):
    assert any("Early warning" in e.value and "Urumqi" in e.value for e in causes_march_en.warning)  # every tab
    warnings = march_tab("warning").dataframe[-1].value
    assert sorted(warnings["City"]) == ["▲ Hohhot", "▲ Lanzhou", "▲ Urumqi"]
    assert all("fell 5 months running" in why for why in warnings["Why warned"])  # October 2024 → March 2025
    assert list(warnings["Actual next month"]) == ["80.3", "80.6", "81.2"]  # April's measured index


def test_mix_shows_the_logistics_surge(march_tab):
    categories = next(d.value for d in march_tab("why").dataframe if "Nation, count" in d.value.columns
                      and "Logistics" in list(d.value["Reason / category"]) and "Product" in list(
                          d.value["Reason / category"]))
    logistics = categories.set_index("Reason / category").loc["Logistics"]
    assert logistics["Nation, count"] == "280 (+80, +40%)"


def test_verbatim_search_filters_the_comments(march_tab):
    app = march_tab("words")
    app.text_input(key="causes_search").input("工单").run()
    assert any(c.value == "Showing 8 of 8 low-score comments, newest first." for c in app.caption)
    app.text_input(key="causes_search").input("").run()


def test_chinese_page_shows_the_same_diagnosis():
    app = open_causes(lang="zh", month="2025-03")
    assert app.title[0].value == "2025年3月低满意度城市问题诊断"
    table = diagnosis(app)
    assert table.loc["平均首次响应时长", "所选城市合计"] == "4.8 小时"
    assert table.loc["方言投诉占比", "呼和浩特"] == "32%"


def test_city_filter_diagnoses_the_chosen_city():
    app = open_causes(lang="en", month="2025-03", city=["HHHT"])
    table = diagnosis(app)
    assert list(table.columns) == ["Hohhot", "Nationwide", "Best city"]
    assert "Diagnosing the chosen cities: Hohhot (rank 32, 82.5)." in rendered(app.caption[0].value)


def test_overview_map_marks_the_warned_cities():
    app = open_page("app.py", lang="en", month="2025-03")
    deck = json.loads(app.get("deck_gl_json_chart")[0].proto.json)
    warnings = next(layer for layer in deck["layers"] if layer["id"] == "warnings")
    assert {point["city_code"] for point in warnings["data"]} == REVIEW_WARNED


def test_the_page_opens_on_the_diagnosis_and_asks_only_what_its_open_tab_shows(monkeypatch):
    import queries

    asked = []
    run = queries.run

    def recording(name, *args, **params):
        asked.append(name)
        return run(name, *args, **params)

    monkeypatch.setattr(queries, "run", recording)
    first = open_causes(lang="en", month="2025-03")
    assert [tab.label for tab in first.tabs] == ["Diagnosis", "Why low", "Drivers", "Verbatims", "Outages",
                                                 "Early warning"]
    assert [s.value for s in first.subheader] == [
        "Diagnosis: seats, response, triage, dialect, training and attrition"]
    page_questions = {"diagnosed_cities", "early_warning", "diagnosis", "kpi_benchmarks", "low_score_causes",
                      "understanding_complaints", "driver_figures", "driver_relationships", "comment_themes",
                      "verbatims", "incident_impact", "city_trend"}
    assert set(asked) & page_questions == {"diagnosed_cities", "early_warning", "diagnosis", "kpi_benchmarks"}
    asked.clear()
    words = open_causes(lang="en", month="2025-03", section="words")
    assert [s.value for s in words.subheader] == ["Customer verbatims"]
    assert set(asked) & page_questions == {"diagnosed_cities", "early_warning", "comment_themes", "verbatims"}


@pytest.mark.parametrize(("lang", "tab", "heading"), [("zh", "outages", "系统故障与二次投诉"),
                                                      ("en", "drivers", "Drivers: how the team's state goes with "
                                                                        "satisfaction"),
                                                      ("en", "no-such-tab", "Diagnosis: seats, response, triage, "
                                                                            "dialect, training and attrition")])
def test_a_link_opens_the_tab_it_names_by_code_in_either_language(lang, tab, heading):
    app = open_causes(lang=lang, month="2025-03", section=tab)
    assert [s.value for s in app.subheader][0] == heading
    assert app.query_params.get("section") == (None if tab == "no-such-tab" else tab)  # a code of no tab: dropped


def test_the_benchmark_times_each_tab_with_the_questions_the_tab_asks(monkeypatch):
    import queries
    from csat.frame import PAGES, TAB_PARAMETER
    from tools import benchmark

    tabbed = [page for page in PAGES if page.tabs]
    assert set(benchmark.PAGES) == {page.key for page in PAGES if page.key != "quality"} | {
        f"{page.key}:{tab}" for page in tabbed for tab in page.tabs[1:]}
    asked = []
    run = queries.run
    monkeypatch.setattr(queries, "run", lambda name, *args, **params: asked.append(name) or run(name, *args, **params))
    sidebar = {name for name, _ in benchmark.SIDEBAR_QUERIES}
    for page in tabbed:
        for position, tab in enumerate(page.tabs):
            asked.clear()
            open_page(page.path, lang="en", month="2025-03", city=["WLMQ", "LZ", "HHHT"], **{TAB_PARAMETER: tab})
            view = page.key if position == 0 else f"{page.key}:{tab}"
            timed = {name for _, name, _ in benchmark.page_queries(view, "2025-03", ["WLMQ", "LZ", "HHHT"])}
            assert timed - sidebar == set(asked) - sidebar, view
