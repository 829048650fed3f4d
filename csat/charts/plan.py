"""Chart builders of the improvement-plan page: progress against schedule, the milestones timeline, promised
against measured effects, the satisfaction index against its targets, and one initiative's closed loop.

Each takes plan query results (plan_progress, milestones_timeline, plan_outcomes) and a translator and returns
an `alt.Chart` finished in the dashboard's theme (`theme.themed`, like every chart builder); pages show them
with `theme.show(chart)`.
"""

import altair as alt
import pandas as pd

from csat import formats, kpis, theme
from csat.codes import code_text
from csat.i18n import Translator
from csat.tables.plan import (
    MILESTONE_COLOURS,
    STATUS_COLOURS,
    area_name,
    initiative_label,
    milestone_numbers,
    select_outcome_history,
)

ROW = 28                        # pixels per row of the bar and timeline charts
PROGRESS_SHOWN = (-0.5, 1.5)    # progress beyond this range is drawn at its edge (the label keeps the value)
LOOP_HEIGHT = 340
LABEL_LIMIT = 420


def _status_scale(colours: dict[str, str], prefix: str, statuses: pd.Series, tr: Translator) -> alt.Scale:
    """Translated statuses → their colours, for the statuses present, in the vocabulary's order."""
    keys = [k for k in colours if k in set(statuses)]
    return alt.Scale(domain=[tr(f"{prefix}.{k}") for k in keys], range=[colours[k] for k in keys])


def _status_colour(colours: dict[str, str], prefix: str, statuses: pd.Series, tr: Translator,
                   title: str | None) -> alt.Color:
    """A colour encoding of the field `status` (translated), with its legend on top (none without a title)."""
    legend = alt.Legend(title=title, orient="top") if title else None
    return alt.Color("status:N", scale=_status_scale(colours, prefix, statuses, tr), legend=legend)


def _kpi_axis(kpi: kpis.Kpi, title: str) -> alt.Axis:
    return alt.Axis(title=title, format=".0%" if kpi.format == "share" else ",.1~f")


def progress_bullets(current: pd.DataFrame, tr: Translator) -> alt.TopLevelMixin:
    """One bar per initiative: the share of the way from baseline (0%) to target (100%) covered, coloured by
    status, with a black tick at the share of its time elapsed — where the plan says it should be by now."""
    lo, hi = PROGRESS_SHOWN
    data = pd.DataFrame({
        "label": [initiative_label(row, tr) for _, row in current.iterrows()],
        "progress": current["progress"].clip(lo, hi).fillna(0.0),
        "progress_text": [kpis.PLAN_PROGRESS.format_value(v) for v in current["progress"]],
        "elapsed": current["elapsed"],
        # the number stands right of both the bar and the schedule tick
        "label_at": pd.concat([current["progress"].clip(lo, hi).fillna(0.0), current["elapsed"].fillna(0.0)],
                              axis=1).max(axis=1).clip(lower=0.0),
        "elapsed_text": [kpis.PLAN_ELAPSED.format_value(v) for v in current["elapsed"]],
        "status": [code_text("status", s, tr) for s in current["status"]],
        "kpi": [kpis.PLAN_METRIC_KPIS[m].label(tr.lang) for m in current["metric"]],
        "value": [kpis.PLAN_METRIC_KPIS[m].format_value(v, tr.lang)
                  for m, v in zip(current["metric"], current["value"], strict=True)],
        "target": [kpis.PLAN_METRIC_KPIS[m].format_value(v, tr.lang)
                   for m, v in zip(current["metric"], current["target"], strict=True)],
    })
    tooltip = [alt.Tooltip("label:N", title=tr("plan.col_initiative")), alt.Tooltip("kpi:N", title=tr("plan.col_kpi")),
               alt.Tooltip("value:N", title=tr("plan.col_current")), alt.Tooltip("target:N", title=tr("plan.target")),
               alt.Tooltip("progress_text:N", title=kpis.PLAN_PROGRESS.label(tr.lang)),
               alt.Tooltip("elapsed_text:N", title=kpis.PLAN_ELAPSED.label(tr.lang)),
               alt.Tooltip("status:N", title=tr("plan.col_status"))]
    y = alt.Y("label:N", sort=list(data["label"]), title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT))
    x = alt.X("progress:Q", scale=alt.Scale(domain=[lo, hi], nice=False, clamp=True),
              axis=alt.Axis(format=".0%", title=tr("plan.axis_progress"), values=[-0.5, 0, 0.25, 0.5, 0.75, 1, 1.25,
                                                                                  1.5]))
    base = alt.Chart(data).encode(y=y, tooltip=tooltip)
    bars = base.mark_bar(size=ROW * 0.6).encode(
        x=x, color=_status_colour(STATUS_COLOURS, "plan.status", current["status"], tr, tr("plan.col_status")))
    schedule = base.mark_tick(color=theme.TEXT, thickness=3, size=ROW * 0.9).encode(x="elapsed:Q")
    labels = base.mark_text(align="left", dx=8, fontSize=12, color=theme.TEXT).encode(x="label_at:Q",
                                                                                      text="progress_text:N")
    marks = pd.DataFrame({"at": [0.0, 1.0]})
    reference = alt.Chart(marks).mark_rule(color=theme.MUTED, strokeDash=[4, 3]).encode(x="at:Q")
    return theme.themed(alt.layer(reference, bars, schedule, labels)
                        .properties(height=alt.Step(ROW), width="container"))


