-- team_state_monthly(selection): the service team's state per month, for each selected city and the selection.
-- Parameters: selection VARCHAR[] — city codes; an empty list selects every city; only_month DATE — that month
-- alone (default NULL: every month).
-- A selection's shares and hours are means over its cities weighted by seats (the team is made of seats);
-- triage_share is the share of seats in cities with intelligent triage.
CREATE OR REPLACE MACRO team_state_monthly(selection, only_month := NULL) AS TABLE
WITH selected AS (
    SELECT *
    FROM team_monthly
    WHERE in_selection(selection, city_code) AND in_month(only_month, month)
)

SELECT
    month,
    city_code,
    sum(seats) AS seats,
    sum(seats * part_time_share) / nullif(sum(seats), 0) AS part_time_share,
    sum(seats * dialect_coverage) / nullif(sum(seats), 0) AS dialect_coverage,
    sum(seats * assistant_penetration) / nullif(sum(seats), 0) AS assistant_penetration,
    sum(seats * attrition_rate) / nullif(sum(seats), 0) AS attrition_rate,
    sum(seats * training_hours_per_agent) / nullif(sum(seats), 0) AS training_hours_per_agent,
    sum(seats * skill_assessment_share) / nullif(sum(seats), 0) AS skill_assessment_share,
    sum(seats * CAST(triage_enabled AS INTEGER)) / nullif(sum(seats), 0) AS triage_share
FROM selected
GROUP BY GROUPING SETS ((month, city_code), (month));
