-- driver_relationships: how each team factor goes with satisfaction across all cities and months up to a month.
-- access: cities
-- kept answer: for every month
-- param month: month — the last month taken into account (YYYY-MM); default the latest month
-- param factors: names = avg_first_response_hours,first_response_rate,inquiries_per_seat_day,part_time_share,triage_share,dialect_coverage,training_hours_per_agent,attrition_rate,assistant_penetration,dialect_coverage — the factors by KPI name, paired by position with outcomes (the causes page's pairs, csat.kpis.DRIVER_PAIRS)
-- param outcomes: names = index,index,index,index,index,index,index,index,index,dialect_complaint_share — the outcome of each factor by KPI name; both given empty = every other KPI against the index
-- One row per city-month and pair (factor → outcome): the observation (x, y) and the pair's statistics over
-- every ranked city-month up to the month (enough responses; the same rows for every pair where both values
-- exist): Pearson correlation r = corr(y, x), least-squares slope and intercept of y on x (regr_slope,
-- regr_intercept), r² and the number of observations. A correlation describes an association across cities
-- and months; it does not prove a cause.
-- The pairs asked for: factors[i] → outcomes[i]; both empty: every other KPI → the index.
WITH asked AS (
    SELECT
        unnest(CAST($factors AS VARCHAR[])) AS factor,
        unnest(CAST($outcomes AS VARCHAR[])) AS outcome
    UNION ALL
    SELECT DISTINCT metric, 'index'
    FROM kpi_city_month_values
    WHERE len(CAST($factors AS VARCHAR[])) = 0 AND len(CAST($outcomes AS VARCHAR[])) = 0 AND metric <> 'index'
),

-- A name kpi_values does not offer (or a factor without its outcome) is an error, never a pair left out.
checked AS (
    SELECT
        CASE WHEN count(*) > 0 THEN error('driver_relationships: unknown metric '
            || string_agg(coalesce(factor, 'NULL') || ' → ' || coalesce(outcome, 'NULL'), ', ')) END AS problem
    FROM asked
    WHERE factor IS NULL OR outcome IS NULL
        OR factor NOT IN (SELECT metric FROM kpi_city_month_values)
        OR outcome NOT IN (SELECT metric FROM kpi_city_month_values)
),

observations AS (
    SELECT kpis.*
    FROM kpi_city_month_values AS kpis
    INNER JOIN city_ranking AS ranking USING (month, city_code)
    WHERE ranking.ranked AND kpis.month <= $month
),

pairs AS (
    SELECT xs.month, xs.city_code, asked.factor, asked.outcome, xs.value AS x, ys.value AS y
    FROM asked
    INNER JOIN observations AS xs ON xs.metric = asked.factor
    INNER JOIN observations AS ys
        ON ys.metric = asked.outcome AND ys.month = xs.month AND ys.city_code = xs.city_code
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
CROSS JOIN checked
WHERE checked.problem IS NULL
-- |r| to 12 digits: correlations equal but for the last binary digit (DuckDB's window sums add in no fixed
-- order) are a tie, broken by the factor's name, so the order is the same on every run.
ORDER BY outcome DESC, round(abs(r), 12) DESC, factor, city_code, month;
