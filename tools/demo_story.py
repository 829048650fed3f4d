"""The story the demo data tells: every figure of it, in one place, keyed by month ("2025-04": value).

tools/generate_demo_data.py holds the machinery (allocating, drawing and writing rows) and reads everything it
builds in from here; what the dashboard itself defines (index weights, the first-response rule, code lists) it
reads from `queries`. The March 2025 review (shared/reference/march-2025-review.md) sets the figures up to
March; after it the three-step improvement plan lands, not all on time.

Conventions:
* A month is a "YYYY-MM" key. A table over every month has one key per month, FIRST_MONTH .. LAST_MONTH.
* A table of the plan's months (BOTTOM_FIRST_RESPONSE, DIALECT_COVERAGE, SKILL_SHARE, LZ_PART_TIME, …) starts
  at its first key: the month before it is the "before the plan" figure (`*_BEFORE_PLAN`, or the ramp that leads
  to it). Moving the plan's start means editing keys (and PLAN_START), never re-indexing.
* A table of "from this month on" values (LEADER_FIRST_RESPONSE_HOURS, BJ_SENIOR_SHARE) holds each value from
  its key until the next key.
* Per city: dicts keyed by city code; a tuple next to a group (LEADERS, BOTTOM) follows that group's order.
"""

# ---------------------------------------------------------------------------------------------------------
# Calendar and the story's months
# ---------------------------------------------------------------------------------------------------------
FIRST_MONTH = "2024-04"
LAST_MONTH = "2025-12"
DECEMBER_2024 = "2024-12"  # other cities lead and trail, so both streaks start in January
STREAK_MONTHS = ("2025-01", "2025-02", "2025-03")  # review: top five and bottom three three months running
REVIEW_MONTH = "2025-03"  # the March 2025 review: its figures are this month's
MARCH_LAUNCHES = "2025-03"  # review ch.1: the assistant nationwide, one-to-one agents, empathy training
PLAN_START = "2025-04"  # the three-step plan starts (review ch.4): temporary seats from this month
TRAINING_REBUILD_START = "2025-05"  # step 3: the bottom three's assessed skills improve from this month

# ---------------------------------------------------------------------------------------------------------
# Cities and groups
# ---------------------------------------------------------------------------------------------------------
# Relative share of contacts per hour of the day (Asia/Shanghai local time).
HOUR_WEIGHTS = (1, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 2.5, 4.5, 6, 6.5, 6.5,
                5.5, 6, 6.5, 6.5, 6, 5.5, 5, 5, 4.5, 4, 3, 2)

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
# Survey responses and satisfaction
# ---------------------------------------------------------------------------------------------------------
NULL_RATES = (0.01, 0.01, 0.01, 0.03)  # ~1% nulls, ~3% for follow-up
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
SLOW_PROFILE = (-3.0, 1.0, 1.5, 2.0)
ASSISTANT_PROFILE = (1.0, 0.0, -0.5, -2.0)

# Who leads and trails in December 2024, and from January 2025 on: shifts of the groups' index offsets.
DECEMBER_2024_SHIFT = ((LEADERS, -0.8), (DEC_2024_LEADERS, 0.9), (DEC_2024_LAGGARDS, -1.0))
FROM_2025_SHIFT = ((DEC_2024_LEADERS, -0.3), (DEC_2024_LAGGARDS, 1.8))

# Spread (sd) of the free cities' monthly index noise: small from December 2024 to the review (clear streaks).
INDEX_NOISE_SD = {"streaks": 0.12, "other": 0.25}
MIN_RANK_GAP = 0.3  # gap kept between rank 5/6 and 29/30 in Jan-Mar 2025

# Survey sample per month. review ch.1: March 2025 sample 5,842.
SURVEY_TOTALS = {
    "2024-04": 5210, "2024-05": 5340, "2024-06": 5620, "2024-07": 5150, "2024-08": 5480, "2024-09": 5290,
    "2024-10": 5430, "2024-11": 6120, "2024-12": 5560, "2025-01": 5080, "2025-02": 5370, "2025-03": 5842,
    "2025-04": 6010, "2025-05": 5870, "2025-06": 5760, "2025-07": 5690, "2025-08": 5580, "2025-09": 5640,
    "2025-10": 5720, "2025-11": 6380, "2025-12": 5930,
}

