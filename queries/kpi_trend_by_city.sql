-- kpi_trend_by_city: one KPI month by month for the selected cities and the nation, with its sampling noise and whether each month's change exceeds it.
-- param month: month — the last month of the window (YYYY-MM); default the latest month
-- param months: int = 6 — the window's length in months; 0 = every month up to month
-- param cities: cities — city codes to keep; empty = every city (the nation's row is always kept)
-- param metric: text = index — the KPI: index, speed, resolution, attitude, follow_up, nps or avg_first_response_hours
-- Rows with city_code NULL are the nation, computed over all responses and tickets. value_se is the standard
-- error of a survey figure's monthly value: for the index and a dimension, the standard deviation of the
-- per-response scores (a response's index is the weighted sum of its four scores) over the square root of
-- their number; for NPS, 100·sqrt((promoters + detractors − (promoters − detractors)²) / answers), shares.
-- Ticket figures count every ticket rather than a sample: value_se is NULL. A change on the previous month is
-- significant when |change| > 1.96 · sqrt(se² + previous se²) (about 95 % confidence); NULL when unknown. The
-- change is on the calendar month before (NULL when that month has no data).
WITH response_noise AS (
    SELECT
        CAST(date_trunc('month', submitted_at) AS DATE) AS month,
        city_code,
        stddev_samp(satisfaction_index(speed, resolution, attitude, follow_up))
            / sqrt(count(satisfaction_index(speed, resolution, attitude, follow_up))) AS index_se,
        stddev_samp(speed) / sqrt(count(speed)) AS speed_se,
        stddev_samp(resolution) / sqrt(count(resolution)) AS resolution_se,
        stddev_samp(attitude) / sqrt(count(attitude)) AS attitude_se,
        stddev_samp(follow_up) / sqrt(count(follow_up)) AS follow_up_se
    FROM survey_responses
    GROUP BY GROUPING SETS ((month, city_code), (month))
),

monthly AS (
    SELECT
        kpis.month,
        kpis.city_code,
        kpis.responses,
        CASE $metric
            WHEN 'index' THEN kpis.index
            WHEN 'speed' THEN kpis.speed
            WHEN 'resolution' THEN kpis.resolution
            WHEN 'attitude' THEN kpis.attitude
            WHEN 'follow_up' THEN kpis.follow_up
            WHEN 'nps' THEN kpis.nps
            WHEN 'avg_first_response_hours' THEN kpis.avg_first_response_hours
            ELSE error('kpi_trend_by_city: unknown metric ' || $metric)
        END AS value,
        CASE $metric
            WHEN 'index' THEN noise.index_se
            WHEN 'speed' THEN noise.speed_se
            WHEN 'resolution' THEN noise.resolution_se
            WHEN 'attitude' THEN noise.attitude_se
            WHEN 'follow_up' THEN noise.follow_up_se
            WHEN 'nps' THEN 100 * sqrt((kpis.promoter_share + kpis.detractor_share
                                        - (kpis.promoter_share - kpis.detractor_share) ** 2) / kpis.nps_responses)
        END AS value_se
    FROM kpi_monthly([]) AS kpis
    LEFT JOIN response_noise AS noise
        ON noise.month = kpis.month AND noise.city_code IS NOT DISTINCT FROM kpis.city_code
    WHERE kpis.city_code IS NULL OR in_selection(CAST($cities AS VARCHAR[]), kpis.city_code)
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
