-- table_months: the months each contract table's kept rows cover — first and last month, how many months have rows.
-- Survey responses and tickets are read through their per city × month summaries (response_city_month,
-- ticket_city_month), so the answer stays quick at a hundred million rows; the small tables are read directly, each
-- by the date its rows are about (incidents: started_at, initiatives: start_date, milestones: due_date,
-- city_practices: started_on, external_benchmarks: as_of, long_term_plan: adopted_on). cities has no date: its
-- months are empty (NULL, 0 months); so are a table's without rows. Tables in the contract's order.
WITH dated (position, table_name, month) AS (
    SELECT 1, 'survey_responses', month FROM response_city_month
    UNION ALL SELECT 2, 'tickets', month FROM ticket_city_month
    UNION ALL SELECT 3, 'contact_center_daily', date FROM contact_center_daily
    UNION ALL SELECT 4, 'team_monthly', month FROM team_monthly
    UNION ALL SELECT 5, 'incidents', started_at FROM incidents
    UNION ALL SELECT 6, 'events', date FROM events
    UNION ALL SELECT 7, 'initiatives', start_date FROM initiatives
    UNION ALL SELECT 8, 'milestones', due_date FROM milestones
    UNION ALL SELECT 9, 'city_practices', started_on FROM city_practices
    UNION ALL SELECT 10, 'team_skills', month FROM team_skills
    UNION ALL SELECT 11, 'driver_figures', month FROM driver_figures
    UNION ALL SELECT 12, 'external_benchmarks', as_of FROM external_benchmarks
    UNION ALL SELECT 13, 'long_term_plan', adopted_on FROM long_term_plan
),

contract_tables (position, table_name) AS (
    VALUES (0, 'cities'), (1, 'survey_responses'), (2, 'tickets'), (3, 'contact_center_daily'), (4, 'team_monthly'),
        (5, 'incidents'), (6, 'events'), (7, 'initiatives'), (8, 'milestones'), (9, 'city_practices'),
        (10, 'team_skills'), (11, 'driver_figures'), (12, 'external_benchmarks'), (13, 'long_term_plan')
),

months AS (
    SELECT DISTINCT position, CAST(date_trunc('month', month) AS DATE) AS month
    FROM dated
)

SELECT
    contract_tables.table_name,
    min(months.month) AS first_month,
    max(months.month) AS last_month,
    count(months.month) AS months
FROM contract_tables
LEFT JOIN months USING (position)
GROUP BY contract_tables.position, contract_tables.table_name
ORDER BY contract_tables.position;
