"""Presentation mode in a real browser (Debian's Chromium, driven by Playwright) at a projector's 1920×1080: the
keys a presentation clicker sends step through every slide and back, the URL names the slide (a reload opens the
same one), no sidebar and no Streamlit chrome show, nothing runs off the screen, the exit returns to the same
view, and no request leaves 127.0.0.1. A screenshot of every slide in both languages is kept in
artifacts/screenshots/, and the time a slide change takes to settle is printed."""

import datetime as dt
import json
import statistics
import time
from urllib.parse import parse_qs, urlparse

import pytest

from review.slides import build_review
from tests.browser_support import ARTIFACTS, OutsideRequests, error_texts, screenshot, wait_for_app

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")

PROJECTOR = {"width": 1920, "height": 1080}
# Where the measured slide changes go: tools/benchmark.py quotes the latest in benchmarks/results.md.
SLIDE_TIMINGS = ARTIFACTS.parent / "presentation-slide-changes.json"
SETTLE_TIMEOUT_MS = 60_000  # the first visit of the map slide draws it (seconds in a GPU-less Chromium)
FORWARD_KEYS = ("PageDown", "ArrowRight", "Space", "ArrowDown")
BACK_KEYS = ("PageUp", "ArrowLeft", "ArrowUp")
# Shown, with the URL's slide and the run finished: the slide change has settled.
SETTLED = """([number, title]) => {
    const app = document.querySelector('[data-testid="stApp"]');
    const heading = document.querySelector('h1');
    return new URLSearchParams(location.search).get('slide') === String(number)
        && heading !== null && heading.innerText.trim() === title
        && app.getAttribute('data-test-script-state') === 'notRunning';
}"""
CHROME = ('[data-testid="stSidebar"]', '[data-testid="stSidebarCollapsedControl"]',
          '[data-testid="stExpandSidebarButton"]', 'header[data-testid="stHeader"]', '[data-testid="stToolbar"]',
          '[data-testid="stMainMenu"]', '[data-testid="stAppDeployButton"]', '[data-testid="stStatusWidget"]')
# Where the slide's content ends and where the navigation bar begins, and whether the page scrolls.
LAYOUT = """() => {
    const slide = document.querySelector('.st-key-present_slide').getBoundingClientRect();
    const nav = document.querySelector('.st-key-present_nav').getBoundingClientRect();
    const main = document.querySelector('[data-testid="stMain"]');
    return {slide_bottom: slide.bottom, nav_top: nav.top, nav_bottom: nav.bottom, main: main.scrollHeight,
            scrolls: main.scrollHeight > main.clientHeight + 1
                     || document.documentElement.scrollHeight > window.innerHeight + 1};
}"""


@pytest.fixture
def projector(browser):
    """A page at 1920×1080 whose requests may not leave the machine."""
    outside = OutsideRequests()
    context = browser.new_context(viewport=PROJECTOR)
    outside.attach(context)
    yield context.new_page()
    context.close()
    assert outside.blocked == [], "requests tried to leave the machine"


def url_params(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.evaluate("() => location.href")).query)


def settle(page, number: int, title: str) -> None:
    page.wait_for_function(SETTLED, arg=[number, title], timeout=SETTLE_TIMEOUT_MS)


def check_slide(page, number: int, title: str, name: str) -> None:
    """The slide `number` shows, alone on the screen: no chrome, nothing under the navigation bar, no scrolling."""
    assert url_params(page)["slide"] == [str(number)]
    assert page.inner_text("h1").strip() == title
    for selector in CHROME:  # hidden once the page's style has applied
        playwright_api.expect(page.locator(selector)).to_be_hidden(timeout=5_000)
    layout = page.evaluate(LAYOUT)
    assert not layout["scrolls"], f"slide {number} scrolls: {layout}"
    assert layout["slide_bottom"] <= layout["nav_top"] + 1, f"slide {number} runs under the navigation bar: {layout}"
    assert layout["nav_bottom"] <= PROJECTOR["height"] + 1
    assert error_texts(page) == []
    screenshot(page, name)


def step(page, key: str, number: int, title: str) -> float:
    """Press `key`, wait until slide `number` has settled; returns the seconds it took."""
    started = time.perf_counter()
    page.keyboard.press(key)
    settle(page, number, title)
    return time.perf_counter() - started


def walk(page, titles: list[str], lang: str | None) -> list[float]:
    """Through every slide with the forward keys (checked, with a screenshot when `lang` is given), then back to
    the first with the backward keys."""
    times = []
    for number in range(1, len(titles) + 1):
        if number > 1:
            times.append(step(page, FORWARD_KEYS[(number - 2) % len(FORWARD_KEYS)], number, titles[number - 1]))
        if lang:
            check_slide(page, number, titles[number - 1], f"present-{lang}-{number}")
    step(page, "PageDown", len(titles), titles[-1])  # past the last slide: stays there
    for number in range(len(titles) - 1, 0, -1):
        times.append(step(page, BACK_KEYS[(number - 1) % len(BACK_KEYS)], number, titles[number - 1]))
        assert url_params(page)["slide"] == [str(number)]
    return times


