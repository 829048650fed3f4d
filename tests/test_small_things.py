"""The small things a reader notices (issue 11, part 5), each pinned by a test: tables shown in full, the city
page opening on a sensible city, the page's city picker agreeing with the sidebar, the leaders' section titled
after what it shows, and CSV downloads a spreadsheet user can read in the page's language."""

import codecs
import json
import re

import pandas as pd
import pytest
import streamlit as st

from csat import components, styles
from csat.frame import PAGES
from csat.i18n import Translator
from csat.kpis import KPIS
from csat.spreadsheet import spreadsheet_csv, spreadsheet_frame
from tests.apptest_support import open_every_tab, open_page


@pytest.fixture
def dataframe_heights(monkeypatch) -> list:
    """The `height` of every st.dataframe a page draws (AppTest keeps no element height)."""
    heights = []
    draw = st.dataframe

    def recording(data, *args, **kwargs):
        heights.append(kwargs.get("height", "auto"))
        return draw(data, *args, **kwargs)

    monkeypatch.setattr(st, "dataframe", recording)
    return heights


@pytest.mark.parametrize("path, params", [
    ("app.py", {}),                                   # ranking (32 rows), movers, the moved figures
    ("pages/trends.py", {}),                          # the events (13) and streak tables
    ("pages/city.py", {"city": "WLMQ"}),              # the city's events
], ids=["overview", "trends", "city"])
def test_ranking_and_event_tables_are_drawn_at_their_full_height(dataframe_heights, path, params):
    open_page(path, month="2025-03", lang="en", **params)
    assert dataframe_heights, "the page shows tables"
    assert set(dataframe_heights) == {"content"}, "a table drawn as a scroll box hides its last rows"


def test_city_page_without_a_city_opens_on_the_months_lowest_ranked_city_and_says_why():
    app = open_page("pages/city.py", lang="en", month="2025-03")
    assert app.title[0].value == "Hohhot · city detail, March 2025"  # rank 32 of 32 in March 2025
    assert any("the month's lowest-ranked city" in c.value and "Hohhot" in c.value for c in app.caption)
    assert app.get("vega_lite_chart") and app.selectbox(key="city_pick").value == "HHHT"
    assert "city" not in app.query_params, "the URL keeps no city: the view follows the month"
    picked = app.selectbox(key="city_pick").select("LZ").run()
    assert not picked.exception and picked.query_params["city"] in ("LZ", ["LZ"])
    assert picked.title[0].value == "Lanzhou · city detail, March 2025"


def test_city_page_opens_on_the_first_city_of_the_sidebar_filter():
    app = open_page("pages/city.py", lang="zh", month="2025-03", city=["LZ", "BJ"])
    assert app.title[0].value == "兰州 · 2025年3月城市详情"


def test_city_picker_offers_only_the_sidebars_cities_and_keeps_the_filter():
    app = open_page("pages/city.py", lang="en", month="2025-03", city=["BJ", "LZ", "SH"])
    picker = app.selectbox(key="city_pick")
    assert picker.options == ["Beijing", "Lanzhou", "Shanghai"] and picker.value == "BJ"
    assert any("sidebar's 3 chosen cities" in c.value for c in app.caption)
    app = picker.select("SH").run()
    assert app.query_params["city"] == ["SH", "BJ", "LZ"], "the sidebar keeps its three cities, SH shown first"
    assert app.title[0].value == "Shanghai · city detail, March 2025"
    assert app.multiselect(key="frame_cities").value == ["SH", "BJ", "LZ"]


def test_city_picker_with_one_sidebar_city_replaces_it():
    app = open_page("pages/city.py", lang="en", month="2025-03", city="BJ")
    assert len(app.selectbox(key="city_pick").options) == 32
    app = app.selectbox(key="city_pick").select("LZ").run()
    assert app.query_params["city"] in ("LZ", ["LZ"]) and app.multiselect(key="frame_cities").value == ["LZ"]


