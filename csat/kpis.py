"""Every KPI the dashboard shows, defined once: its name, labels, unit and format, which direction is good, and
where its value comes from. Cards, maps, tables, trends and exports all format and colour through these objects.

A KPI whose `source` is "kpi_monthly" is a column of the kpi_monthly building block: the SQL offers it by name in
long form (`kpi_values(selection)`: month, city_code, metric, value) and national_kpis offers it with its
previous-month value and change, so a query selects KPIs by name, never through its own list of columns.
tests/test_kpi_registry.py checks both ways: every such KPI is computed, and every KPI the SQL offers is here.
"""

from dataclasses import dataclass

import pandas as pd

from csat.formats import is_missing, is_zero_text, number, signed
from queries.catalogue import query_info
from queries.contract import PLAN_METRICS
from queries.settings import DEFAULT_SETTINGS

# How a value is written (Kpi.format, which is also its unit): "score" and "nps" one decimal (points); "count"
# and "per_day" thousands separators (cases, a daily mean); "share" a percentage of a 0–1 value; "hours" one
# decimal with a unit; "seconds" whole seconds with a unit.


# Chinese writes large counts in 万 (10⁴) and 亿 (10⁸): 12,345 → "1.2万", 230,000,000 → "2.3亿".
CHINESE_UNITS = ((1e8, "亿"), (1e4, "万"))


def format_count(value: float, lang: str = "en") -> str:
    """A count for reading: thousands separators, or in Chinese 万 / 亿 from ten thousand on."""
    if is_missing(value):
        return "–"
    if lang == "zh":
        for size, unit in CHINESE_UNITS:
            if abs(value) >= size:
                return f"{value / size:.1f}".removesuffix(".0") + unit
    return f"{value:,.0f}"


# Where a KPI's value comes from (Kpi.source): a column of the kpi_monthly building block (offered by name in
# kpi_values and national_kpis), or the one query that computes it.
KPI_MONTHLY = "kpi_monthly"
# The step a change of a KPI is quoted in, by format (Kpi.step): 10 percentage points, one hour, 10 a day, one
# point, one case (the causes page gives a driver's slope per step of the factor).
STEPS = {"share": 0.1, "hours": 1.0, "per_day": 10.0, "score": 1.0, "nps": 1.0, "count": 1.0, "seconds": 10.0}
# The unit written after a value and in an axis title, by format and language (formats absent have none).
UNITS = {"hours": {"zh": "小时", "en": "h"}, "seconds": {"zh": "秒", "en": "s"}}
# The decimals a value is written with, by format (a share's of the fraction: 0.35 is written "35%").
DECIMALS = {"score": 1, "nps": 1, "hours": 1, "share": 2, "count": 0, "per_day": 0, "seconds": 0}
# The d3 format of a chart axis showing a KPI, by format.
AXIS_FORMATS = {"share": "%", "hours": ".1f", "per_day": ",.0f", "seconds": ".0f"}