MIN_RESPONSES = 60  # every city has at least 60 responses a month
TICKET_LINK_SHARE = 0.21  # ~20% of responses follow a ticket

# Survey channel mix before and from the assistant's launch (contacts move to chat and app).
CHANNEL_WEIGHTS_BEFORE = {"phone": 0.38, "chat": 0.24, "app": 0.18, "email": 0.05, "social": 0.15}
CHANNEL_WEIGHTS_AFTER = {"phone": 0.28, "chat": 0.30, "app": 0.25, "email": 0.04, "social": 0.13}
LOW_SCORE = 70  # a response whose mean score is below this carries a low_score_reason

# ---------------------------------------------------------------------------------------------------------
# Tickets
# ---------------------------------------------------------------------------------------------------------
# Tickets per month. review ch.1: March 2025 1,245 cases, +12% on February (1,112).
TICKET_TOTALS = {
    "2024-04": 1050, "2024-05": 1080, "2024-06": 1160, "2024-07": 1040, "2024-08": 1120, "2024-09": 1030,
    "2024-10": 1060, "2024-11": 1210, "2024-12": 1090, "2025-01": 1010, "2025-02": 1112, "2025-03": 1245,
    "2025-04": 1290, "2025-05": 1220, "2025-06": 1180, "2025-07": 1150, "2025-08": 1100, "2025-09": 1080,
    "2025-10": 1060, "2025-11": 1140, "2025-12": 1030,
}

# National logistics complaints. review ch.1: supply-chain delays, logistics complaints +40% (200 -> 280).
LOGISTICS_COMPLAINTS = {
    "2024-04": 128, "2024-05": 134, "2024-06": 158, "2024-07": 126, "2024-08": 139, "2024-09": 124,
    "2024-10": 131, "2024-11": 176, "2024-12": 141, "2025-01": 152, "2025-02": 200, "2025-03": 280,
    "2025-04": 262, "2025-05": 214, "2025-06": 187, "2025-07": 168, "2025-08": 151, "2025-09": 140,
    "2025-10": 133, "2025-11": 158, "2025-12": 126,
}

# Share of tickets that are complaints, by month (the fast lane brings it down, far from -80%).
COMPLAINT_SHARE = {
    "2024-04": 0.48, "2024-05": 0.48, "2024-06": 0.5, "2024-07": 0.47, "2024-08": 0.5, "2024-09": 0.47,
    "2024-10": 0.48, "2024-11": 0.52, "2024-12": 0.49, "2025-01": 0.5, "2025-02": 0.54, "2025-03": 0.58,
    "2025-04": 0.56, "2025-05": 0.52, "2025-06": 0.5, "2025-07": 0.48, "2025-08": 0.47, "2025-09": 0.46,
    "2025-10": 0.45, "2025-11": 0.46, "2025-12": 0.44,
}

# Ticket volume per size unit of the bottom three (more cases while response is slow).
BOTTOM_TICKET_PROPENSITY = {
    "2024-04": 2.0, "2024-05": 2.0, "2024-06": 2.0, "2024-07": 2.0, "2024-08": 2.0, "2024-09": 2.0,
    "2024-10": 2.1, "2024-11": 2.2, "2024-12": 2.3, "2025-01": 2.6, "2025-02": 2.8, "2025-03": 3.0,
    "2025-04": 3.1, "2025-05": 2.7, "2025-06": 2.4, "2025-07": 2.1, "2025-08": 1.9, "2025-09": 1.7,
    "2025-10": 1.6, "2025-11": 1.5, "2025-12": 1.4,
}

LEADER_TICKET_PROPENSITY = 0.8
BOTTOM_COMPLAINT_FACTOR = 1.12
HHHT_MARCH_COMPLAINTS = 25  # review ch.3: "could not understand" is 32% of Hohhot's complaints
HHHT_MARCH_DIALECT_COMPLAINTS = 8  # 8 / 25 = 32%

COMPLAINT_CATEGORY_WEIGHTS = {"product": 2.0, "billing": 1.5, "account": 0.8, "technical": 1.2,
                              "attitude": 0.8, "other": 0.8}

