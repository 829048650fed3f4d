-- rank_streaks: each city's rank in a month, for how many months in a row (ending then) it has been in the top or the bottom group, and its change on a year earlier.
-- access: cities
-- kept answer: for every month
-- kept answer: chosen cities read their rows
-- param month: month — the month the streaks end at (YYYY-MM); default the latest month
-- param cities: cities — city codes to keep; empty = every city (ranks and streaks are always among all cities)
-- top_streak counts the months up to and including month in which the city ranked within the top group
-- (0 when it is not in it now); bottom_streak the same for the bottom group (city_ranking's in_top and
-- in_bottom: the top five and bottom three, sizes in settings). A month in which the city
-- was not ranked (too few responses, or no data at all) ends a streak. index_year_ago and year_change are NULL
-- without data a year earlier. One month's rows of city_month_streaks (queries/views), where every month's are
-- worked out once per export version.
SELECT * EXCLUDE (month)
FROM city_month_streaks
WHERE month = $month AND in_selection(CAST($cities AS VARCHAR[]), city_code)
ORDER BY rank NULLS LAST, index DESC NULLS LAST, city_code;
