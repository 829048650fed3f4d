-- selection_kpi_values: kpi_city_month_values' rows for one chosen selection of cities as a whole (city_code NULL),
-- with the selection's codes sorted (selection_codes) — a placeholder, empty in the store, like selection_kpis: the
-- query layer works a selection's rows out once (kpi_long over its pooled totals) and puts them in this table's
-- place for the questions that read kpi_values (queries/runner.py: SELECTION_TABLES).
CREATE OR REPLACE TABLE selection_kpi_values AS
SELECT CAST([] AS VARCHAR[]) AS selection_codes, *
FROM kpi_city_month_values
WHERE false;
