"""Table builders of the causes page: the diagnosis table, the mix changes, driver statistics, verbatims,
incidents and early warnings — query results in, translated and formatted tables out."""

import math

import pandas as pd
from pandas.io.formats.style import Styler

from csat import formats, theme
from csat.codes import code_text
from csat.i18n import Translator
from csat.kpis import (
    DIAGNOSIS_COMPARED,
    DIAGNOSIS_KPIS,
    DIALECT_COMPLAINT_SHARE,
    INDEX,
    KPIS,
    Kpi,
    format_count,
    is_missing,
)
from csat.markup import plain

# How much worse than the nation (relative to the nation's value) makes a cell light, medium or dark red.
SHORTFALL_STEPS = ((0.5, 0.50), (0.2, 0.32), (0.05, 0.16))
BETTER_STEP = -0.05
MIN_PERCENT_BASE = 10
STRENGTHS = ((0.5, "strong"), (0.3, "moderate"), (0.1, "weak"))


def shortfall(kpi: Kpi, value: float | None, nation: float | None) -> float | None:
    """How much worse than the nation a value is, as a share of the nation's value, in the KPI's good direction
    (0.5 = 50% worse; negative = better). None when either is missing or the KPI has no good direction."""
    if kpi.higher_is_better is None or is_missing(value) or is_missing(nation):
        return None
    if nation == 0:  # any difference from a nation at zero counts as far off
        return 0.0 if value == 0 else math.copysign(math.inf, value if kpi.higher_is_better is False else -value)
    gap = (value - nation) / abs(nation)
    return -gap if kpi.higher_is_better else gap


def shortfall_style(gap: float | None) -> str:
    """The cell style of a shortfall: red tints by how far worse, blue when clearly better."""
    if gap is None:
        return ""
    for limit, alpha in SHORTFALL_STEPS:
        if gap >= limit:
            return f"background-color: {theme.css_rgba(theme.BAD, alpha)}"
    return f"background-color: {theme.css_rgba(theme.GOOD, 0.14)}" if gap <= BETTER_STEP else ""


def city_label(city: pd.Series, tr: Translator) -> str:
    """'Urumqi (rank 30, 83.2)' for a diagnosed_cities row."""
    name = city[f"name_{tr.lang}"]
    if pd.isna(city["rank"]):
        return tr("causes.city_unranked", name=name)
    return tr("causes.city_rank", name=name, rank=int(city["rank"]), index=INDEX.format_value(city["index"]))


def city_list(focus: pd.DataFrame, tr: Translator) -> str:
    """The diagnosed cities (a diagnosed_cities result) as one line of Markdown: 'Urumqi (rank 30, 83.2), Lanzhou
    (…)', the names as plain text."""
    return tr.join([plain(city_label(city, tr)) for _, city in focus.iterrows()])


def scope_columns(focus: pd.DataFrame, tr: Translator, pooled: bool = True) -> list[tuple[str, str | None, str]]:
    """(scope, city code, column title) of the diagnosed cities, their pool (if `pooled` and more than one) and
    the nation."""
    columns = [("city", code, name) for code, name in zip(focus["city_code"], focus[f"name_{tr.lang}"], strict=True)]
    if pooled and len(focus) > 1:
        columns.append(("selection", None, tr("causes.together")))
    columns.append(("nation", None, tr("frame.nationwide")))
    return columns


