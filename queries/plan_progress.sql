-- plan_progress: every plan initiative month by month up to a month: measured KPI, progress and status.
-- access: cities
-- kept answer: for every month
-- param month: month — the month the plan is judged at (YYYY-MM); default the latest month
-- param cities: cities — city codes: their initiatives and the national ones; empty = every initiative
-- param months_before: int = 12 — months of history before an initiative's start
-- param tolerance: int = 10 — percentage points an initiative may trail the time elapsed and still be on track
-- One row per initiative and month; the row with is_current is the initiative's state as of the month.
-- The value is measured from the exports, never typed in: a city initiative reads its city's row of
-- kpi_values, a national one (city_code NULL) the nation's row. progress = (value − baseline) /
-- (target − baseline) from the start on (NULL before), so a KPI where lower is better (response hours,
-- complaints) needs no special case; the target is reached when the value is at or beyond it, seen from
-- the baseline.
-- Status as of a month m whose last day is month_end (the first rule that applies):
--   not_started  month_end is before start_date
--   achieved     reached_month ≤ the due month, reached_month being the first month from the start
--                month to m whose value reached the target
--   late         reached_month is after the due month
--   missed       not reached, and m is the due month or later
--   no_data      not reached, before the due month, and no value measured in m
--   on_track     before the due month and progress ≥ elapsed − tolerance
--   at_risk      before the due month and progress < elapsed − tolerance
-- elapsed = days from start_date to month_end (at most due_date) / days from start_date to due_date.
-- Milestone counts are as of the month (done by its last day; overdue = due by then, not done by then).
WITH plan AS (
    SELECT
        initiatives.*,
        initiatives.rowid AS plan_order,
        cities.name_zh AS city_zh,
        cities.name_en AS city_en,
        CAST(date_trunc('month', start_date) AS DATE) AS start_month,
        CAST(date_trunc('month', due_date) AS DATE) AS due_month,
        sign(target - baseline) AS direction
    FROM initiatives
    LEFT JOIN cities USING (city_code)
    WHERE initiatives.city_code IS NULL OR in_selection(CAST($cities AS VARCHAR[]), initiatives.city_code)
),

-- The initiative's metric read by name from kpi_values: plan_metrics maps each initiative metric (contract:
-- initiatives.metric) to the KPI that measures it (queries.contract.PLAN_METRICS).
series AS (
    SELECT
        plan.*,
        kpis.month,
        last_day(kpis.month) AS month_end,
        kpis.value
    FROM plan
    INNER JOIN plan_metrics USING (metric)
    INNER JOIN kpi_city_month_values AS kpis
        ON kpis.metric = plan_metrics.kpi AND kpis.city_code IS NOT DISTINCT FROM plan.city_code
    WHERE kpis.month BETWEEN least(plan.start_month - to_months($months_before), $month) AND $month
),

measured AS (
    SELECT
        *,
        CASE WHEN month_end >= start_date THEN (value - baseline) / (target - baseline) END AS progress,
        -- A hair of slack so that a value equal to the target up to floating-point noise counts as reached.
        month >= start_month AND (value - target) * direction >= -1e-9 * greatest(1, abs(target)) AS on_target,
        greatest(0, date_diff('day', start_date, least(month_end, due_date)))
            / date_diff('day', start_date, due_date) AS elapsed
    FROM series
),

reached AS (
    SELECT
        *,
        min(CASE WHEN on_target THEN month END)
            OVER (PARTITION BY initiative_id ORDER BY month ROWS UNBOUNDED PRECEDING) AS reached_month
    FROM measured
),

milestone_counts AS (
    SELECT
        initiative_id,
        count(*) AS milestones,
        count(*) FILTER (WHERE done_date <= last_day($month)) AS milestones_done,
        count(*) FILTER (WHERE due_date <= last_day($month)
            AND (done_date IS NULL OR done_date > last_day($month))) AS milestones_overdue
    FROM milestones
    GROUP BY initiative_id
),

final AS (
    SELECT
        reached.initiative_id, reached.step, reached.title_zh, reached.title_en, reached.city_code,
        reached.city_zh, reached.city_en, reached.owner, reached.metric, reached.baseline, reached.target,
        reached.start_date, reached.due_date, reached.expected_effect_zh, reached.expected_effect_en,
        reached.month,
        reached.month = $month AS is_current,
        reached.value,
        reached.progress,
        reached.elapsed,
        $tolerance / 100 AS tolerance,
        reached.reached_month,
        CASE
            WHEN reached.month_end < reached.start_date THEN 'not_started'
            WHEN reached.reached_month <= reached.due_month THEN 'achieved'
            WHEN reached.reached_month IS NOT NULL THEN 'late'
            WHEN reached.month >= reached.due_month THEN 'missed'
            WHEN reached.value IS NULL THEN 'no_data'
            WHEN reached.progress >= reached.elapsed - $tolerance / 100 THEN 'on_track'
            ELSE 'at_risk'
        END AS status,
        coalesce(counts.milestones, 0) AS milestones,
        coalesce(counts.milestones_done, 0) AS milestones_done,
        coalesce(counts.milestones_overdue, 0) AS milestones_overdue,
        reached.plan_order
    FROM reached
    LEFT JOIN milestone_counts AS counts USING (initiative_id)
)

-- In the plan's own order: by step, then as the initiatives export lists them.
SELECT * FROM final ORDER BY step, plan_order, month;
