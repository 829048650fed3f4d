-- driver_figures: what the department reports moved satisfaction in a month — each driver's figures, national and of the chosen cities.
-- access: cities
-- param month: month — the month (YYYY-MM); default the latest month
-- param cities: cities — the chosen city codes; empty = national figures only
-- From the optional driver_figures export (empty without it): one row per figure, national ones (city_code NULL)
-- first, in the export's order. unit comes from the metric (queries.contract.DRIVER_METRICS): share, change or
-- seconds; before is NULL when only the month's value is reported; comparison 'below' / 'above' marks a bound.
SELECT
    figures.month,
    figures.city_code,
    cities.name_zh,
    cities.name_en,
    figures.driver_zh,
    figures.driver_en,
    figures.effect,
    figures.metric,
    units.unit,
    figures.before,
    figures.value,
    figures.value - figures.before AS change,
    figures.comparison,
    figures.source_zh,
    figures.source_en
FROM driver_figures AS figures
INNER JOIN driver_metric_units AS units USING (metric)
LEFT JOIN cities USING (city_code)
WHERE figures.month = $month
    AND (figures.city_code IS NULL OR list_contains(CAST($cities AS VARCHAR[]), figures.city_code))
ORDER BY figures.city_code NULLS FIRST, units.position;
