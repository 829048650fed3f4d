"""Presentation mode in Streamlit's AppTest: `present=1` on any page shows the review's slides instead of the page,
`slide=N` picks the slide (clamped, garbage-proof), the buttons move through the slides in the URL, the exit returns
to the same view, and a city selection makes the slides about those cities."""

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from csat.frame import PAGES
from csat.markup import plain
from review.slides import build_review
from tests.apptest_support import open_page, rendered

MARCH = dt.date(2025, 3, 1)


def titles(lang: str, cities: tuple[str, ...] = ()) -> list[str]:
    return [slide.title for slide in build_review(MARCH, cities, lang).slides]


def url(app: AppTest, key: str) -> list[str]:
    """A URL parameter's values (AppTest keeps a value set by the page as a string, a repeated one as a list)."""
    value = app.query_params.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def shown_title(app: AppTest) -> str:
    assert not app.exception, [e.message for e in app.exception]
    return rendered(app.title[0].value)  # a title may name cities: escaped, shown as written


@pytest.fixture(scope="module")
def presenting_zh() -> AppTest:
    return open_page("app.py", lang="zh", month="2025-03", present="1", slide="1")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.key)
def test_present_on_every_page_opens_the_presentation(page):
    app = open_page(page.path, lang="en", month="2025-03", present="1")
    assert shown_title(app) == titles("en")[0]
    assert url(app, "slide") == ["1"], "the address bar names the slide shown"
    assert len(app.sidebar) == 0, "no sidebar in presentation mode"
    assert {"present_previous", "present_next", "present_exit"} <= {b.key for b in app.button}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_slide_shows_its_title(lang):
    expected = titles(lang)
    assert len(expected) >= 6
    app = open_page("app.py", lang=lang, month="2025-03", present="1", slide="1")
    for number, title in enumerate(expected, start=1):
        app.query_params["slide"] = str(number)
        app.run()
        assert shown_title(app) == title
        assert any(t.value == f"{number} / {len(expected)}" for t in app.text), "the slide counter"


@pytest.mark.parametrize(("asked", "shown"), [("0", 1), ("-3", 1), ("99", None), ("abc", 1), ("", 1), ("2.5", 1),
                                               ("3", 3)])
def test_out_of_range_or_garbage_slides_clamp(presenting_zh, asked, shown):
    expected = titles("zh")
    shown = shown or len(expected)
    presenting_zh.query_params["slide"] = asked
    presenting_zh.run()
    assert shown_title(presenting_zh) == expected[shown - 1]
    assert url(presenting_zh, "slide") == [str(shown)]


def test_next_and_previous_write_the_slide_to_the_url(presenting_zh):
    count = len(titles("zh"))
    presenting_zh.query_params["slide"] = "1"
    presenting_zh.run()
    presenting_zh.button(key="present_next").click().run()
    assert url(presenting_zh, "slide") == ["2"]
    presenting_zh.button(key="present_key_right").click().run()  # the arrow key's button
    assert url(presenting_zh, "slide") == ["3"]
    presenting_zh.button(key="present_previous").click().run()
    assert url(presenting_zh, "slide") == ["2"]
    presenting_zh.button(key="present_key_up").click().run()
    presenting_zh.button(key="present_key_left").click().run()  # already on the first slide: stays there
    assert url(presenting_zh, "slide") == ["1"]
    assert shown_title(presenting_zh) == titles("zh")[0]
    presenting_zh.button(key="present_key_end").click().run()
    presenting_zh.button(key="present_key_space").click().run()  # past the last slide: stays there
    assert url(presenting_zh, "slide") == [str(count)]
    assert shown_title(presenting_zh) == titles("zh")[-1]


def test_exit_returns_to_the_same_view():
    app = open_page("pages/trends.py", lang="en", month="2025-02", city=["BJ", "LZ"], present="1", slide="3")
    app.button(key="present_exit").click().run()
    assert not app.exception
    assert "present" not in app.query_params and "slide" not in app.query_params
    assert url(app, "month") == ["2025-02"] and url(app, "city") == ["BJ", "LZ"]
    assert url(app, "lang") == ["en"]
    assert len(app.sidebar) > 0, "the dashboard again, with its sidebar"
    assert app.title[0].value not in titles("en", ("BJ", "LZ"))


def test_the_sidebar_button_starts_the_presentation_of_the_view():
    app = open_page("pages/plan.py", lang="en", month="2025-03", city=["WLMQ"])
    app.button(key="frame_present").click().run()
    assert url(app, "present") == ["1"] and url(app, "slide") == ["1"]
    assert url(app, "city") == ["WLMQ"]
    assert shown_title(app) == titles("en", ("WLMQ",))[0]


def test_a_city_selection_makes_the_slides_about_those_cities():
    app = open_page("app.py", lang="en", month="2025-03", city=["WLMQ", "LZ"], present="1", slide="1")
    assert shown_title(app) == "The month at a glance"
    labels = [m.label for m in app.metric]
    assert "National satisfaction index" in labels, "the nation is the benchmark"
    assert any(t.value.startswith("Urumqi, Lanzhou · ") for t in app.text), "the footer names the selection"
    diagnosis = titles("en", ("WLMQ", "LZ")).index("Low-satisfaction diagnosis: Urumqi, Lanzhou") + 1
    app.query_params["slide"] = str(diagnosis)
    app.run()
    assert shown_title(app) == "Low-satisfaction diagnosis: Urumqi, Lanzhou"
    assert list(app.table[0].value.columns)[1:] == ["Urumqi", "Lanzhou", "Nationwide"]


def test_figures_are_coloured_by_whether_the_change_is_good():
    def cards():
        from csat.presentation import _figures
        from review.slides import Figure

        _figures((Figure("Complaints", "120", "+20", "bad"), Figure("Response hours", "1.5", "-0.4", "good"),
                  Figure("Responses", "5,000", "+10", "neutral")))

    app = AppTest.from_function(cards).run()
    shown = {m.label: m.proto for m in app.metric}
    bad_rise, good_fall, neutral = shown["Complaints"], shown["Response hours"], shown["Responses"]
    assert (bad_rise.color, bad_rise.direction) == (bad_rise.RED, bad_rise.UP)
    assert (good_fall.color, good_fall.direction) == (good_fall.GREEN, good_fall.DOWN)
    assert neutral.color == neutral.GRAY


def test_slide_text_is_plain_text_never_markup(presenting_zh):
    review = build_review(MARCH, (), "zh")
    for number, slide in enumerate(review.slides, start=1):
        presenting_zh.query_params["slide"] = str(number)
        presenting_zh.run()
        shown = {t.value for t in presenting_zh.text}
        assert {f"• {bullet}" for bullet in slide.bullets} <= shown
        assert not presenting_zh.markdown or all(slide.title not in m.value for m in presenting_zh.markdown)
    assert plain("**bold** [link](x) <b>") == r"\*\*bold\*\* \[link\]\(x\) \<b\>"
