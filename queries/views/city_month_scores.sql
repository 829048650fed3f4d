-- city_month_scores: what city_scores answers, for every month — each city's satisfaction index, dimensions, NPS
-- and national rank in the month, with the month before's — a table built once per export version. The question
-- reads one month's rows: planning the two joins of the ranking with the KPIs cost every call over 10 ms, running
-- them for every month costs one build a few.
CREATE OR REPLACE TABLE city_month_scores AS
WITH scores AS (
    SELECT kpis.*, ranking.rank, ranking.ranked, ranking.ranked_cities, ranking.in_top, ranking.in_bottom
    FROM kpi_city_month AS kpis
    INNER JOIN city_ranking AS ranking USING (month, city_code)
),

final AS (
    SELECT
        cur.month,
        cities.city_code, cities.name_zh, cities.name_en, cities.province_zh, cities.province_en,
        cities.region, cities.lat, cities.lon,
        cur.responses, cur.index, cur.speed, cur.resolution, cur.attitude, cur.follow_up, cur.nps,
        prev.index AS index_prev,
        cur.index - prev.index AS index_delta,
        cur.rank,
        prev.rank AS rank_prev,
        prev.rank - cur.rank AS rank_change,
        cur.ranked,
        cur.ranked_cities,
        cur.in_top,
        cur.in_bottom,
        prev.ranked AS ranked_prev
    FROM cities
    INNER JOIN scores AS cur ON cur.city_code = cities.city_code
    LEFT JOIN scores AS prev ON prev.city_code = cities.city_code AND prev.month = cur.month - INTERVAL 1 MONTH
)

SELECT * FROM final
ORDER BY month, city_code;