def diagnosis_table(diagnosis: pd.DataFrame, focus: pd.DataFrame, tr: Translator,
                    figures: tuple[Kpi, ...] = DIAGNOSIS_KPIS, full: bool = True, best_city: bool = True) -> Styler:
    """One row per figure; a column per diagnosed city, their pool, the nation and the best city. City and pool
    cells are tinted by their shortfall against the nation (see `shortfall_style`). `figures` and `full=False`
    (no pool, no best city) give the review slide's shorter table; `best_city=False` leaves out the best city (a
    regional manager's diagnosis: it is another city's figure, which their answers do not hold)."""
    values = {(row.metric, row.scope, row.city_code if isinstance(row.city_code, str) else None): row.value
              for row in diagnosis.itertuples(index=False)}
    extremes = {(row.metric, row.scope): row for row in diagnosis.itertuples(index=False)
                if row.scope in ("lowest", "highest")}
    columns = scope_columns(focus, tr, pooled=full)
    with_best = full and best_city
    rows, styles = [], []
    for kpi in figures:
        compared = kpi in DIAGNOSIS_COMPARED
        nation = values.get((kpi.name, "nation", None))
        row, style = {tr("causes.col_figure"): kpi.label(tr.lang)}, [""]
        for scope, code, title in columns:
            value = values.get((kpi.name, scope, code))
            row[title] = kpi.format_value(value, tr.lang)
            style.append(shortfall_style(shortfall(kpi, value, nation)) if compared and scope != "nation" else "")
        if with_best:
            best = extremes.get((kpi.name, "highest" if kpi.higher_is_better else "lowest")) if compared else None
            row[tr("causes.col_best")] = _best_city(best, kpi, tr)
            style.append("")
        rows.append(row)
        styles.append(style)
    table = pd.DataFrame(rows)
    style_frame = pd.DataFrame(styles, columns=table.columns)
    return table.style.apply(lambda _: style_frame, axis=None)


def _best_city(best: object, kpi: Kpi, tr: Translator) -> str:
    if best is None:
        return "–"
    value = kpi.format_value(best.value, tr.lang)
    if best.tied_cities > 1:
        return tr("causes.best_tied", count=int(best.tied_cities), value=value)
    return tr("causes.best_city", name=getattr(best, f"name_{tr.lang}"), value=value)


def mix_changes(mix: pd.DataFrame, source: str, tr: Translator) -> pd.DataFrame:
    """The chosen cities' and the nation's mix of one source (reason or category) with the change on last
    month — share and change in percentage points, and the nation's count with its change — in the order of
    the chosen cities' shares."""
    rows = mix[mix["source"] == source]
    selection = rows[rows["scope"] == "selection"].set_index("item")
    nation = rows[rows["scope"] == "nation"].set_index("item")
    order = list(selection.sort_values("share", ascending=False).index) if len(selection) else list(nation.index)
    table = pd.DataFrame({tr("causes.mix_item"): [code_text(source, item, tr) for item in order]})
    if len(selection):
        table[tr("causes.col_share_selected")] = [_share_change(selection.loc[i]) for i in order]
    table[tr("causes.col_share_nation")] = [_share_change(nation.loc[i]) for i in order]
    table[tr("causes.col_count_nation")] = [_count_change(nation.loc[i], tr.lang) for i in order]
    return table


def _share_change(row: pd.Series) -> str:
    """'35% (+0.7)': a share with its change on last month in percentage points (the caption says so)."""
    if is_missing(row["share"]):
        return "–"
    if is_missing(row["share_change"]):
        return f"{row['share']:.0%}"
    return f"{row['share']:.0%} ({formats.signed(row['share_change'] * 100, '.1f')})"


def _count_change(row: pd.Series, lang: str) -> str:
    """'280 (+80, +40%)': a count with its change on last month (the percentage only from a base of 10, where
    it means something)."""
    change = formats.signed(int(row["count_change"]), ",")
    if row["count_prev"] >= MIN_PERCENT_BASE and row["count_change"] != 0:
        change += f", {formats.signed(row['count_change'] / row['count_prev'], '.0%')}"
    return f"{format_count(row['count'], lang)} ({change})"


def _strength(r: float) -> str:
    if is_missing(r):
        return "unknown"
    return next((name for limit, name in STRENGTHS if abs(r) >= limit), "none")


PAIR_COLUMNS = ["factor", "outcome", "r", "slope", "intercept", "r2", "observations", "x_min", "x_max"]


