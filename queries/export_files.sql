-- export_files: the export files of the version in use: each file's size, last change and rows read.
-- access: open
-- Each contract table's files as the store holds them; modified in business time (Asia/Shanghai, as every time the
-- pages show). Tables in the contract's order (as export_tables), files by name.
SELECT
    store_files.table_name,
    store_files.file,
    store_files.size AS size_bytes,
    timezone('Asia/Shanghai', to_timestamp(store_files.mtime_ns / 1e9)) AS modified_at,
    store_files.rows_read
FROM store_files
JOIN (SELECT table_name, rowid AS position FROM data_quality_tables) AS tables USING (table_name)  -- as table_months
ORDER BY tables.position, store_files.file;
