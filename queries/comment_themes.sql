-- comment_themes: the themes of low-score comments in chosen cities against the nation, by a small keyword dictionary.
-- access: own
-- param month: month — the month (YYYY-MM); default the latest month
-- param cities: cities — the chosen city codes, pooled; empty = the nation on both sides
-- Chinese is written without spaces, so words are not counted; instead each theme lists a few keywords
-- (comment_theme_keywords) and a comment mentions the theme when it contains any of them (a comment can mention
-- several themes). Shares are of the low-score comments (responses with a low_score_reason and a comment) of the
-- scope. The counts and first comments are pooled from comment_theme_city_month (kept per city and month).
WITH themes AS (
    SELECT theme, string_agg(keyword, '、' ORDER BY position) AS keywords
    FROM comment_theme_keywords
    GROUP BY theme
),

pooled AS (
    SELECT
        theme,
        CAST(coalesce(sum(comments) FILTER (WHERE in_selection(CAST($cities AS VARCHAR[]), city_code)), 0)
            AS BIGINT) AS selected_count,
        CAST(sum(comments) AS BIGINT) AS national_count,
        min(example) FILTER (WHERE in_selection(CAST($cities AS VARCHAR[]), city_code)) AS example
    FROM comment_theme_city_month
    WHERE month = $month
    GROUP BY theme
),

totals AS (
    SELECT
        coalesce(max(selected_count) FILTER (WHERE theme IS NULL), 0) AS selected_comments,
        coalesce(max(national_count) FILTER (WHERE theme IS NULL), 0) AS national_comments
    FROM pooled
),

final AS (
    SELECT
        themes.theme,
        themes.keywords,
        coalesce(pooled.selected_count, 0) AS selected_count,
        totals.selected_comments,
        coalesce(pooled.selected_count, 0) / nullif(totals.selected_comments, 0) AS selected_share,
        coalesce(pooled.national_count, 0) AS national_count,
        totals.national_comments,
        coalesce(pooled.national_count, 0) / nullif(totals.national_comments, 0) AS national_share,
        pooled.example
    FROM themes
    LEFT JOIN pooled USING (theme)
    CROSS JOIN totals
)

SELECT * FROM final ORDER BY selected_share DESC, national_share DESC, theme;
