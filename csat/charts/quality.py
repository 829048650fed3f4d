"""Chart builders of the data-quality page: the nation's survey responses or tickets month by month over the window
thin_data judges (a `months` result in), the months it found thin in the bad colour (a thin_data result)."""

import datetime as dt

import altair as alt
import pandas as pd

from csat import theme
from csat.charts.parts import MID_MONTH, month_axis, month_start, x_scale
from csat.i18n import Translator
from csat.tables.quality import THIN_MONTHS, count


def monthly_rows(months: pd.DataFrame, thin: pd.DataFrame, measure: str, month: dt.date,
                 tr: Translator) -> alt.TopLevelMixin:
    """Bars of `measure` (responses or tickets) per month in the THIN_MONTHS months up to `month`; a month
    thin_data found thin (thin_<measure>) drawn in the bad colour and marked with a triangle (a month without
    rows has no bar)."""
    last = month_start(month)
    first = last - pd.DateOffset(months=THIN_MONTHS - 1)
    data = months.assign(month=pd.to_datetime(months["month"]))
    data = data[(data["month"] >= first) & (data["month"] <= last)].sort_values("month")
    found = thin[thin["finding"] == f"thin_{measure}"]
    thin_months = set(pd.to_datetime(found["month"]))
    data = pd.DataFrame({
        "x": data["month"] + MID_MONTH,
        "rows": data[measure],
        "shown": [count(v) for v in data[measure]],
        "state": [tr("quality.thin") if m in thin_months else tr("quality.usual") for m in data["month"]],
    })
    states = [tr("quality.usual"), tr("quality.thin")]
    flagged = pd.DataFrame({"x": pd.to_datetime(found["month"]) + MID_MONTH, "rows": found["count"],
                            "shown": [count(v) for v in found["count"]], "state": tr("quality.thin")})
    x = alt.X("x:T", scale=x_scale(first, last), axis=month_axis(pd.Series(pd.date_range(first, last, freq="MS")),
                                                                 labelSeparation=8))
    tooltip = [alt.Tooltip("x:T", title=tr("col.month"), format="%Y-%m"),
               alt.Tooltip("shown:N", title=tr(f"quality.measure.{measure}")),
               alt.Tooltip("state:N", title=tr("quality.col_finding"))]
    bars = alt.Chart(data).mark_bar(width={"band": 0.7}).encode(
        x=x,
        y=alt.Y("rows:Q", axis=alt.Axis(title=tr(f"quality.measure.{measure}"), format=",d", tickMinStep=1)),
        color=alt.Color("state:N", scale=alt.Scale(domain=states, range=[theme.HIGHLIGHT, theme.BAD]),
                        legend=alt.Legend(title=None, orient="bottom")),
        tooltip=tooltip)
    # A thin month is marked at its count too: a month without rows (0) has no bar to colour.
    marks = alt.Chart(flagged).mark_point(shape="triangle-up", filled=True, size=110, color=theme.BAD, opacity=1,
                                          yOffset=-7).encode(x=x, y="rows:Q", tooltip=tooltip)
    # Room on the right for the last month's label, which is centred on the month (on a phone it ran past the edge).
    return theme.themed(alt.layer(bars, marks).properties(
        height=220, width="container", padding={"left": 5, "top": 5, "bottom": 5, "right": 24},
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding")))
