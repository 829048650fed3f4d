"""Deterministic demo data for the customer-satisfaction dashboard (export contract v1).

Writes one parquet file per table (cities, survey_responses, tickets, contact_center_daily, team_monthly,
incidents, events, initiatives, milestones, city_practices, team_skills) for the 21 months 2024-04 .. 2025-12.
Every figure of the March 2025 review (shared/reference/march-2025-review.md) comes out exactly when the
dashboard computes it, and the months after March tell the story of the three-step improvement plan, so every
plan status is measured data.

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
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

try:
    from tools.demo_cities import DEMO_CITIES
except ModuleNotFoundError:  # run as a script: python tools/generate_demo_data.py
    from demo_cities import DEMO_CITIES

SEED = 42
REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO_ROOT / "data" / "demo"

# ---------------------------------------------------------------------------------------------------------
# Calendar
# ---------------------------------------------------------------------------------------------------------
MONTHS = np.arange(np.datetime64("2024-04", "M"), np.datetime64("2026-01", "M"))
MONTH_KEYS = tuple(str(m) for m in MONTHS)
NM = len(MONTHS)
EXPORT_END = np.datetime64("2026-01-01T00:00:00", "s")
HOUR = 3600
DAY = 86400
# Relative share of contacts per hour of the day (Asia/Shanghai local time).
HOUR_WEIGHTS = np.array([1, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 2.5, 4.5, 6, 6.5, 6.5,
                         5.5, 6, 6.5, 6.5, 6, 5.5, 5, 5, 4.5, 4, 3, 2])

# ---------------------------------------------------------------------------------------------------------
# Cities and groups
# ---------------------------------------------------------------------------------------------------------
CITY_CODES = tuple(c.city_code for c in DEMO_CITIES)
NC = len(CITY_CODES)
POS = {code: i for i, code in enumerate(CITY_CODES)}
LEADERS = ("BJ", "SH", "SZ", "HZ", "GZ")  # review ch.2: top five, three months in a row
BOTTOM = ("WLMQ", "LZ", "HHHT")  # review ch.3: bottom three, three months in a row
DEC_2024_LEADERS = ("CD", "NJ", "SUZ", "XM", "QD")  # led in Dec 2024, so the leaders' streak starts in Jan
DEC_2024_LAGGARDS = ("GY", "NN", "TY")  # trailed in Dec 2024, so the bottom streak starts in Jan

# Relative city size: survey sample and ticket volume scale with it.
CITY_SIZE = {
    "BJ": 10, "SH": 10, "SZ": 8, "HZ": 6, "GZ": 8, "WLMQ": 1.6, "LZ": 1.8, "HHHT": 1.5, "TJ": 5, "CQ": 7,
    "CD": 7, "WH": 6, "NJ": 5, "SUZ": 5, "XA": 5, "CS": 4, "ZZ": 4.5, "QD": 4, "JN": 3.5, "SY": 3.5,
    "DL": 3, "HEB": 3, "CC": 2.5, "XM": 3, "FZ": 3, "HF": 3.5, "NC": 2.5, "KM": 3, "GY": 2, "NN": 2.5,
    "TY": 2, "SJZ": 2.5,
}
# Average daily inquiries in 2024 (contact centre); review ch.3: Urumqi ~1,200 a day in March 2025.
DAILY_INQUIRIES = {
    "BJ": 6900, "SH": 6700, "SZ": 5600, "HZ": 4400, "GZ": 5800, "WLMQ": 1150, "LZ": 1300, "HHHT": 1050,
    "TJ": 3600, "CQ": 4900, "CD": 5100, "WH": 4300, "NJ": 3700, "SUZ": 3600, "XA": 3500, "CS": 3000,
    "ZZ": 3300, "QD": 2900, "JN": 2500, "SY": 2400, "DL": 2100, "HEB": 2100, "CC": 1800, "XM": 2000,
    "FZ": 2000, "HF": 2500, "NC": 1800, "KM": 2000, "GY": 1500, "NN": 1700, "TY": 1400, "SJZ": 1700,
}
INQUIRIES_PER_SEAT = 50  # ordinary staffing: seats = daily inquiries / 50
BOTTOM_INQUIRIES_PER_SEAT = 57.5  # the bottom three are short-staffed (Urumqi: 20 seats for 1,200 a day)
# Base index offset of each city from the national index (before the common shift), 2024 character.
BASE_INDEX_OFFSET = {
    "BJ": 2.6, "SH": 2.4, "SZ": 2.1, "HZ": 2.0, "GZ": 1.8, "WLMQ": -2.3, "LZ": -2.5, "HHHT": -2.2,
    "TJ": 0.8, "CQ": 0.2, "CD": 2.2, "WH": 0.5, "NJ": 2.0, "SUZ": 2.3, "XA": -0.3, "CS": 0.6, "ZZ": -0.5,
    "QD": 1.7, "JN": 0.1, "SY": -0.8, "DL": 0.3, "HEB": -1.0, "CC": -1.2, "XM": 1.9, "FZ": 0.4, "HF": 0.7,
    "NC": -0.6, "KM": -0.9, "GY": -2.6, "NN": -2.4, "TY": -2.5, "SJZ": -1.1,
}
# Language an agent needs for the dialect comments and how strongly dialect drives complaints.
DIALECT_LANGUAGE = {"WLMQ": "维吾尔语", "HHHT": "蒙古语", "LZ": "兰州话", "GZ": "粤语", "SZ": "粤语",
                    "SH": "上海话", "NN": "粤语", "CD": "四川话", "CQ": "重庆话"}
DIALECT_SENSITIVITY = {"HHHT": 9.0, "WLMQ": 5.0, "LZ": 3.0}
DEFAULT_DIALECT_SENSITIVITY = 0.5

# ---------------------------------------------------------------------------------------------------------
# Satisfaction targets
# ---------------------------------------------------------------------------------------------------------
DIMENSIONS = ("speed", "resolution", "attitude", "follow_up")
INDEX_WEIGHTS = np.array([0.30, 0.40, 0.20, 0.10])  # review ch.1: 30/40/20/10
NULL_RATES = np.array([0.01, 0.01, 0.01, 0.03])  # ~1% nulls, ~3% for follow-up
NPS_NULL_RATE = 0.05
# National dimension means per month (speed, resolution, attitude, follow_up).
# review ch.1: March 89.2 / 85.7 / 90.5 / 82.4 (index 87.38); February speed 84.0 (+5.2), resolution 87.0
# (-1.3), attitude 90.4 (stable); follow-up the weak dimension. After March the plan lifts the index past 90.
NATIONAL_DIMENSIONS = {
    "2024-04": (83.2, 86.6, 90.1, 81.4), "2024-05": (83.4, 86.7, 90.0, 81.6),
    "2024-06": (83.1, 86.9, 90.2, 81.5), "2024-07": (83.6, 86.8, 90.3, 81.8),
    "2024-08": (82.7, 86.4, 90.0, 81.3), "2024-09": (83.5, 86.9, 90.2, 81.7),
    "2024-10": (83.8, 87.0, 90.3, 81.9), "2024-11": (83.7, 87.1, 90.4, 82.0),
    "2024-12": (83.9, 87.0, 90.3, 82.1), "2025-01": (84.1, 87.1, 90.4, 82.0),
    "2025-02": (84.0, 87.0, 90.4, 82.2), "2025-03": (89.2, 85.7, 90.5, 82.4),
    "2025-04": (89.0, 85.9, 90.4, 82.5), "2025-05": (89.4, 86.4, 90.6, 82.9),
    "2025-06": (89.8, 86.9, 90.8, 83.3), "2025-07": (90.1, 87.4, 91.0, 83.8),
    "2025-08": (90.3, 87.8, 91.1, 84.2), "2025-09": (90.6, 88.3, 91.3, 84.7),
    "2025-10": (90.9, 88.8, 91.5, 85.2), "2025-11": (91.2, 89.4, 91.7, 86.0),
    "2025-12": (91.5, 89.8, 91.9, 86.3),
}
# review ch.2: March 2025 leader scores (absolute).
MARCH_LEADER_INDEX = {"BJ": 92.1, "SH": 91.5, "SZ": 90.8, "HZ": 90.2, "GZ": 89.7}
# Leaders' offsets above the national index in the other 2025 months (some reshuffling after March).
LEADER_OFFSETS = {  # BJ, SH, SZ, HZ, GZ
    "2025-01": (4.4, 3.9, 3.4, 2.9, 2.5), "2025-02": (4.6, 4.1, 3.3, 3.0, 2.6),
    "2025-04": (4.4, 4.0, 3.3, 2.9, 2.6), "2025-05": (4.0, 4.2, 3.4, 2.8, 2.7),
    "2025-06": (3.9, 4.3, 3.6, 2.7, 2.9), "2025-07": (3.7, 4.1, 3.9, 2.9, 3.0),
    "2025-08": (3.8, 3.9, 4.0, 3.1, 2.8), "2025-09": (3.9, 3.7, 3.8, 3.2, 3.0),
    "2025-10": (3.8, 3.5, 3.6, 3.4, 3.1), "2025-11": (3.6, 3.4, 3.5, 3.3, 3.2),
    "2025-12": (3.5, 3.6, 3.3, 3.4, 3.1),
}
# Bottom three absolute index (WLMQ, LZ, HHHT). review ch.3: March 83.2 / 82.9 / 82.5, bottom since January;
# "April may fall below 80" -> dip toward 80, then the plan: Urumqi >= 88 from October, Hohhot >= 88 in
# December, Lanzhou misses 88 (86.9).
BOTTOM_INDEX = {
    # Sliding every month since October 2024 (the review's red triangle: "April may fall below 80").
    "2024-10": (84.4, 84.1, 84.0), "2024-11": (84.1, 83.8, 83.7), "2024-12": (83.8, 83.5, 83.4),
    "2025-01": (83.5, 83.2, 83.0), "2025-02": (83.3, 83.0, 82.7), "2025-03": (83.2, 82.9, 82.5),
    "2025-04": (81.2, 80.6, 80.3), "2025-05": (82.6, 81.3, 81.5), "2025-06": (84.1, 82.1, 82.8),
    "2025-07": (85.3, 83.0, 84.0), "2025-08": (86.2, 83.8, 85.1), "2025-09": (87.1, 84.7, 86.2),
    "2025-10": (88.1, 85.5, 86.9), "2025-11": (88.5, 86.3, 87.6), "2025-12": (89.0, 86.9, 88.3),
}
# Dimension profiles (orthogonal to INDEX_WEIGHTS): bottom three weak on speed; leaders strong on speed
# once their intelligent assistant runs (review ch.2), weaker on follow-up.
SLOW_PROFILE = np.array([-3.0, 1.0, 1.5, 2.0])
ASSISTANT_PROFILE = np.array([1.0, 0.0, -0.5, -2.0])
MIN_RANK_GAP = 0.3  # gap kept between rank 5/6 and 29/30 in Jan-Mar 2025

# Survey sample per month. review ch.1: March 2025 sample 5,842.
SURVEY_TOTALS = (5210, 5340, 5620, 5150, 5480, 5290, 5430, 6120, 5560, 5080, 5370, 5842,
                 6010, 5870, 5760, 5690, 5580, 5640, 5720, 6380, 5930)
MIN_RESPONSES = 60  # every city has at least 60 responses a month
TICKET_LINK_SHARE = 0.21  # ~20% of responses follow a ticket
CHANNELS = ("phone", "chat", "app", "email", "social")
CHANNEL_WEIGHTS_BEFORE = (0.38, 0.24, 0.18, 0.05, 0.15)
CHANNEL_WEIGHTS_AFTER = (0.28, 0.30, 0.25, 0.04, 0.13)  # assistant launch moves contacts to chat/app
LOW_SCORE = 70  # a response whose mean score is below this carries a low_score_reason

# ---------------------------------------------------------------------------------------------------------
# Ticket targets
# ---------------------------------------------------------------------------------------------------------
# Tickets per month. review ch.1: March 2025 1,245 cases, +12% on February (1,112).
TICKET_TOTALS = (1050, 1080, 1160, 1040, 1120, 1030, 1060, 1210, 1090, 1010, 1112, 1245,
                 1290, 1220, 1180, 1150, 1100, 1080, 1060, 1140, 1030)
# National logistics complaints. review ch.1: supply-chain delays, logistics complaints +40% (200 -> 280).
LOGISTICS_COMPLAINTS = (128, 134, 158, 126, 139, 124, 131, 176, 141, 152, 200, 280,
                        262, 214, 187, 168, 151, 140, 133, 158, 126)
# Share of tickets that are complaints, by month (the fast lane brings it down, far from -80%).
COMPLAINT_SHARE = (0.48, 0.48, 0.50, 0.47, 0.50, 0.47, 0.48, 0.52, 0.49, 0.50, 0.54, 0.58,
                   0.56, 0.52, 0.50, 0.48, 0.47, 0.46, 0.45, 0.46, 0.44)
# Ticket volume per size unit of the bottom three (more cases while response is slow).
BOTTOM_TICKET_PROPENSITY = (2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.1, 2.2, 2.3, 2.6, 2.8, 3.0,
                            3.1, 2.7, 2.4, 2.1, 1.9, 1.7, 1.6, 1.5, 1.4)
LEADER_TICKET_PROPENSITY = 0.8
BOTTOM_COMPLAINT_FACTOR = 1.12
HHHT_MARCH_COMPLAINTS = 25  # review ch.3: "could not understand" is 32% of Hohhot's complaints
HHHT_MARCH_DIALECT_COMPLAINTS = 8  # 8 / 25 = 32%
COMPLAINT_CATEGORY_WEIGHTS = {"product": 2.0, "billing": 1.5, "account": 0.8, "technical": 1.2,
                              "attitude": 0.8, "other": 0.8}
INQUIRY_CATEGORY_WEIGHTS = {"logistics": 2.5, "product": 2.5, "billing": 1.5, "account": 1.5,
                            "technical": 1.5, "dialect": 0.1, "attitude": 0.1, "other": 1.0}
FIRST_RESPONSE_SLA_HOURS = 2.0
# review ch.3: bottom three average first response 4.8 h in March (pooled); Urumqi and Hohhot set here,
# Lanzhou solved so that the pool is exact. First-response rates: Lanzhou under 60%.
BOTTOM_POOLED_MARCH_HOURS = 4.8
BOTTOM_MARCH_FIRST_RESPONSE = {"WLMQ": (4.6, 0.50), "LZ": (None, 0.55), "HHHT": (4.5, 0.52)}
# Step 1 results (avg hours, rate): Urumqi < 2 h in June (on time), Hohhot in July, Lanzhou in September.
BOTTOM_FIRST_RESPONSE_AFTER = {
    "WLMQ": ((3.4, 0.60), (2.6, 0.68), (1.8, 0.78), (1.6, 0.80), (1.5, 0.82), (1.4, 0.83), (1.3, 0.85),
             (1.3, 0.85), (1.2, 0.86)),
    "LZ": ((4.9, 0.57), (4.1, 0.60), (3.3, 0.65), (2.7, 0.70), (2.2, 0.74), (1.9, 0.77), (1.7, 0.80),
           (1.6, 0.81), (1.5, 0.82)),
    "HHHT": ((3.8, 0.57), (3.0, 0.63), (2.4, 0.70), (1.9, 0.76), (1.7, 0.79), (1.5, 0.81), (1.4, 0.83),
             (1.4, 0.84), (1.3, 0.85)),
}
NULL_FIRST_RESPONSE_RATE = 0.02
LOST_NULL_FIRST_RESPONSE_RATE = 0.25
REPEAT_SHARE = 0.3  # share of lost tickets followed by a repeat complaint (二次投诉)
LOST_WINDOW_BEFORE = 54 * HOUR  # tickets open up to this long before an outage can be lost

# ---------------------------------------------------------------------------------------------------------
# Incidents, team and contact-centre targets
# ---------------------------------------------------------------------------------------------------------
# review ch.1/3: three CRM outages in March 2025, 237 tickets lost (96 + 63 + 78).
INCIDENTS = (
    ("INC-2024-08-01", "telephony", "2024-08-13T10:05", "2024-08-13T15:40", None, 18,
     "电话系统故障，全国来电中断", "Telephony outage, calls down nationwide"),
    ("INC-2024-11-01", "network", "2024-11-12T21:30", "2024-11-13T01:10", "CD", 9,
     "成都机房网络中断", "Chengdu data-centre network outage"),
    ("INC-2025-03-01", "CRM", "2025-03-06T14:10", "2025-03-06T17:45", None, 96,
     "CRM系统宕机（第1次）", "CRM outage (1st)"),
    ("INC-2025-03-02", "CRM", "2025-03-14T09:20", "2025-03-14T11:05", None, 63,
     "CRM系统宕机（第2次）", "CRM outage (2nd)"),
    ("INC-2025-03-03", "CRM", "2025-03-25T19:30", "2025-03-25T23:50", None, 78,
     "CRM系统宕机（第3次）", "CRM outage (3rd)"),
    ("INC-2025-07-01", "CRM", "2025-07-17T08:40", "2025-07-17T12:15", None, 41,
     "CRM数据库故障", "CRM database failure"),
)
WLMQ_MARCH_SEATS = 20  # review ch.3: Urumqi 20 seats
WLMQ_MARCH_DAILY_INQUIRIES = 1200  # review ch.3: 1,200 inquiries a day
TEMPORARY_SEAT_UPLIFT = 1.4  # review ch.4: +40% temporary seats (from April 2025)
NATIONAL_MARCH_ATTRITION = 0.08  # review ch.3: national attrition 8%
NATIONAL_MARCH_PENETRATION = 0.45  # review ch.2: national assistant penetration 45%, leaders above 60%
MARCH_LEADER_PENETRATION = {"BJ": 0.68, "SH": 0.66, "SZ": 0.64, "HZ": 0.62, "GZ": 0.63}
MARCH_BOTTOM_PENETRATION = {"WLMQ": 0.24, "LZ": 0.22, "HHHT": 0.26}
# Months the leaders piloted the assistant before the national launch (review ch.2: tools).
PILOT_START = {"BJ": "2024-09", "SH": "2024-10", "SZ": "2024-11", "HZ": "2025-01", "GZ": "2025-01"}
TRIAGE_START = {"WLMQ": "2025-05", "HHHT": "2025-06", "LZ": "2025-06"}  # step 1: triage May-June
# Lanzhou (review ch.3): 50% part-time, attrition 18%, no systematic training for six months.
LZ_PART_TIME_AFTER = (0.47, 0.42, 0.38, 0.35, 0.33, 0.31, 0.30, 0.29, 0.28)
LZ_ATTRITION_AFTER = (0.17, 0.16, 0.15, 0.14, 0.13, 0.13, 0.12, 0.12, 0.11)
LZ_TRAINING_AFTER = (2.0, 6.0, 9.0, 11.0, 12.0, 12.5, 13.0, 13.0, 13.5)
NO_TRAINING_MONTHS = ("2024-10", "2024-11", "2024-12", "2025-01", "2025-02", "2025-03")
# Step 2 dialect coverage, Apr-Dec 2025 (March: Urumqi 15%, Hohhot under 40%, review ch.3).
DIALECT_COVERAGE_MARCH = {"WLMQ": 0.15, "LZ": 0.46, "HHHT": 0.38}
DIALECT_COVERAGE_AFTER = {
    "WLMQ": (0.16, 0.20, 0.26, 0.33, 0.40, 0.47, 0.54, 0.61, 0.68),  # 0.68 by Dec: missed
    "LZ": (0.47, 0.51, 0.56, 0.61, 0.66, 0.71, 0.76, 0.80, 0.82),  # 0.80 in Nov: late
    "HHHT": (0.40, 0.46, 0.55, 0.64, 0.73, 0.82, 0.84, 0.85, 0.86),  # 0.82 in Sep: achieved
}
# Step 3 service-skill share of assessment, Apr-Dec 2025 (baseline ~0.25, target 0.50).
SKILL_SHARE_MARCH = {"WLMQ": 0.25, "LZ": 0.22, "HHHT": 0.26}
SKILL_SHARE_AFTER = {
    "WLMQ": (0.25, 0.28, 0.32, 0.36, 0.40, 0.44, 0.47, 0.50, 0.52),
    "LZ": (0.22, 0.24, 0.27, 0.30, 0.33, 0.36, 0.39, 0.42, 0.44),
    "HHHT": (0.26, 0.29, 0.33, 0.37, 0.41, 0.44, 0.47, 0.50, 0.51),
}
SEASONAL_INQUIRIES = {"2024-06": 1.06, "2024-11": 1.12, "2025-02": 0.92, "2025-03": 1.04,
                      "2025-06": 1.06, "2025-11": 1.12}
WEEKDAY_INQUIRIES = np.array([1.08, 1.05, 1.03, 1.02, 1.00, 0.90, 0.86])  # Mon..Sun
WEEKDAY_DUTY = np.array([1.04, 1.04, 1.03, 1.03, 1.02, 0.92, 0.90])
INQUIRY_RANGE = (800, 9000)


# ---------------------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------------------
def month_pos(key: str) -> int:
    return MONTH_KEYS.index(key)


def month_first_day(mi: int) -> np.datetime64:
    return MONTHS[mi].astype("datetime64[D]")


def days_in_month(mi: int) -> int:
    return int(((MONTHS[mi] + 1).astype("datetime64[D]") - month_first_day(mi)).astype(int))


def months_after_march(mi: int) -> int:
    """1 for April 2025 ... 9 for December 2025, <= 0 before."""
    return mi - month_pos("2025-03")


def city_array(mapping: dict[str, float], default: float = 0.0) -> np.ndarray:
    return np.array([mapping.get(code, default) for code in CITY_CODES], dtype=float)


def group_mask(codes) -> np.ndarray:
    return np.isin(np.array(CITY_CODES), codes)


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
    return np.array(NATIONAL_DIMENSIONS[MONTH_KEYS[mi]])


def random_times(rng: np.random.Generator, mi: int, n: int) -> np.ndarray:
    """n timestamps (second resolution) spread over the month with a daytime profile."""
    start = month_first_day(mi).astype("datetime64[s]")
    days = rng.integers(0, days_in_month(mi), n)
    hours = rng.choice(24, size=n, p=HOUR_WEIGHTS / HOUR_WEIGHTS.sum())
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
    base = city_array(DAILY_INQUIRIES) / INQUIRIES_PER_SEAT
    bottom = group_mask(BOTTOM)
    base[bottom] = city_array(DAILY_INQUIRIES)[bottom] / BOTTOM_INQUIRIES_PER_SEAT
    growth = 1 + 0.004 * np.arange(NM)
    seats = np.rint(np.outer(growth, base)).astype(np.int64)
    for code in BOTTOM:
        c = POS[code]
        march = WLMQ_MARCH_SEATS if code == "WLMQ" else int(round(base[c]))
        seats[: month_pos("2025-04"), c] = march
        seats[month_pos("2025-04"):, c] = int(round(march * TEMPORARY_SEAT_UPLIFT))
    return seats


def part_time_share_by_month(rng: np.random.Generator) -> np.ndarray:
    base = rng.uniform(0.08, 0.18, NC)
    base[group_mask(LEADERS)] = rng.uniform(0.05, 0.08, len(LEADERS))
    base[POS["WLMQ"]], base[POS["HHHT"]] = 0.22, 0.24
    share = np.tile(base, (NM, 1)) + rng.normal(0, 0.005, (NM, NC))
    march = month_pos("2025-03")
    share[: march + 1, POS["LZ"]] = np.linspace(0.30, 0.50, march + 1)  # review ch.3: 50% part-time
    share[march + 1:, POS["LZ"]] = LZ_PART_TIME_AFTER
    for code in ("WLMQ", "HHHT"):
        share[march + 1:, POS[code]] = np.linspace(base[POS[code]], 0.15, NM - march - 1)
    return np.round(np.clip(share, 0, 1), 3)


def dialect_coverage_by_month(rng: np.random.Generator) -> np.ndarray:
    base = rng.uniform(0.72, 0.95, NC)
    base[group_mask(LEADERS)] = (0.92, 0.90, 0.88, 0.90, 0.91)
    cover = np.clip(np.tile(base, (NM, 1)) + rng.normal(0, 0.006, (NM, NC)), 0, 1)
    march = month_pos("2025-03")
    for code, value in DIALECT_COVERAGE_MARCH.items():
        c = POS[code]
        cover[: march + 1, c] = value - np.linspace(0.02, 0, march + 1)
        cover[march + 1:, c] = DIALECT_COVERAGE_AFTER[code]
    return np.round(cover, 3)


def penetration_by_month(rng: np.random.Generator, seats: np.ndarray) -> np.ndarray:
    """Assistant penetration: leaders pilot from late 2024, national launch in March 2025."""
    march = month_pos("2025-03")
    pen = np.zeros((NM, NC))
    for code, start in PILOT_START.items():
        first = month_pos(start)
        pen[first:march, POS[code]] = np.linspace(0.12, 0.36, march - first)
    others = ~group_mask(LEADERS + BOTTOM)
    pen[march] = 0.42 + rng.normal(0, 0.03, NC)
    pen[march] = np.where(others, pen[march], 0.0)
    pen[march] += city_array(MARCH_LEADER_PENETRATION) + city_array(MARCH_BOTTOM_PENETRATION)
    w = seats[march]
    shift = (NATIONAL_MARCH_PENETRATION * w.sum() - (w * pen[march]).sum()) / w[others].sum()
    pen[march, others] += shift
    after = np.arange(1, NM - march)
    monthly_gain = np.where(group_mask(LEADERS), 0.010, 0.016)
    monthly_gain[group_mask(BOTTOM)] = 0.035
    pen[march + 1:] = pen[march] + np.outer(after, monthly_gain) + rng.normal(0, 0.004, (len(after), NC))
    return np.round(np.clip(pen, 0, 0.95), 4)


def attrition_by_month(rng: np.random.Generator, seats: np.ndarray) -> np.ndarray:
    base = rng.uniform(0.055, 0.095, NC)
    base[group_mask(LEADERS)] = rng.uniform(0.05, 0.06, len(LEADERS))
    base[POS["WLMQ"]], base[POS["HHHT"]] = 0.11, 0.10
    rate = np.tile(base, (NM, 1)) + rng.normal(0, 0.003, (NM, NC))
    march = month_pos("2025-03")
    rate[: march + 1, POS["LZ"]] = np.linspace(0.12, 0.18, march + 1)  # review ch.3: 18%
    rate[march + 1:, POS["LZ"]] = LZ_ATTRITION_AFTER
    free = ~group_mask(("LZ",))
    w = seats[march]
    shift = (NATIONAL_MARCH_ATTRITION * w.sum() - (w * rate[march]).sum()) / w[free].sum()
    rate[:, free] += shift
    return np.round(rate, 4)


def training_hours_by_month(rng: np.random.Generator) -> np.ndarray:
    base = rng.uniform(8, 14, NC)
    base[group_mask(LEADERS)] = rng.uniform(14, 18, len(LEADERS))
    base[group_mask(BOTTOM)] = (5.5, 6.0, 5.0)
    hours = np.tile(base, (NM, 1)) + rng.normal(0, 0.6, (NM, NC))
    march = month_pos("2025-03")
    for code in ("WLMQ", "HHHT"):
        hours[march + 1:, POS[code]] = np.linspace(8, 15, NM - march - 1)
    lz = POS["LZ"]
    hours[[month_pos(k) for k in NO_TRAINING_MONTHS], lz] = 0.0  # review ch.3: no training for 6 months
    hours[march + 1:, lz] = LZ_TRAINING_AFTER
    return np.round(np.clip(hours, 0, None), 1)


def skill_share_by_month(rng: np.random.Generator) -> np.ndarray:
    base = rng.uniform(0.35, 0.45, NC)
    base[group_mask(LEADERS)] = (0.55, 0.52, 0.50, 0.52, 0.50)
    share = np.tile(base, (NM, 1)) + np.outer(np.arange(NM), np.full(NC, 0.002))
    march = month_pos("2025-03")
    for code, value in SKILL_SHARE_MARCH.items():
        share[: march + 1, POS[code]] = value
        share[march + 1:, POS[code]] = SKILL_SHARE_AFTER[code]
    return np.round(share, 3)


def triage_by_month() -> np.ndarray:
    triage = np.ones((NM, NC), dtype=bool)
    for code, start in TRIAGE_START.items():
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
    season = np.array([SEASONAL_INQUIRIES.get(k, 1.0) for k in MONTH_KEYS])[month_idx]
    trend = 1 + 0.005 * month_idx
    shape = season * trend * WEEKDAY_INQUIRIES[weekday]
    noise = rng.normal(1, 0.04, (len(days), NC))
    raw = np.outer(shape, city_array(DAILY_INQUIRIES)) * noise
    inquiries = np.clip(np.rint(raw), *INQUIRY_RANGE).astype(np.int64)
    march = month_idx == month_pos("2025-03")
    c = POS["WLMQ"]
    total = WLMQ_MARCH_DAILY_INQUIRIES * int(march.sum())  # review ch.3: 1,200 a day -> 37,200
    inquiries[march, c] = allocate(total, raw[march, c])
    return inquiries


def daily_seats_on_duty(rng: np.random.Generator, days, month_idx, seats: np.ndarray) -> np.ndarray:
    """Seats on duty vary by weekday; each city-month averages exactly its seats."""
    weekday = (days.astype(int) + 3) % 7
    duty = np.zeros((len(days), NC), dtype=np.int64)
    for mi in range(NM):
        rows = month_idx == mi
        shape = np.outer(WEEKDAY_DUTY[weekday[rows]], np.ones(NC)) * rng.normal(1, 0.02, (rows.sum(), NC))
        for c in range(NC):
            duty[rows, c] = allocate(seats[mi, c] * int(rows.sum()), shape[:, c])
    return duty


def answered_within_60s_share(team: dict[str, np.ndarray]) -> np.ndarray:
    share = np.full((NM, NC), 0.66)
    share[:, group_mask(LEADERS)] = 0.78
    bottom = group_mask(BOTTOM)
    march = month_pos("2025-03")
    share[: march + 1, bottom] = 0.40
    share[march + 1:, bottom] = np.linspace(0.46, 0.70, NM - march - 1)[:, None]
    return np.clip(share + 0.2 * team["assistant_penetration"], 0, 0.97)


def make_contact_center_daily(rng: np.random.Generator, team: dict[str, np.ndarray]) -> pa.Table:
    days = np.arange(month_first_day(0), EXPORT_END.astype("datetime64[D]"))
    month_idx = (days.astype("datetime64[M]") - MONTHS[0]).astype(int)
    inquiries = daily_inquiries(rng, days, month_idx)
    pen = team["assistant_penetration"][month_idx] * rng.normal(1, 0.04, inquiries.shape)
    assistant = np.minimum(np.rint(inquiries * np.clip(pen, 0, 1)), inquiries).astype(np.int64)
    quick = answered_within_60s_share(team)[month_idx] * rng.normal(1, 0.03, inquiries.shape)
    answered = np.minimum(np.rint(inquiries * np.clip(quick, 0, 1)), inquiries).astype(np.int64)
    duty = daily_seats_on_duty(rng, days, month_idx, team["seats"])
    return pa.table({
        "date": pa.array(np.repeat(days, NC), pa.date32()),
        "city_code": pa.array(list(CITY_CODES) * len(days)),
        "inquiries": pa.array(inquiries.reshape(-1), pa.int32()),
        "assistant_handled": pa.array(assistant.reshape(-1), pa.int32()),
        "answered_within_60s": pa.array(answered.reshape(-1), pa.int32()),
        "seats_on_duty": pa.array(duty.reshape(-1), pa.int32()),
    })


# ---------------------------------------------------------------------------------------------------------
# Incidents
# ---------------------------------------------------------------------------------------------------------
def incident_window(incident) -> tuple[np.datetime64, np.datetime64]:
    return np.datetime64(incident[2], "s"), np.datetime64(incident[3], "s")


def make_incidents() -> pa.Table:
    names = ("incident_id", "system", "started_at", "ended_at", "city_code", "tickets_lost", "title_zh",
             "title_en")
    rows = list(zip(*INCIDENTS, strict=True))
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
    size = city_array(CITY_SIZE)
    counts = np.zeros((NM, NC), dtype=np.int64)
    for mi in range(NM):
        propensity = np.ones(NC)
        propensity[group_mask(LEADERS)] = LEADER_TICKET_PROPENSITY
        propensity[group_mask(BOTTOM)] = BOTTOM_TICKET_PROPENSITY[mi]
        counts[mi] = allocate(TICKET_TOTALS[mi], size * propensity)
    return counts


def complaint_counts(tickets: np.ndarray) -> np.ndarray:
    factor = np.where(group_mask(BOTTOM), BOTTOM_COMPLAINT_FACTOR, 1.0)
    counts = np.rint(tickets * np.outer(COMPLAINT_SHARE, factor)).astype(np.int64)
    counts[month_pos("2025-03"), POS["HHHT"]] = HHHT_MARCH_COMPLAINTS
    return np.minimum(counts, tickets)


def fixed_complaint_categories(complaints: np.ndarray) -> list[list[dict[str, int]]]:
    """Exact category counts: national logistics complaints and Hohhot's March dialect share."""
    fixed = [[{} for _ in range(NC)] for _ in range(NM)]
    hhht_march = (month_pos("2025-03"), POS["HHHT"])
    fixed[hhht_march[0]][hhht_march[1]]["dialect"] = HHHT_MARCH_DIALECT_COMPLAINTS
    for mi in range(NM):
        capacity = complaints[mi].astype(float)
        if mi == hhht_march[0]:
            capacity[hhht_march[1]] -= HHHT_MARCH_DIALECT_COMPLAINTS
        logistics = allocate(LOGISTICS_COMPLAINTS[mi], capacity)
        assert (logistics <= capacity).all()
        for c in range(NC):
            fixed[mi][c]["logistics"] = int(logistics[c])
    return fixed


