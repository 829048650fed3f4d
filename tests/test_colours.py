"""One colour language (csat/theme.py): good ↔ bad is one scale everywhere, the warning has a hue of its own, a
city without a rank is a hollow ring, the map's scale is fixed across months, and a city keeps one colour in every
chart of a page."""

import json
import tomllib

import pandas as pd
import pytest

from csat import maps, theme
from csat.charts.parts import city_colour_scale
from csat.i18n import Translator
from csat.tables import plan as plan_tables
from csat.tables.causes import shortfall_style
from queries.settings import DEFAULT_SETTINGS, REPOSITORY_ROOT
from tests.apptest_support import open_every_tab, open_page

EN = Translator("en")


def scores(**columns: list) -> pd.DataFrame:
    """A small city_scores-like frame: three cities, all ranked unless told otherwise."""
    frame = pd.DataFrame({
        "city_code": ["AA", "BB", "CC"], "name_zh": ["甲", "乙", "丙"], "name_en": ["Alpha", "Beta", "Gamma"],
        "lon": [116.4, 121.5, 87.6], "lat": [39.9, 31.2, 43.8], "index": [95.0, 80.0, 87.5],
        "index_delta": [0.5, -0.2, None], "index_prev": [94.5, 80.2, None], "rank": [1, 2, 3],
        "rank_change": [0, 1, None],
        "ranked": [True, True, True], "ranked_cities": [3, 3, 3], "responses": [100, 90, 80],
        "in_top": [True, False, False], "in_bottom": [False, True, False],
    })
    for name, values in columns.items():
        frame[name] = values
    return frame


def fills(frame: pd.DataFrame) -> dict[str, list[int]]:
    deck = json.loads(maps.satisfaction_map(frame, EN).to_json())
    cities = next(layer for layer in deck["layers"] if layer["id"] == maps.CITY_LAYER)
    return {point["city_code"]: point for point in cities["data"]}


def test_the_map_scale_is_fixed_by_the_settings_not_by_the_month():
    assert maps.colour_range() == (DEFAULT_SETTINGS.map_scale_low, DEFAULT_SETTINGS.map_scale_high) == (80.0, 95.0)
    narrow = fills(scores())
    # Another month whose range is narrower: the same index keeps the same colour.
    wide = fills(scores(index=[95.0, 80.0, 90.0]))
    assert narrow["AA"]["fill"] == wide["AA"]["fill"] == [*theme.rgb(theme.GOOD_BAD_RAMP[-1]), 235]
    assert narrow["BB"]["fill"] == wide["BB"]["fill"] == [*theme.rgb(theme.GOOD_BAD_RAMP[0]), 235]


def test_high_satisfaction_is_blue_and_low_is_red():
    best, worst = theme.satisfaction_rgb(95, 80, 95), theme.satisfaction_rgb(80, 80, 95)
    assert best[2] > best[0] and worst[0] > worst[2]  # blue end good, red end bad


def test_a_city_without_a_rank_is_a_hollow_grey_ring_not_a_colour_of_the_scale():
    points = fills(scores(ranked=[True, True, False]))
    assert points["CC"]["fill"] == [255, 255, 255, 230]
    assert points["CC"]["line"] == [*theme.rgb(theme.NOT_RANKED), 255]
    ranked_middle = theme.satisfaction_rgb(87.5, 80, 95)
    assert max(ranked_middle) - min(ranked_middle) > 60, "the scale's middle is a colour, not a grey"


