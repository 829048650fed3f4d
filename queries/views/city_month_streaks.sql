-- city_month_streaks: what rank_streaks answers, for every month — each city's rank in the month, for how many
-- months in a row (ending then) it has been in the top or the bottom group, and its change on a year earlier — a
-- table built once per export version; the question reads one month's rows (planning the streaks over the calendar
-- cost every call about 20 ms).
-- top_streak counts the months up to and including the month in which the city ranked within the top group
-- (0 when it is not in it then); bottom_streak the same for the bottom group (city_ranking's in_top and in_bottom).
-- A month in which the city was not ranked (too few responses, or no data at all) ends a streak.
CREATE OR REPLACE TABLE city_month_streaks AS
WITH calendar AS (
    SELECT CAST(range AS DATE) AS month
    FROM range((SELECT CAST(min(month) AS TIMESTAMP) FROM city_ranking),
               (SELECT CAST(max(month) AS TIMESTAMP) FROM city_ranking) + INTERVAL 1 DAY, INTERVAL 1 MONTH)
),

-- Every calendar month for every city, numbered: a month without data is a month outside both groups.
groups AS (
    SELECT
        calendar.month,
        cities.city_code,
        coalesce(ranking.in_top, false) AS in_top,
        coalesce(ranking.in_bottom, false) AS in_bottom,
        row_number() OVER (PARTITION BY cities.city_code ORDER BY calendar.month) AS position
    FROM calendar
    CROSS JOIN cities
    LEFT JOIN city_ranking AS ranking ON ranking.month = calendar.month AND ranking.city_code = cities.city_code
),

-- A streak ending in a month: the months since the last one outside the group (all of them when there is none).
streaks AS (
    SELECT
        month,
        city_code,
        position - coalesce(max(position) FILTER (WHERE NOT in_top) OVER so_far, 0) AS top_streak,
        position - coalesce(max(position) FILTER (WHERE NOT in_bottom) OVER so_far, 0) AS bottom_streak
    FROM groups
    WINDOW so_far AS (PARTITION BY city_code ORDER BY month ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
),

final AS (
    SELECT
        cur.month,
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
    INNER JOIN kpi_city_month AS cur ON cur.city_code = cities.city_code
    INNER JOIN city_ranking AS ranking ON ranking.city_code = cities.city_code AND ranking.month = cur.month
    INNER JOIN streaks ON streaks.city_code = cities.city_code AND streaks.month = cur.month
    LEFT JOIN kpi_city_month AS year_ago
        ON year_ago.city_code = cities.city_code AND year_ago.month = cur.month - INTERVAL 12 MONTH
    LEFT JOIN city_ranking AS year_ranking
        ON year_ranking.city_code = cities.city_code AND year_ranking.month = cur.month - INTERVAL 12 MONTH
)

SELECT * FROM final
ORDER BY month, city_code;
