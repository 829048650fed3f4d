-- kpi_trend: the nation's (or a selection's) KPIs month by month over a window ending at a month.
-- access: cities
-- kept answer: for every month
-- param month: month — the last month of the window (YYYY-MM); default the latest month
-- param months: int = 6 — the window's length in months
-- param cities: cities — city codes to add up together instead of the nation; empty = the whole nation
SELECT *
FROM kpi_monthly(CAST($cities AS VARCHAR[]))
WHERE city_code IS NULL AND month BETWEEN $month - to_months($months - 1) AND $month
ORDER BY month;
