"""The small things a reader notices (issue 11, part 5), each pinned by a test: tables shown in full, the city
page opening on a sensible city, the page's city picker agreeing with the sidebar, the leaders' section titled
after what it shows, and CSV downloads a spreadsheet user can read in the page's language."""

import pytest
import streamlit as st

from tests.apptest_support import open_page


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
