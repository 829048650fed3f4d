"""Chart builders of the trends page: city trend lines with the national line, targets, the chosen month and
the window's events, and the heat-coloured matrices of the leading cities. The review's trends slide draws the
same trend chart."""

import datetime as dt

import altair as alt
import pandas as pd

from csat import theme
from csat.charts.parts import (
    MID_MONTH,
    SERIES_LEGEND,
    chosen_month_layers,
    city_colour_scale,
    month_axis,
    month_start,
    next_month,
    nice_ticks,
    x_scale,
)
from csat.codes import code_text
from csat.i18n import Translator
from csat.kpis import INDEX, Kpi

HEIGHT = 460
EVENT_LANES = 5           # event numbers are staggered over up to this many rows so that close dates stay legible
LANE_GAP = 0.03           # two numbers closer than this share of the time axis go to different rows
STRIP_SHARE = 0.30        # part of the value range added below the data for the event strip


def series_name(row: pd.Series, tr: Translator) -> str:
    """A trend row's line name: the city in the page's language, or "Nationwide" for the nation's row."""
    return tr.place(row.get(f"name_{tr.lang}"))


def _target_layers(targets: pd.DataFrame, last: pd.Timestamp, tr: Translator) -> list[alt.Chart]:
    """Dashed purple rules at the targets, named in their own legend; the value is written at the rule's right end,
    past the last month's points, where no line runs."""
    if targets.empty:
        return []
    lines = targets.assign(
        label=[tr("trends.target_national", target=INDEX.format_value(t)) if national
               else tr("trends.target_cities", target=INDEX.format_value(t), cities=row[f"names_{tr.lang}"])
               for t, national, (_, row) in zip(targets["target"], targets["national"], targets.iterrows(),
                                                strict=True)],
        shown=[INDEX.format_value(t) for t in targets["target"]],
        x=next_month(last), value=targets["target"])
    # Layers name their fields like the lines' (x, value), so that the shared axes keep one title.
    # Above the plot: beside the cities' legend under it, the two ran past a phone's edge.
    legend = alt.Legend(title=tr("trends.col_target"), orient="top", direction="vertical", symbolType="stroke",
                        symbolDash=[6, 3], symbolStrokeWidth=2, labelLimit=260)
    rule = (alt.Chart(lines).mark_rule(strokeDash=[8, 4], strokeWidth=2)
            .encode(y="value:Q", tooltip=[alt.Tooltip("label:N", title=tr("trends.col_target"))],
                    color=alt.Color("label:N", scale=alt.Scale(range=[theme.TARGET]), legend=legend)))
    text = (alt.Chart(lines).mark_text(color=theme.TARGET, align="right", baseline="bottom", dy=-3, dx=-3,
                                       fontSize=13, fontWeight="bold")
            .encode(x="x:T", y="value:Q", text="shown:N"))
    return [rule, text]


def _event_lanes(days: pd.Series, span_days: float) -> list[int]:
    """A row for each event (in date order): the first row whose last number is far enough to the left, else
    the row whose last number is furthest left."""
    last_in_lane: list[pd.Timestamp | None] = [None] * EVENT_LANES
    lanes = []
    for day in days:
        free = [i for i, last in enumerate(last_in_lane) if last is None or (day - last).days >= LANE_GAP * span_days]
        lane = free[0] if free else min(range(EVENT_LANES), key=lambda i: last_in_lane[i])
        last_in_lane[lane] = day
        lanes.append(lane)
    return lanes


