-- early_warning: each city's projected index for the next month with a 90% prediction interval, and whether it is warned.
-- access: cities
-- kept answer: for every month
-- kept answer: for every month, warned_only = 1
-- kept answer: reads the month after
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
-- One month's rows of city_month_warnings (queries/views), where every month's are worked out once per export
-- version; a month outside its calendar (long before or after the data) has no projection, streak or measured
-- next month for any city: its rows are those of the calendar's first month (the one before the data) without
-- the next month's index.
WITH kept AS (
    SELECT * FROM city_month_warnings WHERE month = $month
),

outside AS (
    SELECT * REPLACE (CAST($month + INTERVAL 1 MONTH AS DATE) AS projected_month, NULL AS actual_next)
    FROM city_month_warnings
    WHERE month = (SELECT min(month) FROM city_month_warnings) AND NOT EXISTS (FROM kept)
),

final AS (
    SELECT * EXCLUDE (month) FROM kept
    UNION ALL
    SELECT * EXCLUDE (month) FROM outside
)

SELECT * FROM final
WHERE warned OR $warned_only = 0
ORDER BY warned DESC, projected_low NULLS LAST, city_code;
