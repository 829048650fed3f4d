-- city_trend: the satisfaction index and rank of cities month by month over a window.
-- access: cities
-- kept answer: for every month
-- kept answer: chosen cities read their rows
-- param month: month — the last month of the window (YYYY-MM); default the latest month
-- param months: int = 6 — the window's length in months, ending at month (used when start_month is none)
-- param start_month: month = none — the first month of the window; overrides months
-- param cities: cities — city codes; empty = every city
-- Each city's own rows of kpi_city_month: the chosen cities' pooled total (kpi_monthly) is not asked for, so none is
-- pooled for this question.
SELECT
    kpis.month,
    kpis.city_code,
    cities.name_zh,
    cities.name_en,
    kpis.index,
    kpis.responses,
    ranking.rank
FROM kpi_city_month AS kpis
INNER JOIN cities USING (city_code)
LEFT JOIN city_ranking AS ranking USING (month, city_code)
WHERE in_selection(CAST($cities AS VARCHAR[]), kpis.city_code)
    AND kpis.month BETWEEN coalesce($start_month, $month - to_months($months - 1)) AND $month
ORDER BY kpis.city_code, kpis.month;
