"""The pieces several pages' charts share: month axes and scales, the chosen month's band, round ticks and month
labels. KPI axis titles and formats come from the KPI (`Kpi.titled`, `Kpi.axis_format`), and every chart builder
ends with `theme.themed`.

Months are drawn at mid-month (the 15th), so each point sits inside its month's band and an event dated in
that month falls in the same band.
"""

import datetime as dt
import math

import altair as alt
import pandas as pd

from csat import formats, theme
from csat.i18n import Translator

MID_MONTH = pd.Timedelta(days=14)
# The cities' legend goes under the plot (at the right it left a phone a 60-pixel plot), three names a row: four
# ran past a phone's edge.
SERIES_LEGEND = alt.Legend(title=None, orient="bottom", columns=3, symbolStrokeWidth=3, labelLimit=100)


def month_start(month: dt.date | pd.Timestamp) -> pd.Timestamp:
    """The first day of the month `month` falls in, as a Timestamp."""
    return pd.Timestamp(month).to_period("M").to_timestamp()



def next_month(month: dt.date | pd.Timestamp) -> pd.Timestamp:
    """The first day of the month after the one `month` falls in, as a Timestamp."""
    return month_start(month) + pd.offsets.MonthBegin(1)



def _nice_step(span: float) -> float:
    """A round tick step giving about seven ticks over `span`."""
    raw = max(span, 1e-9) / 7
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)



def nice_ticks(low: float, high: float) -> list[float]:
    """Round tick values from `low` to `high`: about seven, a step of 1, 2 or 5 times a power of ten."""
    step = _nice_step(high - low)
    first = math.ceil(low / step) * step
    count = int(math.floor((high - first) / step + 1e-9)) + 1
    return [round(first + i * step, 6) for i in range(count)]



def month_axis(months: pd.Series, **extra) -> alt.Axis:
    """A time axis labelled YYYY-MM under each month's middle."""
    middles = sorted({(month_start(m) + MID_MONTH) for m in months})
    values = [alt.DateTime(year=m.year, month=m.month, date=m.day) for m in middles]
    return alt.Axis(values=values, format="%Y-%m", title=None, grid=False, labelOverlap="parity", **extra)



def x_scale(first: pd.Timestamp, last: pd.Timestamp) -> alt.Scale:
    """A time scale from the start of `first`'s month to the end of `last`'s, so every month's band is whole."""
    return alt.Scale(domain=[month_start(first).isoformat(), next_month(last).isoformat()])



def chosen_month_layers(month: dt.date, tr: Translator) -> list[alt.Chart]:
    """The chosen month as two layers: a light band over the plot's full height, and its label above it."""
    band = pd.DataFrame({"x": [month_start(month)], "x2": [next_month(month)],
                         "label": [tr("trends.chosen_month", month=tr.month(month))]})
    rect = (alt.Chart(band).mark_rect(color=theme.HIGHLIGHT, opacity=0.08)
            # A rect without y collapses: span the plot's full height explicitly.
            .encode(x="x:T", x2="x2:T", y=alt.value(0), y2=alt.value(alt.expr("height"))))
    # The label sits above the plot, where no line can cover it.
    label = (alt.Chart(band.assign(x=band["x"] + MID_MONTH))
             .mark_text(color=theme.HIGHLIGHT, fontWeight="bold", fontSize=13, baseline="bottom", dy=-4)
             .encode(x="x:T", y=alt.value(0), text="label:N"))
    return [rect, label]



def month_labels(months: pd.Series) -> list[str]:
    """Months written as YYYY-MM (csat.formats.month), for ordinal axes and tooltips."""
    return [formats.month(m) for m in months]


def city_colour_scale(cities: list[str], names: dict[str, str], rest: tuple[str, str] | None = None) -> alt.Scale:
    """A colour scale over city display names giving each city its page colour (`theme.city_colours` over the
    page's list `cities`, so a city missing from this chart does not shift the others); `names` maps the codes
    this chart shows to their display names, in legend order; `rest` adds a (label, colour) for everything else."""
    colours = theme.city_colours(cities)
    shown = [code for code in cities if code in names]
    domain, scale_range = [names[code] for code in shown], [colours[code] for code in shown]
    if rest is not None:
        domain, scale_range = [*domain, rest[0]], [*scale_range, rest[1]]
    return alt.Scale(domain=domain, range=scale_range)