def milestone_gantt(milestones: pd.DataFrame, tr: Translator) -> alt.TopLevelMixin:
    """Milestones on a calendar, one row each, grouped by initiative: the initiative's planned span as a pale bar,
    ◇ the planned date, ● the actual date, a line for the slip (late) or for the time overdue until the end of
    the chosen month, which a dashed line marks."""
    month_end = pd.Timestamp(milestones["month_end"].iloc[0])
    late_until = milestones["done_date"].where(milestones["status"] == "done_late")
    late_until = late_until.where(milestones["status"] != "overdue", month_end)
    data = pd.DataFrame({
        "label": [f"{tr('plan.step', step=int(row['step']))} · {area_name(row, tr)} · {row[f'title_{tr.lang}']}"
                  for _, row in milestones.iterrows()],
        "initiative": [initiative_label(row, tr, "initiative") for _, row in milestones.iterrows()],
        "start": milestones["start_date"],
        "end": milestones["initiative_due_date"],
        "due": milestones["due_date"],
        "done": milestones["done_date"],
        "late_until": late_until,
        "status": [code_text("milestone_status", s, tr) for s in milestones["status"]],
        "due_text": [formats.day(d, missing="") for d in milestones["due_date"]],
        "done_text": [formats.day(d, missing="") or code_text("milestone_status", s, tr)
                      for d, s in zip(milestones["done_date"], milestones["status"], strict=True)],
        "days_late": [("" if pd.isna(d) else str(int(d))) for d in milestones["days_late"]],
    })
    first = min(data["start"].min(), data["due"].min()) - pd.Timedelta(days=20)
    last = max(data["end"].max(), data["due"].max(), month_end) + pd.Timedelta(days=20)
    x_scale = alt.Scale(domain=[first.isoformat(), last.isoformat()])
    y = alt.Y("label:N", sort=list(dict.fromkeys(data["label"])), title=None,
              axis=alt.Axis(labelLimit=LABEL_LIMIT))
    colour = _status_colour(MILESTONE_COLOURS, "plan.ms", milestones["status"], tr, tr("plan.legend_milestone"))
    tooltip = [alt.Tooltip("label:N", title=tr("plan.col_milestone")),
               alt.Tooltip("initiative:N", title=tr("plan.col_initiative")),
               alt.Tooltip("due_text:N", title=tr("plan.col_planned")),
               alt.Tooltip("done_text:N", title=tr("plan.col_done")),
               alt.Tooltip("status:N", title=tr("plan.col_status")),
               alt.Tooltip("days_late:N", title=tr("plan.col_days_late"))]
    base = alt.Chart(data).encode(y=y, tooltip=tooltip)
    span = base.mark_bar(size=ROW * 0.7, color=theme.GRID).encode(
        x=alt.X("start:T", scale=x_scale, axis=alt.Axis(format="%Y-%m", title=None, tickCount="month",
                                                        labelAngle=0, labelOverlap=True)),
        x2="end:T")
    slip = base.transform_filter("isValid(datum.late_until)").mark_rule(strokeWidth=3).encode(
        x="due:T", x2="late_until:T", color=colour)
    planned = base.mark_point(shape="diamond", filled=False, size=130, strokeWidth=2).encode(x="due:T", color=colour)
    done = base.transform_filter("isValid(datum.done)").mark_point(shape="circle", filled=True, size=90,
                                                                  opacity=1).encode(x="done:T", color=colour)
    today = _as_of_rule(month_end, tr)
    return theme.themed(alt.layer(span, slip, planned, done, today)
                        .properties(height=alt.Step(ROW), width="container"))