INQUIRY_CATEGORY_WEIGHTS = {"logistics": 2.5, "product": 2.5, "billing": 1.5, "account": 1.5,
                            "technical": 1.5, "dialect": 0.1, "attitude": 0.1, "other": 1.0}

# review ch.3: bottom three average first response 4.8 h in March (pooled); Urumqi and Hohhot set here,
# Lanzhou solved so that the pool is exact. First-response rates: Lanzhou under 60%.
BOTTOM_POOLED_MARCH_HOURS = 4.8
BOTTOM_MARCH_FIRST_RESPONSE = {"WLMQ": (4.6, 0.50), "LZ": (None, 0.55), "HHHT": (4.5, 0.52)}

# Step 1 results from the plan's start (avg hours, rate): Urumqi < 2 h in June (on time), Hohhot in July,
# Lanzhou in September.
BOTTOM_FIRST_RESPONSE = {
    "2025-04": {"WLMQ": (3.4, 0.6), "LZ": (4.9, 0.57), "HHHT": (3.8, 0.57)},
    "2025-05": {"WLMQ": (2.6, 0.68), "LZ": (4.1, 0.6), "HHHT": (3.0, 0.63)},
    "2025-06": {"WLMQ": (1.8, 0.78), "LZ": (3.3, 0.65), "HHHT": (2.4, 0.7)},
    "2025-07": {"WLMQ": (1.6, 0.8), "LZ": (2.7, 0.7), "HHHT": (1.9, 0.76)},
    "2025-08": {"WLMQ": (1.5, 0.82), "LZ": (2.2, 0.74), "HHHT": (1.7, 0.79)},
    "2025-09": {"WLMQ": (1.4, 0.83), "LZ": (1.9, 0.77), "HHHT": (1.5, 0.81)},
    "2025-10": {"WLMQ": (1.3, 0.85), "LZ": (1.7, 0.8), "HHHT": (1.4, 0.83)},
    "2025-11": {"WLMQ": (1.3, 0.85), "LZ": (1.6, 0.81), "HHHT": (1.4, 0.84)},
    "2025-12": {"WLMQ": (1.2, 0.86), "LZ": (1.5, 0.82), "HHHT": (1.3, 0.85)},
}

# Before the plan: the bottom three's average first response (hours) and rate — 3.2 h plus a small wobble, rising
# from December toward the review's figures; the leaders' hours from each key on (pilots, then the assistant) and
# their rate, which rises by the gain over the 21 months; everyone else's hours and rate likewise (start, gain).
BOTTOM_FIRST_RESPONSE_BEFORE = (3.2, 0.64)
BOTTOM_FIRST_RESPONSE_RAMP = {"2024-12": 3.9, "2025-01": 4.1, "2025-02": 4.4}
LEADER_FIRST_RESPONSE_HOURS = {"2024-04": 0.9, "2025-01": 0.5, "2025-04": 0.45}
LEADER_FIRST_RESPONSE_RATE = (0.90, 0.03)
OTHER_FIRST_RESPONSE_HOURS = (1.6, -0.5)
OTHER_FIRST_RESPONSE_RATE = (0.80, 0.06)
NULL_FIRST_RESPONSE_RATE = 0.02
LOST_NULL_FIRST_RESPONSE_RATE = 0.25
REPEAT_SHARE = 0.3  # share of lost tickets followed by a repeat complaint (二次投诉)
LOST_WINDOW_BEFORE_HOURS = 54  # tickets open up to this long before an outage can be lost

# ---------------------------------------------------------------------------------------------------------
# Incidents
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

# ---------------------------------------------------------------------------------------------------------
# Team and contact centre
# ---------------------------------------------------------------------------------------------------------
WLMQ_MARCH_SEATS = 20  # review ch.3: Urumqi 20 seats
WLMQ_MARCH_DAILY_INQUIRIES = 1200  # review ch.3: 1,200 inquiries a day
TEMPORARY_SEAT_UPLIFT = 1.4  # review ch.4: +40% temporary seats (from April 2025)
NATIONAL_MARCH_ATTRITION = 0.08  # review ch.3: national attrition 8%
NATIONAL_MARCH_PENETRATION = 0.45  # review ch.2: national assistant penetration 45%, leaders above 60%
MARCH_LEADER_PENETRATION = {"BJ": 0.68, "SH": 0.66, "SZ": 0.64, "HZ": 0.62, "GZ": 0.63}
MARCH_BOTTOM_PENETRATION = {"WLMQ": 0.24, "LZ": 0.22, "HHHT": 0.26}

