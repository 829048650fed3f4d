-- kpi_benchmarks: each KPI with an external benchmark in force in the month, beside the chosen cities' pooled value and the nation's.
-- access: cities
-- chosen cities pooled: the month only
-- param month: month — the month (YYYY-MM); default the latest month
-- param cities: cities — the chosen city codes, pooled like the nation (e.g. the bottom three's first response); empty = the nation only
-- From the optional external_benchmarks export (empty without it): per KPI, the benchmark with the latest as_of
-- on or before the month's last day. selection_value is the chosen cities' figure computed over all their rows
-- (NULL without cities, or when they have no value), national_value the nation's; gap = selection_value −
-- benchmark (national_value − benchmark without cities), in the KPI's unit.
WITH in_force AS (
    SELECT *
    FROM external_benchmarks
    WHERE as_of < $month + INTERVAL 1 MONTH
    QUALIFY row_number() OVER (PARTITION BY kpi ORDER BY as_of DESC) = 1
),

selection AS (
    SELECT metric, value
    FROM kpi_values(CAST($cities AS VARCHAR[]))
    WHERE month = $month AND city_code IS NULL AND len(CAST($cities AS VARCHAR[])) > 0
),

nation AS (
    SELECT metric, value
    FROM kpi_city_month_values
    WHERE month = $month AND city_code IS NULL
),

final AS (
    SELECT
        in_force.kpi,
        in_force.value AS benchmark,
        in_force.as_of,
        in_force.source_zh,
        in_force.source_en,
        selection.value AS selection_value,
        nation.value AS national_value,
        CASE WHEN len(CAST($cities AS VARCHAR[])) > 0 THEN selection.value ELSE nation.value END
            - in_force.value AS gap
    FROM in_force
    LEFT JOIN selection ON selection.metric = in_force.kpi
    LEFT JOIN nation ON nation.metric = in_force.kpi
)

SELECT * FROM final ORDER BY kpi;