def test_the_warning_marker_has_its_own_hue_named_in_the_caption():
    deck = json.loads(maps.satisfaction_map(scores(), EN, warned={"BB"}).to_json())
    warnings = next(layer for layer in deck["layers"] if layer["id"] == "warnings")
    assert warnings["getColor"] == [*theme.rgb(theme.WARNING), 255]
    assert theme.WARNING not in theme.GOOD_BAD_RAMP and theme.WARNING not in theme.SERIES
    assert ":orange[**▲**] early warning" in EN("overview.map_caption")
    config = tomllib.loads((REPOSITORY_ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    assert config["orangeColor"] == theme.WARNING


def test_streamlit_good_and_bad_changes_use_the_theme_colours():
    config = tomllib.loads((REPOSITORY_ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    assert (config["greenColor"], config["redColor"]) == (theme.GOOD, theme.BAD)


@pytest.mark.parametrize(("gap", "hue"), [(0.6, theme.BAD), (0.1, theme.BAD), (-0.1, theme.GOOD)])
def test_the_diagnosis_table_tints_worse_red_and_better_blue(gap, hue):
    assert theme.css_rgba(hue, 0)[:-2] in shortfall_style(gap)


def test_table_tints_follow_the_same_scale():
    assert theme.tint(1.0) == "background-color: rgba({}, {}, {}, 0.75)".format(*theme.rgb(theme.GOOD_BAD_RAMP[-1]))
    assert theme.tint(-1.0) == "background-color: rgba({}, {}, {}, 0.75)".format(*theme.rgb(theme.GOOD_BAD_RAMP[0]))
    assert theme.tint(0.01) == "" and theme.tint(float("nan")) == ""


def test_a_city_keeps_its_colour_when_another_city_has_no_data_in_a_chart():
    page_cities = ["WLMQ", "LZ", "HHHT"]
    all_three = city_colour_scale(page_cities, {"WLMQ": "Urumqi", "LZ": "Lanzhou", "HHHT": "Hohhot"})
    without_lanzhou = city_colour_scale(page_cities, {"WLMQ": "Urumqi", "HHHT": "Hohhot"})
    assert dict(zip(all_three.domain, all_three.range, strict=True))["Hohhot"] == \
        dict(zip(without_lanzhou.domain, without_lanzhou.range, strict=True))["Hohhot"]


def colour_scales(spec: dict) -> list[dict]:
    """Every scale in a chart spec that lists its colours (a `range` list)."""
    found: list[dict] = []

    def visit(node: object) -> None:
        if isinstance(node, dict):
            scale = node.get("scale") if isinstance(node.get("scale"), dict) else None
            if scale and isinstance(scale.get("range"), list):
                found.append(scale)
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(spec)
    return found


def colour_by_city(spec: dict) -> dict[str, str]:
    """Name → colour of every colour scale in a chart spec that names cities."""
    found: dict[str, str] = {}
    for scale in colour_scales(spec):
        if isinstance(scale.get("domain"), list) and len(scale["domain"]) == len(scale["range"]):
            found.update(zip(scale["domain"], scale["range"], strict=True))
    return found


def test_each_city_has_one_colour_in_every_chart_of_the_causes_page():
    specs = [json.loads(chart.proto.spec) for app in open_every_tab("pages/causes.py", lang="en", month="2025-03")
             for chart in app.get("vega_lite_chart")]
    cities = ("Urumqi", "Lanzhou", "Hohhot")
    seen = [{c: colours[c] for c in cities if c in colours} for colours in map(colour_by_city, specs)]
    with_cities = [s for s in seen if len(s) == len(cities)]
    assert len(with_cities) >= 2, "the driver scatter and the warning chart both colour the three cities"
    assert all(s == with_cities[0] for s in with_cities)
    assert len(set(with_cities[0].values())) == len(cities)


# --- Status cells readable, causes in a palette of their own -------------------------------------------------------

def test_contrast_follows_the_wcag_formula():
    assert theme.contrast("#FFFFFF", "#000000") == pytest.approx(21.0)
    assert theme.contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def css(style: str) -> dict[str, str]:
    return dict(part.strip().split(": ", 1) for part in style.split(";") if part.strip())


@pytest.mark.parametrize("status", [*plan_tables.STATUS_COLOURS, *plan_tables.MILESTONE_COLOURS])
def test_every_status_cell_is_readable(status):
    colour = {**plan_tables.STATUS_COLOURS, **plan_tables.MILESTONE_COLOURS}[status]
    style = css(plan_tables.status_style(colour))
    assert style["background-color"] == colour, "the cell keeps its status colour"
    assert theme.contrast(style["color"], style["background-color"]) >= 4.5, f"{status}: its text is hard to read"


def test_the_plan_tables_status_column_is_styled_readably():
    current = pd.DataFrame({"status": list(plan_tables.STATUS_COLOURS)})
    labelled = {EN(f"plan.status.{s}"): c for s, c in plan_tables.STATUS_COLOURS.items()}
    styles = plan_tables._status_colours(pd.Series([EN(f"plan.status.{s}") for s in current["status"]]), labelled)
    for style in styles:
        parts = css(style)
        assert theme.contrast(parts["color"], parts["background-color"]) >= 4.5


def test_causes_have_a_palette_of_their_own():
    assert set(theme.CAUSES).isdisjoint(theme.SERIES), "a colour means a city or a cause, never both"
    assert len(set(theme.CAUSES)) == len(theme.CAUSES)
    reserved = {*theme.GOOD_BAD_RAMP, theme.GOOD, theme.BAD, theme.WARNING, theme.TARGET, theme.NATIONAL,
                theme.SELECTION, theme.NOT_RANKED}
    assert set(theme.CAUSES).isdisjoint(reserved)
    assert all(theme.contrast(c, theme.PAPER) >= 4.5 for c in theme.CAUSES), "white shares printed on the bars"


def chart_colours(spec: dict) -> set[str]:
    """Every colour a chart spec's scales' ranges name."""
    return {c for scale in colour_scales(spec) for c in scale["range"] if isinstance(c, str) and c.startswith("#")}


def test_the_cause_charts_use_the_cause_palette():
    causes = open_page("pages/causes.py", lang="en", month="2025-03", section="why")
    specs = [json.loads(chart.proto.spec) for chart in causes.get("vega_lite_chart")]
    mixes = [s for s in specs if '"item_label"' in json.dumps(s)]
    assert len(mixes) == 2, "the low-score reasons and the complaint categories"
    for spec in mixes:
        assert chart_colours(spec) and chart_colours(spec) <= set(theme.CAUSES)
    city = open_page("pages/city.py", lang="en", month="2025-03", city="WLMQ")
    specs = [json.loads(chart.proto.spec) for chart in city.get("vega_lite_chart")]
    channels = [s for s in specs if '"channel_name"' in json.dumps(s) and "stack" in json.dumps(s)]
    assert channels and all(chart_colours(s) and chart_colours(s) <= set(theme.CAUSES) for s in channels)
    dimensions = [s for s in specs if theme.HIGHLIGHT in chart_colours(s)]  # the city's index and its dimensions
    assert dimensions and all(chart_colours(s) - {theme.HIGHLIGHT, theme.NATIONAL} <= set(theme.CAUSES)
                              for s in dimensions)
