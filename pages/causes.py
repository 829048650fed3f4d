"""Causes of low satisfaction — the review's chapter 3, live for any city and month: the diagnosis table of the
bottom cities (or the chosen ones) against the nation and the best city, why customers scored low, how each
team factor goes with the index across all cities, the customers' own words, the month's outages, and the
early warning for next month — each in a tab of its own; only the open tab is drawn and asks its questions. Layout
only: the figures come from named queries, the visuals from builders.
"""

import streamlit as st

import queries
from csat import components, kpis, theme
from csat.charts import causes as charts
from csat.codes import code_text
from csat.frame import TAB_PARAMETER, Filters, page_tabs, run_page
from csat.i18n import Translator
from csat.markup import plain
from csat.tables import causes as tables
from queries.access import current_viewer
from queries.contract import LOW_SCORE_REASONS

SETTINGS = queries.DEFAULT_SETTINGS


def driver_analysis(drivers, pairs, codes: list[str], filters: Filters, tr: Translator) -> None:
    """The driver scatter with its reading and the table of every factor (needs at least one relationship)."""
    month_stem = f"{filters.month:%Y-%m}"
    scatter_column, reading_column = st.columns([3, 2])
    with reading_column:
        picked = st.selectbox(tr("causes.driver_pick"), range(len(pairs)), key="causes_driver",
                              format_func=lambda i: tables.pair_label(pairs.iloc[i], tr))
        pair = pairs.iloc[picked]
        st.markdown(tables.pair_reading(pair, tr))
    with scatter_column:
        theme.show(charts.driver_scatter(drivers, pair["factor"], pair["outcome"], codes, filters.month, tr))
    components.table(tables.driver_table(drivers, tr), width="stretch", key="causes_drivers")
    st.caption(tr("causes.drivers_caption"))
    components.csv_download(pairs, f"driver_relationships_{month_stem}", tr, key="causes_drivers_csv")


def diagnosis_section(filters: Filters, focus, codes: list[str], tr: Translator) -> None:
    """The diagnosis table of the cities against their pool, the nation and the best city; external benchmarks."""
    st.subheader(tr("causes.diagnosis"))
    diagnosis = queries.run("diagnosis", month=filters.month, cities=codes,
                            metrics=kpis.names(kpis.DIAGNOSIS_KPIS))
    restricted = current_viewer().restricted  # a regional manager: no other city's figure, so no best city
    components.table(tables.diagnosis_table(diagnosis, focus, tr, best_city=not restricted), key="causes_diagnosis",
                     width="stretch")
    st.caption(tr("causes.diagnosis_caption"))
    if restricted:
        st.caption(tr("access.no_best_city"))
    components.csv_download(diagnosis, f"diagnosis_{filters.month:%Y-%m}", tr, key="causes_diagnosis_csv")
    benchmarks = queries.run("kpi_benchmarks", month=filters.month, cities=codes)
    for title, cards in tables.benchmark_cards(benchmarks, tr):  # the optional external_benchmarks export
        st.markdown(f"**{title}**")
        for column, (label, value, help_text) in zip(st.columns(len(cards)), cards, strict=True):
            column.metric(label, value, help=help_text, border=True)
    for sentence in tables.benchmark_sentences(benchmarks, tr.join(focus[f"name_{tr.lang}"]), tr):
        st.caption(plain(sentence))


def why_low_section(filters: Filters, codes: list[str], tr: Translator) -> None:
    """Why customers scored low: the reasons and complaint categories, the misunderstood share, reported drivers."""
    st.subheader(tr("causes.why_low"))
    mix = queries.run("low_score_causes", month=filters.month, cities=codes)
    for column, source, title in zip(st.columns(2), ("reason", "category"),
                                     ("causes.reasons_title", "causes.categories_title"), strict=True):
        with column:
            st.markdown(f"**{tr(title)}**")
            theme.show(charts.cause_mix(mix, source, codes, tr))
            components.table(tables.mix_changes(mix, source, tr), key=f"causes_mix_{source}", width="stretch",
                             column_config={tr("causes.mix_item"): st.column_config.TextColumn(width="medium")})
    st.caption(tr("causes.why_caption"))
    components.csv_download(mix, f"low_score_causes_{filters.month:%Y-%m}", tr, key="causes_mix_csv")
    understanding = queries.run("understanding_complaints", month=filters.month, cities=codes)
    if not understanding.empty:  # a reported misunderstanding share (optional driver_figures export)
        st.markdown(f"**{tr('facts.understanding_title')}**")
        components.table(tables.understanding_table(understanding, tr), width="stretch", key="causes_understanding")
        st.caption(tr("facts.understanding_caption"))

    st.subheader(tr("facts.drivers_title"))
    reported = queries.run("driver_figures", month=filters.month, cities=codes)
    if reported.empty:
        st.caption(tr("facts.no_drivers"))
    else:
        components.table(tables.reported_driver_table(reported, tr), width="stretch", key="causes_reported_drivers")
        st.caption(tr("facts.drivers_caption"))


def drivers_section(filters: Filters, codes: list[str], tr: Translator) -> None:
    """How each team factor goes with satisfaction across all cities."""
    st.subheader(tr("causes.drivers"))
    drivers = queries.run("driver_relationships", month=filters.month)  # the pairs: kpis.DRIVER_PAIRS
    pairs = tables.driver_pairs(drivers)
    if pairs.empty:
        st.caption(tr("causes.no_drivers"))
    else:
        driver_analysis(drivers, pairs, codes, filters, tr)


