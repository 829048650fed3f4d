"""Deterministic demo data for the customer-satisfaction dashboard (export contract v1).

Writes one parquet file per table (cities, survey_responses, tickets, contact_center_daily, team_monthly,
incidents, events, initiatives, milestones, city_practices, team_skills, driver_figures, external_benchmarks,
long_term_plan) for the 21 months 2024-04 .. 2025-12.
Every figure of the March 2025 review (shared/reference/march-2025-review.md) comes out exactly when the
dashboard computes it, and the months after March tell the story of the three-step improvement plan, so every
plan status is measured data.

This module is the machinery that allocates, draws and writes the rows. The story it builds in (every figure,
keyed by month) lives in tools/demo_story.py; what the dashboard defines (index weights, the first-response
rule, code lists) comes from `queries`, never restated here.

Calibration method
------------------
Nothing is fitted after the fact: every target is built in by construction, then rounding is controlled.

* Counts (responses, tickets, complaints, logistics complaints, lost tickets) are split over cities with a
  largest-remainder allocation, so national totals are exact integers.
* Satisfaction. Each month has national dimension means M_d (NATIONAL_DIMENSIONS) and so a national index
  I = sum_d w_d M_d. Each city-month gets a target index I_c: story cities (the five leaders and the bottom
  three, from 2025) are pinned, the other cities take designed offsets plus one common shift that makes the
  response-weighted mean of city indices equal I. A city's dimension means are mu_cd = M_d + (I_c - I) + p_cd,
  where the profile p_c is orthogonal to the index weights (sum_d w_d p_cd = 0), so the city index stays I_c.
  Nulls are drawn first; then each dimension's integer score sum is fixed: pinned cities get
  round(mu_cd * k_cd) (k = non-null count) and the free cities share, by largest remainder, exactly what is
  left of round(M_d * K_d). Scores are drawn per response (a skewed "deficit below 100" with a common
  per-customer factor), rescaled to the target sum, rounded to integers and nudged by +-1 until the sum is
  exact. National means then equal M_d within 0.5 / K_d and pinned city indices within ~0.005.
* First response. For each city-month the number of tickets answered within 2 hours is fixed
  (rate * tickets) and the slow answers are scaled so that the summed delay in seconds is exact, which fixes
  the average first response (the bottom three's pooled March figure is solved through Lanzhou).
* Team shares that are national seat-weighted means (attrition, assistant penetration) are hit by one
  common shift of the non-story cities.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:  # run as a script: python tools/generate_demo_data.py
    sys.path.insert(0, str(REPO_ROOT))

from queries.contract import (  # noqa: E402
    CHANNELS,
    INITIATIVES,
    LOW_SCORE_REASONS,
    PLAN_METRICS,
    PLAN_OUTCOME_KPIS,
    PRIORITIES,
    REGIONS,
    TEAM_SKILLS,
    TICKET_CATEGORIES,
)
from queries.settings import DEFAULT_SETTINGS  # noqa: E402
from tools import demo_story as story  # noqa: E402  (every figure the machinery builds in)
from tools.demo_cities import DEMO_CITIES  # noqa: E402

SEED = 42
DEFAULT_OUT = REPO_ROOT / "data" / "demo"

# ---------------------------------------------------------------------------------------------------------
# Calendar
# ---------------------------------------------------------------------------------------------------------
MONTHS = np.arange(np.datetime64(story.FIRST_MONTH, "M"), np.datetime64(story.LAST_MONTH, "M") + 1)
MONTH_KEYS = tuple(str(m) for m in MONTHS)
NM = len(MONTHS)
EXPORT_END = (np.datetime64(story.LAST_MONTH, "M") + 1).astype("datetime64[s]")  # the export ends with the last month
HOUR = 3600
DAY = 86400

# ---------------------------------------------------------------------------------------------------------
# Cities, and what the dashboard defines (read from `queries`, never restated)
# ---------------------------------------------------------------------------------------------------------
CITY_CODES = tuple(c.city_code for c in DEMO_CITIES)
NC = len(CITY_CODES)
POS = {code: i for i, code in enumerate(CITY_CODES)}
# The index's dimensions and weights, in the settings' order (speed, resolution, attitude, follow_up).
DIMENSIONS = tuple(name.removeprefix("weight_") for name in asdict(DEFAULT_SETTINGS) if name.startswith("weight_"))
INDEX_WEIGHTS = np.array([getattr(DEFAULT_SETTINGS, f"weight_{d}") for d in DIMENSIONS])
FIRST_RESPONSE_SLA_HOURS = DEFAULT_SETTINGS.first_response_sla_hours  # "answered within 2 hours"
REASONS = LOW_SCORE_REASONS
SKILLS = tuple(c.name for c in TEAM_SKILLS.columns if c.kind == "double" and not c.name.endswith("_share"))
LOST_WINDOW_BEFORE = story.LOST_WINDOW_BEFORE_HOURS * HOUR


def check_story() -> None:
    """The story speaks the contract's language: its codes are the ones the dashboard accepts."""
    assert {c.region for c in DEMO_CITIES} <= set(REGIONS)
    assert set(story.CHANNEL_WEIGHTS_BEFORE) == set(story.CHANNEL_WEIGHTS_AFTER) == set(CHANNELS)
    assert set(story.COMPLAINT_CATEGORY_WEIGHTS) | {"logistics", "dialect"} <= set(TICKET_CATEGORIES)
    assert set(story.INQUIRY_CATEGORY_WEIGHTS) <= set(TICKET_CATEGORIES)
    assert set(story.BASE_REASON_WEIGHTS) == set(REASONS) == set(story.COMMENTS)
    assert set(story.DIMENSION_REASON) <= set(REASONS)
    assert len(story.DIMENSION_REASON) == len(DIMENSIONS) == len(story.NULL_RATES) == len(story.SLOW_PROFILE)
    for table in (story.NATIONAL_DIMENSIONS, story.SURVEY_TOTALS, story.TICKET_TOTALS, story.LOGISTICS_COMPLAINTS,
                  story.COMPLAINT_SHARE, story.BOTTOM_TICKET_PROPENSITY):
        assert tuple(table) == MONTH_KEYS, "a table over every month has one key per month, in order"
    for table in (story.BOTTOM_FIRST_RESPONSE, story.DIALECT_COVERAGE, story.SKILL_SHARE, story.LZ_PART_TIME,
                  story.LZ_ATTRITION, story.LZ_TRAINING):
        assert tuple(table) == MONTH_KEYS[month_pos(story.PLAN_START):], "a plan table runs from PLAN_START on"


# ---------------------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------------------
def month_pos(key: str) -> int:
    return MONTH_KEYS.index(key)


def month_first_day(mi: int) -> np.datetime64:
    return MONTHS[mi].astype("datetime64[D]")


def days_in_month(mi: int) -> int:
    return int(((MONTHS[mi] + 1).astype("datetime64[D]") - month_first_day(mi)).astype(int))


def in_month_order(table: dict[str, float]) -> list:
    """The values of a table over every month (check_story: one key per month, in order), as a list."""
    return [table[key] for key in MONTH_KEYS]


def plan_months(table: dict[str, dict[str, float]], code: str) -> list[float]:
    """A city's values in a table of the plan's months (check_story: from PLAN_START to the last month)."""
    return [by_city[code] for by_city in table.values()]


def from_month_on(table: dict[str, float], key: str, default: float = 0.0) -> float:
    """The value a "from this month on" table holds in month `key` (the last key not after it)."""
    values = [value for start, value in table.items() if start <= key]
    return values[-1] if values else default


def city_array(mapping: dict[str, float], default: float = 0.0) -> np.ndarray:
    return np.array([mapping.get(code, default) for code in CITY_CODES], dtype=float)


def group_mask(codes) -> np.ndarray:
    return np.isin(np.array(CITY_CODES), codes)


def group_base(rng: np.random.Generator, figures: dict[str, tuple[float, float] | float]) -> np.ndarray:
    """One value per city: drawn from the "others" range, then from the "leaders" range for the leaders; a city
    code sets that city's value."""
    base = rng.uniform(*figures["others"], NC)
    base[group_mask(story.LEADERS)] = rng.uniform(*figures["leaders"], len(story.LEADERS))
    for code, value in figures.items():
        if code in POS:
            base[POS[code]] = value
    return base


