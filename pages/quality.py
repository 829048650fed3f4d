"""Data quality — can the figures be trusted, and what is missing from them?

For operators and analysts: the state of the last refresh (the version in use; while changed exports break the
contract, what broke and since when), every table's files and rows read, kept and rejected with the months its rows
cover, each rule's rejections per table and file with a few example rows, and the chosen month's missing or
unusually thin data. Layout only: the figures come from the queries, the display tables from csat.tables.quality.
"""

import streamlit as st

import queries
from csat import components, formats, theme
from csat.charts import quality as charts
from csat.frame import Filters, city_names, contract_problems, run_page
from csat.i18n import Translator
from csat.markup import plain
from csat.tables import quality as tables
from queries.access import current_viewer
from queries.loader import RULE_EXAMPLES


def refresh_state(tr: Translator) -> None:
    """The version in use (data as of, its files) and whether the current exports are it — or what broke, since when."""
    st.subheader(tr("quality.refresh_title"))
    as_of = queries.run("data_as_of").iloc[0]["data_as_of"]
    files = queries.run("export_files")
    st.markdown(tr("quality.version", as_of=formats.moment(as_of), files=tables.count(len(files)),
                   directory=plain(queries.data_directory().name)))
    problem = queries.export_problem()
    if problem is None:
        st.success(tr("quality.refresh_ok"))
    else:
        error, since = problem
        st.warning(tr("quality.refresh_broken", since=formats.moment(since)))
        contract_problems(error, tr)
    with st.expander(tr("quality.files_title")):
        components.table(tables.files_table(files, tr), key="quality_files", width="stretch")
        components.csv_download(files, "export_files", tr, key="quality_files_csv")


def rejected_rows(tr: Translator) -> None:
    """Each rule's rejected rows per table and file, and a few of them."""
    st.subheader(tr("quality.rejections_title"))
    rejected = queries.run("data_quality")
    if rejected.empty:
        st.success(tr("quality.no_rejections"))
        return
    st.caption(tr("quality.rejections_caption"))
    components.table(tables.rejections_table(rejected, tr), key="quality_rejections", width="stretch")
    components.csv_download(rejected, "data_quality", tr, key="quality_rejections_csv")
    st.markdown(f"**{tr('quality.examples_title')}**")
    if current_viewer().restricted:  # the rejected rows themselves are any city's: for viewers of every city
        st.caption(tr("access.executive_only"))
        return
    st.caption(tr("quality.examples_caption", count=RULE_EXAMPLES))
    examples = queries.run("data_quality_examples")
    components.table(tables.examples_table(examples, tr), key="quality_examples", width="stretch")
    components.csv_download(examples, "data_quality_examples", tr, key="quality_examples_csv")


def thin_data(filters: Filters, tr: Translator) -> None:
    """The cities without survey responses in the month, and the unusually thin months up to it."""
    month_label = tr.month(filters.month)
    st.subheader(tr("quality.thin_title"))
    st.caption(tr("quality.thin_caption", month=month_label, months=tables.THIN_MONTHS, percent=tables.THIN_PERCENT))
    thin = queries.run("thin_data", month=filters.month, months=tables.THIN_MONTHS, thin_percent=tables.THIN_PERCENT)
    silent = tables.silent_cities(thin, city_names(tr))
    if silent:
        st.warning(tr("quality.silent_cities", month=month_label, count=len(silent), cities=plain(tr.join(silent))))
    else:
        st.caption(tr("quality.every_city", month=month_label))
    history = queries.run("months")
    for column, measure in zip(st.columns(2), ("responses", "tickets"), strict=True):
        with column:
            theme.show(charts.monthly_rows(history, thin, measure, filters.month, tr))
    months = tables.thin_months(thin)
    if months.empty:
        st.caption(tr("quality.no_thin_months"))
    else:
        st.markdown(f"**{tr('quality.thin_months')}**")
        components.table(tables.thin_months_table(months, tr), key="quality_thin", width="stretch")
    if not thin.empty:
        components.csv_download(thin, f"thin_data_{filters.month:%Y-%m}", tr, key="quality_thin_csv")


def quality(filters: Filters, tr: Translator) -> None:
    """The data-quality page: the last refresh, the tables, the rejected rows, missing or thin data."""
    st.title(tr("quality.title"))
    st.caption(tr("quality.intro"))
    refresh_state(tr)

    st.subheader(tr("quality.tables_title"))
    st.caption(tr("quality.tables_caption"))
    overview = tables.table_overview(queries.run("export_tables"), queries.run("table_months"))
    components.table(tables.overview_table(overview, tr), key="quality_tables", width="stretch")
    components.csv_download(overview, "export_tables", tr, key="quality_tables_csv")

    rejected_rows(tr)
    thin_data(filters, tr)


run_page("quality", quality)
