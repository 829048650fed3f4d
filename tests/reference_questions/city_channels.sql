-- reference: city_channels as it was worked out from the raw survey responses, before queries/views/response_channel_city_month.sql kept
-- every month's counts — the reference tests/test_kept_questions.py holds the question to (the same lines, on purpose).
-- city_channels: how one city's survey responses split over contact channels month by month, with each channel's satisfaction index.
-- access: cities
-- param city: city — the city code
-- param month: month — the last month of the window (YYYY-MM); default the latest month
-- param months: int = 6 — the window's length in months; 0 = every month up to month
-- share is the channel's part of the city's responses in the month; index uses the same weights as everywhere.
WITH by_channel AS (
    SELECT
        CAST(date_trunc('month', submitted_at) AS DATE) AS month,
        channel,
        count(*) AS responses,
        satisfaction_index(avg(speed), avg(resolution), avg(attitude), avg(follow_up)) AS index
    FROM survey_responses
    WHERE city_code = $city AND in_month_window(submitted_at, $month, $months)
    GROUP BY ALL
)

SELECT
    month,
    channel,
    responses,
    responses / sum(responses) OVER (PARTITION BY month) AS share,
    index
FROM by_channel
WHERE month <= $month AND ($months <= 0 OR month > $month - to_months($months))
ORDER BY month, responses DESC, channel;