def test_plan_area_filter_stays_within_the_sidebars_cities_and_says_so():
    nationwide = open_page("pages/plan.py", lang="en", month="2025-12")
    chosen = open_page("pages/plan.py", lang="en", month="2025-12", city="HHHT")
    area, every_area = chosen.multiselect(key="plan_city"), nationwide.multiselect(key="plan_city")
    assert area.label == "Initiative area" != chosen.multiselect(key="frame_cities").label
    assert set(area.options) == {"Hohhot", "Nationwide"} < set(every_area.options)
    assert area.placeholder == "The sidebar's cities and national" and every_area.placeholder == "All"


@pytest.mark.parametrize(("lang", "title", "caption"), [
    ("en", "The chosen cities against the nation", "What the sidebar's cities (Lanzhou, Hohhot) do"),
    ("zh", "所选城市与全国对比", "侧栏所选城市（兰州、呼和浩特）"),
])
def test_leaders_section_of_a_selection_is_titled_after_the_chosen_cities(lang, title, caption):
    app = open_page("pages/trends.py", lang=lang, month="2025-03", city=["LZ", "HHHT"])
    subheaders = [s.value for s in app.subheader]
    assert title in subheaders and not any("leading cities" in s or "领先城市" in s for s in subheaders)
    assert any(c.value.startswith(caption) for c in app.caption)


def test_leaders_section_by_default_shows_the_leading_cities():
    app = open_page("pages/trends.py", lang="en", month="2025-03")
    assert "What the leading cities do differently" in [s.value for s in app.subheader]
    assert any(c.value.startswith("The month's top five cities") for c in app.caption)


# --- CSV downloads ---------------------------------------------------------------------------------------------------

def ranking_rows() -> pd.DataFrame:
    """A few columns of a city_scores result, at the full precision queries return."""
    return pd.DataFrame({
        "city_code": ["WLMQ", "LZ"], "name_zh": ["乌鲁木齐", "兰州"], "name_en": ["Urumqi", "Lanzhou"],
        "region": ["northwest", "northwest"], "index": [83.20000000000001, 82.94999999999999],
        "index_delta": [-0.04000000000000625, 0.1234], "responses": [103, 98], "promoter_share": [0.41234, 0.5],
        "avg_first_response_hours": [4.6123456789, None], "rank_prev": [30, 31], "ranked": [True, False],
        "month": pd.to_datetime(["2025-03-01", "2025-03-01"]), "slope": [0.123456789, -0.00001]})


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh", "城市代码,城市,大区,满意度指数,满意度指数（环比变化）,调查样本量,推荐者占比（%）,"
           "平均首次响应时长 (小时),排名（上月）,参与排名,月份,斜率\n"
           "WLMQ,乌鲁木齐,西北,83.2,0.0,103,41.2,4.6,30,是,2025-03,0.123\n"
           "LZ,兰州,西北,82.9,0.1,98,50.0,,31,否,2025-03,0.0\n"),
    ("en", "City code,City,Region,Satisfaction index,Satisfaction index (change),Survey responses,Promoter share (%),"
           "Average first response (h),Rank (previous month),Ranked,Month,Slope\n"
           "WLMQ,Urumqi,Northwest,83.2,0.0,103,41.2,4.6,30,yes,2025-03,0.123\n"
           "LZ,Lanzhou,Northwest,82.9,0.1,98,50.0,,31,no,2025-03,0.0\n"),
])
def test_csv_has_headers_in_the_pages_language_names_and_the_pages_rounding(lang, expected):
    data = spreadsheet_csv(ranking_rows(), Translator(lang), {})
    assert data.startswith(codecs.BOM_UTF8), "Excel reads UTF-8 Chinese only with a BOM"
    assert data.decode("utf-8-sig") == expected


def test_csv_adds_city_names_beside_codes_and_neutralises_formulas():
    rows = pd.DataFrame({"city_code": ["BJ", None], "comment": ["=HYPERLINK(\"http://x\")", "+1"],
                         "owner": ["@boss", "-2 seats"], "score": [60.0, 40.0]})
    data = spreadsheet_csv(rows, Translator("zh"), {"BJ": "北京"}).decode("utf-8-sig")
    assert data == ("城市代码,城市,客户原话,负责人,得分\n"
                    "BJ,北京,\"'=HYPERLINK(\"\"http://x\"\")\",'@boss,60.0\n"
                    ",全国,'+1,'-2 seats,40.0\n")


