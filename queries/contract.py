"""The export contract the dashboard implements: tables, columns, types and row rules.

This module is the single source of truth for what a data directory must hold. The loader checks every
export against it; the README's contract section describes the same tables. Rules are written as SQL
predicates over the contract's own column names (constants of this module, never user input): a row is
kept when every predicate of its table is true, and every row that fails one is counted per file and rule.
"""

from dataclasses import dataclass, field

# Column kinds and the DuckDB types accepted for each. A wrong type is a contract error for the whole
# file (the column cannot be read as intended); a wrong value is a rejected row. Besides these, the loader accepts
# the parquet type NULL (what pandas and pyarrow write for a column that is empty in every row of a file) for a
# nullable column — and for any column of a file without rows — and DECIMAL(p, 0) for an int column.
ACCEPTED_TYPES: dict[str, tuple[str, ...]] = {
    "text": ("VARCHAR",),
    "id": ("VARCHAR", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER",
           "UBIGINT", "HUGEINT"),
    "int": ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT",
            "HUGEINT"),
    "double": ("DOUBLE", "FLOAT", "DECIMAL", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT",
               "USMALLINT", "UINTEGER", "UBIGINT", "HUGEINT"),
    "timestamp": ("TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S",
                  "TIMESTAMPTZ_NS"),
    "date": ("DATE",),
    "bool": ("BOOLEAN",),
}

# The type each kind is stored as once loaded, so every query sees one type per column.
CANONICAL_TYPES: dict[str, str] = {
    "text": "VARCHAR",
    "id": "VARCHAR",
    "int": "BIGINT",
    "double": "DOUBLE",
    "timestamp": "TIMESTAMP",
    "date": "DATE",
    "bool": "BOOLEAN",
}

REGIONS = ("north", "northeast", "east", "central", "south", "southwest", "northwest")
# survey_responses.channel: the usual channels (an open list: the contract accepts any other).
CHANNELS = ("phone", "chat", "app", "email", "social")
LOW_SCORE_REASONS = ("slow_response", "unresolved", "dialect", "attitude", "no_follow_up", "logistics",
                     "system_outage", "other")
TICKET_CATEGORIES = ("logistics", "product", "billing", "account", "technical", "dialect", "attitude", "other")
PRIORITIES = ("high", "normal", "low")
HANDLERS = ("full_time", "part_time", "assistant")
EVENT_KINDS = ("positive", "negative", "neutral")
# Initiative metrics the plan page can measure from the exports (initiatives.metric) → the KPI that measures each
# (its name in csat.kpis and kpi_values). The loader writes this mapping into the table plan_metrics, which
# queries/plan_progress.sql joins on; csat.kpis.PLAN_METRIC_KPIS is derived from it.
PLAN_METRICS = {"avg_first_response_hours": "avg_first_response_hours", "dialect_coverage": "dialect_coverage",
                "skill_assessment_share": "skill_assessment_share", "complaint_count": "complaints",
                "satisfaction_index": "index"}
# Outcome KPIs a plan step can promise to move (initiatives.promised_kpi), by their names in csat.kpis and kpi_values:
# all complaints, dialect complaints, the satisfaction index. queries/plan_outcomes.sql measures each (table
# plan_outcome_kpis, in this order).
PLAN_OUTCOME_KPIS = ("complaints", "dialect_complaints", "index")
# Service practices a city can run (city_practices.practice): the tools, localisation, KPI design and people
# programmes that set the leading cities apart (review ch.2).
PRACTICES = ("emotion_recognition", "customer_profile", "dialect_recognition", "offline_station",
             "local_life_partnership", "revisit_rate_kpi", "first_contact_resolution_kpi", "tiered_certification",
             "scenario_training", "mentoring")
# What a reported driver figure measures (driver_figures.metric) → its unit: "share" (0–1, e.g. 0.35 for 35%),
# "change" (a relative change, e.g. 0.22 for "+22%"), "seconds". The dashboard labels and formats each by its code.
DRIVER_METRICS = {"people_handled_simple_share": "share", "simple_inquiry_response_seconds": "seconds",
                  "trainee_feedback_change": "change", "hard_complaint_resolution_rate": "share",
                  "logistics_capacity_share": "share", "misunderstanding_complaint_share": "share"}
