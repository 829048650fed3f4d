-- ticket_hours_city_month: the first-response hours of every answered ticket, by city and month, in order — a
-- summary table, built once per export version (queries/loader.py), that a 90th percentile of several cities or of
-- the nation is taken over (ticket_monthly, ticket_month_p90): a percentile cannot be pooled from sums. Long rows,
-- not a list per city and month: a question about a few cities streams their rows, where the lists held every
-- city's hours of every month in memory at once (at 100M responses, more than the serving memory limit).
-- Columns: month, city_code, hours (from created_at to first_response_at, as in ticket_city_month).
-- In city order (a new store sorts it once written, queries/loader.py: _write_blocks): a selection of a few cities
-- reads only the row groups of their hours — in month order it read every row group (at 100M responses, 200 ms for
-- a group's first-response p90).
-- kept by month of tickets.created_at
CREATE OR REPLACE TABLE ticket_hours_city_month AS
SELECT
    CAST(date_trunc('month', created_at) AS DATE) AS month,
    city_code,
    date_diff('second', created_at, first_response_at) / 3600.0 AS hours
FROM tickets
WHERE first_response_at IS NOT NULL
ORDER BY city_code, month, hours;
