"""The written summary of the month: what an executive would write under each chapter of the review.

Deterministic rules over named queries, in the chosen language. Each sentence names the queries its figures
come from (`Sentence.sources`), and a rule whose data is missing writes no sentence at all — never "nan" or a
change without a previous month. Chapters, in the review's order:

- overview: the index and its change, the volumes, which dimensions moved, the month's events and outages;
- leaders: the top five and bottom three with their streaks (and the chosen cities' ranks);
- diagnosis: the lowest (or chosen) cities, one sentence each: their team figures furthest from the nation's;
  then the chosen cities against any external benchmark (optional export external_benchmarks);
- warning: the cities warned for next month and why;
- plan: the improvement plan's status and the promises kept or missed.

Text from the exports (city names, event titles) is inserted as plain text: renderers must not treat it as
markup (presentation mode shows it with st.text, the deck as text runs).
"""

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

import queries
from csat import kpis
from csat.formats import is_zero_text
from csat.i18n import Translator
from csat.tables import overview as overview_tables
from csat.tables import plan as plan_tables
from csat.tables.causes import benchmark_clause, benchmark_sentences, shortfall
from queries.access import current_viewer
from queries.settings import DEFAULT_SETTINGS, Settings

# Runs a named query: queries.run bound to a data directory and settings.
Ask = Callable[..., pd.DataFrame]

CHAPTERS = ("overview", "leaders", "diagnosis", "warning", "plan")
# A dimension that moved less than this (index points) on last month is "stable".
STABLE_WITHIN = 0.5
# A team figure is named in a city's diagnosis when it is at least this much worse than the nation's
# (as a share of the nation's value), at most DIAGNOSIS_FIGURES_NAMED of them, worst first.
DIAGNOSIS_SHORTFALL = 0.2
DIAGNOSIS_FIGURES_NAMED = 3
# Figures the selection's shared sentence states once, so the per-city sentences do not repeat them.
SHARED_DIAGNOSIS = (kpis.AVG_FIRST_RESPONSE, kpis.P90_FIRST_RESPONSE, kpis.TRIAGE, kpis.HIGH_PRIORITY_SHARE)
PLAN_STATUS_ORDER = plan_tables.STATUSES


@dataclass(frozen=True)
class Sentence:
    """One sentence of the summary: its chapter, its plain text and the named queries its figures come from."""

    chapter: str                 # one of CHAPTERS
    text: str                    # plain text
    sources: tuple[str, ...]     # the named queries (queries/NAME.sql) its figures come from


@dataclass(frozen=True)
class Summary:
    """The month's written summary: its sentences, chapter by chapter."""

    sentences: tuple[Sentence, ...]

    def texts(self, chapter: str | None = None) -> tuple[str, ...]:
        """The sentences of one chapter (all chapters when None), in order."""
        return tuple(s.text for s in self.sentences if chapter is None or s.chapter == chapter)


def _present(*values: object) -> bool:
    return not any(kpis.is_missing(v) for v in values)


def _change(kpi: kpis.Kpi, row: pd.Series, tr: Translator) -> str:
    """'up 1.1' / 'down 1.3' / 'unchanged' for a KPI of a national_kpis row, worded from the change as the cards
    write it (the difference of the values as written)."""
    change = kpi.shown_change(row[f"{kpi.name}_delta"], row.get(f"{kpi.name}_prev"), row[kpi.name])
    shown = kpi.format_delta(abs(change), lang=tr.lang) or ""
    if is_zero_text(shown):
        return tr("summary.unchanged")
    return tr("summary.up" if change > 0 else "summary.down", change=shown.lstrip("+"))


def _percent_change(delta: float, previous: float, tr: Translator) -> str:
    """A count's change as a percentage of last month's: 'up 12%'."""
    share = delta / previous
    if round(share, 2) == 0:
        return tr("summary.unchanged")
    return tr("summary.up" if share > 0 else "summary.down", change=f"{abs(share):.0%}")


