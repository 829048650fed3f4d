"""The small things a reader notices (issue 11, part 5), each pinned by a test: tables shown in full, the city
page opening on a sensible city, the page's city picker agreeing with the sidebar, the leaders' section titled
after what it shows, and CSV downloads a spreadsheet user can read in the page's language."""

import pytest
import streamlit as st

from tests.apptest_support import open_page


@pytest.fixture
def dataframe_heights(monkeypatch) -> list:
    """The `height` of every st.dataframe a page draws (AppTest keeps no element height)."""
    heights = []
    draw = st.dataframe

    def recording(data, *args, **kwargs):
        heights.append(kwargs.get("height", "auto"))
        return draw(data, *args, **kwargs)

    monkeypatch.setattr(st, "dataframe", recording)
    return heights


@pytest.mark.parametrize("path, params", [
    ("app.py", {}),                                   # ranking (32 rows), movers, the moved figures
    ("pages/trends.py", {}),                          # the events (13) and streak tables
    ("pages/city.py", {"city": "WLMQ"}),              # the city's events
], ids=["overview", "trends", "city"])
def test_ranking_and_event_tables_are_drawn_at_their_full_height(dataframe_heights, path, params):
    open_page(path, month="2025-03", lang="en", **params)
    assert dataframe_heights, "the page shows tables"
    assert set(dataframe_heights) == {"content"}, "a table drawn as a scroll box hides its last rows"