def complaint_category_weights(mi: int, c: int, team) -> dict[str, float]:
    weights = dict(COMPLAINT_CATEGORY_WEIGHTS)
    sensitivity = DIALECT_SENSITIVITY.get(CITY_CODES[c], DEFAULT_DIALECT_SENSITIVITY)
    weights["dialect"] = 0.6 * sensitivity * (1 - team["dialect_coverage"][mi, c])
    weights["attitude"] *= 1 + 2 * team["part_time_share"][mi, c]
    return weights


def ticket_categories(rng, n, n_complaints, fixed, complaint_weights, logistics_factor) -> np.ndarray:
    """Categories of a city-month's tickets: complaints first (fixed counts + random rest), then inquiries."""
    cats = [name for name, k in fixed.items() for _ in range(k)]
    free = {k: v for k, v in complaint_weights.items() if k not in fixed}
    names, weights = list(free), np.array(list(free.values()))
    cats += list(rng.choice(names, size=n_complaints - len(cats), p=weights / weights.sum()))
    inquiry = dict(INQUIRY_CATEGORY_WEIGHTS)
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
    levels = np.array(["high", "normal", "low"], dtype=object)
    return np.where(is_complaint, rng.choice(levels, len(is_complaint), p=[0.45, 0.45, 0.10]),
                    rng.choice(levels, len(is_complaint), p=[0.15, 0.60, 0.25]))


