"""Chart builders of the trends and city pages: city trend lines with the national line, targets, the chosen
month and the month's events; a city's dimensions, rank, NPS split and channels; and the heat-coloured
matrices of the leading cities.

Months are drawn at mid-month (the 15th), so each point sits inside its month's band and an event dated in
that month falls in the same band.
"""

import datetime as dt
import math

import altair as alt
import pandas as pd

from csat import theme
from csat.i18n import Translator
from csat.kpis import DIMENSIONS, INDEX, NPS, Kpi

HEIGHT = 460
EVENT_LANES = 5           # event numbers are staggered over up to this many rows so that close dates stay legible
LANE_GAP = 0.03           # two numbers closer than this share of the time axis go to different rows
STRIP_SHARE = 0.30        # part of the value range added below the data for the event strip
MID_MONTH = pd.Timedelta(days=14)
# The lines' legend goes under the plot, four names a row: at the right it left a phone a 60-pixel plot.
SERIES_LEGEND = alt.Legend(title=None, orient="bottom", columns=4, symbolStrokeWidth=3, labelLimit=160)


def _month_start(month: dt.date | pd.Timestamp) -> pd.Timestamp:
    return pd.Timestamp(month).to_period("M").to_timestamp()


def _next_month(month: dt.date | pd.Timestamp) -> pd.Timestamp:
    return _month_start(month) + pd.offsets.MonthBegin(1)


def _nice_step(span: float) -> float:
    """A round tick step giving about seven ticks over `span`."""
    raw = max(span, 1e-9) / 7
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)


def _ticks(low: float, high: float) -> list[float]:
    step = _nice_step(high - low)
    first = math.ceil(low / step) * step
    count = int(math.floor((high - first) / step + 1e-9)) + 1
    return [round(first + i * step, 6) for i in range(count)]


def _month_axis(months: pd.Series, **extra) -> alt.Axis:
    """A time axis labelled YYYY-MM under each month's middle."""
    middles = sorted({(_month_start(m) + MID_MONTH) for m in months})
    values = [alt.DateTime(year=m.year, month=m.month, date=m.day) for m in middles]
    return alt.Axis(values=values, format="%Y-%m", title=None, grid=False, labelOverlap="parity", **extra)


def _x_scale(first: pd.Timestamp, last: pd.Timestamp) -> alt.Scale:
    return alt.Scale(domain=[_month_start(first).isoformat(), _next_month(last).isoformat()])


def series_name(row: pd.Series, tr: Translator) -> str:
    """A trend row's line name: the city in the page's language, or "Nationwide" for the nation's row."""
    return tr.place(row.get(f"name_{tr.lang}"))


