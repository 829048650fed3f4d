-- response_monthly(selection): survey results per month, for each selected city and for the selection as a whole.
-- Parameters: selection VARCHAR[] — city codes; an empty list selects every city; only_month DATE — that month
-- alone (default NULL: every month).
-- Rows with city_code NULL aggregate all responses of the selection (with an empty selection: the nation),
-- pooled from the per city × month sums and counts of response_city_month — a mean is the sum of the cities'
-- sums over the sum of their counts, the same figure as over the responses themselves, never a mean of city means.
CREATE OR REPLACE MACRO response_monthly(selection, only_month := NULL) AS TABLE
WITH pooled AS (
    SELECT
        month,
        city_code,
        CAST(sum(responses) AS BIGINT) AS responses,
        sum(speed_sum) / nullif(sum(speed_n), 0) AS speed,
        sum(resolution_sum) / nullif(sum(resolution_n), 0) AS resolution,
        sum(attitude_sum) / nullif(sum(attitude_n), 0) AS attitude,
        sum(follow_up_sum) / nullif(sum(follow_up_n), 0) AS follow_up,
        CAST(sum(nps_n) AS BIGINT) AS nps_responses,
        CAST(sum(promoters) AS BIGINT) AS promoters,
        CAST(sum(passives) AS BIGINT) AS passives,
        CAST(sum(detractors) AS BIGINT) AS detractors,
        CAST(sum(csat_n) AS BIGINT) AS csat_responses,
        CAST(sum(satisfied) AS BIGINT) AS satisfied
    FROM response_city_month
    WHERE in_selection(selection, city_code) AND in_month(only_month, month)
    GROUP BY GROUPING SETS ((month, city_code), (month))
)

SELECT
    month,
    city_code,
    responses,
    speed,
    resolution,
    attitude,
    follow_up,
    satisfaction_index(speed, resolution, attitude, follow_up) AS index,
    nps_responses,
    promoters / nullif(nps_responses, 0) AS promoter_share,
    passives / nullif(nps_responses, 0) AS passive_share,
    detractors / nullif(nps_responses, 0) AS detractor_share,
    100.0 * (promoters - detractors) / nullif(nps_responses, 0) AS nps,
    csat_responses,
    satisfied / nullif(csat_responses, 0) AS csat_share
FROM pooled;
