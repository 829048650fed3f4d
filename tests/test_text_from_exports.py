"""Text from the exports is text on every page, on exports whose every text column holds tags, links, images,
headings, colour directives, spreadsheet formulas and a right-to-left override before digits (tests/hostile_data.py;
what is checked: tests/text_checks.py). The written summary holds the same texts as written (plain text: the page
escapes it). Presentation mode and the slides: tests/test_text_in_presentation.py; the CSV files and the helpers:
tests/test_csv_and_markup.py; what a browser makes of it (no request to the payloads' addresses, no image, link or
heading from the data): tests/test_text_browser.py.
"""

import json

import pandas as pd
import pytest

from csat.frame import PAGES
from csat.i18n import Translator
from csat.markup import plain
from tests.apptest_support import open_every_tab, open_page
from tests.hostile_data import RTL_OVERRIDE
from tests.text_checks import MARCH, MARKUP, assert_text_stays_text, hostile_data_dir


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory):
    yield from hostile_data_dir(tmp_path_factory)


@pytest.fixture(scope="module")
def overview_en(hostile_dir):
    return open_page("app.py", lang="en", month=MARCH)


def test_the_overview_shows_the_exports_texts_as_text(overview_en):
    assert_text_stays_text(overview_en)


# Every page with two chosen cities (their names in the scope lines, the diagnosis, the links), the pages that read
# the month's ranking without a choice (the bottom cities' diagnosis, the leaders) and the unranked city's page.
@pytest.mark.parametrize(("path", "lang", "cities"), [
    *((page.path, "en", ["=AA", "+BB"]) for page in PAGES), ("app.py", "zh", []), ("pages/causes.py", "zh", []),
    ("pages/trends.py", "zh", []), ("pages/city.py", "zh", ["@CC"])], ids=str)
def test_every_page_shows_the_exports_texts_as_text(hostile_dir, path, lang, cities):
    # The data-quality page names export texts only where rows were rejected or cities lack data: none here.
    assert_text_stays_text(*open_every_tab(path, lang=lang, month=MARCH, city=cities),
                           data_shown=path != "pages/quality.py")


def test_the_map_shows_names_as_written(overview_en):
    # The tooltip's fields as written (Streamlit's map escapes them as it fills its HTML template: the browser test
    # hovers a city), the labels too; neither keeps a bidirectional control.
    deck = json.loads(overview_en.get("deck_gl_json_chart")[0].proto.json)
    cities = next(layer for layer in deck["layers"] if layer["id"] == "cities")["data"]
    assert all(MARKUP[0] in city["name"] and RTL_OVERRIDE not in city["name"] for city in cities)
    labels = next(layer for layer in deck["layers"] if layer["id"] == "labels")["data"]
    assert labels and all(MARKUP[0] in label["label"] and RTL_OVERRIDE not in label["label"] for label in labels)


# --- the written summary: plain text holding the payload as written; Markdown on the page, escaped ------------

def test_the_summary_holds_the_exports_texts_as_written(hostile_dir, overview_en):
    from review.summary import month_summary

    texts = month_summary(pd.Timestamp(MARCH).date(), (), "en", data_dir=hostile_dir).texts()
    joined = " ".join(texts)
    assert MARKUP[0] in joined and "\\<" not in joined  # plain text, not yet escaped: renderers escape it
    # On the overview the summary is Markdown: the payload escaped, so it shows as written.
    app = overview_en
    chapter = f"**{Translator('en')('summary.chapter.overview')}**"
    summary = next(block.value for block in app.markdown if block.value.startswith(chapter))
    assert plain(MARKUP[0]) in summary and MARKUP[0] not in summary
