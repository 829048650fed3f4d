"""The review as slides (review/slides.py) on the hand-computed fixture: which sections exist, in the review's
order, and the figures they carry (tests/fixture_data.py shows the arithmetic)."""

import datetime as dt

from review.slides import SLIDE_KEYS, build_review
from review.summary import month_summary
from tests.fixture_data import FIXTURE_SETTINGS

MARCH = dt.date(2025, 3, 1)


def fixture_review(fixture_dir, cities=(), lang="en"):
    return build_review(MARCH, cities, lang, data_dir=fixture_dir, settings=FIXTURE_SETTINGS)


def test_sections_follow_the_review_and_skip_what_has_no_data(fixture_dir):
    review = fixture_review(fixture_dir)
    keys = [slide.key for slide in review.slides]
    # The fixture has no improvement plan and no long-term plan (optional exports).
    assert keys == [key for key in SLIDE_KEYS if key not in ("plan", "long_term")]
    assert review.scope == "Nationwide" and review.title == "Customer satisfaction review, March 2025"


def test_cover_carries_the_months_figures_with_coloured_changes(fixture_dir):
    cover = fixture_review(fixture_dir).slides[0]
    figures = {figure.label: figure for figure in cover.figures}
    # Index 78.0 against 74.83; attitude 86.0 against 86.67 (a fall: bad); 3 tickets against 1 (+200%).
    assert (figures["Satisfaction index"].value, figures["Satisfaction index"].delta) == ("78.0", "+3.2")
    assert figures["Satisfaction index"].tone == "good"
    assert (figures["Service attitude"].delta, figures["Service attitude"].tone) == ("-0.7", "bad")
    assert figures["Feedback cases"].delta == "+2 (+200%)" and figures["Feedback cases"].tone == "neutral"


def test_a_chosen_city_is_shown_with_the_nation_as_benchmark(fixture_dir):
    review = fixture_review(fixture_dir, cities=("BB",))
    figures = {figure.label: figure.value for figure in review.slides[0].figures}
    assert figures["Satisfaction index"] == "56.0" and figures["National satisfaction index"] == "78.0"
    assert review.scope == "Beta"
    diagnosis = next(slide for slide in review.slides if slide.key == "diagnosis")
    assert list(diagnosis.table.columns) == ["Figure", "Beta", "Nationwide"]
    # BB: 30 seats; dialect coverage 30% against the seat-weighted (10·0.9 + 30·0.3)/40 = 45%.
    rows = diagnosis.table.set_index("Figure")
    assert rows.loc["Agent seats", "Beta"] == "30" and rows.loc["Agent seats", "Nationwide"] == "40"
    assert rows.loc["Dialect coverage", "Beta"] == "30%" and rows.loc["Dialect coverage", "Nationwide"] == "45%"


def test_conclusions_and_notes_are_the_written_summary(fixture_dir):
    review = fixture_review(fixture_dir)
    summary = month_summary(MARCH, (), "en", data_dir=fixture_dir, settings=FIXTURE_SETTINGS)
    conclusions = review.slides[-1]
    assert conclusions.key == "conclusions" and conclusions.bullets == summary.texts()
    assert review.slides[0].notes == summary.texts("overview")
    assert "Data as of" in review.footer and review.footer.startswith("Nationwide · ")
