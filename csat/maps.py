"""Map builders: pydeck decks drawn fully offline.

No basemap (map_provider=None and no map_style, so no tile is ever fetched); China's province outlines and
the maritime boundary come from `static/` (served by Streamlit's static serving, see config.toml), built by
tools/build_china_map.py from data that follow China's official boundaries.
"""

import math

import pandas as pd
import pydeck as pdk

from csat import theme
from csat.i18n import Translator
from csat.kpis import INDEX, format_count
from csat.markup import bare
from queries.settings import DEFAULT_SETTINGS, Settings

PROVINCES_URL = "/app/static/china_provinces.geojson"
MARITIME_URL = "/app/static/china_dash_line.geojson"
CITY_LAYER = "cities"
CHINA_VIEW = pdk.ViewState(latitude=34.5, longitude=104.5, zoom=3.0, min_zoom=2, max_zoom=8, pitch=0, bearing=0)
MAP_HEIGHT = 560  # the overview map's height where CHINA_VIEW fits; a narrower map is as tall as China needs
NARROW_LABEL_SIZE = 12
LABEL_FONT = "'Noto Sans CJK SC, Source Han Sans SC, sans-serif'"  # quoted: pydeck evaluates strings as JS
LABEL_SIZE = 14
# Where a label may sit around its point, in order of preference: (x, y) pixel offset, text anchor, baseline. The
# last four, above or below and running to one side only, keep a label near the map's east or west edge inside.
LABEL_PLACES = (((0, -12), "middle", "bottom"), ((0, 12), "middle", "top"), ((12, 0), "start", "center"),
                ((-12, 0), "end", "center"), ((8, -12), "end", "bottom"), ((8, 12), "end", "top"),
                ((-8, -12), "start", "bottom"), ((-8, 12), "start", "top"))
LABEL_MARGIN = 4  # pixels a label keeps from the map's edges


def screen_position(lon: float, lat: float, zoom: float = CHINA_VIEW.zoom) -> tuple[float, float]:
    """Web-Mercator pixel position at the initial zoom (deck.gl's 512-pixel world)."""
    scale = 512 * 2 ** zoom
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return (lon + 180) / 360 * scale, (1 - y / math.pi) / 2 * scale


def _label_box(x: float, y: float, text: str, place: tuple, size: float = LABEL_SIZE) -> tuple[float, float, float,
                                                                                              float]:
    width = sum(size if ord(ch) > 0x2E80 else size * 0.6 for ch in text) + 8
    height = size + 6
    (dx, dy), anchor, baseline = place
    left = {"middle": x + dx - width / 2, "start": x + dx, "end": x + dx - width}[anchor]
    top = {"bottom": y + dy - height, "top": y + dy, "center": y + dy - height / 2}[baseline]
    return left, top, left + width, top + height


def _overlap(a: tuple, b: tuple) -> float:
    """The area two boxes share (0 when they do not touch)."""
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


WARNING_OFFSET = (0, 16)  # the ▲ sits just below its city


def _warning_box(lon: float, lat: float, zoom: float) -> tuple[float, float, float, float]:
    x, y = screen_position(lon, lat, zoom)
    return x - 8, y + WARNING_OFFSET[1] - 10, x + 8, y + WARNING_OFFSET[1] + 10


def _outside(box: tuple, bounds: tuple | None) -> float:
    """How much of a box lies outside `bounds` (left, top, right, bottom), in pixels past the edges."""
    if bounds is None:
        return 0.0
    return (max(0.0, bounds[0] - box[0]) + max(0.0, box[2] - bounds[2]) + max(0.0, bounds[1] - box[1])
            + max(0.0, box[3] - bounds[3]))


def view_bounds(view: pdk.ViewState, width: float, height: float) -> tuple[float, float, float, float]:
    """The box a map `width` × `height` pixels shows of the world at its view (screen_position's pixels), less
    LABEL_MARGIN on every side: where a label may sit."""
    x, y = screen_position(view.longitude, view.latitude, view.zoom)
    return (x - width / 2 + LABEL_MARGIN, y - height / 2 + LABEL_MARGIN, x + width / 2 - LABEL_MARGIN,
            y + height / 2 - LABEL_MARGIN)


def place_labels(positions: list[tuple[float, float]], texts: list[str],
                 reserved: list[tuple[float, float]] = (), zoom: float = CHINA_VIEW.zoom,
                 size: float = LABEL_SIZE, bounds: tuple[float, float, float, float] | None = None) -> list[tuple]:
    """Greedy label placement: each label (in the given order) takes the first place around its point that stays
    inside the map (`bounds`, see `view_bounds`; None: not known) and overlaps no label placed before it and no
    warning mark (at `reserved` positions) — so neighbours such as Guangzhou and Shenzhen stay readable, and a city
    near the edge of a phone's map is labelled towards the inside; where every place overlaps, the one that
    overlaps least. `zoom`: the map's scale (the dashboard's initial view by default); `size`: the labels' type
    size in pixels."""
    placed_boxes, places = [_warning_box(lon, lat, zoom) for lon, lat in reserved], []
    for (lon, lat), text in zip(positions, texts, strict=True):
        x, y = screen_position(lon, lat, zoom)
        boxes = {place: _label_box(x, y, text, place, size) for place in LABEL_PLACES}
        chosen = min(LABEL_PLACES, key=lambda place: (_outside(boxes[place], bounds),  # min keeps the first of ties
                                                      sum(_overlap(boxes[place], box) for box in placed_boxes)))
        placed_boxes.append(_label_box(x, y, text, chosen, size))
        places.append(chosen)
    return places


