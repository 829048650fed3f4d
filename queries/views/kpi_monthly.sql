-- kpi_monthly(selection): every KPI per month, for each selected city and (city_code NULL) the selection as a whole.
-- Parameter: selection VARCHAR[] — city codes; an empty list selects every city (the NULL row is the nation).
-- Every city's rows and the nation's come from kpi_city_month (built once per export version); only a chosen
-- selection's own total is pooled now (kpi_pooled), since there are too many selections to keep.
CREATE OR REPLACE MACRO kpi_monthly(selection) AS TABLE
SELECT *
FROM kpi_city_month
WHERE CASE WHEN city_code IS NULL THEN len(selection) = 0 ELSE in_selection(selection, city_code) END
UNION ALL
SELECT *
FROM kpi_pooled(selection)
WHERE city_code IS NULL AND len(selection) > 0;
