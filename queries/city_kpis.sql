-- city_kpis: every KPI of the selected cities in a month with last month's value and the change, and the nation's figures as the row whose city_code is NULL.
-- access: cities
-- kept answer: for every month
-- kept answer: chosen cities read their rows
-- param month: month — the month (YYYY-MM); default the latest month
-- param cities: cities — city codes; empty = every city
-- Each KPI of kpi_monthly under its name, then NAME_prev (the calendar month before; NULL without data) and
-- NAME_delta (value − previous; NULL when either is missing), as national_kpis gives them for one city — the rows of
-- kpi_city_month_changes, each city's own — then the city's names and region. The city page's cards read their city's
-- row (national_kpis for one city reads the same row through the selection macro's one-city branch).
SELECT changes.*, cities.name_zh, cities.name_en, cities.region
FROM kpi_city_month_changes AS changes
LEFT JOIN cities USING (city_code)
WHERE changes.month = $month
    AND (changes.city_code IS NULL OR in_selection(CAST($cities AS VARCHAR[]), changes.city_code))
ORDER BY changes.city_code NULLS FIRST;
