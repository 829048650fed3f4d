-- scorecard_actuals: the scorecard's KPIs in the month and in the year to date, for the nation and each chosen city.
-- access: cities
-- param month: month — the month (YYYY-MM); default the latest month
-- param cities: cities — city codes; empty = every city (the nation's rows, city_code NULL, are always there)
-- param metrics: names — the KPIs, by their kpi_monthly names, in the order wanted (csat.kpis.SCORECARD_KPIS)
-- param weights: names — for each KPI, in the same order, the kpi_monthly count its monthly value is a ratio over (csat.kpis.SCORECARD_POOLED_OVER)
-- One row per city (NULL: the nation) and KPI: month_value (the chosen month's) and ytd_value, the year to date
-- from January of the month's year to the month: Σ(value × count) / Σ count over the months with a value, which is
-- the ratio of the period's own sums (each month's value being the ratio of that month's sums) — never a mean of
-- monthly figures; the nation pools every city. ytd_months counts the months that have a value.
WITH wanted AS (
    SELECT
        unnest(CAST($metrics AS VARCHAR[])) AS metric,
        unnest(CAST($weights AS VARCHAR[])) AS weight_metric,
        unnest(range(1, len(CAST($metrics AS VARCHAR[])) + 1)) AS position
),

year_rows AS (
    SELECT
        kpi.month,
        kpi.city_code,
        wanted.metric,
        wanted.position,
        kpi.value,
        weight.value AS weight
    FROM kpi_city_month_values AS kpi
    INNER JOIN wanted ON kpi.metric = wanted.metric
    LEFT JOIN kpi_city_month_values AS weight
        ON weight.metric = wanted.weight_metric
        AND weight.month = kpi.month
        AND weight.city_code IS NOT DISTINCT FROM kpi.city_code
    WHERE kpi.month BETWEEN date_trunc('year', $month) AND $month
        AND (kpi.city_code IS NULL OR in_selection(CAST($cities AS VARCHAR[]), kpi.city_code))
),

pooled AS (
    SELECT
        city_code,
        metric,
        position,
        any_value(value) FILTER (WHERE month = $month) AS month_value,
        sum(value * weight) FILTER (WHERE value IS NOT NULL AND weight > 0)
            / nullif(sum(weight) FILTER (WHERE value IS NOT NULL AND weight > 0), 0) AS ytd_value,
        count(value) FILTER (WHERE weight > 0) AS ytd_months
    FROM year_rows
    GROUP BY city_code, metric, position
),

final AS (
    SELECT
        pooled.city_code,
        cities.name_zh,
        cities.name_en,
        pooled.metric,
        pooled.month_value,
        pooled.ytd_value,
        pooled.ytd_months,
        pooled.position
    FROM pooled
    LEFT JOIN cities USING (city_code)
)

SELECT * EXCLUDE (position) FROM final ORDER BY city_code IS NOT NULL, city_code, position;