def _chosen_month_layers(month: dt.date, tr: Translator) -> list[alt.Chart]:
    band = pd.DataFrame({"x": [_month_start(month)], "x2": [_next_month(month)],
                         "label": [tr("trends.chosen_month", month=tr.month(month))]})
    rect = (alt.Chart(band).mark_rect(color=theme.HIGHLIGHT, opacity=0.08)
            # A rect without y collapses: span the plot's full height explicitly.
            .encode(x="x:T", x2="x2:T", y=alt.value(0), y2=alt.value(alt.expr("height"))))
    # The label sits above the plot, where no line can cover it.
    label = (alt.Chart(band.assign(x=band["x"] + MID_MONTH))
             .mark_text(color=theme.HIGHLIGHT, fontWeight="bold", fontSize=13, baseline="bottom", dy=-4)
             .encode(x="x:T", y=alt.value(0), text="label:N"))
    return [rect, label]


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
        x=_next_month(last), value=targets["target"])
    # Layers name their fields like the lines' (x, value), so that the shared axes keep one title.
    legend = alt.Legend(title=tr("trends.col_target"), orient="bottom", direction="vertical", symbolType="stroke",
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
        kind_label=[tr(f"kind.{k}") for k in events["kind"]],
        where=[tr.place(c) for c in events[f"city_{tr.lang}"]],
        title=events[f"title_{tr.lang}"],
        label=events["number"].astype(str))
    colours = alt.Scale(domain=["positive", "negative", "neutral"], range=[theme.GOOD, theme.BAD, theme.NEUTRAL])
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
    cities = list(dict.fromkeys(data.loc[data["scope"] == "city"].sort_values(["rank", "series"])["series"]))
    names = [*cities, tr("frame.nationwide")]
    colours = [theme.SERIES[i % len(theme.SERIES)] for i in range(len(cities))] + [theme.NATIONAL]
    targets = targets if targets is not None and kpi == INDEX else pd.DataFrame()

    values = list(data["value"]) + list(targets.get("target", []))
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    pad = max((high - low) * 0.06, 0.5)
    events = events if events is not None else pd.DataFrame()
    strip = (high - low + 2 * pad) * STRIP_SHARE if not events.empty else 0.0
    domain = [low - pad - strip, high + pad]
    first, last = pd.Timestamp(trend["month"].min()), pd.Timestamp(trend["month"].max())

    ticks = _ticks(low - pad, high + pad)
    ticks_step = ticks[1] - ticks[0] if len(ticks) > 1 else 1
    x = alt.X("x:T", scale=_x_scale(first, last), axis=_month_axis(trend["month"]))
    y = alt.Y("value:Q", scale=alt.Scale(domain=domain, nice=False, zero=False),
              axis=alt.Axis(title=_axis_title(kpi, tr), values=ticks, format=".0f" if ticks_step >= 1 else ".1f"))
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

    layers = [*_chosen_month_layers(month, tr), *_target_layers(targets, last, tr), lines, points, significant,
              *_event_layers(events, domain[0], low - pad, (_next_month(last) - _month_start(first)).days, tr)]
    # Cities, targets and the events' kinds each have their own colour scale (and legend, where one helps).
    chart = alt.layer(*layers).resolve_scale(color="independent").properties(height=HEIGHT, width="container")
    return theme.themed(chart)


def _axis_title(kpi: Kpi, tr: Translator) -> str:
    return f"{kpi.label(tr.lang)} ({tr('trends.hours')})" if kpi.format == "hours" else kpi.label(tr.lang)


def _significance_text(change: float, significant: object, kpi: Kpi, tr: Translator) -> str:
    if pd.isna(change):
        return "–"
    text = kpi.format_delta(change, lang=tr.lang) or "–"
    if pd.isna(significant):
        return text
    return f"{text} · {tr('trends.significant') if significant else tr('trends.within_noise')}"


