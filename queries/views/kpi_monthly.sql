-- kpi_monthly(selection): every KPI per month, for each selected city and (city_code NULL) the selection as a whole.
-- Parameter: selection VARCHAR[] — city codes; an empty list selects every city (the NULL row is the nation).
-- Every city's rows and the nation's come from kpi_city_month (built once per export version). A selection of one
-- city is that city as a whole: its own rows, read again with city_code NULL. Any other chosen selection's total
-- comes from selection_kpis, which the query layer fills for the question's selection (it has no rows for any other
-- selection, so a total is never taken from another one; nor for a one-city selection of a known city).
CREATE OR REPLACE MACRO kpi_monthly(selection) AS TABLE
SELECT *
FROM kpi_city_month
WHERE CASE WHEN city_code IS NULL THEN len(selection) = 0 ELSE in_selection(selection, city_code) END
UNION ALL
SELECT * REPLACE (CAST(NULL AS VARCHAR) AS city_code)
FROM kpi_city_month
WHERE len(selection) = 1 AND city_code = selection[1]
UNION ALL
SELECT * EXCLUDE (selection_codes)
FROM selection_kpis
WHERE len(selection) > 0 AND selection_codes = list_sort(selection);
