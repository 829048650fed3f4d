-- reference: city_scores as it was worked out for the one month asked, before queries/views/city_month_scores.sql kept every
-- month's rows — the reference tests/test_kept_questions.py holds the question to (the same lines, on purpose).
-- city_scores: every city's satisfaction index, dimensions, NPS and national rank in a month, with last month's.
-- access: cities
-- param month: month — the month to report (YYYY-MM); default the latest month
-- param cities: cities — city codes to keep; empty = every city (ranks are always among all cities)
-- rank_change > 0 means the city moved up; ranked is false when it had too few responses to rank;
-- in_top / in_bottom: among the top five / bottom three of the nation.
WITH scores AS (
    SELECT kpis.*, ranking.rank, ranking.ranked, ranking.ranked_cities, ranking.in_top, ranking.in_bottom
    FROM kpi_city_month AS kpis
    INNER JOIN city_ranking AS ranking USING (month, city_code)
),

final AS (
    SELECT
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
    INNER JOIN scores AS cur ON cur.city_code = cities.city_code AND cur.month = $month
    LEFT JOIN scores AS prev ON prev.city_code = cities.city_code AND prev.month = $month - INTERVAL 1 MONTH
    WHERE in_selection(CAST($cities AS VARCHAR[]), cities.city_code)
)

SELECT * FROM final ORDER BY rank NULLS LAST, index DESC NULLS LAST, city_code;
