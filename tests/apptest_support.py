"""Opening a dashboard page in Streamlit's AppTest the way a browser reaches it: the one way every test does.

A page of pages/ is opened through app.py with `switch_page`: run alone, its links to the other pages
(relative to the entry script) would not resolve.
"""

from streamlit.testing.v1 import AppTest

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