def driver_pairs(drivers: pd.DataFrame) -> pd.DataFrame:
    """The statistics of each (factor, outcome) pair of a driver_relationships result (one row per pair, its
    observations left out), in the query's order: the index's drivers strongest first."""
    return drivers.drop_duplicates(["factor", "outcome"])[PAIR_COLUMNS].reset_index(drop=True)


def pair_label(pair: pd.Series, tr: Translator) -> str:
    """A driver pair in the page's language, as the picker shows it: 'factor → outcome'."""
    return tr("causes.driver_pair", factor=KPIS[pair["factor"]].label(tr.lang),
              outcome=KPIS[pair["outcome"]].label(tr.lang))


def slope_text(pair: pd.Series, tr: Translator) -> str:
    """The slope in words for a step of the factor: '-1.44 index points per extra hour'."""
    factor, outcome = KPIS[pair["factor"]], KPIS[pair["outcome"]]
    if is_missing(pair["slope"]):
        return formats.MISSING
    per = tr(f"causes.per.{factor.format}")
    value = pair["slope"] * factor.step  # per step of the factor: 10 percentage points, one hour, 10 inquiries
    if outcome.format == "share":
        return tr("causes.effect_pp", value=formats.signed(value * 100, ".1f"), per=per, outcome=outcome.label(tr.lang))
    return tr("causes.effect_points", value=formats.signed(value, ".2f"), per=per)


def pair_reading(pair: pd.Series, tr: Translator) -> str:
    """The chosen relationship in words (Markdown): r, its strength, the city-months and the slope; or why the
    data cannot tell (r is undefined when the factor or the outcome does not vary)."""
    if is_missing(pair["r"]):
        return tr("causes.pair_no_data", pair=pair_label(pair, tr), observations=f"{int(pair['observations']):,}")
    return tr("causes.pair_reading", pair=pair_label(pair, tr), r=formats.signed(pair["r"], ".2f"),
              strength=tr(f"causes.strength.{_strength(pair['r'])}"), observations=f"{int(pair['observations']):,}",
              slope=slope_text(pair, tr), r2=formats.number(pair["r2"], ".0%"))


