"""The national satisfaction map as a picture (Altair, rendered offline): the dashboard's pydeck map for the deck.

Same outlines (static/china_provinces.geojson and the maritime boundary), same colours, the same labels placed
by the same rule as csat/maps.py: a mercator projection fitted to China, one point per city coloured on the good ↔
bad scale (red low → blue high) over the fixed range of `maps.colour_range`, cities without a rank as hollow grey
rings, the top and bottom groups labelled with name and index, warned cities marked with an amber ▲, the chosen
cities outlined; a key names the ▲ and the ring.
"""

import json
import math
from functools import cache

import altair as alt
import pandas as pd

from csat import maps, theme
from csat.i18n import Translator
from queries.settings import REPOSITORY_ROOT

STATIC = REPOSITORY_ROOT / "static"
MARGIN = 12  # pixels kept free around China
WORLD = 512  # deck.gl's world at zoom 0, in pixels: the label placement of csat/maps.py works in these units
# Where a label sits around its point (csat.maps.LABEL_PLACES) in Vega's terms.
ALIGN = {"middle": "center", "start": "left", "end": "right"}
BASELINE = {"bottom": "bottom", "top": "top", "center": "middle"}


OUTLINES = ("china_provinces", "china_dash_line")  # static/NAME.geojson, named datasets of the spec


@cache
def _features(name: str) -> tuple[dict, ...]:
    return tuple(json.loads((STATIC / f"{name}.geojson").read_text(encoding="utf-8"))["features"])


def map_spec(chart: alt.TopLevelMixin) -> dict:
    """The map's Vega-Lite spec with the outlines added. They stay out of the Altair chart, which would copy
    and validate half a megabyte of coordinates at every step; the spec names them (`alt.Data(name=…)`)."""
    with alt.data_transformers.disable_max_rows():
        spec = chart.to_dict()
    spec.setdefault("datasets", {}).update({name: list(_features(name)) for name in OUTLINES})
    return spec


def _coordinates(geometry: object):
    if isinstance(geometry, list) and geometry and isinstance(geometry[0], int | float):
        yield geometry
    elif isinstance(geometry, list):
        for part in geometry:
            yield from _coordinates(part)


@cache
def _china_bounds() -> tuple[float, float, float, float]:
    points = [point for feature in _features("china_provinces")
              for point in _coordinates(feature["geometry"]["coordinates"])]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return min(lons), min(lats), max(lons), max(lats)


def china_bounds() -> tuple[float, float, float, float]:
    """China's outlines' west, south, east and north ends (degrees)."""
    return _china_bounds()


def china_size(zoom: float) -> tuple[float, float]:
    """China's width and height in pixels at `zoom` (csat.maps' web-mercator terms), without margins."""
    west, south, east, north = _china_bounds()
    left, bottom = maps.screen_position(west, south, zoom)
    right, top = maps.screen_position(east, north, zoom)
    return right - left, bottom - top


def fitted_view(width: float, height: float) -> tuple[float, tuple[float, float]]:
    """The zoom (in csat.maps' web-mercator terms) and the centre (lon, lat) that fit China into the picture."""
    west, south, east, north = _china_bounds()
    left, bottom = maps.screen_position(west, south, 0)
    right, top = maps.screen_position(east, north, 0)
    zoom = math.log2(min((width - 2 * MARGIN) / (right - left), (height - 2 * MARGIN) / (bottom - top)))
    centre_y = (top + bottom) / 2 / WORLD  # 0 (north edge of the world) … 1 (south edge)
    centre_lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * centre_y))))
    return zoom, ((west + east) / 2, centre_lat)


def _outlines(projection: alt.Projection) -> list[alt.Chart]:
    provinces = alt.Chart(alt.Data(name="china_provinces")).mark_geoshape(
        fill=theme.LAND, stroke=theme.MARITIME_LINE, strokeWidth=0.6).project(**projection)
    maritime = alt.Chart(alt.Data(name="china_dash_line")).mark_geoshape(
        filled=False, stroke=theme.MARITIME_LINE, strokeWidth=1.5).project(**projection)
    return [provinces, maritime]


def _points(scores: pd.DataFrame, selected: set[str], tr: Translator) -> pd.DataFrame:
    labels = maps.city_labels(scores, tr)
    return pd.DataFrame({
        "lon": scores["lon"], "lat": scores["lat"], "index": scores["index"], "ranked": maps.is_ranked(scores),
        "name": scores[f"name_{tr.lang}"], "label": labels,
        "label_colour": [maps.label_colour(top) for top in scores["in_top"].astype(bool)],
        "size": [math.pi * (9 if label else 6) ** 2 for label in labels],
        "outline": [theme.TEXT if code in selected else "#FFFFFF" for code in scores["city_code"]],
        "outline_width": [3 if code in selected else 1 for code in scores["city_code"]],
    })


