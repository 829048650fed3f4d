"""Table builders of the improvement-plan page: the plan's filters, the overview of initiatives, the overdue
milestones, expected against measured effects, and the closed-loop summary.

The status rules live in queries/plan_progress.sql and queries/milestones_timeline.sql; these builders only
choose, label and format.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from csat import formats, kpis, theme
from csat.codes import code_text
from csat.i18n import Translator
from csat.markup import plain
from queries.contract import PLAN_DIMENSIONS, PLAN_HORIZONS

# Initiative statuses (plan_progress.status) in reading order: results first, then what is still running.
STATUSES = ("achieved", "late", "missed", "at_risk", "on_track", "not_started", "no_data")
# Their colours in tables and charts, and those of the milestone states (milestones_timeline.status, in the
# legend's order), on the good ↔ bad scale: reached in time dark blue, on track mid blue, reached or done late
# pale blue, at risk amber (the warning hue), missed or overdue red, greys for what has not begun or cannot be
# measured.
STATUS_COLOURS = {"achieved": theme.GOOD, "late": theme.LATE_GOOD, "missed": theme.BAD, "at_risk": theme.WARNING,
                  "on_track": theme.FAIR_GOOD, "not_started": theme.MUTED, "no_data": theme.GRID}
MILESTONE_COLOURS = {"done_on_time": theme.GOOD, "done_late": theme.LATE_GOOD, "overdue": theme.BAD,
                     "open": theme.MUTED}
# The value of the area filter that stands for the national initiatives (city_code NULL).
NATIONAL = "national"
# Milestone numbers in the closed-loop chart and its list.
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
# Months averaged on each side of a step's start when its effect is measured (plan_outcomes' `months`).
OUTCOME_MONTHS = 3
# The outcome KPIs of plan_outcomes, in column order.
OUTCOME_KPIS = (kpis.COMPLAINTS, kpis.DIALECT_COMPLAINTS, kpis.INDEX)


@dataclass(frozen=True)
class PlanChoices:
    """The options of the plan's filters, from the initiatives shown."""

    steps: list[int]
    areas: list[str]           # city codes, then NATIONAL
    owners: list[str]
    area_names: dict[str, str]


def current_state(progress: pd.DataFrame) -> pd.DataFrame:
    """Each initiative's row as of the chosen month (plan_progress rows with is_current)."""
    return progress[progress["is_current"]].reset_index(drop=True)


def area_code(row: pd.Series) -> str:
    """The initiative's area for the filters: its city code, or NATIONAL for a national initiative."""
    return row["city_code"] if isinstance(row["city_code"], str) else NATIONAL


def area_name(row: pd.Series, tr: Translator) -> str:
    """The initiative's city in the page's language, or "nationwide"."""
    return tr.place(row[f"city_{tr.lang}"])


def initiative_label(row: pd.Series, tr: Translator, title: str = "title") -> str:
    """'Step 1 · Urumqi · Emergency response speed-up' — one initiative, unambiguously, for charts and pickers.
    `title` is the stem of the initiative's title columns (milestones_timeline calls them initiative_zh/_en)."""
    return f"{tr('plan.step', step=int(row['step']))} · {area_name(row, tr)} · {row[f'{title}_{tr.lang}']}"


def initiative_labels(current: pd.DataFrame, tr: Translator) -> dict[str, str]:
    """Initiative id → its label, in the plan's order (for the closed-loop picker)."""
    return {row["initiative_id"]: initiative_label(row, tr) for _, row in current.iterrows()}


def choices(current: pd.DataFrame, tr: Translator) -> PlanChoices:
    """The options of the plan's filters from the current initiatives: steps, areas (cities by name, then
    national), owners, and each area's name."""
    areas = {area_code(row): area_name(row, tr) for _, row in current.iterrows()}
    ordered = sorted((code for code in areas if code != NATIONAL), key=areas.get)
    if NATIONAL in areas:
        ordered.append(NATIONAL)
    return PlanChoices(sorted(int(s) for s in current["step"].unique()), ordered, sorted(current["owner"].unique()),
                       areas)