def driver_table(drivers: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """Each factor's relationship with the index (and dialect coverage with dialect complaints): r, its
    strength in words, the slope per step and the number of city-months."""
    pairs = driver_pairs(drivers)
    return pd.DataFrame({
        tr("causes.col_factor"): [KPIS[f].label(tr.lang) for f in pairs["factor"]],
        tr("causes.col_outcome"): [KPIS[o].label(tr.lang) for o in pairs["outcome"]],
        tr("causes.col_r"): [formats.signed(r, ".2f") for r in pairs["r"]],
        tr("causes.col_strength"): [tr(f"causes.strength.{_strength(r)}") for r in pairs["r"]],
        tr("causes.col_effect"): [slope_text(pair, tr) for _, pair in pairs.iterrows()],
        tr("causes.col_observations"): [f"{int(n):,}" for n in pairs["observations"]],
    })


def theme_keywords(themes: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """The theme dictionary as read by comment_themes, with an example comment of the chosen cities."""
    return pd.DataFrame({
        tr("causes.col_theme"): [code_text("theme", t, tr) for t in themes["theme"]],
        tr("causes.col_keywords"): themes["keywords"],
        tr("causes.col_example"): themes["example"].fillna("–"),
    })


def verbatim_table(verbatims: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """Low-score comments as customers wrote them, with city, reason and the response's own score."""
    return pd.DataFrame({
        tr("causes.col_date"): [formats.moment(t) for t in verbatims["submitted_at"]],
        tr("col.city"): verbatims[f"name_{tr.lang}"],
        tr("causes.col_reason"): [code_text("reason", r, tr) for r in verbatims["low_score_reason"]],
        tr("causes.col_comment"): verbatims["comment"],
        tr("causes.col_score"): [INDEX.format_value(v) for v in verbatims["score"]],
        tr("causes.col_nps"): ["–" if pd.isna(v) else str(int(v)) for v in verbatims["nps"]],
    })


def incident_figures(incidents: pd.DataFrame, tr: Translator) -> list[tuple[str, str]]:
    """(label, value) of the month's outage totals for metric cards."""
    figures = (("causes.outages", len(incidents)), ("causes.lost_all", incidents["lost_tickets"].sum()),
               ("causes.lost_selected", incidents["lost_tickets_selected"].sum()),
               ("causes.repeats_all", incidents["repeat_complaints"].sum()),
               ("causes.repeats_selected", incidents["repeat_complaints_selected"].sum()))
    return [(tr(key), format_count(value, tr.lang)) for key, value in figures]


def incident_table(incidents: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """The month's outages, one row each: title, system, start, duration, where, and the lost tickets and
    repeat complaints in all cities and in the chosen ones."""
    return pd.DataFrame({
        tr("causes.col_incident"): incidents[f"title_{tr.lang}"],
        tr("causes.col_system"): incidents["system"],
        tr("causes.col_started"): [formats.short_moment(t) for t in incidents["started_at"]],
        tr("causes.col_duration"): [f"{h:.1f}" for h in incidents["duration_hours"]],
        tr("causes.col_where"): [tr.place(city)
                                 for city in incidents[f"city_{tr.lang}"]],
        tr("causes.lost_all"): [format_count(v, tr.lang) for v in incidents["lost_tickets"]],
        tr("causes.col_of_which_selected"): [format_count(v, tr.lang) for v in incidents["lost_tickets_selected"]],
        tr("causes.repeats_all"): [format_count(v, tr.lang) for v in incidents["repeat_complaints"]],
        tr("causes.col_of_which_selected") + " ": [format_count(v, tr.lang)
                                                   for v in incidents["repeat_complaints_selected"]],
    })


def warned_names(warnings: pd.DataFrame, tr: Translator) -> str:
    """The warned cities of an early_warning result, as one list of Markdown in the page's language (the names
    as plain text)."""
    return tr.join([plain(name) for name in warnings.loc[warnings["warned"], f"name_{tr.lang}"]])


def _why_warned(row: pd.Series, tr: Translator) -> str:
    reasons = []
    if row["projected_below"]:
        reasons.append(tr("causes.why.projected", threshold=row["threshold"]))
    elif row["low_below"]:
        reasons.append(tr("causes.why.low", threshold=row["threshold"]))
    if row["falling"]:
        reasons.append(tr("causes.why.falling", months=int(row["falling_months"])))
    return ("；" if tr.lang == "zh" else "; ").join(reasons) or tr("causes.why.none")


def warning_table(warnings: pd.DataFrame, chosen: list[str], tr: Translator) -> Styler:
    """The warned cities and the chosen ones: this month, the projection with its interval, the trend, how
    long it has been falling and why it is warned (the amber ▲ before the name)."""
    shown = warnings[warnings["warned"] | warnings["city_code"].isin(chosen)].reset_index(drop=True)
    table = pd.DataFrame({
        tr("col.city"): [f"▲ {name}" if warned else name
                         for name, warned in zip(shown[f"name_{tr.lang}"], shown["warned"], strict=True)],
        tr("causes.col_index_now"): [INDEX.format_value(v) for v in shown["index"]],
        tr("causes.col_projected"): [INDEX.format_value(v) if pd.notna(v) else tr("causes.too_short")
                                     for v in shown["projected"]],
        tr("causes.col_interval"): ["–" if pd.isna(low) else f"{low:.1f} – {high:.1f}"
                                    for low, high in zip(shown["projected_low"], shown["projected_high"], strict=True)],
        tr("causes.col_slope"): [formats.signed(v, ".2f") for v in shown["slope"]],
        tr("causes.col_falling"): [str(int(v)) for v in shown["falling_months"]],
        tr("causes.col_warning"): [_why_warned(row, tr) for _, row in shown.iterrows()],
        tr("causes.col_actual"): [INDEX.format_value(v) for v in shown["actual_next"]],
    })
    warned = list(shown["warned"])

    def mark(column: pd.Series) -> list[str]:
        colour = f"color: {theme.BAD}; font-weight: 600"
        return [colour if warned[i] and column.name == tr("col.city") else "" for i in range(len(column))]

    return table.style.apply(mark, axis=0)


# --- the review's reported facts: the month's drivers as reported (driver_figures), external benchmarks beside
# the measured KPI (kpi_benchmarks), the reported "misunderstanding" share beside the measured "could not
# understand" one (understanding_complaints) -----------------------------------------------------------------

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
        return formats.signed(value, ".0%")
    return tr("facts.seconds", value=_number(value))


def driver_figure(row: pd.Series, tr: Translator) -> str:
    """'35% → 20%', '< 30 s', '+22%' for a driver_figures row."""
    value = driver_value(row["unit"], row["value"], tr)
    if not is_missing(row["comparison"]):
        value = tr(f"facts.{row['comparison']}", value=value)
    if is_missing(row["before"]):
        return value
    return tr("facts.before_after", before=driver_value(row["unit"], row["before"], tr), after=value)


def reported_driver_table(figures: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """The month's reported driver figures (a driver_figures result), one row each, national ones first."""
    return pd.DataFrame({
        tr("facts.col_driver"): figures[f"driver_{tr.lang}"],
        tr("facts.col_effect"): [code_text("effect", effect, tr) for effect in figures["effect"]],
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
    chosen cities' pooled value (when cities are chosen), the nation's, and the benchmark itself. The help is
    Markdown (the source as plain text)."""
    groups = []
    for _, row in benchmarks.iterrows():
        kpi = KPIS[row["kpi"]]
        help_text = tr("facts.benchmark_help", source=plain(_source(row, tr)), as_of=formats.day(row["as_of"]))
        cards = [(tr(key), kpi.format_value(value, tr.lang), help_text)
                 for key, value in (("causes.together", row["selection_value"]),
                                    ("frame.nationwide", row["national_value"]),
                                    ("facts.benchmark_value", row["benchmark"])) if not is_missing(value)]
        groups.append((tr("facts.benchmark_title", kpi=kpi.label(tr.lang)), cards))
    return groups


def benchmark_value(row: pd.Series) -> float:
    """The value a kpi_benchmarks row holds against its benchmark: the chosen cities pooled, else the nation."""
    return row["selection_value"] if not is_missing(row["selection_value"]) else row["national_value"]


def benchmark_clause(row: pd.Series, tr: Translator) -> str:
    """How a kpi_benchmarks row's value stands against the benchmark, as a clause: a multiple ("4 times the
    external benchmark of 1.2 h") when it is at least TIMES_FROM times it, else the benchmark beside it."""
    kpi = KPIS[row["kpi"]]
    value = benchmark_value(row)
    figures = dict(benchmark=kpi.format_value(row["benchmark"], tr.lang), source=_source(row, tr))
    if row["benchmark"] > 0 and value / row["benchmark"] >= TIMES_FROM:
        return tr("facts.benchmark_times", times=_number(value / row["benchmark"]), **figures)
    return tr("facts.benchmark_against", **figures)


def benchmark_sentences(benchmarks: pd.DataFrame, who: str, tr: Translator) -> list[str]:
    """One sentence per benchmarked KPI: `who`'s value (the chosen cities pooled) against the benchmark — or,
    where the chosen cities have none, the nation's, named as the nation's. No value, no sentence."""
    return [tr("facts.benchmark_sentence",
               who=who if not is_missing(row["selection_value"]) else tr("frame.nationwide"),
               kpi=KPIS[row["kpi"]].inline_label(tr.lang),
               value=KPIS[row["kpi"]].format_value(benchmark_value(row), tr.lang), clause=benchmark_clause(row, tr))
            for _, row in benchmarks.iterrows() if not is_missing(benchmark_value(row))]


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
