-- national_kpis: the nation's KPIs in a month, each with its previous-month value and change.
-- access: cities
-- kept answer: for every month
-- param month: month — the month to report (YYYY-MM); default the latest month
-- param cities: cities — city codes to add up together instead of the nation; empty = the whole nation
-- One row: month, then every KPI of kpi_monthly (csat.kpis, source kpi_monthly) under its name, then each as
-- NAME_prev (the calendar month before; NULL without data) and NAME_delta (value − previous; NULL when either is
-- missing): a row of kpi_changes (queries/views), read through kpi_monthly_changes — kept for every city and the
-- nation, worked out once per chosen selection of several cities. No KPI is listed here: a KPI added to kpi_monthly
-- is offered with its previous value and change. A selection of cities is aggregated over its responses and
-- tickets, like the nation.
SELECT * EXCLUDE (city_code)
FROM kpi_monthly_changes(CAST($cities AS VARCHAR[]))
WHERE city_code IS NULL AND month = $month;
