-- data_as_of: the latest timestamp in the exports (survey submissions, tickets, contact-centre days).
-- access: open
SELECT greatest(
    (SELECT max(last_submitted_at) FROM response_city_month),
    (SELECT max(last_created_at) FROM ticket_city_month),
    (SELECT CAST(max(date) AS TIMESTAMP) FROM contact_center_daily)
) AS data_as_of;
