-- kpi_values(selection): every KPI of kpi_monthly in long form — one row per month, city and KPI.
-- Parameter: selection VARCHAR[] — as for kpi_monthly (city_code NULL is the selection as a whole).
-- Columns: month, city_code, metric (the KPI's name: a kpi_monthly column, csat.kpis.KPIS), value (DOUBLE;
-- NULL when the month has no value). Questions pick KPIs from here by name instead of listing columns; questions
-- about every city and the nation read kpi_city_month_values, this kept as a table.
CREATE OR REPLACE MACRO kpi_values(selection) AS TABLE
WITH wide AS (
    SELECT month, city_code, CAST(COLUMNS(* EXCLUDE (month, city_code)) AS DOUBLE)
    FROM kpi_monthly(selection)
)

FROM wide
UNPIVOT INCLUDE NULLS (value FOR metric IN (COLUMNS(* EXCLUDE (month, city_code))));
