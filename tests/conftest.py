"""Shared test fixtures: the hand-computed fixture exports (and their survey responses as monthly files), a clean
query-layer cache per test, a store folder of the
session's own, and for the browser tests a dashboard server and Debian's Chromium (one of each per test module)."""

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pyarrow.parquet as pq  # noqa: E402

from queries import clear_caches  # noqa: E402
from tests.fixture_data import exported_at, table, write_fixture, write_responses  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def session_store_directory(tmp_path_factory) -> Path:
    """Stores of checked exports go to a folder of this session (each xdist worker has its own), never into the
    repository; servers and command lines the tests start inherit it."""
    directory = tmp_path_factory.mktemp("stores")
    previous = os.environ.get("CSAT_STORE_DIR")
    os.environ["CSAT_STORE_DIR"] = str(directory)
    yield directory
    if previous is None:
        os.environ.pop("CSAT_STORE_DIR", None)
    else:
        os.environ["CSAT_STORE_DIR"] = previous


@pytest.fixture(autouse=True)
def fresh_query_caches():
    clear_caches()
    yield
    clear_caches()


@pytest.fixture(scope="session")
def fixture_dir(tmp_path_factory) -> Path:
    """The fixture exports, written once per session (tests must not modify them)."""
    return write_fixture(tmp_path_factory.mktemp("fixture_exports"))


@pytest.fixture(scope="module")
def server():
    """A freshly started dashboard server on the demo data; its base URL."""
    from tests.browser_support import dashboard_server

    with dashboard_server() as base_url:
        yield base_url


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, driven by Playwright."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    from tests.browser_support import CHROMIUM_FLAGS, chromium_path

    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def monthly_exports(tmp_path) -> Path:
    """The fixture with survey responses as a folder of one file per month, a duplicate key within and across
    files, and a bad row."""
    directory = write_fixture(tmp_path / "exports", skip=("survey_responses",))
    responses = table("survey_responses")
    folder = directory / "survey_responses"
    folder.mkdir()
    pq.write_table(responses.slice(0, 4), folder / "2025-02.parquet")
    pq.write_table(responses.slice(4), folder / "2025-03.parquet")
    write_responses(folder / "2025-03b.parquet", ["r5", "new1", "new2"], speed=[10.0, 120.0, 55.0])
    # Exported a minute apart, in that order: 2025-03b.parquet, the newest, re-sends r5 with another score.
    for minute, name in enumerate(("2025-02.parquet", "2025-03.parquet", "2025-03b.parquet")):
        exported_at(folder / name, minute)
    return directory
