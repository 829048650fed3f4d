-- plan_outcomes: each plan step's promised effect against the measured change, per city (and nationwide), up to a month.
-- param month: month — the month measured up to (YYYY-MM); default the latest month
-- param cities: cities — city codes: their steps and the national ones; empty = every city of the plan
-- param months: int = 3 — months averaged on each side of the start
-- One row per step, area (city_code NULL = nationwide) and outcome KPI (complaints, dialect_complaints, index).
-- before = the mean of the KPI over the `months` months before the step's start month in that area; after =
-- its mean over the last `months` months up to `month`, from the start month on (NULL before the start).
-- change = after − before; change_share = change / before. Monthly means, so that a short window after the
-- start compares like with like; the averaging smooths the small monthly counts of a single city.
-- The promise is the step's expected_effect_en (the initiatives table has no column naming the KPI or the
-- figure, so both are read from that text): promised = the text names the KPI ("complaints", "dialect
-- complaints", "satisfaction"; the index also when the step has a satisfaction_index initiative);
-- promised_change = the figure it names for the KPI ("complaints −80%" → −0.80), NULL without one;
-- promise_met = the measured change went at least as far as promised_change; promised_level = the target
-- of the step's satisfaction_index initiative in the area, for the index.
WITH areas AS (
    SELECT
        step,
        city_code,
        CAST(date_trunc('month', min(start_date)) AS DATE) AS start_month,
        string_agg(DISTINCT expected_effect_zh, '；') AS effect_zh,
        string_agg(DISTINCT expected_effect_en, '; ') AS effect_en,
        max(target) FILTER (WHERE metric = 'satisfaction_index') AS index_target,
        min(rowid) AS plan_order
    FROM initiatives
    WHERE city_code IS NULL OR in_selection(CAST($cities AS VARCHAR[]), city_code)
    GROUP BY step, city_code
),

-- What the promise says about each outcome KPI: the effect text once without its "dialect complaints"
-- (so that "complaints" means all complaints), and the figure written after the KPI's name.
promises AS (
    SELECT
        *,
        lower(coalesce(effect_en, '')) AS text_all,
        replace(lower(coalesce(effect_en, '')), 'dialect complaints', '') AS text_other
    FROM areas
),

outcomes AS (
    UNPIVOT (
        SELECT month, city_code, CAST(complaints AS DOUBLE) AS complaints,
            CAST(dialect_complaints AS DOUBLE) AS dialect_complaints, index
        FROM kpi_monthly([])
    )
    ON complaints, dialect_complaints, index
    INTO NAME kpi VALUE value
),

compared AS (
    SELECT
        promises.step,
        promises.city_code,
        outcomes.kpi,
        promises.start_month,
        promises.effect_zh,
        promises.effect_en,
        avg(outcomes.value) FILTER (WHERE outcomes.month >= promises.start_month - to_months($months)
            AND outcomes.month < promises.start_month) AS before,
        avg(outcomes.value) FILTER (WHERE outcomes.month >= promises.start_month
            AND outcomes.month > $month - to_months($months) AND outcomes.month <= $month) AS after,
        CASE outcomes.kpi
            WHEN 'complaints' THEN promises.text_other LIKE '%complaint%'
            WHEN 'dialect_complaints' THEN promises.text_all LIKE '%dialect complaint%'
            ELSE promises.index_target IS NOT NULL OR promises.text_all LIKE '%satisf%'
        END AS promised,
        -0.01 * CAST(nullif(CASE outcomes.kpi
            WHEN 'complaints' THEN regexp_extract(promises.text_other, 'complaints\s*[−-]\s*(\d+(\.\d+)?)\s*%', 1)
            WHEN 'dialect_complaints'
                THEN regexp_extract(promises.text_all, 'dialect complaints\s*[−-]\s*(\d+(\.\d+)?)\s*%', 1)
        END, '') AS DOUBLE) AS promised_change,
        CASE WHEN outcomes.kpi = 'index' THEN promises.index_target END AS promised_level,
        promises.plan_order
    FROM promises
    INNER JOIN outcomes ON outcomes.city_code IS NOT DISTINCT FROM promises.city_code
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
SELECT * FROM final
ORDER BY step, plan_order, CASE kpi WHEN 'complaints' THEN 1 WHEN 'dialect_complaints' THEN 2 ELSE 3 END;
