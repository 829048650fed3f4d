"""City detail: one city month by month — its key figures, four dimensions, rank history, NPS split and contact
channels. The city is the first `city` URL parameter (links from the trends and overview pages put it first);
without one the page opens on the month's lowest-ranked city, the review's focus, and says so. The page's city
picker agrees with the sidebar: with two or more cities chosen there it offers only those (and reorders the URL's
list), else every city (and the picked one becomes the sidebar's filter). Layout only.
"""

import streamlit as st

import queries
from csat import components, kpis, theme
from csat.charts import city as charts
from csat.frame import Filters, city_names, run_page
from csat.i18n import Translator
from csat.markup import bare, plain
from csat.tables import city as tables
from csat.tables.trends import event_table

CARDS = (kpis.INDEX, kpis.NPS, kpis.SPEED, kpis.RESOLUTION, kpis.ATTITUDE, kpis.FOLLOW_UP)  # two rows of three
WINDOWS = (6, 12, 0)  # months shown; 0 = every month up to the chosen one


def _on_city_pick() -> None:
    """Show the picked city: one of the sidebar's chosen cities moves to the front of the URL's list (the filter
    stays); any other city replaces the sidebar's filter (no city or one city there)."""
    picked = st.session_state["city_pick"]
    if picked is None:
        return
    chosen = st.query_params.get_all("city")
    kept = chosen if picked in chosen else chosen[1:]
    st.query_params["city"] = [picked, *(c for c in kept if c != picked)]


def city_detail(filters: Filters, tr: Translator) -> None:
    """The city page for the URL's first city (without one, only the city picker): its cards, index and
    dimensions, rank history, NPS split, contact channels and events over the chosen window."""
    names = city_names(tr)
    city = filters.cities[0] if filters.cities else tables.lowest_ranked_city(
        queries.run("city_scores", month=filters.month))
    st.title(tr("city.title", city=plain(names[city]), month=tr.month(filters.month)) if city
             else tr("city.title_none"))

    pick_column, window_column, _ = st.columns([2, 2, 3])
    with pick_column:
        st.session_state["city_pick"] = city
        st.selectbox(tr("city.pick"), tables.pickable_cities(filters.cities, list(names)),
                     format_func=lambda code: bare(names[code]),
                     index=None, key="city_pick", placeholder=tr("city.pick_placeholder"), on_change=_on_city_pick)
    if city is None:
        st.info(tr("city.no_city"))
        return
    if not filters.cities:
        st.caption(tr("city.default_city", city=plain(names[city])))
    elif len(filters.cities) > 1:
        st.caption(tr("city.pick_among", count=len(filters.cities)))
    with window_column:
        window = components.url_selectbox(tr("trends.window"), WINDOWS, "city_window",
                                          format_func=lambda m: tr("unit.months", count=m) if m
                                          else tr("trends.all_months"))
    figures = queries.run("city_kpis", month=filters.month, cities=[city]).dropna(subset="city_code").iloc[0]
    trend = queries.run("kpi_trend", month=filters.month, months=6, cities=[city])
    history = queries.run("city_history", city=city, month=filters.month, months=window)
    channels = queries.run("city_channels", city=city, month=filters.month, months=window)
    events = queries.run("events_in_window", month=filters.month, months=window, cities=[city])
    st.caption(tr("city.scope", rank=tables.rank_text(history.iloc[-1], tr),
                  responses=kpis.format_count(figures["responses"], tr.lang)))

    for row_of_cards in (CARDS[:3], CARDS[3:]):
        for column, kpi in zip(st.columns(len(row_of_cards)), row_of_cards, strict=True):
            with column:
                components.kpi_card(kpi, figures, trend, tr)

    st.subheader(tr("city.dimensions"))
    theme.show(charts.dimension_chart(history, filters.month, tr))
    st.caption(tr("city.dimensions_caption"))
    components.csv_download(history, f"city_{city}_{filters.month:%Y-%m}", tr, key="city_history_csv")

    rank_column, nps_column = st.columns(2)
    with rank_column:
        st.subheader(tr("city.rank_history"))
        theme.show(charts.rank_chart(history, filters.month, tr))
        st.caption(tr("city.rank_caption"))
    with nps_column:
        st.subheader(tr("city.nps_split"))
        theme.show(charts.nps_split_chart(history, tr))
        st.caption(tr("city.nps_caption"))

    st.subheader(tr("city.channels"))
    index_column, mix_column = st.columns(2)
    with index_column:
        st.markdown(f"**{tr('city.channel_index', month=tr.month(filters.month))}**")
        theme.show(charts.channel_chart(channels, filters.month, tr))
    with mix_column:
        st.markdown(f"**{tr('city.channel_mix')}**")
        theme.show(charts.channel_mix_chart(channels, tr))
    st.caption(tr("city.channels_caption"))
    components.csv_download(channels, f"city_{city}_channels_{filters.month:%Y-%m}", tr, key="city_channels_csv")

    st.subheader(tr("city.events"))
    if events.empty:
        st.caption(tr("trends.no_events"))
    else:
        components.table(event_table(events, tr), width="stretch", key="city_events")
    st.page_link("pages/trends.py", label=tr("city.back_to_trends"), query_params=filters.url_params())


run_page("city", city_detail)
