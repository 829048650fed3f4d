"""The dashboard's one colour language and typography, used by every chart, map and table builder.

What a colour means is the same on every page, in the deck and in print (README, "Colours"):
- **Good ↔ bad** is one scale, red (worse) → yellow → blue (better) (ColorBrewer RdYlBu, safe for colour-blind
  readers), direction from the KPI registry (`Kpi.higher_is_better`). The map colours each city's satisfaction
  on it over a fixed range (settings.map_scale_low … map_scale_high, the same every month, stated on the
  legend); the tables tint a figure better or worse than the nation with it (`tint`); changes are blue when
  good and red when bad — Streamlit's metric deltas too (`.streamlit/config.toml` maps its green and red to
  GOOD and BAD).
- **Early warning** is an amber ▲ (WARNING), a hue of its own that no score takes, with a legend entry.
- **Not ranked** (too few responses) is a hollow grey ring, never a colour of the scale.
- **Cities** in line charts take the categorical SERIES colours in the page's order (`city_colours`), the same in
  every chart of a page; the nation is near-black and dashed; targets are purple and dashed.
- **Causes and other categories that are not cities** (low-score reasons, complaint categories, contact channels,
  the index's dimensions) take the CAUSES colours, a palette of their own that shares no colour with the cities'
  SERIES, so that a colour never means a city on one chart and a cause on the next. They are dark enough to carry
  white text (the shares printed on the cause bars).
- **Status cells** (the plan's statuses) are filled with their status colour, their text white or near-black,
  whichever reads better (`text_on`; at least 4.5:1, the WCAG minimum for text).
`.streamlit/config.toml` holds the page theme.
"""

import functools

import altair as alt
import streamlit as st

from csat.markup import bare_chart

FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
TEXT = "#1B1F24"
MUTED = "#6B7280"
GRID = "#E5E7EB"
LAND = "#EEF1F4"
BORDER = "#FFFFFF"
MARITIME_LINE = "#9AA3AE"
# Good and bad, for text, changes and marks: the two ends of the good ↔ bad scale, dark enough for text.
GOOD = "#2166AC"
BAD = "#C62828"
# Early warning: amber, outside the good ↔ bad scale.
WARNING = "#D97706"
NOT_RANKED = MUTED
# The chosen month, the city page's own index line: an ink that is neither good nor bad.
HIGHLIGHT = "#334E68"
NATIONAL = "#1B1F24"
TARGET = "#7C3AED"
# Worse → better: red, orange, yellow, light blue, blue (ColorBrewer RdYlBu), with a pale green between yellow and
# light blue: mixed straight in RGB, yellow and blue pass through grey, and no ranked city may look grey like a
# city without a rank.
GOOD_BAD_RAMP = ("#D73027", "#FC8D59", "#FEE090", "#C7E9B4", "#91BFDB", "#4575B4")
# Pale ends of the scale, for table cells and chart zones: a little worse / better than the reference.
PALE_BAD = "#FDDBC7"
PALE_GOOD = "#D1E5F0"
# Steps between: good but not yet there (on track) and good but late.
FAIR_GOOD = "#4393C3"
LATE_GOOD = "#9ECAE1"
# The chosen cities pooled, beside the nation's near-black: a scope, neither good nor bad.
SELECTION = "#8796AB"
# Categorical colours of cities, in a fixed order; none is the scale's red or blue.
SERIES = ("#1B9E77", "#E7298A", "#66A61E", "#7570B3", "#A6761D", "#17BECF", "#BCBD22", "#F781BF", "#E6AB02",
          "#8C564B")

# Categorical colours of what is not a city (causes, channels, dimensions), in a fixed order: raspberry, pine,
# sienna, violet, khaki, teal, slate and moss — none a colour of SERIES, the scale, the warning or the target, each
# at least 4.5:1 against white text. The first four (the dimensions' lines, the channels) are of four different
# hues; a plum beside the raspberry could not be told apart in a bar, so slate (the causes' "other") replaced it.
CAUSES = ("#A14A76", "#2F6B5E", "#8C5A3C", "#6A5D8B", "#7A6C2E", "#3B7A8C", "#58606B", "#4F6D3A")
PAPER = "#FFFFFF"  # the page; also the text on a dark fill


