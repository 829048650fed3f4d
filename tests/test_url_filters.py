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


def test_a_month_without_tickets_is_not_the_default_and_says_its_ticket_figures_are_missing(fixture_dir, monkeypatch):
    from tests.apptest_support import open_page

    # The fixture's April has a survey response but no ticket yet (a late ticket export).
    monkeypatch.setenv("CSAT_DATA_DIR", str(fixture_dir))
    opened = open_page("app.py", lang="en")
    assert opened.session_state["frame_month"] == dt.date(2025, 3, 1)  # the sidebar's month: March
    assert not [i for i in opened.info if "No tickets have arrived" in i.value]
    april = open_page("app.py", lang="en", month="2025-04")
    assert [i.value for i in april.info if "No tickets" in i.value] == [
        "No tickets have arrived for April 2025 yet: this month's ticket figures (feedback cases, complaints, first "
        "response…) are missing, not zero."]
    chinese = open_page("pages/trends.py", lang="zh", month="2025-04")
    assert "2025年4月的工单数据尚未导入：本月与工单有关的数字（反馈量、投诉、首次响应等）暂缺，而不是零。" in [
        i.value for i in chinese.info]


def test_the_default_month_is_the_one_given_by_the_query_layer():
    filters, problems = parse_filters({"month": ["2031-01"]}, MONTHS, ["AA"], default_month=dt.date(2025, 2, 1))
    assert filters.month == dt.date(2025, 2, 1) and problems == [("frame.unknown_month", ("2031-01",))]
    assert parse_filters({}, MONTHS, ["AA"], default_month=dt.date(2025, 2, 1))[0].month == dt.date(2025, 2, 1)
