"""Tables of the scorecard page (pages/scorecard.py): the year's targets against the measured KPIs, nationally and
per city, the external benchmarks and the capability model. Query results and the settings file (csat.targets)
in, display tables out; `assess` adds the targets, the trajectory's expectation and the statuses to
scorecard_actuals."""

import datetime as dt

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from csat import kpis, theme
from csat.codes import code_text
from csat.formats import is_missing
from csat.i18n import Translator
from csat.kpis import KPIS
from csat.tables.plan import status_style
from csat.targets import Targets, status

STATUS_COLOURS = {"met": theme.GOOD, "on_track": theme.FAIR_GOOD, "behind": theme.BAD, "no_data": theme.GRID}
# The perspective of each scorecard KPI (csat.kpis.SCORECARD_PERSPECTIVES).
PERSPECTIVE = {kpi.name: perspective for perspective, group in kpis.SCORECARD_PERSPECTIVES.items() for kpi in group}


def _value(value: object) -> float | None:
    return None if is_missing(value) else float(value)


def assess(actuals: pd.DataFrame, targets: Targets, month: dt.date) -> pd.DataFrame:
    """scorecard_actuals with each row's perspective, baseline, target, the trajectory's expectation for the month
    (expected) and for the year to date (expected_ytd), and the two statuses (csat.targets.status)."""
    rows = []
    for _, row in actuals.iterrows():
        kpi = KPIS[row["metric"]]
        target = targets.targets.get(kpi.name)
        expected = targets.expected(kpi.name, month)
        expected_ytd = targets.expected_to_date(kpi.name, month)
        goal = target.target if target is not None else None
        rows.append({
            "perspective": PERSPECTIVE[kpi.name],
            "baseline": target.baseline if target is not None else None,
            "target": goal,
            "expected": expected,
            "month_status": status(kpi, _value(row["month_value"]), expected, goal if expected is not None else None),
            "expected_ytd": expected_ytd,
            "ytd_status": status(kpi, _value(row["ytd_value"]), expected_ytd,
                                 goal if expected_ytd is not None else None),
        })
    extra = pd.DataFrame(rows, index=actuals.index, columns=["perspective", "baseline", "target", "expected",
                                                             "month_status", "expected_ytd", "ytd_status"])
    return pd.concat([actuals, extra], axis=1)


def nation(assessed: pd.DataFrame) -> pd.DataFrame:
    """The nation's rows (city_code empty)."""
    return assessed[assessed["city_code"].isna()].reset_index(drop=True)


def cities(assessed: pd.DataFrame) -> pd.DataFrame:
    """The cities' rows."""
    return assessed[assessed["city_code"].notna()].reset_index(drop=True)


def _text(kpi: kpis.Kpi, value: object, lang: str) -> str:
    return kpi.format_value(_value(value), lang)


def _goal(kpi: kpis.Kpi, row: pd.Series, tr: Translator) -> str:
    """"72% → 85%", or the target alone ("≤ 15 s") without a baseline, or "–" without a target."""
    if is_missing(row["target"]):
        return "–"
    target = kpi.format_value(row["target"], tr.lang)
    if is_missing(row["baseline"]):
        return f"{'≥' if kpi.higher_is_better else '≤'} {target}"
    return f"{kpi.format_value(row['baseline'], tr.lang)} → {target}"


def status_counts(national: pd.DataFrame, column: str = "month_status") -> dict[str, int]:
    """How many targeted KPIs are in each status (the statuses with none left out), in STATUS_COLOURS' order."""
    counts = national[column].value_counts()
    return {code: int(counts[code]) for code in STATUS_COLOURS if code in counts}


def _coloured(table: pd.DataFrame, columns: list[str], tr: Translator) -> Styler:
    labelled = {code_text("scorecard_status", code, tr): colour for code, colour in STATUS_COLOURS.items()}
    return table.style.map(lambda cell: status_style(labelled[cell]) if cell in labelled else "", subset=columns)


def scorecard_table(national: pd.DataFrame, tr: Translator) -> Styler:
    """The nation's scorecard: one row per KPI in the perspectives' order — baseline → target, then the month's
    value, its expectation on the trajectory and its status, then the same for the year to date."""
    rows = []
    for _, row in national.iterrows():
        kpi = KPIS[row["metric"]]
        rows.append({
            tr("scorecard.col_perspective"): tr(f"scorecard.perspective.{row['perspective']}"),
            tr("scorecard.col_kpi"): kpi.label(tr.lang),
            tr("scorecard.col_goal"): _goal(kpi, row, tr),
            tr("scorecard.col_month"): _text(kpi, row["month_value"], tr.lang),
            tr("scorecard.col_expected"): _text(kpi, row["expected"], tr.lang),
            tr("scorecard.col_month_status"): code_text("scorecard_status", row["month_status"], tr),
            tr("scorecard.col_ytd"): _text(kpi, row["ytd_value"], tr.lang),
            tr("scorecard.col_expected_ytd"): _text(kpi, row["expected_ytd"], tr.lang),
            tr("scorecard.col_ytd_status"): code_text("scorecard_status", row["ytd_status"], tr),
        })
    table = pd.DataFrame(rows)
    return _coloured(table, [tr("scorecard.col_month_status"), tr("scorecard.col_ytd_status")], tr)