# The service team per group. A (low, high) range is drawn once per city; a single value is set; a tuple next
# to a group follows its order. "Plan" pairs run linearly from the plan's start to the last month.
SEAT_GROWTH_PER_MONTH = 0.004
INQUIRY_GROWTH_PER_MONTH = 0.005
PART_TIME_SHARE = {"others": (0.08, 0.18), "leaders": (0.05, 0.08), "WLMQ": 0.22, "HHHT": 0.24}
LZ_PART_TIME_BEFORE_PLAN = (0.30, 0.50)  # from the first month to the review's 50% (review ch.3)
PART_TIME_SHARE_PLAN_END = {"WLMQ": 0.15, "HHHT": 0.15}  # from the city's own share down to this
DIALECT_COVERAGE_RANGE = (0.72, 0.95)
LEADER_DIALECT_COVERAGE = (0.92, 0.90, 0.88, 0.90, 0.91)
DIALECT_COVERAGE_RISE_BEFORE_PLAN = 0.02  # the bottom three's coverage rises this much up to the plan
PILOT_PENETRATION = (0.12, 0.36)  # a leader's assistant penetration from its pilot to the month before launch
LAUNCH_PENETRATION = 0.42  # other cities at the launch, before the shift that makes the national 45%
PENETRATION_MONTHLY_GAIN = {"others": 0.016, "leaders": 0.010, "bottom": 0.035}  # after the launch
ATTRITION = {"others": (0.055, 0.095), "leaders": (0.05, 0.06), "WLMQ": 0.11, "HHHT": 0.10}
LZ_ATTRITION_BEFORE_PLAN = (0.12, 0.18)  # to the review's 18% (review ch.3)
TRAINING_HOURS = {"others": (8, 14), "leaders": (14, 18)}
BOTTOM_TRAINING_HOURS = (5.5, 6.0, 5.0)
TRAINING_HOURS_PLAN = {"WLMQ": (8, 15), "HHHT": (8, 15)}
SKILL_SHARE_RANGE = (0.35, 0.45)
LEADER_SKILL_SHARE = (0.55, 0.52, 0.50, 0.52, 0.50)
SKILL_SHARE_MONTHLY_GAIN = 0.002

# Share of inquiries answered within 60 s, before the assistant's part (+ 0.2 × its penetration).
ANSWERED_60S = {"others": 0.66, "leaders": 0.78, "bottom": 0.40}
BOTTOM_ANSWERED_60S_PLAN = (0.46, 0.70)
ANSWERED_60S_PER_PENETRATION = 0.2

# Months the leaders piloted the assistant before the national launch (review ch.2: tools).
PILOT_START = {"BJ": "2024-09", "SH": "2024-10", "SZ": "2024-11", "HZ": "2025-01", "GZ": "2025-01"}
TRIAGE_START = {"WLMQ": "2025-05", "HHHT": "2025-06", "LZ": "2025-06"}  # step 1: triage May-June

# Lanzhou (review ch.3): 50% part-time, attrition 18%, no systematic training for six months; from the
# plan's start on:
LZ_PART_TIME = {
    "2025-04": 0.47, "2025-05": 0.42, "2025-06": 0.38, "2025-07": 0.35, "2025-08": 0.33,
    "2025-09": 0.31, "2025-10": 0.3, "2025-11": 0.29, "2025-12": 0.28,
}

LZ_ATTRITION = {
    "2025-04": 0.17, "2025-05": 0.16, "2025-06": 0.15, "2025-07": 0.14, "2025-08": 0.13,
    "2025-09": 0.13, "2025-10": 0.12, "2025-11": 0.12, "2025-12": 0.11,
}

LZ_TRAINING = {
    "2025-04": 2.0, "2025-05": 6.0, "2025-06": 9.0, "2025-07": 11.0, "2025-08": 12.0,
    "2025-09": 12.5, "2025-10": 13.0, "2025-11": 13.0, "2025-12": 13.5,
}

NO_TRAINING_MONTHS = ("2024-10", "2024-11", "2024-12", "2025-01", "2025-02", "2025-03")

