"""Every page runs in Streamlit's AppTest without an exception, in both languages; the overview shows the
March 2025 review's figures in its metrics, tables and map."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from csat import theme
from csat.frame import PAGES, TAB_PARAMETER
from tests.apptest_support import open_page, rendered


def chart_specs(app: AppTest) -> list[dict]:
    """The Vega-Lite specs of every Altair chart the page shows."""
    return [json.loads(chart.proto.spec) for chart in app.get("vega_lite_chart")]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("page", "tab"), [(page, tab) for page in PAGES for tab in page.tabs or (None,)],
                         ids=lambda v: getattr(v, "key", v))
def test_every_page_and_tab_runs_without_exception_and_its_charts_share_the_theme(page, tab, lang):
    app = open_page(page.path, lang=lang, month="2025-12" if page.key == "plan" else "2025-03",
                    **({TAB_PARAMETER: tab} if tab else {}))
    assert not app.exception, [e.message for e in app.exception]
    assert app.title, "every page has a title"
    specs = chart_specs(app)
    # The city page may open on a prompt; the causes page's diagnosis and outages are tables and figures.
    assert specs or page.key == "city" or tab in ("diagnosis", "outages"), "the page draws its charts"
    # One theming rule: every builder finishes its chart with theme.themed (font, axes, no view border).
    assert [spec.get("config", {}).get("font") for spec in specs] == [theme.FONT] * len(specs)


@pytest.fixture(scope="module")
def overview_march_en() -> AppTest:
    return open_page("app.py", lang="en", month="2025-03")


def test_overview_metrics_show_the_review_figures(overview_march_en):
    metrics = {m.label: (m.value, m.delta) for m in overview_march_en.metric}
    assert metrics["Satisfaction index"][0] == "87.4"
    assert metrics["Response speed (30%)"] == ("89.2", "+5.2")
    assert metrics["Resolution efficiency (40%)"] == ("85.7", "-1.3")
    assert metrics["Service attitude (20%)"][0] == "90.5"
    assert metrics["Follow-up (10%)"][0] == "82.4"
    assert metrics["Survey responses"][0] == "5,842"
    assert metrics["Feedback cases"] == ("1,245", "+133 (+12%)")


def test_overview_title_names_the_month(overview_march_en):
    assert overview_march_en.title[0].value == "Customer satisfaction review, March 2025"


def test_overview_ranking_table_lists_leaders_and_laggards(overview_march_en):
    ranking = overview_march_en.dataframe[0].value
    rows = list(zip(ranking["Rank"], ranking["City"], ranking["Satisfaction index"], strict=True))
    assert rows[:5] == [("1", "Beijing", "92.1"), ("2", "Shanghai", "91.5"), ("3", "Shenzhen", "90.8"),
                        ("4", "Hangzhou", "90.2"), ("5", "Guangzhou", "89.7")]
    assert rows[-3:] == [("30", "Urumqi", "83.2"), ("31", "Lanzhou", "82.9"), ("32", "Hohhot", "82.5")]


def test_overview_map_labels_top_five_and_bottom_three(overview_march_en):
    deck = json.loads(overview_march_en.get("deck_gl_json_chart")[0].proto.json)
    labels = next(layer for layer in deck["layers"] if layer["id"] == "labels")
    assert sorted(d["label"] for d in labels["data"]) == sorted([
        "Beijing 92.1", "Shanghai 91.5", "Shenzhen 90.8", "Hangzhou 90.2", "Guangzhou 89.7",
        "Urumqi 83.2", "Lanzhou 82.9", "Hohhot 82.5"])
    assert deck.get("mapProvider") is None  # no basemap tiles: fully offline (the browser test checks requests)
    provinces = next(layer for layer in deck["layers"] if layer["id"] == "provinces")
    assert provinces["data"] == "/app/static/china_provinces.geojson"


def test_overview_drivers_list_march_events_and_outages(overview_march_en):
    texts = " ".join(m.value.replace("\\", "") for m in overview_march_en.markdown)  # titles escaped: plain text
    for expected in ("Intelligent assistant launched nationwide", "Supply-chain delays", "Empathy-service training",
                     "CRM outage (1st) (CRM, 96 tickets lost)"):
        assert expected in texts
    moved = overview_march_en.dataframe[-1].value.set_index("Figure")
    assert moved.loc["Lost tickets", "This month"] == "237"
    assert moved.loc["Logistics complaints", "Change"] == "+80 (+40%)"


def test_overview_chinese_shows_the_same_figures():
    app = open_page("app.py", lang="zh", month="2025-03")
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["满意度指数"] == "87.4" and metrics["服务响应速度 (30%)"] == "89.2"
    assert app.title[0].value == "2025年3月客户满意度月度回顾"


def test_overview_city_filter_aggregates_the_selection():
    app = open_page("app.py", lang="en", month="2025-03", city=["WLMQ", "LZ", "HHHT"])
    assert not app.exception
    ranking = app.dataframe[0].value
    assert list(ranking["City"]) == ["Urumqi", "Lanzhou", "Hohhot"]
    assert app.multiselect(key="frame_cities").value == ["WLMQ", "LZ", "HHHT"]


def test_unknown_month_in_link_falls_back_with_a_note():
    app = open_page("app.py", lang="en", month="2031-01")
    assert not app.exception
    assert any("not in the data" in w.value for w in app.warning)
    assert app.title[0].value == "Customer satisfaction review, December 2025"


def test_broken_data_directory_shows_the_problems_not_a_traceback(tmp_path, monkeypatch):
    from tests.fixture_data import write_fixture

    write_fixture(tmp_path, skip=("tickets",))
    monkeypatch.setenv("CSAT_DATA_DIR", str(tmp_path))
    app = open_page("app.py", lang="en")
    assert not app.exception
    assert app.title[0].value == "The data exports cannot be used"
    problems = app.dataframe[0].value
    assert list(problems["File"]) == ["tickets.parquet"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_broken_new_export_leaves_the_last_good_figures_with_a_banner(lang, tmp_path, monkeypatch):
    from queries import runner
    from tests.fixture_data import write_fixture

    write_fixture(tmp_path)
    monkeypatch.setenv("CSAT_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(runner, "SIGNATURE_TTL_SECONDS", 0.0)
    before = open_page("app.py", lang=lang, month="2025-03")
    (tmp_path / "tickets.parquet").write_bytes(b"PAR1 half a file")  # an export job that died while writing
    app = open_page("app.py", lang=lang, month="2025-03")
    assert not app.exception
    assert app.title[0].value == before.title[0].value  # the review of the version that passed, not an error page
    assert [m.value for m in app.metric] == [m.value for m in before.metric]
    banner = [rendered(w.value) for w in app.warning if "tickets.parquet" in rendered(w.value)]
    expected = "changed exports break the data contract" if lang == "en" else "新的导出文件不符合数据契约"
    assert len(banner) == 1 and expected in banner[0]
    assert app.dataframe[0].value.iloc[0, 0] == "tickets.parquet"  # the details: file, column, rule


def test_an_unexpected_failure_shows_a_message_not_a_traceback(monkeypatch):
    import queries

    real_run = queries.run

    def failing_run(name, *args, **kwargs):
        if name == "city_scores":
            raise RuntimeError("disk on fire")
        return real_run(name, *args, **kwargs)

    monkeypatch.setattr(queries, "run", failing_run)
    app = open_page("app.py", lang="en", month="2025-03")
    assert not app.exception
    assert any("Something went wrong on this page" in e.value for e in app.error)
    assert all("disk on fire" not in e.value for e in app.error)


def test_overview_links_leaders_and_laggards_to_their_city_pages(overview_march_en):
    links = {link.proto.label: link.proto.page for link in overview_march_en.get("page_link")}
    for name in ("Beijing", "Guangzhou", "Urumqi", "Hohhot"):
        assert links[f"{name} →"].endswith("city")


def test_rejected_rows_are_counted_in_the_sidebar_with_details(tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    from tests.fixture_data import SURVEY_RESPONSES, table, write_fixture

    write_fixture(tmp_path)
    speeds = [120.0, *SURVEY_RESPONSES["speed"][1:]]  # r1's speed is out of range
    pq.write_table(table("survey_responses", speed=speeds), tmp_path / "survey_responses.parquet")
    monkeypatch.setenv("CSAT_DATA_DIR", str(tmp_path))
    app = open_page("app.py", lang="en", month="2025-03")
    assert not app.exception
    assert [w.value for w in app.sidebar.warning] == ["Export rows excluded by the contract checks: 1"]
    details = app.sidebar.dataframe[0].value
    assert details.iloc[0].to_dict() == {"Table": "survey_responses", "File": "survey_responses.parquet",
                                         "Rule": "speed outside 0–100", "Column": "speed", "Rows": 1}


@pytest.mark.parametrize("params", [{"month": "2025-04"}, {"month": "2025-02", "city": ["CC"]},
                                    {"month": "2025-03", "city": ["AA"]}],
                         ids=["april", "city-without-data", "one-city"])
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.key)
def test_every_page_copes_with_a_minimal_data_directory(page, params, fixture_dir, monkeypatch):
    """The hand-made fixture has 3 cities, a few rows, no plan and no events: pages must say what is missing,
    never fail (the frame would show a generic error — which this test also rules out)."""
    monkeypatch.setenv("CSAT_DATA_DIR", str(fixture_dir))
    app = open_page(page.path, lang="en", **params)
    assert not app.exception
    assert [e.value for e in app.error] == []


def test_a_month_that_is_no_month_in_link_is_named():
    app = open_page("app.py", lang="en", month="2025-03-99")
    assert [w.value for w in app.warning][:1] == [
        "The link's month `2025-03-99` is not a month (write it as YYYY-MM, e.g. 2025-03); showing the latest month."]
    assert app.title[0].value == "Customer satisfaction review, December 2025"


def test_unknown_city_in_link_is_named_and_the_known_one_kept():
    app = open_page("app.py", lang="zh", month="2025-03", city=["WLMQ", "XX"])
    assert "链接中有未知的城市代码 `XX`，已忽略。" in [w.value for w in app.warning]
    assert app.multiselect(key="frame_cities").value == ["WLMQ"]