def test_csv_of_a_pages_kpi_value_column_follows_the_kpi():
    trend = pd.DataFrame({"value": [0.41234], "ci_low": [0.40111], "change": [-0.012345]})
    data = spreadsheet_csv(trend, Translator("en"), {}, value_kpi=KPIS["promoter_share"]).decode("utf-8-sig")
    assert data == "Promoter share (%),\"95% interval, low (%)\",Change (pp)\n41.2,40.1,-1.2\n"


@pytest.fixture
def downloads(monkeypatch) -> dict:
    """The frames every CSV download of a page would write, by the download's key."""
    frames = {}

    def recording(frame, file_stem, tr, key, value_kpi=None):
        frames[key] = (frame, tr, value_kpi)

    monkeypatch.setattr(components, "csv_download", recording)
    return frames


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.key)
def test_every_csv_download_has_every_header_translated(downloads, page):
    open_every_tab(page.path, lang="zh", month="2025-12" if page.key == "plan" else "2025-03",
              **({"city": "WLMQ"} if page.key == "city" else {}))
    assert downloads, "the page offers CSV downloads"
    for key, (frame, tr, value_kpi) in downloads.items():
        headers = list(spreadsheet_frame(frame, tr, {}, value_kpi).columns)
        assert [h for h in headers if re.fullmatch(r"[a-z0-9_]+", h)] == [], f"{key}: untranslated headers"


def _charts_with_their_blocks(node, blocks=()):
    """(chart spec, keys of the blocks around it) for every Vega-Lite chart below `node` of an AppTest tree."""
    for child in getattr(node, "children", {}).values():
        if getattr(child, "type", None) == "vega_lite_chart" or type(child).__name__ == "UnknownElement" \
                and hasattr(getattr(child, "proto", None), "spec"):
            yield json.loads(child.proto.spec), blocks
        yield from _charts_with_their_blocks(child, (*blocks, str(getattr(child, "key", None) or "")))


def _is_heat_table(spec: dict) -> bool:
    return any(layer.get("mark", {}).get("type") == "rect" and layer.get("encoding", {}).get("y", {}).get("field")
               == "row" for layer in spec.get("layer", []))


def test_heat_tables_keep_their_width_on_a_phone():
    # Squeezed to 390 px, the technology and capability matrices drew their figures over each other: each sits in
    # a container keyed styles.WIDE_CHART, which the style sheet keeps wide and lets scroll on a phone.
    app = open_page("pages/trends.py", month="2025-03")
    heat_tables = [blocks for spec, blocks in _charts_with_their_blocks(app.main) if _is_heat_table(spec)]
    assert len(heat_tables) == 2
    assert all(any(key.startswith(styles.WIDE_CHART) for key in blocks) for blocks in heat_tables)
    assert f'[class*="st-key-{styles.WIDE_CHART}"]' in styles.STYLE


# --- No import-time side effects --------------------------------------------------------------------------------------

IMPORT_REGISTERS_NOTHING = """
import streamlit.components.v2 as v2
calls = []
v2.component = lambda *args, **kwargs: calls.append(args) or (lambda **kw: None)
import csat.components
assert calls == [], f"importing csat.components registered {calls}"
csat.components._column_width()
csat.components._column_width()
assert [c[0] for c in calls] == ["csat_column_width"], calls
"""


