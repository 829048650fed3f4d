"""Monthly overview — the dashboard's first page: the month at a glance for executives.

KPI cards with their change and trend, the national satisfaction map with the top five and bottom three,
the city ranking with the biggest movers, and the drivers of the month. Layout only: the figures come
from named queries, the visuals from csat's builders.
"""

import streamlit as st

import queries
from csat import components, kpis, maps, theme
from csat.charts import overview as charts
from csat.frame import Filters, on_map_pick, run_page, scope_label
from csat.i18n import Translator
from csat.tables import overview as tables
from review.summary import month_summary

DRIVER_FIGURES = (kpis.SPEED, kpis.RESOLUTION, kpis.ATTITUDE, kpis.FOLLOW_UP, kpis.ASSISTANT_PENETRATION,
                  kpis.AVG_FIRST_RESPONSE, kpis.LOGISTICS_COMPLAINTS, kpis.LOST_TICKETS, kpis.REPEAT_TICKETS)


def overview(filters: Filters, tr: Translator) -> None:
    """The monthly overview: the KPI cards, the written summary, the national map with the top and bottom
    cities, the city ranking with the biggest movers, and the month's events and how the drivers moved."""
    cities = list(filters.cities)
    month_figures = queries.run("national_kpis", month=filters.month, cities=cities).iloc[0]
    trend = queries.run("kpi_trend", month=filters.month, months=6, cities=cities)
    scores = queries.run("city_scores", month=filters.month)
    shown = queries.run("city_scores", month=filters.month, cities=cities)  # ranks stay national
    warned = queries.run("early_warning", month=filters.month, warned_only=1)
    events = queries.run("events_in_window", month=filters.month, months=1, cities=cities)

    st.title(tr("overview.title", month=tr.month(filters.month)))
    st.caption(tr("overview.scope", scope=scope_label(cities, tr),
                  cities=tr("frame.city_count", count=len(cities) or len(scores)),
                  responses=kpis.format_count(month_figures["responses"], tr.lang),
                  tickets=kpis.format_count(month_figures["tickets"], tr.lang)))

    st.subheader(tr("overview.cards"))
    help_texts = {kpis.INDEX.name: tr("overview.index_help"), kpis.NPS.name: tr("overview.nps_help")}
    for row_of_cards in (kpis.OVERVIEW_CARDS[:4], kpis.OVERVIEW_CARDS[4:]):
        for column, kpi in zip(st.columns(len(row_of_cards)), row_of_cards, strict=True):
            with column:
                components.kpi_card(kpi, month_figures, trend, tr, help_texts.get(kpi.name))

    st.subheader(tr("summary.title"))
    components.month_summary(month_summary(filters.month, filters.cities, tr.lang), tr)

    st.subheader(tr("overview.map_title"))
    map_column, side_column = st.columns([3, 1])
    with map_column:
        width = components.map_width("probe_overview_map_width", fits_from=maps.full_view_width())
        view, height = maps.first_view(width)  # China whole in the first view, on a phone too
        label_size = maps.LABEL_SIZE if width is None else maps.NARROW_LABEL_SIZE
        st.pydeck_chart(maps.satisfaction_map(scores, tr, selected=set(cities), warned=set(warned["city_code"]),
                                              view=view, label_size=label_size,
                                              size=None if width is None else (width, height)),
                        height=height, on_select=on_map_pick, selection_mode="single-object", key="overview_map")
        low, high = maps.colour_range()
        legend_title = tr("overview.legend", low=f"{low:g}", high=f"{high:g}")
        theme.show(charts.satisfaction_legend(low, high, legend_title),
                        height=charts.LEGEND_HEIGHT)
        st.caption(tr("overview.map_caption"))
    with side_column:
        top, bottom = tables.top_and_bottom(scores)
        for title, group in ((tr("overview.top_five"), top), (tr("overview.bottom_three"), bottom)):
            st.markdown(f"**{title}**")
            # Empty only for a regional manager, whose answers hold their own cities (queries/access.py).
            st.markdown(tables.ranked_list(group, tr) or tr("access.none_in_group"))
        if len(cities) == 1:  # e.g. after a click on the map: one step to the city's own page
            st.markdown(f"**{tr('overview.city_detail')}**")
            components.city_detail_links(cities, filters, tr)

    st.subheader(tr("overview.ranking"))
    ranking_column, movers_column = st.columns([3, 1])
    with ranking_column:
        st.caption(tr("overview.ranking_caption", count=int(scores["ranked_cities"].max())))
        components.table(tables.ranking_table(shown, tr), key="overview_ranking", width="stretch")
        st.markdown(f"**{tr('overview.city_detail')}**")
        components.city_detail_links(tables.linked_cities(shown, top, bottom, filtered=bool(cities)), filters, tr)
        components.csv_download(shown, f"city_scores_{filters.month:%Y-%m}", tr, key="overview_ranking_csv")
    with movers_column:
        for title, rising in ((tr("overview.movers_up"), True), (tr("overview.movers_down"), False)):
            st.markdown(f"**{title}**")
            moved = tables.movers(scores, tr, rising=rising)
            if moved.empty:
                st.caption(tr("overview.no_movers"))
            else:
                components.table(moved, key=f"overview_movers_{'up' if rising else 'down'}", width="stretch")

    st.subheader(tr("overview.drivers"))
    events_column, moved_column = st.columns(2)
    with events_column:
        st.markdown(f"**{tr('overview.events')}**")
        if events.empty:
            st.caption(tr("overview.no_events"))
        st.markdown(tables.event_lines(events, tr))
    with moved_column:
        st.markdown(f"**{tr('overview.moved')}**")
        components.table(tables.movement_table(month_figures, DRIVER_FIGURES, tr), key="overview_moved",
                         width="stretch")


run_page("overview", overview)
