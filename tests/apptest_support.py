"""Opening a dashboard page in Streamlit's AppTest the way a browser reaches it: the one way every test does.

A page of pages/ is opened through app.py with `switch_page`: run alone, its links to the other pages
(relative to the entry script) would not resolve.
"""

import re

import pandas as pd
from streamlit.testing.v1 import AppTest

from csat.frame import PAGES, TAB_PARAMETER
from csat.markup import WORD_JOINER
from queries.settings import REPOSITORY_ROOT

TIMEOUT = 90


def open_page(path: str, clean: bool = True, **params: str | list[str]) -> AppTest:
    """Run the page script `path` ("app.py" or "pages/NAME.py") with URL parameters and return the AppTest.

    `clean`: fail if the page raised (a test of how a page reports a failure passes clean=False)."""
    app = AppTest.from_file(str(REPOSITORY_ROOT / "app.py"), default_timeout=TIMEOUT)
    if path != "app.py":
        app.switch_page(path)
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    if clean:
        assert not app.exception, [e.message for e in app.exception]
    return app


def open_every_tab(path: str, clean: bool = True, **params: str | list[str]) -> list[AppTest]:
    """The page `path` opened on each of its tabs in turn (csat.frame.PAGES: only the open tab is drawn, so the page's
    whole content is that of all of them); a page without tabs, once."""
    tabs = next(page.tabs for page in PAGES if page.path == path)
    return [open_page(path, clean, **params, **({TAB_PARAMETER: tab} if tab else {})) for tab in tabs or (None,)]


_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def rendered(markdown: str) -> str:
    """A Markdown text of the page as a reader sees it: the backslash escapes that keep text from the exports plain
    (csat.markup.plain) and the word joiners that keep an address from becoming a link taken out."""
    return _MARKDOWN_ESCAPE.sub(r"\1", markdown).replace(WORD_JOINER, "")


def rendered_table(frame: pd.DataFrame) -> pd.DataFrame:
    """An st.table's frame (its cells, headers and index are Markdown) as a reader sees it."""
    shown = frame.map(lambda value: rendered(value) if isinstance(value, str) else value)
    shown.columns = [rendered(c) if isinstance(c, str) else c for c in frame.columns]
    shown.index = [rendered(i) if isinstance(i, str) else i for i in frame.index]
    return shown