# driver_figures.comparison: the value is an upper ("below": "< 30 s") or lower ("above") bound, not a point.
COMPARISONS = ("below", "above")
# KPIs an external benchmark can be given for (external_benchmarks.kpi), by their names in csat.kpis and kpi_values.
BENCHMARK_KPIS = ("avg_first_response_hours", "first_response_rate", "index", "nps", "attrition_rate",
                  "assistant_penetration")
# The long-term model's grid (long_term_plan): three dimensions × three horizons (review ch.6, 三维一循环).
PLAN_DIMENSIONS = ("technology", "people", "ecosystem")
PLAN_HORIZONS = ("short", "medium", "long")


@dataclass(frozen=True)
class Column:
    """A contract column. `nullable`: a row may leave it empty. `optional`: a file may lack it altogether (it is
    then read as empty in every row of that file); an optional column is nullable."""

    name: str
    kind: str
    nullable: bool = False
    optional: bool = False


@dataclass(frozen=True)
class Rule:
    """A row rule: `valid_when` is true for a good row. `column` names the column the rule is about."""

    name: str
    column: str
    valid_when: str


@dataclass(frozen=True)
class Table:
    """A contract table: its name, whether a data directory must hold it, its columns, the key no two
    rows may share (of rows sharing it only the newest export's is kept), its row rules, and, for a table whose
    files must hold at least one row that passes the rules, why (`not_empty`; empty: the table may be empty).
    `month_column`: for a table of monthly exports, the column whose calendar month a row belongs to — an update
    notes the months whose rows changed, so that what the store keeps by month is written again for those alone."""

    name: str
    required: bool
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    rules: tuple[Rule, ...] = field(default=())
    not_empty: str = ""
    month_column: str = ""


def _accepted(column: str, values: tuple[str, ...]) -> Rule:
    quoted = ", ".join("'" + v + "'" for v in values)
    return Rule(f"{column} not one of {', '.join(values)}", column, f"{column} IS NULL OR {column} IN ({quoted})")


def _between(column: str, low: float, high: float) -> Rule:
    return Rule(f"{column} outside {low:g}–{high:g}", column, f"{column} IS NULL OR {column} BETWEEN {low} AND {high}")


def _known_city(column: str = "city_code") -> Rule:
    return Rule(f"unknown {column}", column, f"{column} IS NULL OR {column} IN (SELECT city_code FROM cities)")


def _first_of_month(column: str) -> Rule:
    return Rule(f"{column} not the first day of a month", column,
                f"{column} IS NULL OR {column} = date_trunc('month', {column})")


def _not_before(column: str, start: str) -> Rule:
    return Rule(f"{column} before {start}", column, f"{column} IS NULL OR {column} >= {start}")


def _share(column: str) -> Rule:
    return _between(column, 0, 1)


CITIES = Table(
    "cities", True,
    (Column("city_code", "text"), Column("name_zh", "text"), Column("name_en", "text"),
     Column("province_zh", "text"), Column("province_en", "text"), Column("region", "text"),
     Column("lat", "double"), Column("lon", "double")),
    key=("city_code",),
    rules=(_accepted("region", REGIONS), _between("lat", -90, 90), _between("lon", -180, 180)),
    not_empty="the other tables refer to it",
)

SURVEY_RESPONSES = Table(
    "survey_responses", True,
    (Column("response_id", "id"), Column("city_code", "text"), Column("submitted_at", "timestamp"),
     Column("channel", "text"),
     Column("speed", "double", True), Column("resolution", "double", True), Column("attitude", "double", True),
     Column("follow_up", "double", True), Column("nps", "int", True), Column("low_score_reason", "text", True),
     Column("comment", "text", True), Column("ticket_id", "text", True)),
    key=("response_id",),
    rules=(_known_city(), _between("speed", 0, 100), _between("resolution", 0, 100),
           _between("attitude", 0, 100), _between("follow_up", 0, 100), _between("nps", 0, 10),
           _accepted("low_score_reason", LOW_SCORE_REASONS)),
    not_empty="the review's months and satisfaction figures come from it",
    month_column="submitted_at",
)