@dataclass(frozen=True)
class Kpi:
    """A KPI: its name, labels, format (which is also its unit), which direction is good, its weight if it
    is a dimension of the index, and where its value comes from; it labels, formats and colours its values."""

    name: str            # the KPI's name: the kpi_monthly column and kpi_values.metric, or the query's column
    label_zh: str
    label_en: str
    format: str
    higher_is_better: bool | None   # None: neither direction is good or bad (e.g. case volume)
    weight: float | None = None     # the dimension's weight in the satisfaction index, if it is one
    source: str = KPI_MONTHLY       # kpi_monthly (a column of it), or the query that computes the KPI

    @property
    def step(self) -> float:
        return STEPS[self.format]

    def label(self, lang: str) -> str:
        return self.label_zh if lang == "zh" else self.label_en

    def inline_label(self, lang: str) -> str:
        """The label inside an English sentence, lower-case ("response speed"), acronyms kept ("NPS answers");
        Chinese has no case."""
        label = self.label(lang)
        if lang != "en" or label[:2].isupper():
            return label
        return label[0].lower() + label[1:]

    def unit(self, lang: str) -> str | None:
        """The unit written after a value ("h", "小时"), or None where the format carries it or there is none."""
        return UNITS.get(self.format, {}).get(lang)

    def titled(self, lang: str) -> str:
        """The label with its unit, for axis and column titles: "Average first response (h)"."""
        unit = self.unit(lang)
        return f"{self.label(lang)} ({unit})" if unit else self.label(lang)

    @property
    def axis_format(self) -> str:
        """The d3 format of a chart axis showing this KPI."""
        return AXIS_FORMATS.get(self.format, ".0f")

    def format_value(self, value: float | None, lang: str = "en") -> str:
        """The value as the dashboard writes it, with its unit: "83.2", "35%", "1.5 h", "1.2万"; "–" for none."""
        if is_missing(value):
            return "–"
        if self.format in ("count", "per_day"):
            return format_count(value, lang)
        if self.format == "share":
            return number(value, ".0%")
        if self.format == "hours":
            return f"{number(value, '.1f')} {self.unit(lang)}"
        if self.format == "seconds":
            return f"{number(value, '.0f')} {self.unit(lang)}"
        return number(value, ".1f")

    def shown_change(self, delta: float | None, previous: float | None = None,
                     value: float | None = None) -> float | None:
        """The change a reader can check: between the two values as written when both are given (83.24 after
        83.16 is written 83.2 after 83.2: no change), else `delta`; None when unknown."""
        if not is_missing(value) and not is_missing(previous):
            decimals = DECIMALS[self.format]
            return round(round(float(value), decimals) - round(float(previous), decimals), decimals)
        return None if is_missing(delta) else float(delta)

    def format_delta(self, delta: float | None, previous: float | None = None, lang: str = "en",
                     value: float | None = None) -> str | None:
        """The change on the previous period, signed (no sign when it is zero as written); counts also as a
        percentage of the previous value. Given this period's `value` too, the change is the difference of the
        two values as written, so that it never contradicts them."""
        change = self.shown_change(delta, previous, value)
        if change is None:
            return None
        if self.format == "count":
            text = signed(change, ",.0f")
            if not is_missing(previous) and previous != 0 and change != 0:
                text += f" ({signed(change / previous, '.0%')})"
            return text
        if self.format == "share":
            points = ".0f" if not is_missing(value) and not is_missing(previous) else ".1f"
            return f"{signed(change * 100, points)} {'个百分点' if lang == 'zh' else 'pp'}"
        if self.format == "hours":
            return f"{signed(change, '.1f')} {self.unit(lang)}"
        if self.format == "seconds":
            return f"{signed(change, '.0f')} {self.unit(lang)}"
        return signed(change, ".1f")

    def format_deltas(self, frame: pd.DataFrame, lang: str = "en") -> list[str]:
        """format_delta for each row of a frame with the columns NAME, NAME_prev and NAME_delta (city_scores,
        national_kpis); "–" where the change is unknown."""
        return [self.format_delta(delta, previous, lang, value=value) or "–" for delta, previous, value
                in zip(frame[f"{self.name}_delta"], frame[f"{self.name}_prev"], frame[self.name], strict=True)]

    def tone(self, delta: float | None, previous: float | None = None, value: float | None = None) -> str:
        """"good", "bad" or "neutral": the change as written (see format_delta) in the KPI's good direction."""
        change = self.shown_change(delta, previous, value)
        text = self.format_delta(change)
        if change is None or self.higher_is_better is None or text is None or is_zero_text(text):
            return "neutral"
        return "good" if (change > 0) == self.higher_is_better else "bad"

    def delta_color(self) -> str:
        """Streamlit's delta colouring: "normal" when a rise is good (config.toml colours it GOOD blue)."""
        if self.higher_is_better is None:
            return "off"
        return "normal" if self.higher_is_better else "inverse"


INDEX = Kpi("index", "满意度指数", "Satisfaction index", "score", True)
SPEED = Kpi("speed", "服务响应速度", "Response speed", "score", True, weight=DEFAULT_SETTINGS.weight_speed)
RESOLUTION = Kpi("resolution", "问题解决效率", "Resolution efficiency", "score", True,
                 weight=DEFAULT_SETTINGS.weight_resolution)