def _overview(month: dt.date, cities: tuple[str, ...], names: dict[str, str], tr: Translator,
              ask: Ask) -> list[Sentence]:
    row = ask("national_kpis", month=month, cities=list(cities)).iloc[0]
    sentences = []
    if _present(row["index"]):
        change = (tr("summary.change_clause", change=_change(kpis.INDEX, row, tr))
                  if _present(row["index_delta"]) else "")
        index = kpis.INDEX.format_value(row["index"])
        if cities:
            nation = ask("national_kpis", month=month).iloc[0]
            scope = tr.join([names[c] for c in cities])
            text = (tr("summary.index_selection", month=tr.month(month), scope=scope, index=index, change=change)
                    + tr("summary.index_nation", index=kpis.INDEX.format_value(nation["index"])))
        else:
            text = tr("summary.index", month=tr.month(month), index=index, change=change)
        sentences.append(Sentence("overview", text, ("national_kpis",)))
    if _present(row["tickets"], row["responses"]) and row["responses"] > 0:
        tickets_change = ""
        if _present(row["tickets_prev"]) and row["tickets_prev"] > 0:
            tickets_change = tr("summary.change_clause", change=_percent_change(row["tickets_delta"],
                                                                                 row["tickets_prev"], tr))
        sentences.append(Sentence("overview", tr(
            "summary.volumes", tickets=kpis.format_count(row["tickets"], tr.lang), change=tickets_change,
            responses=kpis.format_count(row["responses"], tr.lang)), ("national_kpis",)))
    sentences += _dimensions(row, tr)
    sentences += _events(month, cities, tr, ask)
    return sentences


def _dimensions(row: pd.Series, tr: Translator) -> list[Sentence]:
    moved, stable = [], []
    for kpi in kpis.DIMENSIONS:
        value, delta = row.get(kpi.name), row.get(f"{kpi.name}_delta")
        if not _present(value):
            continue
        if _present(delta) and abs(delta) >= STABLE_WITHIN:
            moved.append(tr("summary.dimension_moved", dimension=kpi.inline_label(tr.lang),
                            change=_change(kpi, row, tr), value=kpi.format_value(value, tr.lang)))
        elif _present(delta):
            stable.append(tr("summary.dimension_value", dimension=kpi.inline_label(tr.lang),
                             value=kpi.format_value(value, tr.lang)))
    present = [k for k in kpis.DIMENSIONS if _present(row.get(k.name))]
    if not present:
        return []
    parts = []
    if moved:
        listed = tr("summary.list_separator").join(moved)
        parts.append(tr("summary.dimensions_moved", all=listed[:1].upper() + listed[1:]))  # it opens a sentence
    if stable:
        parts.append(tr("summary.dimensions_stable", stable=tr.join(stable)))
    shown = {kpi: kpi.format_value(row[kpi.name], tr.lang) for kpi in present}
    weakest = min(present, key=lambda k: row[k.name])
    if list(shown.values()).count(shown[weakest]) == 1:  # "the weakest" only when one dimension is lowest
        parts.append(tr("summary.weakest", dimension=weakest.inline_label(tr.lang), value=shown[weakest]))
    if not parts:
        return []
    return [Sentence("overview", "".join(parts), ("national_kpis",))]


def _events(month: dt.date, cities: tuple[str, ...], tr: Translator, ask: Ask) -> list[Sentence]:
    sentences = []
    events = ask("events_in_window", month=month, months=1, cities=list(cities))
    stated = events[events["source"] == "event"]
    for kind in ("positive", "negative"):
        titles = list(stated.loc[stated["kind"] == kind, f"title_{tr.lang}"])
        if titles:
            sentences.append(Sentence("overview", tr(f"summary.events_{kind}", events=tr.join(titles)),
                                      ("events_in_window",)))
    incidents = ask("incident_impact", month=month, cities=list(cities))
    if not incidents.empty:
        lost_column = "lost_tickets_selected" if cities else "lost_tickets"
        repeat_column = "repeat_complaints_selected" if cities else "repeat_complaints"
        systems = tr.join(list(dict.fromkeys(incidents["system"])))
        sentences.append(Sentence("overview", tr(
            "summary.incidents", count=len(incidents), systems=systems,
            lost=kpis.format_count(incidents[lost_column].sum(), tr.lang),
            repeats=kpis.format_count(incidents[repeat_column].sum(), tr.lang)), ("incident_impact",)))
    return sentences


def scored_names(group: pd.DataFrame, tr: Translator) -> str:
    """Cities of a ranked result with their index: "Beijing 92.1, Shanghai 91.5"."""
    return tr.join([f"{row[f'name_{tr.lang}']} {kpis.INDEX.format_value(row['index'])}"
                       for _, row in group.iterrows()])