def ticket_escalations(rng, is_complaint) -> np.ndarray:
    return np.where(is_complaint, rng.choice([1, 2, 3], len(is_complaint), p=[0.6, 0.3, 0.1]),
                    rng.choice([1, 2, 3], len(is_complaint), p=[0.85, 0.12, 0.03]))


def city_month_tickets(rng, mi, c, n, n_complaints, fixed, team) -> dict[str, np.ndarray]:
    is_complaint = np.arange(n) < n_complaints
    logistics_factor = LOGISTICS_COMPLAINTS[mi] / 140
    categories = ticket_categories(rng, n, n_complaints, fixed, complaint_category_weights(mi, c, team),
                                   logistics_factor)
    order = rng.permutation(n)
    is_complaint, categories = is_complaint[order], categories[order]
    all_high = CITY_CODES[c] in BOTTOM and not team["triage_enabled"][mi, c]
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
    for incident in INCIDENTS:
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
    for incident in INCIDENTS:
        _, end = incident_window(incident)
        for lost in np.flatnonzero(t["lost"] == incident[0]):
            if rng.random() >= REPEAT_SHARE:
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
    if code in BOTTOM:
        after = months_after_march(mi)
        if after > 0:
            return BOTTOM_FIRST_RESPONSE_AFTER[code][after - 1]
        if key == "2025-03":
            return BOTTOM_MARCH_FIRST_RESPONSE[code]
        ramp = {"2024-12": 3.9, "2025-01": 4.1, "2025-02": 4.4}
        return ramp.get(key, 3.2 + 0.1 * (mi % 4) + 0.1 * BOTTOM.index(code)), 0.64
    if code in LEADERS:
        return (0.9 if key < "2025-01" else 0.5 if key < "2025-04" else 0.45), 0.90 + 0.03 * progress
    return 1.6 - 0.5 * progress, 0.80 + 0.06 * progress


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
    march = month_of(t["created"]) == month_pos("2025-03")
    counts = {code: int((march & answered & (t["city"] == POS[code])).sum()) for code in BOTTOM}
    pool = int(round(BOTTOM_POOLED_MARCH_HOURS * HOUR * sum(counts.values())))
    totals = {POS[code]: int(round(BOTTOM_MARCH_FIRST_RESPONSE[code][0] * HOUR * counts[code]))
              for code in ("WLMQ", "HHHT")}
    totals[POS["LZ"]] = pool - sum(totals.values())
    return totals


