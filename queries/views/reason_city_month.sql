-- reason_city_month: the survey responses that gave each low-score reason, per city and month — a summary table,
-- built once per export version (queries/loader.py), that low_score_causes reads instead of every response.
-- Columns: month, city_code, low_score_reason, responses (responses with that reason; none without a reason).
-- kept by month of survey_responses.submitted_at
CREATE OR REPLACE TABLE reason_city_month AS
SELECT
    CAST(date_trunc('month', submitted_at) AS DATE) AS month,
    city_code,
    low_score_reason,
    count(*) AS responses
FROM survey_responses
WHERE low_score_reason IS NOT NULL
GROUP BY ALL
ORDER BY month, city_code, low_score_reason;
