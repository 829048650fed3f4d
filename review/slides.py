"""The monthly review as slides, in the order of the department's deck — one model, two renderers.

`build_review(month, cities, lang)` runs the named queries once and returns a `Review`: a cover with the
headline figures, the national map with the top five and bottom three, the trends of the leaders and
laggards, the diagnosis of the lowest cities, causes and verbatims, the early warning, plan progress, the
service team's scorecard against the year's targets, the long-term model, and the conclusions (the written
summary). Presentation mode (csat/presentation.py) draws a slide with Streamlit; the deck (review/deck.py) draws
the same slide into PPTX and PDF. Slides carry values already formatted as text and charts already built, so both
renderers show the same figures.

With cities chosen, the sections are about those cities and the nation is the benchmark: the cover shows the
selection's figures beside the nation's, the trends and diagnosis follow the chosen cities, the map marks them.
"""

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path

import altair as alt
import pandas as pd

import queries
from csat import formats, kpis
from csat import targets as scorecard_targets
from csat.charts import causes as cause_charts
from csat.charts import plan as plan_charts
from csat.charts import trends as trend_charts
from csat.i18n import Translator
from csat.tables import causes as cause_tables
from csat.tables import overview as overview_tables
from csat.tables import plan as plan_tables
from csat.tables import scorecard as scorecard_tables
from csat.tables import trends as trend_tables
from queries.settings import DEFAULT_SETTINGS, Settings
from review import summary as summaries
from review.summary import Ask

# The sections of the review, in the deck's order (texts: review.slide.<key>).
SLIDE_KEYS = ("cover", "map", "trends", "diagnosis", "causes", "warning", "plan", "scorecard", "long_term",
              "conclusions")
COVER_FIGURES = (kpis.INDEX, kpis.SPEED, kpis.RESOLUTION, kpis.ATTITUDE, kpis.FOLLOW_UP, kpis.NPS, kpis.TICKETS,
                 kpis.RESPONSES)
# The diagnosis slide's table: the review's four columns, then the figures that explain the low cities.
DIAGNOSIS_FIGURES = (kpis.SEATS, kpis.INQUIRIES_PER_DAY, kpis.AVG_FIRST_RESPONSE, kpis.PART_TIME_SHARE,
                     kpis.FIRST_RESPONSE_RATE, kpis.DIALECT_COVERAGE, kpis.ATTRITION)
TREND_MONTHS = 6
VERBATIMS_SHOWN = 4


@dataclass(frozen=True)
class Figure:
    """A headline figure: its label, its value as text, its change as text and whether the change is good."""
    label: str
    value: str
    delta: str | None = None
    tone: str = "neutral"  # "good", "bad" or "neutral": how the change is coloured


@dataclass(frozen=True)
class MapView:
    """What the national map shows: a city_scores result, the chosen cities and the warned ones."""
    scores: pd.DataFrame
    selected: frozenset[str]
    warned: frozenset[str]


@dataclass(frozen=True)
class Slide:
    """One slide, ready for both renderers: its key and title, and any headline figures, charts, map,
    table, bullets and speaker notes."""
    key: str                                   # one of SLIDE_KEYS
    title: str
    figures: tuple[Figure, ...] = ()
    charts: tuple[alt.TopLevelMixin, ...] = ()
    map: MapView | None = None
    table: pd.DataFrame | None = None          # every cell already text
    bullets: tuple[str, ...] = ()              # plain text (never Markdown): shown on the slide
    notes: tuple[str, ...] = ()                # the speaker's notes: the summary's sentences for this section


@dataclass(frozen=True)
class Review:
    """The month's review for a scope and language: its title, scope and data stamp, and the slides in
    the deck's order."""
    month: dt.date
    cities: tuple[str, ...]
    lang: str
    title: str                                 # "2025年3月客户满意度月度回顾"
    scope: str                                 # "全国" or the chosen cities' names
    as_of: str                                 # the data stamp: "数据截至 2025-12-31 23:59"
    slides: tuple[Slide, ...] = field(default=())

    @property
    def footer(self) -> str:
        """The line every slide carries: what the slide is about and how fresh its data is."""
        return f"{self.scope} · {self.title} · {self.as_of}"


def figure(kpi: kpis.Kpi, row: pd.Series, tr: Translator, label: str | None = None) -> Figure:
    """A KPI of a national_kpis row (value, <name>_prev, <name>_delta) as a headline figure."""
    delta, previous, value = row.get(f"{kpi.name}_delta"), row.get(f"{kpi.name}_prev"), row.get(kpi.name)
    return Figure(label or kpi.label(tr.lang), kpi.format_value(value, tr.lang),
                  kpi.format_delta(delta, previous, tr.lang, value=value), kpi.tone(delta, previous, value))


