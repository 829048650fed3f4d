-- kpi_monthly_changes(selection): every KPI per month with its value in the calendar month before (NAME_prev) and
-- the change (NAME_delta), as kpi_changes works them out — for each selected city and (city_code NULL) the selection
-- as a whole. Parameter: selection VARCHAR[] — as for kpi_monthly. Read from finished rows, like kpi_values: every
-- city's and the nation's from kpi_city_month_changes, one city's as a whole from its own rows there, any other
-- chosen selection's total from selection_kpi_changes, which the query layer fills for the question's selection
-- (kpi_changes over its totals, worked out once; it has no rows for any other selection).
CREATE OR REPLACE MACRO kpi_monthly_changes(selection) AS TABLE
SELECT *
FROM kpi_city_month_changes
WHERE CASE WHEN city_code IS NULL THEN len(selection) = 0 ELSE in_selection(selection, city_code) END
UNION ALL
SELECT * REPLACE (CAST(NULL AS VARCHAR) AS city_code)
FROM kpi_city_month_changes
WHERE len(selection) = 1 AND city_code = selection[1]
UNION ALL
SELECT * EXCLUDE (selection_codes)
FROM selection_kpi_changes
WHERE len(selection) > 0 AND selection_codes = list_sort(selection);