def _leaders(month: dt.date, cities: tuple[str, ...], tr: Translator, ask: Ask) -> list[Sentence]:
    streaks = ask("rank_streaks", month=month)
    top, bottom = overview_tables.top_and_bottom(streaks)
    # A regional manager's answers hold their own cities only: of the groups, theirs (queries/access.py).
    own = "_own" if current_viewer().restricted else ""
    sentences = []
    for group, column, key in ((top, "top_streak", f"summary.top{own}"),
                               (bottom, "bottom_streak", f"summary.bottom{own}")):
        if group.empty:
            continue
        months = int(group[column].min())
        text = (tr(key, cities=scored_names(group, tr), months=months) if months > 1
                else tr(f"{key}_new", cities=scored_names(group, tr)))
        sentences.append(Sentence("leaders", text, ("rank_streaks",)))
    chosen = streaks[streaks["city_code"].isin(cities) & streaks["ranked"].astype(bool)].sort_values("rank")
    if not chosen.empty:
        ranks = tr.join([tr("summary.rank_of", name=row[f"name_{tr.lang}"], rank=int(row["rank"]),
                               index=kpis.INDEX.format_value(row["index"])) for _, row in chosen.iterrows()])
        sentences.append(Sentence("leaders", tr("summary.chosen_ranks", ranks=ranks,
                                                count=int(chosen["ranked_cities"].max())), ("rank_streaks",)))
    return sentences


def _figure_against_nation(kpi: kpis.Kpi, value: float, nation: float, tr: Translator) -> str:
    return tr("summary.against_nation", figure=kpi.inline_label(tr.lang), value=kpi.format_value(value, tr.lang),
              nation=kpi.format_value(nation, tr.lang))


def _diagnosis(month: dt.date, cities: tuple[str, ...], tr: Translator, ask: Ask) -> list[Sentence]:
    focus = ask("diagnosed_cities", month=month, cities=list(cities))
    if focus.empty:
        return []
    diagnosis = ask("diagnosis", month=month, cities=list(focus["city_code"]),
                    metrics=kpis.names(kpis.DIAGNOSIS_KPIS))
    values = diagnosis.set_index(["metric", "scope", diagnosis["city_code"].fillna("")])["value"]
    nation = {kpi.name: values.get((kpi.name, "nation", "")) for kpi in kpis.DIAGNOSIS_COMPARED}
    sources = ("diagnosed_cities", "diagnosis")
    sentences = []
    response = kpis.AVG_FIRST_RESPONSE
    pooled = response.format_value(values.get((response.name, "selection", "")), tr.lang)
    national_response = response.format_value(nation[response.name], tr.lang)
    names = tr.join(list(focus[f"name_{tr.lang}"]))
    # The external benchmarks (optional export): the pooled response's own joins its sentence, so the cities'
    # figure is said once, against the nation and the benchmark; any other KPI's gets a sentence of its own.
    benchmarks = ask("kpi_benchmarks", month=month, cities=list(focus["city_code"]))
    own = benchmarks[benchmarks["kpi"] == response.name]
    if "–" not in (pooled, national_response) and pooled != national_response:
        if own.empty or kpis.is_missing(own.iloc[0]["selection_value"]):
            text = tr("summary.diagnosis_response", cities=names, value=pooled, nation=national_response)
            sentences.append(Sentence("diagnosis", text, sources))
        else:
            text = tr("summary.diagnosis_response_benchmarked", cities=names, value=pooled,
                      nation=national_response, clause=benchmark_clause(own.iloc[0], tr))
            sentences.append(Sentence("diagnosis", text, (*sources, "kpi_benchmarks")))
            benchmarks = benchmarks.drop(own.index)
    sentences += [Sentence("diagnosis", text, ("diagnosed_cities", "kpi_benchmarks"))
                  for text in benchmark_sentences(benchmarks, names, tr)]
    for _, city in focus.iterrows():
        code = city["city_code"]
        compared = [(gap, kpi, value) for kpi in kpis.DIAGNOSIS_COMPARED if kpi not in SHARED_DIAGNOSIS
                    for value in [values.get((kpi.name, "city", code))]
                    for gap in [shortfall(kpi, value, nation[kpi.name])] if gap is not None]
        if not compared:  # no team figures for this city and month: nothing to diagnose
            continue
        worst = sorted((item for item in compared if item[0] >= DIAGNOSIS_SHORTFALL), key=lambda item: -item[0])
        findings = [_figure_against_nation(kpi, value, nation[kpi.name], tr)
                    for _, kpi, value in worst[:DIAGNOSIS_FIGURES_NAMED]] or [tr("summary.no_shortfall")]
        seats, inquiries = (values.get((kpi.name, "city", code)) for kpi in kpis.DIAGNOSIS_CONTEXT)
        if _present(seats, inquiries):
            findings.insert(0, tr("summary.city_team", seats=kpis.SEATS.format_value(seats, tr.lang),
                                  inquiries=kpis.INQUIRIES_PER_DAY.format_value(inquiries, tr.lang)))
        label = (tr("summary.city_ranked", name=city[f"name_{tr.lang}"], rank=int(city["rank"]),
                    index=kpis.INDEX.format_value(city["index"]))
                 if _present(city["rank"]) else city[f"name_{tr.lang}"])
        sentences.append(Sentence("diagnosis", tr("summary.city_diagnosis", who=label,
                                                  why=tr("summary.list_separator").join(findings)), sources))
    return sentences


