-- kpi_city_month: every KPI of every city and of the nation (city_code NULL) per month — kpi_pooled([]) kept as a
-- table, built once per export version (queries/loader.py), so that questions about cities and the nation read
-- finished rows instead of pooling the summaries again on every call.
CREATE OR REPLACE TABLE kpi_city_month AS
SELECT *
FROM kpi_pooled([])
ORDER BY month, city_code NULLS FIRST;
