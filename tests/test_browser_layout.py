"""What a reader sees, checked in a real browser (Debian's Chromium, driven by Playwright): every page at a laptop's
1440×900, a desktop's 1920×1080 and a phone's 390×844 in English, and at 1440 in Chinese, shows

- no text clipped by its box (a label cut or ellipsised, a cell cut by its table) or running past the page, and
  no sideways scrolling of the page or of anything in it — except the data grids (st.dataframe), canvases made
  to scroll: on a laptop or desktop screen a grid fits its box (else its last column is cut at the edge) unless
  it is wide by design (in a container keyed csat.styles.WIDE, its first columns pinned); on a phone grids scroll;
- no chart wider than its column;
- no "nan", "NaN", "undefined", "None" or signed zero ("−0.0", "+0.0") anywhere in the page's text or in the text
  of its charts (drawn as SVG).

A page counts as ready only once its script has finished, its charts have drawn and its map shows its drawing
(`wait_for_page_ready`). A full-page screenshot of every view is kept in artifacts/screenshots/layout-*.png
(CI keeps artifacts/). One dashboard server and one Chromium serve the whole module; each viewport and language
has one browser page, reused from view to view."""

import re

import pytest

from csat import styles
from csat.frame import PAGES, TAB_PARAMETER, PageLink
from tests.browser_support import ARTIFACTS, OutsideRequests, error_texts, wait_for_page_ready

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")

SCREENS = {
    "1440": {"viewport": {"width": 1440, "height": 900}},
    "1920": {"viewport": {"width": 1920, "height": 1080}},
    "390": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
            "device_scale_factor": 1},
}
LOCALES = {"en": "en-US", "zh": "zh-CN"}
# Each page with a view that shows all of it: the city page with a city, the plan page in a month of its plan.
QUERIES = {"overview": "month=2025-03", "trends": "month=2025-03", "city": "month=2025-03&city=WLMQ",
           "causes": "month=2025-03", "plan": "month=2025-12", "scorecard": "month=2025-12", "quality": "month=2025-03"}
# Every page and tab (a page draws only its open tab) at every width in English (the longer labels), and at 1440 in
# Chinese.
TABBED = [(page, tab) for page in PAGES for tab in page.tabs or (None,)]
VIEWS = [(page, tab, screen, "en") for screen in SCREENS for page, tab in TABBED] + [
    (page, tab, "1440", "zh") for page, tab in TABBED]
READY_TIMEOUT = 120  # seconds: deck.gl draws in software here, and a loaded 2-core machine is slow