def assign_first_responses(rng, t: dict[str, np.ndarray]) -> None:
    n = len(t["city"])
    null_rate = np.where(is_set(t["lost"]), LOST_NULL_FIRST_RESPONSE_RATE, NULL_FIRST_RESPONSE_RATE)
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
            if MONTH_KEYS[mi] == "2025-03" and c in march_totals:
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
    ends = {inc[0]: incident_window(inc)[1] for inc in INCIDENTS}
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
    size = city_array(CITY_SIZE)
    counts = np.zeros((NM, NC), dtype=np.int64)
    for mi in range(NM):
        weights = size * rng.uniform(0.95, 1.05, NC)
        counts[mi] = MIN_RESPONSES + allocate(SURVEY_TOTALS[mi] - MIN_RESPONSES * NC, weights)
    return counts


def period_adjustment(key: str) -> np.ndarray:
    """Story shifts of the free cities' offsets: who led and trailed in December 2024."""
    adjust = np.zeros(NC)
    if key == "2024-12":
        adjust[group_mask(LEADERS)] -= 0.8
        adjust[group_mask(DEC_2024_LEADERS)] += 0.9
        adjust[group_mask(DEC_2024_LAGGARDS)] -= 1.0
    elif key >= "2025-01":
        adjust[group_mask(DEC_2024_LEADERS)] -= 0.3
        adjust[group_mask(DEC_2024_LAGGARDS)] += 1.8
    return adjust


