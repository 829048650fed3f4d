-- reference: rank_streaks as it was worked out for the one month asked, before queries/views/city_month_streaks.sql kept every
-- month's rows — the reference tests/test_kept_questions.py holds the question to (the same lines, on purpose).
-- rank_streaks: each city's rank in a month, for how many months in a row (ending then) it has been in the top or the bottom group, and its change on a year earlier.
-- access: cities
-- param month: month — the month the streaks end at (YYYY-MM); default the latest month
-- param cities: cities — city codes to keep; empty = every city (ranks and streaks are always among all cities)
-- top_streak counts the months up to and including month in which the city ranked within the top group
-- (0 when it is not in it now); bottom_streak the same for the bottom group (city_ranking's in_top and
-- in_bottom: the top five and bottom three, sizes in settings). A month in which the city
-- was not ranked (too few responses, or no data at all) ends a streak. index_year_ago and year_change are NULL
-- without data a year earlier.
WITH calendar AS (
    SELECT CAST(range AS DATE) AS month
    FROM range((SELECT CAST(min(month) AS TIMESTAMP) FROM city_ranking), CAST($month AS TIMESTAMP) + INTERVAL 1 DAY,
               INTERVAL 1 MONTH)
),

-- Every calendar month up to month for every city: a month without data is a month outside both groups.
groups AS (
    SELECT
        calendar.month,
        cities.city_code,
        coalesce(ranking.in_top, false) AS in_top,
        coalesce(ranking.in_bottom, false) AS in_bottom
    FROM calendar
    CROSS JOIN cities
    LEFT JOIN city_ranking AS ranking ON ranking.month = calendar.month AND ranking.city_code = cities.city_code
),

last_outside AS (
    SELECT
        city_code,
        coalesce(max(month) FILTER (WHERE NOT in_top), DATE '0001-01-01') AS last_outside_top,
        coalesce(max(month) FILTER (WHERE NOT in_bottom), DATE '0001-01-01') AS last_outside_bottom
    FROM groups
    GROUP BY city_code
),

streaks AS (
    SELECT
        groups.city_code,
        count(*) FILTER (WHERE groups.month > last_outside.last_outside_top) AS top_streak,
        count(*) FILTER (WHERE groups.month > last_outside.last_outside_bottom) AS bottom_streak
    FROM groups
    INNER JOIN last_outside USING (city_code)
    GROUP BY groups.city_code
),

final AS (
    SELECT
        cities.city_code, cities.name_zh, cities.name_en, cities.region,
        cur.index,
        ranking.rank,
        ranking.ranked,
        ranking.ranked_cities,
        ranking.in_top,
        ranking.in_bottom,
        streaks.top_streak,
        streaks.bottom_streak,
        year_ago.index AS index_year_ago,
        year_ranking.rank AS rank_year_ago,
        cur.index - year_ago.index AS year_change
    FROM cities
    INNER JOIN kpi_city_month AS cur ON cur.city_code = cities.city_code AND cur.month = $month
    INNER JOIN city_ranking AS ranking ON ranking.city_code = cities.city_code AND ranking.month = $month
    INNER JOIN streaks ON streaks.city_code = cities.city_code
    LEFT JOIN kpi_city_month AS year_ago
        ON year_ago.city_code = cities.city_code AND year_ago.month = $month - INTERVAL 12 MONTH
    LEFT JOIN city_ranking AS year_ranking
        ON year_ranking.city_code = cities.city_code AND year_ranking.month = $month - INTERVAL 12 MONTH
    WHERE in_selection(CAST($cities AS VARCHAR[]), cities.city_code)
)

SELECT * FROM final ORDER BY rank NULLS LAST, index DESC NULLS LAST, city_code;
