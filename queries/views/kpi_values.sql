-- kpi_values(selection): every KPI of kpi_monthly in long form — one row per month, city and KPI.
-- Parameter: selection VARCHAR[] — as for kpi_monthly (city_code NULL is the selection as a whole).
-- Columns: month, city_code, metric (the KPI's name: a kpi_monthly column, csat.kpis.KPIS), value (DOUBLE;
-- NULL when the month has no value). Questions pick KPIs from here by name instead of listing columns.
-- Every city's rows and the nation's come from kpi_city_month_values; a chosen selection's total is unpivoted
-- from selection_kpis (see kpi_monthly).
CREATE OR REPLACE MACRO kpi_values(selection) AS TABLE
WITH selection_total AS (
    SELECT month, city_code, CAST(COLUMNS(* EXCLUDE (month, city_code, selection_codes)) AS DOUBLE)
    FROM selection_kpis
    WHERE len(selection) > 0 AND selection_codes = list_sort(selection)
)

SELECT *
FROM kpi_city_month_values
WHERE CASE WHEN city_code IS NULL THEN len(selection) = 0 ELSE in_selection(selection, city_code) END
UNION ALL
FROM selection_total
UNPIVOT INCLUDE NULLS (value FOR metric IN (COLUMNS(* EXCLUDE (month, city_code))));
