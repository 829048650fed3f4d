-- data_quality_examples: a few of the rows each contract rule rejected, per table, file and rule.
-- access: executive
-- Up to three rows per file and rule (queries/loader.py: RULE_EXAMPLES), the first in the file: where each is in the
-- file (source_row, counted from 0), its key (key_value: the key's values joined by " · ") and the value the rule is
-- about (value; a duplicate's is its key, in key_value).
SELECT table_name, file, rule, column_name, source_row, key_value, value
FROM data_quality_examples
ORDER BY table_name, file, rule, source_row;
