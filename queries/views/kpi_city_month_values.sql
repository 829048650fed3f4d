-- kpi_city_month_values: kpi_city_month in long form — one row per month, city (NULL: the nation) and KPI, with
-- the KPI's name (metric) and its value as DOUBLE (NULL when the month has none); built once per export version.
CREATE OR REPLACE TABLE kpi_city_month_values AS
WITH wide AS (
    SELECT month, city_code, CAST(COLUMNS(* EXCLUDE (month, city_code)) AS DOUBLE)
    FROM kpi_city_month
)

FROM wide
UNPIVOT INCLUDE NULLS (value FOR metric IN (COLUMNS(* EXCLUDE (month, city_code))))
ORDER BY month, city_code NULLS FIRST;
