-- plan_outcomes: each plan step's promised effect against the measured change, per city (and nationwide), up to a month.
-- access: cities
-- kept answer: for every month
-- param month: month — the month measured up to (YYYY-MM); default the latest month
-- param cities: cities — city codes: their steps and the national ones; empty = every city of the plan
-- param months: int = 3 — months averaged on each side of the start
-- One row per step, area (city_code NULL = nationwide) and outcome KPI (complaints, dialect_complaints, index).
-- before = the mean of the KPI over the `months` months before the step's start month in that area; after =
-- its mean over the last `months` months up to `month`, from the start month on (NULL before the start).
-- change = after − before; change_share = change / before. Monthly means, so that a short window after the
-- start compares like with like; the averaging smooths the small monthly counts of a single city.
-- The promise is data, never read from the effect text (effect_zh / effect_en are passed through for display):
-- promised = one of the step's initiatives in the area names the KPI in promised_kpi (the index also when the
-- step has a satisfaction_index initiative there); promised_change = the promised_change of the first such
-- initiative (in the export's order) that states one, NULL without one; promise_met = the measured change went
-- at least as far as promised_change; promised_level = the target of the step's satisfaction_index initiative
-- in the area, for the index.
WITH chosen_initiatives AS (
    SELECT *, rowid AS plan_row
    FROM initiatives
    WHERE city_code IS NULL OR in_selection(CAST($cities AS VARCHAR[]), city_code)
),

-- Each step's distinct effects in an area, in the plan's order (an aggregate without an order joined them in
-- whatever order its threads met them: the text changed from run to run).
effects AS (
    SELECT
        step,
        city_code,
        string_agg(expected_effect_zh, '；' ORDER BY first_row) AS effect_zh,
        string_agg(expected_effect_en, '; ' ORDER BY first_row) AS effect_en
    FROM (
        SELECT step, city_code, expected_effect_zh, expected_effect_en, min(plan_row) AS first_row
        FROM chosen_initiatives
        GROUP BY step, city_code, expected_effect_zh, expected_effect_en
    )
    GROUP BY step, city_code
),

areas AS (
    SELECT
        step,
        city_code,
        CAST(date_trunc('month', min(start_date)) AS DATE) AS start_month,
        any_value(effects.effect_zh) AS effect_zh,
        any_value(effects.effect_en) AS effect_en,
        max(target) FILTER (WHERE metric = 'satisfaction_index') AS index_target,
        min(plan_row) AS plan_order
    FROM chosen_initiatives
    LEFT JOIN effects USING (step, city_code)
    GROUP BY step, city_code
),

-- What each step promises in each area, per KPI its initiatives name.
promises AS (
    SELECT
        step,
        city_code,
        promised_kpi AS kpi,
        arg_min(promised_change, rowid) FILTER (WHERE promised_change IS NOT NULL) AS promised_change
    FROM initiatives
    WHERE promised_kpi IS NOT NULL
        AND (city_code IS NULL OR in_selection(CAST($cities AS VARCHAR[]), city_code))
    GROUP BY step, city_code, promised_kpi
),

-- The outcome KPIs by name from kpi_values (plan_outcome_kpis: queries.contract.PLAN_OUTCOME_KPIS, in order).
outcomes AS (
    SELECT kpis.month, kpis.city_code, kpis.metric AS kpi, kpis.value
    FROM kpi_city_month_values AS kpis
    INNER JOIN plan_outcome_kpis ON plan_outcome_kpis.kpi = kpis.metric
    WHERE kpis.value IS NOT NULL
),

compared AS (
    SELECT
        areas.step,
        areas.city_code,
        outcomes.kpi,
        areas.start_month,
        areas.effect_zh,
        areas.effect_en,
        avg(outcomes.value) FILTER (WHERE outcomes.month >= areas.start_month - to_months($months)
            AND outcomes.month < areas.start_month) AS before,
        avg(outcomes.value) FILTER (WHERE outcomes.month >= areas.start_month
            AND outcomes.month > $month - to_months($months) AND outcomes.month <= $month) AS after,
        promises.kpi IS NOT NULL OR (outcomes.kpi = 'index' AND areas.index_target IS NOT NULL) AS promised,
        promises.promised_change,
        CASE WHEN outcomes.kpi = 'index' THEN areas.index_target END AS promised_level,
        areas.plan_order
    FROM areas
    INNER JOIN outcomes ON outcomes.city_code IS NOT DISTINCT FROM areas.city_code
    LEFT JOIN promises ON promises.step = areas.step AND promises.kpi = outcomes.kpi
        AND promises.city_code IS NOT DISTINCT FROM areas.city_code
    GROUP BY ALL
),

final AS (
    SELECT
        compared.step,
        compared.city_code,
        cities.name_zh AS city_zh,
        cities.name_en AS city_en,
        compared.kpi,
        compared.start_month,
        compared.effect_zh,
        compared.effect_en,
        compared.before,
        compared.after,
        compared.after - compared.before AS change,
        (compared.after - compared.before) / nullif(compared.before, 0) AS change_share,
        compared.promised,
        compared.promised_change,
        (compared.after - compared.before) / nullif(compared.before, 0) * sign(compared.promised_change)
            >= abs(compared.promised_change) AS promise_met,
        compared.promised_level,
        compared.plan_order
    FROM compared
    LEFT JOIN cities USING (city_code)
)

-- In the plan's own order: by step, then as the initiatives export lists the areas.
SELECT final.*
FROM final
INNER JOIN plan_outcome_kpis USING (kpi)
ORDER BY final.step, final.plan_order, plan_outcome_kpis.position;
