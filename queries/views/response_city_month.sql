-- response_city_month: the survey's sums and counts per city and month — response_channel_city_month's channels
-- added up, a summary table built once per export version (queries/loader.py) that response_monthly pools from
-- instead of reading every response again. Columns: those of response_channel_city_month without channel (sums
-- and counts added, last_submitted_at the latest); see there.
-- kept by month of survey_responses.submitted_at
CREATE OR REPLACE TABLE response_city_month AS
SELECT
    month,
    city_code,
    CAST(sum(responses) AS BIGINT) AS responses,
    sum(speed_sum) AS speed_sum,
    CAST(sum(speed_n) AS BIGINT) AS speed_n,
    sum(resolution_sum) AS resolution_sum,
    CAST(sum(resolution_n) AS BIGINT) AS resolution_n,
    sum(attitude_sum) AS attitude_sum,
    CAST(sum(attitude_n) AS BIGINT) AS attitude_n,
    sum(follow_up_sum) AS follow_up_sum,
    CAST(sum(follow_up_n) AS BIGINT) AS follow_up_n,
    CAST(sum(nps_n) AS BIGINT) AS nps_n,
    CAST(sum(promoters) AS BIGINT) AS promoters,
    CAST(sum(passives) AS BIGINT) AS passives,
    CAST(sum(detractors) AS BIGINT) AS detractors,
    CAST(sum(csat_n) AS BIGINT) AS csat_n,
    CAST(sum(satisfied) AS BIGINT) AS satisfied,
    max(last_submitted_at) AS last_submitted_at
FROM response_channel_city_month
GROUP BY month, city_code
ORDER BY month, city_code;
