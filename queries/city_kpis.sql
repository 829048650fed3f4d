-- city_kpis: every KPI of the selected cities in a month, with the nation's figures as the row whose city_code is NULL.
-- access: cities
-- param month: month — the month (YYYY-MM); default the latest month
-- param cities: cities — city codes; empty = every city
SELECT kpis.*, cities.name_zh, cities.name_en, cities.region
FROM kpi_city_month AS kpis
LEFT JOIN cities USING (city_code)
WHERE kpis.month = $month
    AND (kpis.city_code IS NULL OR in_selection(CAST($cities AS VARCHAR[]), kpis.city_code))
ORDER BY kpis.city_code NULLS FIRST;
