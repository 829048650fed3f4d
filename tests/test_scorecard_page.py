"""The scorecard page in Streamlit's AppTest on the bundled demo data, read from its tables and metrics (December
2025, the targets of the repository's scorecard.toml), a settings file with a mistake (the page says which line,
no traceback), and one browser test: the page's period choice lives in the URL and survives a change of language.

December 2025 on the demo data (`python -m queries scorecard_actuals --month 2025-12 …`): CSAT 90% against the
trajectory's 85% (the target: month 12 of 12) → target met; NPS 60.1 against 60.0 → met; the year to date's NPS
48.7 against the trajectory's mean 55.4 (50 + 10 · 6.5/12) → behind; inquiry first response 25 s against 15 s →
behind.
"""

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from csat import targets as scorecard_targets
from tests.apptest_support import open_page, rendered_table


def open_scorecard(**params: str | list[str]) -> AppTest:
    app = open_page("pages/scorecard.py", **params)
    assert not app.error, [e.value for e in app.error]
    return app


@pytest.fixture(scope="module")
def december_en() -> AppTest:
    return open_scorecard(lang="en", month="2025-12")


def scorecard(app: AppTest) -> pd.DataFrame:
    return app.dataframe[0].value.set_index("KPI")


def test_december_holds_each_target_against_its_trajectory(december_en):
    table = scorecard(december_en)
    csat = table.loc["Customer satisfaction (CSAT)"]
    assert (csat["Baseline → year's target"], csat["Month"], csat["Month, trajectory"], csat["Month's status"]) == \
        ("72% → 85%", "90%", "85%", "Target met")
    nps = table.loc["Net promoter score"]
    assert (nps["Month"], nps["Month's status"], nps["Year to date"], nps["Year to date, trajectory"],
            nps["Year-to-date status"]) == ("60.1", "Target met", "48.7", "55.4", "Behind")
    inquiry = table.loc["Inquiry first response"]
    assert (inquiry["Baseline → year's target"], inquiry["Month"], inquiry["Month's status"]) == \
        ("≤ 15 s", "25 s", "Behind")
    assert table.loc["Staff attrition", "Perspective"] == "Learning and growth"
    assert table.loc["Staff attrition", "Month's status"] == "No target"
    assert {m.label: m.value for m in december_en.metric} == {"Target met": "2", "Behind": "4"}


def test_the_page_states_its_rules_and_keeps_external_figures_apart(december_en):
    text = " ".join(m.value for m in december_en.markdown)
    assert "at least 80" in text                        # what makes a response satisfied
    assert "baseline + (target − baseline) × k ÷ 12" in text
    tables = [rendered_table(t.value) for t in december_en.table]
    external = next(t for t in tables if "External figure" in t.columns)
    assert list(external.columns) == ["KPI", "External figure", "Source", "Measured, nation, month"]
    assert external.values.tolist() == [
        ["Inquiry first response", "60 s", "Industry figure: e-commerce first response 60 s", "25 s"],
        ["Complaint resolution rate", "90%", "Industry figure: e-commerce resolution rate 90%", "88%"],
        ["Staff attrition", "38%", "Industry figure: typical agent attrition 38% a year", "8%"]]


def test_every_city_is_held_to_the_targets(december_en):
    cities = december_en.dataframe[1].value.set_index("City")
    assert cities.index[0] == "Nationwide" and len(cities) == 33
    assert cities.loc["Nationwide", "Customer satisfaction (CSAT)"] == "90%"


def test_a_mistake_in_the_settings_file_is_shown_with_its_line_not_a_traceback(tmp_path, monkeypatch):
    broken = tmp_path / "scorecard.toml"
    broken.write_text("[period]\nstart = 2025-01-01\nend = 2025-12-31\n[targets.nps]\ntarget = \"sixty\"\n",
                      encoding="utf-8")
    monkeypatch.setenv(scorecard_targets.TARGETS_FILE_VARIABLE, str(broken))
    app = open_page("pages/scorecard.py", lang="en", month="2025-12")
    assert not app.exception
    assert [e.value for e in app.error] == [
        "The scorecard's settings file has a mistake, so the targets cannot be shown: scorecard.toml, line 5: "
        "targets.nps.target must be a number, not 'sixty'"]


@pytest.mark.browser
def test_scorecard_period_lives_in_the_url_and_survives_the_language(server, browser):
    from urllib.parse import parse_qs, urlparse

    from tests.browser_support import error_texts, wait_for_app

    context = browser.new_context(viewport={"width": 1440, "height": 2400})
    page = context.new_page()
    page.goto(f"{server}/scorecard?month=2025-12&lang=en&scorecard_period=ytd")
    wait_for_app(page)
    assert error_texts(page) == []
    main = page.inner_text('[data-testid="stMain"]')
    assert "Service-team scorecard, December 2025" in main and "Year to date" in main
    page.get_by_text("中文").click()
    wait_for_app(page)
    params = parse_qs(urlparse(page.evaluate("() => location.href")).query)
    assert params["lang"] == ["zh"] and params["scorecard_period"] == ["ytd"]
    # Typed rather than picked from the list: after the language's rerun the list opened below the window.
    page.get_by_role("combobox", name="期间").click()
    page.keyboard.type("本月")
    page.keyboard.press("Enter")
    wait_for_app(page)
    params = parse_qs(urlparse(page.evaluate("() => location.href")).query)
    assert params.get("scorecard_period", ["month"]) == ["month"]
    assert "2025年12月服务团队计分卡" in page.inner_text('[data-testid="stMain"]')
    assert error_texts(page) == []
    context.close()
