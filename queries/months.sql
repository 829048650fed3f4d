-- months: the months that have survey responses, newest first, with the nation's responses and tickets.
-- access: open
SELECT month, responses, tickets
FROM kpi_city_month
WHERE city_code IS NULL AND responses > 0
ORDER BY month DESC;