ATTITUDE = Kpi("attitude", "服务态度", "Service attitude", "score", True, weight=DEFAULT_SETTINGS.weight_attitude)
FOLLOW_UP = Kpi("follow_up", "后续跟进", "Follow-up", "score", True, weight=DEFAULT_SETTINGS.weight_follow_up)
NPS = Kpi("nps", "净推荐值", "Net promoter score", "nps", True)
TICKETS = Kpi("tickets", "客户反馈案例", "Feedback cases", "count", None)
RESPONSES = Kpi("responses", "调查样本量", "Survey responses", "count", None)
NPS_RESPONSES = Kpi("nps_responses", "推荐意愿答卷数", "NPS answers", "count", None)
PROMOTER_SHARE = Kpi("promoter_share", "推荐者占比", "Promoter share", "share", True)
PASSIVE_SHARE = Kpi("passive_share", "中立者占比", "Passive share", "share", None)
DETRACTOR_SHARE = Kpi("detractor_share", "贬损者占比", "Detractor share", "share", False)
COMPLAINTS = Kpi("complaints", "投诉量", "Complaints", "count", False)
LOGISTICS_COMPLAINTS = Kpi("logistics_complaints", "物流投诉", "Logistics complaints", "count", False)
DIALECT_COMPLAINTS = Kpi("dialect_complaints", "方言投诉", "Dialect complaints", "count", False)
LOST_TICKETS = Kpi("lost_tickets", "丢失工单", "Lost tickets", "count", False)
# Counted by the month the repeat was filed (the diagnosis page's outage cards count repeats of an outage's
# lost tickets, whenever filed: a different question with its own label).
REPEAT_TICKETS = Kpi("repeat_tickets", "二次投诉（本月提交）", "Repeat complaints filed this month", "count", False)
AVG_FIRST_RESPONSE = Kpi("avg_first_response_hours", "平均首次响应时长", "Average first response", "hours", False)
P90_FIRST_RESPONSE = Kpi("p90_first_response_hours", "首次响应时长（90分位）", "First response, 90th percentile",
                         "hours", False)
_SLA_HOURS = DEFAULT_SETTINGS.first_response_sla_hours
FIRST_RESPONSE_RATE = Kpi("first_response_rate", f"首次响应率（{_SLA_HOURS:g}小时内）",
                          f"First-response rate (within {_SLA_HOURS:g} h)", "share", True)
INQUIRIES_PER_DAY = Kpi("inquiries_per_day", "日均咨询量", "Inquiries per day", "per_day", None)
INQUIRIES_PER_SEAT = Kpi("inquiries_per_seat_day", "每坐席日均咨询量", "Inquiries per seat per day", "per_day", False)
INQUIRIES = Kpi("inquiries", "咨询量", "Inquiries", "count", None)
SEATS_ON_DUTY = Kpi("seats_on_duty", "日均在岗坐席", "Seats on duty per day", "per_day", None)
ASSISTANT_HANDLED_SHARE = Kpi("assistant_handled_share", "智能客服接待占比", "Share handled by the assistant", "share",
                              True)
ANSWERED_WITHIN_60S = Kpi("answered_within_60s_share", "60秒内接通率", "Answered within 60 s", "share", True)
PART_TIME_TICKET_SHARE = Kpi("part_time_ticket_share", "兼职客服处理工单占比", "Tickets handled part-time", "share",
                             False)
SEATS = Kpi("seats", "坐席数", "Agent seats", "count", True)
PART_TIME_SHARE = Kpi("part_time_share", "兼职客服占比", "Part-time share", "share", False)
DIALECT_COVERAGE = Kpi("dialect_coverage", "方言覆盖率", "Dialect coverage", "share", True)
ASSISTANT_PENETRATION = Kpi("assistant_penetration", "智能客服渗透率", "Assistant penetration", "share", True)
ATTRITION = Kpi("attrition_rate", "人员流失率", "Staff attrition", "share", False)
TRAINING_HOURS = Kpi("training_hours_per_agent", "人均培训时长", "Training hours per agent", "hours", True)
SKILL_ASSESSMENT = Kpi("skill_assessment_share", "服务技能考核占比", "Service-skill share of assessment", "share",
                       True)
TRIAGE = Kpi("triage_share", "智能分级", "Intelligent triage", "share", True)
DIALECT_COMPLAINT_SHARE = Kpi("dialect_complaint_share", "方言投诉占比", "Dialect share of complaints", "share",
                              False)
# The service team's certification and assessed skills (optional export team_skills; skills are 0–100 scores),
# computed by queries/team_matrix.sql.
CERTIFIED_SHARE = Kpi("certified_share", "持证坐席占比", "Certified agents", "share", True, source="team_matrix")
SENIOR_CERTIFIED_SHARE = Kpi("senior_certified_share", "高级认证坐席占比", "Senior-certified agents", "share", True,
                             source="team_matrix")
EMOTION_MANAGEMENT = Kpi("emotion_management", "情绪管理", "Emotion management", "score", True, source="team_matrix")
PRODUCT_KNOWLEDGE = Kpi("product_knowledge", "产品知识", "Product knowledge", "score", True, source="team_matrix")
COMPLEX_PROBLEMS = Kpi("complex_problem_handling", "复杂问题处理", "Complex-problem handling", "score", True,
                       source="team_matrix")