def _event_layers(events: pd.DataFrame, strip_low: float, strip_high: float, span_days: float,
                  tr: Translator) -> list[alt.Chart]:
    if events.empty:
        return []
    lane_height = (strip_high - strip_low) / (EVENT_LANES + 1)
    days = pd.to_datetime(events["happened_on"])
    marks = events.assign(
        x=days,
        value=[strip_high - lane_height * (1 + lane) for lane in _event_lanes(days, span_days)],
        value2=strip_high,
        kind_label=[code_text("kind", k, tr) for k in events["kind"]],
        where=[tr.place(c) for c in events[f"city_{tr.lang}"]],
        title=events[f"title_{tr.lang}"],
        label=events["number"].astype(str))
    colours = alt.Scale(domain=["positive", "negative", "neutral"], range=[theme.GOOD, theme.BAD, theme.MUTED])
    tooltip = [alt.Tooltip("label:N", title="#"), alt.Tooltip("x:T", title=tr("trends.col_date"), format="%Y-%m-%d"),
               alt.Tooltip("where:N", title=tr("col.city")), alt.Tooltip("title:N", title=tr("trends.col_event")),
               alt.Tooltip("kind_label:N", title=tr("trends.col_kind"))]
    base = alt.Chart(marks).encode(x="x:T", y="value:Q", color=alt.Color("kind:N", scale=colours, legend=None),
                                   tooltip=tooltip)
    ticks = base.mark_rule(strokeWidth=1.5, opacity=0.6).encode(y2="value2:Q")
    numbers = base.mark_text(fontSize=13, fontWeight="bold", baseline="top", dy=2).encode(text="label:N")
    return [ticks, numbers]


def trend_chart(trend: pd.DataFrame, kpi: Kpi, month: dt.date, tr: Translator,
                events: pd.DataFrame | None = None, targets: pd.DataFrame | None = None) -> alt.TopLevelMixin:
    """Lines of `kpi` per city (a kpi_trend_by_city result), the nation dashed in black; significant changes
    as filled points; the chosen month shaded; targets as purple reference lines; the window's events
    numbered in a strip under the lines (their list is shown beside the chart)."""
    data = trend.dropna(subset=["value"]).copy()
    data["series"] = [series_name(row, tr) for _, row in data.iterrows()]
    data["scope"] = ["nation" if pd.isna(code) else "city" for code in data["city_code"]]
    data["x"] = pd.to_datetime(data["month"]) + MID_MONTH
    data["shown"] = [kpi.format_value(v, tr.lang) for v in data["value"]]
    data["margin"] = ["±" + kpi.format_value(1.96 * se, tr.lang) if pd.notna(se) else "–" for se in data["value_se"]]
    data["moved"] = [_significance_text(change, significant, kpi, tr)
                     for change, significant in zip(data["change"], data["significant"], strict=True)]
    # Cities in the order of their best rank in the window, each in its page colour; the nation near-black.
    ordered = data.loc[data["scope"] == "city"].sort_values(["rank", "series"])
    city_scale = city_colour_scale(list(dict.fromkeys(ordered["city_code"])),
                                   dict(zip(ordered["city_code"], ordered["series"], strict=False)),
                                   rest=(tr("frame.nationwide"), theme.NATIONAL))
    names, colours = city_scale.domain, city_scale.range
    targets = targets if targets is not None and kpi == INDEX else pd.DataFrame()

    values = list(data["value"]) + list(targets.get("target", []))
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    pad = max((high - low) * 0.06, 0.5)
    events = events if events is not None else pd.DataFrame()
    strip = (high - low + 2 * pad) * STRIP_SHARE if not events.empty else 0.0
    domain = [low - pad - strip, high + pad]
    first, last = pd.Timestamp(trend["month"].min()), pd.Timestamp(trend["month"].max())

    ticks = nice_ticks(low - pad, high + pad)
    ticks_step = ticks[1] - ticks[0] if len(ticks) > 1 else 1
    x = alt.X("x:T", scale=x_scale(first, last), axis=month_axis(trend["month"]))
    y = alt.Y("value:Q", scale=alt.Scale(domain=domain, nice=False, zero=False),
              axis=alt.Axis(title=kpi.titled(tr.lang), values=ticks, format=".0f" if ticks_step >= 1 else ".1f"))
    tooltip = [alt.Tooltip("series:N", title=tr("col.city")),
               alt.Tooltip("x:T", title=tr("col.month"), format="%Y-%m"),
               alt.Tooltip("shown:N", title=kpi.label(tr.lang)),
               alt.Tooltip("margin:N", title=tr("trends.col_margin")),
               alt.Tooltip("moved:N", title=tr("trends.col_moved")),
               alt.Tooltip("responses:Q", title=tr("col.responses"))]
    colour = alt.Color("series:N", scale=alt.Scale(domain=names, range=colours),
                       legend=SERIES_LEGEND)
    base = alt.Chart(data).encode(x=x, y=y, color=colour, tooltip=tooltip)
    lines = base.mark_line(strokeWidth=2.5).encode(
        strokeDash=alt.StrokeDash("scope:N", scale=alt.Scale(domain=["city", "nation"], range=[[1, 0], [7, 4]]),
                                  legend=None),
        size=alt.Size("scope:N", scale=alt.Scale(domain=["city", "nation"], range=[2.5, 3.5]), legend=None))
    # The points share the lines' colours; one legend (the lines') is enough.
    dots = base.encode(color=alt.Color("series:N", scale=alt.Scale(domain=names, range=colours), legend=None))
    points = dots.mark_point(filled=False, size=45, strokeWidth=1.5)
    significant = (dots.transform_filter("datum.significant === true")
                   .mark_point(filled=True, size=140, stroke="white", strokeWidth=1.5, opacity=1))

    layers = [*chosen_month_layers(month, tr), *_target_layers(targets, last, tr), lines, points, significant,
              *_event_layers(events, domain[0], low - pad, (next_month(last) - month_start(first)).days, tr)]
    # Cities, targets and the events' kinds each have their own colour scale (and legend, where one helps).
    chart = alt.layer(*layers).resolve_scale(color="independent").properties(height=HEIGHT, width="container")
    return theme.themed(chart)