def report(label: str, times: list[float]) -> None:
    """Print the settle times and keep them in artifacts/ for tools/benchmark.py's report (never asserted)."""
    figures = {"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times),
               "changes": len(times), "measured_at": dt.datetime.now().strftime("%Y-%m-%d %H:%M")}
    print(f"\n{label}: slide changes settled in median {figures['median_s']:.2f} s "
          f"(min {figures['min_s']:.2f}, max {figures['max_s']:.2f}, {len(times)} changes)")
    recorded = json.loads(SLIDE_TIMINGS.read_text(encoding="utf-8")) if SLIDE_TIMINGS.exists() else {}
    SLIDE_TIMINGS.parent.mkdir(parents=True, exist_ok=True)
    SLIDE_TIMINGS.write_text(json.dumps({**recorded, label: figures}, indent=2), encoding="utf-8")


def test_clicker_keys_step_through_every_slide_and_exit_to_the_same_view(server, projector):
    titles = [slide.title for slide in build_review(dt.date(2025, 3, 1), (), "zh").slides]
    projector.goto(f"{server}/?present=1&lang=zh&month=2025-03")
    wait_for_app(projector)
    settle(projector, 1, titles[0])  # the URL names the slide shown
    first_pass = walk(projector, titles, "zh")
    warm_pass = walk(projector, titles, None)
    report("first pass (draws the map once)", first_pass)
    report("warm pass", warm_pass)

    middle = len(titles) // 2
    projector.goto(f"{server}/?present=1&lang=zh&month=2025-03&slide={middle}")
    wait_for_app(projector)
    projector.reload()
    wait_for_app(projector)
    settle(projector, middle, titles[middle - 1])

    projector.get_by_role("button", name="✕ 退出演示").click()
    projector.wait_for_selector('[data-testid="stSidebar"]', state="visible", timeout=SETTLE_TIMEOUT_MS)
    wait_for_app(projector)
    params = url_params(projector)
    assert "present" not in params and "slide" not in params
    assert params["month"] == ["2025-03"] and params["lang"] == ["zh"]
    assert urlparse(projector.evaluate("() => location.href")).path == "/"
    assert projector.inner_text("h1").strip() == "2025年3月客户满意度月度回顾"
    assert error_texts(projector) == []


def test_english_slides_from_another_page_with_the_on_screen_buttons(server, projector):
    titles = [slide.title for slide in build_review(dt.date(2025, 3, 1), (), "en").slides]
    projector.goto(f"{server}/trends?present=1&lang=en&month=2025-03&slide=1")
    wait_for_app(projector)
    settle(projector, 1, titles[0])
    check_slide(projector, 1, titles[0], "present-en-1")
    for number in range(2, len(titles) + 1):
        projector.get_by_role("button", name="Next ▶").click()
        settle(projector, number, titles[number - 1])
        check_slide(projector, number, titles[number - 1], f"present-en-{number}")
    projector.get_by_role("button", name="◀ Previous").click()  # after a click: the keys still step by one
    settle(projector, len(titles) - 1, titles[-2])
    projector.keyboard.press("Space")
    settle(projector, len(titles), titles[-1])

    projector.get_by_role("button", name="✕ Exit").click()
    projector.wait_for_selector('[data-testid="stSidebar"]', state="visible", timeout=SETTLE_TIMEOUT_MS)
    wait_for_app(projector)
    assert urlparse(projector.evaluate("() => location.href")).path == "/trends"
    params = url_params(projector)
    assert "present" not in params and params["month"] == ["2025-03"] and params["lang"] == ["en"]
    assert error_texts(projector) == []


def test_present_button_in_the_sidebar_opens_the_view_as_slides(server, projector):
    titles = [slide.title for slide in build_review(dt.date(2025, 3, 1), ("WLMQ", "LZ"), "en").slides]
    projector.goto(f"{server}/causes?lang=en&month=2025-03&city=WLMQ&city=LZ")
    wait_for_app(projector)
    projector.get_by_role("button", name="▶ Present").click()
    settle(projector, 1, titles[0])
    params = url_params(projector)
    assert params["city"] == ["WLMQ", "LZ"] and params["present"] == ["1"]
    check_slide(projector, 1, titles[0], "present-en-selection-1")
    assert "Urumqi, Lanzhou · " in projector.inner_text(".st-key-present_nav")
