-- understanding_complaints: how many of each chosen city's complaints are about not being understood (measured) and about being misunderstood (reported).
-- access: cities
-- param month: month — the month (YYYY-MM); default the latest month
-- param cities: cities — the chosen city codes
-- One row per chosen city with a misunderstanding figure in the optional driver_figures export (metric
-- misunderstanding_complaint_share; empty without it): not_understood_share is the share of the city's complaint
-- tickets in category 'dialect' (听不懂, measured from the tickets: the dialect_complaint_share KPI), beside the
-- reported misunderstanding_share (理解偏差) and its source. The two are separate kinds of complaint.
WITH reported AS (
    SELECT city_code, value AS misunderstanding_share, source_zh, source_en
    FROM driver_figures
    WHERE month = $month AND metric = 'misunderstanding_complaint_share'
        AND list_contains(CAST($cities AS VARCHAR[]), city_code)
),

measured AS (
    SELECT city_code, value AS not_understood_share
    FROM kpi_city_month_values  -- each city's own value: no pooled total of the chosen cities is needed
    WHERE month = $month AND metric = 'dialect_complaint_share' AND list_contains(CAST($cities AS VARCHAR[]), city_code)
)

SELECT
    reported.city_code,
    cities.name_zh,
    cities.name_en,
    measured.not_understood_share,
    reported.misunderstanding_share,
    reported.source_zh,
    reported.source_en
FROM reported
LEFT JOIN measured USING (city_code)
LEFT JOIN cities USING (city_code)
ORDER BY reported.city_code;
