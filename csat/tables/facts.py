"""Builders of the review's reported facts — the drivers of the month as reported (driver_figures), external
benchmarks beside the measured KPI (kpi_benchmarks), the reported "misunderstanding" share beside the measured
"could not understand" one (understanding_complaints), and the long-term model's grid (long_term_plan): query
results in, translated and formatted tables and lines out. Used by the causes and plan pages and the review."""

import pandas as pd

from csat.i18n import Translator
from csat.kpis import DIALECT_COMPLAINT_SHARE, KPIS, is_missing
from queries.contract import PLAN_DIMENSIONS, PLAN_HORIZONS

# A benchmark ratio is quoted ("4.0 times") only when the value is at least this many times the benchmark.
TIMES_FROM = 1.5


def _number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def driver_value(unit: str, value: object, tr: Translator) -> str:
    """One reported value in its unit: a share as a percentage, a change signed, seconds with their unit."""
    if is_missing(value):
        return "–"
    if unit == "share":
        return f"{value:.0%}"
    if unit == "change":
        return f"{value:+.0%}"
    return tr("facts.seconds", value=_number(value))


def driver_figure(row: pd.Series, tr: Translator) -> str:
    """'35% → 20%', '< 30 s', '+22%' for a driver_figures row."""
    value = driver_value(row["unit"], row["value"], tr)
    if not is_missing(row["comparison"]):
        value = tr(f"facts.{row['comparison']}", value=value)
    if is_missing(row["before"]):
        return value
    return tr("facts.before_after", before=driver_value(row["unit"], row["before"], tr), after=value)


def driver_table(figures: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """The month's reported driver figures (a driver_figures result), one row each, national ones first."""
    return pd.DataFrame({
        tr("facts.col_driver"): figures[f"driver_{tr.lang}"],
        tr("facts.col_effect"): [tr(f"facts.effect.{effect}") for effect in figures["effect"]],
        tr("facts.col_area"): [tr.place(name) for name in figures[f"name_{tr.lang}"]],
        tr("facts.col_measure"): [tr(f"facts.metric.{metric}") for metric in figures["metric"]],
        tr("facts.col_figure"): [driver_figure(row, tr) for _, row in figures.iterrows()],
        tr("facts.col_source"): figures[f"source_{tr.lang}"].fillna("–"),
    })


def _source(row: pd.Series, tr: Translator) -> str:
    source = row[f"source_{tr.lang}"]
    return "–" if is_missing(source) else source


def benchmark_cards(benchmarks: pd.DataFrame, tr: Translator) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """Per benchmarked KPI (a kpi_benchmarks result): its title and its cards, (label, value, help) each — the
    chosen cities' pooled value (when cities are chosen), the nation's, and the benchmark itself."""
    groups = []
    for _, row in benchmarks.iterrows():
        kpi = KPIS[row["kpi"]]
        help_text = tr("facts.benchmark_help", source=_source(row, tr), as_of=f"{row['as_of']:%Y-%m-%d}")
        cards = [(tr(key), kpi.format_value(value, tr.lang), help_text)
                 for key, value in (("causes.together", row["selection_value"]),
                                    ("frame.nationwide", row["national_value"]),
                                    ("facts.benchmark_value", row["benchmark"])) if not is_missing(value)]
        groups.append((tr("facts.benchmark_title", kpi=kpi.label(tr.lang)), cards))
    return groups


def benchmark_sentences(benchmarks: pd.DataFrame, who: str, tr: Translator) -> list[str]:
    """One sentence per benchmarked KPI: `who`'s value (the chosen cities pooled, else the nation) against the
    benchmark, as a multiple when it is at least TIMES_FROM times it. No value, no sentence."""
    sentences = []
    for _, row in benchmarks.iterrows():
        kpi = KPIS[row["kpi"]]
        value = row["selection_value"] if not is_missing(row["selection_value"]) else row["national_value"]
        if is_missing(value):
            continue
        figures = dict(kpi=kpi.label(tr.lang), who=who, value=kpi.format_value(value, tr.lang),
                       benchmark=kpi.format_value(row["benchmark"], tr.lang), source=_source(row, tr))
        if row["benchmark"] > 0 and value / row["benchmark"] >= TIMES_FROM:
            sentences.append(tr("facts.benchmark_times", times=_number(value / row["benchmark"]), **figures))
        else:
            sentences.append(tr("facts.benchmark_against", **figures))
    return sentences


def understanding_table(rows: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """Per city (an understanding_complaints result): the measured "could not understand" share of complaints
    beside the reported "misunderstanding" share, and the report's source."""
    return pd.DataFrame({
        tr("facts.col_city"): rows[f"name_{tr.lang}"],
        tr("facts.col_not_understood"): [DIALECT_COMPLAINT_SHARE.format_value(v, tr.lang)
                                         for v in rows["not_understood_share"]],
        tr("facts.col_misunderstood"): [DIALECT_COMPLAINT_SHARE.format_value(v, tr.lang)
                                        for v in rows["misunderstanding_share"]],
        tr("facts.col_source"): [_source(row, tr) for _, row in rows.iterrows()],
    })


def adopted_on(plan: pd.DataFrame) -> str:
    """The day the long-term plan in force (a long_term_plan result) was adopted, as YYYY-MM-DD."""
    return f"{plan['adopted_on'].iloc[0]:%Y-%m-%d}"


def city_names(focus: pd.DataFrame, tr: Translator) -> str:
    """The cities of a result with name columns, by name: 'Urumqi, Lanzhou, Hohhot' / '乌鲁木齐、兰州、呼和浩特'."""
    return ("、" if tr.lang == "zh" else ", ").join(focus[f"name_{tr.lang}"])


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
