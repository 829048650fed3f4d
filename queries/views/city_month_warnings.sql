-- city_month_warnings: what early_warning answers, for every month from the one before the data's first to the
-- last plus the trend window (after it no city has months enough for a trend) — each city's projected index for
-- the month after with a 90% prediction interval, and whether it is warned — a table built once per export version;
-- the question reads one month's rows (working the fits out cost every call 30–40 ms). The method is early_warning's
-- (queries/early_warning.sql, settings warning_window_months, warning_threshold, warning_falling_months), worked
-- out for every month as the month last observed (`month`).
CREATE OR REPLACE TABLE city_month_warnings AS
WITH settings_row AS (
    SELECT warning_threshold, warning_window_months, warning_falling_months FROM settings
),

-- One-sided 95% quantiles of Student's t (the 90% two-sided interval) by degrees of freedom; beyond 30 the
-- normal 1.645.
student_t (df, t) AS (
    VALUES (1, 6.314), (2, 2.920), (3, 2.353), (4, 2.132), (5, 2.015), (6, 1.943), (7, 1.895), (8, 1.860),
        (9, 1.833), (10, 1.812), (11, 1.796), (12, 1.782), (13, 1.771), (14, 1.761), (15, 1.753), (16, 1.746),
        (17, 1.740), (18, 1.734), (19, 1.729), (20, 1.725), (21, 1.721), (22, 1.717), (23, 1.714),
        (24, 1.711), (25, 1.708), (26, 1.706), (27, 1.703), (28, 1.701), (29, 1.699), (30, 1.697)
),

-- The months last observed: every calendar month the answer can differ in.
anchors AS (
    SELECT CAST(range AS DATE) AS month
    FROM range(
        (SELECT CAST(min(month) AS TIMESTAMP) - INTERVAL 1 MONTH FROM kpi_city_month),
        (SELECT CAST(max(month) AS TIMESTAMP) + to_months(warning_window_months) + INTERVAL 1 DAY
         FROM kpi_city_month CROSS JOIN settings_row GROUP BY warning_window_months),
        INTERVAL 1 MONTH)
),

history AS (
    SELECT month, city_code, index, responses
    FROM kpi_city_month
    WHERE city_code IS NOT NULL AND index IS NOT NULL
),

-- The survey's sampling variance of each city's monthly index, kept per city and month (response_spread).
sampling AS (
    SELECT
        city_code,
        month,
        index_sampling_variance AS sampling_variance
    FROM response_spread
    WHERE city_code IS NOT NULL
),

recent AS (
    SELECT
        anchors.month AS anchor,
        history.*,
        sampling.sampling_variance,
        date_diff('month', anchors.month - to_months(settings_row.warning_window_months - 1), history.month) AS x
    FROM anchors
    CROSS JOIN settings_row
    INNER JOIN history
        ON history.month <= anchors.month
        AND history.month > anchors.month - to_months(settings_row.warning_window_months)
    LEFT JOIN sampling ON sampling.city_code = history.city_code AND sampling.month = history.month
),

fits AS (
    SELECT
        anchor,
        city_code,
        regr_count(index, x) AS months_used,
        regr_slope(index, x) AS slope,
        regr_intercept(index, x) AS intercept,
        regr_avgx(index, x) AS x_mean,
        regr_sxx(index, x) AS sxx,
        (regr_syy(index, x) - regr_sxy(index, x) ^ 2 / nullif(regr_sxx(index, x), 0))
            / nullif(regr_count(index, x) - 2, 0) AS residual_variance,
        avg(sampling_variance) AS sampling_variance
    FROM recent
    GROUP BY anchor, city_code
    HAVING regr_count(index, x) >= 4
),

projections AS (
    SELECT
        fits.*,
        settings_row.warning_window_months AS x_next,
        fits.intercept + fits.slope * settings_row.warning_window_months AS projected,
        greatest(fits.residual_variance, coalesce(fits.sampling_variance, 0)) AS spread_variance,
        coalesce(student_t.t, 1.645) AS t
    FROM fits
    CROSS JOIN settings_row
    LEFT JOIN student_t ON student_t.df = fits.months_used - 2
),

intervals AS (
    SELECT
        *,
        t * sqrt(spread_variance * (1 + 1 / months_used + (x_next - x_mean) ^ 2 / sxx)) AS half_width
    FROM projections
),

-- How many months running the index fell, ending at each month with an index (a month counts when the month
-- before has an index and was higher): the months since the last one that did not fall.
declines AS (
    SELECT
        city_code,
        month,
        row_number() OVER (PARTITION BY city_code ORDER BY month) AS position,
        coalesce(
            lag(month) OVER (PARTITION BY city_code ORDER BY month) = month - INTERVAL 1 MONTH
            AND index < lag(index) OVER (PARTITION BY city_code ORDER BY month), false) AS fell
    FROM history
),

streaks AS (
    SELECT
        city_code,
        month,
        position - coalesce(max(position) FILTER (WHERE NOT fell) OVER (
            PARTITION BY city_code ORDER BY month ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), 0)
            AS falling_months
    FROM declines
),

final AS (
    SELECT
        anchors.month,
        cities.city_code,
        cities.name_zh,
        cities.name_en,
        CAST(anchors.month + INTERVAL 1 MONTH AS DATE) AS projected_month,
        current_month.index,
        intervals.months_used,
        intervals.slope,
        intervals.projected,
        intervals.projected - intervals.half_width AS projected_low,
        intervals.projected + intervals.half_width AS projected_high,
        sqrt(intervals.residual_variance) AS residual_sd,
        sqrt(intervals.sampling_variance) AS sampling_se,
        coalesce(streaks.falling_months, 0) AS falling_months,
        next_month.index AS actual_next,
        settings_row.warning_threshold AS threshold,
        coalesce(intervals.projected < settings_row.warning_threshold, false) AS projected_below,
        coalesce(intervals.projected - intervals.half_width < settings_row.warning_threshold, false) AS low_below,
        coalesce(streaks.falling_months, 0) >= settings_row.warning_falling_months AS falling,
        projected_below OR low_below OR falling AS warned
    FROM anchors
    CROSS JOIN cities
    CROSS JOIN settings_row
    LEFT JOIN intervals ON intervals.anchor = anchors.month AND intervals.city_code = cities.city_code
    LEFT JOIN streaks ON streaks.month = anchors.month AND streaks.city_code = cities.city_code
    LEFT JOIN history AS current_month
        ON current_month.city_code = cities.city_code AND current_month.month = anchors.month
    LEFT JOIN kpi_city_month AS next_month
        ON next_month.city_code = cities.city_code AND next_month.month = anchors.month + INTERVAL 1 MONTH
)

SELECT * FROM final
ORDER BY month, city_code;
