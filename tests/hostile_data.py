"""The fixture exports with hostile text in every text column of every table: what another system might write into a
city name, an event title, a comment or an owner — tags, links, images, headings, Streamlit's colour directives,
spreadsheet formulas and a right-to-left override before digits — for the tests that check text from the exports
stays text (tests/test_text_from_exports.py, and the browser test in tests/test_browser.py).

    write_hostile_fixture(directory, port)   # the images and links point at http://127.0.0.1:PORT/…

The rows are those of tests/fixture_data.py (not changed: other tests depend on them), each text prefixed with one
payload (a different one row by row, so that cells start with every formula character) and followed by all the
markup payloads; the survey responses are repeated (RESPONSE_COPIES times, new ids) so that the dashboard's default
settings rank AA and BB; the optional exports the fixture lacks (events, the plan, practices, skills, reported
figures, benchmarks, the long-term plan) are added with hostile texts. Codes and ids stay consistent across tables
(a reference still finds its row); the columns whose values the contract checks against a list (region, category,
kind, metric…) keep valid codes — a hostile value there is a rejected row, never shown.
"""

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from tests import fixture_data
from tests.fixture_data import write_fixture

D = dt.date
RESPONSE_COPIES = 16  # AA and BB then have 32 responses in March (30 rank a city), CC 16 (unranked)
RTL_OVERRIDE = "\u202e"


def markup_payloads(port: int) -> tuple[str, ...]:
    """The payloads that would become markup — and, for the image and the tag, a request to the local `port`."""
    return (f"<img src=http://127.0.0.1:{port}/pwned>", f"[link](http://127.0.0.1:{port}/md)",
            f"![i](http://127.0.0.1:{port}/img.png)", "# heading", ":red[x]")