def round_preserving_sum(values: np.ndarray, total: int) -> np.ndarray:
    """Integers that differ from `values` by less than 1 and sum to `total` (largest remainder)."""
    base = np.floor(values).astype(np.int64)
    rest = int(total - base.sum())
    order = np.lexsort((np.arange(len(values)), -(values - base)))
    base[order[:rest]] += 1
    return base


def allocate(total: int, weights) -> np.ndarray:
    weights = np.asarray(weights, dtype=float)
    return round_preserving_sum(total * weights / weights.sum(), total)


def index_of(means) -> float:
    return float(np.dot(INDEX_WEIGHTS, means))


def national_dimensions(mi: int) -> np.ndarray:
    return np.array(story.NATIONAL_DIMENSIONS[MONTH_KEYS[mi]])


def random_times(rng: np.random.Generator, mi: int, n: int) -> np.ndarray:
    """n timestamps (second resolution) spread over the month with a daytime profile."""
    start = month_first_day(mi).astype("datetime64[s]")
    days = rng.integers(0, days_in_month(mi), n)
    shares = np.array(story.HOUR_WEIGHTS)
    hours = rng.choice(24, size=n, p=shares / shares.sum())
    seconds = days * DAY + hours * HOUR + rng.integers(0, HOUR, n)
    return start + seconds.astype("timedelta64[s]")


def month_of(times: np.ndarray) -> np.ndarray:
    """Month position of each timestamp."""
    return (times.astype("datetime64[M]") - MONTHS[0]).astype(int)


def is_set(values: np.ndarray) -> np.ndarray:
    """Element-wise 'is not None' of an object array."""
    return np.array([v is not None for v in values], dtype=bool)


def pick(rng: np.random.Generator, options: tuple | list):
    return options[int(rng.integers(len(options)))]


# ---------------------------------------------------------------------------------------------------------
# Cities
# ---------------------------------------------------------------------------------------------------------
def make_cities() -> pa.Table:
    columns = list(DEMO_CITIES[0]._fields)
    schema = pa.schema([(c, pa.float64() if c in ("lat", "lon") else pa.string()) for c in columns])
    data = {c: [getattr(city, c) for city in DEMO_CITIES] for c in columns}
    return pa.table(data, schema=schema)


# ---------------------------------------------------------------------------------------------------------
# Team state per city and month
# ---------------------------------------------------------------------------------------------------------
def seats_by_month() -> np.ndarray:
    base = city_array(story.DAILY_INQUIRIES) / story.INQUIRIES_PER_SEAT
    bottom = group_mask(story.BOTTOM)
    base[bottom] = city_array(story.DAILY_INQUIRIES)[bottom] / story.BOTTOM_INQUIRIES_PER_SEAT
    growth = 1 + story.SEAT_GROWTH_PER_MONTH * np.arange(NM)
    seats = np.rint(np.outer(growth, base)).astype(np.int64)
    for code in story.BOTTOM:
        c = POS[code]
        march = story.WLMQ_MARCH_SEATS if code == "WLMQ" else int(round(base[c]))
        seats[: month_pos(story.PLAN_START), c] = march
        seats[month_pos(story.PLAN_START):, c] = int(round(march * story.TEMPORARY_SEAT_UPLIFT))
    return seats


def part_time_share_by_month(rng: np.random.Generator) -> np.ndarray:
    base = group_base(rng, story.PART_TIME_SHARE)
    share = np.tile(base, (NM, 1)) + rng.normal(0, 0.005, (NM, NC))
    plan = month_pos(story.PLAN_START)
    share[:plan, POS["LZ"]] = np.linspace(*story.LZ_PART_TIME_BEFORE_PLAN, plan)
    share[plan:, POS["LZ"]] = list(story.LZ_PART_TIME.values())
    for code, end in story.PART_TIME_SHARE_PLAN_END.items():
        share[plan:, POS[code]] = np.linspace(base[POS[code]], end, NM - plan)
    return np.round(np.clip(share, 0, 1), 3)


def dialect_coverage_by_month(rng: np.random.Generator) -> np.ndarray:
    base = rng.uniform(*story.DIALECT_COVERAGE_RANGE, NC)
    base[group_mask(story.LEADERS)] = story.LEADER_DIALECT_COVERAGE
    cover = np.clip(np.tile(base, (NM, 1)) + rng.normal(0, 0.006, (NM, NC)), 0, 1)
    plan = month_pos(story.PLAN_START)
    for code, value in story.DIALECT_COVERAGE_BEFORE_PLAN.items():
        c = POS[code]
        cover[:plan, c] = value - np.linspace(story.DIALECT_COVERAGE_RISE_BEFORE_PLAN, 0, plan)
        cover[plan:, c] = plan_months(story.DIALECT_COVERAGE, code)
    return np.round(cover, 3)


def penetration_by_month(rng: np.random.Generator, seats: np.ndarray) -> np.ndarray:
    """Assistant penetration: leaders pilot from late 2024, national launch in March 2025."""
    march = month_pos(story.MARCH_LAUNCHES)
    pen = np.zeros((NM, NC))
    for code, start in story.PILOT_START.items():
        first = month_pos(start)
        pen[first:march, POS[code]] = np.linspace(*story.PILOT_PENETRATION, march - first)
    others = ~group_mask(story.LEADERS + story.BOTTOM)
    pen[march] = story.LAUNCH_PENETRATION + rng.normal(0, 0.03, NC)
    pen[march] = np.where(others, pen[march], 0.0)
    pen[march] += city_array(story.MARCH_LEADER_PENETRATION) + city_array(story.MARCH_BOTTOM_PENETRATION)
    w = seats[march]
    shift = (story.NATIONAL_MARCH_PENETRATION * w.sum() - (w * pen[march]).sum()) / w[others].sum()
    pen[march, others] += shift
    after = np.arange(1, NM - march)
    gain = story.PENETRATION_MONTHLY_GAIN
    monthly_gain = np.where(group_mask(story.LEADERS), gain["leaders"], gain["others"])
    monthly_gain[group_mask(story.BOTTOM)] = gain["bottom"]
    pen[march + 1:] = pen[march] + np.outer(after, monthly_gain) + rng.normal(0, 0.004, (len(after), NC))
    return np.round(np.clip(pen, 0, 0.95), 4)


def attrition_by_month(rng: np.random.Generator, seats: np.ndarray) -> np.ndarray:
    base = group_base(rng, story.ATTRITION)
    rate = np.tile(base, (NM, 1)) + rng.normal(0, 0.003, (NM, NC))
    march, plan = month_pos(story.REVIEW_MONTH), month_pos(story.PLAN_START)
    rate[:plan, POS["LZ"]] = np.linspace(*story.LZ_ATTRITION_BEFORE_PLAN, plan)
    rate[plan:, POS["LZ"]] = list(story.LZ_ATTRITION.values())
    free = ~group_mask(("LZ",))
    w = seats[march]
    shift = (story.NATIONAL_MARCH_ATTRITION * w.sum() - (w * rate[march]).sum()) / w[free].sum()
    rate[:, free] += shift
    return np.round(rate, 4)


def training_hours_by_month(rng: np.random.Generator) -> np.ndarray:
    base = group_base(rng, story.TRAINING_HOURS)
    base[group_mask(story.BOTTOM)] = story.BOTTOM_TRAINING_HOURS
    hours = np.tile(base, (NM, 1)) + rng.normal(0, 0.6, (NM, NC))
    plan = month_pos(story.PLAN_START)
    for code, (start, end) in story.TRAINING_HOURS_PLAN.items():
        hours[plan:, POS[code]] = np.linspace(start, end, NM - plan)
    lz = POS["LZ"]
    hours[[month_pos(k) for k in story.NO_TRAINING_MONTHS], lz] = 0.0  # review ch.3: no training for 6 months
    hours[plan:, lz] = list(story.LZ_TRAINING.values())
    return np.round(np.clip(hours, 0, None), 1)


def skill_share_by_month(rng: np.random.Generator) -> np.ndarray:
    base = rng.uniform(*story.SKILL_SHARE_RANGE, NC)
    base[group_mask(story.LEADERS)] = story.LEADER_SKILL_SHARE
    share = np.tile(base, (NM, 1)) + np.outer(np.arange(NM), np.full(NC, story.SKILL_SHARE_MONTHLY_GAIN))
    plan = month_pos(story.PLAN_START)
    for code, value in story.SKILL_SHARE_BEFORE_PLAN.items():
        share[:plan, POS[code]] = value
        share[plan:, POS[code]] = plan_months(story.SKILL_SHARE, code)
    return np.round(share, 3)