# Step 2 dialect coverage: the month before the plan (the review: Urumqi 15%, Hohhot under 40%), then from
# the plan's start on (Hohhot 0.82 in September: achieved; Lanzhou 0.80 in November: late; Urumqi 0.68 by
# December: missed).
DIALECT_COVERAGE_BEFORE_PLAN = {"WLMQ": 0.15, "LZ": 0.46, "HHHT": 0.38}

DIALECT_COVERAGE = {
    "2025-04": {"WLMQ": 0.16, "LZ": 0.47, "HHHT": 0.4},
    "2025-05": {"WLMQ": 0.2, "LZ": 0.51, "HHHT": 0.46},
    "2025-06": {"WLMQ": 0.26, "LZ": 0.56, "HHHT": 0.55},
    "2025-07": {"WLMQ": 0.33, "LZ": 0.61, "HHHT": 0.64},
    "2025-08": {"WLMQ": 0.4, "LZ": 0.66, "HHHT": 0.73},
    "2025-09": {"WLMQ": 0.47, "LZ": 0.71, "HHHT": 0.82},
    "2025-10": {"WLMQ": 0.54, "LZ": 0.76, "HHHT": 0.84},
    "2025-11": {"WLMQ": 0.61, "LZ": 0.8, "HHHT": 0.85},
    "2025-12": {"WLMQ": 0.68, "LZ": 0.82, "HHHT": 0.86},
}

# Step 3 service-skill share of assessment: the month before the plan, then from its start on (target 0.50).
SKILL_SHARE_BEFORE_PLAN = {"WLMQ": 0.25, "LZ": 0.22, "HHHT": 0.26}

SKILL_SHARE = {
    "2025-04": {"WLMQ": 0.25, "LZ": 0.22, "HHHT": 0.26},
    "2025-05": {"WLMQ": 0.28, "LZ": 0.24, "HHHT": 0.29},
    "2025-06": {"WLMQ": 0.32, "LZ": 0.27, "HHHT": 0.33},
    "2025-07": {"WLMQ": 0.36, "LZ": 0.3, "HHHT": 0.37},
    "2025-08": {"WLMQ": 0.4, "LZ": 0.33, "HHHT": 0.41},
    "2025-09": {"WLMQ": 0.44, "LZ": 0.36, "HHHT": 0.44},
    "2025-10": {"WLMQ": 0.47, "LZ": 0.39, "HHHT": 0.47},
    "2025-11": {"WLMQ": 0.5, "LZ": 0.42, "HHHT": 0.5},
    "2025-12": {"WLMQ": 0.52, "LZ": 0.44, "HHHT": 0.51},
}

SEASONAL_INQUIRIES = {"2024-06": 1.06, "2024-11": 1.12, "2025-02": 0.92, "2025-03": 1.04,
                      "2025-06": 1.06, "2025-11": 1.12}

WEEKDAY_INQUIRIES = (1.08, 1.05, 1.03, 1.02, 1.00, 0.90, 0.86)  # Mon..Sun
WEEKDAY_DUTY = (1.04, 1.04, 1.03, 1.03, 1.02, 0.92, 0.90)
INQUIRY_RANGE = (800, 9000)

# ---------------------------------------------------------------------------------------------------------
# Low-score reasons and verbatims
# ---------------------------------------------------------------------------------------------------------
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

# ---------------------------------------------------------------------------------------------------------
# The improvement plan: initiatives (with their promises) and milestones (review ch.4-5)
# ---------------------------------------------------------------------------------------------------------
CITY_OWNERS = {"WLMQ": "乌鲁木齐客服中心 · 艾尔肯", "LZ": "兰州客服中心 · 王建军",
               "HHHT": "呼和浩特客服中心 · 其其格"}

TRAINING_OWNER = "培训中心 · 陈蔚"
NATIONAL_OWNER = "客服运营部 · 李婧"
FIRST_RESPONSE_TARGET_HOURS = 2.0  # review ch.4 step 1: average response within 2 hours
COMPLAINT_REDUCTION = 0.80  # review ch.4 step 1: complaints -80%
DIALECT_COMPLAINT_REDUCTION = 0.60  # review ch.4 step 2: dialect complaints -60%
DIALECT_COVERAGE_TARGET = 0.80  # review ch.4 step 2: dialect coverage >= 80%
SKILL_SHARE_TARGET = 0.50  # review ch.4 step 3: service-skill share of assessment >= 50%
CITY_INDEX_TARGET = 88.0  # review ch.5: all three cities back to 88 or above
NATIONAL_INDEX_TARGET = 90.0  # review ch.5: national index above 90


