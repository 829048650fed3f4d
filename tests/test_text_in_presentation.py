"""Text from the exports is text in presentation mode and on the slides, on the hostile exports (tests/hostile_data.py;
what is checked: tests/text_checks.py): every slide in Streamlit's AppTest, titles (the diagnosis names its cities),
tables, bullets and the footer included; the review's model holds the texts as written (plain text: each renderer
escapes it for itself, the deck writes it as text runs)."""

import pandas as pd
import pytest

from tests.apptest_support import open_page
from tests.text_checks import MARCH, MARKUP, assert_text_stays_text, hostile_data_dir


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory):
    yield from hostile_data_dir(tmp_path_factory)


def test_presentation_mode_shows_every_slide_as_text(hostile_dir):
    app = open_page("app.py", lang="en", month=MARCH, city=["=AA", "+BB"], present="1", slide="1")
    assert_text_stays_text(app, data_shown=False)  # the cover: figures only
    for number in range(2, 20):
        app.query_params["slide"] = str(number)
        app.run()
        if app.query_params["slide"] != [str(number)] and app.query_params["slide"] != str(number):
            break  # past the last slide: the slide number is held at the last one
        assert_text_stays_text(app, data_shown=False)
    assert number > 5, "the review has its slides"


def test_the_slides_hold_the_exports_texts_as_written(hostile_dir):
    from review.slides import build_review

    review = build_review(pd.Timestamp(MARCH).date(), ("=AA",), "en", data_dir=hostile_dir)
    texts = [review.scope, *(text for slide in review.slides for text in (slide.title, *slide.bullets, *slide.notes))]
    assert any(MARKUP[0] in text for text in texts)
    tables = [slide.table for slide in review.slides if slide.table is not None]
    assert any(MARKUP[0] in str(cell) for table in tables for cell in [*table.columns, *table.to_numpy().ravel()])
