"""Shared test fixtures: the hand-computed fixture exports, and a clean query-layer cache per test."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from queries import clear_caches  # noqa: E402
from tests.fixture_data import write_fixture  # noqa: E402


@pytest.fixture(autouse=True)
def fresh_query_caches():
    clear_caches()
    yield
    clear_caches()


@pytest.fixture(scope="session")
def fixture_dir(tmp_path_factory) -> Path:
    """The fixture exports, written once per session (tests must not modify them)."""
    return write_fixture(tmp_path_factory.mktemp("fixture_exports"))
