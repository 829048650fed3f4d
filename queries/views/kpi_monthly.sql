-- kpi_monthly(selection): every KPI per month, for each selected city and (city_code NULL) the selection as a whole.
-- Parameter: selection VARCHAR[] — city codes; an empty list selects every city (the NULL row is the nation).
-- Every city's rows and the nation's come from kpi_city_month (built once per export version); a chosen
-- selection's own total from selection_kpis, which the query layer fills for the question's selection (it has no
-- rows for any other selection, so a total is never taken from another one).
CREATE OR REPLACE MACRO kpi_monthly(selection) AS TABLE
SELECT *
FROM kpi_city_month
WHERE CASE WHEN city_code IS NULL THEN len(selection) = 0 ELSE in_selection(selection, city_code) END
UNION ALL
SELECT * EXCLUDE (selection_codes)
FROM selection_kpis
WHERE len(selection) > 0 AND selection_codes = list_sort(selection);
