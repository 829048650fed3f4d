"""Presentation mode: the monthly review (review/slides.py) one slide per screen, for the meeting room.

Any page's URL with `present=1` shows it instead of the page (csat/frame.py decides), on the slide `slide=N`
(1-based, clamped), for the usual filters (`month`, `city`, `lang`): a link opens on the same slide and a
reload keeps it. The keys a presentation clicker sends move between slides — Page Down, →, ↓ and Space go
forward, Page Up, ← and ↑ back, Home and End to the ends — through buttons bound to those keys (Streamlit
binds one key per button: ◀ and ▶ are visible, the others are kept out of sight but stay in the page so
their keys still fire). "✕ Exit" removes `present` and `slide` and so returns to the same page and view.

Layout only: the Review holds the figures as text and the charts built; the text comes from
csat/texts/presentation.py. Sized for a 1920×1080 projector read from the back of the room.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING

import altair as alt
import pydeck as pdk
import streamlit as st

import queries
from csat import maps, theme
from csat.i18n import Translator
from csat.markup import bare, plain, plain_table
from queries.access import Viewer, current_viewer, viewing_as
from queries.runner import current_signature
from review.slides import Figure, Review, Slide, build_review

if TYPE_CHECKING:  # the frame imports this module
    from csat.frame import Filters

PRESENT_PARAM = "present"
SLIDE_PARAM = "slide"
# Streamlit shortcut names of the keys that move forward and back (the first of each is the visible button's).
NEXT_KEYS = ("pagedown", "right", "down", "space")
PREVIOUS_KEYS = ("pageup", "left", "up")
# Figure tone → st.metric's delta colour: a bad rise shows red, a good fall green (the arrow follows the sign).
TONE_COLOURS = {"good": "green", "bad": "red", "neutral": "gray"}
MAP_HEIGHT = 800
MAP_LABEL_SIZE = 20
MAP_VIEW = pdk.ViewState(latitude=maps.CHINA_VIEW.latitude, longitude=maps.CHINA_VIEW.longitude, zoom=3.25,
                         min_zoom=2, max_zoom=8, pitch=0, bearing=0)
CHART_HEIGHT = 680            # a slide's chart on its own …
CHART_HEIGHT_WITH_FIGURES = 470  # … and below a row of figures
CHART_FONT = 22
CARDS_PER_ROW = 5
LARGE_CARD_HEIGHT = 300
DENSE_BULLETS = 6  # more sentences than this: two columns of smaller type

STYLE = f"""
<style>
/* No Streamlit chrome and no sidebar: the slide has the whole screen. */
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stMainMenu"],
[data-testid="stAppDeployButton"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stSidebarCollapseButton"], footer {{ display: none !important; }}
[data-testid="stMainBlockContainer"] {{ max-width: none; padding: 1.6rem 3rem 4.5rem 3rem; }}
.st-key-present_slide h1 {{ font-size: 48px; line-height: 1.2; padding: 0 0 0.4rem 0; }}
.st-key-present_slide [data-testid="stMetricLabel"] p {{ font-size: 26px; }}
/* A long label ("National satisfaction index") wraps instead of being cut off with an ellipsis. */
.st-key-present_slide [data-testid="stMetricLabel"], .st-key-present_slide [data-testid="stMetricLabel"] * {{
    white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }}
.st-key-present_slide [data-testid="stMetricValue"] {{ font-size: 64px; line-height: 1.15; }}
.st-key-present_slide [data-testid="stMetricDelta"] {{ font-size: 26px; }}
.st-key-present_slide [data-testid="stMetricDelta"] svg {{ width: 26px; height: 26px; }}
.st-key-present_cards_large [data-testid="stMetric"] {{ justify-content: center; padding: 1.5rem 2rem; }}
.st-key-present_cards_large [data-testid="stMetricLabel"] p {{ font-size: 30px; line-height: 1.2; }}
.st-key-present_cards_large [data-testid="stMetricValue"] {{ font-size: 88px; }}
.st-key-present_cards_large [data-testid="stMetricDelta"] {{ font-size: 32px; }}
.st-key-present_cards_large [data-testid="stMetricDelta"] svg {{ width: 32px; height: 32px; }}
.st-key-present_slide [data-testid="stText"] {{ font-size: 28px; line-height: 1.45; font-family: {theme.FONT}; }}
.st-key-present_dense_left [data-testid="stText"], .st-key-present_dense_right [data-testid="stText"] {{
    font-size: 24px; line-height: 1.4; }}
.st-key-present_slide [data-testid="stTable"] th, .st-key-present_slide [data-testid="stTable"] td {{
    font-size: 26px; padding: 0.45rem 0.9rem; }}
/* The navigation bar stays at the bottom of the screen whatever the slide holds. */
.st-key-present_nav {{ position: fixed; left: 0; right: 0; bottom: 0; z-index: 1000; background: #FFFFFF;
    padding: 0.5rem 3rem; border-top: 1px solid {theme.GRID}; }}
.st-key-present_nav [data-testid="stText"] {{ font-size: 20px; color: {theme.MUTED}; }}
.st-key-present_nav .st-key-present_counter [data-testid="stText"] {{ font-size: 24px; color: {theme.TEXT};
    font-weight: 600; }}
/* On a phone the bar's columns stack: it follows the slide instead of covering half the screen. */
@media (max-width: 640px) {{ .st-key-present_nav {{ position: static; padding: 0.5rem 0; }} }}
/* The other keys' buttons: out of sight, yet rendered (display:none would unbind their shortcuts). */
.st-key-present_keys {{ position: fixed; left: 0; top: 0; width: 1px; height: 1px; overflow: hidden;
    opacity: 0; pointer-events: none; }}
</style>
"""


# Folded away but laid out at its full size, so that showing it again does not resize (redraw) the map.
HIDDEN_MAP = ("<style>.st-key-present_map { height: 0 !important; min-height: 0 !important; max-height: 0 !important; "
              "flex: 0 0 0 !important; overflow: hidden; visibility: hidden; margin-bottom: -1rem; }</style>")


def requested() -> bool:
    """Whether the URL asks for presentation mode."""
    return st.query_params.get(PRESENT_PARAM) == "1"


def start() -> None:
    """Callback of the sidebar's present button: the same view, as slides, from the first."""
    st.query_params[PRESENT_PARAM] = "1"
    st.query_params[SLIDE_PARAM] = "1"


def _exit() -> None:
    for key in (PRESENT_PARAM, SLIDE_PARAM):
        if key in st.query_params:
            del st.query_params[key]


def slide_number(value: object, count: int) -> int:
    """The URL's slide (1-based) as a valid slide number: garbage → 1, out of range → the nearest end."""
    try:
        number = int(str(value))
    except ValueError:
        number = 1
    return min(max(number, 1), max(count, 1))


def _go_to(number: int, count: int) -> None:
    st.query_params[SLIDE_PARAM] = str(slide_number(number, count))


def _go(step: int, count: int) -> None:
    _go_to(slide_number(st.query_params.get(SLIDE_PARAM), count) + step, count)


@st.cache_resource(max_entries=64, show_spinner=False)
def _cached_review(month: dt.date, cities: tuple[str, ...], lang: str, data_state: tuple, viewer: Viewer) -> Review:
    with viewing_as(viewer):
        return build_review(month, cities, lang)


def current_review(filters: Filters) -> Review:
    """The review of the filters' view as its viewer may see it, built once per view, viewer and export state (a
    slide change only draws; sessions share it — never across viewers, whose reviews differ)."""
    return _cached_review(filters.month, filters.cities, filters.lang, current_signature(queries.data_directory()),
                          current_viewer())


def deck_download(filters: Filters, tr: Translator, key: str) -> None:
    """The deck export's download block (csat/export.py), where that module is installed."""
    try:
        from csat.export import deck_download as block
    except ModuleNotFoundError as error:
        if error.name != "csat.export":
            raise
        return
    block(filters, tr, key=key)


def _projected(chart: alt.TopLevelMixin, height: int) -> alt.TopLevelMixin:
    """A copy of a review chart with type large enough for the room (the Review's own chart is unchanged)."""
    config = chart.config.to_dict() if chart.config is not alt.Undefined else {}
    sizes = {"labelFontSize": CHART_FONT, "titleFontSize": CHART_FONT}
    shown = (chart.configure_axis(**{**config.get("axis", {}), **sizes, "labelLimit": 400})
             .configure_legend(**{**config.get("legend", {}), **sizes, "labelLimit": 400, "symbolSize": 200})
             .configure_title(**{**config.get("title", {}), "fontSize": CHART_FONT + 4}))
    if isinstance(chart.height, int | float):  # fixed-height charts grow; row-stepped ones keep their rows
        shown = shown.properties(height=height)
    return shown


def _figures(figures: tuple[Figure, ...], large: bool = False) -> None:
    """Metric cards, at most CARDS_PER_ROW a row; `large`: the slide has nothing else, so the cards fill it."""
    per_row = len(figures) if len(figures) <= CARDS_PER_ROW else math.ceil(len(figures) / 2)
    with st.container(key="present_cards_large" if large else "present_cards", gap="large" if large else "small"):
        for first in range(0, len(figures), per_row):
            row = figures[first:first + per_row]
            for column, shown in zip(st.columns(max(per_row, 4)), row, strict=False):  # a lone card stays card-sized
                column.metric(shown.label, shown.value, shown.delta, delta_color=TONE_COLOURS[shown.tone],
                              border=True, height=LARGE_CARD_HEIGHT if large else "content")


def _visual(slide: Slide) -> None:
    height = CHART_HEIGHT_WITH_FIGURES if slide.figures else CHART_HEIGHT
    for chart in slide.charts:
        theme.show(_projected(chart, height), width="stretch")
    if slide.table is not None:
        st.table(plain_table(slide.table), border="horizontal")


def _bullet_list(bullets: tuple[str, ...], key: str) -> None:
    with st.container(key=key):
        for bullet in bullets:
            st.text(f"• {bare(bullet)}", width="stretch")  # plain text, never Markdown


def _bullets(bullets: tuple[str, ...]) -> None:
    """The slide's sentences; a long list (the conclusions) in two columns of smaller type."""
    if len(bullets) <= DENSE_BULLETS:
        _bullet_list(bullets, "present_bullets")
        return
    lengths = [len(bullet) for bullet in bullets]
    middle = next(i for i in range(1, len(bullets)) if sum(lengths[:i]) >= sum(lengths) / 2 or i == len(bullets) - 1)
    left, right = st.columns(2, gap="large")
    with left:
        _bullet_list(bullets[:middle], "present_dense_left")
    with right:
        _bullet_list(bullets[middle:], "present_dense_right")


def _map(review: Review, slide: Slide, tr: Translator) -> None:
    """The review's map beside the map slide's bullets, drawn at the same place on every slide and folded away
    (HIDDEN_MAP) where the slide has none: so the browser keeps one map instead of building a new one (outlines,
    labels) on every visit of the map slide."""
    shown = next((s for s in review.slides if s.map is not None), None)
    with st.container(key="present_map"):
        if shown is None:
            return
        map_column, bullet_column = st.columns([3, 2], gap="large")
        deck = maps.satisfaction_map(shown.map.scores, tr, selected=shown.map.selected, warned=shown.map.warned,
                                     view=MAP_VIEW, label_size=MAP_LABEL_SIZE)  # closer and larger for the room
        map_column.pydeck_chart(deck, height=MAP_HEIGHT, key="present_map_deck")
        if slide.map is not None:
            with bullet_column:
                _bullets(slide.bullets)


def _slide(review: Review, slide: Slide, tr: Translator) -> None:
    with st.container(key="present_slide"):
        st.title(plain(slide.title), anchor=False)  # a title may name cities
        _map(review, slide, tr)  # with the map slide's bullets
        has_visual = bool(slide.charts) or slide.table is not None
        if slide.figures:
            _figures(slide.figures, large=not (has_visual or slide.bullets or slide.map is not None))
        if has_visual and slide.bullets:
            visual_column, bullet_column = st.columns([3, 2], gap="large")
            with visual_column:
                _visual(slide)
            with bullet_column:
                _bullets(slide.bullets)
        elif has_visual:
            _visual(slide)
        elif slide.map is None:
            _bullets(slide.bullets)


def _navigation(review: Review, number: int, filters: Filters, tr: Translator) -> None:
    count = len(review.slides)
    with st.container(key="present_nav"):
        previous, counter, following, footer, download, leave = st.columns(
            [1.2, 0.8, 1.2, 6, 1.6, 1.2], vertical_alignment="center")
        previous.button(tr("presentation.previous"), key="present_previous", on_click=_go, args=(-1, count),
                        shortcut=PREVIOUS_KEYS[0], disabled=number == 1, width="stretch")
        with counter.container(key="present_counter"):
            st.text(tr("presentation.counter", number=number, count=count))
        following.button(tr("presentation.next"), key="present_next", on_click=_go, args=(1, count),
                         shortcut=NEXT_KEYS[0], disabled=number == count, width="stretch")
        footer.text(bare(review.footer))
        with download:
            deck_download(filters, tr, key="present_deck")
        leave.button(tr("presentation.exit"), key="present_exit", on_click=_exit, width="stretch")
    with st.container(key="present_keys"):
        for step, keys, label in ((1, NEXT_KEYS[1:], "presentation.key_next"),
                                  (-1, PREVIOUS_KEYS[1:], "presentation.key_previous")):
            for key in keys:
                st.button(tr(label), key=f"present_key_{key}", on_click=_go, args=(step, count), shortcut=key)
        st.button(tr("presentation.key_first"), key="present_key_home", on_click=_go_to, args=(1, count),
                  shortcut="home")
        st.button(tr("presentation.key_last"), key="present_key_end", on_click=_go_to, args=(count, count),
                  shortcut="end")


def present(filters: Filters, tr: Translator) -> None:
    """Draw the slide the URL asks for, with its navigation; the frame calls this instead of the page."""
    review = current_review(filters)
    number = slide_number(st.query_params.get(SLIDE_PARAM), len(review.slides))
    if st.query_params.get(SLIDE_PARAM) != str(number):
        st.query_params[SLIDE_PARAM] = str(number)  # the address bar names the slide shown
    st.html(STYLE + ("" if review.slides[number - 1].map is not None else HIDDEN_MAP))
    _slide(review, review.slides[number - 1], tr)
    _navigation(review, number, filters, tr)
