-- month_events: what happened in a month — events and incidents, national or in the selected cities.
-- param month: month — the month (YYYY-MM); default the latest month
-- param cities: cities — city codes; empty = every city (national events and incidents are always kept)
WITH happenings AS (
    SELECT
        'event' AS source, date AS happened_on, city_code, kind, title_zh, title_en, NULL AS system,
        NULL AS tickets_lost
    FROM events
    UNION ALL
    SELECT
        'incident', CAST(started_at AS DATE), city_code, 'negative', title_zh, title_en, system, tickets_lost
    FROM incidents
)

SELECT happenings.*, cities.name_zh AS city_zh, cities.name_en AS city_en
FROM happenings
LEFT JOIN cities USING (city_code)
WHERE date_trunc('month', happened_on) = $month
    AND (city_code IS NULL OR len(CAST($cities AS VARCHAR[])) = 0
         OR list_contains(CAST($cities AS VARCHAR[]), city_code))
ORDER BY happened_on, source, title_en;
