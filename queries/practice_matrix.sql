-- practice_matrix: which service practices (tools, localisation, KPI design, people programmes) the selected cities run in a month, and how many cities nationwide run each.
-- access: cities
-- kept answer: for every month
-- kept answer: chosen cities read their rows
-- param month: month — the month (YYYY-MM); default the latest month
-- param cities: cities — city codes; empty = every city
-- One row per practice running anywhere by the end of month and per selected city: started_on is NULL when that
-- city does not run it (yet). cities_running counts every city running it, of all_cities. Empty without the
-- optional city_practices export.
WITH running AS (
    SELECT *
    FROM city_practices
    WHERE started_on < $month + INTERVAL 1 MONTH
),

practices AS (
    SELECT practice, count(*) AS cities_running
    FROM running
    GROUP BY practice
)

SELECT
    practices.practice,
    cities.city_code,
    cities.name_zh,
    cities.name_en,
    running.started_on,
    running.effect_zh,
    running.effect_en,
    practices.cities_running,
    (SELECT count(*) FROM cities) AS all_cities
FROM practices
CROSS JOIN cities
LEFT JOIN running ON running.practice = practices.practice AND running.city_code = cities.city_code
WHERE in_selection(CAST($cities AS VARCHAR[]), cities.city_code)
ORDER BY practices.practice, cities.city_code;
