-- low_score_causes: why customers scored low — low-score reasons and complaint categories per chosen city, pooled and national.
-- access: cities
-- param month: month — the month (YYYY-MM); default the latest month
-- param cities: cities — the chosen city codes; empty = the nation only
-- source 'reason': survey responses that carry a low_score_reason (the customer scored low and said why);
-- source 'category': complaint tickets by category. scope 'city' (each chosen city, city_code set),
-- 'selection' (the chosen cities pooled) and 'nation'. A share is of the scope's total of that source in the
-- month; *_prev is last month's, share_change is in share points (0.05 = 5 percentage points).
-- From the per city × month summaries of reasons and complaint categories (reason_city_month,
-- complaint_category_city_month): n is how many responses or complaints of the city and month name the item.
WITH items AS (
    SELECT month, city_code, 'reason' AS source, low_score_reason AS item, responses AS n
    FROM reason_city_month
    WHERE month IN ($month, $month - INTERVAL 1 MONTH)
    UNION ALL
    SELECT month, city_code, 'category', category, complaints
    FROM complaint_category_city_month
    WHERE month IN ($month, $month - INTERVAL 1 MONTH)
),

scoped AS (
    SELECT
        scopes.scope,
        CASE WHEN scopes.scope = 'city' THEN items.city_code END AS city_code,
        items.source,
        items.item,
        items.n,
        items.month = $month AS is_current
    FROM items
    CROSS JOIN (VALUES ('city'), ('selection'), ('nation')) AS scopes (scope)
    WHERE scopes.scope = 'nation' OR list_contains(CAST($cities AS VARCHAR[]), items.city_code)
),

-- Every item of a source in every scope, so that a reason nobody gave shows as 0% rather than missing.
grid AS (
    SELECT scopes.scope, scopes.city_code, sources.source, sources.item
    FROM (SELECT DISTINCT scope, city_code FROM scoped) AS scopes
    CROSS JOIN (SELECT DISTINCT source, item FROM scoped) AS sources
),

counts AS (
    SELECT
        scope,
        city_code,
        source,
        item,
        CAST(coalesce(sum(n) FILTER (WHERE is_current), 0) AS BIGINT) AS count,
        CAST(coalesce(sum(n) FILTER (WHERE NOT is_current), 0) AS BIGINT) AS count_prev
    FROM scoped
    GROUP BY scope, city_code, source, item
),

shares AS (
    SELECT
        grid.*,
        coalesce(counts.count, 0) AS count,
        coalesce(counts.count_prev, 0) AS count_prev,
        sum(coalesce(counts.count, 0)) OVER scope_source AS total,
        coalesce(counts.count, 0) / nullif(sum(coalesce(counts.count, 0)) OVER scope_source, 0) AS share,
        coalesce(counts.count_prev, 0)
            / nullif(sum(coalesce(counts.count_prev, 0)) OVER scope_source, 0) AS share_prev
    FROM grid
    LEFT JOIN counts
        ON counts.scope = grid.scope AND counts.city_code IS NOT DISTINCT FROM grid.city_code
        AND counts.source = grid.source AND counts.item = grid.item
    WINDOW scope_source AS (PARTITION BY grid.scope, grid.city_code, grid.source)
),

final AS (
    SELECT
        shares.*,
        share - share_prev AS share_change,
        count - count_prev AS count_change,
        cities.name_zh,
        cities.name_en
    FROM shares
    LEFT JOIN cities USING (city_code)
)

SELECT * FROM final ORDER BY source DESC, scope, city_code, share DESC NULLS LAST, item;
