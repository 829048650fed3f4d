"""Chart builders of the city page: a city's index and dimensions, its national rank, its NPS split and its
contact channels, month by month (city_history and city_channels results in, themed `alt.Chart` out)."""

import datetime as dt

import altair as alt
import pandas as pd

from csat import theme
from csat.charts.parts import (
    MID_MONTH,
    chosen_month_layers,
    month_axis,
    month_labels,
    month_start,
    next_month,
    x_scale,
)
from csat.codes import code_text
from csat.i18n import Translator
from csat.kpis import DIMENSIONS, INDEX, NPS
from csat.maps import colour_range


def _long(history: pd.DataFrame, series: dict[str, str]) -> pd.DataFrame:
    data = history.melt(id_vars=["month"], value_vars=list(series), var_name="column", value_name="value")
    data["series"] = data["column"].map(series)
    data["x"] = pd.to_datetime(data["month"]) + MID_MONTH
    return data.dropna(subset=["value"])



def dimension_chart(history: pd.DataFrame, month: dt.date, tr: Translator) -> alt.TopLevelMixin:
    """A city's index and four dimensions month by month (a city_history result), the national index dashed."""
    series = {INDEX.name: INDEX.label(tr.lang), **{k.name: k.label(tr.lang) for k in DIMENSIONS},
              "national_index": tr("city.national_index")}
    data = _long(history, series)
    data["shown"] = [INDEX.format_value(v) for v in data["value"]]
    names = list(series.values())
    colours = [theme.HIGHLIGHT, *theme.CAUSES[:4], theme.NATIONAL]  # the dimensions: no city
    low, high = data["value"].min(), data["value"].max()
    pad = max((high - low) * 0.08, 0.5)
    chart = alt.layer(
        *chosen_month_layers(month, tr),
        alt.Chart(data).mark_line(point=True).encode(
            x=alt.X("x:T", scale=x_scale(history["month"].min(), history["month"].max()),
                    axis=month_axis(history["month"])),
            y=alt.Y("value:Q", scale=alt.Scale(domain=[low - pad, high + pad], nice=False, zero=False),
                    axis=alt.Axis(title=tr("city.score"))),
            # Two names a row: the dimensions' names are longer than cities', three ran past a phone's edge.
            color=alt.Color("series:N", scale=alt.Scale(domain=names, range=colours),
                            legend=alt.Legend(title=None, orient="bottom", columns=2, symbolStrokeWidth=3,
                                              labelLimit=180)),
            strokeDash=alt.condition("datum.column === 'national_index'", alt.value([7, 4]), alt.value([1, 0])),
            strokeWidth=alt.condition(f"datum.column === '{INDEX.name}'", alt.value(4), alt.value(2)),
            tooltip=[alt.Tooltip("series:N", title=tr("city.col_series")),
                     alt.Tooltip("x:T", title=tr("col.month"), format="%Y-%m"),
                     alt.Tooltip("shown:N", title=tr("city.score"))]),
    ).properties(height=380, width="container")
    return theme.themed(chart)



def _rank_ticks(count: int, top: int, bottom: int) -> list[int]:
    """1, the group boundaries, and the tens in between (not so close to a boundary that labels collide)."""
    first_bottom = count - bottom + 1
    return sorted({1, top, first_bottom} | {t for t in range(10, count, 10) if top + 3 <= t <= first_bottom - 3})



def rank_chart(history: pd.DataFrame, month: dt.date, tr: Translator, top: int = 5,
               bottom: int = 3) -> alt.TopLevelMixin:
    """A city's national rank month by month, 1 at the top, with the top and bottom groups shaded."""
    data = history.dropna(subset=["rank"]).assign(x=lambda f: pd.to_datetime(f["month"]) + MID_MONTH)
    count = int(history["ranked_cities"].max()) if history["ranked_cities"].notna().any() else top + bottom
    first, last = history["month"].min(), history["month"].max()
    zones = pd.DataFrame({"x": [month_start(first)] * 2, "x2": [next_month(last)] * 2,
                          "rank": [0.5, count - bottom + 0.5], "rank2": [top + 0.5, count + 0.5],
                          "zone": [tr("city.zone_top", count=top), tr("city.zone_bottom", count=bottom)],
                          "colour": [theme.PALE_GOOD, theme.PALE_BAD]})

    ranks = alt.Scale(domain=[0.5, count + 0.5], reverse=True, nice=False, zero=False)
    x = alt.X("x:T", scale=x_scale(first, last), axis=month_axis(history["month"]))
    y = alt.Y("rank:Q", scale=ranks,
              axis=alt.Axis(title=tr("col.rank"), values=_rank_ticks(count, top, bottom), grid=False))
    shade = (alt.Chart(zones).mark_rect(opacity=0.7)
             .encode(x="x:T", x2="x2:T", y=alt.Y("rank:Q", scale=ranks), y2="rank2:Q",
                     color=alt.Color("colour:N", scale=None),
                     tooltip=[alt.Tooltip("zone:N", title=tr("city.zone"))]))
    zone_labels = (alt.Chart(zones.assign(rank=(zones["rank"] + zones["rank2"]) / 2))
                   .mark_text(align="left", baseline="middle", dx=6, fontSize=12, color=theme.MUTED)
                   .encode(x="x:T", y=alt.Y("rank:Q", scale=ranks), text="zone:N"))
    line = alt.Chart(data).mark_line(color=theme.TEXT, strokeWidth=2.5,
                                     point=alt.OverlayMarkDef(size=70, color=theme.TEXT)).encode(
        x=x, y=y, tooltip=[alt.Tooltip("x:T", title=tr("col.month"), format="%Y-%m"),
                           alt.Tooltip("rank:Q", title=tr("col.rank"))])
    # Ranks are written below the points in the upper half (above them sits the month label) and above in the lower.
    labels = [alt.Chart(data).transform_filter(test).mark_text(dy=dy, fontSize=13, fontWeight="bold")
              .encode(x=x, y=y, text="rank:Q")
              for test, dy in ((f"datum.rank <= {count / 2}", 16), (f"datum.rank > {count / 2}", -14))]
    chart = alt.layer(*chosen_month_layers(month, tr), shade, zone_labels, line, *labels)
    return theme.themed(chart.properties(height=320, width="container"))