def initiative_rows(base: dict[str, float]) -> list[tuple]:
    """The plan's initiatives, in the initiatives table's column order: id, step, titles, city, owner, metric,
    baseline (measured in March: `base`, see measured_march_baselines), target, start, due, the expected effect in
    words (for display) and the promise as data: the outcome KPI it promises to move (complaints,
    dialect_complaints, index) and the promised relative change (None: no figure)."""
    rows = []
    for code in BOTTOM:
        rows.append((f"S1-FR-{code}", 1, "应急响应提速", "Emergency response speed-up", code,
                     CITY_OWNERS[code], "avg_first_response_hours", base[f"first_response:{code}"],
                     FIRST_RESPONSE_TARGET_HOURS,
                     "2025-04-01", "2025-06-30", "投诉量下降80%", "complaints −80%",
                     "complaints", -COMPLAINT_REDUCTION))
    rows.append(("S1-LOG-CN", 1, "全国投诉量压降（物流投诉快速通道）",
                 "Complaints down nationwide (logistics fast lane)", None, NATIONAL_OWNER,
                 "complaint_count", base["complaints"], round(base["complaints"] * (1 - COMPLAINT_REDUCTION)),
                 "2025-04-01", "2025-06-30", "投诉量下降80%", "complaints −80%",
                 "complaints", -COMPLAINT_REDUCTION))
    for code in BOTTOM:
        rows.append((f"S2-DIA-{code}", 2, "本地化能力建设", "Localisation", code, CITY_OWNERS[code],
                     "dialect_coverage", base[f"dialect:{code}"], DIALECT_COVERAGE_TARGET,
                     "2025-04-15", "2025-09-30", "方言投诉下降60%", "dialect complaints −60%",
                     "dialect_complaints", -DIALECT_COMPLAINT_REDUCTION))
    for code in BOTTOM:
        rows.append((f"S3-SKL-{code}", 3, "培训体系重构", "Training rebuild", code, TRAINING_OWNER,
                     "skill_assessment_share", base[f"skill:{code}"], SKILL_SHARE_TARGET,
                     "2025-05-01", "2025-12-31", "满意度提升、投诉减少",
                     "higher satisfaction, fewer complaints", "complaints", None))
    for code in BOTTOM:
        rows.append((f"S3-CSI-{code}", 3, "满意度回到88分以上", "Satisfaction back to 88+", code,
                     CITY_OWNERS[code], "satisfaction_index", base[f"index:{code}"], CITY_INDEX_TARGET,
                     "2025-04-01", "2025-12-31", "满意度回到88分以上", "satisfaction index 88 or above",
                     "index", None))
    rows.append(("S3-CSI-CN", 3, "全国满意度突破90分", "National satisfaction above 90", None, NATIONAL_OWNER,
                 "satisfaction_index", base["index:CN"], NATIONAL_INDEX_TARGET, "2025-04-01", "2025-12-31",
                 "全国指数突破90", "national index above 90", "index", None))
    return rows


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

# ---------------------------------------------------------------------------------------------------------
# What the leading cities do differently: practices, certification, skills (review ch.2)
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

# Assessment score ranges (0-100) per group; each leader is strongest in what its programmes train.
SKILL_RANGES = {"others": (74.0, 80.0), "leaders": (84.0, 88.0), "bottom": (66.0, 71.0)}

LEADER_STRENGTH = {"BJ": "emotion_management", "SH": "communication", "SZ": "complex_problem_handling",
                   "HZ": "product_knowledge", "GZ": "product_knowledge"}

EMPATHY_TRAINING_GAIN = 1.5  # review ch.1: "empathy service" training in March 2025 (emotion management)
CERTIFIED_RANGES = {"others": (0.55, 0.72), "leaders": (0.84, 0.90), "bottom": (0.30, 0.38)}
CERTIFIED_MONTHLY_GAIN = 0.004

