"""Chart builders of the causes page: the mix of low-score reasons and complaint categories, the themes of
low-score comments, the driver scatter and the early-warning projection. Query results in, `alt.Chart` out
in the dashboard's theme."""

import altair as alt
import pandas as pd

from csat import formats, theme
from csat.charts.parts import city_colour_scale
from csat.codes import code_text
from csat.i18n import Translator
from csat.kpis import INDEX, KPIS

ROW_HEIGHT = 34
# Streamlit sizes a container-wide chart with "fit", which squeezes the plot to make room for legends and
# axes; "fit-x" fits the width only, so the given height is the plot's own.
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")
LABEL_LIMIT = 260
# A cause mix's legend is one list under the plot: two columns of long cause names ran past a phone's edge.
LEGEND_LABEL_LIMIT = 180
# Segments narrower than this carry no printed share (the tooltip has it).
MIN_LABELLED_SHARE = 0.08
# One colour per cause, the same in both mixes where reasons and categories name the same thing (dialect,
# logistics, attitude, other); the eight reasons take eight different colours, and so do the eight categories.
ITEM_COLOURS = {
    "dialect": theme.CAUSES[1], "logistics": theme.CAUSES[2], "attitude": theme.CAUSES[4], "other": theme.CAUSES[6],
    "slow_response": theme.CAUSES[0], "unresolved": theme.CAUSES[7], "no_follow_up": theme.CAUSES[5],
    "system_outage": theme.CAUSES[3], "product": theme.CAUSES[0], "billing": theme.CAUSES[7],
    "account": theme.CAUSES[5], "technical": theme.CAUSES[3],
}


def _finished(chart: alt.TopLevelMixin, height: float) -> alt.TopLevelMixin:
    return theme.themed(chart.properties(height=height, width="container", autosize=FIT_WIDTH))


def _scope_names(frame: pd.DataFrame, tr: Translator) -> list[str]:
    """The display name of each row's scope: the city's name, 'chosen cities together' or 'nationwide'."""
    others = {"selection": tr("causes.together"), "nation": tr("frame.nationwide")}
    return [others.get(scope) or name for scope, name in zip(frame["scope"], frame[f"name_{tr.lang}"], strict=True)]


def cause_mix(mix: pd.DataFrame, source: str, focus_codes: list[str], tr: Translator,
              legend_columns: int = 1) -> alt.Chart:
    """One 100% bar per scope (each chosen city, the cities together, the nation) split by low-score reason
    (source 'reason') or complaint category ('category'), from a low_score_causes result. The legend is one list
    (a page's half column on a phone); a slide, wide but of a fixed height, asks for more columns."""
    data = mix[(mix["source"] == source) & (mix["total"] > 0)].copy()
    if len(focus_codes) == 1:  # one chosen city: its pool is itself
        data = data[data["scope"] != "selection"]
    data["scope_name"] = _scope_names(data, tr)
    data["row"] = [tr("causes.mix_row", name=name, total=int(total))
                   for name, total in zip(data["scope_name"], data["total"], strict=True)]
    # Pareto order: the causes sorted by their share in the chosen cities (together, or the one city).
    leading = data[data["scope"] == ("selection" if len(focus_codes) > 1 else "city")]
    if leading.empty:
        leading = data[data["scope"] == "nation"]
    items = list(dict.fromkeys([*leading.sort_values(["share", "item"], ascending=[False, True])["item"],
                                *data["item"]]))
    item_order = [code_text(source, item, tr) for item in items]
    data["item_label"] = [code_text(source, item, tr) for item in data["item"]]
    data["item_order"] = [items.index(item) for item in data["item"]]
    scope_order = {"city": 0, "selection": 1, "nation": 2}
    data["row_order"] = [scope_order[s] * 100 + (focus_codes.index(c) if isinstance(c, str) else 0)
                         for s, c in zip(data["scope"], data["city_code"], strict=True)]
    rows = list(data.sort_values("row_order")["row"].drop_duplicates())
    percent = alt.Axis(format="%", title=tr("causes.mix_share"), grid=False)
    base = (alt.Chart(data)
            .transform_stack(stack="share", groupby=["row"], sort=[alt.SortField("item_order")], as_=["start", "end"])
            .transform_calculate(middle="(datum.start + datum.end) / 2"))
    y = alt.Y("row:N", sort=rows, title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT))
    bars = base.mark_bar(stroke="white", strokeWidth=1).encode(
        y=y, x=alt.X("start:Q", axis=percent, scale=alt.Scale(domain=[0, 1])), x2="end:Q",
        color=alt.Color("item_label:N", title=None, sort=item_order,
                        scale=alt.Scale(domain=item_order, range=[ITEM_COLOURS[item] for item in items]),
                        legend=alt.Legend(orient="bottom", columns=legend_columns, labelLimit=LEGEND_LABEL_LIMIT)),
        tooltip=[alt.Tooltip("row:N", title=tr("col.city")), alt.Tooltip("item_label:N", title=tr("causes.mix_item")),
                 alt.Tooltip("share:Q", title=tr("causes.mix_share"), format=".1%"),
                 alt.Tooltip("share_prev:Q", title=tr("causes.tip_last_month"), format=".1%"),
                 alt.Tooltip("count:Q", title=tr("causes.tip_count"))])
    labels = base.transform_filter(f"datum.share >= {MIN_LABELLED_SHARE}").mark_text(
        color="white", fontSize=12, fontWeight=600).encode(
        y=y, x="middle:Q", text=alt.Text("share:Q", format=".0%"))
    return _finished(bars + labels, ROW_HEIGHT * len(rows))