def test_the_width_component_is_registered_on_first_use_not_at_import():
    import subprocess
    import sys

    from queries.settings import REPOSITORY_ROOT

    done = subprocess.run([sys.executable, "-c", IMPORT_REGISTERS_NOTHING], cwd=REPOSITORY_ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


# Code columns of the downloads (csat.codes, and columns naming KPIs): in a Chinese CSV their cells are Chinese words.
RAW_CODE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
# One word of each kind the reader must find, in the download that holds it.
CHINESE_WORDS = {"city_channels_csv": {"channel": "电话"},
                 "causes_verbatims_csv": {"channel": "电话", "low_score_reason": "响应慢"},
                 "causes_mix_csv": {"item": "响应慢", "source": "投诉类别", "scope": "全国"},
                 "causes_diagnosis_csv": {"metric": "人员流失率"},
                 "plan_overview_csv": {"status": "按期达成", "metric": "平均首次响应时长"},
                 "plan_milestones_csv": {"status": "按时完成"}}


def code_columns(frame: pd.DataFrame) -> list[str]:
    from csat.codes import CODE_TEXTS
    from csat.spreadsheet import KPI_NAME_COLUMNS

    return [c for c in frame.columns if c in CODE_TEXTS or c in KPI_NAME_COLUMNS or (c == "item" and "source" in frame)]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.key)
def test_every_csv_download_writes_codes_in_the_pages_language(downloads, page):
    open_every_tab(page.path, lang="zh", month="2025-12" if page.key == "plan" else "2025-03",
              **({"city": "WLMQ"} if page.key == "city" else {}))
    for key, (frame, tr, _) in downloads.items():
        for column in code_columns(frame):
            shown = spreadsheet_frame(frame[[column, *(["source"] if column == "item" else [])]], tr, {})
            cells = [v for v in shown.iloc[:, 0].dropna().unique() if isinstance(v, str)]
            assert [v for v in cells if RAW_CODE.fullmatch(v)] == [], f"{key}: codes in column {column}"
            if (word := CHINESE_WORDS.get(key, {}).get(column)) is not None:
                assert any(word in v for v in cells), f"{key}: {column} lacks {word}: {cells}"
    expected = {key for key in CHINESE_WORDS if key.startswith(page.key)}
    assert expected <= downloads.keys(), "the downloads named above still exist"
    for key in expected:
        assert set(CHINESE_WORDS[key]) <= set(code_columns(downloads[key][0])), f"{key} holds its code columns"


# --- Print: no controls on paper ---------------------------------------------------------------------------------

def test_print_css_hides_every_control_and_nothing_that_reads():
    from csat import styles

    printed = styles.STYLE[styles.STYLE.index("@media print"):]
    hidden = " ".join(rule.split("{")[0] for rule in printed.split("}") if "display: none" in rule)
    for control in ("stSelectbox", "stMultiSelect", "stRadio", "stCheckbox", "stButton", "stDownloadButton",
                    "stButtonGroup", "stPageLink", "stElementToolbar"):
        assert f'[data-testid="{control}"]' in hidden, f"{control} prints"
    for content in ("stVegaLiteChart", "stDeckGlJsonChart", "stTable", "stHeading", "stMarkdown", "stMetric"):
        assert f'"{content}"]' not in hidden, f"{content} would not print"


# --- The map's labels on a phone ---------------------------------------------------------------------------------

def label_boxes_outside(deck: dict, view, width: int, height: int, size: int) -> list[str]:
    """The labels of a satisfaction map's deck (JSON) whose box reaches past the map's edges at its first view."""
    from csat import maps

    labels = next(layer for layer in deck["layers"] if layer["id"] == "labels")["data"]
    centre_x, centre_y = maps.screen_position(view.longitude, view.latitude, view.zoom)
    outside = []
    for label in labels:
        x, y = maps.screen_position(*label["position"], view.zoom)
        left, top, right, bottom = maps._label_box(x, y, label["label"],
                                                   (tuple(label["offset"]), label["anchor"], label["baseline"]), size)
        left, right = left - centre_x + width / 2, right - centre_x + width / 2
        top, bottom = top - centre_y + height / 2, bottom - centre_y + height / 2
        if left < 0 or top < 0 or right > width or bottom > height:
            outside.append(f"{label['label']}: {left:.0f}–{right:.0f} × {top:.0f}–{bottom:.0f} in {width}×{height}")
    return outside


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [300, 340, 358, 380])
def test_phone_map_labels_stay_inside_the_map(lang, width):
    """On a phone (390 px: a 358 px map) "Hangzhou 90.2" ran past the map's east edge: each label of the first view
    now keeps inside the map the browser measured."""
    import datetime as dt
    import json

    import queries
    from csat import maps

    scores = queries.run("city_scores", month=dt.date(2025, 3, 1))
    view, height = maps.first_view(width)
    deck = maps.satisfaction_map(scores, Translator(lang), view=view, label_size=maps.NARROW_LABEL_SIZE,
                                 size=(width, height))
    assert label_boxes_outside(json.loads(deck.to_json()), view, width, height, maps.NARROW_LABEL_SIZE) == []


