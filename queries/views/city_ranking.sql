-- city_ranking: every city's satisfaction-index rank per month, among all cities (filters never change a rank);
-- a table built once per export version.
-- No parameters. A city with fewer responses than settings.min_responses_to_rank is not ranked (rank NULL);
-- in_top / in_bottom mark the top five and bottom three (settings.top_group_size, bottom_group_size).
CREATE OR REPLACE TABLE city_ranking AS
WITH city_months AS (
    SELECT
        month,
        city_code,
        index,
        responses,
        responses >= (SELECT min_responses_to_rank FROM settings) AND index IS NOT NULL AS ranked
    FROM kpi_monthly([])
    WHERE city_code IS NOT NULL
),

ranks AS (
    SELECT
        month,
        city_code,
        ranked,
        CASE WHEN ranked THEN rank() OVER (PARTITION BY month, ranked ORDER BY index DESC) END AS rank,
        count(*) FILTER (WHERE ranked) OVER (PARTITION BY month) AS ranked_cities
    FROM city_months
),

-- The review's groups, defined once: the top five and the bottom three (sizes in settings).
final AS (
    SELECT
        ranks.*,
        coalesce(rank <= settings.top_group_size, false) AS in_top,
        coalesce(rank > ranked_cities - settings.bottom_group_size, false) AS in_bottom
    FROM ranks
    CROSS JOIN settings
)

SELECT * FROM final
ORDER BY month, city_code;
