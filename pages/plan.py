"""Improvement-plan progress — is the three-step method of the March 2025 review working, month by month?

The plan's initiatives with their targets and the KPI measured from the exports (progress and status as of
the chosen month), the milestones planned against done, each step's promised effect against the measured
change with the satisfaction index against its targets, and one initiative's closed loop before and after
its start. Layout only: the figures and status rules come from the plan queries, the visuals from csat's
builders. The page's filters (step, city, owner, status, the closed-loop initiative) live in the URL too.
"""

import streamlit as st

import queries
from csat import components, styles, theme
from csat.charts import plan as charts
from csat.codes import code_text
from csat.frame import Filters, run_page
from csat.i18n import Translator
from csat.tables import plan as tables


def plan(filters: Filters, tr: Translator) -> None:
    """The plan page for the initiatives its filters keep: their status counts and progress, the
    milestones and the overdue ones, promised against measured effects, and one initiative's closed loop."""
    cities = list(filters.cities)
    month_label = tr.month(filters.month)
    progress = queries.run("plan_progress", month=filters.month, cities=cities)
    milestones = queries.run("milestones_timeline", month=filters.month, cities=cities)
    outcomes = queries.run("plan_outcomes", month=filters.month, cities=cities, months=tables.OUTCOME_MONTHS)
    current = tables.current_state(progress)

    st.title(tr("plan.title", month=month_label))
    st.caption(tr("plan.intro", month=month_label))
    if cities:
        st.caption(tr("plan.scope_selection", count=len(cities)))
    if current.empty:
        st.info(tr("plan.no_plan"))
        return

    options = tables.choices(current, tr)
    step_column, area_column, owner_column, status_column = st.columns(4)
    every = tr("plan.filter_all")
    steps = components.url_multiselect(step_column, tr("plan.filter_step"), options.steps, "plan_step", every,
                                       lambda step: tr("plan.step", step=step))
    # The initiatives' areas within the sidebar's cities (the queries already keep only those and the national
    # ones): "All" would claim more than the sidebar shows, so the empty choice says what it is.
    areas = components.url_multiselect(area_column, tr("plan.filter_area"), options.areas, "plan_city",
                                       tr("plan.filter_area_sidebar") if cities else every, options.area_names.get)
    owners = components.url_multiselect(owner_column, tr("plan.filter_owner"), options.owners, "plan_owner", every)
    statuses = components.url_multiselect(status_column, tr("plan.filter_status"), tables.STATUSES, "plan_status",
                                          every, lambda status: code_text("status", status, tr))
    kept = tables.chosen(current, steps, areas, owners, statuses)
    shown = tables.select(current, kept)
    if shown.empty:
        st.info(tr("plan.none_chosen"))
        return

    st.subheader(tr("plan.overview"))
    counts = tables.status_counts(shown)
    for column, (status, count) in zip(st.columns(len(counts)), counts.items(), strict=True):
        column.metric(code_text("status", status, tr), count, help=tr("plan.count_help", month=month_label),
                      border=True)
    # The charts with a row label per initiative or milestone keep their width on a phone and scroll sideways:
    # squeezed, the labels took all the room and the bars ran off the screen.
    components.wide_chart(charts.progress_bullets(shown, tr), key="plan_progress")
    st.caption(tr("plan.bullets_caption"))
    with st.container(key=f"{styles.WIDE}plan_overview"):  # twelve columns: scrolls sideways, the status in view
        components.table(tables.overview_table(shown, tr), key="plan_overview", width="stretch",
                         column_config=tables.pinned_columns(tr))
    components.csv_download(tables.overview_export(shown), f"plan_progress_{filters.month:%Y-%m}", tr,
                            key="plan_overview_csv")
    with st.container(border=True):
        st.markdown(f"**{tr('plan.rule_title')}**")
        st.markdown(tables.rule_text(shown, tr))

    st.subheader(tr("plan.milestones_title"))
    chosen_milestones = tables.select(milestones, kept)
    if chosen_milestones.empty:
        st.caption(tr("plan.no_milestone_rows"))
    else:
        components.wide_chart(charts.milestone_gantt(chosen_milestones, tr), key="plan_milestones")
        st.caption(tr("plan.gantt_caption"))
    missing = tables.without_milestones(shown, tr)
    if missing:
        st.caption(tr("plan.without_milestones", names="; ".join(missing)))
    st.markdown(f"**{tr('plan.overdue_title')}**")
    overdue = tables.overdue_table(chosen_milestones, tr)
    if overdue.empty:
        st.caption(tr("plan.no_overdue"))
    else:
        components.table(overdue, width="stretch", key="plan_overdue")
    components.csv_download(chosen_milestones, f"plan_milestones_{filters.month:%Y-%m}", tr, key="plan_milestones_csv")

    st.subheader(tr("plan.outcomes_title"))
    st.caption(tr("plan.outcomes_caption", months=tables.OUTCOME_MONTHS))
    chosen_outcomes = tables.select_outcomes(outcomes, shown)
    promise_column, index_column = st.columns(2)
    with promise_column:
        st.markdown(f"**{tr('plan.promise_title')}**")
        promises = charts.promise_bars(chosen_outcomes, tr)
        if promises is None:
            st.caption(tr("plan.no_promise"))
        else:
            components.wide_chart(promises, key="plan_promises")
            st.caption(tr("plan.promise_caption"))
    with index_column:
        st.markdown(f"**{tr('plan.index_title')}**")
        index_chart = charts.index_outcomes(progress, kept, tr)
        if index_chart is None:
            st.caption(tr("plan.no_index_target"))
        else:
            theme.show(index_chart)
            st.caption(tr("plan.index_caption"))
    components.table(tables.outcomes_table(chosen_outcomes, tr), width="stretch",
                     column_config=tables.outcome_columns(tr), key="plan_outcomes")
    components.csv_download(chosen_outcomes, f"plan_outcomes_{filters.month:%Y-%m}", tr, key="plan_outcomes_csv")

    st.subheader(tr("plan.loop_title"))
    labels = tables.initiative_labels(shown, tr)
    picked = components.url_selectbox(tr("plan.loop_pick"), list(labels), "plan_initiative", labels.get)
    history = tables.select(progress, [picked])
    loop_milestones = tables.select(milestones, [picked])
    st.markdown(tables.loop_summary(tables.select(shown, [picked]).iloc[0], month_label, tr))
    theme.show(charts.closed_loop(history, loop_milestones, tr))
    st.caption(tr("plan.loop_caption"))
    if not loop_milestones.empty:
        st.markdown(tables.milestone_list(loop_milestones, tr))
    components.csv_download(history, f"plan_history_{picked}_{filters.month:%Y-%m}", tr, key="plan_history_csv")

    st.subheader(tr("facts.long_term_title"))
    long_term = queries.run("long_term_plan", month=filters.month)
    if long_term.empty:  # the optional long_term_plan export, or no plan adopted yet
        st.caption(tr("facts.no_long_term"))
    else:
        st.caption(tr("facts.long_term_intro", adopted=tables.adopted_on(long_term)))
        components.text_table(tables.long_term_grid(long_term, tr), border="horizontal")
        st.caption(tr("facts.long_term_loop"))


run_page("plan", plan)