TICKETS = Table(
    "tickets", True,
    (Column("ticket_id", "text"), Column("city_code", "text"), Column("created_at", "timestamp"),
     Column("first_response_at", "timestamp", True), Column("resolved_at", "timestamp", True),
     Column("category", "text"), Column("is_complaint", "bool"), Column("priority", "text"),
     Column("handled_by", "text"), Column("escalation_level", "int"),
     Column("lost_in_incident", "text", True), Column("repeat_of", "text", True)),
    key=("ticket_id",),
    rules=(_known_city(), _accepted("category", TICKET_CATEGORIES), _accepted("priority", PRIORITIES),
           _accepted("handled_by", HANDLERS), _between("escalation_level", 1, 3),
           _not_before("first_response_at", "created_at"), _not_before("resolved_at", "created_at")),
    month_column="created_at",
)

# contact_center_daily: inquiry volume and staffing per city and day.
#   answered_inquiries             inquiries answered by an agent or the assistant (0…inquiries); optional column
#   first_response_seconds_total   the seconds from an inquiry's arrival to its first answer, summed over the
#                                  answered inquiries (the mean is pooled: Σ total / Σ answered_inquiries);
#                                  optional column, empty without answered_inquiries
CONTACT_CENTER_DAILY = Table(
    "contact_center_daily", True,
    (Column("date", "date"), Column("city_code", "text"), Column("inquiries", "int"),
     Column("assistant_handled", "int"), Column("answered_within_60s", "int"), Column("seats_on_duty", "int"),
     Column("answered_inquiries", "int", True, optional=True),
     Column("first_response_seconds_total", "double", True, optional=True)),
    key=("date", "city_code"),
    rules=(_known_city(), Rule("inquiries negative", "inquiries", "inquiries >= 0"),
           Rule("assistant_handled outside 0–inquiries", "assistant_handled",
                "assistant_handled BETWEEN 0 AND inquiries"),
           Rule("answered_within_60s outside 0–inquiries", "answered_within_60s",
                "answered_within_60s BETWEEN 0 AND inquiries"),
           Rule("seats_on_duty negative", "seats_on_duty", "seats_on_duty >= 0"),
           Rule("answered_inquiries outside 0–inquiries", "answered_inquiries",
                "answered_inquiries IS NULL OR answered_inquiries BETWEEN 0 AND inquiries"),
           Rule("first_response_seconds_total negative", "first_response_seconds_total",
                "first_response_seconds_total IS NULL OR first_response_seconds_total >= 0"),
           Rule("first_response_seconds_total without answered_inquiries", "first_response_seconds_total",
                "first_response_seconds_total IS NULL OR answered_inquiries IS NOT NULL")),
    month_column="date",
)

TEAM_MONTHLY = Table(
    "team_monthly", True,
    (Column("month", "date"), Column("city_code", "text"), Column("seats", "int"),
     Column("part_time_share", "double"), Column("dialect_coverage", "double"),
     Column("assistant_penetration", "double"), Column("attrition_rate", "double"),
     Column("training_hours_per_agent", "double"), Column("skill_assessment_share", "double"),
     Column("triage_enabled", "bool")),
    key=("month", "city_code"),
    rules=(_known_city(), _first_of_month("month"), Rule("seats negative", "seats", "seats >= 0"),
           _share("part_time_share"), _share("dialect_coverage"), _share("assistant_penetration"),
           _share("attrition_rate"), _share("skill_assessment_share"),
           Rule("training_hours_per_agent negative", "training_hours_per_agent", "training_hours_per_agent >= 0")),
    month_column="month",
)

INCIDENTS = Table(
    "incidents", False,
    (Column("incident_id", "text"), Column("system", "text"), Column("started_at", "timestamp"),
     Column("ended_at", "timestamp", True), Column("city_code", "text", True), Column("tickets_lost", "int"),
     Column("title_zh", "text"), Column("title_en", "text")),
    key=("incident_id",),
    rules=(_known_city(), _not_before("ended_at", "started_at"),
           Rule("tickets_lost negative", "tickets_lost", "tickets_lost >= 0")),
)

EVENTS = Table(
    "events", False,
    (Column("date", "date"), Column("city_code", "text", True), Column("kind", "text"),
     Column("title_zh", "text"), Column("title_en", "text")),
    rules=(_known_city(), _accepted("kind", EVENT_KINDS)),
)

