-- milestones_timeline: every milestone of the plan with its planned and actual dates and its state as of a month.
-- access: cities
-- kept answer: for every month
-- param month: month — the month the milestones are judged at (YYYY-MM); default the latest month
-- param cities: cities — city codes: milestones of their initiatives and of the national ones; empty = all
-- As of the month's last day (month_end), the first rule that applies:
--   done_on_time  done by month_end, on or before its due date
--   done_late     done by month_end, after its due date
--   overdue       due on or before month_end and not done by then
--   open          due after month_end and not done by then
-- A done date after month_end is not known yet as of the month: done_date is then NULL here.
-- days_late: done_late → done − due; overdue → month_end − due. With each milestone come its initiative's
-- title, area (city_code NULL = national), owner and planned span (start_date → initiative_due_date).
WITH judged AS (
    SELECT
        milestones.milestone_id,
        milestones.initiative_id,
        milestones.title_zh,
        milestones.title_en,
        milestones.due_date,
        CASE WHEN milestones.done_date <= last_day($month) THEN milestones.done_date END AS done_date,
        last_day($month) AS month_end
    FROM milestones
),

final AS (
    SELECT
        judged.*,
        CASE
            WHEN judged.done_date <= judged.due_date THEN 'done_on_time'
            WHEN judged.done_date IS NOT NULL THEN 'done_late'
            WHEN judged.due_date <= judged.month_end THEN 'overdue'
            ELSE 'open'
        END AS status,
        CASE
            WHEN judged.done_date > judged.due_date THEN date_diff('day', judged.due_date, judged.done_date)
            WHEN judged.done_date IS NULL AND judged.due_date <= judged.month_end
                THEN date_diff('day', judged.due_date, judged.month_end)
        END AS days_late,
        plan.step,
        plan.title_zh AS initiative_zh,
        plan.title_en AS initiative_en,
        plan.city_code,
        cities.name_zh AS city_zh,
        cities.name_en AS city_en,
        plan.owner,
        plan.metric,
        plan.start_date,
        plan.due_date AS initiative_due_date,
        plan.rowid AS plan_order
    FROM judged
    INNER JOIN initiatives AS plan USING (initiative_id)
    LEFT JOIN cities ON cities.city_code = plan.city_code
    WHERE plan.city_code IS NULL OR in_selection(CAST($cities AS VARCHAR[]), plan.city_code)
)

-- In the plan's own order (step, then the initiatives export's order), each initiative's milestones by due date.
SELECT * FROM final ORDER BY step, plan_order, due_date, milestone_id;
