-- kpi_pooled(selection): every KPI per month, for each selected city and (city_code NULL) the selection as a whole,
-- pooled now from the summaries and the small daily and monthly tables.
-- Parameters: selection VARCHAR[] — city codes; an empty list selects every city (the NULL row is the nation);
-- only_month DATE — that month alone (default NULL: every month; a question that reads one month of a selection
-- has it pooled alone: queries/catalogue.py, `-- chosen cities pooled: the month only`).
-- The one place where survey, ticket, contact-centre and team figures meet. Questions read kpi_monthly, which
-- takes every city's and the nation's rows from the table built from this once per export version
-- (kpi_city_month) and a chosen selection's total from selection_kpis, pooled here once per selection by the
-- query layer (queries/runner.py: selection_totals).
CREATE OR REPLACE MACRO kpi_pooled(selection, only_month := NULL) AS TABLE
WITH selected_cities AS (
    SELECT city_code FROM cities WHERE in_selection(selection, city_code)
    UNION ALL
    SELECT NULL
),

-- Every month of any export, so a city without data in a month still gets its (empty) row (the survey's and the
-- tickets' months from their summaries: the same months, without reading every row).
months AS (
    SELECT month FROM response_city_month
    UNION
    SELECT month FROM ticket_city_month
    UNION
    SELECT CAST(date_trunc('month', date) AS DATE) FROM contact_center_daily
    UNION
    SELECT month FROM team_monthly
),

months_asked AS (
    SELECT month FROM months WHERE in_month(only_month, month)
),

final AS (
    SELECT
        months.month,
        selected_cities.city_code,
        coalesce(r.responses, 0) AS responses,
        r.index, r.speed, r.resolution, r.attitude, r.follow_up,
        r.nps, r.nps_responses, r.promoter_share, r.passive_share, r.detractor_share,
        coalesce(t.tickets, 0) AS tickets,
        coalesce(t.complaints, 0) AS complaints,
        coalesce(t.logistics_complaints, 0) AS logistics_complaints,
        coalesce(t.dialect_complaints, 0) AS dialect_complaints,
        t.dialect_complaints / nullif(t.complaints, 0) AS dialect_complaint_share,
        t.avg_first_response_hours, t.p90_first_response_hours, t.first_response_rate,
        t.part_time_ticket_share, t.high_priority_share,
        coalesce(t.lost_tickets, 0) AS lost_tickets,
        coalesce(t.repeat_tickets, 0) AS repeat_tickets,
        r.csat_responses, r.csat_share,
        t.escalation_share, t.complaint_resolution_rate, t.complaint_response_24h_share, t.repeat_complaint_share,
        c.answered_inquiries, c.inquiry_first_response_seconds,
        c.inquiries, c.inquiries_per_day, c.seats_on_duty, c.inquiries_per_seat_day,
        c.assistant_handled_share, c.answered_within_60s_share,
        s.seats, s.part_time_share, s.dialect_coverage, s.assistant_penetration, s.attrition_rate,
        s.training_hours_per_agent, s.skill_assessment_share, s.triage_share
    FROM months_asked AS months
    CROSS JOIN selected_cities
    LEFT JOIN response_monthly(selection, only_month := only_month) AS r
        ON r.month = months.month AND r.city_code IS NOT DISTINCT FROM selected_cities.city_code
    LEFT JOIN ticket_monthly(selection, only_month := only_month) AS t
        ON t.month = months.month AND t.city_code IS NOT DISTINCT FROM selected_cities.city_code
    LEFT JOIN contact_monthly(selection, only_month := only_month) AS c
        ON c.month = months.month AND c.city_code IS NOT DISTINCT FROM selected_cities.city_code
    LEFT JOIN team_state_monthly(selection, only_month := only_month) AS s
        ON s.month = months.month AND s.city_code IS NOT DISTINCT FROM selected_cities.city_code
)

SELECT * FROM final;
