"""The dashboard's one palette and typography, used by every chart and map builder.

Satisfaction runs from blue (low) to red (high), as in the department's review deck; good and bad changes
are green and red; text and outlines are greys. `.streamlit/config.toml` holds the page theme.
"""

import altair as alt

FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
TEXT = "#1B1F24"
MUTED = "#6B7280"
GRID = "#E5E7EB"
LAND = "#EEF1F4"
BORDER = "#FFFFFF"
MARITIME_LINE = "#9AA3AE"
GOOD = "#1A7F37"
BAD = "#C62828"
HIGHLIGHT = "#B3261E"
NATIONAL = "#1B1F24"
TARGET = "#7C3AED"
# Blue (low) → pale → red (high): a diverging ramp (ColorBrewer RdBu, reversed), colour-blind friendly.
SATISFACTION_RAMP = ("#2166AC", "#67A9CF", "#D1E5F0", "#FDDBC7", "#EF8A62", "#B2182B")
# Categorical colours for series (cities, reasons), in a fixed order.
SERIES = ("#B2182B", "#2166AC", "#E08214", "#1B7837", "#762A83", "#4D4D4D", "#D6604D", "#4393C3",
          "#8C510A", "#01665E")


def rgb(colour: str) -> tuple[int, int, int]:
    """"#B2182B" → (178, 24, 43): the palette's colours for pydeck and CSS."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def css_rgba(colour: str, alpha: float) -> str:
    """A palette colour with transparency, for table cell backgrounds."""
    return "rgba({}, {}, {}, {})".format(*rgb(colour), alpha)


def satisfaction_rgb(value: float, low: float, high: float) -> list[int]:
    """The ramp's colour for a value between low and high (clamped), as [r, g, b] for pydeck."""
    span = high - low
    position = 0.5 if span <= 0 else min(max((value - low) / span, 0.0), 1.0)
    scaled = position * (len(SATISFACTION_RAMP) - 1)
    lower = min(int(scaled), len(SATISFACTION_RAMP) - 2)
    fraction = scaled - lower
    start, end = rgb(SATISFACTION_RAMP[lower]), rgb(SATISFACTION_RAMP[lower + 1])
    return [round(a + (b - a) * fraction) for a, b in zip(start, end, strict=True)]


def satisfaction_scale(low: float, high: float) -> alt.Scale:
    """The same ramp as an Altair colour scale over [low, high]."""
    stops = len(SATISFACTION_RAMP) - 1
    domain = [low + (high - low) * i / stops for i in range(stops + 1)]  # one stop per ramp colour
    return alt.Scale(domain=domain, range=list(SATISFACTION_RAMP), interpolate="rgb", clamp=True)


def themed(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Apply the dashboard's typography and axes to a finished chart (charts are shown with theme=None)."""
    return (chart
            .configure(font=FONT)
            .configure_axis(labelColor=TEXT, titleColor=TEXT, gridColor=GRID, labelFontSize=13, titleFontSize=13)
            .configure_legend(labelFontSize=13, titleFontSize=13, labelColor=TEXT, titleColor=TEXT)
            .configure_title(fontSize=16, color=TEXT, anchor="start")
            .configure_view(strokeWidth=0))