def theme_shares(themes: pd.DataFrame, tr: Translator) -> alt.Chart:
    """Share of low-score comments mentioning each theme: bars for the chosen cities, a dark tick for the
    nation (a comment_themes result)."""
    chosen, nation = tr("causes.share_selected"), tr("frame.nationwide")
    data = pd.concat([
        pd.DataFrame({"theme": themes["theme"], "scope": chosen, "share": themes["selected_share"],
                      "count": themes["selected_count"]}),
        pd.DataFrame({"theme": themes["theme"], "scope": nation, "share": themes["national_share"],
                      "count": themes["national_count"]}),
    ])
    data["theme_label"] = [code_text("theme", t, tr) for t in data["theme"]]
    # The chosen cities' shares are printed as a column at the right edge, clear of every bar and tick: printed
    # beside whichever of the bar and the nation's tick reached further, a share stood next to the nation's tick
    # and read as the nation's.
    peak = data["share"].max()
    room = (0.0 if pd.isna(peak) else float(peak)) * 1.2 + 0.08
    data["label_at"] = room
    order = [code_text("theme", t, tr) for t in themes["theme"]]  # the query's order: the chosen cities' share
    colour = alt.Color("scope:N", title=None, scale=alt.Scale(domain=[chosen, nation],
                                                             range=[theme.SELECTION, theme.NATIONAL]),
                       legend=alt.Legend(orient="bottom", direction="vertical"))
    y = alt.Y("theme_label:N", sort=order, title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT))
    # One axis for the layers (they share the scale): a layer's own default axis undid the tick count.
    axis, scale = alt.Axis(format="%", tickCount=5, title=tr("causes.mix_share")), alt.Scale(domain=[0, room])
    x = alt.X("share:Q", axis=axis, scale=scale)
    tooltip = [alt.Tooltip("theme_label:N", title=tr("causes.col_theme")), alt.Tooltip("scope:N", title=None),
               alt.Tooltip("share:Q", format=".1%", title=tr("causes.mix_share")),
               alt.Tooltip("count:Q", title=tr("causes.tip_count"))]
    bars = (alt.Chart(data).transform_filter(alt.datum.scope == chosen)
            .mark_bar(opacity=0.85).encode(y=y, x=x, color=colour, tooltip=tooltip))
    labels = (alt.Chart(data).transform_filter((alt.datum.scope == chosen) & alt.expr.isValid(alt.datum.share))
              .mark_text(align="right", dx=-2, fontSize=12, color=theme.TEXT)
              .encode(y=y, x=alt.X("label_at:Q", axis=axis, scale=scale),
                      text=alt.Text("share:Q", format=".0%")))
    ticks = (alt.Chart(data).transform_filter(alt.datum.scope == nation)
             .mark_tick(thickness=3, size=ROW_HEIGHT * 0.7).encode(y=y, x=x, color=colour, tooltip=tooltip))
    return _finished(bars + ticks + labels, ROW_HEIGHT * len(order))


