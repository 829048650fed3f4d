-- kpi_city_month_changes: kpi_changes([]) kept as a table, built once per export version — every city's and the
-- nation's (city_code NULL) KPIs per month with the month before's value and the change. Working out the changes
-- costs a question tens of milliseconds of planning (every KPI three times); reading a finished row costs a few.
CREATE OR REPLACE TABLE kpi_city_month_changes AS
SELECT *
FROM kpi_changes([])
ORDER BY month, city_code NULLS FIRST;
