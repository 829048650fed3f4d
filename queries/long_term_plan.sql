-- long_term_plan: the long-term model in force in a month — its items by dimension (technology, people, ecosystem) and horizon (short, medium, long term).
-- access: open
-- kept answer: for every month
-- param month: month — the month (YYYY-MM); default the latest month
-- From the optional long_term_plan export (empty without it, or before the first plan's adoption): the rows of
-- the latest plan adopted by the month's last day, in the contract's order of dimensions and horizons, then item.
WITH latest AS (
    SELECT max(adopted_on) AS adopted_on
    FROM long_term_plan
    WHERE adopted_on < $month + INTERVAL 1 MONTH
)

SELECT plan.adopted_on, plan.dimension, plan.horizon, plan.item, plan.text_zh, plan.text_en
FROM long_term_plan AS plan
INNER JOIN latest USING (adopted_on)
INNER JOIN long_term_dimensions AS dimensions USING (dimension)
INNER JOIN long_term_horizons AS horizons USING (horizon)
ORDER BY dimensions.position, horizons.position, plan.item;
