-- response_spread: the survey's sampling noise per month, for each city and (city_code NULL) the nation — a
-- summary table, built once per export version (queries/loader.py), so that the trend's significance test
-- (kpi_trend_by_city) and the early warning (early_warning) do not read every response of every month on each call.
-- A spread cannot be pooled exactly from means, so it is kept at the grains those questions use, computed over the
-- responses themselves. A response's index is the weighted sum of its four scores (satisfaction_index).
-- Columns: month, city_code; index_se, speed_se, resolution_se, attitude_se, follow_up_se — the standard error of
-- the month's mean (sample standard deviation over the square root of the number of scores);
-- index_sampling_variance — the variance of single responses' index over their number (the square of index_se).
-- kept by month of survey_responses.submitted_at
CREATE OR REPLACE TABLE response_spread AS
WITH scored AS (
    SELECT
        CAST(date_trunc('month', submitted_at) AS DATE) AS month,
        city_code,
        satisfaction_index(speed, resolution, attitude, follow_up) AS index,
        speed,
        resolution,
        attitude,
        follow_up
    FROM survey_responses
)

SELECT
    month,
    city_code,
    stddev_samp(index) / sqrt(count(index)) AS index_se,
    stddev_samp(speed) / sqrt(count(speed)) AS speed_se,
    stddev_samp(resolution) / sqrt(count(resolution)) AS resolution_se,
    stddev_samp(attitude) / sqrt(count(attitude)) AS attitude_se,
    stddev_samp(follow_up) / sqrt(count(follow_up)) AS follow_up_se,
    var_samp(index) / count(index) AS index_sampling_variance
FROM scored
GROUP BY GROUPING SETS ((month, city_code), (month))
ORDER BY month, city_code;