# initiatives (optional): the improvement plan, one row per initiative.
#   expected_effect_zh, expected_effect_en   the promised effect in words, for display only
#   promised_kpi      the outcome KPI the initiative promises to move, one of PLAN_OUTCOME_KPIS (empty: none);
#                     optional column
#   promised_change   the promised relative change of that KPI, −1…10 (−0.80 = "−80%"; empty: no figure, e.g. a
#                     level in `target`); optional column
INITIATIVES = Table(
    "initiatives", False,
    (Column("initiative_id", "text"), Column("step", "int"), Column("title_zh", "text"), Column("title_en", "text"),
     Column("city_code", "text", True), Column("owner", "text"), Column("metric", "text"),
     Column("baseline", "double"), Column("target", "double"), Column("start_date", "date"),
     Column("due_date", "date"), Column("expected_effect_zh", "text", True),
     Column("expected_effect_en", "text", True),
     Column("promised_kpi", "text", True, optional=True), Column("promised_change", "double", True, optional=True)),
    key=("initiative_id",),
    rules=(_known_city(), _accepted("metric", tuple(PLAN_METRICS)), _not_before("due_date", "start_date"),
           Rule("target equals baseline", "target", "target <> baseline"),
           _accepted("promised_kpi", PLAN_OUTCOME_KPIS), _between("promised_change", -1, 10),
           Rule("promised_change without promised_kpi", "promised_change",
                "promised_change IS NULL OR promised_kpi IS NOT NULL")),
)

MILESTONES = Table(
    "milestones", False,
    (Column("milestone_id", "text"), Column("initiative_id", "text"), Column("title_zh", "text"),
     Column("title_en", "text"), Column("due_date", "date"), Column("done_date", "date", True)),
    key=("milestone_id",),
    rules=(Rule("unknown initiative_id", "initiative_id",
                "initiative_id IN (SELECT initiative_id FROM initiatives)"),),
)

# city_practices (optional): which service practices each city runs, and since when.
#   city_code    the city (cities.city_code)
#   practice     one of PRACTICES: emotion_recognition (AI emotion recognition), customer_profile (customer-profile
#                module), dialect_recognition (speech recognition of local dialects), offline_station (offline
#                service stations), local_life_partnership (partnership with local-life platforms),
#                revisit_rate_kpi (customer revisit rate scored as a KPI), first_contact_resolution_kpi
#                (first-contact resolution weighted in the KPIs), tiered_certification (agents certified in
#                levels), scenario_training (training by live drills), mentoring (a mentor for every new agent)
#   started_on   the day it went live; it counts from that day's month on
#   effect_zh, effect_en   the effect the city reports for it, if any (free text in each language)
CITY_PRACTICES = Table(
    "city_practices", False,
    (Column("city_code", "text"), Column("practice", "text"), Column("started_on", "date"),
     Column("effect_zh", "text", True), Column("effect_en", "text", True)),
    key=("city_code", "practice"),
    rules=(_known_city(), _accepted("practice", PRACTICES)),
)

# team_skills (optional): the service team's certification and assessed skills per city and month.
#   month                     first day of the month (as in team_monthly)
#   city_code                 the city (cities.city_code)
#   certified_share           share of agents holding a service certification (0–1)
#   senior_certified_share    share of agents certified at the top level of a tiered scheme (0–1; 0 where the
#                             city has no tiered certification); never more than certified_share
#   emotion_management, product_knowledge, complex_problem_handling, communication
#                             the agents' mean assessment score in that skill (0–100)
TEAM_SKILLS = Table(
    "team_skills", False,
    (Column("month", "date"), Column("city_code", "text"), Column("certified_share", "double"),
     Column("senior_certified_share", "double"), Column("emotion_management", "double"),
     Column("product_knowledge", "double"), Column("complex_problem_handling", "double"),
     Column("communication", "double")),
    key=("month", "city_code"),
    rules=(_known_city(), _first_of_month("month"), _share("certified_share"), _share("senior_certified_share"),
           Rule("senior_certified_share above certified_share", "senior_certified_share",
                "senior_certified_share <= certified_share"),
           _between("emotion_management", 0, 100), _between("product_knowledge", 0, 100),
           _between("complex_problem_handling", 0, 100), _between("communication", 0, 100)),
    month_column="month",
)

