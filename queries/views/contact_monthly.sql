-- contact_monthly(selection): inquiry volume and staffing per month, for each selected city and the selection.
-- Parameter: selection VARCHAR[] — city codes; an empty list selects every city.
-- Daily figures are summed over the selection per day first, so "per day" means per calendar day with data.
CREATE OR REPLACE MACRO contact_monthly(selection) AS TABLE
WITH selected AS (
    SELECT *
    FROM contact_center_daily
    WHERE in_selection(selection, city_code)
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
    sum(answered_within_60s) / nullif(sum(inquiries), 0) AS answered_within_60s_share
FROM selected
GROUP BY GROUPING SETS ((month, city_code), (month));
