"""The benchmark runs end to end at a tiny size (its figures are committed in benchmarks/; no test asserts a time)."""

import json
import subprocess
import sys

import pytest

from queries.settings import REPOSITORY_ROOT

pytestmark = pytest.mark.slow  # every step in fresh processes: tens of seconds

SECTIONS = ("## Targets (issue 12)", "## Building, reopening, adding a month", "## Serving: a whole page's queries",
            "## Each query, warm (ms)", "## Against pandas (the key questions)", "## Demo data")


def test_benchmark_quick_run_writes_every_section(tmp_path):
    out, work = tmp_path / "out", tmp_path / "work"
    subprocess.run([sys.executable, "tools/benchmark.py", "--quick", "--sizes", "5000", "--pages", "overview",
                    "--out", str(out), "--work-dir", str(work), "--step-timeout", "240"],
                   cwd=REPOSITORY_ROOT, check=True, capture_output=True, timeout=600)
    results = json.loads((out / "results.json").read_text())
    size = results["scale"]["5k"]
    assert size["rows"]["survey_responses"] == 5000
    for step in ("first_build", "reopen", "refresh", "serving", "pandas"):
        assert size[step]["status"] == "ok", (step, size[step]["status"])
        assert size[step]["peak_rss_mb"] > 0
    assert size["first_build"]["rows_rejected"] == 0
    assert size["refresh"]["rows_kept"] > size["first_build"]["rows_kept"]  # the added month was read
    serving = size["serving"]
    assert {"national_kpis", "city_scores", "months"} <= set(serving["pages"]["overview"]["queries"])
    assert set(serving["concurrency"]["overview"]) == {"1", "4", "8", "meeting"}
    assert serving["concurrency"]["overview"]["meeting"]["loads"] >= 8  # 8 sessions, a round at least
    assert serving["drill_down"]["verbatims"]["warm_ms"] > 0
    assert len(size["targets"]) == 10 and all(row["met"] is not None for row in size["targets"])
    assert set(size["pandas"]["questions"]) == set(serving["key_questions"])
    # Both ways of pandas at this size: reading every file (the issue's) and only the month's partitions.
    assert all({"pandas_ms", "naive_ms"} <= set(q) for q in size["pandas"]["questions"].values())
    assert "national_kpis" in results["demo"]["queries"]
    text = (out / "results.md").read_text()
    for section in SECTIONS:
        assert section in text, section
    assert "| overview | national_kpis |" in text
    assert not list(work.glob("n*"))  # the generated exports are removed


def test_rewriting_the_results_keeps_the_soak_section(tmp_path):
    from tools import benchmark, soak

    section = f"{soak.SECTION_BEGIN}\n## Load and soak (issue 13)\nfigures of the soak's own run\n{soak.SECTION_END}"
    (tmp_path / "results.md").write_text(f"# Benchmark results\n\nold tables\n\n{section}\n", encoding="utf-8")
    machine = {"cores": 2, "ram_gb": 8, "system": "Linux", "python": "3.11", "duckdb": "2.0.0",
               "load_average": [1.0, 1.0, 1.0]}
    benchmark.write_results({"machine": machine, "scale": {}, "measured_at": "now", "command": "benchmark",
                             "load_average_end": [1.0, 1.0, 1.0], "query_layer": "the store", "repetitions": 1,
                             "rounds": 1}, tmp_path)
    text = (tmp_path / "results.md").read_text(encoding="utf-8")
    assert text.startswith("# Benchmark results") and "old tables" not in text
    assert text.count(section) == 1 and text.endswith(section + "\n")


def test_a_step_s_peak_memory_is_its_own_not_the_benchmark_s(tmp_path, fixture_dir):
    # On Linux a child's ru_maxrss keeps the peak of the process that started it: a benchmark grown to hundreds of MB
    # generating exports would have every step weigh as much. Opening the fixture takes far less than 600 MB.
    from tools import benchmark

    held = b"x" * (600 * 2**20)  # written, so resident in this process
    env = {**benchmark.os.environ, benchmark.STORE_VARIABLE: str(tmp_path / "store")}
    step = benchmark.run_step("build", ["--worker", "build", "--data-dir", str(fixture_dir)], env, 120, tmp_path)
    assert step["status"] == "ok"
    assert 50 < step["peak_rss_mb"] < 500
    assert len(held) == 600 * 2**20
