-- city_channels: how one city's survey responses split over contact channels month by month, with each channel's satisfaction index.
-- access: cities
-- param city: city — the city code
-- param month: month — the last month of the window (YYYY-MM); default the latest month
-- param months: int = 6 — the window's length in months; 0 = every month up to month
-- share is the channel's part of the city's responses in the month; index uses the same weights as everywhere, over
-- the channel's means (sums over counts of response_channel_city_month, kept per city, month and channel).
SELECT
    month,
    channel,
    responses,
    responses / sum(responses) OVER (PARTITION BY month) AS share,
    satisfaction_index(speed_sum / nullif(speed_n, 0), resolution_sum / nullif(resolution_n, 0),
                       attitude_sum / nullif(attitude_n, 0), follow_up_sum / nullif(follow_up_n, 0)) AS index
FROM response_channel_city_month
WHERE city_code = $city AND month <= $month AND ($months <= 0 OR month > $month - to_months($months))
ORDER BY month, responses DESC, channel;
