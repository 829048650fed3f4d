-- selection_kpis: the KPIs per month of one chosen selection of cities as a whole (city_code NULL), with the
-- selection's codes sorted (selection_codes) — a placeholder, empty in the store. A selection's total cannot be
-- kept for every selection, and pooling it inside every question cost each question the planning of the whole
-- pooling; so the query layer pools a selection once (kpi_pooled) and puts the result in this table's place for
-- the questions that ask for it (queries/runner.py: SELECTION_TABLES). kpi_monthly and kpi_long read it.
CREATE OR REPLACE TABLE selection_kpis AS
SELECT CAST([] AS VARCHAR[]) AS selection_codes, *
FROM kpi_pooled([])
WHERE false;
