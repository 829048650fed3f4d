-- national_kpis: the nation's KPIs in a month, each with its previous-month value and change.
-- param month: month — the month to report (YYYY-MM); default the latest month
-- param cities: cities — city codes to add up together instead of the nation; empty = the whole nation
-- One row. A selection of cities is aggregated over its responses and tickets, like the nation.
WITH monthly AS (
    SELECT * FROM kpi_monthly(CAST($cities AS VARCHAR[])) WHERE city_code IS NULL
),

final AS (
    SELECT
        cur.month,
        cur.responses, prev.responses AS responses_prev, cur.responses - prev.responses AS responses_delta,
        cur.tickets, prev.tickets AS tickets_prev, cur.tickets - prev.tickets AS tickets_delta,
        cur.index, prev.index AS index_prev, cur.index - prev.index AS index_delta,
        cur.speed, prev.speed AS speed_prev, cur.speed - prev.speed AS speed_delta,
        cur.resolution, prev.resolution AS resolution_prev, cur.resolution - prev.resolution AS resolution_delta,
        cur.attitude, prev.attitude AS attitude_prev, cur.attitude - prev.attitude AS attitude_delta,
        cur.follow_up, prev.follow_up AS follow_up_prev, cur.follow_up - prev.follow_up AS follow_up_delta,
        cur.nps, prev.nps AS nps_prev, cur.nps - prev.nps AS nps_delta,
        cur.complaints, prev.complaints AS complaints_prev, cur.complaints - prev.complaints AS complaints_delta,
        cur.avg_first_response_hours,
        prev.avg_first_response_hours AS avg_first_response_hours_prev,
        cur.avg_first_response_hours - prev.avg_first_response_hours AS avg_first_response_hours_delta,
        cur.logistics_complaints, prev.logistics_complaints AS logistics_complaints_prev,
        cur.logistics_complaints - prev.logistics_complaints AS logistics_complaints_delta,
        cur.lost_tickets, prev.lost_tickets AS lost_tickets_prev, cur.lost_tickets - prev.lost_tickets AS lost_tickets_delta,
        cur.repeat_tickets, prev.repeat_tickets AS repeat_tickets_prev,
        cur.repeat_tickets - prev.repeat_tickets AS repeat_tickets_delta,
        cur.assistant_penetration, prev.assistant_penetration AS assistant_penetration_prev,
        cur.assistant_penetration - prev.assistant_penetration AS assistant_penetration_delta
    FROM monthly AS cur
    LEFT JOIN monthly AS prev ON prev.month = cur.month - INTERVAL 1 MONTH
    WHERE cur.month = $month
)

SELECT * FROM final;
