-- comment_theme_city_month: the low-score comments (responses with a low_score_reason and a comment) per city and
-- month, and of them those that mention each theme of comment_theme_keywords — a summary table, built once per
-- export version (queries/loader.py), that comment_themes pools from instead of searching every comment again.
-- Columns: month, city_code, theme (NULL: every low-score comment of the city and month), comments (how many; a
-- comment counts once per theme however many of its keywords it holds), example (the first such comment in text
-- order, NULL on the rows of every comment). Counts add up over cities and the first of the cities' first comments
-- is the first of their comments, so a selection's figures pooled from here are those of its comments.
-- kept by month of survey_responses.submitted_at
CREATE OR REPLACE TABLE comment_theme_city_month AS
WITH low_score_comments AS (
    SELECT
        CAST(date_trunc('month', submitted_at) AS DATE) AS month,
        city_code,
        response_id,
        comment
    FROM survey_responses
    WHERE low_score_reason IS NOT NULL AND comment IS NOT NULL
)

SELECT
    comments.month,
    comments.city_code,
    dictionary.theme,
    count(DISTINCT comments.response_id) AS comments,
    min(comments.comment) AS example
FROM low_score_comments AS comments
INNER JOIN comment_theme_keywords AS dictionary ON contains(comments.comment, dictionary.keyword)
GROUP BY comments.month, comments.city_code, dictionary.theme
UNION ALL
SELECT
    month,
    city_code,
    CAST(NULL AS VARCHAR) AS theme,
    count(*) AS comments,
    CAST(NULL AS VARCHAR) AS example
FROM low_score_comments
GROUP BY month, city_code
ORDER BY month, city_code, theme NULLS FIRST;