def verbatims_section(filters: Filters, codes: list[str], tr: Translator) -> None:
    """The customers' own words: the themes of their comments, and the comments, searchable."""
    st.subheader(tr("causes.verbatims"))
    themes = queries.run("comment_themes", month=filters.month, cities=codes)
    st.markdown(f"**{tr('causes.themes_title')}**")
    themes_column, method_column = st.columns([3, 2])
    with themes_column:
        theme.show(charts.theme_shares(themes, tr))
    with method_column:
        st.caption(tr("causes.themes_caption", selected=int(themes["selected_comments"].max()),
                      national=int(themes["national_comments"].max())))
    with st.expander(tr("causes.themes_keywords")):
        components.table(tables.theme_keywords(themes, tr), width="stretch", key="causes_themes")
    search_column, reason_column, _ = st.columns([3, 2, 2])
    with search_column:
        search = st.text_input(tr("causes.search"), placeholder=tr("causes.search_placeholder"), key="causes_search")
    with reason_column:
        reason = st.selectbox(tr("causes.reason_filter"), (None, *LOW_SCORE_REASONS), key="causes_reason",
                              format_func=lambda r: code_text("reason", r, tr) if r else tr("causes.all_reasons"))
    verbatims = queries.run("verbatims", month=filters.month, cities=codes, reason=reason,
                            search=search.strip() or None)
    if verbatims.empty:
        st.caption(tr("causes.no_verbatims"))
    else:
        st.caption(tr("causes.verbatims_count", shown=len(verbatims), matches=int(verbatims["matches"].iloc[0])))
        components.table(tables.verbatim_table(verbatims, tr), key="causes_verbatims", width="stretch", height=420,
                         column_config={tr("causes.col_comment"): st.column_config.TextColumn(width="large")})
        components.csv_download(verbatims, f"verbatims_{filters.month:%Y-%m}", tr, key="causes_verbatims_csv")


def outages_section(filters: Filters, codes: list[str], tr: Translator) -> None:
    """The month's outages and the repeat complaints that followed."""
    st.subheader(tr("causes.incidents"))
    incidents = queries.run("incident_impact", month=filters.month, cities=codes)
    if incidents.empty:
        st.caption(tr("causes.no_incidents"))
        return
    figures = tables.incident_figures(incidents, tr)
    for column, (label, value) in zip(st.columns(len(figures)), figures, strict=True):
        with column:
            st.metric(label, value, border=True)
    components.table(tables.incident_table(incidents, tr), width="stretch", key="causes_incidents")
    st.caption(tr("causes.incidents_caption"))
    components.csv_download(incidents, f"incident_impact_{filters.month:%Y-%m}", tr, key="causes_incidents_csv")


def warning_section(filters: Filters, codes: list[str], warnings, tr: Translator) -> None:
    """Next month's early warning: the cities' recent index, its projection, and why a city is warned."""
    st.subheader(tr("causes.warning"))
    next_month = warnings["projected_month"].iloc[0]
    trend = queries.run("city_trend", month=filters.month, months=SETTINGS.warning_window_months, cities=codes)
    chart_title = tr("causes.warning_chart_title", months=SETTINGS.warning_window_months, month=tr.month(next_month))
    st.markdown(f"**{chart_title}**")
    theme.show(charts.warning_chart(trend, warnings, codes, SETTINGS.warning_threshold, tr))
    st.caption(tr("causes.warning_marks"))
    if not warnings["warned"].any():
        st.caption(tr("causes.no_warnings"))
    components.table(tables.warning_table(warnings, codes, tr), width="stretch", key="causes_warnings")
    st.caption(tr("causes.warning_caption", window=SETTINGS.warning_window_months,
                  threshold=SETTINGS.warning_threshold, falling=SETTINGS.warning_falling_months))
    components.csv_download(warnings, f"early_warning_{filters.month:%Y-%m}", tr, key="causes_warning_csv")


def causes(filters: Filters, tr: Translator) -> None:
    """The causes page for the bottom cities (or the chosen ones): the warnings, then one tab at a time — the
    diagnosis table, why customers scored low, the drivers, their comments, the month's outages and next month's
    early warning. Only the open tab asks its questions."""
    focus = queries.run("diagnosed_cities", month=filters.month, cities=list(filters.cities))
    codes = list(focus["city_code"])
    warnings = queries.run("early_warning", month=filters.month)

    st.title(tr("causes.title", month=tr.month(filters.month)))
    if focus.empty:
        st.info(tr("causes.no_cities"))
        return
    listed = tables.city_list(focus, tr)
    st.caption(tr("causes.scope_chosen", cities=listed) if filters.cities
               else tr("causes.scope_bottom", count=len(codes), cities=listed))
    if warnings["warned"].any():
        st.warning(tr("causes.warning_banner", cities=tables.warned_names(warnings, tr),
                    threshold=SETTINGS.warning_threshold, falling=SETTINGS.warning_falling_months))

    sections = {  # each tab's content
        "diagnosis": lambda: diagnosis_section(filters, focus, codes, tr),
        "why": lambda: why_low_section(filters, codes, tr),
        "drivers": lambda: drivers_section(filters, codes, tr),
        "words": lambda: verbatims_section(filters, codes, tr),
        "outages": lambda: outages_section(filters, codes, tr),
        "warning": lambda: warning_section(filters, codes, warnings, tr),
    }
    # One tab at a time, in the order the review tells them (csat.frame.PAGES): a hidden tab asks nothing.
    tabs = components.url_tabs({code: tr(f"causes.tab.{code}") for code in page_tabs("causes")}, key=TAB_PARAMETER)
    for code, tab in tabs.items():
        if tab.open:
            with tab:
                sections[code]()


run_page("causes", causes)
