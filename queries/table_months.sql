-- table_months: the months each contract table's kept rows cover — first and last month, how many months have rows.
-- access: open
-- Survey responses and tickets are read through their per city × month summaries (response_city_month,
-- ticket_city_month), so the answer stays quick at a hundred million rows; the small tables are read directly, each
-- by the date its rows are about (incidents: started_at, initiatives: start_date, milestones: due_date,
-- city_practices: started_on, external_benchmarks: as_of, long_term_plan: adopted_on). cities has no date: its
-- months are empty (NULL, 0 months); so are a table's without rows. Tables in the contract's order.
WITH dated (table_name, month) AS (
    SELECT 'survey_responses', month FROM response_city_month
    UNION ALL SELECT 'tickets', month FROM ticket_city_month
    UNION ALL SELECT 'contact_center_daily', date FROM contact_center_daily
    UNION ALL SELECT 'team_monthly', month FROM team_monthly
    UNION ALL SELECT 'incidents', started_at FROM incidents
    UNION ALL SELECT 'events', date FROM events
    UNION ALL SELECT 'initiatives', start_date FROM initiatives
    UNION ALL SELECT 'milestones', due_date FROM milestones
    UNION ALL SELECT 'city_practices', started_on FROM city_practices
    UNION ALL SELECT 'team_skills', month FROM team_skills
    UNION ALL SELECT 'driver_figures', month FROM driver_figures
    UNION ALL SELECT 'external_benchmarks', as_of FROM external_benchmarks
    UNION ALL SELECT 'long_term_plan', adopted_on FROM long_term_plan
),

-- Every contract table, in the contract's order: the order the loader writes data_quality_tables in.
contract_tables AS (
    SELECT rowid AS position, table_name FROM data_quality_tables
),

months AS (
    SELECT DISTINCT table_name, CAST(date_trunc('month', month) AS DATE) AS month
    FROM dated
)

SELECT
    contract_tables.table_name,
    min(months.month) AS first_month,
    max(months.month) AS last_month,
    count(months.month) AS months
FROM contract_tables
LEFT JOIN months USING (table_name)
GROUP BY contract_tables.position, contract_tables.table_name
ORDER BY contract_tables.position;
