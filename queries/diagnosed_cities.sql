-- diagnosed_cities: the cities the causes page diagnoses in a month — the chosen cities, else the bottom ranked ones.
-- access: cities
-- param month: month — the month (YYYY-MM); default the latest month
-- param cities: cities — the chosen city codes; empty = the month's bottom three (city_ranking.in_bottom)
-- Ordered best rank first (the review lists Urumqi 30th, Lanzhou 31st, Hohhot 32nd); unranked cities last.
WITH scores AS (
    SELECT
        kpis.city_code, kpis.index, kpis.responses, ranking.rank, ranking.ranked, ranking.ranked_cities,
        ranking.in_bottom
    FROM kpi_city_month AS kpis
    INNER JOIN city_ranking AS ranking USING (month, city_code)
    WHERE kpis.month = $month
),

chosen AS (
    SELECT *
    FROM scores
    WHERE CASE
        WHEN len(CAST($cities AS VARCHAR[])) > 0 THEN list_contains(CAST($cities AS VARCHAR[]), city_code)
        ELSE in_bottom
    END
),

final AS (
    SELECT chosen.*, cities.name_zh, cities.name_en, cities.region
    FROM chosen
    INNER JOIN cities USING (city_code)
)

SELECT * FROM final ORDER BY rank NULLS LAST, city_code;
