"""Small Streamlit building blocks shared by pages: KPI cards, CSV downloads, the month's written summary."""

import functools
from collections.abc import Callable, Sequence

import altair as alt
import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler
from streamlit.elements.lib.mutable_tab_container import TabContainer

from csat import styles, theme
from csat.formats import is_zero_text
from csat.frame import Filters, city_names
from csat.i18n import Translator
from csat.kpis import Kpi
from csat.markup import bare, bare_table, plain, plain_table
from csat.spreadsheet import spreadsheet_csv
from review.summary import CHAPTERS, Summary


def month_summary(summary: Summary, tr: Translator) -> None:
    """The written summary of the month (review.summary.Summary): its sentences by chapter, as plain text, and
    the queries each sentence comes from a click away."""
    paragraphs = [f"**{tr(f'summary.chapter.{chapter}')}** · " + plain(("" if tr.lang == "zh" else " ").join(texts))
                  for chapter in CHAPTERS for texts in [summary.texts(chapter)] if texts]
    if not paragraphs:
        st.caption(tr("summary.empty"))
        return
    st.markdown("\n\n".join(paragraphs))
    with st.expander(tr("summary.sources")):
        st.markdown("\n".join(f"- {plain(s.text)} — `{', '.join(s.sources)}`" for s in summary.sentences))


def kpi_card(kpi: Kpi, row: pd.Series, trend: pd.DataFrame, tr: Translator, help_text: str | None = None) -> None:
    """One KPI as a card: this month's value, the change on last month coloured by whether it is good, and a
    sparkline of the trend. `row` is a national_kpis row (with <name>_prev and <name>_delta columns)."""
    label = kpi.label(tr.lang)
    if kpi.weight is not None:
        label = f"{label} ({kpi.weight:.0%})"  # the dimension's weight in the index; short enough not to clip
    value, previous = row.get(kpi.name), row.get(f"{kpi.name}_prev")
    delta = kpi.format_delta(row.get(f"{kpi.name}_delta"), previous, tr.lang, value=value)
    help_text = help_text or tr("overview.card_help", label=kpi.label(tr.lang), value=kpi.format_value(value, tr.lang),
                                previous=kpi.format_value(previous, tr.lang))
    # A change that is zero as written is grey and has no arrow (Streamlit would read "0.0" as a rise).
    unchanged = delta is not None and is_zero_text(delta)
    st.metric(label, kpi.format_value(value, tr.lang), delta, delta_color="off" if unchanged else kpi.delta_color(),
              delta_arrow="off" if unchanged else "auto", help=help_text,
              chart_data=trend[kpi.name].dropna().tolist() if kpi.name in trend else None, border=True)


def csv_download(frame: pd.DataFrame, file_stem: str, tr: Translator, key: str, value_kpi: Kpi | None = None) -> None:
    """A button that downloads `frame` as a CSV file for a spreadsheet (csat.spreadsheet: headers in the page's
    language, city names beside codes, numbers rounded as the page shows them, UTF-8 with BOM, formulas
    neutralised); `value_kpi` is the KPI a generic "value" column holds.

    The file is built on the click (`data` a callable) and the click does not rerun the page (`on_click="ignore"`):
    a download changes nothing on the page. With Streamlit's default ("rerun") every click reran the page, the
    rerun gave the button a new file id and dropped the old one (streamlit.runtime.media_file_manager), so a
    second click before the browser had the rerun's new button asked for a dropped file and downloaded nothing."""
    st.download_button(tr("frame.download_csv"), file_name=f"{file_stem}.csv", mime="text/csv", key=key, icon=None,
                       on_click="ignore", data=lambda: spreadsheet_csv(frame, tr, city_names(tr), value_kpi))


def city_detail_links(cities: Sequence[str], filters: Filters, tr: Translator) -> None:
    """A row of links "Beijing →" that open each city's detail page, keeping the other filters.

    The links flow in one wrapping row, each as wide as its label (columns of a fixed count squeezed a label
    to a few pixels in a narrow column). The city page shows the first `city` of the URL, so the linked city
    goes first and the current selection follows it (coming back keeps the selection).
    """
    names = city_names(tr)
    with st.container(horizontal=True, gap="medium"):
        for code in cities:
            others = tuple(c for c in filters.cities if c != code)
            st.page_link("pages/city.py", label=f"{plain(names[code])} →", width="content",
                         query_params=filters.url_params(cities=(code, *others)))


# A page's own filters live in the URL as codes (plan_status=missed, plan_city=WLMQ), not as the translated
# labels Streamlit's bind="query-params" would write, so that a link keeps working in the other language:
# each run sets the widget from the URL, and a change writes the URL (as csat.frame does for the shared ones).
def _write_url(key: str) -> None:
    value = st.session_state[key]
    values = [str(v) for v in (value if isinstance(value, list) else [value])]
    if values:
        st.query_params[key] = values
    elif key in st.query_params:
        del st.query_params[key]


def _url_values(key: str, options: Sequence) -> list:
    wanted = set(st.query_params.get_all(key))
    return [option for option in options if str(option) in wanted]