def driver_scatter(drivers: pd.DataFrame, factor: str, outcome: str, chosen: list[str], month: object,
                   tr: Translator) -> alt.Chart:
    """Every city-month of one driver pair (a driver_relationships result): other cities grey, the chosen
    cities in colour (this month outlined), and the least-squares line over the observed range."""
    x_kpi, y_kpi = KPIS[factor], KPIS[outcome]
    data = drivers[(drivers["factor"] == factor) & (drivers["outcome"] == outcome)].copy()
    other = tr("causes.driver_legend_other")
    data["city"] = data[f"name_{tr.lang}"]
    data["group"] = [city if code in chosen else other for city, code in zip(data["city"], data["city_code"],
                                                                              strict=True)]
    data["this_month"] = data["month"] == pd.Timestamp(month)
    data["month_text"] = [formats.month(m) for m in data["month"]]
    data["layer"] = [1 if code in chosen else 0 for code in data["city_code"]]
    present = dict(zip(data["city_code"], data["city"], strict=False))
    axis = {field: {"title": kpi.titled(tr.lang), "scale": alt.Scale(zero=False),
                    "axis": alt.Axis(format=kpi.axis_format)} for field, kpi in (("x", x_kpi), ("y", y_kpi))}
    x, y = alt.X("x:Q", **axis["x"]), alt.Y("y:Q", **axis["y"])
    colour = alt.Color("group:N", title=None, legend=alt.Legend(orient="bottom"),
                       scale=city_colour_scale(chosen, present, rest=(other, theme.MUTED)))
    points = alt.Chart(data).mark_circle().encode(
        x=x, y=y, color=colour, order=alt.Order("layer:Q"),
        opacity=alt.condition(alt.datum.layer == 1, alt.value(0.95), alt.value(0.25)),
        size=alt.condition(alt.datum.layer == 1, alt.value(90), alt.value(36)),
        stroke=alt.condition(alt.datum.this_month & (alt.datum.layer == 1), alt.value(theme.TEXT),
                             alt.value(None)),
        strokeWidth=alt.value(2),
        tooltip=[alt.Tooltip("city:N", title=tr("col.city")), alt.Tooltip("month_text:N", title=tr("col.month")),
                 alt.Tooltip("x:Q", title=x_kpi.label(tr.lang), format=x_kpi.axis_format.replace("%", ".1%")),
                 alt.Tooltip("y:Q", title=y_kpi.label(tr.lang), format=y_kpi.axis_format.replace("%", ".1%"))])
    pair = data.iloc[0] if len(data) else None
    if pair is None:
        return _finished(points, 420)
    line_x = [pair["x_min"], pair["x_max"]]
    fit = pd.DataFrame({"x": line_x, "y": [pair["intercept"] + pair["slope"] * v for v in line_x]})
    line = alt.Chart(fit).mark_line(color=theme.NATIONAL, strokeDash=[6, 4], strokeWidth=2).encode(x=x, y=y)
    return _finished(points + line, 420)


