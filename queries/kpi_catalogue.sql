-- kpi_catalogue: every KPI the building blocks compute (the columns of kpi_monthly), with its SQL type.
-- access: open
-- One row per KPI, in kpi_monthly's column order; kpi_values and national_kpis offer exactly these.
-- csat.kpis.KPIS must define each of them (tests/test_kpi_registry.py).
SELECT column_name AS metric, column_type AS sql_type
FROM (DESCRIBE SELECT * FROM kpi_city_month)
WHERE column_name NOT IN ('month', 'city_code');
