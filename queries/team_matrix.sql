-- team_matrix: the service team of the selected cities in a month beside the national figure — assistant penetration, triage, training, assessment, attrition, certification and assessed skills.
-- access: cities
-- kept answer: for every month
-- kept answer: chosen cities read their rows
-- param month: month — the month (YYYY-MM); default the latest month
-- param cities: cities — city codes; empty = every city (the national row, city_code NULL, is always kept)
-- National figures are means over all cities weighted by seats, as in team_state_monthly; triage_share is the
-- share of seats in cities with intelligent triage (for a city 1 or 0). The certification and skill columns come
-- from the optional team_skills export and are NULL without it.
WITH skills AS (
    SELECT
        team_skills.city_code,
        sum(team.seats * team_skills.certified_share) / nullif(sum(team.seats), 0) AS certified_share,
        sum(team.seats * team_skills.senior_certified_share) / nullif(sum(team.seats), 0) AS senior_certified_share,
        sum(team.seats * team_skills.emotion_management) / nullif(sum(team.seats), 0) AS emotion_management,
        sum(team.seats * team_skills.product_knowledge) / nullif(sum(team.seats), 0) AS product_knowledge,
        sum(team.seats * team_skills.complex_problem_handling) / nullif(sum(team.seats), 0)
            AS complex_problem_handling,
        sum(team.seats * team_skills.communication) / nullif(sum(team.seats), 0) AS communication
    FROM team_skills
    INNER JOIN team_monthly AS team USING (month, city_code)
    WHERE team_skills.month = $month
    GROUP BY GROUPING SETS ((team_skills.city_code), ())
)

SELECT
    kpis.city_code,
    cities.name_zh,
    cities.name_en,
    ranking.rank,
    kpis.seats,
    kpis.assistant_penetration,
    kpis.triage_share,
    kpis.training_hours_per_agent,
    kpis.skill_assessment_share,
    kpis.attrition_rate,
    skills.certified_share,
    skills.senior_certified_share,
    skills.emotion_management,
    skills.product_knowledge,
    skills.complex_problem_handling,
    skills.communication
FROM kpi_city_month AS kpis
LEFT JOIN cities USING (city_code)
LEFT JOIN city_ranking AS ranking USING (month, city_code)
LEFT JOIN skills ON skills.city_code IS NOT DISTINCT FROM kpis.city_code
WHERE kpis.month = $month
    AND (kpis.city_code IS NULL OR in_selection(CAST($cities AS VARCHAR[]), kpis.city_code))
ORDER BY kpis.city_code IS NULL, ranking.rank NULLS LAST, kpis.city_code;
