"""Questions answered from a table kept per export version for every month (queries/views/city_month_*.sql, and the
summaries comment_theme_city_month and response_channel_city_month) give exactly what the question worked out for
the one month gave (its SQL as it was: tests/reference_questions/), for every month of the data, the months just
outside it, and chosen cities."""

import contextlib
import datetime as dt
from pathlib import Path

import pytest

from queries import DEFAULT_SETTINGS, catalogue, loader, runner
from queries.settings import BUNDLED_DEMO_DATA
from tests.fixture_data import FIXTURE_SETTINGS
from tests.test_store import assert_same

REFERENCE_QUESTIONS = Path(__file__).with_name("reference_questions")
# The kept questions, each with the parameter variants asked besides the month (CHOSEN: the data's chosen cities).
CHOSEN = object()


class ChosenCity(int):
    """The chosen city at this position of the data's chosen cities."""


KEPT_QUESTIONS = {
    "city_scores": ({"cities": []}, {"cities": CHOSEN}),
    "rank_streaks": ({"cities": []}, {"cities": CHOSEN}),
    "early_warning": ({"warned_only": 0}, {"warned_only": 1}),
    # Pooled from per-city summaries (comment_theme_city_month, response_channel_city_month) instead of the raw rows.
    "comment_themes": ({"cities": []}, {"cities": CHOSEN}, {"cities": ["XX"]}),
    "city_channels": ({"city": ChosenCity(0), "months": 3}, {"city": ChosenCity(1), "months": 0},
                      {"city": ChosenCity(1), "months": 1}, {"city": "XX", "months": 6}),
}


def months_around(cursor, before: int, after: int) -> list[dt.date]:
    """Every month of the data, with `before` months before the first and `after` after the last."""
    [(first, last)] = cursor.execute("SELECT min(month), max(month) FROM kpi_city_month").fetchall()
    months = [catalogue.parse_month(first)]
    for _ in range(before):
        months.insert(0, catalogue.parse_month(months[0] - dt.timedelta(days=1)))
    while months[-1] < last:
        months.append(catalogue.parse_month(months[-1] + dt.timedelta(days=31)))
    for _ in range(after):
        months.append(catalogue.parse_month(months[-1] + dt.timedelta(days=31)))
    return months


@pytest.mark.parametrize(("data", "settings", "chosen"), [
    ("fixture", FIXTURE_SETTINGS, ["CC", "AA"]),
    ("demo", DEFAULT_SETTINGS, ["WLMQ", "BJ", "LZ"]),
])
@pytest.mark.parametrize("name", KEPT_QUESTIONS)
def test_a_kept_question_answers_every_month_as_worked_out_for_that_month(name, data, settings, chosen,
                                                                            fixture_dir):
    data_dir = fixture_dir if data == "fixture" else BUNDLED_DEMO_DATA
    with contextlib.closing(loader.build_database(data_dir, settings)) as con:
        cursor = con.cursor()
        reference = (REFERENCE_QUESTIONS / f"{name}.sql").read_text(encoding="utf-8")
        kept = catalogue.query_info(name).sql
        # Past the trend window after the data too: early warnings are projected from the months before.
        months = months_around(cursor, 3, settings.warning_window_months + 3)
        data_months = {month for (month,) in cursor.execute("SELECT DISTINCT month FROM kpi_city_month").fetchall()}
        answered = set()
        for month in months:
            for variant in KEPT_QUESTIONS[name]:
                given = {key: chosen if value is CHOSEN else chosen[value] if isinstance(value, ChosenCity) else value
                         for key, value in variant.items()}
                bound = {"month": month, **given}
                expected = runner.execute(cursor, reference, bound)
                assert_same(runner.execute(cursor, kept, bound), expected, f"{name} {bound}")
                if len(expected):
                    answered.add(month)
        # Every month of the data has an answer, so the comparison compared rows.
        assert data_months <= answered


def test_streaks_count_the_months_in_a_row_in_the_group(fixture_dir):
    # The fixture's ranking (top and bottom group sizes in FIXTURE_SETTINGS) worked out by hand: a city in the top
    # group for the last k months in a row has top_streak k, and 0 when it is not in it now.
    with contextlib.closing(loader.build_database(fixture_dir, FIXTURE_SETTINGS)) as con:
        cursor = con.cursor()
        ranking = cursor.execute("SELECT month, city_code, in_top, in_bottom FROM city_ranking "
                                 "ORDER BY city_code, month").df()
        streaks = cursor.execute("SELECT month, city_code, top_streak, bottom_streak FROM city_month_streaks "
                                 "ORDER BY city_code, month").df()
        for city, rows in ranking.groupby("city_code"):
            top = bottom = 0
            for _, row in rows.iterrows():
                top = top + 1 if row["in_top"] else 0
                bottom = bottom + 1 if row["in_bottom"] else 0
                kept = streaks[(streaks["city_code"] == city) & (streaks["month"] == row["month"])].iloc[0]
                assert (kept["top_streak"], kept["bottom_streak"]) == (top, bottom), (city, row["month"])
        # The fixture's AA ranks first of the ranked in February and March (in both groups of two ranked cities),
        # and is unranked in April: streaks 1, 2, then 0.
        aa = streaks[streaks["city_code"] == "AA"]
        assert aa["top_streak"].tolist() == [1, 2, 0] and aa["bottom_streak"].tolist() == [1, 2, 0]
