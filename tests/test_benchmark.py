"""The benchmark runs end to end (its figures are committed in benchmarks/; no test asserts a time)."""

import json
import subprocess
import sys

import pytest

from queries.settings import REPOSITORY_ROOT

pytestmark = pytest.mark.slow  # a quick benchmark still runs for tens of seconds


def test_benchmark_quick_run_writes_its_figures(tmp_path):
    subprocess.run([sys.executable, "tools/benchmark.py", "--quick", "--out", str(tmp_path)], cwd=REPOSITORY_ROOT,
                   check=True, capture_output=True, timeout=600)
    results = json.loads((tmp_path / "results.json").read_text())
    assert results["build"]["demo"]["rows"] > 100_000
    assert results["row_ratio_x10"] > 8
    assert set(results["queries"]) >= {"national_kpis", "city_scores", "city_trend"}
    assert "overview" in results["pages"]
    assert {"review_s", "pptx_s", "pdf_s"} <= set(results["deck"])
    assert "| national_kpis |" in (tmp_path / "results.md").read_text()
