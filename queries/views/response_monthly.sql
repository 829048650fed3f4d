-- response_monthly(selection): survey results per month, for each selected city and for the selection as a whole.
-- Parameter: selection VARCHAR[] — city codes; an empty list selects every city.
-- Rows with city_code NULL aggregate all responses of the selection (with an empty selection: the nation),
-- computed over the responses themselves, never as a mean of city figures.
CREATE OR REPLACE MACRO response_monthly(selection) AS TABLE
WITH selected AS (
    SELECT *
    FROM survey_responses
    WHERE in_selection(selection, city_code)
)

SELECT
    CAST(date_trunc('month', submitted_at) AS DATE) AS month,
    city_code,
    count(*) AS responses,
    avg(speed) AS speed,
    avg(resolution) AS resolution,
    avg(attitude) AS attitude,
    avg(follow_up) AS follow_up,
    satisfaction_index(avg(speed), avg(resolution), avg(attitude), avg(follow_up)) AS index,
    count(nps) AS nps_responses,
    count(nps) FILTER (WHERE nps >= 9) / nullif(count(nps), 0) AS promoter_share,
    count(nps) FILTER (WHERE nps BETWEEN 7 AND 8) / nullif(count(nps), 0) AS passive_share,
    count(nps) FILTER (WHERE nps <= 6) / nullif(count(nps), 0) AS detractor_share,
    100.0 * (count(nps) FILTER (WHERE nps >= 9) - count(nps) FILTER (WHERE nps <= 6))
        / nullif(count(nps), 0) AS nps
FROM selected
GROUP BY GROUPING SETS ((month, city_code), (month));
