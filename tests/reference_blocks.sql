-- reference_blocks: the building blocks as they were before the store's summaries, reading every raw row: the
-- reference tests/test_store.py holds the summary-based blocks of queries/views/ to (same names, same columns).
-- response_monthly(selection): survey results per month, for each selected city and for the selection as a whole.
-- Parameters: selection VARCHAR[] — city codes; an empty list selects every city; only_month DATE — that month
-- alone (default NULL: every month).
-- Rows with city_code NULL aggregate all responses of the selection (with an empty selection: the nation),
-- computed over the responses themselves, never as a mean of city figures.
CREATE OR REPLACE MACRO response_monthly(selection, only_month := NULL) AS TABLE
WITH selected AS (
    SELECT *
    FROM survey_responses
    WHERE in_selection(selection, city_code)
        AND in_month(only_month, CAST(date_trunc('month', submitted_at) AS DATE))
)

SELECT
    CAST(date_trunc('month', submitted_at) AS DATE) AS month,
    city_code,
    count(*) AS responses,
    avg(speed) AS speed,
    avg(resolution) AS resolution,
    avg(attitude) AS attitude,
    avg(follow_up) AS follow_up,
    satisfaction_index(avg(speed), avg(resolution), avg(attitude), avg(follow_up)) AS index,
    count(nps) AS nps_responses,
    count(nps) FILTER (WHERE nps >= 9) / nullif(count(nps), 0) AS promoter_share,
    count(nps) FILTER (WHERE nps BETWEEN 7 AND 8) / nullif(count(nps), 0) AS passive_share,
    count(nps) FILTER (WHERE nps <= 6) / nullif(count(nps), 0) AS detractor_share,
    100.0 * (count(nps) FILTER (WHERE nps >= 9) - count(nps) FILTER (WHERE nps <= 6))
        / nullif(count(nps), 0) AS nps,
    count(satisfaction_index(speed, resolution, attitude, follow_up)) AS csat_responses,
    count(*) FILTER (
        WHERE satisfaction_index(speed, resolution, attitude, follow_up) >= (SELECT satisfied_score FROM settings)
    ) / nullif(count(satisfaction_index(speed, resolution, attitude, follow_up)), 0) AS csat_share
FROM selected
GROUP BY GROUPING SETS ((month, city_code), (month));

-- ticket_monthly(selection): customer feedback cases (tickets) per month, for each selected city and the selection.
-- Parameters: selection VARCHAR[] — city codes; an empty list selects every city; only_month DATE — that month
-- alone (default NULL: every month).
-- First response is measured from created_at to first_response_at, in hours, over answered tickets; the
-- first-response rate counts unanswered tickets as late (settings.first_response_sla_hours).
CREATE OR REPLACE MACRO ticket_monthly(selection, only_month := NULL) AS TABLE
WITH selected AS (
    SELECT
        *,
        date_diff('second', created_at, first_response_at) / 3600.0 AS first_response_hours
    FROM tickets
    WHERE in_selection(selection, city_code)
        AND in_month(only_month, CAST(date_trunc('month', created_at) AS DATE))
)

SELECT
    CAST(date_trunc('month', created_at) AS DATE) AS month,
    city_code,
    count(*) AS tickets,
    count(*) FILTER (WHERE is_complaint) AS complaints,
    count(*) FILTER (WHERE is_complaint AND category = 'logistics') AS logistics_complaints,
    count(*) FILTER (WHERE is_complaint AND category = 'dialect') AS dialect_complaints,
    avg(first_response_hours) AS avg_first_response_hours,
    quantile_cont(first_response_hours, 0.9) AS p90_first_response_hours,
    count(*) FILTER (WHERE first_response_hours <= (SELECT first_response_sla_hours FROM settings))
        / count(*) AS first_response_rate,
    count(*) FILTER (WHERE handled_by = 'part_time') / count(*) AS part_time_ticket_share,
    count(*) FILTER (WHERE priority = 'high') / count(*) AS high_priority_share,
    count(lost_in_incident) AS lost_tickets,
    count(repeat_of) AS repeat_tickets,
    count(*) FILTER (WHERE escalation_level >= 2) / count(*) AS escalation_share,
    count(*) FILTER (WHERE is_complaint AND resolved_at IS NOT NULL)
        / nullif(count(*) FILTER (WHERE is_complaint), 0) AS complaint_resolution_rate,
    count(*) FILTER (WHERE is_complaint AND first_response_hours <= 24)
        / nullif(count(*) FILTER (WHERE is_complaint), 0) AS complaint_response_24h_share,
    count(repeat_of) / nullif(count(*) FILTER (WHERE is_complaint), 0) AS repeat_complaint_share
FROM selected
GROUP BY GROUPING SETS ((month, city_code), (month));
