"""The URL's filters: a value that is wrong is dropped with a note naming it, in both languages, shown as code
(a link's values are anyone's: never read as markdown)."""

import datetime as dt

from csat.frame import note_naming, parse_filters
from csat.i18n import Translator

MONTHS = [dt.date(2025, 2, 1), dt.date(2025, 3, 1)]


def test_bad_values_are_named_as_problems():
    filters, problems = parse_filters({"month": ["2025-13"], "city": ["AA", "ZZ", "YY"], "lang": ["en"]}, MONTHS,
                                      ["AA", "BB"])
    assert (filters.month, filters.cities) == (dt.date(2025, 3, 1), ("AA",))
    assert problems == [("frame.bad_month", ("2025-13",)), ("frame.unknown_city", ("ZZ", "YY"))]


def test_a_month_missing_from_the_data_is_named():
    _, problems = parse_filters({"month": ["2031-01"]}, MONTHS, ["AA"])
    assert problems == [("frame.unknown_month", ("2031-01",))]


def test_notes_name_the_values_in_both_languages():
    assert note_naming("frame.unknown_city", ("ZZ", "YY"), Translator("en")) == (
        "The link named unknown city codes `ZZ`, `YY`; they were ignored.")
    assert note_naming("frame.unknown_city", ("ZZ", "YY"), Translator("zh")) == (
        "链接中有未知的城市代码 `ZZ`、`YY`，已忽略。")
    assert note_naming("frame.unknown_month", ("2031-01",), Translator("zh")) == (
        "链接中的月份 `2031-01` 在数据中不存在，已显示最新月份。")


def test_a_named_value_is_code_cut_short_never_markdown():
    # 27 + 1 + 5 + 1 characters, then 6 of the 40 y: the backtick and the line break become spaces.
    value = "[click](http://example.com)`**x**\n" + "y" * 40
    assert note_naming("frame.unknown_city", (value,), Translator("en")) == (
        "The link named an unknown city code `[click](http://example.com) **x** yyyyyy…`; it was ignored.")
