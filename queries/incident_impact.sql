-- incident_impact: the month's system outages with the tickets they lost and the repeat complaints that followed.
-- access: cities
-- param month: month — the month (YYYY-MM); default the latest month
-- param cities: cities — the chosen city codes; empty = every city (national incidents are always kept)
-- tickets_lost is the incident export's own count; lost_tickets counts tickets marked lost_in_incident, and
-- repeat_complaints the tickets filed as a repeat (repeat_of) of a lost ticket — in all cities and in the
-- chosen ones (*_selected). Read from the tickets' links (incident_ticket_links), not from every ticket.
WITH lost AS (
    SELECT
        lost.lost_in_incident AS incident_id,
        count(DISTINCT lost.ticket_id) AS lost_tickets,
        count(DISTINCT lost.ticket_id) FILTER (WHERE list_contains(CAST($cities AS VARCHAR[]), lost.city_code))
            AS lost_tickets_selected,
        count(DISTINCT repeats.ticket_id) AS repeat_complaints,
        count(DISTINCT repeats.ticket_id) FILTER (
            WHERE list_contains(CAST($cities AS VARCHAR[]), repeats.city_code)) AS repeat_complaints_selected
    FROM incident_ticket_links AS lost
    LEFT JOIN incident_ticket_links AS repeats ON repeats.repeat_of = lost.ticket_id
    WHERE lost.lost_in_incident IS NOT NULL
    GROUP BY lost.lost_in_incident
),

final AS (
    SELECT
        incidents.incident_id,
        incidents.system,
        incidents.started_at,
        incidents.ended_at,
        date_diff('minute', incidents.started_at, incidents.ended_at) / 60.0 AS duration_hours,
        incidents.city_code,
        cities.name_zh AS city_zh,
        cities.name_en AS city_en,
        incidents.title_zh,
        incidents.title_en,
        incidents.tickets_lost,
        coalesce(lost.lost_tickets, 0) AS lost_tickets,
        coalesce(lost.lost_tickets_selected, 0) AS lost_tickets_selected,
        coalesce(lost.repeat_complaints, 0) AS repeat_complaints,
        coalesce(lost.repeat_complaints_selected, 0) AS repeat_complaints_selected
    FROM incidents
    LEFT JOIN lost USING (incident_id)
    LEFT JOIN cities USING (city_code)
    WHERE date_trunc('month', incidents.started_at) = $month
        AND (incidents.city_code IS NULL OR in_selection(CAST($cities AS VARCHAR[]), incidents.city_code))
)

SELECT * FROM final ORDER BY started_at, incident_id;
