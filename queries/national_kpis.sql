-- national_kpis: the nation's KPIs in a month, each with its previous-month value and change.
-- access: cities
-- param month: month — the month to report (YYYY-MM); default the latest month
-- param cities: cities — city codes to add up together instead of the nation; empty = the whole nation
-- One row: month, then every KPI of kpi_monthly (csat.kpis, source kpi_monthly) under its name, then each as
-- NAME_prev (the calendar month before; NULL without data) and NAME_delta (value − previous; NULL when either is
-- missing). No KPI is listed here: a KPI added to kpi_monthly is offered with its previous value and change.
-- A selection of cities is aggregated over its responses and tickets, like the nation.
WITH monthly AS (
    SELECT * EXCLUDE (city_code) FROM kpi_monthly(CAST($cities AS VARCHAR[])) WHERE city_code IS NULL
),

cur AS (
    SELECT * FROM monthly WHERE month = $month
),

prev AS (
    SELECT * FROM monthly WHERE month = $month - INTERVAL 1 MONTH
),

-- Per KPI the list [current, previous] (a side without a row or value is NULL): the change is [1] − [2].
pairs AS (
    SELECT list(COLUMNS(* EXCLUDE (w, month)) ORDER BY w DESC)
    FROM (
        SELECT 1 AS w, * FROM cur
        UNION ALL BY NAME
        SELECT -1 AS w, * FROM prev
    )
),

final AS (
    SELECT
        cur.month,
        COLUMNS(cur.* EXCLUDE (month)),
        COLUMNS(prev.* EXCLUDE (month)) AS '\0_prev',
        COLUMNS(pairs.*)[1] - COLUMNS(pairs.*)[2] AS '\0_delta'
    FROM cur
    LEFT JOIN prev ON true
    CROSS JOIN pairs
)

SELECT * FROM final;