def _city_names(frame: pd.DataFrame, tr: Translator) -> list[str]:
    return list(frame[f"name_{tr.lang}"])


def _cover(month_figures: pd.Series, national: pd.Series | None, tr: Translator, notes: tuple[str, ...]) -> Slide:
    shown = [figure(kpi, month_figures, tr) for kpi in COVER_FIGURES]
    if national is not None:  # a selection: the nation's index is the benchmark
        shown.insert(1, figure(kpis.INDEX, national, tr, label=tr("review.national_index")))
    return Slide("cover", tr("review.slide.cover"), figures=tuple(shown), notes=notes)


def _map(scores: pd.DataFrame, cities: tuple[str, ...], warned: frozenset[str], tr: Translator,
         notes: tuple[str, ...]) -> Slide:
    top, bottom = overview_tables.top_and_bottom(scores)
    bullets = tuple(tr("review.labelled", k=title, v=summaries.scored_names(group, tr))
                    for title, group in ((tr("overview.top_five"), top), (tr("overview.bottom_three"), bottom))
                    if not group.empty)
    return Slide("map", tr("review.slide.map"), map=MapView(scores, frozenset(cities), warned), bullets=bullets,
                 notes=notes)


def _trends(month: dt.date, cities: tuple[str, ...], tr: Translator, notes: tuple[str, ...], ask: Ask) -> Slide:
    streaks = ask("rank_streaks", month=month)
    shown = trend_tables.shown_cities(streaks, cities)
    trend = ask("kpi_trend_by_city", month=month, months=TREND_MONTHS, cities=shown)
    targets = ask("index_targets", cities=shown)
    chart = trend_charts.trend_chart(trend, kpis.INDEX, month, tr, targets=targets)
    return Slide("trends", tr("review.slide.trends", months=TREND_MONTHS), charts=(chart,), bullets=notes,
                 notes=notes)


def _diagnosis(month: dt.date, focus: pd.DataFrame, tr: Translator, notes: tuple[str, ...], ask: Ask) -> Slide | None:
    if focus.empty:
        return None
    diagnosis = ask("diagnosis", month=month, cities=list(focus["city_code"]),
                    metrics=kpis.names(kpis.DIAGNOSIS_KPIS))
    return Slide("diagnosis", tr("review.slide.diagnosis", cities=tr.join(_city_names(focus, tr))),
                 table=cause_tables.diagnosis_table(diagnosis, focus, tr, DIAGNOSIS_FIGURES, full=False).data,
                 bullets=notes, notes=notes)


def _causes(month: dt.date, focus: pd.DataFrame, tr: Translator, ask: Ask) -> Slide | None:
    if focus.empty:
        return None
    codes = list(focus["city_code"])
    mix = ask("low_score_causes", month=month, cities=codes)
    verbatims = ask("verbatims", month=month, cities=codes)
    quotes = tuple(tr("review.labelled", k=row[f"name_{tr.lang}"], v=f"“{row['comment']}”")
                   for _, row in verbatims.head(VERBATIMS_SHOWN).iterrows())
    # The legend in two columns: one list made the slide taller than a 1080p screen.
    charts = (cause_charts.cause_mix(mix, "reason", codes, tr, legend_columns=2),) if not mix.empty else ()
    return Slide("causes", tr("review.slide.causes"), charts=charts, bullets=quotes)


def _warning(month: dt.date, focus: pd.DataFrame, warnings: pd.DataFrame, tr: Translator,
             notes: tuple[str, ...], ask: Ask, settings: Settings) -> Slide | None:
    if focus.empty or warnings.empty:
        return None
    codes = list(focus["city_code"])
    trend = ask("city_trend", month=month, months=settings.warning_window_months, cities=codes)
    chart = cause_charts.warning_chart(trend, warnings, codes, settings.warning_threshold, tr)
    return Slide("warning", tr("review.slide.warning"), charts=(chart,),
                 bullets=notes or (tr("review.no_warning"),), notes=notes)


def _plan(month: dt.date, cities: tuple[str, ...], tr: Translator, notes: tuple[str, ...], ask: Ask) -> Slide | None:
    progress = ask("plan_progress", month=month, cities=list(cities))
    current = plan_tables.current_state(progress)
    if current.empty:
        return None
    counts = plan_tables.status_counts(current)
    figures = tuple(Figure(tr(f"plan.status.{status}"), f"{count:,}") for status, count in counts.items())
    started = set(counts) - {"not_started"}  # before the plan starts there is no progress to draw
    charts = (plan_charts.progress_bullets(current, tr),) if started else ()
    return Slide("plan", tr("review.slide.plan"), figures=figures, charts=charts, bullets=notes, notes=notes)