# driver_figures (optional): the figures the department reports about what moved satisfaction in a month —
# programme evaluations, capacity studies, complaint audits — that the exports do not measure row by row.
#   month                  first day of the month the figure is about
#   city_code              the city (cities.city_code); empty = national
#   driver_zh, driver_en   what happened, e.g. 智能客服上线 / Intelligent assistant launched
#   effect                 how it moved satisfaction: positive, negative, neutral
#   metric                 what is measured, one of DRIVER_METRICS (which also fixes the unit)
#   before                 the value before the driver (empty: only the value after is known, e.g. a change)
#   value                  the value reported for the month
#   comparison             empty = value is the figure; below / above = value is an upper / lower bound
#   source_zh, source_en   where the figure comes from
_SHARE_METRICS = tuple(metric for metric, unit in DRIVER_METRICS.items() if unit == "share")


def _driver_value(column: str) -> Rule:
    shares = ", ".join("'" + m + "'" for m in _SHARE_METRICS)
    return Rule(f"{column} outside its unit's range (share 0–1, change ≥ −1, seconds ≥ 0)", column,
                f"{column} IS NULL OR CASE WHEN metric IN ({shares}) THEN {column} BETWEEN 0 AND 1 "
                f"WHEN metric = 'trainee_feedback_change' THEN {column} >= -1 ELSE {column} >= 0 END")


DRIVER_FIGURES = Table(
    "driver_figures", False,
    (Column("month", "date"), Column("city_code", "text", True), Column("driver_zh", "text"),
     Column("driver_en", "text"), Column("effect", "text"), Column("metric", "text"),
     Column("before", "double", True), Column("value", "double"), Column("comparison", "text", True),
     Column("source_zh", "text", True), Column("source_en", "text", True)),
    rules=(_known_city(), _first_of_month("month"), _accepted("effect", EVENT_KINDS),
           _accepted("metric", tuple(DRIVER_METRICS)), _accepted("comparison", COMPARISONS),
           _driver_value("before"), _driver_value("value")),
)

# external_benchmarks (optional): figures from outside the company to hold a KPI against, e.g. the industry's
# average first response.
#   kpi                    the KPI, one of BENCHMARK_KPIS, in that KPI's unit (hours, 0–1 shares, points)
#   value                  the benchmark
#   as_of                  the day it applies from; a month uses the latest benchmark of the KPI as of its end
#   source_zh, source_en   where it comes from
EXTERNAL_BENCHMARKS = Table(
    "external_benchmarks", False,
    (Column("kpi", "text"), Column("value", "double"), Column("as_of", "date"), Column("source_zh", "text", True),
     Column("source_en", "text", True)),
    key=("kpi", "as_of"),
    rules=(_accepted("kpi", BENCHMARK_KPIS), Rule("value negative", "value", "value >= 0")),
)

# long_term_plan (optional): the long-term model (三维一循环), one row per item of its grid.
#   adopted_on             the day the plan was adopted; a month shows the latest plan adopted by its end
#   dimension              technology, people, ecosystem (PLAN_DIMENSIONS)
#   horizon                short (6–12 months), medium (1–2 years), long (3+ years) (PLAN_HORIZONS)
#   item                   the item's place within its dimension and horizon, from 1
#   text_zh, text_en       the item
LONG_TERM_PLAN = Table(
    "long_term_plan", False,
    (Column("adopted_on", "date"), Column("dimension", "text"), Column("horizon", "text"), Column("item", "int"),
     Column("text_zh", "text"), Column("text_en", "text")),
    key=("adopted_on", "dimension", "horizon", "item"),
    rules=(_accepted("dimension", PLAN_DIMENSIONS), _accepted("horizon", PLAN_HORIZONS),
           Rule("item below 1", "item", "item >= 1")),
)

# Load order matters: a table's reference rules read the tables loaded before it.
TABLES: tuple[Table, ...] = (CITIES, SURVEY_RESPONSES, TICKETS, CONTACT_CENTER_DAILY, TEAM_MONTHLY, INCIDENTS,
                             EVENTS, INITIATIVES, MILESTONES, CITY_PRACTICES, TEAM_SKILLS, DRIVER_FIGURES,
                             EXTERNAL_BENCHMARKS, LONG_TERM_PLAN)
