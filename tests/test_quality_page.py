"""The data-quality page in Streamlit's AppTest: the demo data's tables in both languages, a fixture with rejected rows
(counts, rules and example rows), missing and thin data for the chosen month, a broken refresh, and the sidebar's
rejected-rows count linking to the page with the view's filters."""

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from csat.markup import plain
from tests.apptest_support import open_page
from tests.fixture_data import SURVEY_RESPONSES, table, write_fixture


def sidebar_quality_link(app):
    return next(link.proto for link in app.sidebar.get("page_link") if link.proto.label == "Data quality details →")


@pytest.fixture
def rejected_exports(tmp_path, monkeypatch):
    """The fixture with r1's speed out of range and a second copy of r9 (a duplicate key) in the survey responses."""
    write_fixture(tmp_path)
    speeds = [120.0, *SURVEY_RESPONSES["speed"][1:]]
    responses = table("survey_responses", speed=speeds)
    pq.write_table(pa.concat_tables([responses, responses.slice(8, 1)]), tmp_path / "survey_responses.parquet")
    monkeypatch.setenv("CSAT_DATA_DIR", str(tmp_path))
    return tmp_path


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_shows_every_table_of_the_demo_data(lang):
    app = open_page("pages/quality.py", lang=lang, month="2025-03")
    assert app.title[0].value == ("Data quality" if lang == "en" else "数据质量")
    files, overview = app.dataframe[0].value, app.dataframe[1].value
    assert len(files) == 14 and len(overview) == 14
    responses = overview.iloc[1].tolist()
    assert responses == ["survey_responses", "1", "118,072", "118,072", "0", "2024-04", "2025-12", "21"]
    assert overview.iloc[0].tolist()[5:] == ["–", "–", "0"]  # cities: no dates
    assert "nan" not in overview.to_string()
    assert len(app.success) == 2  # the current exports are served; no row was rejected
    assert app.warning.len == 0


def test_rejected_rows_are_counted_by_rule_with_examples(rejected_exports):
    app = open_page("pages/quality.py", lang="en", month="2025-03")
    overview = app.dataframe[1].value.set_index("Table")
    # 10 rows read: r1 is rejected by its speed, the second r9 as a duplicate.
    assert overview.loc["survey_responses", ["Rows read", "Rows kept", "Rows rejected"]].tolist() == ["10", "8", "2"]
    rejections = app.dataframe[2].value
    assert rejections.values.tolist() == [
        ["survey_responses", "survey_responses.parquet", "duplicate response_id", "response_id", "1"],
        ["survey_responses", "survey_responses.parquet", "speed outside 0–100", "speed", "1"]]
    examples = app.dataframe[3].value
    assert examples.columns.tolist() == ["File", "Rule", "Row in file", "Key", "Value"]
    assert examples.values.tolist() == [
        ["survey_responses.parquet", "duplicate response_id", "9", "r9", "–"],
        ["survey_responses.parquet", "speed outside 0–100", "0", "r1", "120.0"]]


def test_rejected_rows_in_chinese(rejected_exports):
    app = open_page("pages/quality.py", lang="zh", month="2025-03")
    assert app.dataframe[3].value.columns.tolist() == ["文件", "规则", "文件中的行", "键", "值"]
    assert [s.value for s in app.subheader] == ["最近一次刷新", "数据表", "被规则排除的行", "缺失或偏少的数据"]


def test_missing_cities_and_thin_months_of_the_chosen_month(rejected_exports):
    # April 2025 has one response, r8 of AA: Beta and Gamma have none. Kept responses Feb 2 (r1 rejected), Mar 5,
    # Apr 1 → median 2, half 1: none below. Tickets Feb 1, Mar 3, Apr 0 → median 1, half 0.5: April is thin.
    app = open_page("pages/quality.py", lang="en", month="2025-04")
    # City names come from the exports: escaped for Markdown, they show as written.
    assert [w.value for w in app.main.warning] == [
        "Cities without survey responses in April 2025 (2): " + plain("Beta, Gamma")]
    thin = app.main.dataframe[-1].value
    assert thin.values.tolist() == [["Few tickets", "2025-04", "0", "1.0", "0.5"]]
    march = open_page("pages/quality.py", lang="en", month="2025-03")
    assert "Every city has survey responses in March 2025." in [c.value for c in march.caption]


def test_the_sidebar_count_links_to_the_page_with_the_filters(rejected_exports):
    app = open_page("app.py", lang="en", month="2025-03", city=["AA"])
    assert [w.value for w in app.sidebar.warning] == ["Export rows excluded by the contract checks: 2"]
    link = sidebar_quality_link(app)
    assert link.page == "quality" and link.query_string == "lang=en&month=2025-03&city=AA"


def test_the_clean_caption_links_to_the_page_too():
    app = open_page("pages/trends.py", lang="en", month="2025-02")
    assert any("passed the contract checks" in c.value for c in app.sidebar.caption)
    assert sidebar_quality_link(app).query_string == "lang=en&month=2025-02"
    assert not sidebar_quality_link(app).disabled
    here = open_page("pages/quality.py", lang="en", month="2025-02")
    assert sidebar_quality_link(here).disabled  # as the navigation's link to the page shown


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_broken_refresh_says_what_broke_and_since_when(lang, tmp_path, monkeypatch):
    from queries import runner

    write_fixture(tmp_path)
    monkeypatch.setenv("CSAT_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(runner, "SIGNATURE_TTL_SECONDS", 0.0)
    open_page("pages/quality.py", lang=lang, month="2025-03")
    (tmp_path / "tickets.parquet").write_bytes(b"PAR1 half a file")
    app = open_page("pages/quality.py", lang=lang, month="2025-03")
    expected = "changed exports break the data contract" if lang == "en" else "新的导出文件不符合数据契约"
    # Said once, in the page's refresh state: the frame's banner (every other page's) would repeat it above.
    assert sum(expected in w.value for w in app.warning) == 1
    assert not app.success or len(app.success) == 1  # only "no row rejected" may remain
    files = [d.value for d in app.dataframe if d.value.shape[1] == 3]
    assert len(files) == 1 and files[0].iloc[0, 0] == "tickets.parquet"


def test_the_monthly_chart_marks_thin_months_even_without_rows():
    import datetime as dt

    import pandas as pd

    from csat.charts import quality as charts
    from csat.i18n import Translator

    months = pd.DataFrame({"month": pd.to_datetime(["2025-02-01", "2025-03-01", "2025-04-01"]),
                           "responses": [2, 5, 1], "tickets": [1, 3, 0]})
    thin = pd.DataFrame({"finding": ["city_without_responses", "thin_tickets"],
                         "month": pd.to_datetime(["2025-04-01", "2025-04-01"]), "city_code": ["BB", None],
                         "count": [0, 0], "median": [None, 1.0], "thin_below": [None, 0.5]})
    spec = charts.monthly_rows(months, thin, "tickets", dt.date(2025, 4, 1), Translator("en")).to_dict()
    bars, marks = (spec["datasets"][layer["data"]["name"]] for layer in spec["layer"])
    assert [(row["shown"], row["state"]) for row in bars] == [("1", "Usual"), ("3", "Usual"), ("0", "Thin")]
    assert [(row["rows"], row["state"]) for row in marks] == [(0, "Thin")]  # April: no bar to see, a mark
    responses = charts.monthly_rows(months, thin, "responses", dt.date(2025, 4, 1), Translator("en")).to_dict()
    assert [row["state"] for row in responses["datasets"][responses["layer"][0]["data"]["name"]]] == ["Usual"] * 3