def triage_by_month() -> np.ndarray:
    triage = np.ones((NM, NC), dtype=bool)
    for code, start in story.TRIAGE_START.items():
        triage[: month_pos(start), POS[code]] = False
    return triage


def make_team_state(rng: np.random.Generator) -> dict[str, np.ndarray]:
    seats = seats_by_month()
    return {
        "seats": seats,
        "part_time_share": part_time_share_by_month(rng),
        "dialect_coverage": dialect_coverage_by_month(rng),
        "assistant_penetration": penetration_by_month(rng, seats),
        "attrition_rate": attrition_by_month(rng, seats),
        "training_hours_per_agent": training_hours_by_month(rng),
        "skill_assessment_share": skill_share_by_month(rng),
        "triage_enabled": triage_by_month(),
    }


def make_team_monthly(team: dict[str, np.ndarray]) -> pa.Table:
    month = np.repeat(MONTHS.astype("datetime64[D]"), NC)
    columns = {"month": pa.array(month, pa.date32()), "city_code": pa.array(list(CITY_CODES) * NM)}
    for name, values in team.items():
        kind = pa.int32() if name == "seats" else pa.bool_() if name == "triage_enabled" else pa.float64()
        columns[name] = pa.array(values.reshape(-1), kind)
    return pa.table(columns)


# ---------------------------------------------------------------------------------------------------------
# Contact centre per city and day
# ---------------------------------------------------------------------------------------------------------
def daily_inquiries(rng: np.random.Generator, days: np.ndarray, month_idx: np.ndarray) -> np.ndarray:
    weekday = (days.astype(int) + 3) % 7  # 1970-01-01 was a Thursday
    season = np.array([story.SEASONAL_INQUIRIES.get(k, 1.0) for k in MONTH_KEYS])[month_idx]
    trend = 1 + story.INQUIRY_GROWTH_PER_MONTH * month_idx
    shape = season * trend * np.array(story.WEEKDAY_INQUIRIES)[weekday]
    noise = rng.normal(1, 0.04, (len(days), NC))
    raw = np.outer(shape, city_array(story.DAILY_INQUIRIES)) * noise
    inquiries = np.clip(np.rint(raw), *story.INQUIRY_RANGE).astype(np.int64)
    march = month_idx == month_pos(story.REVIEW_MONTH)
    c = POS["WLMQ"]
    total = story.WLMQ_MARCH_DAILY_INQUIRIES * int(march.sum())  # review ch.3: 1,200 a day -> 37,200
    inquiries[march, c] = allocate(total, raw[march, c])
    return inquiries


def daily_seats_on_duty(rng: np.random.Generator, days, month_idx, seats: np.ndarray) -> np.ndarray:
    """Seats on duty vary by weekday; each city-month averages exactly its seats."""
    weekday = (days.astype(int) + 3) % 7
    duty = np.zeros((len(days), NC), dtype=np.int64)
    for mi in range(NM):
        rows = month_idx == mi
        weekday_duty = np.array(story.WEEKDAY_DUTY)[weekday[rows]]
        shape = np.outer(weekday_duty, np.ones(NC)) * rng.normal(1, 0.02, (rows.sum(), NC))
        for c in range(NC):
            duty[rows, c] = allocate(seats[mi, c] * int(rows.sum()), shape[:, c])
    return duty


def answered_within_60s_share(team: dict[str, np.ndarray]) -> np.ndarray:
    share = np.full((NM, NC), story.ANSWERED_60S["others"])
    share[:, group_mask(story.LEADERS)] = story.ANSWERED_60S["leaders"]
    bottom = group_mask(story.BOTTOM)
    plan = month_pos(story.PLAN_START)
    share[:plan, bottom] = story.ANSWERED_60S["bottom"]
    share[plan:, bottom] = np.linspace(*story.BOTTOM_ANSWERED_60S_PLAN, NM - plan)[:, None]
    return np.clip(share + story.ANSWERED_60S_PER_PENETRATION * team["assistant_penetration"], 0, 0.97)


def make_contact_center_daily(rng: np.random.Generator, team: dict[str, np.ndarray]) -> pa.Table:
    days = np.arange(month_first_day(0), EXPORT_END.astype("datetime64[D]"))
    month_idx = (days.astype("datetime64[M]") - MONTHS[0]).astype(int)
    inquiries = daily_inquiries(rng, days, month_idx)
    pen = team["assistant_penetration"][month_idx] * rng.normal(1, 0.04, inquiries.shape)
    assistant = np.minimum(np.rint(inquiries * np.clip(pen, 0, 1)), inquiries).astype(np.int64)
    quick = answered_within_60s_share(team)[month_idx] * rng.normal(1, 0.03, inquiries.shape)
    answered = np.minimum(np.rint(inquiries * np.clip(quick, 0, 1)), inquiries).astype(np.int64)
    duty = daily_seats_on_duty(rng, days, month_idx, team["seats"])
    answered_all, seconds_total = inquiry_first_response(inquiries, answered)
    return pa.table({
        "date": pa.array(np.repeat(days, NC), pa.date32()),
        "city_code": pa.array(list(CITY_CODES) * len(days)),
        "inquiries": pa.array(inquiries.reshape(-1), pa.int32()),
        "assistant_handled": pa.array(assistant.reshape(-1), pa.int32()),
        "answered_within_60s": pa.array(answered.reshape(-1), pa.int32()),
        "seats_on_duty": pa.array(duty.reshape(-1), pa.int32()),
        "answered_inquiries": pa.array(answered_all.reshape(-1), pa.int32()),
        "first_response_seconds_total": pa.array(seconds_total.reshape(-1), pa.float64()),
    })


