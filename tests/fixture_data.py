"""A tiny contract-following data directory whose every figure can be worked out by hand.

Three cities (AA, BB, CC), survey responses in February and March 2025 (and one on 1 April at midnight,
to pin month boundaries), a few tickets, two contact-centre days and two team rows. The expected values
in the tests are computed by hand from the rows below; the comments show the arithmetic.
"""

import datetime as dt
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from queries import Settings

# With so few responses the fixture ranks a city from 2 responses on (CC, with 1, stays unranked).
FIXTURE_SETTINGS = Settings(min_responses_to_rank=2)

T = dt.datetime
D = dt.date

CITIES = {
    "city_code": ["AA", "BB", "CC"],
    "name_zh": ["甲城", "乙城", "丙城"],
    "name_en": ["Alpha", "Beta", "Gamma"],
    "province_zh": ["甲省", "乙省", "丙省"],
    "province_en": ["Alpha Province", "Beta Province", "Gamma Province"],
    "region": ["north", "east", "south"],
    "lat": [39.9, 31.2, 23.1],
    "lon": [116.4, 121.5, 113.3],
}

# February: AA speed (80+90)/2=85, resolution 75, attitude 90, follow-up 60 (one null) → index
#   .3·85+.4·75+.2·90+.1·60 = 79.5;  BB 70/60/80/50 → 66.0.
#   Nation: speed 80, resolution 70, attitude 86.67, follow-up 55 → 74.8333.
# March: AA 95/85/95/75 → 89.0 (NPS: 10 promoter, 8 passive → +50); BB twice 60/50/70/40 → 56.0
#   (NPS 3, 3 → −100); CC 100/100/100/100 → 100.0 with 1 response (unranked: rank AA 1, BB 2).
#   Nation: speed (100+90+60+100+60)/5 = 82, resolution 74, attitude 86, follow-up 66
#   → 24.6 + 29.6 + 17.2 + 6.6 = 78.0; NPS: 1 promoter, 2 detractors of 4 answers → −25.
SURVEY_RESPONSES = {
    "response_id": ["r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9"],
    "city_code": ["AA", "AA", "BB", "AA", "AA", "BB", "CC", "AA", "BB"],
    "submitted_at": [T(2025, 2, 10, 9), T(2025, 2, 20, 9), T(2025, 2, 5, 9), T(2025, 3, 1, 0, 0),
                     T(2025, 3, 31, 23, 59), T(2025, 3, 15, 12), T(2025, 3, 15, 12), T(2025, 4, 1, 0, 0),
                     T(2025, 3, 20, 18)],
    "channel": ["phone", "chat", "app", "phone", "email", "social", "chat", "phone", "app"],
    "speed": [80.0, 90.0, 70.0, 100.0, 90.0, 60.0, 100.0, 50.0, 60.0],
    "resolution": [70.0, 80.0, 60.0, 90.0, 80.0, 50.0, 100.0, 50.0, 50.0],
    "attitude": [90.0, 90.0, 80.0, 100.0, 90.0, 70.0, 100.0, 50.0, 70.0],
    "follow_up": [60.0, None, 50.0, 80.0, 70.0, 40.0, 100.0, 50.0, 40.0],
    "nps": [9, 6, 7, 10, 8, 3, None, 5, 3],
    "low_score_reason": [None, None, "slow_response", None, None, "dialect", None, "unresolved", "dialect"],
    "comment": [None, "还行", "等太久了", "很满意", None, "听不懂方言", None, "没解决", "客服听不懂我说话"],
    "ticket_id": [None, None, None, "t1", None, "t3", None, None, None],
}

# March: 3 tickets, 2 complaints; answered t1 after 1.5 h and t2 after 3 h → average 2.25 h;
#   within 2 h: t1 only → first-response rate 1/3. February: 1 ticket (a logistics complaint).
TICKETS = {
    "ticket_id": ["t1", "t2", "t3", "t4"],
    "city_code": ["AA", "AA", "BB", "BB"],
    "created_at": [T(2025, 3, 2, 8), T(2025, 3, 5, 10), T(2025, 3, 10, 12), T(2025, 2, 10, 8)],
    "first_response_at": [T(2025, 3, 2, 9, 30), T(2025, 3, 5, 13), None, T(2025, 2, 10, 8, 30)],
    "resolved_at": [T(2025, 3, 3, 8), None, None, T(2025, 2, 11, 8)],
    "category": ["logistics", "product", "dialect", "logistics"],
    "is_complaint": [True, False, True, True],
    "priority": ["high", "normal", "high", "low"],
    "handled_by": ["full_time", "part_time", "part_time", "assistant"],
    "escalation_level": [1, 2, 3, 1],
    "lost_in_incident": [None, None, "INC1", None],
    "repeat_of": [None, None, None, None],
}

