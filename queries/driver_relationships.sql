-- driver_relationships: how each team factor goes with satisfaction across all cities and months up to a month.
-- param month: month — the last month taken into account (YYYY-MM); default the latest month
-- One row per city-month and pair (factor → outcome): the observation (x, y) and the pair's statistics over
-- every ranked city-month up to the month (enough responses; the same rows for every pair where both values
-- exist): Pearson correlation r = corr(y, x), least-squares slope and intercept of y on x (regr_slope,
-- regr_intercept), r² and the number of observations. A correlation describes an association across cities
-- and months; it does not prove a cause.
WITH observations AS (
    SELECT kpis.*
    FROM kpi_monthly([]) AS kpis
    INNER JOIN city_ranking AS ranking USING (month, city_code)
    WHERE ranking.ranked AND kpis.month <= $month
),

factors AS (
    SELECT month, city_code, index, dialect_complaint_share, factor, x
    FROM observations
    UNPIVOT (x FOR factor IN (
        avg_first_response_hours, first_response_rate, inquiries_per_seat_day, part_time_share, triage_share,
        dialect_coverage, training_hours_per_agent, attrition_rate, assistant_penetration))
),

pairs AS (
    SELECT month, city_code, factor, 'index' AS outcome, x, index AS y FROM factors
    UNION ALL
    SELECT month, city_code, factor, 'dialect_complaint_share', x, dialect_complaint_share
    FROM factors
    WHERE factor = 'dialect_coverage'
),

final AS (
    SELECT
        pairs.*,
        corr(y, x) OVER pair AS r,
        regr_slope(y, x) OVER pair AS slope,
        regr_intercept(y, x) OVER pair AS intercept,
        regr_r2(y, x) OVER pair AS r2,
        regr_count(y, x) OVER pair AS observations,
        min(x) OVER pair AS x_min,
        max(x) OVER pair AS x_max
    FROM pairs
    WHERE x IS NOT NULL AND y IS NOT NULL
    WINDOW pair AS (PARTITION BY factor, outcome)
)

SELECT final.*, cities.name_zh, cities.name_en
FROM final
INNER JOIN cities USING (city_code)
ORDER BY outcome DESC, abs(r) DESC, factor, city_code, month;
