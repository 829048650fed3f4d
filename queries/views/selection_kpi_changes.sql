-- selection_kpi_changes: kpi_city_month_changes' rows for one chosen selection of cities as a whole (city_code
-- NULL), with the selection's codes sorted (selection_codes) — a placeholder, empty in the store, like
-- selection_kpis: the query layer works out a selection's changes once (kpi_changes over its pooled totals) and puts
-- them in this table's place for the questions that read it (queries/runner.py: SELECTION_TABLES).
CREATE OR REPLACE TABLE selection_kpi_changes AS
SELECT CAST([] AS VARCHAR[]) AS selection_codes, *
FROM kpi_city_month_changes
WHERE false;
