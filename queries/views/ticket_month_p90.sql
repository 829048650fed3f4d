-- ticket_month_p90: the nation's 90th percentile of first-response hours per month — a summary table, built once
-- per export version over every answered ticket's hours (ticket_hours_city_month), so ticket_monthly([]) does not
-- read every month's hours on every call.
-- Columns: month, p90_first_response_hours (no row: no answered ticket that month).
-- kept by month of tickets.created_at
CREATE OR REPLACE TABLE ticket_month_p90 AS
SELECT
    month,
    quantile_cont(hours, 0.9) AS p90_first_response_hours
FROM ticket_hours_city_month
GROUP BY month
ORDER BY month;