def pinned_city_indices(key: str, national: float) -> dict[int, float]:
    pinned = {}
    if key == "2025-03":
        pinned.update({POS[code]: value for code, value in MARCH_LEADER_INDEX.items()})
    elif key in LEADER_OFFSETS:
        offsets = zip(LEADERS, LEADER_OFFSETS[key], strict=True)
        pinned.update({POS[code]: national + offset for code, offset in offsets})
    if key in BOTTOM_INDEX:
        pinned.update({POS[code]: value for code, value in zip(BOTTOM, BOTTOM_INDEX[key], strict=True)})
    return pinned


def city_index_targets(rng: np.random.Generator, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Target index per city-month and which cities are pinned; weighted mean = national index."""
    targets = np.zeros((NM, NC))
    pinned_mask = np.zeros((NM, NC), dtype=bool)
    base = city_array(BASE_INDEX_OFFSET)
    for mi, key in enumerate(MONTH_KEYS):
        national = index_of(national_dimensions(mi))
        sd = 0.12 if "2024-12" <= key <= "2025-03" else 0.25
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
    leaders, bottom = group_mask(LEADERS), group_mask(BOTTOM)
    for key in ("2025-01", "2025-02", "2025-03"):
        values = targets[month_pos(key)]
        others = values[~leaders & ~bottom]
        assert values[leaders].min() - others.max() >= MIN_RANK_GAP, key
        assert others.min() - values[bottom].max() >= MIN_RANK_GAP, key
    december = np.sort(targets[month_pos("2024-12")])
    assert targets[month_pos("2024-12"), leaders].max() < december[-5]
    assert targets[month_pos("2024-12"), bottom].min() > december[2]


def dimension_profiles(rng: np.random.Generator) -> np.ndarray:
    """Per city-month dimension offsets p with sum_d w_d p_d = 0 (they never move a city's index)."""
    raw = rng.normal(0, 0.8, (NC, 4))
    raw -= np.outer(raw @ INDEX_WEIGHTS / (INDEX_WEIGHTS @ INDEX_WEIGHTS), INDEX_WEIGHTS)
    profiles = np.tile(raw, (NM, 1, 1))
    for mi, key in enumerate(MONTH_KEYS):
        for code in BOTTOM:
            hours = first_response_target(mi, POS[code])[0] or BOTTOM_POOLED_MARCH_HOURS
            weakness = np.clip(hours, 1.2, 4.5) / 4.5
            profiles[mi, POS[code]] = SLOW_PROFILE * weakness
        if key >= "2025-01":
            profiles[mi, group_mask(LEADERS)] = ASSISTANT_PROFILE
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
REASONS = ("slow_response", "unresolved", "dialect", "attitude", "no_follow_up", "logistics",
           "system_outage", "other")
BASE_REASON_WEIGHTS = {"slow_response": 1.5, "unresolved": 3.0, "dialect": 0.2, "attitude": 1.5,
                       "no_follow_up": 2.0, "logistics": 1.0, "system_outage": 0.05, "other": 1.0}
DIMENSION_REASON = ("slow_response", "unresolved", "attitude", "no_follow_up")
OUTAGE_REASON_WEIGHT = {"2024-08": 1.2, "2025-03": 2.5, "2025-07": 0.8}

COMMENTS = {
    "slow_response": ("等了{h}个多小时才有人回复", "打了{n}次电话都没人接", "在线排队排了{m}分钟还没轮到我",
                      "提交工单后{d}天都没人联系我", "回复太慢了，问题拖了好几天", "高峰期根本打不进去",
                      "留言之后一直没人理", "转人工要等很久"),
    "unresolved": ("问题到现在还没解决", "转了{n}个部门还是没解决", "说是会处理，结果不了了之",
                   "同一个问题反映了{n}次", "兼职客服一问三不知", "给的方案根本没用", "只会让我重启试试"),
    "dialect": ("客服听不懂我的方言", "说了好几遍对方还是没听明白", "希望能有会说{lang}的客服",
                "沟通很费劲，理解偏差太大", "客服把我的意思理解错了，又重新处理了一遍",
                "用{lang}说不清楚，普通话又讲不好，很着急"),
    "attitude": ("客服态度很敷衍", "语气不耐烦", "兼职客服一问三不知", "感觉客服在背话术，不解决问题",
                 "问多了就不耐烦", "客服直接挂了我的电话"),
    "no_follow_up": ("说好回电结果没人联系", "处理完就没有下文了", "承诺{d}天内回复，一直没消息",
                     "问题解决没解决也没人回访", "每次都要重新讲一遍情况"),
    "logistics": ("物流一直没更新", "快递{d}天了还没到", "物流信息停在{place}好几天", "发货延迟也没有通知",
                  "催了{n}次物流还是没动静", "说是供应链问题，什么时候能到也说不清"),
    "system_outage": ("系统故障工单丢了又要重新说一遍", "之前的记录查不到了，只能从头讲",
                      "系统崩了，客服说查不到我的工单", "第二次投诉了，第一次的工单不见了",
                      "系统维护期间什么都办不了"),
    "other": ("流程太复杂", "App里找不到人工入口", "退款规则说不清楚", "活动规则和客服说的不一样",
              "发票开了{d}天还没收到"),
}
POSITIVE_COMMENTS = ("客服很有耐心", "一次就解决了，很满意", "回复速度比以前快多了", "客服主动回访，体验很好",
                     "态度很好，讲得很清楚", "问题处理得很专业", "没想到这么快就解决了")
ASSISTANT_COMMENTS = ("智能客服回答很快", "AI助手几秒钟就给了答案", "智能客服直接帮我查到了物流")
DEDICATED_AGENT_COMMENTS = ("专属客服跟进很及时", "一对一专属客服很贴心")
NEUTRAL_COMMENTS = ("整体还可以，就是等待时间有点长", "问题解决了，但流程有点繁琐",
                    "客服挺好的，物流还需改进", "还行吧，希望下次更快一点", "解决了一半，剩下的还在等")
COMMENT_PREFIXES = ("", "", "", "第{n}次反映了，", "说实话，", "唉，")
COMMENT_SUFFIXES = ("", "", "", "，希望尽快改进。", "，太失望了。", "。", "！")
PLACES = ("中转站", "分拨中心", "本市网点", "始发地", "海关")


def fill(rng, template: str, code: str) -> str:
    return template.format(h=int(rng.integers(3, 7)), n=int(rng.integers(2, 5)), m=int(rng.integers(20, 60)),
                           d=int(rng.integers(3, 10)), place=pick(rng, PLACES),
                           lang=DIALECT_LANGUAGE.get(code, "本地话"))


def low_comment(rng, reason: str, code: str) -> str:
    text = fill(rng, pick(rng, COMMENTS[reason]), code)
    return fill(rng, pick(rng, COMMENT_PREFIXES), code) + text + pick(rng, COMMENT_SUFFIXES)


def high_comment(rng, mi: int, code: str, penetration: float) -> str:
    options = list(POSITIVE_COMMENTS)
    if penetration > 0:
        options += ASSISTANT_COMMENTS
    if MONTH_KEYS[mi] >= "2025-03":
        options += DEDICATED_AGENT_COMMENTS
    if code == "SZ":
        options.append("线下服务站就在小区旁边，很方便")
    return pick(rng, options)


def reason_weights(mi: int, c: int, team, month_logistics: float) -> np.ndarray:
    code, key = CITY_CODES[c], MONTH_KEYS[mi]
    weights = dict(BASE_REASON_WEIGHTS)
    if code in BOTTOM:
        hours = first_response_target(mi, c)[0] or BOTTOM_POOLED_MARCH_HOURS
        weights["slow_response"] *= 1 + hours
    sensitivity = DIALECT_SENSITIVITY.get(code, DEFAULT_DIALECT_SENSITIVITY)
    weights["dialect"] = 0.2 + 2.0 * sensitivity * (1 - team["dialect_coverage"][mi, c])
    weights["attitude"] *= 1 + 3 * team["part_time_share"][mi, c]
    weights["logistics"] *= month_logistics
    weights["system_outage"] = OUTAGE_REASON_WEIGHT.get(key, weights["system_outage"])
    return np.array([weights[r] for r in REASONS])


def reasons_and_comments(rng, mi, c, scores, lost_link, team) -> tuple[list, list]:
    code = CITY_CODES[c]
    mean = np.nanmean(np.where(np.isnan(scores).all(axis=1)[:, None], 100, scores), axis=1)
    base = reason_weights(mi, c, team, LOGISTICS_COMPLAINTS[mi] / 150)
    reasons, comments = [None] * len(mean), [None] * len(mean)
    for i in range(len(mean)):
        if mean[i] < LOW_SCORE:
            weights = base.copy()
            weakest = int(np.nanargmin(scores[i] - np.nanmean(scores[i])))
            weights[REASONS.index(DIMENSION_REASON[weakest])] *= 2.5
            reason = "system_outage" if lost_link[i] else REASONS[rng.choice(8, p=weights / weights.sum())]
            reasons[i] = reason
            if rng.random() < 0.75:
                comments[i] = low_comment(rng, reason, code)
        elif mean[i] >= 90 and rng.random() < 0.33:
            comments[i] = high_comment(rng, mi, code, team["assistant_penetration"][mi, c])
        elif LOW_SCORE <= mean[i] < 90 and rng.random() < 0.22:
            comments[i] = pick(rng, NEUTRAL_COMMENTS)
    return reasons, comments


def nps_scores(rng, scores: np.ndarray) -> np.ndarray:
    mean = np.nanmean(np.where(np.isnan(scores).all(axis=1)[:, None], 80, scores), axis=1)
    return np.clip(np.rint((mean - 40) / 5.5 + rng.normal(0, 1.0, len(mean))), 0, 10).astype(np.int64)


def link_tickets(rng, city: np.ndarray, submitted: np.ndarray, t: dict[str, np.ndarray]) -> np.ndarray:
    """Index of a ticket of the same city created 1 h .. 14 days before the response, for ~20% of them."""
    link = np.full(len(city), -1)
    chosen = rng.random(len(city)) < TICKET_LINK_SHARE
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
        nulls = [rng.random((counts[mi, c], 4)) < NULL_RATES for c in range(NC)]
        nonnull = np.array([(~m).sum(axis=0) for m in nulls])
        sums = dimension_sums(mi, targets[mi], profiles[mi], nonnull, pinned[mi])
        for c in range(NC):
            n = counts[mi, c]
            channel_p = CHANNEL_WEIGHTS_AFTER if MONTH_KEYS[mi] >= "2025-03" else CHANNEL_WEIGHTS_BEFORE
            parts.append({
                "city": np.full(n, c), "month": np.full(n, mi),
                "submitted": random_times(rng, mi, n),
                "channel": rng.choice(np.array(CHANNELS, dtype=object), n, p=channel_p),
                "scores": city_scores(rng, n, sums[c], nulls[c]),
            })
    r = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    r["nps"] = nps_scores(rng, r["scores"])
    r["nps_null"] = rng.random(len(r["nps"])) < NPS_NULL_RATE
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
    march = month_pos("2025-03")
    t_march = month_of(t["created"]) == march
    r_march = month_of(r["submitted"]) == march
    out = {"complaints": float((t_march & t["is_complaint"]).sum()),
           "index:CN": round(index_of(np.nanmean(r["scores"][r_march], axis=0)), 2)}
    for code in BOTTOM:
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
CITY_OWNERS = {"WLMQ": "乌鲁木齐客服中心 · 艾尔肯", "LZ": "兰州客服中心 · 王建军",
               "HHHT": "呼和浩特客服中心 · 其其格"}
TRAINING_OWNER = "培训中心 · 陈蔚"
NATIONAL_OWNER = "客服运营部 · 李婧"
FIRST_RESPONSE_TARGET_HOURS = 2.0  # review ch.4 step 1: average response within 2 hours
COMPLAINT_REDUCTION = 0.80  # review ch.4 step 1: complaints -80%
DIALECT_COVERAGE_TARGET = 0.80  # review ch.4 step 2: dialect coverage >= 80%
SKILL_SHARE_TARGET = 0.50  # review ch.4 step 3: service-skill share of assessment >= 50%
CITY_INDEX_TARGET = 88.0  # review ch.5: all three cities back to 88 or above
NATIONAL_INDEX_TARGET = 90.0  # review ch.5: national index above 90


def initiative_rows(base: dict[str, float]) -> list[tuple]:
    rows = []
    for code in BOTTOM:
        rows.append((f"S1-FR-{code}", 1, "应急响应提速", "Emergency response speed-up", code,
                     CITY_OWNERS[code], "avg_first_response_hours", base[f"first_response:{code}"],
                     FIRST_RESPONSE_TARGET_HOURS,
                     "2025-04-01", "2025-06-30", "投诉量下降80%", "complaints −80%"))
    rows.append(("S1-LOG-CN", 1, "全国投诉量压降（物流投诉快速通道）",
                 "Complaints down nationwide (logistics fast lane)", None, NATIONAL_OWNER,
                 "complaint_count", base["complaints"], round(base["complaints"] * (1 - COMPLAINT_REDUCTION)),
                 "2025-04-01", "2025-06-30", "投诉量下降80%", "complaints −80%"))
    for code in BOTTOM:
        rows.append((f"S2-DIA-{code}", 2, "本地化能力建设", "Localisation", code, CITY_OWNERS[code],
                     "dialect_coverage", base[f"dialect:{code}"], DIALECT_COVERAGE_TARGET,
                     "2025-04-15", "2025-09-30", "方言投诉下降60%", "dialect complaints −60%"))
    for code in BOTTOM:
        rows.append((f"S3-SKL-{code}", 3, "培训体系重构", "Training rebuild", code, TRAINING_OWNER,
                     "skill_assessment_share", base[f"skill:{code}"], SKILL_SHARE_TARGET,
                     "2025-05-01", "2025-12-31", "满意度提升、投诉减少",
                     "higher satisfaction, fewer complaints"))
    for code in BOTTOM:
        rows.append((f"S3-CSI-{code}", 3, "满意度回到88分以上", "Satisfaction back to 88+", code,
                     CITY_OWNERS[code], "satisfaction_index", base[f"index:{code}"], CITY_INDEX_TARGET,
                     "2025-04-01", "2025-12-31", "满意度回到88分以上", "satisfaction index 88 or above"))
    rows.append(("S3-CSI-CN", 3, "全国满意度突破90分", "National satisfaction above 90", None, NATIONAL_OWNER,
                 "satisfaction_index", base["index:CN"], NATIONAL_INDEX_TARGET, "2025-04-01", "2025-12-31",
                 "全国指数突破90", "national index above 90"))
    return rows


def make_initiatives(base: dict[str, float]) -> pa.Table:
    names = ("initiative_id", "step", "title_zh", "title_en", "city_code", "owner", "metric", "baseline",
             "target", "start_date", "due_date", "expected_effect_zh", "expected_effect_en")
    types = {"step": pa.int32(), "baseline": pa.float64(), "target": pa.float64(),
             "start_date": pa.date32(), "due_date": pa.date32()}
    columns = list(zip(*initiative_rows(base), strict=True))
    data = {}
    for name, values in zip(names, columns, strict=True):
        if name in ("start_date", "due_date"):
            data[name] = pa.array(np.array(values, "datetime64[D]"), pa.date32())
        else:
            data[name] = pa.array([float(v) if name in ("baseline", "target") else v for v in values],
                                  types.get(name, pa.string()))
    return pa.table(data)


# (initiative, title_zh, title_en, due, done): on time, late, overdue (no done date) and due in 2026.
MILESTONES = (
    ("S1-FR-WLMQ", "临时坐席扩容40%", "Temporary seats +40%", "2025-04-15", "2025-04-12"),
    ("S1-FR-WLMQ", "组建高峰应急小组", "Peak squad set up", "2025-04-30", "2025-04-28"),
    ("S1-FR-WLMQ", "CRM工单分流与智能分级上线", "CRM ticket routing and intelligent triage live",
     "2025-05-31", "2025-05-06"),
    ("S1-FR-LZ", "临时坐席扩容40%", "Temporary seats +40%", "2025-04-15", "2025-04-22"),
    ("S1-FR-LZ", "组建高峰应急小组", "Peak squad set up", "2025-04-30", "2025-05-20"),
    ("S1-FR-LZ", "CRM工单分流与智能分级上线", "CRM ticket routing and intelligent triage live",
     "2025-05-31", "2025-06-18"),
    ("S1-FR-HHHT", "临时坐席扩容40%", "Temporary seats +40%", "2025-04-15", "2025-04-14"),
    ("S1-FR-HHHT", "组建高峰应急小组", "Peak squad set up", "2025-04-30", "2025-04-30"),
    ("S1-FR-HHHT", "CRM工单分流与智能分级上线", "CRM ticket routing and intelligent triage live",
     "2025-05-31", "2025-06-05"),
    ("S1-LOG-CN", "物流投诉快速通道上线（15分钟内反馈）",
     "Logistics fast lane live (feedback within 15 minutes)", "2025-04-30", "2025-05-12"),
    ("S1-LOG-CN", "与物流承运商系统直连", "Direct system link with carriers", "2025-06-30", None),
    ("S1-LOG-CN", "与十大电商平台签署数据协议", "Data agreements with the top-10 e-commerce platforms",
     "2026-03-31", None),
    ("S2-DIA-WLMQ", "与新疆大学合作开设维吾尔语课程", "Uyghur courses with Xinjiang University",
     "2025-05-31", "2025-06-20"),
    ("S2-DIA-WLMQ", "新员工3个月内完成方言认证", "New agents certified within 3 months", "2025-09-30", None),
    ("S2-DIA-WLMQ", "社区方言服务站", "Community dialect stations", "2026-03-31", None),
    ("S2-DIA-LZ", "与兰州大学合作开设方言课程", "Dialect courses with Lanzhou University",
     "2025-05-31", "2025-05-28"),
    ("S2-DIA-LZ", "新员工3个月内完成方言认证", "New agents certified within 3 months",
     "2025-09-30", "2025-11-10"),
    ("S2-DIA-HHHT", "与内蒙古大学合作开设蒙古语课程", "Mongolian courses with Inner Mongolia University",
     "2025-05-31", "2025-05-20"),
    ("S2-DIA-HHHT", "蒙古语常用语库（200个场景）", "Mongolian phrase library (200 scenarios)",
     "2025-07-31", "2025-07-25"),
    ("S2-DIA-HHHT", "新员工3个月内完成方言认证", "New agents certified within 3 months",
     "2025-09-30", "2025-09-26"),
    ("S2-DIA-HHHT", "社区方言服务站", "Community dialect stations", "2025-12-15", None),
    ("S3-SKL-WLMQ", "五级认证与薪酬挂钩", "Five-level certification tied to pay", "2025-07-31", "2025-07-30"),
    ("S3-SKL-WLMQ", "360度评估上线", "360-degree assessment live", "2025-09-30", "2025-10-15"),
    ("S3-SKL-WLMQ", "每月场景化演练", "Monthly scenario drills", "2025-11-30", "2025-11-20"),
    ("S3-SKL-LZ", "五级认证与薪酬挂钩", "Five-level certification tied to pay", "2025-07-31", "2025-09-05"),
    ("S3-SKL-LZ", "360度评估上线", "360-degree assessment live", "2025-09-30", None),
    ("S3-SKL-LZ", "个人发展计划", "Personal development plans", "2026-06-30", None),
    ("S3-SKL-HHHT", "五级认证与薪酬挂钩", "Five-level certification tied to pay", "2025-07-31", "2025-07-28"),
    ("S3-SKL-HHHT", "360度评估上线", "360-degree assessment live", "2025-09-30", "2025-09-29"),
    ("S3-SKL-HHHT", "每月场景化演练", "Monthly scenario drills", "2025-11-30", "2025-12-03"),
    ("S3-CSI-WLMQ", "第一轮闭环复盘（收集-分析-优化-再收集）", "First loop review (collect-analyse-optimise)",
     "2025-06-30", "2025-07-02"),
    ("S3-CSI-WLMQ", "第二轮闭环复盘", "Second loop review", "2025-09-30", "2025-09-30"),
    ("S3-CSI-WLMQ", "年度复盘", "Annual review", "2026-01-15", None),
    ("S3-CSI-LZ", "第一轮闭环复盘（收集-分析-优化-再收集）", "First loop review (collect-analyse-optimise)",
     "2025-06-30", "2025-07-10"),
    ("S3-CSI-LZ", "第二轮闭环复盘", "Second loop review", "2025-09-30", None),
    ("S3-CSI-HHHT", "第一轮闭环复盘（收集-分析-优化-再收集）", "First loop review (collect-analyse-optimise)",
     "2025-06-30", "2025-06-27"),
    ("S3-CSI-HHHT", "年度复盘", "Annual review", "2026-01-15", None),
)


def make_milestones() -> pa.Table:
    initiative, title_zh, title_en, due, done = zip(*MILESTONES, strict=True)
    return pa.table({
        "milestone_id": pa.array([f"MS-{i:03d}" for i in range(1, len(MILESTONES) + 1)]),
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
EVENTS = (
    ("2024-06-18", None, "neutral", "618大促咨询高峰", "618 shopping-festival inquiry peak"),
    ("2024-08-13", None, "negative", "电话系统故障，全国来电中断", "Telephony outage nationwide"),
    ("2024-09-09", "BJ", "positive", "北京上线AI情绪识别", "Beijing launches AI emotion recognition"),
    ("2024-10-01", "LZ", "negative", "兰州暂停系统化培训", "Lanzhou pauses systematic training"),
    ("2024-10-14", "SH", "positive", "上海上线客户画像与方言识别",
     "Shanghai launches customer profiles and dialect recognition"),
    ("2024-11-11", None, "neutral", "双11咨询高峰", "Singles' Day inquiry peak"),
    ("2024-11-18", "SZ", "positive", "深圳线下服务站启用", "Shenzhen opens offline service stations"),
    ("2024-12-02", "HZ", "positive", "杭州将客户复访率纳入KPI",
     "Hangzhou adds customer revisit rate to KPIs"),
    ("2025-01-06", "BJ", "positive", "北京一次性解决率权重提至50%",
     "Beijing weights first-contact resolution 50%"),
    ("2025-03-03", None, "positive", "智能客服全国上线", "Intelligent assistant launched nationwide"),
    ("2025-03-10", None, "positive", "同理心服务培训", "Empathy-service training"),
    ("2025-03-12", None, "negative", "供应链延迟，物流投诉增加40%",
     "Supply-chain delays: logistics complaints +40%"),
    ("2025-03-17", None, "positive", "一对一专属客服上线", "One-to-one dedicated agents introduced"),
    ("2025-04-01", None, "neutral", "三步优化法启动", "Three-step improvement plan starts"),
    ("2025-04-12", "WLMQ", "positive", "乌鲁木齐临时坐席扩容40%", "Urumqi adds 40% temporary seats"),
    ("2025-05-06", "WLMQ", "positive", "乌鲁木齐智能分级上线", "Urumqi switches on intelligent triage"),
    ("2025-05-12", None, "positive", "物流投诉快速通道上线", "Logistics complaint fast lane live"),
    ("2025-06-05", "HHHT", "positive", "呼和浩特智能分级上线", "Hohhot switches on intelligent triage"),
    ("2025-06-18", "LZ", "positive", "兰州智能分级上线", "Lanzhou switches on intelligent triage"),
    ("2025-07-17", None, "negative", "CRM数据库故障", "CRM database failure"),
    ("2025-07-25", "HHHT", "positive", "蒙古语常用语库（200个场景）上线", "Mongolian phrase library live"),
    ("2025-11-11", None, "neutral", "双11咨询高峰", "Singles' Day inquiry peak"),
)


def make_events() -> pa.Table:
    date, city, kind, title_zh, title_en = zip(*EVENTS, strict=True)
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
# (city, practice, started_on, effect_zh, effect_en). Launch days agree with EVENTS; the bottom three's tiered
# certification and scenario drills agree with MILESTONES.
CITY_PRACTICES = (
    ("BJ", "emotion_recognition", "2024-09-09", "投诉处理时长缩短40%", "complaint handling time −40%"),
    ("BJ", "first_contact_resolution_kpi", "2025-01-06", "一次性解决率在KPI中权重50%",
     "first-contact resolution weighs 50% in the KPIs"),
    ("BJ", "tiered_certification", "2024-07-01", "初级/中级/高级三级认证，每季度考核；高级认证坐席评分高12%",
     "junior / intermediate / senior, assessed quarterly; senior-certified agents score 12% higher"),
    ("SH", "customer_profile", "2024-10-14", "主动服务占比28%", "proactive service share 28%"),
    ("SH", "dialect_recognition", "2024-10-14", "支持上海话识别", "recognises Shanghainese"),
    ("SH", "scenario_training", "2024-08-01", "60%的培训时间为实战演练", "60% of training time is live drills"),
    ("SZ", "offline_station", "2024-11-18", "线上投诉下降35%", "online complaints −35%"),
    ("SZ", "local_life_partnership", "2024-12-16", "与本地生活平台合作", "partnership with local-life platforms"),
    ("SZ", "mentoring", "2024-06-03", "新人首月投诉率下降25%", "new agents' first-month complaint rate −25%"),
    ("HZ", "revisit_rate_kpi", "2024-12-02", "客户复访率纳入KPI", "customer revisit rate scored as a KPI"),
    ("WLMQ", "tiered_certification", "2025-07-30", "五级认证与薪酬挂钩", "five-level certification tied to pay"),
    ("WLMQ", "scenario_training", "2025-11-20", "每月场景化演练", "monthly scenario drills"),
    ("LZ", "tiered_certification", "2025-09-05", "五级认证与薪酬挂钩", "five-level certification tied to pay"),
    ("HHHT", "tiered_certification", "2025-07-28", "五级认证与薪酬挂钩", "five-level certification tied to pay"),
    ("HHHT", "scenario_training", "2025-12-03", "每月场景化演练", "monthly scenario drills"),
)
SKILL_SEED = SEED + 1  # its own random stream: adding these tables moves no value of the others
SKILLS = ("emotion_management", "product_knowledge", "complex_problem_handling", "communication")
# Assessment score ranges (0-100) per group; each leader is strongest in what its programmes train.
SKILL_RANGES = {"others": (74.0, 80.0), "leaders": (84.0, 88.0), "bottom": (66.0, 71.0)}
LEADER_STRENGTH = {"BJ": "emotion_management", "SH": "communication", "SZ": "complex_problem_handling",
                   "HZ": "product_knowledge", "GZ": "product_knowledge"}
EMPATHY_TRAINING_GAIN = 1.5  # review ch.1: "empathy service" training in March 2025 (emotion management)
CERTIFIED_RANGES = {"others": (0.55, 0.72), "leaders": (0.84, 0.90), "bottom": (0.30, 0.38)}
BJ_SENIOR_SHARE = {"2024-07": 0.12, "2024-10": 0.15, "2025-01": 0.18, "2025-04": 0.21, "2025-07": 0.24,
                   "2025-10": 0.27}  # quarterly certification rounds


def practice_start(code: str, practice: str) -> str | None:
    return next((start[:7] for c, p, start, _, _ in CITY_PRACTICES if (c, p) == (code, practice)), None)


def make_city_practices() -> pa.Table:
    city, practice, started, effect_zh, effect_en = zip(*CITY_PRACTICES, strict=True)
    return pa.table({
        "city_code": pa.array(list(city)),
        "practice": pa.array(list(practice)),
        "started_on": pa.array(np.array(started, "datetime64[D]"), pa.date32()),
        "effect_zh": pa.array(list(effect_zh), pa.string()),
        "effect_en": pa.array(list(effect_en), pa.string()),
    })


def group_values(rng: np.random.Generator, ranges: dict[str, tuple[float, float]]) -> np.ndarray:
    values = rng.uniform(*ranges["others"], NC)
    for group, codes in (("leaders", LEADERS), ("bottom", BOTTOM)):
        values[group_mask(codes)] = rng.uniform(*ranges[group], len(codes))
    return values


def certification_by_month(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Certified and senior-certified shares: leaders well ahead; the bottom three catch up once their
    five-level certification starts (plan step 3); Beijing's senior share grows with each quarterly round."""
    certified = np.tile(group_values(rng, CERTIFIED_RANGES), (NM, 1)) + 0.004 * np.arange(NM)[:, None]
    senior = np.zeros((NM, NC))
    for code in BOTTOM:
        c, first = POS[code], month_pos(practice_start(code, "tiered_certification"))
        certified[first:, c] = np.linspace(certified[first, c], 0.65, NM - first)
        senior[first:, c] = np.linspace(0.02, 0.06, NM - first)
    for mi, key in enumerate(MONTH_KEYS):
        rounds = [share for start, share in BJ_SENIOR_SHARE.items() if start <= key]
        senior[mi, POS["BJ"]] = rounds[-1] if rounds else 0.0
    return np.round(np.clip(certified, 0, 0.98), 3), np.round(senior, 3)


def skills_by_month(rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Mean assessment scores per skill: leaders above everyone, the bottom three improving from May 2025."""
    plan_start = month_pos("2025-05")
    catch_up = np.clip(np.arange(NM) - plan_start + 1, 0, None) * 0.8
    skills = {}
    for skill in SKILLS:
        score = np.tile(group_values(rng, SKILL_RANGES), (NM, 1)) + 0.05 * np.arange(NM)[:, None]
        score += rng.normal(0, 0.3, (NM, NC))
        score[:, group_mask(BOTTOM)] += catch_up[:, None]
        for code, strength in LEADER_STRENGTH.items():
            if strength == skill:
                score[:, POS[code]] += 2.5
        if skill == "emotion_management":
            score[month_pos("2025-03"):] += EMPATHY_TRAINING_GAIN
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
# Main
# ---------------------------------------------------------------------------------------------------------
def build_tables() -> dict[str, pa.Table]:
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
