-- data_as_of: the latest timestamp in the exports (survey submissions, tickets, contact-centre days).
SELECT greatest(
    (SELECT max(submitted_at) FROM survey_responses),
    (SELECT max(created_at) FROM tickets),
    (SELECT CAST(max(date) AS TIMESTAMP) FROM contact_center_daily)
) AS data_as_of;