def _warning(month: dt.date, cities: tuple[str, ...], tr: Translator, ask: Ask, settings: Settings) -> list[Sentence]:
    warnings = ask("early_warning", month=month)
    if warnings.empty:
        return []
    if cities:
        warnings = warnings[warnings["city_code"].isin(cities)]
    warned = warnings[warnings["warned"].astype(bool)].sort_values("projected_low")
    next_month = tr.month(pd.Timestamp(warnings["projected_month"].iloc[0]).date()) if len(warnings) else ""
    if warned.empty:
        return [Sentence("warning", tr("summary.no_warning", month=next_month), ("early_warning",))] \
            if len(warnings) else []
    reasons = []
    for _, row in warned.iterrows():
        name = row[f"name_{tr.lang}"]
        if row["projected_below"] or row["low_below"]:
            reasons.append(tr("summary.warned_projection", name=name, threshold=f"{settings.warning_threshold:g}",
                              projected=kpis.INDEX.format_value(row["projected"]),
                              low=kpis.INDEX.format_value(row["projected_low"])))
        else:
            reasons.append(tr("summary.warned_falling", name=name, months=int(row["falling_months"])))
    return [Sentence("warning", tr("summary.warning", month=next_month,
                                   reasons=tr("summary.list_separator").join(reasons)), ("early_warning",))]


def _plan(month: dt.date, cities: tuple[str, ...], tr: Translator, ask: Ask) -> list[Sentence]:
    current = plan_tables.current_state(ask("plan_progress", month=month, cities=list(cities)))
    if current.empty:
        return []
    counts = plan_tables.status_counts(current)
    sentences = []
    if counts.get("not_started", 0) == len(current):
        start = pd.Timestamp(current["start_date"].min()).date()
        sentences.append(Sentence("plan", tr("summary.plan_not_started", count=len(current),
                                             month=tr.month(start)), ("plan_progress",)))
    else:
        states = tr.join([tr("summary.plan_status", count=count, status=tr(f"plan.status.{status}"))
                             for status, count in counts.items() if count])
        sentences.append(Sentence("plan", tr("summary.plan_status_line", count=len(current), states=states),
                                  ("plan_progress",)))
    outcomes = ask("plan_outcomes", month=month, cities=list(cities), months=plan_tables.OUTCOME_MONTHS)
    judged = outcomes[outcomes["promised"].astype(bool) & outcomes["promise_met"].notna()]
    for met, key in ((True, "summary.promises_kept"), (False, "summary.promises_missed")):
        rows = judged[judged["promise_met"].astype(bool) == met]
        if rows.empty:
            continue
        items = tr.join([tr("summary.promise", fx=row[f"effect_{tr.lang}"],
                               who=tr.place(row[f"city_{tr.lang}"])) for _, row in rows.iterrows()])
        sentences.append(Sentence("plan", tr(key, count=len(rows), items=items), ("plan_outcomes",)))
    return sentences


def month_summary(month: dt.date, cities: tuple[str, ...] = (), lang: str = "zh", data_dir: str | Path | None = None,
                  settings: Settings = DEFAULT_SETTINGS) -> Summary:
    """The summary of `month` for the chosen `cities` (empty: the nation) in `lang`, chapter by chapter, from
    the exports in `data_dir` (default: the configured data directory)."""
    tr = Translator(lang)
    ask = functools.partial(queries.run, data_dir=data_dir, settings=settings)
    directory = ask("city_directory")
    names = dict(zip(directory["city_code"], directory[f"name_{tr.lang}"], strict=True))
    cities = tuple(c for c in cities if c in names)
    sentences = [*_overview(month, cities, names, tr, ask), *_leaders(month, cities, tr, ask),
                 *_diagnosis(month, cities, tr, ask), *_warning(month, cities, tr, ask, settings),
                 *_plan(month, cities, tr, ask)]
    return Summary(tuple(sentences))