def _as_of_rule(month_end: pd.Timestamp, tr: Translator) -> alt.TopLevelMixin:
    """A dashed vertical line at the end of the chosen month, labelled at the top."""
    marker = pd.DataFrame({"at": [month_end], "text": [tr("plan.as_of", date=formats.day(month_end, missing=""))]})
    rule = alt.Chart(marker).mark_rule(color=theme.HIGHLIGHT, strokeDash=[6, 4], strokeWidth=2).encode(x="at:T")
    label = alt.Chart(marker).mark_text(align="right", baseline="bottom", dx=-4, dy=-4, color=theme.HIGHLIGHT,
                                        fontSize=12).encode(x="at:T", y=alt.value(0), text="text:N")
    return alt.layer(rule, label)


def promise_bars(outcomes: pd.DataFrame, tr: Translator) -> alt.TopLevelMixin | None:
    """For every step and area whose promise names a figure: the measured change since before the start (bar,
    green when it went at least as far as promised) against the promised change (purple tick)."""
    promised = outcomes[outcomes["promised_change"].notna() & outcomes["change_share"].notna()]
    if promised.empty:
        return None
    kept = {True: tr("plan.promise_kept"), False: tr("plan.promise_short")}
    labels = [f"{tr('plan.step', step=int(row['step']))} · {area_name(row, tr)} · "
              f"{kpis.KPIS[row['kpi']].label(tr.lang)}" for _, row in promised.iterrows()]
    data = pd.DataFrame({
        "label": labels,
        "measured": promised["change_share"].clip(-1, 1),
        "measured_text": [formats.signed(v, ".0%") for v in promised["change_share"]],
        "promised": promised["promised_change"],
        "promised_text": [formats.signed(v, ".0%") for v in promised["promised_change"]],
        "verdict": [kept[bool(v)] for v in promised["promise_met"]],
        "promise": promised[f"effect_{tr.lang}"],
    })
    tooltip = [alt.Tooltip("label:N", title=tr("plan.col_initiative")),
               alt.Tooltip("promise:N", title=tr("plan.col_promise")),
               alt.Tooltip("promised_text:N", title=tr("plan.legend_promised")),
               alt.Tooltip("measured_text:N", title=tr("plan.legend_measured"))]
    y = alt.Y("label:N", sort=labels, title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT))
    x = alt.X("measured:Q", scale=alt.Scale(domain=[-1, 0.25], nice=False),
              axis=alt.Axis(format=".0%", title=tr("plan.axis_change")))
    base = alt.Chart(data).encode(y=y, tooltip=tooltip)
    colour = alt.Color("verdict:N", scale=alt.Scale(domain=[kept[True], kept[False]],
                                                    range=[theme.GOOD, theme.BAD]),
                       legend=alt.Legend(title=tr("plan.legend_measured"), orient="top"))
    bars = base.mark_bar(size=ROW * 0.6).encode(x=x, color=colour)
    ticks = base.mark_tick(color=theme.TARGET, thickness=4, size=ROW * 0.95).encode(x="promised:Q")
    texts = base.mark_text(align="left", dx=6, fontSize=12, color=theme.TEXT).encode(
        x=alt.datum(0), text="measured_text:N")
    return theme.themed(alt.layer(bars, ticks, texts).properties(height=alt.Step(ROW), width="container"))


def _month_axis() -> alt.Axis:
    return alt.Axis(format="%Y-%m", title=None, labelAngle=0, labelOverlap=True, labelSeparation=8)