# AA in March: 100 + 300 inquiries over 2 days → 200 a day; 20 seat-days → 20 inquiries per seat-day.
CONTACT_CENTER_DAILY = {
    "date": [D(2025, 3, 1), D(2025, 3, 2)],
    "city_code": ["AA", "AA"],
    "inquiries": [100, 300],
    "assistant_handled": [40, 120],
    "answered_within_60s": [90, 210],
    "seats_on_duty": [10, 10],
}

# March: seat-weighted attrition (10·0.10 + 30·0.02)/40 = 0.04.
TEAM_MONTHLY = {
    "month": [D(2025, 3, 1), D(2025, 3, 1)],
    "city_code": ["AA", "BB"],
    "seats": [10, 30],
    "part_time_share": [0.2, 0.5],
    "dialect_coverage": [0.9, 0.3],
    "assistant_penetration": [0.6, 0.4],
    "attrition_rate": [0.10, 0.02],
    "training_hours_per_agent": [12.0, 4.0],
    "skill_assessment_share": [0.5, 0.25],
    "triage_enabled": [True, False],
}

INCIDENTS = {
    "incident_id": ["INC1"],
    "system": ["CRM"],
    "started_at": [T(2025, 3, 10, 11)],
    "ended_at": [T(2025, 3, 10, 15)],
    "city_code": [None],
    "tickets_lost": [1],
    "title_zh": ["CRM系统宕机"],
    "title_en": ["CRM outage"],
}

TABLES = {
    "cities": CITIES,
    "survey_responses": SURVEY_RESPONSES,
    "tickets": TICKETS,
    "contact_center_daily": CONTACT_CENTER_DAILY,
    "team_monthly": TEAM_MONTHLY,
    "incidents": INCIDENTS,
}

SCHEMAS = {
    "cities": {"lat": pa.float64(), "lon": pa.float64()},
    "survey_responses": {"submitted_at": pa.timestamp("us"), "speed": pa.float64(), "resolution": pa.float64(),
                         "attitude": pa.float64(), "follow_up": pa.float64(), "nps": pa.int32(),
                         "low_score_reason": pa.string(), "comment": pa.string(), "ticket_id": pa.string()},
    "tickets": {"created_at": pa.timestamp("us"), "first_response_at": pa.timestamp("us"),
                "resolved_at": pa.timestamp("us"), "escalation_level": pa.int32(),
                "lost_in_incident": pa.string(), "repeat_of": pa.string()},
    "incidents": {"city_code": pa.string(), "started_at": pa.timestamp("us"), "ended_at": pa.timestamp("us")},
}


def table(name: str, **replacements: list) -> pa.Table:
    """The fixture table `name` as Arrow, with some columns replaced (to make bad inputs)."""
    columns = {**TABLES[name], **replacements}
    types = SCHEMAS.get(name, {})
    return pa.table({k: v if isinstance(v, pa.Array) else pa.array(v, type=types.get(k))
                     for k, v in columns.items()})


def write_fixture(directory: Path, skip: tuple[str, ...] = ()) -> Path:
    """Write the fixture exports into `directory` (created if needed) and return it."""
    directory.mkdir(parents=True, exist_ok=True)
    for name in TABLES:
        if name not in skip:
            pq.write_table(table(name), directory / f"{name}.parquet")
    return directory


# The exports' modification times a test sets: fixed, in the past (a file written during a test is newer).
EXPORTED = dt.datetime(2025, 4, 1, 8, tzinfo=dt.UTC)


def exported_at(path: Path, minute: int) -> None:
    """Give `path` the modification time of an export written `minute` minutes after EXPORTED: which of two
    conflicting rows is kept depends on it (the newest export's), so tests set it rather than race the clock (files
    written in the same millisecond are taken in path order)."""
    when = (int(EXPORTED.timestamp()) + minute * 60) * 1_000_000_000
    os.utime(path, ns=(when, when))


def write_responses(path: Path, ids: list[str], **replacements) -> None:
    """Fixture responses under new ids (the first len(ids) rows), with some columns replaced."""
    rows = table("survey_responses").slice(0, len(ids))
    columns = {"response_id": ids, **replacements}
    for name, values in columns.items():
        rows = rows.set_column(rows.schema.get_field_index(name), name, pa.array(values, rows.schema.field(name).type))
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written beside and renamed, as an export job replaces a file: a reader never sees it half-written.
    written = path.with_suffix(".writing")
    pq.write_table(rows, written)
    later = max(written.stat().st_mtime_ns, path.stat().st_mtime_ns if path.exists() else 0) + 1_000
    os.utime(written, ns=(later, later))  # a new version, always
    os.replace(written, path)
