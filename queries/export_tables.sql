-- export_tables: each contract table's files and rows read, kept and rejected.
-- access: open
SELECT table_name, files, rows_read, rows_kept, rows_read - rows_kept AS rows_rejected
FROM data_quality_tables;
