"""The trends page and the city detail page in Streamlit's AppTest on the bundled demo data: for March 2025 the
five leaders show three months in a row in the top five and the bottom three three months at the bottom (as the
review says), the chart marks March 2025 with the plan's targets, the leaders' matrices carry the team figures,
and the city page shows Beijing and Hohhot as they were that month.
"""

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from csat import kpis
from csat.texts import TEXTS
from queries.contract import PRACTICES
from tests import apptest_support

LEADERS = ["Beijing", "Shanghai", "Shenzhen", "Hangzhou", "Guangzhou"]
BOTTOM_THREE = ["Urumqi", "Lanzhou", "Hohhot"]


def open_page(path: str, **params: str | list[str]) -> AppTest:
    app = apptest_support.open_page(path, **params)
    assert not app.exception, [e.message for e in app.exception]
    assert not app.error, [e.value for e in app.error]  # run_page turns a failure into an error message
    return app


def chart_frames(app: AppTest, index: int) -> list:
    """The data sets of the page's `index`-th Altair chart, as DataFrames."""
    chart = app.get("vega_lite_chart")[index]
    return [pa.ipc.open_stream(d.data.data).read_pandas() for d in chart.proto.datasets]


def frame_with(frames: list, column: str):
    return next(f for f in frames if column in f.columns)


@pytest.fixture(scope="module")
def trends_march_en() -> AppTest:
    return open_page("pages/trends.py", lang="en", month="2025-03")


def test_trends_title_and_default_selection(trends_march_en):
    assert trends_march_en.title[0].value == "City trends and leaders, March 2025"
    streaks = trends_march_en.dataframe[-1].value
    assert list(streaks["City"]) == LEADERS + BOTTOM_THREE


def test_streaks_match_the_review(trends_march_en):
    texts = [m.value for m in trends_march_en.markdown]
    assert ("The top five — Beijing, Shanghai, Shenzhen, Hangzhou, Guangzhou — have been in the top five for "
            "**3 months in a row**.") in texts
    assert ("The bottom three — Urumqi, Lanzhou, Hohhot — have been in the bottom three for "
            "**3 months in a row**.") in texts
    streaks = trends_march_en.dataframe[-1].value
    assert list(streaks["Months in top five"]) == ["3"] * 5 + ["0"] * 3
    assert list(streaks["Months in bottom three"]) == ["0"] * 5 + ["3"] * 3
    assert list(streaks["Rank"]) == ["1", "2", "3", "4", "5", "30", "31", "32"]
    assert list(streaks["Satisfaction index"]) == ["92.1", "91.5", "90.8", "90.2", "89.7", "83.2", "82.9", "82.5"]
    assert set(streaks["Year on year"]) == {"–"}  # the demo data starts in April 2024
    # Beijing +1.2 on February, against a noise margin of ±1.2: not beyond the noise.
    beijing = streaks.iloc[0]
    assert (beijing["Change"], beijing["Noise margin (95%)"], beijing["Beyond noise?"]) == \
        ("+1.2", "±1.2", "within noise")


def test_trend_chart_marks_march_with_targets_and_events(trends_march_en):
    frames = chart_frames(trends_march_en, 0)
    marked = frame_with(frames, "x2")
    assert str(marked.iloc[0]["x"])[:10] == "2025-03-01" and marked.iloc[0]["label"] == "March 2025"
    targets = frame_with(frames, "target")
    assert sorted(targets["target"]) == [88.0, 90.0]  # read from the plan's initiatives
    assert "Target 88.0: Hohhot, Lanzhou, Urumqi" in set(targets["label"])
    lines = frame_with(frames, "value_se")
    assert set(lines["series"]) == set(LEADERS + BOTTOM_THREE + ["Nationwide"])
    assert sorted({str(m)[:7] for m in lines["month"]}) == ["2024-10", "2024-11", "2024-12", "2025-01", "2025-02",
                                                             "2025-03"]
    march = lines[lines["month"].astype(str).str.startswith("2025-03")].set_index("series")
    assert march.loc["Beijing", "shown"] == "92.1" and march.loc["Nationwide", "shown"] == "87.4"
    assert bool(march.loc["Nationwide", "significant"])  # +1.1 on February, over 5,842 responses
    events = frame_with(frames, "number")
    assert "CRM outage (1st)" in set(events["title_en"]) and len(events) == 13


