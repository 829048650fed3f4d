"""Charts of the scorecard page (pages/scorecard.py): a KPI of the nation (or the chosen cities together) month by
month over the targets' year, against the straight trajectory from baseline to target, the year's phases and any
external figure. Query results and the settings file (csat.targets) in, `alt.Chart` out, finished with
`theme.themed`; pages draw them with `theme.show`."""

import datetime as dt

import altair as alt
import pandas as pd

from csat import theme
from csat.charts.parts import MID_MONTH, chosen_month_layers, month_start, next_month
from csat.formats import is_missing
from csat.i18n import Translator
from csat.kpis import Kpi
from csat.targets import Targets


def _months(targets: Targets, month: dt.date) -> list[pd.Timestamp]:
    """The months the chart spans: the chosen month's year, and the whole period when the month is within it."""
    first = min(dt.date(month.year, 1, 1), targets.start) if targets.month_number(month) >= 1 else \
        dt.date(month.year, 1, 1)
    last = max(dt.date(month.year, 12, 1), targets.end) if targets.month_number(month) >= 1 else \
        dt.date(month.year, 12, 1)
    return list(pd.date_range(month_start(first), month_start(last), freq="MS"))


def trajectory(trend: pd.DataFrame, kpi: Kpi, targets: Targets, month: dt.date, tr: Translator,
               scope: str) -> alt.TopLevelMixin:
    """`kpi` of `trend` (kpi_trend: the scope's months up to `month`) as a line, the trajectory the settings set
    (purple, dashed: its value at each month's end), the phases as labelled bands along the top, the chosen month's
    band and each external figure of the KPI as a grey dotted rule labelled as external."""
    months = _months(targets, month)
    measured = trend[["month", kpi.name]].rename(columns={kpi.name: "value"}).dropna()
    measured = measured.assign(at=pd.to_datetime(measured["month"]) + MID_MONTH, series=scope,
                               text=[kpi.format_value(v, tr.lang) for v in measured["value"]])
    expected = [(m, targets.expected(kpi.name, m.date())) for m in months]
    path = pd.DataFrame([(m + MID_MONTH, v) for m, v in expected if v is not None], columns=["at", "value"])
    path = path.assign(series=tr("scorecard.trajectory_label"),
                       text=[kpi.format_value(v, tr.lang) for v in path["value"]])
    x = alt.X("at:T", scale=alt.Scale(domain=[months[0].isoformat(), next_month(months[-1]).isoformat()]),
              axis=alt.Axis(format="%b" if tr.lang == "en" else "%-m月", title=None, grid=False,
                            values=[alt.DateTime(year=m.year, month=m.month, date=15) for m in months],
                            labelOverlap="parity"))
    values = [*measured["value"], *path["value"]]
    benchmarks = targets.benchmarks.get(kpi.name, ())
    values += [b.value for b in benchmarks]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    pad = (high - low) * 0.15 or abs(high) * 0.1 or 1.0
    domain = [low - pad, high + pad]
    if kpi.format in ("share", "seconds", "hours"):
        domain = [max(domain[0], 0.0), min(domain[1], 1.0) if kpi.format == "share" and high <= 1 else domain[1]]
    # The KPI's name is the chart's title (a long axis title ran past a short plot's top and hid it).
    y = alt.Y("value:Q", scale=alt.Scale(domain=domain, nice=False),
              axis=alt.Axis(format=kpi.axis_format, title=None, tickCount=5))
    colour = alt.Color("series:N", scale=alt.Scale(domain=[scope, tr("scorecard.trajectory_label")],
                                                   range=[theme.NATIONAL, theme.TARGET]),
                       legend=alt.Legend(title=None, orient="bottom"))
    tooltip = [alt.Tooltip("series:N", title=tr("scorecard.col_series")),
               alt.Tooltip("at:T", format="%Y-%m", title=tr("col.month")),
               alt.Tooltip("text:N", title=kpi.label(tr.lang))]
    layers: list[alt.TopLevelMixin] = []
    phases = pd.DataFrame([{"x": pd.Timestamp(p.start), "x2": pd.Timestamp(p.end) + pd.Timedelta(days=1),
                            "label": p.name(tr.lang), "shade": i % 2}
                           for i, p in enumerate(targets.phases)
                           if pd.Timestamp(p.end) >= months[0] and pd.Timestamp(p.start) <= next_month(months[-1])])
    if not phases.empty:
        layers.append(alt.Chart(phases).mark_rect(color=theme.TARGET).encode(
            x="x:T", x2="x2:T", y=alt.value(0), y2=alt.value(alt.expr("height")),
            opacity=alt.Opacity("shade:Q", scale=alt.Scale(domain=[0, 1], range=[0.03, 0.08]), legend=None)))
        # The phases' labels above the plot, where no line can cover them, alternating on two rows: side by
        # side, long names ran into each other.
        for row in (0, 1):
            layers.append(alt.Chart(phases[phases["shade"] == row]).mark_text(
                align="left", baseline="top", dx=3, color=theme.TARGET, fontSize=11, limit=150).encode(
                x="x:T", y=alt.value(-30 + 14 * row), text="label:N"))
    if targets.month_number(month) >= 1 or months[0] <= month_start(month):
        layers.extend(chosen_month_layers(month, tr)[:1])
    if benchmarks:
        marks = pd.DataFrame({"value": [b.value for b in benchmarks],
                              "text": [tr("scorecard.external_label", value=b.kpi.format_value(b.value, tr.lang))
                                       for b in benchmarks], "at": [months[0]] * len(benchmarks)})
        layers.append(alt.Chart(marks).mark_rule(color=theme.MUTED, strokeDash=[2, 3], strokeWidth=1.5).encode(y=y))
        layers.append(alt.Chart(marks).mark_text(align="right", baseline="bottom", dx=-3, dy=-2, color=theme.MUTED,
                                                 fontSize=11).encode(x=alt.value(alt.expr("width")), y=y,
                                                                     text="text:N"))
    if not path.empty:
        layers.append(alt.Chart(path).mark_line(strokeDash=[6, 4], strokeWidth=2).encode(
            x=x, y=y, color=colour, tooltip=tooltip))
    layers.append(alt.Chart(measured).mark_line(point=True, strokeWidth=2.5).encode(
        x=x, y=y, color=colour, tooltip=tooltip))
    chart = alt.layer(*layers).properties(height=320, width="container",
                                          title=alt.Title(kpi.titled(tr.lang), fontSize=14, offset=4))
    return theme.themed(chart)


def has_value(trend: pd.DataFrame, kpi: Kpi) -> bool:
    """Whether the trend holds any value of the KPI (a chart of nothing is left out, with a line saying so)."""
    return kpi.name in trend and not all(is_missing(v) for v in trend[kpi.name])
