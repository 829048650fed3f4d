"""Speed and memory of the dashboard, measured and written into the repository (benchmarks/results.md, .json).

    python tools/benchmark.py            # full run (a few minutes), rewrites benchmarks/results.*
    python tools/benchmark.py --quick    # one repetition each, for a smoke check

What it measures, each as the median of several repetitions (machines here are shared and noisy, so medians
and ratios are quoted, never single timings, and no test asserts a time):
- loading and checking the exports (building the in-memory database) for the demo data and for the demo
  data scaled ×10 (survey responses and tickets copied with new ids), and the ratio between them;
- every query a page runs, cold (database built, result cache empty) and warm (cached);
- every page rendered by Streamlit's AppTest with warm caches;
- peak resident memory of the process after the ×10 build;
- the deck of the demo month (review/deck.py): the review built, then written as PPTX and as PDF (the PDF
  includes writing the PPTX it prints), median of at most three runs;
- and quotes the latest slide-change times of presentation mode measured in Chromium by
  tests/test_presentation_browser.py (artifacts/presentation-slide-changes.json), when that test has run.
"""

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import queries  # noqa: E402
from queries.contract import TABLES  # noqa: E402
from queries.settings import BUNDLED_DEMO_DATA  # noqa: E402

RESULTS = ROOT / "benchmarks"
# Written by tests/test_presentation_browser.py: slide changes measured in Chromium.
SLIDE_TIMINGS = ROOT / "artifacts" / "presentation-slide-changes.json"
DECK_MONTH = "2025-03"
# The queries each page runs for March 2025 (the review's month), with their parameters.
PAGE_QUERIES = {
    "national_kpis": {"month": "2025-03"},
    "kpi_trend": {"month": "2025-03", "months": 6},
    "city_scores": {"month": "2025-03"},
    "events_in_window": {"month": "2025-03", "months": 1},
    "city_trend": {"month": "2025-03", "months": 6, "cities": ["BJ", "SH", "SZ", "HZ", "GZ", "WLMQ", "LZ", "HHHT"]},
    "city_kpis": {"month": "2025-03"},
}


def median_seconds(action, repetitions: int) -> float:
    timings = []
    for _ in range(repetitions):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def scaled_copy(factor: int, directory: Path) -> Path:
    """The demo exports with survey responses and tickets repeated `factor` times under new ids."""
    for table in TABLES:
        source = BUNDLED_DEMO_DATA / f"{table.name}.parquet"
        if table.name not in ("survey_responses", "tickets"):
            shutil.copy(source, directory / source.name)
            continue
        original = pq.read_table(source)
        key = "response_id" if table.name == "survey_responses" else "ticket_id"
        copies = []
        for copy in range(factor):
            ids = pc.binary_join_element_wise(original[key], pa.scalar(f"x{copy}"), "-")
            copies.append(original.set_column(original.schema.get_field_index(key), key, ids))
        pq.write_table(pa.concat_tables(copies), directory / source.name)
    return directory


def build_seconds(data_dir: Path, repetitions: int) -> float:
    def build():
        queries.clear_caches()
        queries.check_data(data_dir)
    return median_seconds(build, repetitions)


def query_timings(repetitions: int) -> dict[str, dict[str, float]]:
    timings = {}
    for name, params in PAGE_QUERIES.items():
        def cold(name=name, params=params):
            queries.clear_caches()
            queries.check_data()
            start = time.perf_counter()
            queries.run(name, **params)
            return time.perf_counter() - start
        cold_times = [cold() for _ in range(repetitions)]
        warm = median_seconds(lambda name=name, params=params: queries.run(name, **params), repetitions * 5)
        timings[name] = {"cold_ms": statistics.median(cold_times) * 1000, "warm_ms": warm * 1000}
    return timings


def page_timings(repetitions: int) -> dict[str, float]:
    from csat.frame import PAGES
    from tests.apptest_support import open_page

    timings = {}
    for page in PAGES:
        def render(page=page):
            app = open_page(page.path, month="2025-03")
            assert not app.exception, page.key
        render()  # warm the caches and imports first
        timings[page.key] = median_seconds(render, repetitions) * 1000
    return timings


