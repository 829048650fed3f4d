-- thin_data: missing or unusually thin data — the month's cities without survey responses, and thin months up to it.
-- access: cities
-- param month: month — the month looked at (YYYY-MM); default the latest
-- param months: int = 12 — the months whose median is the yardstick, ending at month (from the measure's first month)
-- param thin_percent: int = 50 — a month is thin when its count is below this percentage of that median
-- A thin month: its national survey responses or tickets below thin_percent % of the median month of the window.
-- One row per finding: finding (city_without_responses: a city of `cities` with no kept survey response in month;
-- thin_responses / thin_tickets: a month of the window whose national count is below the threshold — a month
-- without any row counts 0), month, city_code (the city, or NULL for a national month), count, and for a thin
-- month the window's median and thin_below, the threshold (median × thin_percent / 100). Read from the per
-- city × month summaries, never the raw rows. Cities in city_directory's order, months oldest first.
WITH counts AS (
    SELECT 'thin_responses' AS finding, month, CAST(sum(responses) AS BIGINT) AS count
    FROM response_city_month
    GROUP BY month
    UNION ALL
    SELECT 'thin_tickets', month, CAST(sum(tickets) AS BIGINT)
    FROM ticket_city_month
    GROUP BY month
),

-- Each measure's months in the window: from the later of its first month and the window's start, up to month.
window_months AS (
    SELECT finding, CAST(unnest(generate_series(
        greatest(min(month), CAST($month AS DATE) - to_months($months - 1)), CAST($month AS DATE), INTERVAL 1 MONTH
    )) AS DATE) AS month
    FROM counts
    WHERE month <= $month
    GROUP BY finding
),

in_window AS (
    SELECT window_months.finding, window_months.month, coalesce(counts.count, 0) AS count
    FROM window_months
    LEFT JOIN counts USING (finding, month)
),

yardstick AS (
    SELECT finding, median(count) AS median
    FROM in_window
    GROUP BY finding
),

thin_months AS (
    SELECT
        in_window.finding,
        in_window.month,
        CAST(NULL AS VARCHAR) AS city_code,
        in_window.count,
        yardstick.median,
        yardstick.median * $thin_percent / 100 AS thin_below,
        CASE in_window.finding WHEN 'thin_responses' THEN 1 ELSE 2 END AS kind_order,
        CAST(NULL AS VARCHAR) AS region
    FROM in_window
    JOIN yardstick USING (finding)
    WHERE in_window.count < yardstick.median * $thin_percent / 100
),

silent_cities AS (
    SELECT
        'city_without_responses' AS finding,
        CAST($month AS DATE) AS month,
        cities.city_code,
        CAST(0 AS BIGINT) AS count,
        CAST(NULL AS DOUBLE) AS median,
        CAST(NULL AS DOUBLE) AS thin_below,
        0 AS kind_order,
        cities.region
    FROM cities
    WHERE NOT EXISTS (
        SELECT 1 FROM response_city_month AS r
        WHERE r.city_code = cities.city_code AND r.month = $month AND r.responses > 0
    )
)

SELECT finding, month, city_code, count, median, thin_below
FROM (
    SELECT * FROM silent_cities
    UNION ALL BY NAME
    SELECT * FROM thin_months
)
ORDER BY kind_order, region, city_code, month;