def nps_split_chart(history: pd.DataFrame, tr: Translator) -> alt.TopLevelMixin:
    """Promoters, passives and detractors of a city month by month as 100 % bars, with the NPS above each."""
    parts = {"promoter_share": tr("city.promoters"), "passive_share": tr("city.passives"),
             "detractor_share": tr("city.detractors")}
    data = _long(history, parts)
    data["order"] = data["column"].map({name: i for i, name in enumerate(parts)})
    data["shown"] = [f"{v:.0%}" for v in data["value"]]
    data["label"] = month_labels(data["month"])
    x = alt.X("label:O", axis=alt.Axis(title=None, labelAngle=0))
    bars = alt.Chart(data).mark_bar(size=34).encode(
        x=x, y=alt.Y("value:Q", stack="normalize", axis=alt.Axis(format="%", title=tr("city.share_of_answers"))),
        color=alt.Color("series:N", scale=alt.Scale(domain=list(parts.values()),
                                                    range=[theme.GOOD, "#C7CCD3", theme.BAD]),
                        legend=alt.Legend(title=None, orient="bottom")),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("label:O", title=tr("col.month")),
                 alt.Tooltip("series:N", title=tr("city.group")), alt.Tooltip("shown:N", title=tr("city.share"))])
    scores = history.dropna(subset=["nps"]).assign(shown=lambda f: [NPS.format_value(v) for v in f["nps"]], top=1.0,
                                                   label=lambda f: month_labels(f["month"]))
    text = alt.Chart(scores).mark_text(dy=-10, fontSize=13, fontWeight="bold", color=theme.TEXT).encode(
        x=x, y="top:Q", text="shown:N")
    return theme.themed(alt.layer(bars, text).properties(height=320, width="container"))



def channel_chart(channels: pd.DataFrame, month: dt.date, tr: Translator) -> alt.TopLevelMixin:
    """The chosen month's satisfaction index by contact channel, bars labelled with their responses and coloured
    on the map's good ↔ bad scale."""
    data = channels[pd.to_datetime(channels["month"]) == pd.Timestamp(month)].copy()
    data["channel_name"] = [code_text("channel", c, tr) for c in data["channel"]]
    data["shown"] = [f"{INDEX.format_value(v)} · n={n}" for v, n in zip(data["index"], data["responses"], strict=True)]
    y = alt.Y("channel_name:N", sort="-x", axis=alt.Axis(title=None, labelFontSize=14))
    low_colour, high_colour = colour_range()
    bars = alt.Chart(data).mark_bar(height=26).encode(
        # Bars start at zero: a bar's length is its value (the labels carry the exact figure).
        x=alt.X("index:Q", scale=alt.Scale(domain=[0, 100]),
                axis=alt.Axis(title=INDEX.label(tr.lang))),
        y=y, color=alt.Color("index:Q", scale=theme.satisfaction_scale(low_colour, high_colour), legend=None),
        tooltip=[alt.Tooltip("channel_name:N", title=tr("city.channel")),
                      alt.Tooltip("shown:N", title=INDEX.label(tr.lang)),
                      alt.Tooltip("share:Q", title=tr("city.share"), format=".0%")])
    # The label sits inside the bar's end, on a white halo: a bar near 100 leaves no room after it.
    labels = bars.mark_text(align="right", dx=-6, fontSize=13, fontWeight="bold", stroke="white", strokeWidth=3,
                            strokeOpacity=0.85).encode(text="shown:N", color=alt.value(theme.TEXT))
    labels = alt.layer(labels, bars.mark_text(align="right", dx=-6, fontSize=13, fontWeight="bold").encode(
        text="shown:N", color=alt.value(theme.TEXT)))
    return theme.themed(alt.layer(bars, labels).properties(height=max(len(data), 1) * 44, width="container"))



def channel_mix_chart(channels: pd.DataFrame, tr: Translator) -> alt.TopLevelMixin:
    """How a city's responses split over channels month by month (100 % bars)."""
    data = channels.assign(channel_name=[code_text("channel", c, tr) for c in channels["channel"]],
                           label=month_labels(channels["month"]))
    chart = alt.Chart(data).mark_bar(size=34).encode(
        x=alt.X("label:O", axis=alt.Axis(title=None, labelAngle=0)),
        y=alt.Y("responses:Q", stack="normalize", axis=alt.Axis(format="%", title=tr("city.share_of_responses"))),
        color=alt.Color("channel_name:N", scale=alt.Scale(range=list(theme.CAUSES)),
                        legend=alt.Legend(title=None, orient="bottom", columns=3)),  # one row ran off a phone
        tooltip=[alt.Tooltip("label:O", title=tr("col.month")),
                 alt.Tooltip("channel_name:N", title=tr("city.channel")),
                 alt.Tooltip("share:Q", title=tr("city.share"), format=".0%"),
                 alt.Tooltip("responses:Q", title=tr("col.responses"))])
    return theme.themed(chart.properties(height=320, width="container"))
