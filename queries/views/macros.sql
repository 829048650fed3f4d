-- macros: the scalar building blocks every view and question uses.
-- in_selection(selection, code): is the city `code` in the selection? A selection is a list of city codes; an
-- empty list selects every city. Every city filter goes through this.
-- satisfaction_index(speed, resolution, attitude, follow_up): the satisfaction index of one response or of
-- four dimension means — the weighted sum, with the weights of the one-row `settings` table
-- (queries/settings.py). The index is defined here and nowhere else.
-- in_month_window(moment, last_month, months): is the timestamp `moment` in the `months` calendar months that end
-- with `last_month` (months <= 0: any month up to it)? Written as a range of the raw timestamp, so that DuckDB
-- skips the stored rows of other months instead of computing every row's month (questions that read raw rows).
-- in_month(only_month, month): is `month` the one month asked for (only_month NULL: every month is)? The pooling
-- of a chosen selection reads one month alone when a question needs no other (kpi_pooled).
CREATE OR REPLACE MACRO in_selection(selection, code) AS (len(selection) = 0 OR list_contains(selection, code));

CREATE OR REPLACE MACRO in_month(only_month, month) AS (only_month IS NULL OR month = only_month);

CREATE OR REPLACE MACRO satisfaction_index(speed, resolution, attitude, follow_up) AS (
    SELECT weight_speed * speed + weight_resolution * resolution + weight_attitude * attitude
        + weight_follow_up * follow_up
    FROM settings
);

CREATE OR REPLACE MACRO in_month_window(moment, last_month, months) AS (
    moment < CAST(last_month AS TIMESTAMP) + INTERVAL 1 MONTH
    AND (months <= 0 OR moment >= CAST(last_month AS TIMESTAMP) - to_months(months - 1))
);
