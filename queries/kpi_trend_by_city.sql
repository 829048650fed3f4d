-- kpi_trend_by_city: one KPI month by month for the selected cities and the nation, with its sampling noise and whether each month's change exceeds it.
-- access: cities
-- kept answer: for every month
-- kept answer: chosen cities read their rows
-- param month: month — the last month of the window (YYYY-MM); default the latest month
-- param months: int = 6 — the window's length in months; 0 = every month up to month
-- param cities: cities — city codes to keep; empty = every city (the nation's row is always kept)
-- param metric: text = index — the KPI's name: any KPI of kpi_values (csat.kpis; the trends page offers TREND_KPIS)
-- Rows with city_code NULL are the nation, computed over all responses and tickets. value_se is the standard
-- error of a survey figure's monthly value: for the index and a dimension, the standard deviation of the
-- per-response scores (a response's index is the weighted sum of its four scores) over the square root of
-- their number; for NPS, 100·sqrt((promoters + detractors − (promoters − detractors)²) / answers), shares.
-- Other figures (tickets, contact centre, team) count everything rather than a sample: value_se is NULL. A
-- change on the previous month is significant when |change| > 1.96 · sqrt(se² + previous se²) (about 95 %
-- confidence); NULL when unknown. The change is on the calendar month before (NULL when that month has no data).
-- The survey's standard errors, kept per month for each city and the nation (response_spread).
WITH response_noise AS (
    SELECT
        month,
        city_code,
        index_se AS index,
        speed_se AS speed,
        resolution_se AS resolution,
        attitude_se AS attitude,
        follow_up_se AS follow_up
    FROM response_spread
),

kpis AS (
    SELECT * FROM kpi_city_month_values
    WHERE city_code IS NULL OR in_selection(CAST($cities AS VARCHAR[]), city_code)
),

-- NPS: from its answers' promoter and detractor shares.
nps_noise AS (
    SELECT
        month,
        city_code,
        'nps' AS metric,
        100 * sqrt((promoters + detractors - (promoters - detractors) ** 2) / answers) AS value_se
    FROM (
        SELECT
            month,
            city_code,
            any_value(value) FILTER (WHERE metric = 'promoter_share') AS promoters,
            any_value(value) FILTER (WHERE metric = 'detractor_share') AS detractors,
            any_value(value) FILTER (WHERE metric = 'nps_responses') AS answers
        FROM kpis
        WHERE metric IN ('promoter_share', 'detractor_share', 'nps_responses')
        GROUP BY month, city_code
    )
),

-- The standard error of each survey KPI by name (month, city_code, metric, value_se).
noise AS (
    FROM response_noise
    UNPIVOT (value_se FOR metric IN (COLUMNS(* EXCLUDE (month, city_code))))
    UNION ALL BY NAME
    FROM nps_noise
),

-- The chosen KPI by name; a name kpi_values does not offer is an error, never a blank chart.
chosen AS (
    SELECT
        month,
        city_code,
        CAST(any_value(value) FILTER (WHERE metric = 'responses') AS BIGINT) AS responses,
        CASE
            WHEN count(*) FILTER (WHERE metric = $metric) = 0
                THEN error('kpi_trend_by_city: unknown metric ' || $metric)
            ELSE any_value(value) FILTER (WHERE metric = $metric)
        END AS value
    FROM kpis
    GROUP BY month, city_code
),

monthly AS (
    SELECT chosen.*, noise.value_se
    FROM chosen
    LEFT JOIN noise
        ON noise.month = chosen.month AND noise.city_code IS NOT DISTINCT FROM chosen.city_code
        AND noise.metric = $metric
),

changes AS (
    SELECT
        cur.*,
        cur.value - prev.value AS change,
        sqrt(cur.value_se ** 2 + prev.value_se ** 2) AS change_se
    FROM monthly AS cur
    LEFT JOIN monthly AS prev
        ON prev.city_code IS NOT DISTINCT FROM cur.city_code AND prev.month = cur.month - INTERVAL 1 MONTH
)

SELECT
    changes.month,
    changes.city_code,
    cities.name_zh,
    cities.name_en,
    ranking.rank,
    changes.responses,
    changes.value,
    changes.value_se,
    changes.value - 1.96 * changes.value_se AS ci_low,
    changes.value + 1.96 * changes.value_se AS ci_high,
    changes.change,
    changes.change_se,
    abs(changes.change) > 1.96 * changes.change_se AS significant
FROM changes
LEFT JOIN cities USING (city_code)
LEFT JOIN city_ranking AS ranking USING (month, city_code)
WHERE changes.month <= $month AND ($months <= 0 OR changes.month > $month - to_months($months))
ORDER BY changes.city_code NULLS FIRST, changes.month;