def index_outcomes(progress: pd.DataFrame, chosen_ids: list[str], tr: Translator) -> alt.TopLevelMixin | None:
    """The satisfaction index of every area the chosen initiatives cover that has an index target, month by
    month, against its target (dashed), with the first month it reached the target marked by a large dot."""
    history = select_outcome_history(progress, chosen_ids)
    if history.empty:
        return None
    areas = [area_name(row, tr) for _, row in history.iterrows()]
    data = pd.DataFrame({"month": history["month"], "value": history["value"], "area": areas,
                         "value_text": [kpis.INDEX.format_value(v) for v in history["value"]],
                         "target_text": [kpis.INDEX.format_value(v) for v in history["target"]],
                         "reached": history["month"] == history["reached_month"]})
    order = list(dict.fromkeys(areas))
    national = tr("frame.nationwide")
    cities = iter(theme.SERIES)
    palette = [theme.NATIONAL if area == national else next(cities) for area in order]
    colour = alt.Color("area:N", sort=order, scale=alt.Scale(domain=order, range=palette),
                       legend=alt.Legend(title=None, orient="top"))
    x = alt.X("month:T", axis=_month_axis())
    y = alt.Y("value:Q", scale=alt.Scale(zero=False, nice=True), axis=_kpi_axis(kpis.INDEX, kpis.INDEX.label(tr.lang)))
    tooltip = [alt.Tooltip("area:N", title=tr("col.city")),
               alt.Tooltip("month:T", format="%Y-%m", title=tr("col.month")),
               alt.Tooltip("value_text:N", title=kpis.INDEX.label(tr.lang)),
               alt.Tooltip("target_text:N", title=tr("plan.target"))]
    lines = alt.Chart(data).mark_line(point=True, strokeWidth=2).encode(x=x, y=y, color=colour, tooltip=tooltip)
    reached = alt.Chart(data[data["reached"]]).mark_point(filled=True, size=260, opacity=1, stroke=theme.TEXT,
                                                          strokeWidth=1.5).encode(
        x="month:T", y="value:Q", color=colour, tooltip=tooltip)
    targets = history[["target"]].drop_duplicates()
    labels = [tr("plan.target_label", value=kpis.INDEX.format_value(t)) for t in targets["target"]]
    targets = targets.assign(at=history["month"].min(), text=labels)
    target_rules = alt.Chart(targets).mark_rule(color=theme.TARGET, strokeDash=[6, 4], strokeWidth=2).encode(
        y="target:Q")
    target_text = alt.Chart(targets).mark_text(align="left", baseline="top", dx=2, dy=3, color=theme.TARGET,
                                               fontSize=12).encode(x="at:T", y="target:Q", text="text:N")
    start = _event_rules(pd.DataFrame({"at": [history["start_date"].min()], "text": [tr("plan.start_label")]}))
    return theme.themed(alt.layer(target_rules, target_text, start, lines, reached)
                        .properties(height=360, width="container"))


def _event_rules(events: pd.DataFrame, colour: str = theme.MUTED) -> alt.TopLevelMixin:
    """Vertical rules at dates (column at) with a label at the top (column text)."""
    rules = alt.Chart(events).mark_rule(color=colour, strokeDash=[2, 3]).encode(x="at:T")
    labels = alt.Chart(events).mark_text(align="left", baseline="top", dx=3, dy=2, color=colour, fontSize=12).encode(
        x="at:T", y=alt.value(0), text="text:N")
    return alt.layer(rules, labels)