def warning_chart(trend: pd.DataFrame, warnings: pd.DataFrame, chosen: list[str], threshold: float,
                  tr: Translator) -> alt.Chart:
    """The chosen cities' index over the window (a city_trend result), each extended by a dashed line to next
    month's projection with its 90% interval (an early_warning result), the measured next month where the data
    has it, the threshold line, and an amber ▲ under warned cities' intervals."""
    order = {code: i for i, code in enumerate(chosen)}
    history = trend[trend["city_code"].isin(chosen) & trend["index"].notna()].copy()
    future = warnings[warnings["city_code"].isin(chosen) & warnings["projected"].notna()].copy()
    history["city"] = history[f"name_{tr.lang}"]
    future["city"] = future[f"name_{tr.lang}"]
    # Side by side at the projected month, so the cities' intervals do not hide each other.
    spread = [(order[code] - (len(chosen) - 1) / 2) * 5 for code in future["city_code"]]
    future["at"] = pd.to_datetime(future["projected_month"]) + pd.to_timedelta(spread, unit="D")
    present = dict(zip(history["city_code"], history["city"], strict=False))
    colour = alt.Color("city:N", title=None, scale=city_colour_scale(chosen, present),
                       legend=alt.Legend(orient="bottom"))
    lows = [v for v in (*history["index"], *future["projected_low"], *future["actual_next"].dropna()) if pd.notna(v)]
    highs = [v for v in (*history["index"], *future["projected_high"]) if pd.notna(v)]
    scale = alt.Scale(domain=[min([*lows, threshold]) - 1.5, max([*highs, threshold]) + 1], zero=False, nice=False)

    def y(field: str) -> alt.Y:
        return alt.Y(f"{field}:Q", title=INDEX.label(tr.lang), scale=scale)

    # Half a month of room on both sides, so the first point and the projected intervals are not cut.
    margin = pd.Timedelta(days=15)
    first, last = history["month"].min(), pd.concat([history["month"], future["at"]]).max()
    domain = [(first - margin).isoformat(), (last + margin).isoformat()] if pd.notna(first) else alt.Undefined
    x = alt.X("at:T", title=None, scale=alt.Scale(domain=domain),
              axis=alt.Axis(format="%Y-%m", tickCount={"interval": "month", "step": 1}, labelAngle=0, grid=False))
    city_tip = alt.Tooltip("city:N", title=tr("col.city"))
    observed = alt.Chart(history.assign(at=history["month"])).mark_line(point=True, strokeWidth=2).encode(
        x=x, y=y("index"), color=colour,
        tooltip=[city_tip, alt.Tooltip("at:T", title=tr("col.month"), format="%Y-%m"),
                 alt.Tooltip("index:Q", title=INDEX.label(tr.lang), format=".1f")])
    last = history.sort_values("month").groupby("city_code").tail(1)
    bridge = pd.concat([last.assign(at=last["month"], value=last["index"])[["city", "at", "value"]],
                        future.assign(value=future["projected"])[["city", "at", "value"]]])
    dashed = alt.Chart(bridge).mark_line(strokeDash=[4, 3], strokeWidth=1.5).encode(
        x=x, y=y("value"), color=colour, detail="city:N")
    interval_tip = [city_tip, alt.Tooltip("projected:Q", title=tr("causes.projection"), format=".1f"),
                    alt.Tooltip("projected_low:Q", title=tr("causes.col_interval"), format=".1f"),
                    alt.Tooltip("projected_high:Q", title=" ", format=".1f")]
    interval = alt.Chart(future).mark_rule(strokeWidth=3, opacity=0.55).encode(
        x=x, y=y("projected_low"), y2="projected_high:Q", color=colour, tooltip=interval_tip)
    projected = alt.Chart(future).mark_point(shape="diamond", filled=True, size=130, opacity=1).encode(
        x=x, y=y("projected"), color=colour, tooltip=interval_tip)
    actual = alt.Chart(future.dropna(subset=["actual_next"])).mark_point(
        shape="circle", filled=False, size=110, strokeWidth=2).encode(
        x=x, y=y("actual_next"), color=colour,
        tooltip=[city_tip, alt.Tooltip("actual_next:Q", title=tr("causes.actual"), format=".1f")])
    line = pd.DataFrame({"value": [threshold], "label": [tr("causes.threshold_label", threshold=threshold)]})
    rule = alt.Chart(line).mark_rule(color=theme.BAD, strokeDash=[6, 4], strokeWidth=1.5).encode(y=y("value"))
    rule_label = alt.Chart(line).mark_text(align="left", baseline="bottom", dx=4, dy=-3, color=theme.BAD,
                                           fontSize=12).encode(y=y("value"), x=alt.value(0), text="label:N")
    triangles = alt.Chart(future[future["warned"]]).mark_text(text="▲", color=theme.WARNING, fontSize=16,
                                                              fontWeight="bold", dy=14).encode(
        x=x, y=y("projected_low"))
    return _finished(alt.layer(rule, rule_label, observed, dashed, interval, projected, actual, triangles), 380)
