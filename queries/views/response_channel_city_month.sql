-- response_channel_city_month: the survey's sums and counts per city, month and contact channel — the summary table
-- of the survey responses, built once per export version (queries/loader.py): city_channels reads it as it is, and
-- response_city_month adds its channels up per city and month.
-- Columns: month, city_code, channel, responses; for each dimension (speed, resolution, attitude, follow_up) the
-- sum and the number of its non-null scores (speed_sum, speed_n, …), so a mean is sum of sums / sum of counts,
-- never a mean of means; nps_n (answered NPS questions), promoters (9–10), passives (7–8), detractors (0–6);
-- csat_n (responses that answered all four dimensions, so that they have an index of their own) and satisfied (those
-- whose own index is at least settings.satisfied_score), for the CSAT share;
-- last_submitted_at (the latest submission, for data_as_of).
-- kept by month of survey_responses.submitted_at
CREATE OR REPLACE TABLE response_channel_city_month AS
SELECT
    CAST(date_trunc('month', submitted_at) AS DATE) AS month,
    city_code,
    channel,
    count(*) AS responses,
    sum(speed) AS speed_sum,
    count(speed) AS speed_n,
    sum(resolution) AS resolution_sum,
    count(resolution) AS resolution_n,
    sum(attitude) AS attitude_sum,
    count(attitude) AS attitude_n,
    sum(follow_up) AS follow_up_sum,
    count(follow_up) AS follow_up_n,
    count(nps) AS nps_n,
    count(nps) FILTER (WHERE nps >= 9) AS promoters,
    count(nps) FILTER (WHERE nps BETWEEN 7 AND 8) AS passives,
    count(nps) FILTER (WHERE nps <= 6) AS detractors,
    count(satisfaction_index(speed, resolution, attitude, follow_up)) AS csat_n,
    count(*) FILTER (
        WHERE satisfaction_index(speed, resolution, attitude, follow_up) >= (SELECT satisfied_score FROM settings)
    ) AS satisfied,
    max(submitted_at) AS last_submitted_at
FROM survey_responses
GROUP BY ALL
ORDER BY month, city_code, channel;