# A data grid may be this much wider than its box: its cells' padding, the text stays in view.
CELL_PADDING = 8
# A chart's text may reach this far past the chart's box: Vega-Lite draws a rotated axis title 2 px out of it.
CHART_EDGE = 3
# Every problem of the layout the reader would see, each with the text it concerns. The main area only (the
# sidebar is Streamlit's own); the data grids, the Vega-Lite charts and the map are canvases, left out of the
# text checks (the charts are checked against their columns instead). Elements hidden on screen (the print-only
# tables) have no box and are skipped.
LAYOUT_PROBLEMS = """([gridsFit, wide, wideChart, minChartWidth, CELL_PADDING, CHART_EDGE]) => {
    const main = document.querySelector('[data-testid="stMain"]');
    const canvases = '[data-testid="stDataFrame"], [data-testid="stVegaLiteChart"], [data-testid="stDeckGlJsonChart"]';
    const problems = [];
    const label = (el) => (el.innerText || '').trim().replace(/\\s+/g, ' ').slice(0, 80);
    const name = (el) => el.tagName.toLowerCase() + (el.dataset.testid ? `[${el.dataset.testid}]` : '');
    const edge = Math.min(window.innerWidth, main.getBoundingClientRect().right);
    const scrollers = [];
    for (const el of main.querySelectorAll('*')) {
        if (el.closest(canvases)) continue;
        const box = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        if (box.width === 0 || box.height === 0 || style.visibility === 'hidden' || !label(el)) continue;
        const clipsX = ['hidden', 'clip'].includes(style.overflowX) || style.textOverflow === 'ellipsis';
        const clipsY = ['hidden', 'clip'].includes(style.overflowY);
        const scrollsX = ['auto', 'scroll'].includes(style.overflowX);
        if (clipsX && el.scrollWidth > el.clientWidth + 1) {
            problems.push(`clipped: ${name(el)} "${label(el)}" needs ${el.scrollWidth}px, has ${el.clientWidth}px`);
        } else if (clipsY && el.scrollHeight > el.clientHeight + 1) {
            problems.push(`cut off below: ${name(el)} "${label(el)}" needs ${el.scrollHeight}px high, `
                          + `has ${el.clientHeight}px`);
        } else if (scrollsX && el.scrollWidth > el.clientWidth + 1 && !el.matches(`[class*="st-key-${wideChart}"]`)) {
            problems.push(`scrolls sideways: ${name(el)} "${label(el)}" is ${el.scrollWidth}px wide `
                          + `in ${el.clientWidth}px`);
        }
        if (scrollsX) scrollers.push(el);
        const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
        if (ownText && box.right > edge + 1 && !scrollers.some((s) => s.contains(el))) {
            problems.push(`past the right edge: ${name(el)} "${label(el)}" ends at ${Math.round(box.right)}px, `
                          + `the page at ${Math.round(edge)}px`);
        }
    }
    for (const chart of document.querySelectorAll('[data-testid="stVegaLiteChart"]')) {
        const drawn = chart.querySelector('.vega-embed > canvas, .vega-embed > svg');
        const column = chart.closest('[data-testid="stColumn"], [data-testid="stVerticalBlock"]');
        if (!drawn || !column) continue;
        const box = drawn.getBoundingClientRect();
        const room = column.getBoundingClientRect();
        const title = () => chart.getAttribute('aria-label') || chart.closest('[data-testid="stVerticalBlock"]')
            ?.querySelector('h3, h4, strong')?.innerText || '';
        // A chart that needs room (a heat table, in a container keyed csat.styles.WIDE_CHART) keeps its width on a
        // phone and scrolls sideways; squeezed narrower, its figures were drawn on top of each other.
        if (chart.closest(`[class*="st-key-${wideChart}"]`)) {
            if (!gridsFit && box.width < minChartWidth - 1) {
                problems.push(`chart squeezed: "${title().slice(0, 60)}" is ${Math.round(box.width)}px wide, `
                              + `it needs ${minChartWidth}px`);
            }
            continue;
        }
        // Every text of the chart (axis labels, titles, legends) inside the chart's box: a legend of one long row
        // ran past a phone's edge, and row labels that took the whole width pushed the bars off the screen.
        const frame = chart.getBoundingClientRect();
        for (const text of chart.querySelectorAll('.vega-embed svg text')) {
            const at = text.getBoundingClientRect();
            if (at.width > 0 && text.textContent.trim()
                    && (at.right > frame.right + CHART_EDGE || at.left < frame.left - CHART_EDGE)) {
                problems.push(`chart text past the chart's edge: "${text.textContent.slice(0, 40)}" at `
                              + `${Math.round(at.left)}–${Math.round(at.right)}px, the chart `
                              + `${Math.round(frame.left)}–${Math.round(frame.right)}px`);
            }
        }
        if (box.width > room.width + 1 || box.right > room.right + 1 || box.left < room.left - 1) {
            problems.push(`chart wider than its column: "${title().slice(0, 60)}" is ${Math.round(box.width)}px `
                          + `(${Math.round(box.left)}–${Math.round(box.right)}), its column `
                          + `${Math.round(room.width)}px (${Math.round(room.left)}–${Math.round(room.right)})`);
        }
    }
    // A data grid is a canvas made to scroll: on a phone it may, and so may a table wide by design (in a container
    // keyed csat.styles.WIDE, its first columns pinned). Any other grid wider than its box by more than a cell's
    // padding has its last column cut at the edge: a column width or config should make it fit.
    for (const grid of (gridsFit ? main.querySelectorAll('[data-testid="stDataFrame"]') : [])) {
        const scroller = grid.querySelector('.dvn-scroller');
        const designedToScroll = grid.closest(`[class*="st-key-${wide}"]`);
        if (!scroller || grid.getBoundingClientRect().width === 0 || designedToScroll) continue;
        if (scroller.scrollWidth > scroller.clientWidth + CELL_PADDING) {
            const headers = [...grid.querySelectorAll('[role="columnheader"]')].map((h) => h.innerText.trim());
            problems.push(`table's last column cut: [${headers.join(' | ')}] is ${scroller.scrollWidth}px wide `
                          + `in ${scroller.clientWidth}px`);
        }
    }
    const page = document.scrollingElement;
    if (page.scrollWidth > window.innerWidth + 1) {
        problems.push(`the page scrolls sideways: ${page.scrollWidth}px wide in ${window.innerWidth}px`);
    }
    if (main.scrollWidth > main.clientWidth + 1) {
        problems.push(`the main area scrolls sideways: ${main.scrollWidth}px wide in ${main.clientWidth}px`);
    }
    return [...new Set(problems)];
}"""
# Values a reader must never see: a missing number written by pandas or JavaScript, or a zero with a sign.
BAD_VALUES = re.compile(r"(?i:\bnan\b)|\bNaT\b|\bundefined\b|\bNone\b|(?<![\w.])[-−+]0(?:\.0+)?(?![\d.])")
# The text of the charts drawn as SVG (axis labels, titles, legends, marks' labels): Vega-Lite draws text inside
# its picture, apart from the page's text.
CHART_TEXT = """() => [...document.querySelectorAll('.vega-embed svg text')].map((t) => t.textContent).join('\\n')"""
# The height of everything in the main area (it scrolls inside its own container, so the page's own height is the
# window's): the viewport a full-page screenshot needs.
CONTENT_HEIGHT = """() => Math.ceil(Math.max(...['[data-testid="stMain"]', '[data-testid="stMainBlockContainer"]']
    .map((s) => document.querySelector(s)).filter(Boolean).map((el) => el.scrollHeight),
    document.scrollingElement.scrollHeight))"""


