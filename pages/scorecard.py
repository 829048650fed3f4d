"""Service-team scorecard — the year's targets of the department's planning documents, tracked from the exports.

The balanced scorecard (customer, process, learning and growth) of the nation against the targets of the settings
file scorecard.toml, for the chosen month and the year to date, each with its baseline, target, trajectory and
status (rule stated on the page); each target's trajectory month by month; every city against the targets; the
external figures, apart from the measured ones; the capability model from the assessed skills. Layout only: the
figures come from the queries, the targets and rules from csat.targets, the visuals from csat's builders.
"""

import streamlit as st

import queries
from csat import components, kpis, styles, theme
from csat import targets as scorecard_targets
from csat.charts import scorecard as charts
from csat.codes import code_text
from csat.frame import Filters, run_page, scope_label
from csat.i18n import Translator
from csat.tables import scorecard as tables

PERIODS = ("month", "ytd")


def scorecard(filters: Filters, tr: Translator) -> None:
    """The scorecard page: the settings file checked, then the nation's scorecard, the trajectories, the cities,
    the external figures and the capability model."""
    cities = list(filters.cities)
    month_label = tr.month(filters.month)
    st.title(tr("scorecard.title", month=month_label))
    try:
        targets = scorecard_targets.load()
    except scorecard_targets.TargetsError as error:
        st.error(tr("scorecard.settings_error", problem=str(error)))
        return
    st.caption(tr("scorecard.intro", start=targets.start.isoformat(), end=targets.end.isoformat(),
                  file=scorecard_targets.targets_file().name))
    phase = targets.phase(filters.month)
    if phase is not None:
        st.caption(tr("scorecard.phase", name=phase.name(tr.lang), start=phase.start.isoformat(),
                      end=phase.end.isoformat()))
    elif targets.month_number(filters.month) < 1:
        st.caption(tr("scorecard.before_period", start=targets.start.isoformat()))

    actuals = queries.run("scorecard_actuals", month=filters.month, cities=cities,
                          metrics=kpis.names(kpis.SCORECARD_KPIS),
                          weights=[kpis.SCORECARD_POOLED_OVER[k.name].name for k in kpis.SCORECARD_KPIS])
    assessed = tables.assess(actuals, targets, filters.month)
    national = tables.nation(assessed)

    st.subheader(tr("scorecard.overview"))
    counts = tables.status_counts(national)
    if counts:
        for column, (code, count) in zip(st.columns(len(counts)), counts.items(), strict=True):
            column.metric(code_text("scorecard_status", code, tr), count, border=True,
                          help=tr("scorecard.count_help", month=month_label))
    with st.container(key=f"{styles.WIDE}scorecard_table"):
        components.table(tables.scorecard_table(national, tr), key="scorecard_table", width="stretch",
                         column_config=tables.pinned_columns(tr))
    components.csv_download(tables.export(assessed), f"scorecard_{filters.month:%Y-%m}", tr, key="scorecard_csv")
    with st.container(border=True):
        st.markdown(f"**{tr('scorecard.rule_title')}**")
        st.markdown(tr("scorecard.rule_status"))
        st.markdown(tr("scorecard.rule_trajectory", months=targets.months))
        st.markdown(tr("scorecard.rule_csat"))
        st.markdown(tr("scorecard.rule_pooled"))

    st.subheader(tr("scorecard.trajectories"))
    st.caption(tr("scorecard.trajectories_scope", scope=scope_label(cities, tr)))
    series = tr("frame.nationwide") if not cities else tr("scorecard.chosen_cities", count=len(cities))
    trend = queries.run("kpi_trend", month=filters.month, months=filters.month.month, cities=cities)
    shown = [kpi for kpi in tables.targeted(national) if charts.has_value(trend, kpi)]
    for start in range(0, len(shown), 2):
        for column, kpi in zip(st.columns(2), shown[start:start + 2], strict=False):
            with column:
                theme.show(charts.trajectory(trend, kpi, targets, filters.month, tr, series))
    missing = [kpi.label(tr.lang) for kpi in tables.targeted(national) if kpi not in shown]
    if missing:
        st.caption(tr("scorecard.no_values", names=tr.join(missing)))
    st.caption(tr("scorecard.trajectory_caption"))

    st.subheader(tr("scorecard.cities"))
    period = components.url_selectbox(tr("scorecard.period"), list(PERIODS), "scorecard_period",
                                      lambda code: tr(f"scorecard.period.{code}"))
    with st.container(key=f"{styles.WIDE}scorecard_cities"):
        components.table(tables.city_table(assessed, tables.targeted(national), period, tr),
                         key="scorecard_cities", width="stretch")
    st.caption(tr("scorecard.cities_caption"))

    st.subheader(tr("scorecard.benchmarks"))
    st.caption(tr("scorecard.benchmarks_caption"))
    benchmarks = tables.benchmarks_table(national, targets, tr)
    if benchmarks.empty:
        st.caption(tr("scorecard.no_benchmarks"))
    else:
        components.text_table(benchmarks, hide_index=True)

    st.subheader(tr("scorecard.capability"))
    team = queries.run("team_matrix", month=filters.month, cities=cities)
    if not tables.has_skills(team):
        st.caption(tr("scorecard.no_skills"))
    else:
        with st.container(key=f"{styles.WIDE}scorecard_capability"):
            components.table(tables.capability_table(team, tr), key="scorecard_capability", width="stretch")
        components.csv_download(team, f"scorecard_capability_{filters.month:%Y-%m}", tr, key="scorecard_capability_csv")
    st.caption(tr("scorecard.capability_caption", areas=tr.join(tables.unassessed_areas(tr))))


run_page("scorecard", scorecard)
