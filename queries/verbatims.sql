-- verbatims: customers' own comments on low scores in chosen cities and a month, searchable, newest first.
-- access: own
-- param month: month — the month (YYYY-MM); default the latest month
-- param cities: cities — city codes; empty = every city
-- param reason: text = none — keep one low-score reason (e.g. dialect); none = every reason
-- param search: text = none — keep comments containing this text (case-insensitive, taken literally)
-- param limit: int = 200 — at most this many comments; matches counts them all
-- Low-score comments are those of responses with a low_score_reason. score is the response's own weighted
-- index (the satisfaction-index weights; missing when a dimension is missing).
WITH matching AS (
    SELECT
        responses.response_id,
        responses.submitted_at,
        responses.city_code,
        responses.channel,
        responses.low_score_reason,
        responses.comment,
        satisfaction_index(responses.speed, responses.resolution, responses.attitude, responses.follow_up)
            AS score,
        responses.nps,
        responses.ticket_id
    FROM survey_responses AS responses
    WHERE in_month_window(responses.submitted_at, $month, 1)
        AND responses.low_score_reason IS NOT NULL
        AND responses.comment IS NOT NULL
        AND (in_selection(CAST($cities AS VARCHAR[]), responses.city_code))
        AND ($reason IS NULL OR responses.low_score_reason = $reason)
        AND ($search IS NULL OR contains(lower(responses.comment), lower(trim($search))))
),

final AS (
    SELECT matching.*, cities.name_zh, cities.name_en, count(*) OVER () AS matches
    FROM matching
    INNER JOIN cities USING (city_code)
)

SELECT * FROM final ORDER BY submitted_at DESC, response_id LIMIT $limit;
