"""Numbers a reader trusts: no "nan", no "−0.0", a change that never contradicts the values beside it, units on
every figure, 万 in Chinese, singular and plural, and a driver relationship the data cannot tell says so."""

import re

import pandas as pd
import pytest

from csat import formats, kpis
from csat.i18n import Translator
from csat.tables import causes as cause_tables
from tests.apptest_support import open_every_tab, open_page

EN, ZH = Translator("en"), Translator("zh")


@pytest.mark.parametrize(("value", "spec", "text"), [(-0.04, ".1f", "0.0"), (-0.004, ".0%", "0%"),
                                                     (3.14159, ".2f", "3.14"), (float("nan"), ".1f", "–"),
                                                     (None, ".1f", "–")])
def test_a_number_is_never_nan_or_negative_zero(value, spec, text):
    assert formats.number(value, spec) == text


@pytest.mark.parametrize(("value", "spec", "text"), [(0.04, ".1f", "0.0"), (-0.04, ".1f", "0.0"), (0, ",", "0"),
                                                     (1.25, ".1f", "+1.2"), (-3, ",", "-3"), (0.004, ".0%", "0%")])
def test_a_change_has_a_sign_only_when_it_is_not_zero_as_written(value, spec, text):
    assert formats.signed(value, spec) == text


def test_a_change_is_the_difference_of_the_values_as_written():
    hours = kpis.AVG_FIRST_RESPONSE
    # 1.46 h after 1.44 h reads "1.5 h" after "1.4 h": the change is +0.1 h, not "+0.0 h".
    assert (hours.format_value(1.46), hours.format_value(1.44)) == ("1.5 h", "1.4 h")
    assert hours.format_delta(0.02, 1.44, value=1.46) == "+0.1 h"
    # 83.24 after 83.16 reads 83.2 after 83.2: unchanged, without a sign, and neutral.
    assert kpis.INDEX.format_delta(0.08, 83.16, value=83.24) == "0.0"
    assert kpis.INDEX.tone(0.08, 83.16, 83.24) == "neutral"
    assert kpis.INDEX.tone(-1.2, 84.4, 83.2) == "bad" and hours.tone(-0.5, 2.0, 1.5) == "good"
    # A share written in whole percent changes by whole points.
    assert kpis.FIRST_RESPONSE_RATE.format_delta(0.006, 0.341, value=0.347) == "+1 pp"


def test_an_unchanged_card_is_grey_without_an_arrow():
    from streamlit.testing.v1 import AppTest

    def card():
        import pandas as pd

        from csat import kpis
        from csat.components import kpi_card
        from csat.i18n import Translator

        row = pd.Series({"index": 83.24, "index_prev": 83.16, "index_delta": 0.08})
        kpi_card(kpis.INDEX, row, pd.DataFrame(), Translator("en"))

    app = AppTest.from_function(card).run()
    metric = app.metric[0]
    assert (metric.value, metric.delta) == ("83.2", "0.0")
    assert metric.proto.color == metric.proto.GRAY and metric.proto.direction == metric.proto.NONE


def test_large_counts_read_in_wan_in_chinese_and_with_separators_in_english():
    assert kpis.RESPONSES.format_value(123_456, "zh") == "12.3万"
    assert kpis.RESPONSES.format_value(123_456, "en") == "123,456"


def test_training_hours_carry_their_unit():
    assert kpis.TRAINING_HOURS.format_value(12.0, "en") == "12.0 h"
    assert kpis.TRAINING_HOURS.format_value(12.0, "zh") == "12.0 小时"
    assert kpis.TRAINING_HOURS.titled("en") == "Training hours per agent (h)"


def test_counts_are_singular_for_one():
    assert EN("frame.city_count", count=1) == "1 city" and EN("frame.city_count", count=3) == "3 cities"
    assert EN("frame.selection", count=1) == "1 selected city"
    assert ZH("frame.city_count", count=1) == "1 个城市"


def test_a_driver_relationship_the_data_cannot_tell_says_so():
    pair = pd.Series({"factor": "assistant_penetration", "outcome": "index", "r": float("nan"),
                      "slope": float("nan"), "intercept": float("nan"), "r2": float("nan"), "observations": 160,
                      "x_min": 0.0, "x_max": 0.0})
    reading = cause_tables.pair_reading(pair, EN)
    assert "cannot tell" in reading and "nan" not in reading.lower()
    assert cause_tables.slope_text(pair, EN) == "–"


NOT_A_NUMBER = re.compile(r"\bnan\b|−0\.0\b|-0\.0\b|\+0\.0\b|\+nan", re.IGNORECASE)


def page_texts(app) -> list[str]:
    """Every text the page shows: markdown, captions, metrics and the cells of its tables."""
    texts = [e.value for e in (*app.markdown, *app.caption, *app.title, *app.subheader)]
    texts += [f"{m.value} {m.delta}" for m in app.metric]
    for table in app.dataframe:
        frame = table.value
        frame = frame.data if hasattr(frame, "data") else frame
        texts += [str(v) for v in frame.astype(str).to_numpy().ravel()] + [str(c) for c in frame.columns]
    return texts


@pytest.mark.parametrize("month", ["2024-04", "2025-03"])
def test_the_causes_page_shows_no_nan_or_negative_zero(month):
    bad = [text for app in open_every_tab("pages/causes.py", lang="en", month=month) for text in page_texts(app)
           if NOT_A_NUMBER.search(text)]
    assert bad == []


def test_the_overview_names_the_chosen_city_in_its_scope_line():
    app = open_page("app.py", lang="en", month="2025-03", city=["HHHT"])
    scope = app.caption[0].value
    assert scope.startswith("Hohhot · 1 city · ")
