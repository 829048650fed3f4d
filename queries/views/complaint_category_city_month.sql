-- complaint_category_city_month: the complaint tickets of each category, per city and month — a summary table,
-- built once per export version (queries/loader.py), that low_score_causes reads instead of every ticket.
-- Columns: month, city_code, category, complaints (complaint tickets of that category).
-- kept by month of tickets.created_at
CREATE OR REPLACE TABLE complaint_category_city_month AS
SELECT
    CAST(date_trunc('month', created_at) AS DATE) AS month,
    city_code,
    category,
    count(*) AS complaints
FROM tickets
WHERE is_complaint
GROUP BY ALL
ORDER BY month, city_code, category;