COMMUNICATION = Kpi("communication", "沟通能力", "Communication", "score", True, source="team_matrix")

# The service-team scorecard's KPIs (pages/scorecard.py; the year's targets in scorecard.toml).
CSAT_RESPONSES = Kpi("csat_responses", "满意度评价答卷数", "Responses with every dimension", "count", None)
CSAT_SHARE = Kpi("csat_share", "客户满意率", "Customer satisfaction (CSAT)", "share", True)
ANSWERED_INQUIRIES = Kpi("answered_inquiries", "已应答咨询量", "Answered inquiries", "count", None)
INQUIRY_FIRST_RESPONSE = Kpi("inquiry_first_response_seconds", "咨询平均首次响应时长", "Inquiry first response",
                             "seconds", False)
ESCALATION_SHARE = Kpi("escalation_share", "升级处理占比", "Escalated tickets", "share", False)
COMPLAINT_RESOLUTION = Kpi("complaint_resolution_rate", "投诉解决率", "Complaint resolution rate", "share", True)
COMPLAINT_RESPONSE_24H = Kpi("complaint_response_24h_share", "投诉24小时内首次响应率",
                             "Complaints answered within 24 h", "share", True)
REPEAT_COMPLAINT_SHARE = Kpi("repeat_complaint_share", "二次投诉占比", "Repeat complaints", "share", False)

KPIS: dict[str, Kpi] = {k.name: k for k in (
    INDEX, SPEED, RESOLUTION, ATTITUDE, FOLLOW_UP, NPS, NPS_RESPONSES, PROMOTER_SHARE, PASSIVE_SHARE,
    DETRACTOR_SHARE, TICKETS, RESPONSES, COMPLAINTS, LOGISTICS_COMPLAINTS, DIALECT_COMPLAINTS, LOST_TICKETS,
    REPEAT_TICKETS, AVG_FIRST_RESPONSE, P90_FIRST_RESPONSE, FIRST_RESPONSE_RATE, PART_TIME_TICKET_SHARE, INQUIRIES,
    INQUIRIES_PER_DAY, INQUIRIES_PER_SEAT, SEATS_ON_DUTY, ASSISTANT_HANDLED_SHARE, ANSWERED_WITHIN_60S, SEATS,
    PART_TIME_SHARE, DIALECT_COVERAGE, ASSISTANT_PENETRATION,
    ATTRITION, TRAINING_HOURS, SKILL_ASSESSMENT, TRIAGE, DIALECT_COMPLAINT_SHARE, CERTIFIED_SHARE,
    SENIOR_CERTIFIED_SHARE, EMOTION_MANAGEMENT, PRODUCT_KNOWLEDGE, COMPLEX_PROBLEMS, COMMUNICATION, CSAT_RESPONSES,
    CSAT_SHARE, ANSWERED_INQUIRIES, INQUIRY_FIRST_RESPONSE, ESCALATION_SHARE, COMPLAINT_RESOLUTION,
    COMPLAINT_RESPONSE_24H, REPEAT_COMPLAINT_SHARE)}

DIMENSIONS = (SPEED, RESOLUTION, ATTITUDE, FOLLOW_UP)
# The trends page's choice of KPI (queries/kpi_trend_by_city.sql takes any kpi_monthly KPI by name).
TREND_KPIS = (INDEX, SPEED, RESOLUTION, ATTITUDE, FOLLOW_UP, NPS, AVG_FIRST_RESPONSE)
# The overview's cards, in reading order.
OVERVIEW_CARDS = (INDEX, SPEED, RESOLUTION, ATTITUDE, FOLLOW_UP, NPS, TICKETS, RESPONSES)
# The initiative metrics of the plan (contract: initiatives.metric) → the KPI that measures each, as the export
# contract maps them (queries.contract.PLAN_METRICS; plan_progress.sql reads the same mapping).
PLAN_METRIC_KPIS = {metric: KPIS[name] for metric, name in PLAN_METRICS.items()}

# The improvement plan's own measures (queries/plan_progress.sql): the share of the way from baseline to target
# covered, and the share of an initiative's time (start → due) elapsed.
PLAN_PROGRESS = Kpi("progress", "进度", "Progress", "share", True, source="plan_progress")
PLAN_ELAPSED = Kpi("elapsed", "时间进度", "Time elapsed", "share", None, source="plan_progress")
KPIS.update({k.name: k for k in (PLAN_PROGRESS, PLAN_ELAPSED)})

