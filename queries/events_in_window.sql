-- events_in_window: the events and incidents of a window of months, national or in the selected cities, for annotating trend charts.
-- access: cities
-- kept answer: for every month, months = 1
-- param month: month — the last month of the window (YYYY-MM); default the latest month
-- param months: int = 6 — the window's length in months; 0 = every month up to month
-- param cities: cities — city codes; empty = every city (national events and incidents are always kept)
-- number counts the window's happenings in date order from 1 (the label a chart shows at each one).
WITH happenings AS (
    SELECT
        'event' AS source, date AS happened_on, city_code, kind, title_zh, title_en, NULL AS system,
        NULL AS tickets_lost
    FROM events
    UNION ALL
    SELECT
        'incident', CAST(started_at AS DATE), city_code, 'negative', title_zh, title_en, system, tickets_lost
    FROM incidents
),

in_window AS (
    SELECT happenings.*, cities.name_zh AS city_zh, cities.name_en AS city_en
    FROM happenings
    LEFT JOIN cities USING (city_code)
    WHERE happened_on < $month + INTERVAL 1 MONTH
        AND ($months <= 0 OR happened_on >= $month - to_months($months - 1))
        AND (city_code IS NULL OR in_selection(CAST($cities AS VARCHAR[]), city_code))
)

SELECT
    row_number() OVER (ORDER BY happened_on, source, title_en) AS number,
    CAST(date_trunc('month', happened_on) AS DATE) AS month,
    *
FROM in_window
ORDER BY number;
