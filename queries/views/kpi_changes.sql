-- kpi_changes(selection): every KPI of kpi_monthly(selection) per month — of every city and the nation (city_code
-- NULL) for the empty selection, of a chosen selection as a whole (NULL) otherwise — with its value in the calendar
-- month before (NAME_prev; NULL without data) and the change (NAME_delta = value − previous; NULL when either is
-- missing). No KPI is listed here: a KPI added to kpi_monthly gets both.
-- Parameter: selection VARCHAR[] — as for kpi_monthly. Columns: month, city_code, the KPIs, then NAME_prev for
-- each, then NAME_delta for each. kpi_city_month_changes keeps kpi_changes([]) as a table, every city's rows
-- included; so for a chosen selection only its total (city_code NULL) is worked out (the query layer does it once:
-- selection_kpi_changes).
CREATE OR REPLACE MACRO kpi_changes(selection) AS TABLE
WITH monthly AS (
    SELECT * FROM kpi_monthly(selection) WHERE len(selection) = 0 OR city_code IS NULL
),

-- Per city, month and KPI the list [value, previous]: each month's row, and the month before's moved one month on
-- (a side without a row or value is NULL). The change is [1] − [2]; DuckDB cannot subtract two column lists.
pairs AS (
    SELECT city_code, month, list(COLUMNS(* EXCLUDE (w, city_code, month)) ORDER BY w DESC)
    FROM (
        SELECT 1 AS w, * FROM monthly
        UNION ALL BY NAME
        SELECT -1 AS w, * REPLACE (CAST(month + INTERVAL 1 MONTH AS DATE) AS month) FROM monthly
    )
    GROUP BY city_code, month
)

SELECT
    cur.month,
    cur.city_code,
    COLUMNS(cur.* EXCLUDE (month, city_code)),
    COLUMNS(prev.* EXCLUDE (month, city_code)) AS '\0_prev',
    COLUMNS(pairs.* EXCLUDE (city_code, month))[1] - COLUMNS(pairs.* EXCLUDE (city_code, month))[2] AS '\0_delta'
FROM monthly AS cur
LEFT JOIN monthly AS prev
    ON prev.city_code IS NOT DISTINCT FROM cur.city_code AND prev.month = cur.month - INTERVAL 1 MONTH
JOIN pairs
    ON pairs.city_code IS NOT DISTINCT FROM cur.city_code AND pairs.month = cur.month;
