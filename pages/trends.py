"""City trends and what the leading cities do differently: the selected cities' trend lines against the nation
and the plan's targets, with the month's events; streaks in the top five and bottom three and whether a
change is larger than its sampling noise; the leaders' technology and capability matrices. Layout only.
"""

import streamlit as st

import queries
from csat import components, kpis, theme
from csat.charts import trends as charts
from csat.frame import Filters, city_names, run_page
from csat.i18n import Translator
from csat.markup import plain
from csat.tables import trends as tables

WINDOWS = (3, 6, 12, 0)  # months shown; 0 = every month up to the chosen one


def trends(filters: Filters, tr: Translator) -> None:
    """The trends page: the chosen KPI's city trend lines with the window's events, the streaks in the top
    and bottom groups, and the leading cities' technology and capability matrices and practices."""
    streaks = queries.run("rank_streaks", month=filters.month)
    cities = tables.shown_cities(streaks, filters.cities)
    shown_streaks = queries.run("rank_streaks", month=filters.month, cities=cities)

    st.title(tr("trends.title", month=tr.month(filters.month)))
    st.caption(tr("trends.scope_selected") if filters.cities else tr("trends.scope_default"))

    controls = st.columns([2, 2, 3])
    with controls[0]:
        kpi = kpis.KPIS[components.url_selectbox(tr("trends.metric"), [k.name for k in kpis.TREND_KPIS],
                                                 "trends_metric", lambda name: kpis.KPIS[name].label(tr.lang))]
    with controls[1]:
        window = components.url_selectbox(tr("trends.window"), WINDOWS, "trends_window", default=6,
                                          format_func=lambda m: tr("unit.months", count=m) if m
                                          else tr("trends.all_months"))

    trend = queries.run("kpi_trend_by_city", month=filters.month, months=window, cities=cities, metric=kpi.name)
    index_trend = queries.run("kpi_trend_by_city", month=filters.month, months=window, cities=cities)
    events = queries.run("events_in_window", month=filters.month, months=window, cities=cities)
    targets = queries.run("index_targets", cities=cities)

    st.subheader(tr("trends.chart_title", kpi=kpi.label(tr.lang)))
    theme.show(charts.trend_chart(trend, kpi, filters.month, tr, events=events, targets=targets))
    st.caption(tr("trends.chart_caption_index") if kpi == kpis.INDEX else tr("trends.chart_caption"))
    st.caption(tr("trends.noise_ticket") if kpi == kpis.AVG_FIRST_RESPONSE else tr("trends.noise_survey"))
    components.csv_download(trend, f"trend_{kpi.name}_{filters.month:%Y-%m}", tr, key="trends_chart_csv",
                            value_kpi=kpi)
    with st.expander(tr("trends.events", count=len(events)), expanded=not events.empty):
        if events.empty:
            st.caption(tr("trends.no_events"))
        else:
            components.table(tables.event_table(events, tr), width="stretch", key="trends_events")

    st.subheader(tr("trends.streaks"))
    for sentence in tables.streak_summary(streaks, tr):
        st.markdown(sentence)
    components.table(tables.streak_table(shown_streaks, index_trend, filters.month, tr),
                     width="stretch", key="trends_streaks")
    st.caption(tr("trends.streaks_caption"))
    components.csv_download(shown_streaks, f"rank_streaks_{filters.month:%Y-%m}", tr, key="trends_streaks_csv")
    st.markdown(f"**{tr('trends.open_city')}**")
    components.city_detail_links(cities, filters, tr)

    leaders = tables.leading_cities(streaks, filters.cities)
    team = queries.run("team_matrix", month=filters.month, cities=leaders)
    practices = queries.run("practice_matrix", month=filters.month, cities=leaders)
    # The section follows what it shows: the month's leaders by default, else the chosen cities (maybe laggards).
    if filters.cities:
        st.subheader(tr("trends.leaders_chosen"))
        st.caption(tr("trends.leaders_selected", cities=tr.join(plain(city_names(tr)[code]) for code in leaders)))
    else:
        st.subheader(tr("trends.leaders"))
        st.caption(tr("trends.leaders_default"))
    for title, cells, stem in (
            (tr("trends.technology"), tables.technology_cells(team, practices, tr), "technology_matrix"),
            (tr("trends.capability"), tables.capability_cells(team, tr), "capability_matrix")):
        st.markdown(f"#### {title}")
        if cells.empty:
            st.caption(tr("trends.no_team_data"))
            continue
        components.wide_chart(charts.heat_table(cells, tr), key=stem)
        components.csv_download(cells, f"{stem}_{filters.month:%Y-%m}", tr, key=f"trends_{stem}_csv")
    st.caption(tr("trends.matrix_caption"))
    practice_list = tables.practice_table(practices, leaders, tr)
    if not practice_list.empty:
        st.markdown(f"#### {tr('trends.practices')}")
        components.text_table(practice_list, hide_index=True)


run_page("trends", trends)
