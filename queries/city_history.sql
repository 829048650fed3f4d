-- city_history: one city month by month — index, the four dimensions, NPS with its promoter / passive / detractor split, rank, and the nation's index beside it.
-- access: cities
-- param city: city — the city code
-- param month: month — the last month of the window (YYYY-MM); default the latest month
-- param months: int = 6 — the window's length in months; 0 = every month up to month
-- Shares are of the responses that answered the NPS question; rank is NULL in a month the city was not ranked.
SELECT
    city.month,
    city.city_code,
    city.responses,
    city.index,
    city.speed,
    city.resolution,
    city.attitude,
    city.follow_up,
    city.nps,
    city.nps_responses,
    city.promoter_share,
    city.passive_share,
    city.detractor_share,
    ranking.rank,
    ranking.ranked_cities,
    nation.index AS national_index
FROM kpi_city_month AS city
INNER JOIN kpi_city_month AS nation ON nation.month = city.month AND nation.city_code IS NULL
LEFT JOIN city_ranking AS ranking ON ranking.month = city.month AND ranking.city_code = city.city_code
WHERE city.city_code = $city
    AND city.month <= $month AND ($months <= 0 OR city.month > $month - to_months($months))
ORDER BY city.month;