def page_url(path: str) -> str:
    """Streamlit's URL path of a page script: app.py is "/", pages/trends.py is "/trends"."""
    return "/" if path == "app.py" else "/" + path.removeprefix("pages/").removesuffix(".py")


@pytest.fixture(scope="module")
def outside_requests():
    return OutsideRequests()


@pytest.fixture(scope="module")
def screens(browser, outside_requests):
    """One browser page per screen and language, opened when first needed and reused for every page shown."""
    opened = {}

    def screen(width: str, lang: str):
        if (width, lang) not in opened:
            context = browser.new_context(**SCREENS[width], locale=LOCALES[lang])
            outside_requests.attach(context)
            opened[width, lang] = (context, context.new_page())
        return opened[width, lang][1]

    yield screen
    for context, _ in opened.values():
        context.close()
    assert outside_requests.blocked == [], "requests tried to leave the machine"


def bad_values(text: str) -> list[str]:
    """Each line of `text` that shows a missing value or a signed zero."""
    return [line.strip() for line in text.splitlines() if BAD_VALUES.search(line)]


def full_page_screenshot(page, name: str) -> None:
    """A picture of the whole page: the window made as tall as the content (the main area scrolls inside its own
    container, so a full-page screenshot of the window alone would end at its bottom), then put back."""
    viewport = page.viewport_size
    height = page.evaluate(CONTENT_HEIGHT)
    if height > viewport["height"]:
        page.set_viewport_size({"width": viewport["width"], "height": height})
        page.wait_for_function("(height) => window.innerHeight === height", arg=height)
        wait_for_page_ready(page, timeout=READY_TIMEOUT)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    page.set_viewport_size(viewport)


def test_bad_values_are_found():
    assert bad_values("Index 81.2\nchange -0.0 pts\n+0.0%\nr = +nan\n−0\nundefined") == [
        "change -0.0 pts", "+0.0%", "r = +nan", "−0", "undefined"]
    assert bad_values("2025-03 · −0.4 pts · +0.5% · 10.0 h · 0.0% · Nanjing · none of them · 1–0") == []


def _view_name(page: PageLink, tab: str | None) -> str:
    return f"{page.key}-{tab}" if tab else page.key


@pytest.mark.parametrize(("dashboard_page", "tab", "width", "lang"), VIEWS,
                         ids=[f"{_view_name(page, tab)}-{width}-{lang}" for page, tab, width, lang in VIEWS])
def test_page_looks_right(server, screens, dashboard_page, tab, width, lang):
    page = screens(width, lang)
    tab_query = f"&{TAB_PARAMETER}={tab}" if tab else ""
    page.goto(f"{server}{page_url(dashboard_page.path)}?{QUERIES[dashboard_page.key]}{tab_query}&lang={lang}")
    wait_for_page_ready(page, timeout=READY_TIMEOUT)
    assert error_texts(page) == []
    layout = page.evaluate(LAYOUT_PROBLEMS, [width != "390", styles.WIDE, styles.WIDE_CHART,
                                             styles.WIDE_CHART_MIN_WIDTH, CELL_PADDING, CHART_EDGE])
    numbers = bad_values(page.inner_text("body") + "\n" + page.evaluate(CHART_TEXT))
    full_page_screenshot(page, f"layout-{_view_name(dashboard_page, tab)}-{width}-{lang}")
    assert layout == [], "\n".join(["what the reader cannot see in full:", *layout])
    assert numbers == [], "\n".join(["missing values or signed zeros in the page's text:", *numbers])
