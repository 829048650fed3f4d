-- data_quality: the export rows rejected by a contract rule, per table, file and rule (none = clean exports).
-- access: open
SELECT table_name, file, rule, column_name, rows
FROM data_quality_rejections
ORDER BY table_name, file, rule;