def _scorecard(month: dt.date, cities: tuple[str, ...], tr: Translator, ask: Ask) -> Slide | None:
    """The service team's targets (pages/scorecard.py): the nation's targeted KPIs against their trajectory, the
    month and the year to date — or, with cities chosen, those cities and the nation, each cell a status. Left out
    when the settings file has a mistake (the page says which) or the month is before the targets' period."""
    try:
        targets = scorecard_targets.load()
    except scorecard_targets.TargetsError:
        return None
    if targets.month_number(month) < 1:
        return None
    actuals = ask("scorecard_actuals", month=month, cities=list(cities), metrics=kpis.names(kpis.SCORECARD_KPIS),
                  weights=[kpis.SCORECARD_POOLED_OVER[k.name].name for k in kpis.SCORECARD_KPIS])
    assessed = scorecard_tables.assess(actuals, targets, month)
    national = scorecard_tables.nation(assessed)
    targeted = scorecard_tables.targeted(national)
    rules = (tr("review.scorecard_rule"),)
    if cities:
        table = scorecard_tables.city_table(assessed, targeted, "month", tr, statuses=True).data
    else:
        shown = national[national["metric"].isin(kpis.names(tuple(targeted)))]
        table = scorecard_tables.scorecard_table(shown, tr).data.drop(columns=tr("scorecard.col_perspective"))
    return Slide("scorecard", tr("review.slide.scorecard"), table=table, bullets=rules, notes=rules)


def _long_term(month: dt.date, tr: Translator, ask: Ask) -> Slide | None:
    """The long-term model in force (optional export long_term_plan): its grid and the loop."""
    plan = ask("long_term_plan", month=month)
    if plan.empty:
        return None
    return Slide("long_term", tr("facts.long_term_slide"), table=plan_tables.long_term_grid(plan, tr).reset_index(),
                 bullets=(tr("facts.long_term_loop"),),
                 notes=(tr("facts.long_term_intro", adopted=plan_tables.adopted_on(plan)), tr("facts.long_term_loop")))


def build_review(month: dt.date, cities: tuple[str, ...] = (), lang: str = "zh", data_dir: str | Path | None = None,
                 settings: Settings = DEFAULT_SETTINGS) -> Review:
    """The review of `month` for `cities` (empty: the nation) in `lang`, from the exports in `data_dir`
    (default: the configured data directory); sections without data are left out."""
    tr = Translator(lang)
    cities = tuple(cities)
    ask = functools.partial(queries.run, data_dir=data_dir, settings=settings)
    summary = summaries.month_summary(month, cities, tr.lang, data_dir, settings)
    month_figures = ask("national_kpis", month=month, cities=list(cities)).iloc[0]
    national = ask("national_kpis", month=month).iloc[0] if cities else None
    scores = ask("city_scores", month=month)
    warnings = ask("early_warning", month=month)
    focus = ask("diagnosed_cities", month=month, cities=list(cities))
    warned = frozenset(warnings.loc[warnings["warned"].astype(bool), "city_code"])
    focus_warnings = warnings[warnings["city_code"].isin(focus["city_code"])]
    as_of = ask("data_as_of").iloc[0]["data_as_of"]
    names = dict(zip(scores["city_code"], scores[f"name_{tr.lang}"], strict=True))

    slides = [
        _cover(month_figures, national, tr, summary.texts("overview")),
        _map(scores, cities, warned, tr, summary.texts("leaders")),
        _trends(month, cities, tr, summary.texts("leaders"), ask),
        _diagnosis(month, focus, tr, summary.texts("diagnosis"), ask),
        _causes(month, focus, tr, ask),
        _warning(month, focus, focus_warnings, tr, summary.texts("warning"), ask, settings),
        _plan(month, cities, tr, summary.texts("plan"), ask),
        _scorecard(month, cities, tr, ask),
        _long_term(month, tr, ask),
        Slide("conclusions", tr("review.slide.conclusions"), bullets=summary.texts(), notes=summary.texts()),
    ]
    scope = tr.join([names.get(code, code) for code in cities]) if cities \
        else tr("frame.nationwide")
    return Review(month=month, cities=cities, lang=tr.lang, title=tr("overview.title", month=tr.month(month)),
                  scope=scope, as_of=tr("review.as_of", as_of=formats.moment(as_of)),
                  slides=tuple(slide for slide in slides if slide is not None))
