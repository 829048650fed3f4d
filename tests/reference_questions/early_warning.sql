-- reference: early_warning as it was worked out for the one month asked, before queries/views/city_month_warnings.sql
-- kept every month's rows — the reference tests/test_kept_questions.py holds the question to (the same lines, on purpose).
-- early_warning: each city's projected index for the next month with a 90% prediction interval, and whether it is warned.
-- access: cities
-- param month: month — the last observed month (YYYY-MM); the projection is for the month after; default the latest
-- param warned_only: int = 0 — 1 keeps only the warned cities (the overview map's red triangles)
-- Method (settings: warning_window_months, warning_threshold, warning_falling_months):
-- 1. Trend: least-squares line of the city's monthly index over the last warning_window_months months up to
--    `month` (x = months since the window's start; at least 4 months with an index), extended one month.
-- 2. Uncertainty: the spread of a new month around the trend is the larger of the residual variance
--    (sum of squared residuals / (n − 2)) and the survey's sampling variance of a monthly index (the variance
--    of single responses' weighted scores / the number of responses, averaged over the window). The
--    prediction variance is that spread × (1 + 1/n + (x₀ − x̄)² / Sxx) — new month plus the trend's own
--    error — and the 90% interval is ± t(0.95, n − 2) × its square root.
-- 3. Warning: the projection or the interval's lower end is below warning_threshold, or the index fell
--    warning_falling_months months running (each month below the one before, ending at `month`).
-- actual_next is the next month's measured index when the data already has it (to check the method).
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

history AS (
    SELECT month, city_code, index, responses
    FROM kpi_city_month
    WHERE city_code IS NOT NULL AND index IS NOT NULL AND month <= $month
),

-- The survey's sampling variance of each city's monthly index, kept per city and month (response_spread).
sampling AS (
    SELECT
        city_code,
        month,
        index_sampling_variance AS sampling_variance
    FROM response_spread
    WHERE city_code IS NOT NULL AND month <= $month
),

recent AS (
    SELECT
        history.*,
        sampling.sampling_variance,
        date_diff('month', $month - to_months(settings_row.warning_window_months - 1), history.month) AS x
    FROM history
    CROSS JOIN settings_row
    LEFT JOIN sampling USING (city_code, month)
    WHERE history.month > $month - to_months(settings_row.warning_window_months)
),

fits AS (
    SELECT
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
    GROUP BY city_code
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

-- How many months running the index fell, ending at `month` (a month counts when the month before has an
-- index and was higher).
declines AS (
    SELECT
        city_code,
        month,
        row_number() OVER (PARTITION BY city_code ORDER BY month DESC) AS months_back,
        coalesce(
            lag(month) OVER (PARTITION BY city_code ORDER BY month) = month - INTERVAL 1 MONTH
            AND index < lag(index) OVER (PARTITION BY city_code ORDER BY month), false) AS fell
    FROM history
),

streaks AS (
    SELECT
        city_code,
        coalesce(min(months_back) FILTER (WHERE NOT fell) - 1, count(*)) AS falling_months
    FROM declines
    WHERE city_code IN (SELECT city_code FROM history WHERE month = $month)
    GROUP BY city_code
),

final AS (
    SELECT
        cities.city_code,
        cities.name_zh,
        cities.name_en,
        CAST($month + INTERVAL 1 MONTH AS DATE) AS projected_month,
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
    FROM cities
    CROSS JOIN settings_row
    LEFT JOIN intervals USING (city_code)
    LEFT JOIN streaks USING (city_code)
    LEFT JOIN history AS current_month ON current_month.city_code = cities.city_code AND current_month.month = $month
    LEFT JOIN kpi_city_month AS next_month
        ON next_month.city_code = cities.city_code AND next_month.month = $month + INTERVAL 1 MONTH
)

SELECT * FROM final
WHERE warned OR $warned_only = 0
ORDER BY warned DESC, projected_low NULLS LAST, city_code;