def inquiry_first_response(inquiries: np.ndarray, within_60s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The optional columns answered_inquiries and first_response_seconds_total of a day and city: nearly every
    inquiry answered (98–99.5%), and a mean first response that follows the day's share answered within a minute
    (about 26 s at 80%, 13 s at 95%: 8 s + 90 s × the share answered later). Drawn from a generator of their own,
    so that adding them changed none of the other columns' figures."""
    extra = np.random.default_rng(SEED + 15)
    answered = np.minimum(np.rint(inquiries * extra.uniform(0.98, 0.995, inquiries.shape)), inquiries).astype(np.int64)
    quick = np.divide(within_60s, inquiries, out=np.zeros(inquiries.shape), where=inquiries > 0)
    mean_seconds = (8 + 90 * (1 - quick)) * extra.normal(1, 0.05, inquiries.shape)
    return answered, np.round(answered * np.clip(mean_seconds, 3, None), 1)


# ---------------------------------------------------------------------------------------------------------
# Incidents
# ---------------------------------------------------------------------------------------------------------
def incident_window(incident) -> tuple[np.datetime64, np.datetime64]:
    return np.datetime64(incident[2], "s"), np.datetime64(incident[3], "s")


def make_incidents() -> pa.Table:
    names = ("incident_id", "system", "started_at", "ended_at", "city_code", "tickets_lost", "title_zh",
             "title_en")
    rows = list(zip(*story.INCIDENTS, strict=True))
    columns = {name: pa.array(list(values)) for name, values in zip(names, rows, strict=True)}
    columns["started_at"] = pa.array(np.array(rows[2], "datetime64[us]"), pa.timestamp("us"))
    columns["ended_at"] = pa.array(np.array(rows[3], "datetime64[us]"), pa.timestamp("us"))
    columns["city_code"] = pa.array(list(rows[4]), pa.string())
    columns["tickets_lost"] = pa.array(list(rows[5]), pa.int32())
    return pa.table(columns)


# ---------------------------------------------------------------------------------------------------------
# Tickets
# ---------------------------------------------------------------------------------------------------------
def ticket_counts() -> np.ndarray:
    size = city_array(story.CITY_SIZE)
    counts = np.zeros((NM, NC), dtype=np.int64)
    for mi in range(NM):
        propensity = np.ones(NC)
        propensity[group_mask(story.LEADERS)] = story.LEADER_TICKET_PROPENSITY
        propensity[group_mask(story.BOTTOM)] = story.BOTTOM_TICKET_PROPENSITY[MONTH_KEYS[mi]]
        counts[mi] = allocate(story.TICKET_TOTALS[MONTH_KEYS[mi]], size * propensity)
    return counts


def complaint_counts(tickets: np.ndarray) -> np.ndarray:
    factor = np.where(group_mask(story.BOTTOM), story.BOTTOM_COMPLAINT_FACTOR, 1.0)
    counts = np.rint(tickets * np.outer(in_month_order(story.COMPLAINT_SHARE), factor)).astype(np.int64)
    counts[month_pos(story.REVIEW_MONTH), POS["HHHT"]] = story.HHHT_MARCH_COMPLAINTS
    return np.minimum(counts, tickets)


def fixed_complaint_categories(complaints: np.ndarray) -> list[list[dict[str, int]]]:
    """Exact category counts: national logistics complaints and Hohhot's March dialect share."""
    fixed = [[{} for _ in range(NC)] for _ in range(NM)]
    hhht_march = (month_pos(story.REVIEW_MONTH), POS["HHHT"])
    fixed[hhht_march[0]][hhht_march[1]]["dialect"] = story.HHHT_MARCH_DIALECT_COMPLAINTS
    for mi in range(NM):
        capacity = complaints[mi].astype(float)
        if mi == hhht_march[0]:
            capacity[hhht_march[1]] -= story.HHHT_MARCH_DIALECT_COMPLAINTS
        logistics = allocate(story.LOGISTICS_COMPLAINTS[MONTH_KEYS[mi]], capacity)
        assert (logistics <= capacity).all()
        for c in range(NC):
            fixed[mi][c]["logistics"] = int(logistics[c])
    return fixed


def complaint_category_weights(mi: int, c: int, team) -> dict[str, float]:
    weights = dict(story.COMPLAINT_CATEGORY_WEIGHTS)
    sensitivity = story.DIALECT_SENSITIVITY.get(CITY_CODES[c], story.DEFAULT_DIALECT_SENSITIVITY)
    weights["dialect"] = 0.6 * sensitivity * (1 - team["dialect_coverage"][mi, c])
    weights["attitude"] *= 1 + 2 * team["part_time_share"][mi, c]
    return weights


def ticket_categories(rng, n, n_complaints, fixed, complaint_weights, logistics_factor) -> np.ndarray:
    """Categories of a city-month's tickets: complaints first (fixed counts + random rest), then inquiries."""
    cats = [name for name, k in fixed.items() for _ in range(k)]
    free = {k: v for k, v in complaint_weights.items() if k not in fixed}
    names, weights = list(free), np.array(list(free.values()))
    cats += list(rng.choice(names, size=n_complaints - len(cats), p=weights / weights.sum()))
    inquiry = dict(story.INQUIRY_CATEGORY_WEIGHTS)
    inquiry["logistics"] *= logistics_factor
    names, weights = list(inquiry), np.array(list(inquiry.values()))
    cats += list(rng.choice(names, size=n - n_complaints, p=weights / weights.sum()))
    return np.array(cats, dtype=object)


def ticket_handlers(rng, is_complaint, penetration, part_time_share) -> np.ndarray:
    """Assistant takes a share of the simple cases; part-time agents an exact share of all tickets."""
    n = len(is_complaint)
    handled = np.full(n, "full_time", dtype=object)
    simple = np.flatnonzero(~is_complaint)
    n_assistant = int(round(0.6 * penetration * len(simple)))
    handled[rng.choice(simple, n_assistant, replace=False)] = "assistant"
    people = np.flatnonzero(handled == "full_time")
    n_part = min(int(round(part_time_share * n)), len(people))
    handled[rng.choice(people, n_part, replace=False)] = "part_time"
    return handled


def ticket_priorities(rng, is_complaint, all_high: bool) -> np.ndarray:
    if all_high:  # review ch.3: without intelligent triage every ticket enters the high-priority queue
        return np.full(len(is_complaint), "high", dtype=object)
    levels = np.array(PRIORITIES, dtype=object)  # high, normal, low
    return np.where(is_complaint, rng.choice(levels, len(is_complaint), p=[0.45, 0.45, 0.10]),
                    rng.choice(levels, len(is_complaint), p=[0.15, 0.60, 0.25]))


def ticket_escalations(rng, is_complaint) -> np.ndarray:
    return np.where(is_complaint, rng.choice([1, 2, 3], len(is_complaint), p=[0.6, 0.3, 0.1]),
                    rng.choice([1, 2, 3], len(is_complaint), p=[0.85, 0.12, 0.03]))


def city_month_tickets(rng, mi, c, n, n_complaints, fixed, team) -> dict[str, np.ndarray]:
    is_complaint = np.arange(n) < n_complaints
    logistics_factor = story.LOGISTICS_COMPLAINTS[MONTH_KEYS[mi]] / 140
    categories = ticket_categories(rng, n, n_complaints, fixed, complaint_category_weights(mi, c, team),
                                   logistics_factor)
    order = rng.permutation(n)
    is_complaint, categories = is_complaint[order], categories[order]
    all_high = CITY_CODES[c] in story.BOTTOM and not team["triage_enabled"][mi, c]
    return {
        "city": np.full(n, c),
        "created": random_times(rng, mi, n),
        "category": categories,
        "is_complaint": is_complaint,
        "priority": ticket_priorities(rng, is_complaint, all_high),
        "handled_by": ticket_handlers(rng, is_complaint, team["assistant_penetration"][mi, c],
                                      team["part_time_share"][mi, c]),
        "escalation": ticket_escalations(rng, is_complaint),
    }


def assign_lost_tickets(rng, t: dict[str, np.ndarray]) -> None:
    """Mark tickets open during each outage as lost; they were created shortly before or during it."""
    t["lost"] = np.full(len(t["city"]), None, dtype=object)
    months = month_of(t["created"])
    for incident in story.INCIDENTS:
        start, end = incident_window(incident)
        mi = month_of(np.array([start]))[0]
        in_month = (months == mi) & ~is_set(t["lost"])
        if incident[4] is None:
            per_city = allocate(incident[5], np.bincount(t["city"][in_month], minlength=NC))
        else:
            per_city = np.zeros(NC, dtype=np.int64)
            per_city[POS[incident[4]]] = incident[5]
        for c in np.flatnonzero(per_city):
            rows = rng.choice(np.flatnonzero(in_month & (t["city"] == c)), per_city[c], replace=False)
            t["lost"][rows] = incident[0]
            span = int((end - start).astype(int)) + LOST_WINDOW_BEFORE
            offsets = rng.integers(0, span, len(rows)) - LOST_WINDOW_BEFORE
            t["created"][rows] = start + offsets.astype("timedelta64[s]")


def assign_repeat_complaints(rng, t: dict[str, np.ndarray]) -> None:
    """Some complaints after an outage repeat a lost ticket (二次投诉)."""
    t["repeat_of"] = np.full(len(t["city"]), -1)
    not_lost = ~is_set(t["lost"])
    for incident in story.INCIDENTS:
        _, end = incident_window(incident)
        for lost in np.flatnonzero(t["lost"] == incident[0]):
            if rng.random() >= story.REPEAT_SHARE:
                continue
            candidates = np.flatnonzero(
                (t["city"] == t["city"][lost]) & t["is_complaint"] & not_lost & (t["repeat_of"] < 0)
                & (t["created"] > end) & (t["created"] <= end + np.timedelta64(10 * DAY, "s")))
            if len(candidates):
                t["repeat_of"][rng.choice(candidates)] = lost


def first_response_target(mi: int, c: int) -> tuple[float, float]:
    """(average first response in hours, share of tickets answered within 2 h) for a city-month."""
    code, key = CITY_CODES[c], MONTH_KEYS[mi]
    progress = mi / (NM - 1)
    if code in story.BOTTOM:
        if key in story.BOTTOM_FIRST_RESPONSE:
            return story.BOTTOM_FIRST_RESPONSE[key][code]
        if key == story.REVIEW_MONTH:
            return story.BOTTOM_MARCH_FIRST_RESPONSE[code]
        hours, rate = story.BOTTOM_FIRST_RESPONSE_BEFORE
        return story.BOTTOM_FIRST_RESPONSE_RAMP.get(key, hours + 0.1 * (mi % 4) + 0.1 * story.BOTTOM.index(code)), rate
    if code in story.LEADERS:
        rate, gain = story.LEADER_FIRST_RESPONSE_RATE
        return from_month_on(story.LEADER_FIRST_RESPONSE_HOURS, key), rate + gain * progress
    (hours, hours_gain), (rate, rate_gain) = story.OTHER_FIRST_RESPONSE_HOURS, story.OTHER_FIRST_RESPONSE_RATE
    return hours + hours_gain * progress, rate + rate_gain * progress


def response_delays(rng, n_answered: int, n_fast: int, total_seconds: int) -> np.ndarray:
    """Integer delays (s): n_fast within 2 h, the rest slower, summing exactly to total_seconds."""
    if n_answered == 0:
        return np.zeros(0, dtype=np.int64)
    n_fast = min(n_fast, n_answered - 1) if n_answered > 1 else n_fast
    n_slow = n_answered - n_fast
    sla = int(FIRST_RESPONSE_SLA_HOURS * HOUR)
    fast_mean = min(0.5 * total_seconds / n_answered, 0.9 * HOUR)
    fast = np.clip(rng.gamma(1.5, fast_mean / 1.5, n_fast), 60, sla)
    room = total_seconds - n_slow * (sla + 1 + HOUR // 2)  # slow answers take at least 2.5 h on average
    if fast.sum() > room:
        fast = np.clip(fast * room / fast.sum(), 60, sla)
    fast = np.rint(fast).astype(np.int64)
    if n_slow == 0:
        fast[-1] += total_seconds - fast.sum()
        return fast
    budget = total_seconds - int(fast.sum()) - n_slow * (sla + 1)
    assert budget >= 0, "first-response target infeasible"
    excess = rng.exponential(1.0, n_slow)
    slow = sla + 1 + round_preserving_sum(excess * budget / excess.sum(), budget)
    return rng.permutation(np.concatenate([fast, slow]))


def bottom_march_totals(t, answered) -> dict[int, int]:
    """Total first-response seconds of the bottom three in March; Lanzhou closes the 4.8 h pool."""
    march = month_of(t["created"]) == month_pos(story.REVIEW_MONTH)
    counts = {code: int((march & answered & (t["city"] == POS[code])).sum()) for code in story.BOTTOM}
    pool = int(round(story.BOTTOM_POOLED_MARCH_HOURS * HOUR * sum(counts.values())))
    totals = {POS[code]: int(round(story.BOTTOM_MARCH_FIRST_RESPONSE[code][0] * HOUR * counts[code]))
              for code in ("WLMQ", "HHHT")}
    totals[POS["LZ"]] = pool - sum(totals.values())
    return totals


def assign_first_responses(rng, t: dict[str, np.ndarray]) -> None:
    n = len(t["city"])
    null_rate = np.where(is_set(t["lost"]), story.LOST_NULL_FIRST_RESPONSE_RATE, story.NULL_FIRST_RESPONSE_RATE)
    late = t["created"] >= EXPORT_END - np.timedelta64(12 * HOUR, "s")
    answered = (rng.random(n) >= null_rate) & ~late
    t["first_response"] = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    months = month_of(t["created"])
    march_totals = bottom_march_totals(t, answered)
    for mi in range(NM):
        for c in range(NC):
            rows = np.flatnonzero((months == mi) & (t["city"] == c))
            hours, rate = first_response_target(mi, c)
            rows_answered = rows[answered[rows]]
            if MONTH_KEYS[mi] == story.REVIEW_MONTH and c in march_totals:
                total = march_totals[c]
            else:
                total = int(round(hours * HOUR * len(rows_answered)))
            delays = response_delays(rng, len(rows_answered), int(round(rate * len(rows))), total)
            t["first_response"][rows_answered] = t["created"][rows_answered] + delays.astype("timedelta64[s]")
    t["first_response"][t["first_response"] >= EXPORT_END] = np.datetime64("NaT")


def assign_resolutions(rng, t: dict[str, np.ndarray]) -> None:
    n = len(t["city"])
    hours = rng.lognormal(np.log(np.where(t["is_complaint"], 30.0, 12.0)), 0.8) * t["escalation"]
    resolved = t["first_response"] + (hours * HOUR).astype("timedelta64[s]")
    ends = {inc[0]: incident_window(inc)[1] for inc in story.INCIDENTS}
    for i in np.flatnonzero(is_set(t["lost"])):  # recovered only after the outage
        recovered = ends[t["lost"][i]] + np.timedelta64(int(rng.integers(DAY, 4 * DAY)), "s")
        resolved[i] = max(resolved[i], recovered)
    open_cases = (rng.random(n) < 0.01) | (resolved >= EXPORT_END)
    resolved[open_cases] = np.datetime64("NaT")
    t["resolved"] = resolved


def sort_and_name_tickets(t: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    order = np.lexsort((t["city"], t["created"]))
    old_to_new = np.empty(len(order), dtype=np.int64)
    old_to_new[order] = np.arange(len(order))
    t = {k: v[order] for k, v in t.items()}
    t["repeat_of"] = np.where(t["repeat_of"] >= 0, old_to_new[np.maximum(t["repeat_of"], 0)], -1)
    t["ticket_id"] = monthly_ids(month_of(t["created"]), "T", 5)
    return t


def make_ticket_data(rng: np.random.Generator, team: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    counts = ticket_counts()
    complaints = complaint_counts(counts)
    fixed = fixed_complaint_categories(complaints)
    parts = [city_month_tickets(rng, mi, c, counts[mi, c], complaints[mi, c], fixed[mi][c], team)
             for mi in range(NM) for c in range(NC)]
    t = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    assign_lost_tickets(rng, t)
    assign_repeat_complaints(rng, t)
    assign_first_responses(rng, t)
    assign_resolutions(rng, t)
    return sort_and_name_tickets(t)


def timestamps(values: np.ndarray) -> pa.Array:
    return pa.array(values.astype("datetime64[us]"), pa.timestamp("us"), from_pandas=True)


def make_tickets(t: dict[str, np.ndarray]) -> pa.Table:
    repeat = [t["ticket_id"][r] if r >= 0 else None for r in t["repeat_of"]]
    return pa.table({
        "ticket_id": pa.array(t["ticket_id"], pa.string()),
        "city_code": pa.array(np.array(CITY_CODES, dtype=object)[t["city"]], pa.string()),
        "created_at": timestamps(t["created"]),
        "first_response_at": timestamps(t["first_response"]),
        "resolved_at": timestamps(t["resolved"]),
        "category": pa.array(t["category"], pa.string()),
        "is_complaint": pa.array(t["is_complaint"], pa.bool_()),
        "priority": pa.array(t["priority"], pa.string()),
        "handled_by": pa.array(t["handled_by"], pa.string()),
        "escalation_level": pa.array(t["escalation"], pa.int32()),
        "lost_in_incident": pa.array(t["lost"], pa.string()),
        "repeat_of": pa.array(repeat, pa.string()),
    })


# ---------------------------------------------------------------------------------------------------------
# Satisfaction targets per city and month
# ---------------------------------------------------------------------------------------------------------
def survey_counts(rng: np.random.Generator) -> np.ndarray:
    size = city_array(story.CITY_SIZE)
    counts = np.zeros((NM, NC), dtype=np.int64)
    for mi in range(NM):
        weights = size * rng.uniform(0.95, 1.05, NC)
        total = story.SURVEY_TOTALS[MONTH_KEYS[mi]]
        counts[mi] = story.MIN_RESPONSES + allocate(total - story.MIN_RESPONSES * NC, weights)
    return counts


def period_adjustment(key: str) -> np.ndarray:
    """Story shifts of the free cities' offsets: who led and trailed in December 2024."""
    adjust = np.zeros(NC)
    shifts = (story.DECEMBER_2024_SHIFT if key == story.DECEMBER_2024
              else story.FROM_2025_SHIFT if key >= story.STREAK_MONTHS[0] else ())
    for codes, shift in shifts:
        adjust[group_mask(codes)] += shift
    return adjust


def pinned_city_indices(key: str, national: float) -> dict[int, float]:
    pinned = {}
    if key == story.REVIEW_MONTH:
        pinned.update({POS[code]: value for code, value in story.MARCH_LEADER_INDEX.items()})
    elif key in story.LEADER_OFFSETS:
        offsets = zip(story.LEADERS, story.LEADER_OFFSETS[key], strict=True)
        pinned.update({POS[code]: national + offset for code, offset in offsets})
    if key in story.BOTTOM_INDEX:
        pinned.update({POS[code]: value for code, value in zip(story.BOTTOM, story.BOTTOM_INDEX[key], strict=True)})
    return pinned


def city_index_targets(rng: np.random.Generator, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Target index per city-month and which cities are pinned; weighted mean = national index."""
    targets = np.zeros((NM, NC))
    pinned_mask = np.zeros((NM, NC), dtype=bool)
    base = city_array(story.BASE_INDEX_OFFSET)
    for mi, key in enumerate(MONTH_KEYS):
        national = index_of(national_dimensions(mi))
        streaks = story.DECEMBER_2024 <= key <= story.STREAK_MONTHS[-1]
        sd = story.INDEX_NOISE_SD["streaks" if streaks else "other"]
        values = national + base + period_adjustment(key) + np.clip(rng.normal(0, sd, NC), -2 * sd, 2 * sd)
        for c, value in pinned_city_indices(key, national).items():
            values[c] = value
            pinned_mask[mi, c] = True
        free = ~pinned_mask[mi]
        n = counts[mi]
        values[free] += (national * n.sum() - (n * values).sum()) / n[free].sum()
        targets[mi] = values
    check_rank_gaps(targets)
    return targets, pinned_mask


def check_rank_gaps(targets: np.ndarray) -> None:
    """The story's streaks: leaders top five and bottom three last in Jan-Mar 2025, others in Dec 2024."""
    leaders, bottom = group_mask(story.LEADERS), group_mask(story.BOTTOM)
    for key in story.STREAK_MONTHS:
        values = targets[month_pos(key)]
        others = values[~leaders & ~bottom]
        assert values[leaders].min() - others.max() >= story.MIN_RANK_GAP, key
        assert others.min() - values[bottom].max() >= story.MIN_RANK_GAP, key
    december = np.sort(targets[month_pos(story.DECEMBER_2024)])
    assert targets[month_pos(story.DECEMBER_2024), leaders].max() < december[-5]
    assert targets[month_pos(story.DECEMBER_2024), bottom].min() > december[2]


def dimension_profiles(rng: np.random.Generator) -> np.ndarray:
    """Per city-month dimension offsets p with sum_d w_d p_d = 0 (they never move a city's index)."""
    raw = rng.normal(0, 0.8, (NC, 4))
    raw -= np.outer(raw @ INDEX_WEIGHTS / (INDEX_WEIGHTS @ INDEX_WEIGHTS), INDEX_WEIGHTS)
    profiles = np.tile(raw, (NM, 1, 1))
    for mi, key in enumerate(MONTH_KEYS):
        for code in story.BOTTOM:
            hours = first_response_target(mi, POS[code])[0] or story.BOTTOM_POOLED_MARCH_HOURS
            weakness = np.clip(hours, 1.2, 4.5) / 4.5
            profiles[mi, POS[code]] = np.array(story.SLOW_PROFILE) * weakness
        if key >= story.STREAK_MONTHS[0]:
            profiles[mi, group_mask(story.LEADERS)] = np.array(story.ASSISTANT_PROFILE)
    return profiles


def dimension_sums(mi, city_index, profile, nonnull, pinned) -> np.ndarray:
    """Integer score sums per city and dimension that hit pinned cities and the national means."""
    national = national_dimensions(mi)
    mu = national + (city_index - index_of(national))[:, None] + profile
    sums = np.zeros((NC, 4), dtype=np.int64)
    sums[pinned] = np.rint(mu[pinned] * nonnull[pinned])
    free = ~pinned
    for d in range(4):
        rest = int(round(national[d] * nonnull[:, d].sum())) - int(sums[pinned, d].sum())
        shift = (rest - (mu[free, d] * nonnull[free, d]).sum()) / nonnull[free, d].sum()
        sums[free, d] = round_preserving_sum((mu[free, d] + shift) * nonnull[free, d], rest)
    assert (sums <= 100 * nonnull).all()
    return sums


def integer_scores(rng, deficit: np.ndarray, target_sum: int) -> np.ndarray:
    """Scores 100 - deficit, rescaled and nudged by +-1 so that they are integers summing to target_sum."""
    k = len(deficit)
    deficit = deficit * (100 * k - target_sum) / deficit.sum()
    scores = np.clip(np.rint(100 - deficit), 0, 100)
    diff = int(target_sum - scores.sum())
    while diff:
        step = 1 if diff > 0 else -1
        eligible = np.flatnonzero(scores < 100) if step > 0 else np.flatnonzero(scores > 0)
        chosen = rng.choice(eligible, min(abs(diff), len(eligible)), replace=False)
        scores[chosen] += step
        diff -= step * len(chosen)
    return scores


def city_scores(rng, n: int, sums: np.ndarray, nulls: np.ndarray) -> np.ndarray:
    common = rng.gamma(1.6, 1 / 1.6, n)  # how unhappy this customer is overall
    scores = np.full((n, 4), np.nan)
    for d in range(4):
        ok = ~nulls[:, d]
        deficit = common[ok] * rng.gamma(5.0, 0.2, ok.sum()) + 1e-6
        scores[ok, d] = integer_scores(rng, deficit, int(sums[d]))
    return scores


# ---------------------------------------------------------------------------------------------------------
# Survey responses: reasons and verbatims
# ---------------------------------------------------------------------------------------------------------
def fill(rng, template: str, code: str) -> str:
    return template.format(h=int(rng.integers(3, 7)), n=int(rng.integers(2, 5)), m=int(rng.integers(20, 60)),
                           d=int(rng.integers(3, 10)), place=pick(rng, story.PLACES),
                           lang=story.DIALECT_LANGUAGE.get(code, "本地话"))


def low_comment(rng, reason: str, code: str) -> str:
    text = fill(rng, pick(rng, story.COMMENTS[reason]), code)
    return fill(rng, pick(rng, story.COMMENT_PREFIXES), code) + text + pick(rng, story.COMMENT_SUFFIXES)


def high_comment(rng, mi: int, code: str, penetration: float) -> str:
    options = list(story.POSITIVE_COMMENTS)
    if penetration > 0:
        options += story.ASSISTANT_COMMENTS
    if MONTH_KEYS[mi] >= story.MARCH_LAUNCHES:
        options += story.DEDICATED_AGENT_COMMENTS
    if code == "SZ":
        options.append("线下服务站就在小区旁边，很方便")
    return pick(rng, options)


def reason_weights(mi: int, c: int, team, month_logistics: float) -> np.ndarray:
    code, key = CITY_CODES[c], MONTH_KEYS[mi]
    weights = dict(story.BASE_REASON_WEIGHTS)
    if code in story.BOTTOM:
        hours = first_response_target(mi, c)[0] or story.BOTTOM_POOLED_MARCH_HOURS
        weights["slow_response"] *= 1 + hours
    sensitivity = story.DIALECT_SENSITIVITY.get(code, story.DEFAULT_DIALECT_SENSITIVITY)
    weights["dialect"] = 0.2 + 2.0 * sensitivity * (1 - team["dialect_coverage"][mi, c])
    weights["attitude"] *= 1 + 3 * team["part_time_share"][mi, c]
    weights["logistics"] *= month_logistics
    weights["system_outage"] = story.OUTAGE_REASON_WEIGHT.get(key, weights["system_outage"])
    return np.array([weights[r] for r in REASONS])


def reasons_and_comments(rng, mi, c, scores, lost_link, team) -> tuple[list, list]:
    code = CITY_CODES[c]
    mean = np.nanmean(np.where(np.isnan(scores).all(axis=1)[:, None], 100, scores), axis=1)
    base = reason_weights(mi, c, team, story.LOGISTICS_COMPLAINTS[MONTH_KEYS[mi]] / 150)
    reasons, comments = [None] * len(mean), [None] * len(mean)
    for i in range(len(mean)):
        if mean[i] < story.LOW_SCORE:
            weights = base.copy()
            weakest = int(np.nanargmin(scores[i] - np.nanmean(scores[i])))
            weights[REASONS.index(story.DIMENSION_REASON[weakest])] *= 2.5
            reason = "system_outage" if lost_link[i] else REASONS[rng.choice(8, p=weights / weights.sum())]
            reasons[i] = reason
            if rng.random() < 0.75:
                comments[i] = low_comment(rng, reason, code)
        elif mean[i] >= 90 and rng.random() < 0.33:
            comments[i] = high_comment(rng, mi, code, team["assistant_penetration"][mi, c])
        elif story.LOW_SCORE <= mean[i] < 90 and rng.random() < 0.22:
            comments[i] = pick(rng, story.NEUTRAL_COMMENTS)
    return reasons, comments


def nps_scores(rng, scores: np.ndarray) -> np.ndarray:
    mean = np.nanmean(np.where(np.isnan(scores).all(axis=1)[:, None], 80, scores), axis=1)
    return np.clip(np.rint((mean - 40) / 5.5 + rng.normal(0, 1.0, len(mean))), 0, 10).astype(np.int64)


def link_tickets(rng, city: np.ndarray, submitted: np.ndarray, t: dict[str, np.ndarray]) -> np.ndarray:
    """Index of a ticket of the same city created 1 h .. 14 days before the response, for ~20% of them."""
    link = np.full(len(city), -1)
    chosen = rng.random(len(city)) < story.TICKET_LINK_SHARE
    for c in range(NC):
        tickets = np.flatnonzero(t["city"] == c)  # sorted by created_at
        created = t["created"][tickets]
        rows = np.flatnonzero(chosen & (city == c))
        lo = np.searchsorted(created, submitted[rows] - np.timedelta64(14 * DAY, "s"))
        hi = np.searchsorted(created, submitted[rows] - np.timedelta64(HOUR, "s"))
        ok = hi > lo
        picks = lo[ok] + (rng.random(ok.sum()) * (hi[ok] - lo[ok])).astype(np.int64)
        link[rows[ok]] = tickets[picks]
    return link


def make_response_data(rng, t: dict[str, np.ndarray], team) -> dict[str, np.ndarray]:
    counts = survey_counts(rng)
    targets, pinned = city_index_targets(rng, counts)
    profiles = dimension_profiles(rng)
    parts = []
    for mi in range(NM):
        nulls = [rng.random((counts[mi, c], 4)) < np.array(story.NULL_RATES) for c in range(NC)]
        nonnull = np.array([(~m).sum(axis=0) for m in nulls])
        sums = dimension_sums(mi, targets[mi], profiles[mi], nonnull, pinned[mi])
        for c in range(NC):
            n = counts[mi, c]
            launched = MONTH_KEYS[mi] >= story.MARCH_LAUNCHES
            weights = story.CHANNEL_WEIGHTS_AFTER if launched else story.CHANNEL_WEIGHTS_BEFORE
            channel_p = [weights[channel] for channel in CHANNELS]
            parts.append({
                "city": np.full(n, c), "month": np.full(n, mi),
                "submitted": random_times(rng, mi, n),
                "channel": rng.choice(np.array(CHANNELS, dtype=object), n, p=channel_p),
                "scores": city_scores(rng, n, sums[c], nulls[c]),
            })
    r = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    r["nps"] = nps_scores(rng, r["scores"])
    r["nps_null"] = rng.random(len(r["nps"])) < story.NPS_NULL_RATE
    r["ticket"] = link_tickets(rng, r["city"], r["submitted"], t)
    lost_link = (r["ticket"] >= 0) & is_set(t["lost"][np.maximum(r["ticket"], 0)])
    r["reason"] = np.full(len(r["city"]), None, dtype=object)
    r["comment"] = np.full(len(r["city"]), None, dtype=object)
    for mi in range(NM):
        for c in range(NC):
            rows = np.flatnonzero((r["month"] == mi) & (r["city"] == c))
            reasons, comments = reasons_and_comments(rng, mi, c, r["scores"][rows], lost_link[rows], team)
            r["reason"][rows], r["comment"][rows] = reasons, comments
    return sort_and_name_responses(r)


def monthly_ids(months: np.ndarray, prefix: str, digits: int) -> np.ndarray:
    """Ids numbered from 1 within each month, in row order: e.g. T202503-00001."""
    seq = np.zeros(len(months), dtype=np.int64)
    for mi in range(NM):
        rows = months == mi
        seq[rows] = np.arange(1, rows.sum() + 1)
    return np.array([f"{prefix}{MONTH_KEYS[m].replace('-', '')}-{s:0{digits}d}"
                     for m, s in zip(months, seq, strict=True)], dtype=object)


def sort_and_name_responses(r: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    order = np.lexsort((r["city"], r["submitted"]))
    r = {k: v[order] for k, v in r.items()}
    r["response_id"] = monthly_ids(month_of(r["submitted"]), "R", 6)
    return r


def make_survey_responses(r: dict[str, np.ndarray], t: dict[str, np.ndarray]) -> pa.Table:
    columns = {
        "response_id": pa.array(r["response_id"], pa.string()),
        "city_code": pa.array(np.array(CITY_CODES, dtype=object)[r["city"]], pa.string()),
        "submitted_at": timestamps(r["submitted"]),
        "channel": pa.array(r["channel"], pa.string()),
    }
    for d, name in enumerate(DIMENSIONS):
        columns[name] = pa.array(r["scores"][:, d], pa.float64(), from_pandas=True)
    columns["nps"] = pa.array(r["nps"], pa.int32(), mask=r["nps_null"])
    columns["low_score_reason"] = pa.array(r["reason"], pa.string())
    columns["comment"] = pa.array(r["comment"], pa.string())
    columns["ticket_id"] = pa.array([t["ticket_id"][i] if i >= 0 else None for i in r["ticket"]], pa.string())
    return pa.table(columns)


# ---------------------------------------------------------------------------------------------------------
# Measured March baselines (the plan's starting points are measured, never typed in)
# ---------------------------------------------------------------------------------------------------------
def measured_march_baselines(t, r, team) -> dict[str, float]:
    march = month_pos(story.REVIEW_MONTH)
    t_march = month_of(t["created"]) == march
    r_march = month_of(r["submitted"]) == march
    out = {"complaints": float((t_march & t["is_complaint"]).sum()),
           "index:CN": round(index_of(np.nanmean(r["scores"][r_march], axis=0)), 2)}
    for code in story.BOTTOM:
        rows = t_march & (t["city"] == POS[code]) & ~np.isnat(t["first_response"])
        delay = (t["first_response"][rows] - t["created"][rows]).astype(np.int64) / HOUR
        out[f"first_response:{code}"] = round(float(delay.mean()), 2)
        out[f"dialect:{code}"] = float(team["dialect_coverage"][march, POS[code]])
        out[f"skill:{code}"] = float(team["skill_assessment_share"][march, POS[code]])
        scores = r["scores"][r_march & (r["city"] == POS[code])]
        out[f"index:{code}"] = round(index_of(np.nanmean(scores, axis=0)), 2)
    return out


# ---------------------------------------------------------------------------------------------------------
# The improvement plan: initiatives and milestones (review ch.4-5)
# ---------------------------------------------------------------------------------------------------------
def make_initiatives(base: dict[str, float]) -> pa.Table:
    names = tuple(c.name for c in INITIATIVES.columns)
    types = {"step": pa.int32(), "baseline": pa.float64(), "target": pa.float64(), "promised_change": pa.float64(),
             "start_date": pa.date32(), "due_date": pa.date32()}
    columns = list(zip(*story.initiative_rows(base), strict=True))
    metric, promised_kpi = columns[names.index("metric")], columns[names.index("promised_kpi")]
    assert set(metric) <= set(PLAN_METRICS) and set(promised_kpi) - {None} <= set(PLAN_OUTCOME_KPIS)
    data = {}
    for name, values in zip(names, columns, strict=True):
        if name in ("start_date", "due_date"):
            data[name] = pa.array(np.array(values, "datetime64[D]"), pa.date32())
        else:
            data[name] = pa.array([float(v) if name in ("baseline", "target") else v for v in values],
                                  types.get(name, pa.string()))
    return pa.table(data)


def make_milestones() -> pa.Table:
    initiative, title_zh, title_en, due, done = zip(*story.MILESTONES, strict=True)
    return pa.table({
        "milestone_id": pa.array([f"MS-{i:03d}" for i in range(1, len(story.MILESTONES) + 1)]),
        "initiative_id": pa.array(list(initiative)),
        "title_zh": pa.array(list(title_zh)),
        "title_en": pa.array(list(title_en)),
        "due_date": pa.array(np.array(due, "datetime64[D]"), pa.date32()),
        "done_date": pa.array(np.array([d or "NaT" for d in done], "datetime64[D]"), pa.date32(),
                              from_pandas=True),
    })


# ---------------------------------------------------------------------------------------------------------
# Events: annotations for the trend charts (review ch.1-2 drivers, plan milestones)
# ---------------------------------------------------------------------------------------------------------
def make_events() -> pa.Table:
    date, city, kind, title_zh, title_en = zip(*story.EVENTS, strict=True)
    return pa.table({
        "date": pa.array(np.array(date, "datetime64[D]"), pa.date32()),
        "city_code": pa.array(list(city), pa.string()),
        "kind": pa.array(list(kind)),
        "title_zh": pa.array(list(title_zh)),
        "title_en": pa.array(list(title_en)),
    })


# ---------------------------------------------------------------------------------------------------------
# What the leading cities do differently: practices, certification and assessed skills (review ch.2)
# ---------------------------------------------------------------------------------------------------------
SKILL_SEED = SEED + 1  # its own random stream: adding these tables moves no value of the others


def practice_start(code: str, practice: str) -> str | None:
    return next((start[:7] for c, p, start, _, _ in story.CITY_PRACTICES if (c, p) == (code, practice)), None)


def make_city_practices() -> pa.Table:
    city, practice, started, effect_zh, effect_en = zip(*story.CITY_PRACTICES, strict=True)
    return pa.table({
        "city_code": pa.array(list(city)),
        "practice": pa.array(list(practice)),
        "started_on": pa.array(np.array(started, "datetime64[D]"), pa.date32()),
        "effect_zh": pa.array(list(effect_zh), pa.string()),
        "effect_en": pa.array(list(effect_en), pa.string()),
    })


def group_values(rng: np.random.Generator, ranges: dict[str, tuple[float, float]]) -> np.ndarray:
    values = rng.uniform(*ranges["others"], NC)
    for group, codes in (("leaders", story.LEADERS), ("bottom", story.BOTTOM)):
        values[group_mask(codes)] = rng.uniform(*ranges[group], len(codes))
    return values


def certification_by_month(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Certified and senior-certified shares: leaders well ahead; the bottom three catch up once their
    five-level certification starts (plan step 3); Beijing's senior share grows with each quarterly round."""
    certified = (np.tile(group_values(rng, story.CERTIFIED_RANGES), (NM, 1))
                 + story.CERTIFIED_MONTHLY_GAIN * np.arange(NM)[:, None])
    senior = np.zeros((NM, NC))
    for code in story.BOTTOM:
        c, first = POS[code], month_pos(practice_start(code, "tiered_certification"))
        certified[first:, c] = np.linspace(certified[first, c], story.BOTTOM_CERTIFIED_PLAN_END, NM - first)
        senior[first:, c] = np.linspace(*story.BOTTOM_SENIOR_CERTIFIED_PLAN, NM - first)
    for mi, key in enumerate(MONTH_KEYS):
        senior[mi, POS["BJ"]] = from_month_on(story.BJ_SENIOR_SHARE, key)
    return np.round(np.clip(certified, 0, 0.98), 3), np.round(senior, 3)


def skills_by_month(rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Mean assessment scores per skill: leaders above everyone, the bottom three improving from May 2025."""
    plan_start = month_pos(story.TRAINING_REBUILD_START)
    catch_up = np.clip(np.arange(NM) - plan_start + 1, 0, None) * story.BOTTOM_SKILL_CATCH_UP
    skills = {}
    for skill in SKILLS:
        score = (np.tile(group_values(rng, story.SKILL_RANGES), (NM, 1))
                 + story.SKILL_MONTHLY_GAIN * np.arange(NM)[:, None])
        score += rng.normal(0, 0.3, (NM, NC))
        score[:, group_mask(story.BOTTOM)] += catch_up[:, None]
        for code, strength in story.LEADER_STRENGTH.items():
            if strength == skill:
                score[:, POS[code]] += story.LEADER_STRENGTH_GAIN
        if skill == "emotion_management":
            score[month_pos(story.MARCH_LAUNCHES):] += story.EMPATHY_TRAINING_GAIN
        skills[skill] = np.round(np.clip(score, 0, 100), 1)
    return skills


def make_team_skills() -> pa.Table:
    rng = np.random.default_rng(SKILL_SEED)
    certified, senior = certification_by_month(rng)
    columns = {"month": pa.array(np.repeat(MONTHS.astype("datetime64[D]"), NC), pa.date32()),
               "city_code": pa.array(list(CITY_CODES) * NM),
               "certified_share": pa.array(certified.reshape(-1), pa.float64()),
               "senior_certified_share": pa.array(senior.reshape(-1), pa.float64())}
    for skill, values in skills_by_month(rng).items():
        columns[skill] = pa.array(values.reshape(-1), pa.float64())
    return pa.table(columns)


# ---------------------------------------------------------------------------------------------------------
# What the department reports beside the exports: driver figures, benchmarks, the long-term model
# ---------------------------------------------------------------------------------------------------------
def _dates(values) -> pa.Array:
    return pa.array(np.array(values, "datetime64[D]"), pa.date32())


def make_driver_figures() -> pa.Table:
    rows = [(f"{month}-01", *figure) for month, figures in story.DRIVER_FIGURES.items() for figure in figures]
    month, city, driver_zh, driver_en, effect, metric, before, value, comparison = zip(*rows, strict=True)
    source_zh, source_en = story.REVIEW_SOURCE
    return pa.table({
        "month": _dates(month),
        "city_code": pa.array(list(city), pa.string()),
        "driver_zh": pa.array(list(driver_zh)),
        "driver_en": pa.array(list(driver_en)),
        "effect": pa.array(list(effect)),
        "metric": pa.array(list(metric)),
        "before": pa.array(list(before), pa.float64()),
        "value": pa.array(list(value), pa.float64()),
        "comparison": pa.array(list(comparison), pa.string()),
        "source_zh": pa.array([source_zh] * len(rows)),
        "source_en": pa.array([source_en] * len(rows)),
    })


def make_external_benchmarks() -> pa.Table:
    kpi, value, as_of, source_zh, source_en = zip(*story.EXTERNAL_BENCHMARKS, strict=True)
    return pa.table({"kpi": pa.array(list(kpi)), "value": pa.array(list(value), pa.float64()),
                     "as_of": _dates(as_of), "source_zh": pa.array(list(source_zh)),
                     "source_en": pa.array(list(source_en))})


def make_long_term_plan() -> pa.Table:
    dimension, horizon, text_zh, text_en = zip(*story.LONG_TERM_PLAN, strict=True)
    cells = list(zip(dimension, horizon, strict=True))
    item = [cells[:i].count(cell) + 1 for i, cell in enumerate(cells)]  # order within the cell
    return pa.table({"adopted_on": _dates([story.LONG_TERM_ADOPTED] * len(cells)),
                     "dimension": pa.array(list(dimension)), "horizon": pa.array(list(horizon)),
                     "item": pa.array(item, pa.int64()), "text_zh": pa.array(list(text_zh)),
                     "text_en": pa.array(list(text_en))})


# ---------------------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------------------
def build_tables() -> dict[str, pa.Table]:
    check_story()
    rng = np.random.default_rng(SEED)
    team = make_team_state(rng)
    contact = make_contact_center_daily(rng, team)
    t = make_ticket_data(rng, team)
    r = make_response_data(rng, t, team)
    baselines = measured_march_baselines(t, r, team)
    return {
        "cities": make_cities(),
        "survey_responses": make_survey_responses(r, t),
        "tickets": make_tickets(t),
        "contact_center_daily": contact,
        "team_monthly": make_team_monthly(team),
        "incidents": make_incidents(),
        "events": make_events(),
        "initiatives": make_initiatives(baselines),
        "milestones": make_milestones(),
        "city_practices": make_city_practices(),
        "team_skills": make_team_skills(),
        "driver_figures": make_driver_figures(),
        "external_benchmarks": make_external_benchmarks(),
        "long_term_plan": make_long_term_plan(),
    }


def write_tables(tables: dict[str, pa.Table], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        pq.write_table(table, out / f"{name}.parquet", compression="zstd")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: data/demo)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    tables = build_tables()
    write_tables(tables, args.out)
    rows = ", ".join(f"{name} {table.num_rows}" for name, table in tables.items())
    print(f"wrote {len(tables)} tables to {args.out} in {time.perf_counter() - started:.1f}s: {rows}")


if __name__ == "__main__":
    main()
