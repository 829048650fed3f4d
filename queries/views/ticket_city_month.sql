-- ticket_city_month: the tickets' counts and first-response figures per city and month — a summary table, built
-- once per export version (queries/loader.py), that ticket_monthly pools from instead of reading every ticket.
-- Columns: month, city_code; counts tickets, complaints, logistics_complaints, dialect_complaints,
-- answered_within_sla (first response within settings.first_response_sla_hours), part_time_tickets,
-- high_priority_tickets, lost_tickets, repeat_tickets, escalated_tickets (escalation level 2 or 3: supervisor or
-- expert team), complaints_resolved (complaints with a resolved_at), complaints_answered_24h (complaints with a
-- first response within 24 hours; an unanswered one is late); first_response_hours_sum and _n (answered tickets) for the
-- mean; p90_first_response_hours, the city's own 90th percentile (a percentile cannot be pooled from sums: a
-- group's is taken over its cities' hours, ticket_hours_city_month); last_created_at (the latest ticket, for
-- data_as_of).
-- First response is measured from created_at to first_response_at, in hours.
-- kept by month of tickets.created_at
CREATE OR REPLACE TABLE ticket_city_month AS
WITH measured AS (
    SELECT
        *,
        date_diff('second', created_at, first_response_at) / 3600.0 AS hours
    FROM tickets
)

SELECT
    CAST(date_trunc('month', created_at) AS DATE) AS month,
    city_code,
    count(*) AS tickets,
    count(*) FILTER (WHERE is_complaint) AS complaints,
    count(*) FILTER (WHERE is_complaint AND category = 'logistics') AS logistics_complaints,
    count(*) FILTER (WHERE is_complaint AND category = 'dialect') AS dialect_complaints,
    count(*) FILTER (WHERE hours <= (SELECT first_response_sla_hours FROM settings)) AS answered_within_sla,
    count(*) FILTER (WHERE handled_by = 'part_time') AS part_time_tickets,
    count(*) FILTER (WHERE priority = 'high') AS high_priority_tickets,
    count(lost_in_incident) AS lost_tickets,
    count(repeat_of) AS repeat_tickets,
    count(*) FILTER (WHERE escalation_level >= 2) AS escalated_tickets,
    count(*) FILTER (WHERE is_complaint AND resolved_at IS NOT NULL) AS complaints_resolved,
    count(*) FILTER (WHERE is_complaint AND hours <= 24) AS complaints_answered_24h,
    sum(hours) AS first_response_hours_sum,
    count(hours) AS first_response_hours_n,
    quantile_cont(hours, 0.9) AS p90_first_response_hours,
    max(created_at) AS last_created_at
FROM measured
GROUP BY ALL
ORDER BY month, city_code;
