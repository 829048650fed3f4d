-- index_targets: the improvement plan's satisfaction-index targets (initiatives on metric satisfaction_index), the national one and the cities'.
-- access: own
-- param cities: cities — cities whose own targets to keep; empty = every city's (the national target is always kept)
-- One row per target value and scope: national is true for the nation's target; a city row names the cities
-- sharing that target (codes, and names joined for display).
SELECT
    initiatives.city_code IS NULL AS national,
    initiatives.target,
    list(initiatives.city_code ORDER BY initiatives.city_code) FILTER (WHERE initiatives.city_code IS NOT NULL)
        AS city_codes,
    string_agg(cities.name_zh, '、' ORDER BY initiatives.city_code) AS names_zh,
    string_agg(cities.name_en, ', ' ORDER BY initiatives.city_code) AS names_en,
    min(initiatives.start_date) AS start_date,
    max(initiatives.due_date) AS due_date
FROM initiatives
LEFT JOIN cities USING (city_code)
WHERE initiatives.metric = 'satisfaction_index'
    AND (initiatives.city_code IS NULL OR in_selection(CAST($cities AS VARCHAR[]), initiatives.city_code))
GROUP BY ALL
ORDER BY national DESC, target DESC;