def _month_labels(months: pd.Series) -> list[str]:
    return [f"{m:%Y-%m}" for m in pd.to_datetime(months)]


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
    colours = [theme.HIGHLIGHT, *theme.SERIES[1:5], theme.NATIONAL]
    low, high = data["value"].min(), data["value"].max()
    pad = max((high - low) * 0.08, 0.5)
    chart = alt.layer(
        *_chosen_month_layers(month, tr),
        alt.Chart(data).mark_line(point=True).encode(
            x=alt.X("x:T", scale=_x_scale(history["month"].min(), history["month"].max()),
                    axis=_month_axis(history["month"])),
            y=alt.Y("value:Q", scale=alt.Scale(domain=[low - pad, high + pad], nice=False, zero=False),
                    axis=alt.Axis(title=tr("city.score"))),
            color=alt.Color("series:N", scale=alt.Scale(domain=names, range=colours),
                            legend=SERIES_LEGEND),
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
    zones = pd.DataFrame({"x": [_month_start(first)] * 2, "x2": [_next_month(last)] * 2,
                          "rank": [0.5, count - bottom + 0.5], "rank2": [top + 0.5, count + 0.5],
                          "zone": [tr("city.zone_top", count=top), tr("city.zone_bottom", count=bottom)],
                          "colour": [theme.SATISFACTION_RAMP[3], theme.SATISFACTION_RAMP[2]]})

    ranks = alt.Scale(domain=[0.5, count + 0.5], reverse=True, nice=False, zero=False)
    x = alt.X("x:T", scale=_x_scale(first, last), axis=_month_axis(history["month"]))
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
    chart = alt.layer(*_chosen_month_layers(month, tr), shade, zone_labels, line, *labels)
    return theme.themed(chart.properties(height=320, width="container"))


def nps_split_chart(history: pd.DataFrame, tr: Translator) -> alt.TopLevelMixin:
    """Promoters, passives and detractors of a city month by month as 100 % bars, with the NPS above each."""
    parts = {"promoter_share": tr("city.promoters"), "passive_share": tr("city.passives"),
             "detractor_share": tr("city.detractors")}
    data = _long(history, parts)
    data["order"] = data["column"].map({name: i for i, name in enumerate(parts)})
    data["shown"] = [f"{v:.0%}" for v in data["value"]]
    data["label"] = _month_labels(data["month"])
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
                                                   label=lambda f: _month_labels(f["month"]))
    text = alt.Chart(scores).mark_text(dy=-10, fontSize=13, fontWeight="bold", color=theme.TEXT).encode(
        x=x, y="top:Q", text="shown:N")
    return theme.themed(alt.layer(bars, text).properties(height=320, width="container"))


def channel_chart(channels: pd.DataFrame, month: dt.date, tr: Translator) -> alt.TopLevelMixin:
    """The chosen month's satisfaction index by contact channel, bars labelled with their responses."""
    data = channels[pd.to_datetime(channels["month"]) == pd.Timestamp(month)].copy()
    data["channel_name"] = [channel_name(c, tr) for c in data["channel"]]
    data["shown"] = [f"{INDEX.format_value(v)} · n={n}" for v, n in zip(data["index"], data["responses"], strict=True)]
    low = min(data["index"].min() - 5, 80) if not data.empty else 0
    y = alt.Y("channel_name:N", sort="-x", axis=alt.Axis(title=None, labelFontSize=14))
    bars = alt.Chart(data).mark_bar(color=theme.SERIES[1], height=26).encode(
        x=alt.X("index:Q", scale=alt.Scale(domain=[low, 100], zero=False, clamp=True),
                axis=alt.Axis(title=INDEX.label(tr.lang))),
        y=y, tooltip=[alt.Tooltip("channel_name:N", title=tr("city.channel")),
                      alt.Tooltip("shown:N", title=INDEX.label(tr.lang)),
                      alt.Tooltip("share:Q", title=tr("city.share"), format=".0%")])
    labels = bars.mark_text(align="left", dx=4, fontSize=13).encode(text="shown:N", color=alt.value(theme.TEXT))
    return theme.themed(alt.layer(bars, labels).properties(height=max(len(data), 1) * 44, width="container"))


def channel_mix_chart(channels: pd.DataFrame, tr: Translator) -> alt.TopLevelMixin:
    """How a city's responses split over channels month by month (100 % bars)."""
    data = channels.assign(channel_name=[channel_name(c, tr) for c in channels["channel"]],
                           label=_month_labels(channels["month"]))
    chart = alt.Chart(data).mark_bar(size=34).encode(
        x=alt.X("label:O", axis=alt.Axis(title=None, labelAngle=0)),
        y=alt.Y("responses:Q", stack="normalize", axis=alt.Axis(format="%", title=tr("city.share_of_responses"))),
        color=alt.Color("channel_name:N", scale=alt.Scale(range=list(theme.SERIES)),
                        legend=alt.Legend(title=None, orient="bottom")),
        tooltip=[alt.Tooltip("label:O", title=tr("col.month")),
                 alt.Tooltip("channel_name:N", title=tr("city.channel")),
                 alt.Tooltip("share:Q", title=tr("city.share"), format=".0%"),
                 alt.Tooltip("responses:Q", title=tr("col.responses"))])
    return theme.themed(chart.properties(height=320, width="container"))


def channel_name(channel: str, tr: Translator) -> str:
    from csat.texts import TEXTS

    key = f"city.channel_{channel}"
    return tr(key) if key in TEXTS else channel


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
