-- diagnosis: the team figures behind low satisfaction for chosen cities, their pool, the nation and the best and worst city.
-- access: cities
-- chosen cities pooled: the month only
-- param month: month — the month (YYYY-MM); default the latest month
-- param cities: cities — the diagnosed city codes (see diagnosed_cities)
-- param metrics: names — the figures, by KPI name (csat.kpis: the causes page's DIAGNOSIS_KPIS); empty = every KPI
-- Long format, one row per figure and scope: scope 'city' (each chosen city), 'selection' (the chosen cities
-- pooled over their tickets, days and seats, like the nation), 'nation', and 'lowest' / 'highest' (the city
-- with the lowest / highest value of the month among all cities, and how many cities share it; which end is
-- best depends on the figure's direction, csat.kpis).
WITH month_values AS (
    SELECT * FROM kpi_city_month_values
    WHERE month = $month AND in_selection(CAST($metrics AS VARCHAR[]), metric)
),

long AS (
    SELECT CASE WHEN city_code IS NULL THEN 'nation' ELSE 'city' END AS scope, *
    FROM month_values
    WHERE city_code IS NULL OR list_contains(CAST($cities AS VARCHAR[]), city_code)
    UNION ALL BY NAME
    SELECT 'selection' AS scope, *
    FROM kpi_values(CAST($cities AS VARCHAR[]))
    WHERE month = $month AND city_code IS NULL AND len(CAST($cities AS VARCHAR[])) > 0
        AND in_selection(CAST($metrics AS VARCHAR[]), metric)
    UNION ALL BY NAME
    SELECT 'all_cities' AS scope, *
    FROM month_values
    WHERE city_code IS NOT NULL
),

-- A name kpi_values does not offer is an error, never a figure silently left out.
unknown AS (
    SELECT unnest(CAST($metrics AS VARCHAR[])) AS metric
    EXCEPT
    SELECT metric FROM kpi_city_month_values
),

checked AS (
    SELECT CASE WHEN count(*) > 0 THEN error('diagnosis: unknown metric ' || string_agg(metric, ', ')) END AS problem
    FROM unknown
),

city_values AS (
    SELECT metric, city_code, value FROM long WHERE scope = 'all_cities' AND value IS NOT NULL
),

bounds AS (
    SELECT metric, min(value) AS lowest, max(value) AS highest FROM city_values GROUP BY metric
),

-- The city at each end; when several cities share the extreme value (e.g. triage 100%), the first code and
-- how many share it.
extremes AS (
    SELECT
        bounds.metric,
        ends.scope,
        min(city_values.city_code) AS city_code,
        any_value(city_values.value) AS value,
        count(*) AS tied_cities
    FROM bounds
    CROSS JOIN (VALUES ('lowest'), ('highest')) AS ends (scope)
    INNER JOIN city_values
        ON city_values.metric = bounds.metric
        AND city_values.value = CASE ends.scope WHEN 'lowest' THEN bounds.lowest ELSE bounds.highest END
    GROUP BY bounds.metric, ends.scope
),

final AS (
    SELECT metric, scope, city_code, value, NULL AS tied_cities FROM long WHERE scope <> 'all_cities'
    UNION ALL
    SELECT metric, scope, city_code, value, tied_cities FROM extremes
)

SELECT final.*, cities.name_zh, cities.name_en
FROM final
LEFT JOIN cities USING (city_code)
CROSS JOIN checked
WHERE checked.problem IS NULL
ORDER BY metric, scope, city_code;