# The causes page (low-satisfaction diagnosis).
HIGH_PRIORITY_SHARE = Kpi("high_priority_share", "高优先级工单占比", "High-priority ticket share", "share", False)
KPIS[HIGH_PRIORITY_SHARE.name] = HIGH_PRIORITY_SHARE
# The diagnosis table, in reading order: the team's size as context (not compared: the nation's is a total),
# then the figures compared with the nation and the best city.
DIAGNOSIS_CONTEXT = (SEATS, INQUIRIES_PER_DAY)
DIAGNOSIS_COMPARED = (INQUIRIES_PER_SEAT, AVG_FIRST_RESPONSE, P90_FIRST_RESPONSE, FIRST_RESPONSE_RATE,
                      PART_TIME_SHARE, TRIAGE, HIGH_PRIORITY_SHARE, DIALECT_COVERAGE, DIALECT_COMPLAINT_SHARE,
                      TRAINING_HOURS, ATTRITION)
DIAGNOSIS_KPIS = DIAGNOSIS_CONTEXT + DIAGNOSIS_COMPARED  # what queries/diagnosis.sql is asked for


def names(kpis: tuple[Kpi, ...]) -> list[str]:
    """The KPIs' names, for a query's `names` parameter (e.g. diagnosis's metrics)."""
    return [kpi.name for kpi in kpis]


# The causes page's drivers, (factor, outcome): each team factor against the index, and dialect coverage against
# dialect complaints — listed once, as the default pairs of queries/driver_relationships.sql (its parameters
# factors and outcomes), and read from there.
_DRIVER_DEFAULTS = {p.name: p.default.split(",") for p in query_info("driver_relationships").parameters
                    if p.name in ("factors", "outcomes")}
DRIVER_PAIRS = tuple((KPIS[factor], KPIS[outcome])
                     for factor, outcome in zip(_DRIVER_DEFAULTS["factors"], _DRIVER_DEFAULTS["outcomes"], strict=True))
DRIVER_FACTORS = tuple(factor for factor, _ in DRIVER_PAIRS)
DRIVER_OUTCOMES = tuple(outcome for _, outcome in DRIVER_PAIRS)


# The service-team scorecard (pages/scorecard.py): the balanced scorecard's perspectives and their KPIs, in reading
# order (the finance perspective is not the service team's). Every one is a kpi_monthly column, so
# queries/scorecard_actuals.sql reads it by name.
SCORECARD_PERSPECTIVES: dict[str, tuple[Kpi, ...]] = {
    "customer": (CSAT_SHARE, NPS),
    "process": (INQUIRY_FIRST_RESPONSE, ANSWERED_WITHIN_60S, COMPLAINT_RESOLUTION, COMPLAINT_RESPONSE_24H,
                ESCALATION_SHARE, REPEAT_COMPLAINT_SHARE),
    "learning": (TRAINING_HOURS, SKILL_ASSESSMENT, ATTRITION),
}
SCORECARD_KPIS = tuple(kpi for group in SCORECARD_PERSPECTIVES.values() for kpi in group)
# What each scorecard KPI's monthly value is a ratio over (its denominator, a kpi_monthly count): the year to date
# is Σ(value × count) / Σ count over its months, which is the ratio of the period's own sums — NPS over its answers,
# the complaint shares over complaints, the team's figures over seats (as team_state_monthly weights cities).
SCORECARD_POOLED_OVER: dict[str, Kpi] = {
    CSAT_SHARE.name: CSAT_RESPONSES, NPS.name: NPS_RESPONSES, INQUIRY_FIRST_RESPONSE.name: ANSWERED_INQUIRIES,
    ANSWERED_WITHIN_60S.name: INQUIRIES, COMPLAINT_RESOLUTION.name: COMPLAINTS,
    COMPLAINT_RESPONSE_24H.name: COMPLAINTS, ESCALATION_SHARE.name: TICKETS, REPEAT_COMPLAINT_SHARE.name: COMPLAINTS,
    TRAINING_HOURS.name: SEATS, SKILL_ASSESSMENT.name: SEATS, ATTRITION.name: SEATS,
}
# The capability model's five areas (能力模型) → the assessed skill of the team_skills export that measures each
# (None: the exports carry no assessment of it). Read from queries/team_matrix.sql with certification.
CAPABILITY_AREAS: dict[str, Kpi | None] = {
    "professional_knowledge": PRODUCT_KNOWLEDGE,
    "service_process": COMPLEX_PROBLEMS,
    "adaptability": EMOTION_MANAGEMENT,
    "digital_literacy": None,
    "communication": COMMUNICATION,
}