def closed_loop(history: pd.DataFrame, milestones: pd.DataFrame, tr: Translator) -> alt.TopLevelMixin:
    """One initiative's KPI month by month before and after its start: the plan window shaded (start → due),
    baseline and target as horizontal lines, each month's point coloured by the status as of that month, and
    the milestones' completion dates as numbered vertical lines (the numbers of tables.plan.milestone_list)."""
    row = history.iloc[-1]
    kpi = kpis.PLAN_METRIC_KPIS[row["metric"]]
    data = pd.DataFrame({"month": history["month"], "value": history["value"],
                         "value_text": [kpi.format_value(v, tr.lang) for v in history["value"]],
                         "status": [code_text("status", s, tr) for s in history["status"]]})
    first = history["month"].min() - pd.Timedelta(days=15)
    last = max(history["month"].max(), row["due_date"]) + pd.Timedelta(days=20)
    x_scale = alt.Scale(domain=[first.isoformat(), last.isoformat()])
    # A rect without a y encoding collapses: the window spans the plot's full height explicitly.
    window = alt.Chart(pd.DataFrame({"start": [row["start_date"]], "end": [row["due_date"]]})).mark_rect(
        color=theme.LAND).encode(x=alt.X("start:T", scale=x_scale, axis=_month_axis()), x2="end:T",
                                 y=alt.value(0), y2=alt.value("height"))
    tooltip = [alt.Tooltip("month:T", format="%Y-%m", title=tr("col.month")),
               alt.Tooltip("value_text:N", title=kpi.label(tr.lang)),
               alt.Tooltip("status:N", title=tr("plan.col_status"))]
    y = alt.Y("value:Q", scale=alt.Scale(zero=False, nice=True), axis=_kpi_axis(kpi, kpi.label(tr.lang)))
    line = alt.Chart(data).mark_line(color=theme.NATIONAL, strokeWidth=2).encode(x="month:T", y=y)
    points = alt.Chart(data).mark_point(filled=True, size=90, opacity=1).encode(
        x="month:T", y="value:Q", tooltip=tooltip,
        color=_status_colour(STATUS_COLOURS, "plan.status", history["status"], tr, tr("plan.legend_status_month")))
    levels = pd.DataFrame({
        "level": [row["baseline"], row["target"]],
        "text": [tr("plan.baseline_label", value=kpi.format_value(row["baseline"], tr.lang)),
                 tr("plan.target_label", value=kpi.format_value(row["target"], tr.lang))],
        "kind": ["baseline", "target"], "at": [history["month"].min()] * 2})
    level_colour = alt.Color("kind:N", scale=alt.Scale(domain=["baseline", "target"],
                                                       range=[theme.MUTED, theme.TARGET]), legend=None)
    level_rules = alt.Chart(levels).mark_rule(strokeDash=[6, 4], strokeWidth=2).encode(y="level:Q", color=level_colour)
    level_text = alt.Chart(levels).mark_text(align="left", baseline="bottom", dx=2, dy=-3, fontSize=12).encode(
        x="at:T", y="level:Q", text="text:N", color=level_colour)
    events = pd.DataFrame({"at": [row["start_date"], row["due_date"]],
                           "text": [tr("plan.start_label"), tr("plan.due_label")]})
    layers = [window, level_rules, level_text, _event_rules(events)]
    done = milestones[milestones["done_date"].notna()]
    if not done.empty:
        numbers = milestone_numbers(milestones)
        marks = pd.DataFrame({"at": done["done_date"], "number": [numbers[m] for m in done["milestone_id"]],
                              "title": done[f"title_{tr.lang}"],
                              "day": [formats.day(d, missing="") for d in done["done_date"]],
                              "status": [code_text("milestone_status", s, tr) for s in done["status"]],
                              # every other number a line higher, so that close dates stay readable
                              "lift": [-4 - 18 * (i % 2) for i in range(len(done))]})
        ms_tooltip = [alt.Tooltip("title:N", title=tr("plan.col_milestone")),
                      alt.Tooltip("day:N", title=tr("plan.col_done")),
                      alt.Tooltip("status:N", title=tr("plan.col_status"))]
        ms_colour = _status_colour(MILESTONE_COLOURS, "plan.ms", done["status"], tr, None)
        layers.append(alt.Chart(marks).mark_rule(strokeWidth=1.5, opacity=0.8).encode(
            x="at:T", color=ms_colour, tooltip=ms_tooltip))
        for lift in sorted(set(marks["lift"])):
            layers.append(alt.Chart(marks[marks["lift"] == lift]).mark_text(
                baseline="bottom", dy=lift, fontSize=15, fontWeight="bold").encode(
                x="at:T", y=alt.value("height"), text="number:N", tooltip=ms_tooltip, color=ms_colour))
    layers += [line, points]
    return theme.themed(alt.layer(*layers).resolve_scale(color="independent")
                        .properties(height=LOOP_HEIGHT, width="container"))