def deck_timings(repetitions: int) -> dict[str, float]:
    from queries.runner import parse_month
    from review.deck import write_deck
    from review.slides import build_review

    month = parse_month(DECK_MONTH)
    runs = min(repetitions, 3)
    timings = {"review_s": median_seconds(lambda: build_review(month, (), "zh"), runs)}
    review = build_review(month, (), "zh")
    with tempfile.TemporaryDirectory() as scratch:
        for suffix in ("pptx", "pdf"):
            target = Path(scratch) / f"review.{suffix}"
            timings[f"{suffix}_s"] = median_seconds(lambda target=target: write_deck(review, target), runs)
    timings["slides"] = len(review.slides)
    return timings


def write_results(results: dict, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    lines = [
        "# Benchmark results",
        "",
        f"Measured {results['measured_at']} by `python tools/benchmark.py` on {results['machine']}.",
        f"Medians of {results['repetitions']} repetitions (shared machine: compare ratios, not single timings).",
        "",
        "## Loading and checking the exports",
        "| data | rows | build (s) |",
        "|---|---|---|",
    ]
    for label, build in results["build"].items():
        lines.append(f"| {label} | {build['rows']:,} | {build['seconds']:.2f} |")
    lines += [f"\n×10 data / demo data build time: **{results['build_ratio_x10']:.1f}×** "
              f"(rows ×{results['row_ratio_x10']:.1f}).",
              f"Peak resident memory after the ×10 build: **{results['peak_rss_mb']:.0f} MB**.",
              "", "## Queries a page runs (demo data, March 2025)", "| query | cold (ms) | warm, cached (ms) |",
              "|---|---|---|"]
    for name, timing in results["queries"].items():
        lines.append(f"| {name} | {timing['cold_ms']:.1f} | {timing['warm_ms']:.2f} |")
    lines += ["", "## Pages rendered by AppTest (warm caches)", "| page | render (ms) |", "|---|---|"]
    for name, milliseconds in results["pages"].items():
        lines.append(f"| {name} | {milliseconds:.0f} |")
    deck = results["deck"]
    lines += ["", f"## The deck ({DECK_MONTH}, nationwide, Chinese: {deck['slides']} slides)",
              "| step | seconds |", "|---|---|",
              f"| review built (queries from a warm cache, charts, summary) | {deck['review_s']:.1f} |",
              f"| PPTX written (charts and map rendered) | {deck['pptx_s']:.1f} |",
              f"| PDF written (the PPTX, then LibreOffice) | {deck['pdf_s']:.1f} |"]
    slides = results.get("presentation")
    if slides:
        lines += ["", "## Presentation mode: a slide change in Chromium (demo data, 1920×1080, from the browser test)",
                  "| pass | median (s) | min (s) | max (s) | changes | measured |", "|---|---|---|---|---|---|"]
        lines += [f"| {label} | {t['median_s']:.2f} | {t['min_s']:.2f} | {t['max_s']:.2f} | {t['changes']} | "
                  f"{t['measured_at']} |" for label, t in slides.items()]
    (directory / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one repetition each (a smoke check)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write results.md and results.json")
    args = parser.parse_args(argv)
    repetitions = 1 if args.quick else 5
    os.environ.pop("CSAT_DATA_DIR", None)

    def rows(directory: Path) -> int:
        return sum(pq.ParquetFile(p).metadata.num_rows for p in directory.glob("*.parquet"))

    results = {
        "measured_at": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "machine": f"{os.cpu_count()} cores, Python {platform.python_version()}, DuckDB {duckdb.__version__}",
        "repetitions": repetitions,
        "build": {"demo": {"rows": rows(BUNDLED_DEMO_DATA),
                           "seconds": build_seconds(BUNDLED_DEMO_DATA, repetitions)}},
    }
    results["queries"] = query_timings(repetitions)
    results["pages"] = page_timings(repetitions)
    results["deck"] = deck_timings(repetitions)
    if SLIDE_TIMINGS.exists():
        results["presentation"] = json.loads(SLIDE_TIMINGS.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as scratch:
        scaled = scaled_copy(10, Path(scratch))
        results["build"]["demo ×10"] = {"rows": rows(scaled), "seconds": build_seconds(scaled, repetitions)}
        results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        queries.clear_caches()
    results["build_ratio_x10"] = results["build"]["demo ×10"]["seconds"] / results["build"]["demo"]["seconds"]
    results["row_ratio_x10"] = results["build"]["demo ×10"]["rows"] / results["build"]["demo"]["rows"]
    write_results(results, args.out)
    print((args.out / "results.md").read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