FORMULAS = ('=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3")


def payloads(port: int) -> tuple[str, ...]:
    """Every payload a text starts with, row by row: the markup, the formulas, and digits after an RTL override."""
    return (*markup_payloads(port), *FORMULAS, f"{RTL_OVERRIDE}12 34")


# City codes start with a formula character (codes reach the CSV files and the URL); ids carry a tag too.
CITY_CODES = {"AA": "=AA", "BB": "+BB", "CC": "@CC"}


def hostile_id(value: str | None, port: int) -> str | None:
    return None if value is None else f"-{value}<img src=http://127.0.0.1:{port}/pwned>"


# Columns holding a city code or an id, in any table; and the columns whose values the contract checks.
CODE_COLUMNS = {"city_code"}
ID_COLUMNS = {"response_id", "ticket_id", "lost_in_incident", "repeat_of", "incident_id", "initiative_id",
              "milestone_id"}
CHECKED_COLUMNS = {"region", "low_score_reason", "category", "priority", "handled_by", "kind", "metric", "effect",
                   "comparison", "practice", "kpi", "dimension", "horizon", "promised_kpi"}


def hostile_columns(columns: dict[str, list], port: int) -> dict[str, list]:
    """A table's columns with every free text spoiled: payload, the original text, then every markup payload."""
    every = payloads(port)
    tail = " · ".join(markup_payloads(port))
    spoiled = {}
    for number, (name, values) in enumerate(columns.items()):
        if name in CODE_COLUMNS:
            spoiled[name] = [CITY_CODES.get(v, v) for v in values]
        elif name in ID_COLUMNS:
            spoiled[name] = [hostile_id(v, port) for v in values]
        elif name in CHECKED_COLUMNS or not any(isinstance(v, str) for v in values):
            spoiled[name] = values
        else:
            spoiled[name] = [None if v is None else f"{every[(row + number) % len(every)]} {v} · {tail}"
                             for row, v in enumerate(values)]
    return spoiled


def _copies(columns: dict[str, list], copies: int) -> dict[str, list]:
    """Every row `copies` times, the response ids made unique."""
    repeated = {name: [v for _ in range(copies) for v in values] for name, values in columns.items()}
    repeated["response_id"] = [f"{v}-{copy}" for copy in range(copies) for v in columns["response_id"]]
    return repeated


def optional_tables() -> dict[str, dict[str, list]]:
    """The optional exports the fixture lacks, with March 2025 rows (before spoiling)."""
    return {
        "events": {
            "date": [D(2025, 3, 5), D(2025, 3, 20)], "city_code": [None, "AA"], "kind": ["positive", "negative"],
            "title_zh": ["全国活动", "甲城停电"], "title_en": ["National campaign", "Alpha power cut"]},
        "initiatives": {
            "initiative_id": ["R-AA", "I-CN"], "step": [1, 2], "title_zh": ["响应提速", "满意度回升"],
            "title_en": ["Response speed-up", "Satisfaction back"], "city_code": ["AA", None],
            "owner": ["甲", "乙"], "metric": ["avg_first_response_hours", "satisfaction_index"],
            "baseline": [3.0, 70.0], "target": [2.0, 80.0], "start_date": [D(2025, 2, 1), D(2025, 2, 1)],
            "due_date": [D(2025, 4, 30), D(2025, 12, 31)], "expected_effect_zh": ["投诉下降", "满意度提升"],
            "expected_effect_en": ["fewer complaints", "higher satisfaction"], "promised_kpi": ["complaints", "index"],
            "promised_change": [-0.5, 0.1]},
        "milestones": {
            "milestone_id": ["M1", "M2", "M3"], "initiative_id": ["R-AA", "R-AA", "I-CN"],
            "title_zh": ["扩容", "分级", "回访"], "title_en": ["Seats", "Triage", "Call-backs"],
            "due_date": [D(2025, 2, 15), D(2025, 3, 15), D(2025, 3, 31)],
            "done_date": [D(2025, 2, 10), None, None]},
        "city_practices": {
            "city_code": ["AA", "BB"], "practice": ["emotion_recognition", "customer_profile"],
            "started_on": [D(2025, 1, 15), D(2025, 2, 2)], "effect_zh": ["处理时长缩短", "回访率提升"],
            "effect_en": ["handling time down", "revisits up"]},
        "team_skills": {
            "month": [D(2025, 3, 1), D(2025, 3, 1)], "city_code": ["AA", "BB"], "certified_share": [0.8, 0.4],
            "senior_certified_share": [0.2, 0.0], "emotion_management": [90.0, 70.0],
            "product_knowledge": [80.0, 60.0], "complex_problem_handling": [70.0, 50.0], "communication": [60.0, 40.0]},
        "driver_figures": {
            "month": [D(2025, 3, 1), D(2025, 3, 1)], "city_code": [None, "BB"],
            "driver_zh": ["智能客服上线", "方言沟通障碍"], "driver_en": ["Assistant launched", "Dialect barrier"],
            "effect": ["positive", "negative"],
            "metric": ["people_handled_simple_share", "misunderstanding_complaint_share"],
            "before": [0.35, None], "value": [0.20, 0.25], "comparison": [None, None],
            "source_zh": ["三月总结", "投诉审计"], "source_en": ["March review", "Complaint audit"]},
        "external_benchmarks": {
            "kpi": ["avg_first_response_hours", "first_response_rate"], "value": [1.0, 0.9],
            "as_of": [D(2025, 1, 1), D(2025, 1, 1)], "source_zh": ["行业基准", "行业报告"],
            "source_en": ["Industry benchmark", "Industry report"]},
        "long_term_plan": {
            "adopted_on": [D(2025, 2, 15)] * 3, "dimension": ["technology", "people", "ecosystem"],
            "horizon": ["short", "medium", "long"], "item": [1, 1, 1],
            "text_zh": ["多轮对话", "个人发展计划", "服务生态联盟"],
            "text_en": ["Multi-turn assistant", "Development plans", "Service alliance"]},
    }


# Arrow types where a column's values alone do not tell (all missing, or a date that must not become a timestamp).
OPTIONAL_TYPES = {"city_code": pa.string(), "step": pa.int32(), "item": pa.int64(), "before": pa.float64(),
                  "comparison": pa.string(), "done_date": pa.date32(), "promised_change": pa.float64()}


def write_hostile_fixture(directory: Path, port: int) -> Path:
    """The hostile fixture exports in `directory` (created if needed); the payloads point at 127.0.0.1:`port`."""
    write_fixture(directory)
    for name, columns in fixture_data.TABLES.items():
        if name == "survey_responses":
            columns = _copies(columns, RESPONSE_COPIES)
        pq.write_table(fixture_data.table(name, **hostile_columns(columns, port)), directory / f"{name}.parquet")
    for name, columns in optional_tables().items():
        spoiled = hostile_columns(columns, port)
        pq.write_table(pa.table({k: pa.array(v, type=OPTIONAL_TYPES.get(k)) for k, v in spoiled.items()}),
                       directory / f"{name}.parquet")
    return directory
