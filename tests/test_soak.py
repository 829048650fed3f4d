"""The load and soak test of issue 13 (tools/soak.py): its pure helpers with hand-worked values, and its short form —
30 viewers for 75 s on 100k responses against a local server while a month is added and a file is broken and
restored — which must end with no error, flat memory and the right numbers on screen (no time is asserted: the
machine is shared; the generous timeout is for a loaded machine)."""

import pytest

from tools import soak


def test_percentile_interpolates_between_ranks():
    assert soak.percentile([4, 1, 3, 2], 0.5) == 2.5  # halfway between 2 and 3
    assert soak.percentile([1, 2, 3, 4], 0.9) == pytest.approx(3.7)  # position 2.7: 3 + 0.7 × (4 − 3)
    assert soak.percentile([7], 0.9) == 7
    assert soak.percentile([], 0.5) != soak.percentile([], 0.5)  # NaN


def test_memory_is_flat_when_the_last_third_stays_within_ten_percent_of_the_middle():
    # 90 s: the middle third is 30 ≤ t < 60, the last 60 ≤ t ≤ 90; the first third (warm-up) does not count.
    warm_up = [(t, 100.0) for t in range(0, 30, 5)]
    middle = [(t, 300.0) for t in range(30, 60, 5)]
    assert soak.memory_flatness(warm_up + middle + [(t, 330.0) for t in range(60, 91, 5)], 90) == (True, 300, 330)
    grown = soak.memory_flatness(warm_up + middle + [(t, 331.0) for t in range(60, 91, 5)], 90)
    assert grown == (False, 300, 331)  # 331 > 300 × 1.1
    # Medians: one spike in the last third does not make memory grow.
    assert soak.memory_flatness(middle + [(60, 300.0), (70, 900.0), (80, 300.0)], 90)[0]
    assert not soak.memory_flatness(middle, 90)[0]  # no last third: no verdict of flat


def test_memory_series_takes_the_first_sample_of_each_step():
    samples = [(0.0, 1), (0.9, 2), (14.9, 3), (15.2, 4), (16.0, 5), (31.0, 6)]
    assert soak.every(samples, 15) == [(0.0, 1), (15.2, 4), (31.0, 6)]


SECTION = f"{soak.SECTION_BEGIN}\n## Load and soak\nnew\n{soak.SECTION_END}"


def test_soak_section_is_appended_then_replaced_in_place():
    appended = soak.with_soak_section("# Benchmark results\n\ntables\n", SECTION)
    assert appended == f"# Benchmark results\n\ntables\n\n{SECTION}\n"
    old = appended.replace("new", "old")
    assert soak.with_soak_section(old + "after\n", SECTION) == appended + "after\n"
    assert soak.with_soak_section("", SECTION) == SECTION + "\n"


def test_a_rewritten_results_file_keeps_the_soak_section():
    old = f"# Benchmark results\n\nold tables\n\n{SECTION}\n"
    assert soak.keep_soak_section("# Benchmark results\n\nnew tables\n", old) == \
        f"# Benchmark results\n\nnew tables\n\n{SECTION}\n"
    assert soak.keep_soak_section("new tables\n", "no section here\n") == "new tables\n"


def test_a_view_is_the_url_a_browser_would_send():
    view = soak.View("city", "2025-03", ("BJ", "SH"), "en")
    assert view.query_string() == "lang=en&month=2025-03&city=BJ&city=SH"
    assert soak.PAGE_PATHS == ("", "trends", "city", "causes", "plan", "scorecard", "quality")


# How much the short form's last third may exceed its middle third in memory (the full soak: soak.FLAT_TOLERANCE).
SHORT_FORM_GROWTH = 0.25


@pytest.mark.soak
def test_thirty_viewers_for_a_minute_and_a_quarter_with_changing_exports(tmp_path):
    options = soak.parse_args(["--sessions", "30", "--minutes", "1.25", "--responses", "100000", "--timeout", "240",
                               "--work-dir", str(tmp_path / "soak")])
    report = soak.run_soak(options)
    print(soak.summary(report, "tests/test_soak.py"))  # the figures, for the log (pytest -s)
    assert report["errors"] == 0, report["error_kinds"]
    assert report["runs"] >= 30  # every viewer ran pages
    added, arrived, broken, shown, restored = (e["event"] for e in report["events"])
    assert added.endswith("responses)") and broken.endswith("garbage") and restored.endswith("restored")
    # The added month, opened under the load before the file is broken, shows the query layer's figures.
    assert arrived.startswith(f"the overview of {soak.NEW_MONTH:%Y-%m} showed its figures"), report["arrival"]
    assert shown == "a page showed the last version that passed"  # the broken file noticed, the last good served
    assert report["banner_shown"] and report["probe"]["runs"] > 0 and report["probe"]["errors"] == 0
    # A minute and a quarter is too short to tell growth from warm-up: each export change (the month added, the file
    # broken, then restored) opens a version whose caches fill during the middle and last thirds (a CI run measured
    # +10%, the edge of the 10% rule). So the short form allows SHORT_FORM_GROWTH between the thirds' medians — memory
    # kept per page run still fails it; the three-minute run in benchmarks/results.md holds the 10% rule.
    memory = report["memory"]
    assert memory["last_third_median_mb"] <= memory["middle_third_median_mb"] * (1 + SHORT_FORM_GROWTH), memory
    screen = report["screen"]
    assert screen["matches"], (screen["shown"], screen["expected"])
    assert not screen["banner"] and not screen["errors"]
