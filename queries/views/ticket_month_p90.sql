-- ticket_month_p90: the nation's 90th percentile of first-response hours per month — a summary table, built once
-- per export version from the cities' sorted lists in ticket_city_month (the same values as the tickets'), so
-- ticket_monthly([]) does not unnest every month's tickets on every call.
-- Columns: month, p90_first_response_hours (NULL: no answered ticket that month).
-- kept by month of tickets.created_at
CREATE OR REPLACE TABLE ticket_month_p90 AS
SELECT
    month,
    quantile_cont(hours, 0.9) AS p90_first_response_hours
FROM (
    SELECT month, unnest(first_response_hours) AS hours
    FROM ticket_city_month
)
GROUP BY month
ORDER BY month;
