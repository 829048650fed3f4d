-- contact_monthly(selection): inquiry volume and staffing per month, for each selected city and the selection.
-- Parameters: selection VARCHAR[] — city codes; an empty list selects every city; only_month DATE — that month
-- alone (default NULL: every month).
-- Daily figures are summed over the selection per day first, so "per day" means per calendar day with data.
-- The inquiries' mean first response (seconds) is pooled from the optional columns answered_inquiries and
-- first_response_seconds_total: Σ seconds / Σ answered inquiries (NULL where the exports lack them).
CREATE OR REPLACE MACRO contact_monthly(selection, only_month := NULL) AS TABLE
WITH selected AS (
    SELECT *
    FROM contact_center_daily
    WHERE in_selection(selection, city_code) AND in_month(only_month, CAST(date_trunc('month', date) AS DATE))
)

SELECT
    CAST(date_trunc('month', date) AS DATE) AS month,
    city_code,
    count(DISTINCT date) AS days,
    sum(inquiries) AS inquiries,
    sum(inquiries) / count(DISTINCT date) AS inquiries_per_day,
    sum(seats_on_duty) / count(DISTINCT date) AS seats_on_duty,
    sum(inquiries) / nullif(sum(seats_on_duty), 0) AS inquiries_per_seat_day,
    sum(assistant_handled) / nullif(sum(inquiries), 0) AS assistant_handled_share,
    sum(answered_within_60s) / nullif(sum(inquiries), 0) AS answered_within_60s_share,
    sum(answered_inquiries) FILTER (WHERE first_response_seconds_total IS NOT NULL) AS answered_inquiries,
    sum(first_response_seconds_total)
        / nullif(sum(answered_inquiries) FILTER (WHERE first_response_seconds_total IS NOT NULL), 0)
        AS inquiry_first_response_seconds
FROM selected
GROUP BY GROUPING SETS ((month, city_code), (month));