FIT_SPARE = 4  # pixels kept free at China's west and east ends


def full_view_width() -> int:
    """The narrowest map (in pixels) whose CHINA_VIEW shows China from Kashgar to the east coast."""
    from csat.charts.map_image import china_bounds  # map_image builds on this module: import when used

    west, _, east, _ = china_bounds()
    half = max(CHINA_VIEW.longitude - west, east - CHINA_VIEW.longitude) / 360 * 512 * 2 ** CHINA_VIEW.zoom
    return math.ceil(2 * (half + FIT_SPARE))


def first_view(width: int | None) -> tuple[pdk.ViewState, int]:
    """The map's first view and height for a map `width` pixels wide (None: not measured yet).

    deck.gl's initial view is fixed when the deck is built, while how much of China it shows depends on the
    canvas's width, which only the browser knows (csat.components.map_width measures it). Where CHINA_VIEW
    shows China from Kashgar to the east coast (laptops and wider), that view; on a narrower map (phones) the
    zoom that fits China's width, and a map as tall as China at that zoom (down to the South China Sea islands),
    at most MAP_HEIGHT — where China is taller than that, the laptop's framing, centred like CHINA_VIEW."""
    if width is None or width >= full_view_width():
        return CHINA_VIEW, MAP_HEIGHT
    from csat.charts.map_image import MARGIN, china_size, fitted_view

    zoom, (lon, lat) = fitted_view(width, math.inf)
    needed = math.ceil(china_size(zoom)[1] + 2 * MARGIN)
    if needed > MAP_HEIGHT:
        lon, lat = CHINA_VIEW.longitude, CHINA_VIEW.latitude
    view = pdk.ViewState(latitude=lat, longitude=lon, zoom=zoom, min_zoom=1, max_zoom=8, pitch=0, bearing=0)
    return view, min(MAP_HEIGHT, needed)


def _rgb(colour: str, alpha: int = 255) -> list[int]:
    return [*theme.rgb(colour), alpha]


def colour_range(settings: Settings = DEFAULT_SETTINGS) -> tuple[float, float]:
    """The map's colour scale for the index, worst to best: fixed by the settings, the same every month."""
    return settings.map_scale_low, settings.map_scale_high


def is_ranked(scores: pd.DataFrame) -> pd.Series:
    """Which cities of a city_scores result are ranked (enough responses) and have an index to colour."""
    return scores["ranked"].fillna(False).astype(bool) & scores["index"].notna()


def _city_points(scores: pd.DataFrame, selected: set[str], warned: set[str], tr: Translator) -> pd.DataFrame:
    low, high = colour_range()
    ranked = is_ranked(scores)
    ranked_count = int(scores["ranked_cities"].max()) if len(scores) else 0
    points = pd.DataFrame({
        "city_code": scores["city_code"],
        # The tooltip's name. The tooltip is an HTML template, but Streamlit's map (1.67) HTML-escapes every field it
        # fills in (tests/test_text_browser.py hovers a city named with a tag and checks): escaped here as well, a
        # name would show its entities ("&lt;").
        "name": [bare(name) for name in scores[f"name_{tr.lang}"]],
        "position": [[lon, lat] for lon, lat in zip(scores["lon"], scores["lat"], strict=True)],
        # A ranked city is a filled point on the good ↔ bad scale; one without a rank a hollow grey ring.
        "fill": [theme.satisfaction_rgb(v, low, high) + [235] if ok else _rgb("#FFFFFF", 230)
                 for v, ok in zip(scores["index"], ranked, strict=True)],
        "line": [_rgb(theme.TEXT) if code in selected else _rgb("#FFFFFF") if ok else _rgb(theme.NOT_RANKED)
                 for code, ok in zip(scores["city_code"], ranked, strict=True)],
        "line_width": [3 if code in selected else 1 if ok else 2.5
                       for code, ok in zip(scores["city_code"], ranked, strict=True)],
        "index_text": [INDEX.format_value(v) for v in scores["index"]],
        "change_text": INDEX.format_deltas(scores),
        "rank_text": [tr("map.rank_of", rank=int(r), count=ranked_count) if ok else tr("map.unranked")
                      for r, ok in zip(scores["rank"], ranked, strict=True)],
        "rank_change_text": [_rank_change_text(v, tr) for v in scores["rank_change"]],
        "responses_text": [format_count(v, tr.lang) for v in scores["responses"]],
        "warning_text": [tr("map.warning") if code in warned else "" for code in scores["city_code"]],
    })
    points["label"] = city_labels(scores, tr)
    points["label_colour"] = [_rgb(label_colour(top)) for top in scores["in_top"].astype(bool)]
    points["radius"] = [9 if label else 6 for label in points["label"]]
    return points