def city_colours(codes: list[str]) -> dict[str, str]:
    """Each city of a page its colour, by its place in the page's list: every chart of the page passes the same
    list (the cities shown, in the page's order), so a city keeps one colour on the page."""
    return {code: SERIES[i % len(SERIES)] for i, code in enumerate(dict.fromkeys(codes))}


def rgb(colour: str) -> tuple[int, int, int]:
    """"#B2182B" → (178, 24, 43): the palette's colours for pydeck and CSS."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def css_rgba(colour: str, alpha: float) -> str:
    """A palette colour with transparency, for table cell backgrounds."""
    return "rgba({}, {}, {}, {})".format(*rgb(colour), alpha)


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two colours (1 to 21; text needs at least 4.5)."""
    def luminance(colour: str) -> float:
        channels = [value / 255 for value in rgb(colour)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_on(fill: str) -> str:
    """The text colour for a cell filled with `fill`: white or near-black, whichever contrasts more."""
    return max((PAPER, TEXT), key=lambda text: contrast(fill, text))


def satisfaction_rgb(value: float, low: float, high: float) -> list[int]:
    """The good ↔ bad colour of a value between low (worst) and high (best), clamped, as [r, g, b] for pydeck."""
    span = high - low
    position = 0.5 if span <= 0 else min(max((value - low) / span, 0.0), 1.0)
    scaled = position * (len(GOOD_BAD_RAMP) - 1)
    lower = min(int(scaled), len(GOOD_BAD_RAMP) - 2)
    fraction = scaled - lower
    start, end = rgb(GOOD_BAD_RAMP[lower]), rgb(GOOD_BAD_RAMP[lower + 1])
    return [round(a + (b - a) * fraction) for a, b in zip(start, end, strict=True)]


def satisfaction_scale(low: float, high: float) -> alt.Scale:
    """The good ↔ bad scale as an Altair colour scale over [low (worst), high (best)]."""
    stops = len(GOOD_BAD_RAMP) - 1
    domain = [low + (high - low) * i / stops for i in range(stops + 1)]  # one stop per ramp colour
    return alt.Scale(domain=domain, range=list(GOOD_BAD_RAMP), interpolate="rgb", clamp=True)


def tint(score: float | None) -> str:
    """A table cell's CSS background for a score from −1 (much worse than the reference) to 1 (much better), on
    the good ↔ bad scale; no background for a missing score or one within ±0.05 (no difference worth a colour)."""
    if score is None or score != score or abs(score) < 0.05:
        return ""
    return "background-color: rgba({}, {}, {}, 0.75)".format(*satisfaction_rgb(score, -1.0, 1.0))


def themed(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Apply the dashboard's typography and axes to a finished chart (charts are shown with theme=None); the texts
    from the exports in it are shown as written (csat.markup.bare_chart: no bidirectional controls)."""
    # One configuration set in place: each configure_*() call deep-copied the whole chart, data included (five
    # copies a chart, a third of a page run's time).
    chart = bare_chart(chart)
    chart.config = alt.Config(
        font=FONT,
        axis=alt.AxisConfig(labelColor=TEXT, titleColor=TEXT, gridColor=GRID, labelFontSize=13, titleFontSize=13),
        legend=alt.LegendConfig(labelFontSize=13, titleFontSize=13, labelColor=TEXT, titleColor=TEXT),
        title=alt.TitleConfig(fontSize=16, color=TEXT, anchor="start"),
        view=alt.ViewConfig(strokeWidth=0))
    return chart


def show(chart: alt.TopLevelMixin, **options: object) -> object:
    """Draw a chart finished by `themed` with Streamlit (theme=None: the chart carries this theme's look), keyword
    options as st.altair_chart's.

    Streamlit turns the chart into its spec with chart.to_dict(), which checks the whole spec against Vega-Lite's
    JSON schema on every rerun: a quarter to a third of a page run's CPU, which bounds how many viewers one server
    holds (benchmarks/results.md, the soak). The builders' specs are checked by the tests instead (their
    to_dict() validates), so the chart is handed over with its to_dict told not to validate — set on this chart
    alone, beside Altair's properties (object.__setattr__: Altair's own __setattr__ would make it a property), and
    Streamlit's conversion of the data to Arrow is unchanged."""
    object.__setattr__(chart, "to_dict", functools.partial(type(chart).to_dict, chart, validate=False))
    return st.altair_chart(chart, theme=None, **options)
