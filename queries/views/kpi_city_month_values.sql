-- kpi_city_month_values: kpi_city_month in long form (kpi_long([])) — one row per month, city (NULL: the nation)
-- and KPI, with the KPI's name (metric) and its value as DOUBLE; built once per export version.
CREATE OR REPLACE TABLE kpi_city_month_values AS
SELECT *
FROM kpi_long([])
ORDER BY month, city_code NULLS FIRST;