def test_a_label_at_the_maps_east_edge_runs_inside():
    from csat import maps

    view, height = maps.first_view(358)
    west, _, east, _ = maps.view_bounds(view, 358, height)
    x, y = maps.screen_position(view.longitude, view.latitude, view.zoom)
    lon = view.longitude + (east - 10 - x) / (512 * 2 ** view.zoom) * 360  # 10 px from the edge, at the centre line
    place = maps.place_labels([(lon, view.latitude)], ["Hangzhou 90.2"], zoom=view.zoom, size=12,
                              bounds=maps.view_bounds(view, 358, height))[0]
    assert place[1] == "end", "anchored at its end: the label runs west, into the map"
    unbounded = maps.place_labels([(lon, view.latitude)], ["Hangzhou 90.2"], zoom=view.zoom, size=12)[0]
    assert unbounded == maps.LABEL_PLACES[0], "without a known width the usual place above the point"


def test_a_chart_is_drawn_with_its_validated_spec_without_validating_it_again(monkeypatch):
    # Streamlit's conversion validated every chart against Vega-Lite's schema on every rerun (a third of a page
    # run's CPU): theme.show hands the chart over with the spec's validation off; the spec is the one a validated
    # to_dict gives.
    from csat import theme
    from csat.charts import overview

    chart = overview.satisfaction_legend(70.0, 90.0, "Satisfaction index")
    expected = chart.to_dict()  # validated here, as every builder's spec is in the tests
    to_dict = type(chart).to_dict
    asked = []

    def recorded(self, *args, **options):
        asked.append(options.get("validate", True))
        return to_dict(self, *args, **options)

    monkeypatch.setattr(type(chart), "to_dict", recorded)
    drawn = {}
    monkeypatch.setattr(theme.st, "altair_chart", lambda shown, **options: drawn.update(
        spec=shown.to_dict(), options=options))
    theme.show(chart, height=40)
    assert drawn == {"spec": expected, "options": {"theme": None, "height": 40}}
    assert asked == [False]
    assert "to_dict" not in expected and "to_dict" not in drawn["spec"]  # the override is no property of the spec


def test_the_chosen_cities_theme_shares_stand_in_a_column_clear_of_every_bar_and_the_nations_tick():
    # Printed beside whichever of the bar and the nation's tick reached further, the chosen cities' 6% stood next
    # to the nation's 30% tick and read as the nation's figure.
    from csat.charts import causes

    themes = pd.DataFrame({"theme": ["logistics", "attitude", "speed"], "selected_share": [0.06, 0.25, None],
                           "selected_count": [3, 12, 0], "national_share": [0.30, 0.10, 0.02],
                           "national_count": [300, 100, 20]})
    spec = causes.theme_shares(themes, Translator("en")).to_dict()
    labels = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "text")
    [values] = spec["datasets"].values()  # the layers share one data frame
    label_at = {row["label_at"] for row in values}
    assert len(label_at) == 1 and min(label_at) > 0.30, "one column, right of the longest bar or tick"
    assert labels["mark"]["align"] == "right"
    assert labels["encoding"]["x"]["scale"]["domain"][1] == pytest.approx(min(label_at))
    assert "isValid(datum.share)" in json.dumps(labels["transform"]), "no printed share for a theme with none"