def pinned_columns(tr: Translator) -> dict:
    """The scorecard table's KPI column stays in view when the table scrolls sideways on a phone."""
    return {tr("scorecard.col_kpi"): st.column_config.TextColumn(pinned=True)}


def targeted(national: pd.DataFrame) -> list[kpis.Kpi]:
    """The KPIs the settings give a target, in the scorecard's order."""
    return [KPIS[m] for m, t in zip(national["metric"], national["target"], strict=True) if not is_missing(t)]


def city_table(assessed: pd.DataFrame, shown: list[kpis.Kpi], period: str, tr: Translator,
               statuses: bool = False) -> Styler:
    """Every city (and the nation first) against the targets: one column per targeted KPI, the value of the month
    (`period` "month") or the year to date ("ytd"), each cell filled with its status's colour; with `statuses`
    (the slide, whose table has no colours) each value followed by its status in words."""
    value_column, status_column = ("month_value", "month_status") if period == "month" else ("ytd_value",
                                                                                             "ytd_status")
    frame = pd.concat([nation(assessed), cities(assessed)])
    names = [tr("frame.nationwide") if is_missing(code) else name
             for code, name in zip(frame["city_code"], frame[f"name_{tr.lang}"], strict=True)]
    frame = frame.assign(place=names)
    order = list(dict.fromkeys(names))
    table = pd.DataFrame({tr("col.city"): order})
    styles = pd.DataFrame("", index=table.index, columns=[tr("col.city")])
    for kpi in shown:
        picked = frame[frame["metric"] == kpi.name].set_index("place").reindex(order)
        label = kpi.label(tr.lang)
        table[label] = [_text(kpi, v, tr.lang) + (f" · {code_text('scorecard_status', s, tr)}" if statuses else "")
                        for v, s in zip(picked[value_column], picked[status_column], strict=True)]
        styles[label] = [status_style(STATUS_COLOURS[s]) if s in STATUS_COLOURS else "" for s in picked[status_column]]
    return table.style.apply(lambda _: styles, axis=None)


def benchmarks_table(national: pd.DataFrame, targets: Targets, tr: Translator) -> pd.DataFrame:
    """The external figures of the settings file, each beside the nation's measured value of the month — two
    columns that say which is which, never one."""
    measured = dict(zip(national["metric"], national["month_value"], strict=True))
    rows = [{tr("scorecard.col_kpi"): b.kpi.label(tr.lang),
             tr("scorecard.col_external"): b.kpi.format_value(b.value, tr.lang),
             tr("scorecard.col_source"): b.source(tr.lang),
             tr("scorecard.col_measured"): _text(b.kpi, measured.get(b.kpi.name), tr.lang)}
            for group in targets.benchmarks.values() for b in group]
    return pd.DataFrame(rows, columns=[tr("scorecard.col_kpi"), tr("scorecard.col_external"),
                                       tr("scorecard.col_source"), tr("scorecard.col_measured")])


def capability_table(team: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """The capability model's five areas from the assessed skills (team_matrix; csat.kpis.CAPABILITY_AREAS), with
    certification, for the nation and each city: an area the exports do not assess says so in its header."""
    team = pd.concat([team[team["city_code"].isna()], team[team["city_code"].notna()]])
    names = [tr("frame.nationwide") if is_missing(code) else name
             for code, name in zip(team["city_code"], team[f"name_{tr.lang}"], strict=True)]
    table = {tr("col.city"): names}
    for area, kpi in kpis.CAPABILITY_AREAS.items():
        if kpi is None:
            continue
        name = tr(f"scorecard.area.{area}")
        header = name if name == kpi.label(tr.lang) else tr("scorecard.capability_from", area=name,
                                                             skill=kpi.label(tr.lang))
        table[header] = [kpi.format_value(_value(v), tr.lang) for v in team[kpi.name]]
    for kpi in (kpis.CERTIFIED_SHARE, kpis.SENIOR_CERTIFIED_SHARE):
        table[kpi.label(tr.lang)] = [kpi.format_value(_value(v), tr.lang) for v in team[kpi.name]]
    return pd.DataFrame(table)


def has_skills(team: pd.DataFrame) -> bool:
    """Whether team_matrix holds any assessed skill or certification (the optional team_skills export)."""
    columns = [kpi.name for kpi in kpis.CAPABILITY_AREAS.values() if kpi is not None]
    return bool(team[[*columns, kpis.CERTIFIED_SHARE.name, kpis.SENIOR_CERTIFIED_SHARE.name]].notna().any().any())


def unassessed_areas(tr: Translator) -> list[str]:
    """The capability areas no column of the exports assesses."""
    return [tr(f"scorecard.area.{area}") for area, kpi in kpis.CAPABILITY_AREAS.items() if kpi is None]


def export(assessed: pd.DataFrame) -> pd.DataFrame:
    """The scorecard's figures unformatted, for the CSV download: one row per city (empty: the nation) and KPI."""
    renamed = {"baseline": "baseline_value", "target": "target_value", "expected": "expected_value",
               "expected_ytd": "expected_ytd_value"}
    columns = ["city_code", "name_zh", "name_en", "perspective", "metric", "baseline_value", "target_value",
               "month_value", "expected_value", "month_status", "ytd_value", "expected_ytd_value", "ytd_status",
               "ytd_months"]
    frame = pd.concat([nation(assessed), cities(assessed)]).rename(columns=renamed)
    return frame[columns].reset_index(drop=True)