def url_multiselect(where, label: str, options: Sequence, key: str, placeholder: str,
                    format_func: Callable[[object], str] = str) -> list:
    """A multiselect in `where` whose choice is the URL parameter `key` (empty choice = parameter absent)."""
    st.session_state[key] = _url_values(key, options)
    return where.multiselect(label, options, format_func=lambda option: bare(format_func(option)),
                             placeholder=placeholder, key=key, on_change=_write_url, args=(key,))


def _write_tab_url(key: str, labels: dict[str, str]) -> None:
    opened = next(code for code, label in labels.items() if label == st.session_state[key])
    if opened == next(iter(labels)):
        st.query_params.pop(key, None)  # the first tab is the page's own address
    else:
        st.query_params[key] = opened


def url_tabs(labels: dict[str, str], key: str) -> dict[str, TabContainer]:
    """Tabs, one per code of `labels` (code → label), whose open tab is the URL parameter `key` (a code; absent or
    unknown: the first tab); code → tab container. Only the open tab's content should be drawn (`tab.open`): a
    switch reruns the page, so a hidden tab asks no question — a long page's queries are those of the tab shown.
    The URL names the tab by its code, so a shared link opens the same tab in either language."""
    named = _url_values(key, labels)
    if not named and key in st.query_params:
        del st.query_params[key]  # a code of no tab (an old or mistyped link): the first tab, and a clean address
    st.session_state[key] = labels[(named or [next(iter(labels))])[0]]
    tabs = st.tabs(list(labels.values()), key=key, on_change=_write_tab_url, args=(key, labels))
    return dict(zip(labels, tabs, strict=True))


def url_selectbox(label: str, options: Sequence, key: str, format_func: Callable[[object], str],
                  default: object = None) -> object:
    """A selectbox whose choice is the URL parameter `key` (`default`, else the first option, when the URL
    names none)."""
    fallback = default if default in options else options[0]
    st.session_state[key] = (_url_values(key, options) or [fallback])[0]
    return st.selectbox(label, options, format_func=lambda option: bare(format_func(option)), key=key,
                        on_change=_write_url, args=(key,))


# The width of the column the probe sits in (the map's width), reported when it is narrower than the width where
# the map's standard view fits (or stops being so), and again when it changes by a few pixels (a phone turned).
# The last width is kept in the session and passed back, so a page opened again draws the right view at once.
_COLUMN_WIDTH_JS = """
export default function ({ parentElement, data, setStateValue }) {
    const host = parentElement.host || parentElement;
    const column = host.closest('[data-testid="stVerticalBlock"]');
    if (!column) return;
    const report = () => {
        const width = Math.round(column.getBoundingClientRect().width);
        if (!width) return;
        const wanted = width < data.fits_from ? width : null;
        const known = data.width;
        if (wanted === known || (wanted !== null && known !== null && Math.abs(wanted - known) < 8)) return;
        data.width = wanted;
        setStateValue("width", wanted);
    };
    const observer = new ResizeObserver(report);
    observer.observe(column);
    return () => observer.disconnect();
}
"""
MEASURED_WIDTH = "frame_map_width"  # session key: the last width measured (None: wide enough or not measured)


@functools.cache
def _column_width() -> Callable:
    """The width-measuring component, registered with Streamlit on first use (not when this module is imported)."""
    return st.components.v2.component("csat_column_width", js=_COLUMN_WIDTH_JS)


def map_width(key: str, fits_from: int) -> int | None:
    """The width in pixels of the column this is called in, when it is narrower than `fits_from` — known only
    after the browser has measured it (one more run); None otherwise. Draws nothing (csat.styles hides it)."""
    known = st.session_state.get(MEASURED_WIDTH)
    result = _column_width()(key=key, data={"width": known, "fits_from": fits_from}, default={"width": known},
                             on_width_change=lambda: None, height=0)
    st.session_state[MEASURED_WIDTH] = result.width
    return result.width


def wide_chart(chart: alt.TopLevelMixin, key: str) -> None:
    """A chart that needs its width (a heat table, rows of long labels): on a phone it keeps it and scrolls
    sideways instead of drawing its figures over each other (csat.styles.WIDE_CHART)."""
    with st.container(key=f"{styles.WIDE_CHART}{key}"):
        theme.show(chart)


def table(data: pd.DataFrame | Styler, key: str, **dataframe_options) -> None:
    """A table: on screen the interactive grid (sorting, search, its own scroll), on paper every row as an HTML
    table — the grid is drawn on a canvas that a browser does not print (csat.styles shows one or the other).
    Text from the exports shows as written in both (csat.markup: the HTML table reads its cells as Markdown)."""
    with st.container(key=f"screen_only_{key}"):
        # Every row shown: a grid that scrolls inside itself hid the bottom of a ranking.
        st.dataframe(bare_table(data), hide_index=True, **{"height": "content", **dataframe_options})
    with st.container(key=f"print_only_{key}"):
        st.table(plain_table(data), hide_index=True)


def text_table(data: pd.DataFrame, **table_options) -> None:
    """A small HTML table (st.table), on screen and on paper alike: its cells, headers and index labels are
    Markdown there, so the exports' texts in them are escaped (csat.markup.plain_table)."""
    st.table(plain_table(data), **table_options)
