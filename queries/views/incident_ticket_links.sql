-- incident_ticket_links: the tickets an outage's impact is counted from — each ticket lost in an incident
-- (lost_in_incident) and each filed as a repeat of another ticket (repeat_of) — a summary table, built once per export
-- version (queries/loader.py), that incident_impact reads instead of every ticket (two scans of every ticket on each
-- call; a few in a thousand tickets are either).
-- Columns: month (of created_at), ticket_id, city_code, lost_in_incident, repeat_of.
-- kept by month of tickets.created_at
CREATE OR REPLACE TABLE incident_ticket_links AS
SELECT
    CAST(date_trunc('month', created_at) AS DATE) AS month,
    ticket_id,
    city_code,
    lost_in_incident,
    repeat_of
FROM tickets
WHERE lost_in_incident IS NOT NULL OR repeat_of IS NOT NULL
ORDER BY month, ticket_id;