def chosen(current: pd.DataFrame, steps: Sequence[int], areas: Sequence[str], owners: Sequence[str],
           statuses: Sequence[str]) -> list[str]:
    """The initiative ids that pass the page's filters (an empty filter keeps everything)."""
    keep = pd.Series(True, index=current.index)
    if steps:
        keep &= current["step"].isin(steps)
    if areas:
        keep &= current.apply(area_code, axis=1).isin(areas)
    if owners:
        keep &= current["owner"].isin(owners)
    if statuses:
        keep &= current["status"].isin(statuses)
    return list(current.loc[keep, "initiative_id"])


def select(frame: pd.DataFrame, initiative_ids: Sequence[str]) -> pd.DataFrame:
    """The rows of any plan result (progress, milestones) that belong to the given initiatives."""
    return frame[frame["initiative_id"].isin(initiative_ids)].reset_index(drop=True)


def select_outcomes(outcomes: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    """The plan_outcomes rows of the steps and areas that the chosen initiatives cover."""
    covered = {(int(row["step"]), area_code(row)) for _, row in current.iterrows()}
    keep = [(int(row["step"]), area_code(row)) in covered for _, row in outcomes.iterrows()]
    return outcomes[keep].reset_index(drop=True)


def select_outcome_history(progress: pd.DataFrame, initiative_ids: Sequence[str]) -> pd.DataFrame:
    """The satisfaction-index initiatives (the plan's outcome targets) of every area the given initiatives
    cover, whatever their step: their plan_progress rows, month by month."""
    covered = {area_code(row) for _, row in progress[progress["initiative_id"].isin(initiative_ids)].iterrows()}
    index = progress[progress["metric"] == "satisfaction_index"]
    return index[[area_code(row) in covered for _, row in index.iterrows()]].reset_index(drop=True)


def status_counts(current: pd.DataFrame) -> dict[str, int]:
    """How many initiatives are in each status, for every status that occurs, in STATUSES order."""
    counts = current["status"].value_counts()
    return {status: int(counts[status]) for status in STATUSES if status in counts}


def _milestones_cell(row: pd.Series, tr: Translator) -> str:
    if not row["milestones"]:
        return tr("plan.no_milestones")
    text = tr("plan.milestones_done", done=int(row["milestones_done"]), total=int(row["milestones"]))
    if row["milestones_overdue"]:
        text += tr("plan.milestones_overdue", count=int(row["milestones_overdue"]))
    return text


def status_style(colour: str) -> str:
    """A status cell's CSS: filled with the status's colour, its text white or near-black, whichever reads better
    (status colours as text were too pale to read: late's light blue, no data's grey)."""
    return f"background-color: {colour}; color: {theme.text_on(colour)}; font-weight: 600"


def _status_colours(statuses: pd.Series, colours: dict[str, str]) -> list[str]:
    return [status_style(colours[s]) if s in colours else "" for s in statuses]


def overview_table(current: pd.DataFrame, tr: Translator) -> Styler:
    """One row per initiative: KPI, baseline → target, the measured value, progress, status (coloured), the month
    the target was first reached, due date, milestones and owner — the figures that decide the status first.
    (The time elapsed is in the progress chart and the CSV.)"""
    current = current.reset_index(drop=True)
    metric = [kpis.PLAN_METRIC_KPIS[m] for m in current["metric"]]
    fmt = [(kpi, row) for kpi, (_, row) in zip(metric, current.iterrows(), strict=True)]
    status_column = tr("plan.col_status")
    table = pd.DataFrame({
        tr("plan.col_step"): [str(int(s)) for s in current["step"]],
        tr("plan.col_initiative"): current[f"title_{tr.lang}"],
        tr("col.city"): [area_name(row, tr) for _, row in current.iterrows()],
        tr("plan.col_kpi"): [kpi.label(tr.lang) for kpi in metric],
        tr("plan.col_baseline_target"): [f"{kpi.format_value(row['baseline'], tr.lang)} → "
                                         f"{kpi.format_value(row['target'], tr.lang)}" for kpi, row in fmt],
        tr("plan.col_current"): [kpi.format_value(row["value"], tr.lang) for kpi, row in fmt],
        kpis.PLAN_PROGRESS.label(tr.lang): [kpis.PLAN_PROGRESS.format_value(v) for v in current["progress"]],
        status_column: [code_text("status", s, tr) for s in current["status"]],
        tr("plan.col_reached"): [formats.month(m) for m in current["reached_month"]],
        tr("plan.col_due"): [formats.day(d) for d in current["due_date"]],
        tr("plan.col_milestones"): [_milestones_cell(row, tr) for _, row in current.iterrows()],
        tr("plan.col_owner"): current["owner"],
    })
    labelled = {code_text("status", s, tr): colour for s, colour in STATUS_COLOURS.items()}
    return table.style.apply(lambda column: _status_colours(column, labelled), subset=[status_column])


def outcome_columns(tr: Translator) -> dict:
    """Column settings of the outcomes table: room for the promise's text and for every KPI's change (the
    automatic widths look at the first rows only, where some KPI cells are empty), all of it within a laptop's
    1440 px screen (the verdict, the last column, was cut at its edge)."""
    return {tr("plan.col_promise"): st.column_config.TextColumn(width=220),
            **{kpi.label(tr.lang): st.column_config.TextColumn(width=140) for kpi in OUTCOME_KPIS}}


def pinned_columns(tr: Translator) -> dict:
    """Column settings that keep the overview's step, initiative, city and status in view when it scrolls sideways
    (pinned columns show first: the status beside its initiative, never cut at the screen's edge)."""
    return {tr(key): st.column_config.TextColumn(pinned=True)
            for key in ("plan.col_step", "plan.col_initiative", "col.city", "plan.col_status")}


def rule_text(current: pd.DataFrame, tr: Translator) -> str:
    """The status rule as the page states it, with the tolerance plan_progress applied."""
    return tr("plan.rule", tolerance=f"{current['tolerance'].iloc[0] * 100:.0f}")


def overview_export(current: pd.DataFrame) -> pd.DataFrame:
    """The overview's figures unformatted, for the CSV download."""
    columns = ["initiative_id", "step", "title_zh", "title_en", "city_code", "city_zh", "city_en", "owner", "metric",
               "baseline", "target", "start_date", "due_date", "month", "value", "progress", "elapsed", "tolerance",
               "status", "reached_month", "milestones", "milestones_done", "milestones_overdue",
               "expected_effect_zh", "expected_effect_en"]
    return current[columns]


def without_milestones(current: pd.DataFrame, tr: Translator) -> list[str]:
    """The initiatives that have no milestone at all, labelled, as Markdown (the labels as plain text)."""
    return [plain(initiative_label(row, tr)) for _, row in current[current["milestones"] == 0].iterrows()]


def overdue_table(milestones: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """The milestones overdue at the end of the chosen month, most overdue first."""
    overdue = milestones[milestones["status"] == "overdue"].sort_values("days_late", ascending=False)
    overdue = overdue.reset_index(drop=True)
    return pd.DataFrame({
        tr("plan.col_milestone"): overdue[f"title_{tr.lang}"],
        tr("plan.col_initiative"): [initiative_label(row, tr, "initiative") for _, row in overdue.iterrows()],
        tr("plan.col_owner"): overdue["owner"],
        tr("plan.col_planned"): [formats.day(d) for d in overdue["due_date"]],
        tr("plan.col_days_late"): [str(int(d)) for d in overdue["days_late"]],
    })


def _outcome_cell(kpi: kpis.Kpi, row: pd.Series, tr: Translator) -> str:
    """'22 → 10 (−56%)' for counts, '83.3 → 88.5 (+5.2)' for the index; '' when the promise does not name it."""
    if not row["promised"]:
        return ""
    before = kpi.format_value(row["before"], tr.lang)
    if pd.isna(row["after"]):
        return f"{before} → {tr('plan.not_started_yet')}"
    if kpi.format == "count":
        change = formats.signed(row["change_share"], ".0%")
    else:
        change = kpi.format_delta(row["change"], row["before"], tr.lang, value=row["after"]) or "–"
    return f"{before} → {kpi.format_value(row['after'], tr.lang)} ({change})"


def _verdict(group: pd.DataFrame, tr: Translator) -> str:
    judged = group["promise_met"].dropna()
    if judged.empty:
        return "–"
    return tr("plan.promise_kept") if judged.all() else tr("plan.promise_short")


def outcomes_table(outcomes: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """One row per step and area: the promised effect, each KPI the promise names as before → after (change),
    and whether a promised figure was kept."""
    rows = []
    for _, group in outcomes.groupby(["step", "plan_order"], sort=False):
        first = group.iloc[0]
        row = {tr("plan.col_step"): str(int(first["step"])), tr("col.city"): area_name(first, tr),
               tr("plan.col_start"): formats.month(first["start_month"]),
               tr("plan.col_promise"): first[f"effect_{tr.lang}"]}
        by_kpi = group.set_index("kpi")
        for kpi in OUTCOME_KPIS:
            row[kpi.label(tr.lang)] = _outcome_cell(kpi, by_kpi.loc[kpi.name], tr) if kpi.name in by_kpi.index else ""
        row[tr("plan.col_verdict")] = _verdict(group, tr)
        rows.append(row)
    return pd.DataFrame(rows)


def loop_summary(row: pd.Series, month_label: str, tr: Translator) -> str:
    """The closed loop in one sentence: baseline before the start, the value now, the target and the status."""
    kpi = kpis.PLAN_METRIC_KPIS[row["metric"]]
    text = tr("plan.loop_summary", kpi=kpi.label(tr.lang), start=formats.day(row["start_date"]),
              baseline=kpi.format_value(row["baseline"], tr.lang), month=month_label,
              value=kpi.format_value(row["value"], tr.lang), target=kpi.format_value(row["target"], tr.lang),
              due=formats.day(row["due_date"]), status=code_text("status", row["status"], tr))
    if pd.notna(row["reached_month"]):
        text += tr("plan.loop_reached", month=formats.month(row["reached_month"]))
    return text


def milestone_numbers(milestones: pd.DataFrame) -> dict[str, str]:
    """① ② ③ … for one initiative's milestones in their order (the closed-loop chart and its list share them)."""
    return {mid: CIRCLED[i] if i < len(CIRCLED) else f"({i + 1})" for i, mid in enumerate(milestones["milestone_id"])}


def milestone_list(milestones: pd.DataFrame, tr: Translator) -> str:
    """One initiative's milestones as numbered Markdown lines: planned date, and done date or state (the titles
    as plain text)."""
    numbers = milestone_numbers(milestones)
    lines = []
    for _, row in milestones.iterrows():
        values = {"number": numbers[row["milestone_id"]], "title": plain(row[f"title_{tr.lang}"]),
                  "planned": formats.day(row["due_date"])}
        if pd.notna(row["done_date"]):
            lines.append(tr("plan.milestone_done_line", done=formats.day(row["done_date"]), **values))
        else:
            status = code_text("milestone_status", row["status"], tr)
            lines.append(tr("plan.milestone_open_line", status=status, **values))
    return "  \n".join(lines)


# --- the long-term model "three dimensions, one loop" (long_term_plan) ---------------------------------------

def adopted_on(plan: pd.DataFrame) -> str:
    """The day the long-term plan in force (a long_term_plan result) was adopted, as YYYY-MM-DD."""
    return formats.day(plan["adopted_on"].iloc[0])


def long_term_grid(plan: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """The long-term model (a long_term_plan result) as a grid: a row per dimension, a column per horizon, the
    cell's items in order, the dimension as the index. Dimensions and horizons the plan leaves empty show '–'."""
    texts = plan.groupby(["dimension", "horizon"], sort=False)[f"text_{tr.lang}"].agg(
        tr("facts.item_separator").join)
    rows = []
    for dimension in PLAN_DIMENSIONS:
        row = {tr("facts.col_dimension"): tr(f"facts.dimension.{dimension}")}
        for horizon in PLAN_HORIZONS:
            row[tr(f"facts.horizon.{horizon}")] = texts.get((dimension, horizon), "–")
        rows.append(row)
    return pd.DataFrame(rows).set_index(tr("facts.col_dimension"))