def _significance_text(change: float, significant: object, kpi: Kpi, tr: Translator) -> str:
    if pd.isna(change):
        return "–"
    text = kpi.format_delta(change, lang=tr.lang) or "–"
    if pd.isna(significant):
        return text
    return f"{text} · {tr('trends.significant') if significant else tr('trends.within_noise')}"


def heat_table(cells: pd.DataFrame, tr: Translator) -> alt.TopLevelMixin:
    """A matrix as a heat-coloured table: one row per figure, one column per city and the national column.

    `cells` has row, column, text and score (−1 … 1: red better than the nation, blue worse; NaN grey).
    Large bold text, so that it reads from the back of a meeting room."""
    rows = list(dict.fromkeys(cells["row"]))
    columns = list(dict.fromkeys(cells["column"]))
    # Vega-Lite drops marks whose colour field is missing: mark the uncoloured cells instead of leaving NaN.
    data = cells.assign(scored=cells["score"].notna(), score=cells["score"].fillna(0.0))
    base = alt.Chart(data).encode(
        x=alt.X("column:N", sort=columns, axis=alt.Axis(orient="top", title=None, labelAngle=0, labelFontSize=16,
                                                         labelFontWeight="bold", labelLimit=160, ticks=False,
                                                         domain=False)),
        y=alt.Y("row:N", sort=rows, axis=alt.Axis(title=None, labelFontSize=15, labelLimit=330, ticks=False,
                                                   domain=False)))
    rect = base.mark_rect(stroke="white", strokeWidth=3).encode(
        color=alt.condition("datum.scored", alt.Color("score:Q", scale=theme.satisfaction_scale(-1, 1), legend=None),
                            alt.value(theme.GRID)),
        tooltip=[alt.Tooltip("row:N", title=tr("trends.col_figure")), alt.Tooltip("column:N", title=tr("col.city")),
                 alt.Tooltip("text:N", title=tr("trends.col_value")),
                 alt.Tooltip("national_text:N", title=tr("frame.nationwide"))])
    text = base.mark_text(fontSize=17, fontWeight="bold").encode(
        text="text:N",
        color=alt.condition("datum.scored && abs(datum.score) > 0.55", alt.value("white"),
                            alt.value(theme.TEXT)))
    chart = alt.layer(rect, text).properties(height=len(rows) * 48, width="container")
    return theme.themed(chart)
