-- city_scores: every city's satisfaction index, dimensions, NPS and national rank in a month, with last month's.
-- access: cities
-- kept answer: for every month
-- param month: month — the month to report (YYYY-MM); default the latest month
-- param cities: cities — city codes to keep; empty = every city (ranks are always among all cities)
-- rank_change > 0 means the city moved up; ranked is false when it had too few responses to rank;
-- in_top / in_bottom: among the top five / bottom three of the nation. One month's rows of city_month_scores
-- (queries/views), where every month's are worked out once per export version.
SELECT * EXCLUDE (month)
FROM city_month_scores
WHERE month = $month AND in_selection(CAST($cities AS VARCHAR[]), city_code)
ORDER BY rank NULLS LAST, index DESC NULLS LAST, city_code;
