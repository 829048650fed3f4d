-- kpi_long(selection): every KPI of kpi_monthly in long form — one row per month, city and KPI, unpivoted from
-- the wide rows. Parameter: selection VARCHAR[] — as for kpi_monthly. Columns: month, city_code, metric (the KPI's
-- name: a kpi_monthly column, csat.kpis.KPIS), value (DOUBLE; NULL when the month has no value). Unpivoting costs a
-- question tens of milliseconds of planning: it runs once per export version for every city and the nation
-- (kpi_city_month_values) and once per chosen selection (selection_kpi_values); questions read kpi_values.
CREATE OR REPLACE MACRO kpi_long(selection) AS TABLE
WITH wide AS (
    SELECT month, city_code, CAST(COLUMNS(* EXCLUDE (month, city_code)) AS DOUBLE)
    FROM kpi_monthly(selection)
)

FROM wide
UNPIVOT INCLUDE NULLS (value FOR metric IN (COLUMNS(* EXCLUDE (month, city_code))));