def _key(tr: Translator, width: int) -> alt.LayerChart:
    """The marks the colour legend does not explain, top right: the amber ▲ and the hollow ring."""
    rows = pd.DataFrame({"mark": ["▲", "○"], "text": [tr("map.key_warning"), tr("map.key_unranked")],
                         "colour": [theme.WARNING, theme.NOT_RANKED], "y": [14, 36]})
    base = alt.Chart(rows).encode(y=alt.Y("y:Q", scale=None), color=alt.Color("colour:N", scale=None))
    marks = base.mark_text(fontSize=18, fontWeight="bold", align="center").encode(x=alt.value(width - 190),
                                                                                  text="mark:N")
    texts = base.mark_text(fontSize=13, align="left").encode(x=alt.value(width - 176), text="text:N",
                                                             color=alt.value(theme.TEXT))
    return alt.layer(marks, texts)


def satisfaction_map_image(scores: pd.DataFrame, tr: Translator, selected: set[str] = frozenset(),
                           warned: set[str] = frozenset(), width: int = 760, height: int = 600) -> alt.LayerChart:
    """The national map as a static chart of `width` × `height` pixels (a city_scores result for one month);
    render `map_spec(chart)`, which adds the outlines."""
    zoom, centre = fitted_view(width, height)
    projection = {"type": "mercator", "scale": WORLD * 2 ** zoom / (2 * math.pi), "center": list(centre),
                  "translate": [width / 2, height / 2]}
    points = _points(scores, set(selected), tr)
    low, high = maps.colour_range()
    where = {"longitude": "lon:Q", "latitude": "lat:Q"}
    stroke = {"stroke": alt.Stroke("outline:N", scale=None), "strokeWidth": alt.StrokeWidth("outline_width:Q",
                                                                                           scale=None)}
    scored = alt.Chart(points[points["ranked"]]).mark_point(filled=True, opacity=0.95).encode(
        **where, **stroke, size=alt.Size("size:Q", scale=None),
        color=alt.Color("index:Q", scale=theme.satisfaction_scale(low, high),
                        legend=alt.Legend(title=tr("overview.legend", low=f"{low:g}", high=f"{high:g}"),
                                          orient="bottom-left", direction="horizontal", gradientLength=180,
                                          format=".0f", titleLimit=width - 40))).project(**projection)
    layers = [*_outlines(projection), scored]
    unranked = points[~points["ranked"]]
    if not unranked.empty:
        layers.append(alt.Chart(unranked).mark_point(filled=False, color=theme.NOT_RANKED, strokeWidth=2.5).encode(
            **where, size=alt.Size("size:Q", scale=None)).project(**projection))
    marks = points.loc[scores["city_code"].isin(warned).to_numpy()]
    if not marks.empty:
        layers.append(alt.Chart(marks.assign(mark="▲")).mark_text(
            color=theme.WARNING, fontSize=20, fontWeight="bold", dy=maps.WARNING_OFFSET[1])
            .encode(**where, text="mark:N").project(**projection))
    layers.append(_key(tr, width))
    labelled = points[points["label"] != ""].copy()
    places = maps.place_labels(list(zip(labelled["lon"], labelled["lat"], strict=True)), list(labelled["label"]),
                               list(zip(marks["lon"], marks["lat"], strict=True)), zoom=zoom)
    labelled["place"] = [maps.LABEL_PLACES.index(place) for place in places]
    for number, ((dx, dy), anchor, baseline) in enumerate(maps.LABEL_PLACES):
        group = labelled[labelled["place"] == number].drop(columns="place")
        if group.empty:
            continue
        text = {"dx": dx, "dy": dy, "align": ALIGN[anchor], "baseline": BASELINE[baseline],
                "fontSize": maps.LABEL_SIZE, "fontWeight": 600}
        halo = alt.Chart(group).mark_text(**text, stroke="#FFFFFF", strokeWidth=4, strokeJoin="round",
                                          strokeOpacity=0.9)
        label = alt.Chart(group).mark_text(**text)
        layers += [halo.encode(**where, text="label:N").project(**projection),
                   label.encode(**where, text="label:N", color=alt.Color("label_colour:N", scale=None))
                   .project(**projection)]
    chart = alt.layer(*layers).resolve_scale(color="independent").properties(width=width, height=height)
    return theme.themed(chart)