# The bottom three from their tiered certification's start (CITY_PRACTICES) to the last month.
BOTTOM_CERTIFIED_PLAN_END = 0.65  # certified share, from the city's own share
BOTTOM_SENIOR_CERTIFIED_PLAN = (0.02, 0.06)
SKILL_MONTHLY_GAIN = 0.05
BOTTOM_SKILL_CATCH_UP = 0.8  # points a month, from TRAINING_REBUILD_START on
LEADER_STRENGTH_GAIN = 2.5  # points on the skill a leader's programmes train
BJ_SENIOR_SHARE = {"2024-07": 0.12, "2024-10": 0.15, "2025-01": 0.18, "2025-04": 0.21, "2025-07": 0.24,
                   "2025-10": 0.27}  # quarterly certification rounds

# ---------------------------------------------------------------------------------------------------------
# What the department reports beside the exports: driver figures, benchmarks, the long-term model
# ---------------------------------------------------------------------------------------------------------
REVIEW_SOURCE = ("2025年3月客服部客户满意度总结", "March 2025 customer-service satisfaction review")

# Driver figures by month (driver_figures): (city or None, driver_zh, driver_en, effect, metric, before, value,
# comparison). review ch.1 drivers of March: the assistant (simple inquiries handled by people 35% → 20%, answered
# in under 30 s), empathy training (trainees' feedback +22%), one-to-one agents (hard complaints resolved 68% →
# 76%), supply-chain delays (logistics taking 30% of agents' capacity; the +40% itself is measured from the
# tickets). review ch.3: Hohhot's "misunderstanding" complaints 26% — a complaint audit's figure beside the
# "could not understand" 32% the tickets measure (HHHT_MARCH_DIALECT_COMPLAINTS).
DRIVER_FIGURES = {
    "2025-03": (
        (None, "智能客服上线", "Intelligent assistant launched", "positive", "people_handled_simple_share",
         0.35, 0.20, None),
        (None, "智能客服上线", "Intelligent assistant launched", "positive", "simple_inquiry_response_seconds",
         None, 30.0, "below"),
        (None, "同理心服务培训", "Empathy-service training", "positive", "trainee_feedback_change",
         None, 0.22, None),
        (None, "一对一专属客服", "One-to-one dedicated agents", "positive", "hard_complaint_resolution_rate",
         0.68, 0.76, None),
        (None, "供应链延迟", "Supply-chain delays", "negative", "logistics_capacity_share", None, 0.30, None),
        ("HHHT", "方言沟通障碍", "Dialect barrier", "negative", "misunderstanding_complaint_share", None, 0.26, None),
    ),
}

# External benchmarks (external_benchmarks): (kpi, value, as_of, source_zh, source_en).
# review ch.3: industry benchmark of first response 1.2 hours, beside the bottom three's 4.8 h.
EXTERNAL_BENCHMARKS = (
    ("avg_first_response_hours", 1.2, "2025-01-01", "行业基准，2025年3月总结引用",
     "industry benchmark cited in the March 2025 review"),
)

# The long-term model "three dimensions, one loop" (long_term_plan), adopted with the March 2025 review (ch.6):
# (dimension, horizon, text_zh, text_en); items keep this order within their cell.
LONG_TERM_ADOPTED = "2025-03-31"
LONG_TERM_PLAN = (
    ("technology", "short", "多轮对话AI上线，知识库每月新增100条",
     "Multi-turn dialogue AI; 100 new knowledge entries a month"),
    ("technology", "medium", "人机协同：AI预处理、人工处理复杂问题",
     "Human + AI collaboration: AI first, people for the hard cases"),
    ("technology", "long", "基于客户画像的主动服务", "Proactive service from customer profiles"),
    ("people", "short", "五级认证与薪酬挂钩", "Five-level certification tied to pay"),
    ("people", "medium", "360度评估", "360-degree assessment"),
    ("people", "long", "个人发展计划", "Personal development plans"),
    ("ecosystem", "short", "与十大电商平台签署数据协议", "Data agreements with the top-10 e-commerce platforms"),
    ("ecosystem", "medium", "社区方言服务站与本地生活平台合作",
     "Community dialect stations and local-life partnerships"),
    ("ecosystem", "long", "服务生态联盟", "A service-ecosystem alliance"),
)
