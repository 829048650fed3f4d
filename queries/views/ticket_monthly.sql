-- ticket_monthly(selection): customer feedback cases (tickets) per month, for each selected city and the selection.
-- Parameters: selection VARCHAR[] — city codes; an empty list selects every city; only_month DATE — that month
-- alone (default NULL: every month).
-- Pooled from the per city × month counts and sums of ticket_city_month. First response is measured from
-- created_at to first_response_at, in hours, over answered tickets; the first-response rate counts unanswered
-- tickets as late (settings.first_response_sla_hours). The 90th percentile cannot be pooled from sums: a city's is
-- its own (ticket_city_month), and so is a selection of one city's; a larger selection's is taken over the selected
-- cities' hours (ticket_hours_city_month), and the nation's (an empty selection) is kept per month
-- (ticket_month_p90) — each over exactly the tickets' values. The hours are read only for a selection of several
-- cities.
CREATE OR REPLACE MACRO ticket_monthly(selection, only_month := NULL) AS TABLE
WITH selected AS (
    SELECT *
    FROM ticket_city_month
    WHERE in_selection(selection, city_code) AND in_month(only_month, month)
),

pooled AS (
    SELECT
        month,
        city_code,
        CAST(sum(tickets) AS BIGINT) AS tickets,
        CAST(sum(complaints) AS BIGINT) AS complaints,
        CAST(sum(logistics_complaints) AS BIGINT) AS logistics_complaints,
        CAST(sum(dialect_complaints) AS BIGINT) AS dialect_complaints,
        sum(first_response_hours_sum) / nullif(sum(first_response_hours_n), 0) AS avg_first_response_hours,
        -- a city row has one summary row: its own percentile
        any_value(p90_first_response_hours) AS city_p90_first_response_hours,
        sum(answered_within_sla) / sum(tickets) AS first_response_rate,
        sum(part_time_tickets) / sum(tickets) AS part_time_ticket_share,
        sum(high_priority_tickets) / sum(tickets) AS high_priority_share,
        CAST(sum(lost_tickets) AS BIGINT) AS lost_tickets,
        CAST(sum(repeat_tickets) AS BIGINT) AS repeat_tickets,
        sum(escalated_tickets) / sum(tickets) AS escalation_share,
        sum(complaints_resolved) / nullif(sum(complaints), 0) AS complaint_resolution_rate,
        sum(complaints_answered_24h) / nullif(sum(complaints), 0) AS complaint_response_24h_share,
        sum(repeat_tickets) / nullif(sum(complaints), 0) AS repeat_complaint_share
    FROM selected
    GROUP BY GROUPING SETS ((month, city_code), (month))
),

selection_p90 AS (
    SELECT month, p90_first_response_hours
    FROM ticket_month_p90
    WHERE len(selection) = 0
    UNION ALL
    SELECT month, p90_first_response_hours
    FROM ticket_city_month
    WHERE len(selection) = 1 AND city_code = selection[1]
    UNION ALL
    SELECT month, quantile_cont(hours, 0.9)
    FROM ticket_hours_city_month
    WHERE len(selection) > 1 AND list_contains(selection, city_code) AND in_month(only_month, month)
    GROUP BY month
)

SELECT
    pooled.month,
    pooled.city_code,
    tickets,
    complaints,
    logistics_complaints,
    dialect_complaints,
    avg_first_response_hours,
    CASE
        WHEN pooled.city_code IS NULL THEN selection_p90.p90_first_response_hours
        ELSE city_p90_first_response_hours
    END AS p90_first_response_hours,
    first_response_rate,
    part_time_ticket_share,
    high_priority_share,
    lost_tickets,
    repeat_tickets,
    escalation_share,
    complaint_resolution_rate,
    complaint_response_24h_share,
    repeat_complaint_share
FROM pooled
LEFT JOIN selection_p90 ON pooled.city_code IS NULL AND selection_p90.month = pooled.month;
