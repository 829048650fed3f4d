-- kpi_values(selection): every KPI of kpi_monthly in long form — one row per month, city and KPI; for each selected
-- city and (city_code NULL) the selection as a whole. Questions pick KPIs from here by name instead of listing
-- columns. Parameter: selection VARCHAR[] — as for kpi_monthly (an empty list selects every city; the NULL rows are
-- the nation). Columns: month, city_code, metric (the KPI's name: a kpi_monthly column, csat.kpis.KPIS), value
-- (DOUBLE; NULL when the month has no value). Read from finished rows: every city's and the nation's from
-- kpi_city_month_values, one city's as a whole from its own rows there (city_code NULL), any other chosen
-- selection's total from selection_kpi_values, which the query layer fills for the question's selection (kpi_long
-- over its totals, worked out once; it has no rows for any other selection).
CREATE OR REPLACE MACRO kpi_values(selection) AS TABLE
SELECT *
FROM kpi_city_month_values
WHERE CASE WHEN city_code IS NULL THEN len(selection) = 0 ELSE in_selection(selection, city_code) END
UNION ALL
SELECT * REPLACE (CAST(NULL AS VARCHAR) AS city_code)
FROM kpi_city_month_values
WHERE len(selection) = 1 AND city_code = selection[1]
UNION ALL
SELECT * EXCLUDE (selection_codes)
FROM selection_kpi_values
WHERE len(selection) > 0 AND selection_codes = list_sort(selection);
