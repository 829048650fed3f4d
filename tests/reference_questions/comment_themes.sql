-- reference: comment_themes as it was worked out from the raw survey responses, before queries/views/comment_theme_city_month.sql kept
-- every month's counts — the reference tests/test_kept_questions.py holds the question to (the same lines, on purpose).
-- comment_themes: the themes of low-score comments in chosen cities against the nation, by a small keyword dictionary.
-- access: own
-- param month: month — the month (YYYY-MM); default the latest month
-- param cities: cities — the chosen city codes, pooled; empty = the nation on both sides
-- Chinese is written without spaces, so words are not counted; instead each theme lists a few keywords and a
-- comment mentions the theme when it contains any of them (a comment can mention several themes). Shares are
-- of the low-score comments (responses with a low_score_reason and a comment) of the scope.
WITH dictionary (theme, keywords) AS (
    VALUES
        ('waiting', ['等', '慢', '排队', '没人接', '打不进', '没人联系', '没人理', '拖']),
        ('not_understood', ['听不懂', '没听明白', '理解', '说不清楚', '方言', '普通话', '会说']),
        ('unresolved', ['没解决', '不了了之', '没用', '重启', '一问三不知']),
        ('part_time', ['兼职']),
        ('attitude', ['态度', '不耐烦', '敷衍', '挂了', '话术']),
        ('no_follow_up', ['回电', '回访', '下文', '没消息']),
        ('repeat_contact', ['反映了', '重新说', '重新讲', '从头讲', '好几遍', '第二次']),
        ('lost_records', ['工单丢', '查不到', '不见了', '系统']),
        ('logistics', ['物流', '快递', '发货', '供应链']),
        ('process', ['流程', '入口', '规则', '发票', '退款'])
),

low_score_comments AS (
    SELECT
        response_id,
        comment,
        in_selection(CAST($cities AS VARCHAR[]), city_code) AS is_selected
    FROM survey_responses
    WHERE in_month_window(submitted_at, $month, 1) AND low_score_reason IS NOT NULL AND comment IS NOT NULL
),

totals AS (
    SELECT count(*) FILTER (WHERE is_selected) AS selected_comments, count(*) AS national_comments
    FROM low_score_comments
),

mentions AS (
    SELECT
        dictionary.theme,
        count(comments.response_id) FILTER (WHERE comments.is_selected) AS selected_count,
        count(comments.response_id) AS national_count,
        min(comments.comment) FILTER (WHERE comments.is_selected) AS example
    FROM dictionary
    LEFT JOIN low_score_comments AS comments
        ON list_bool_or(list_transform(dictionary.keywords, lambda keyword: contains(comments.comment, keyword)))
    GROUP BY dictionary.theme
),

final AS (
    SELECT
        mentions.theme,
        array_to_string(dictionary.keywords, '、') AS keywords,
        mentions.selected_count,
        totals.selected_comments,
        mentions.selected_count / nullif(totals.selected_comments, 0) AS selected_share,
        mentions.national_count,
        totals.national_comments,
        mentions.national_count / nullif(totals.national_comments, 0) AS national_share,
        mentions.example
    FROM mentions
    INNER JOIN dictionary USING (theme)
    CROSS JOIN totals
)

SELECT * FROM final ORDER BY selected_share DESC, national_share DESC, theme;