def test_leaders_matrices(trends_march_en):
    technology = frame_with(chart_frames(trends_march_en, 1), "score").set_index(["row", "column"])["text"]
    assert technology[("Assistant penetration", "Beijing")] == "68%"
    assert technology[("Assistant penetration", "Nationwide")] == "45%"
    assert technology[("AI emotion recognition", "Beijing")] == "✓ 2024-09"
    assert technology[("Dialect recognition", "Shanghai")] == "✓ 2024-10"
    assert technology[("Offline service stations", "Shenzhen")] == "✓ 2024-11"
    assert technology[("Offline service stations", "Nationwide")] == "1/32 cities"
    capability = frame_with(chart_frames(trends_march_en, 2), "score").set_index(["row", "column"])
    assert capability.loc[("Staff attrition", "Nationwide"), "text"] == "8%"
    assert capability.loc[("Training hours per agent", "Beijing"), "text"] == "17.9 h"
    assert capability.loc[("Senior-certified agents", "Beijing"), "text"] == "18%"
    # Every leader is better than the nation on training, certification and each assessed skill (red cells).
    for row in ("Training hours per agent", "Certified agents", "Emotion management", "Product knowledge",
                "Complex-problem handling", "Communication"):
        assert all(capability.loc[(row, city), "score"] > 0 for city in LEADERS), row
    # The practices list is a static table (the others are the printed copies of the page's grids).
    tables = [apptest_support.rendered_table(table.value) for table in trends_march_en.table]
    effects = {effect for table in tables if "Effect" in table.columns for effect in table["Effect"]}
    assert "complaint handling time −40%" in effects


def test_city_links_carry_the_filters(trends_march_en):
    links = {link.proto.label: link.proto for link in trends_march_en.get("page_link") if link.proto.page == "city"}
    assert links["Hohhot →"].query_string == "lang=en&month=2025-03&city=HHHT"


def test_metric_switch_shows_nps_without_targets():
    app = open_page("pages/trends.py", lang="en", month="2025-03")
    app.selectbox(key="trends_metric").select(kpis.NPS.name).run()
    assert not app.exception and not app.error
    assert app.subheader[0].value == "Net promoter score month by month"
    frames = chart_frames(app, 0)
    assert not any("target" in f.columns for f in frames)
    assert frame_with(frames, "value_se")["value_se"].notna().all()
    app.selectbox(key="trends_metric").select(kpis.AVG_FIRST_RESPONSE.name).run()
    lines = frame_with(chart_frames(app, 0), "value_se")
    assert lines["value_se"].isna().all()  # every ticket counts: no sampling noise
    app.selectbox(key="trends_window").select(0).run()
    assert len({str(m)[:7] for m in frame_with(chart_frames(app, 0), "value_se")["month"]}) == 12  # 2024-04 on
    # the page's own choices live in the URL too, as codes: a link reopens the same chart in either language
    assert app.query_params["trends_metric"] == "avg_first_response_hours"
    assert app.query_params["trends_window"] == "0"


def test_trends_choices_are_read_from_the_url():
    app = open_page("pages/trends.py", lang="zh", month="2025-03", trends_metric="nps", trends_window="12")
    assert not app.exception
    assert app.selectbox(key="trends_metric").value == "nps" and app.selectbox(key="trends_window").value == 12


def test_trends_with_a_city_filter_and_in_chinese():
    app = open_page("pages/trends.py", lang="zh", month="2025-03", city=["HHHT"])
    assert app.title[0].value == "2025年3月城市趋势与领先经验"
    streaks = app.dataframe[-1].value
    assert list(streaks["城市"]) == ["呼和浩特"] and list(streaks["连续后三（月）"]) == ["3"]
    technology = frame_with(chart_frames(app, 1), "score")
    assert set(technology["column"]) == {"呼和浩特", "全国"}


@pytest.mark.parametrize(("city", "name", "index", "rank"), [("BJ", "Beijing", "92.1", "rank 1 of 32"),
                                                             ("HHHT", "Hohhot", "82.5", "rank 32 of 32")])
def test_city_detail(city, name, index, rank):
    app = open_page("pages/city.py", lang="en", month="2025-03", city=[city, "LZ"])
    assert app.title[0].value == f"{name} · city detail, March 2025"
    assert any(rank in c.value for c in app.caption)
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Satisfaction index"] == index
    history = frame_with(chart_frames(app, 0), "series")
    assert {"Satisfaction index", "Response speed", "Follow-up", "National index"} <= set(history["series"])
    ranks = frame_with(chart_frames(app, 1), "ranked_cities")
    assert int(ranks.iloc[-1]["rank"]) == int(rank.split()[1])
    split = frame_with(chart_frames(app, 2), "order")
    assert set(split["series"]) == {"Promoters", "Passives", "Detractors"}
    channels = frame_with(chart_frames(app, 3), "channel_name")
    assert "Phone" in set(channels["channel_name"])


def test_city_detail_in_chinese():
    app = open_page("pages/city.py", lang="zh", month="2025-03", city="HHHT")
    assert app.title[0].value == "呼和浩特 · 2025年3月城市详情"


def test_every_practice_has_a_name_in_both_languages():
    for practice in PRACTICES:
        assert f"trends.practice_{practice}" in TEXTS