def city_labels(scores: pd.DataFrame, tr: Translator) -> list[str]:
    """"北京 92.1" for the cities of the top and bottom groups (the labels the maps show), "" for the others; the
    names as written, without bidirectional controls (csat.markup)."""
    labelled = scores["in_top"].astype(bool) | scores["in_bottom"].astype(bool)
    return [f"{bare(name)} {INDEX.format_value(value)}" if shown else ""
            for name, value, shown in zip(scores[f"name_{tr.lang}"], scores["index"], labelled, strict=True)]


def label_colour(in_top: bool) -> str:
    """A label's colour: good (blue) for the top group, bad (red) for the bottom group."""
    return theme.GOOD if in_top else theme.BAD


def _rank_change_text(change: object, tr: Translator) -> str:
    if pd.isna(change):
        return "–"
    change = int(change)
    if change > 0:
        return tr("map.rank_up", places=change)
    if change < 0:
        return tr("map.rank_down", places=-change)
    return tr("map.rank_same")


def satisfaction_map(scores: pd.DataFrame, tr: Translator, selected: set[str] = frozenset(),
                     warned: set[str] = frozenset(), view: pdk.ViewState = CHINA_VIEW,
                     label_size: int = LABEL_SIZE, size: tuple[int, int] | None = None) -> pdk.Deck:
    """The national satisfaction map: province outlines, one point per city coloured on the good ↔ bad scale
    (red low → blue high, fixed range: `colour_range`), cities without a rank as hollow grey rings, the top and
    bottom groups labelled with name and index, a tooltip per city, warned cities marked with an amber ▲.

    `scores` is the result of the city_scores query for one month (all cities); `view` and `label_size` let
    presentation mode show it closer and with type readable from the back of a room; `size`, the map's (width,
    height) in pixels where known (a phone's, measured), keeps every label inside the map.
    """
    points = _city_points(scores, set(selected), set(warned), tr)
    labelled = points[points["label"] != ""].copy()
    warnings = points[points["warning_text"] != ""].assign(mark="▲")
    places = place_labels(list(labelled["position"]), list(labelled["label"]), list(warnings["position"]),
                          zoom=view.zoom, size=label_size, bounds=view_bounds(view, *size) if size else None)
    labelled["offset"] = [list(place[0]) for place in places]
    labelled["anchor"] = [place[1] for place in places]
    labelled["baseline"] = [place[2] for place in places]
    layers = [
        pdk.Layer("GeoJsonLayer", id="provinces", data=PROVINCES_URL, stroked=True, filled=True,
                  get_fill_color=_rgb(theme.LAND), get_line_color=_rgb(theme.BORDER), line_width_min_pixels=1),
        pdk.Layer("GeoJsonLayer", id="maritime-boundary", data=MARITIME_URL, stroked=True, filled=False,
                  get_line_color=_rgb(theme.MARITIME_LINE), line_width_min_pixels=1.5),
        pdk.Layer("ScatterplotLayer", id=CITY_LAYER, data=points, get_position="position", get_fill_color="fill",
                  get_line_color="line", get_line_width="line_width", line_width_units="'pixels'",
                  get_radius="radius", radius_units="'pixels'", stroked=True, pickable=True, auto_highlight=True),
        pdk.Layer("TextLayer", id="warnings", data=warnings, get_position="position", get_text="mark",
                  get_size=20, get_color=_rgb(theme.WARNING), get_pixel_offset=list(WARNING_OFFSET),
                  character_set="'auto'", font_family=LABEL_FONT, font_weight=700),
        pdk.Layer("TextLayer", id="labels", data=labelled, get_position="position", get_text="label",
                  get_size=label_size, get_color="label_colour", get_pixel_offset="offset", get_text_anchor="anchor",
                  get_alignment_baseline="baseline", character_set="'auto'",
                  font_family=LABEL_FONT, font_weight=600, background=True,
                  get_background_color=[255, 255, 255, 215], background_padding=[4, 2]),
    ]
    tooltip = {
        "html": ("<b>{name}</b><br/>"
                 f"{tr('map.tip_index')}: <b>{{index_text}}</b> ({tr('map.tip_change')} {{change_text}})<br/>"
                 f"{tr('map.tip_rank')}: {{rank_text}} · {{rank_change_text}}<br/>"
                 f"{tr('map.tip_responses')}: {{responses_text}}<br/>"
                 f"<span style='color:{theme.WARNING}'>{{warning_text}}</span>"),
        "style": {"backgroundColor": "#FFFFFF", "color": theme.TEXT, "fontSize": "13px",
                  "fontFamily": theme.FONT, "border": f"1px solid {theme.GRID}"},
    }
    return pdk.Deck(layers=layers, initial_view_state=view, map_provider=None, tooltip=tooltip)


def picked_city(selection_state: object) -> str | None:
    """The city code a click on the map picked, from the chart's selection state (None if nothing)."""
    try:
        objects = selection_state["selection"]["objects"].get(CITY_LAYER, [])
    except (KeyError, TypeError, AttributeError):
        return None
    return objects[0]["city_code"] if objects else None
