"""The dashboard in a real browser (Debian's Chromium, driven by Playwright): every page opens without an error
in both languages, deep links work on a fresh server, filters survive moving between pages, the map draws,
and no request leaves 127.0.0.1. A screenshot of each page is kept in artifacts/screenshots/."""

import re
import subprocess
import time
from urllib.parse import parse_qs, urlparse

import pytest

from csat.frame import PAGES, TAB_PARAMETER
from tests.browser_support import (
    ARTIFACTS,
    OutsideRequests,
    dashboard_server,
    error_texts,
    map_canvas_box,
    screenshot,
    wait_for_app,
    wait_for_visuals,
)

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")

VIEWPORT = {"width": 1440, "height": 2600}
# deck.gl draws in software here (no GPU): on a loaded 2-core machine the first map frame can take tens of seconds.
MAP_TIMEOUT_MS = 90_000


def page_url(path: str) -> str:
    """Streamlit's URL path of a page script: app.py is "/", pages/trends.py is "/trends"."""
    return "/" if path == "app.py" else "/" + path.removeprefix("pages/").removesuffix(".py")


def url_params(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.evaluate("() => location.href")).query)


@pytest.fixture
def outside_requests():
    return OutsideRequests()


def opened_page(browser, outside_requests, **options):
    """A page in a fresh browser context (Chinese locale, `options` for new_context); no request may leave."""
    context = browser.new_context(locale="zh-CN", **options)
    outside_requests.attach(context)
    opened = context.new_page()
    yield opened
    context.close()
    assert outside_requests.blocked == [], "requests tried to leave the machine"


@pytest.fixture
def page(browser, outside_requests):
    yield from opened_page(browser, outside_requests, viewport=VIEWPORT)


def open_view(page, base_url: str, path: str, query: str) -> None:
    page.goto(f"{base_url}{page_url(path)}?{query}")
    wait_for_app(page)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("dashboard_page", "tab"), [(p, tab) for p in PAGES for tab in p.tabs or (None,)],
                         ids=lambda v: getattr(v, "key", v))
def test_every_page_and_tab_opens_without_error(server, page, dashboard_page, tab, lang):
    tab_query = f"&{TAB_PARAMETER}={tab}" if tab else ""
    open_view(page, server, dashboard_page.path, f"month=2025-03&lang={lang}{tab_query}")
    wait_for_visuals(page)  # charts and the map drawn before the screenshot
    screenshot(page, f"{dashboard_page.key}-{tab}-{lang}" if tab else f"{dashboard_page.key}-{lang}")
    assert error_texts(page) == []
    assert page.query_selector("h1") is not None


def _heading(page) -> str:
    return page.locator('[data-testid="stHeading"] h3').first.inner_text()


def test_a_tab_opened_is_named_in_the_url_and_kept_when_the_month_changes(server, page):
    open_view(page, server, "pages/causes.py", "month=2025-03&lang=en")
    assert _heading(page).startswith("Diagnosis:") and TAB_PARAMETER not in url_params(page)
    page.get_by_role("tab", name="Verbatims").click()
    page.wait_for_function(f"() => location.search.includes('{TAB_PARAMETER}=words')")
    wait_for_app(page)
    assert _heading(page) == "Customer verbatims"
    page.get_by_role("combobox", name="Month").click()
    page.get_by_role("option", name="January 2025").click()
    wait_for_app(page)
    params = url_params(page)
    assert params["month"] == ["2025-01"] and params[TAB_PARAMETER] == ["words"]
    assert _heading(page) == "Customer verbatims" and error_texts(page) == []
    page.get_by_role("tab", name="Diagnosis").click()  # the first tab: the page's own address again
    page.wait_for_function(f"() => !location.search.includes('{TAB_PARAMETER}=')")
    wait_for_app(page)
    assert _heading(page).startswith("Diagnosis:")


def test_deep_link_opens_with_its_filters_on_a_fresh_server(browser):
    last = PAGES[-1]
    with dashboard_server() as fresh:
        context = browser.new_context(viewport=VIEWPORT)
        outside = OutsideRequests()
        outside.attach(context)
        page = context.new_page()
        open_view(page, fresh, last.path, "month=2025-02&city=BJ&city=LZ&lang=en")
        assert error_texts(page) == []
        params = url_params(page)
        assert params["month"] == ["2025-02"] and params["city"] == ["BJ", "LZ"] and params["lang"] == ["en"]
        assert page.get_by_role("combobox", name="Month").input_value() == "February 2025"
        sidebar = page.inner_text('[data-testid="stSidebar"]')
        assert "Beijing" in sidebar and "Lanzhou" in sidebar
        context.close()
        assert outside.blocked == []


def test_switching_pages_keeps_the_filters(server, page):
    if len(PAGES) < 2:
        pytest.fail("the dashboard should have more than one page")
    open_view(page, server, "app.py", "month=2025-03&city=HHHT&lang=en")
    for target in PAGES[1:]:
        page.get_by_role("link", name=re.compile(re.escape(_english_nav_label(target.key)))).first.click()
        wait_for_app(page)
        assert urlparse(page.evaluate("() => location.href")).path == page_url(target.path)
        params = url_params(page)
        assert params.get("month") == ["2025-03"] and params.get("city") == ["HHHT"] and params.get("lang") == ["en"]
        assert error_texts(page) == []


def _english_nav_label(key: str) -> str:
    from csat.i18n import Translator

    return Translator("en")(f"nav.{key}")


def test_changing_a_filter_writes_it_to_the_url(server, page):
    open_view(page, server, "app.py", "month=2025-03&lang=en")
    page.get_by_role("combobox", name="Month").click()
    page.get_by_role("option", name="January 2025").click()
    wait_for_app(page)
    assert url_params(page)["month"] == ["2025-01"]
    assert "January 2025" in page.inner_text("h1")


def test_map_draws_offline(server, browser, outside_requests):
    context = browser.new_context(viewport=VIEWPORT)
    outside_requests.attach(context)
    page = context.new_page()
    with page.expect_response(lambda r: r.url.endswith("china_provinces.geojson"), timeout=MAP_TIMEOUT_MS) as outlines:
        open_view(page, server, "app.py", "month=2025-03&lang=zh")
    assert outlines.value.status == 200, "the province outlines are served locally"
    box = map_canvas_box(page, timeout=MAP_TIMEOUT_MS / 1000)
    assert box and box["width"] > 400 and box["height"] > 300
    context.close()
    assert outside_requests.blocked == []


def test_clicking_a_city_on_the_map_filters_to_it(server, page):
    from csat.maps import CHINA_VIEW, screen_position

    open_view(page, server, "app.py", "month=2025-03&lang=en")
    box = map_canvas_box(page, timeout=MAP_TIMEOUT_MS / 1000)
    centre_x, centre_y = screen_position(CHINA_VIEW.longitude, CHINA_VIEW.latitude)
    urumqi_x, urumqi_y = screen_position(87.6168, 43.8256)  # Urumqi stands alone: an unambiguous target
    picked = "() => new URLSearchParams(location.search).get('city') === 'WLMQ'"
    # deck.gl answers a click only once its picking buffer holds the points, which may be a few frames after the
    # canvas settles on a loaded machine: click again (at most five times) until the filter reaches the URL.
    for _ in range(5):
        page.mouse.click(box["x"] + box["width"] / 2 + urumqi_x - centre_x,
                         box["y"] + box["height"] / 2 + urumqi_y - centre_y)
        try:
            page.wait_for_function(picked, timeout=6_000)
            break
        except playwright_api.TimeoutError:
            continue
    wait_for_app(page)
    assert url_params(page).get("city") == ["WLMQ"]
    assert error_texts(page) == []


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 1}
SIDEBAR_COLLAPSED = """(collapsed) => document.querySelector('[data-testid="stSidebar"]')
    ?.getAttribute('data-collapsed') === collapsed"""


@pytest.fixture
def phone(browser, outside_requests):
    yield from opened_page(browser, outside_requests, **PHONE)


# Each city link's label fits its box: the narrowest box around the label (the link, its anchor, the label
# itself) is at least as wide as the label's text in its font. A link squeezed into a narrow column was 16 px.
LINK_LABELS = """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stPageLink"]')]
    .map((link) => {
    const label = link.querySelector('p');
    const context = document.createElement('canvas').getContext('2d');
    context.font = getComputedStyle(label).font;
    const widths = [link, link.querySelector('a'), label].map((box) => box.getBoundingClientRect().width);
    return {label: label.innerText, width: Math.min(...widths), needed: context.measureText(label.innerText).width};
})"""
# Every table of the page shows all its rows and columns: its scroll area scrolls neither way.
TABLE_SCROLLING = """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stDataFrame"]')]
    .map((table) => {
    const scroller = table.querySelector('.dvn-scroller');
    return {rows: scroller.scrollHeight - scroller.clientHeight, columns: scroller.scrollWidth - scroller.clientWidth};
})"""


@pytest.fixture
def sized_page(browser, outside_requests, request):
    """A page of the viewport (width, height) given by the test's `viewport` parameter."""
    width, height = request.param
    yield from opened_page(browser, outside_requests, viewport={"width": width, "height": height})


def test_phone_sidebar_starts_closed_and_closes_after_navigating(server, phone):
    open_view(phone, server, "app.py", "month=2025-03&lang=en")
    phone.wait_for_function(SIDEBAR_COLLAPSED, arg="true", timeout=30_000)
    phone.locator('[data-testid="stExpandSidebarButton"]').click()
    phone.wait_for_function(SIDEBAR_COLLAPSED, arg="false", timeout=30_000)
    trends = PAGES[1]
    phone.locator('[data-testid="stSidebar"]').get_by_role(
        "link", name=re.compile(re.escape(_english_nav_label(trends.key)))).click()
    phone.wait_for_function("(path) => location.pathname === path", arg=page_url(trends.path), timeout=30_000)
    wait_for_app(phone)
    phone.wait_for_function(SIDEBAR_COLLAPSED, arg="true", timeout=30_000)
    assert url_params(phone)["month"] == ["2025-03"]
    assert error_texts(phone) == []


def _china_drawn_inside(png: bytes) -> tuple[bool, str]:
    """Whether the map picture shows the land with a clear margin on every side: no pixel of the outlines (or
    of anything else but the white page) in the outermost 3 pixels, and land filling a good part of it."""
    import io

    from PIL import Image

    from csat import theme

    picture = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = picture.size
    pixels = picture.load()
    land = theme.rgb(theme.LAND)

    def painted(x: int, y: int) -> bool:
        return sum(abs(a - b) for a, b in zip(pixels[x, y], (255, 255, 255), strict=True)) > 12

    edges = [(x, y) for x in range(width) for y in (*range(3), *range(height - 3, height))]
    edges += [(x, y) for y in range(height) for x in (*range(3), *range(width - 3, width))]
    touching = sum(painted(x, y) for x, y in edges)
    land_share = sum(sum(abs(a - b) for a, b in zip(pixels[x, y], land, strict=True)) <= 6
                     for x in range(0, width, 3) for y in range(0, height, 3)) / (len(range(0, width, 3))
                                                                              * len(range(0, height, 3)))
    return touching == 0 and land_share > 0.1, f"{touching} edge pixels painted, land {land_share:.0%}"


def test_phone_map_shows_all_of_china(server, phone):
    """On a phone the map's first view holds China from Kashgar to the east coast and down to the South China
    Sea islands: the drawn outlines keep clear of the canvas's edges (the browser reports the map's width, and
    the map is drawn again fitted to it)."""
    open_view(phone, server, "app.py", "month=2025-03&lang=zh")
    box = map_canvas_box(phone, timeout=MAP_TIMEOUT_MS / 1000)
    assert box["width"] < 400
    canvas = phone.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    deadline = time.monotonic() + MAP_TIMEOUT_MS / 1000
    while True:  # until the fitted view has been drawn (one more run, then deck.gl's frames): a condition
        wait_for_app(phone)
        fits, seen = _china_drawn_inside(canvas.screenshot())
        if fits or time.monotonic() > deadline:
            break
    assert fits, seen
    assert error_texts(phone) == []


def test_print_hides_the_sidebar_and_prints_every_table_row(server, page, tmp_path):
    """In print the sidebar and the chrome are hidden, the ranking prints all 32 cities (a st.dataframe is a
    canvas that does not print), and the PDF holds them: the last of the bottom three included."""
    open_view(page, server, "app.py", "month=2025-03&lang=en")
    wait_for_visuals(page)
    map_canvas_box(page, timeout=MAP_TIMEOUT_MS / 1000)
    page.emulate_media(media="print")
    for chrome in ('[data-testid="stSidebar"]', 'header[data-testid="stHeader"]', '[data-testid="stDownloadButton"]'):
        playwright_api.expect(page.locator(chrome).first).to_be_hidden(timeout=5_000)
    ranking = page.locator('.st-key-print_only_overview_ranking [data-testid="stTable"]')
    playwright_api.expect(ranking).to_be_visible(timeout=5_000)
    assert ranking.locator("tbody tr").count() == 32
    playwright_api.expect(ranking.get_by_text("Hohhot")).to_be_visible()
    playwright_api.expect(page.locator(".st-key-print_only_overview_movers_up")).to_be_visible()
    pdf = tmp_path / "overview.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Hohhot" in text and "Customer satisfaction review" in text
    assert "Language" not in text, "the sidebar printed"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pages = subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(ARTIFACTS / "print-overview-en")],
                           capture_output=True, check=True)
    assert pages.returncode == 0 and list(ARTIFACTS.glob("print-overview-en*.png"))


# The controls of the page (csat.styles.CONTROLS) a reader could see, and what must print, by data-testid.
PRINTED = """(controls) => {
    const main = document.querySelector('[data-testid="stMain"]');
    const visible = (selector) => [...main.querySelectorAll(selector)].filter((el) => el.checkVisibility());
    return {
        controls: controls.flatMap((control) => visible(`[data-testid="${control}"]`)
            .map((el) => `${control}: ${(el.innerText || '').trim().slice(0, 40)}`)),
        titles: visible('h1, h2, h3').length, charts: visible('[data-testid="stVegaLiteChart"]').length,
        tables: visible('[data-testid="stTable"]').length,
    };
}"""


def test_plan_page_prints_titles_charts_and_tables_but_no_filter(server, page):
    """The plan page's filter boxes (and every other control) do not print; its titles, charts and tables do."""
    from csat import styles

    open_view(page, server, "pages/plan.py", "month=2025-12&lang=zh")
    wait_for_visuals(page)
    on_screen = page.evaluate(PRINTED, list(styles.CONTROLS))
    assert any(c.startswith("stMultiSelect") for c in on_screen["controls"]), "the filters show on screen"
    page.emulate_media(media="print")
    printed = page.evaluate(PRINTED, list(styles.CONTROLS))
    assert printed["controls"] == [], "controls on paper"
    assert printed["titles"] >= 3 and printed["charts"] >= 2 and printed["tables"] >= 1, printed


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("sized_page", [(1440, 900), (390, 844)], ids=["laptop", "phone"], indirect=True)
def test_city_links_are_as_wide_as_their_labels(server, sized_page, lang):
    for path, query in (("app.py", f"month=2025-03&lang={lang}&city=WLMQ"),  # as after a click on the map
                        ("pages/trends.py", f"month=2025-03&lang={lang}")):
        open_view(sized_page, server, path, query)
        links = sized_page.evaluate(LINK_LABELS)
        assert links, f"no city links on {path}"
        clipped = [link for link in links if link["width"] < link["needed"] - 0.5]
        assert clipped == [], f"labels clipped on {path}"


def test_ranking_and_event_tables_show_every_row_without_scrolling(server, page):
    for path in ("app.py", "pages/trends.py"):
        open_view(page, server, path, "month=2025-03&lang=zh")
        tables = page.evaluate(TABLE_SCROLLING)
        assert len(tables) >= 2, f"the ranking/streak and event tables of {path}"
        assert all(t["rows"] <= 1 for t in tables), f"a table of {path} scrolls: {tables}"


# Streamlit's own controls a viewer sees: its main menu, a vega-embed "…" menu, and the visible buttons of the
# charts' and tables' toolbars (by their English aria-labels).
STREAMLIT_CONTROLS = """() => ({
    menu: document.querySelectorAll('[data-testid="stMainMenu"]').length,
    vegaActions: document.querySelectorAll('.vega-embed .vega-actions, .vega-embed details').length,
    toolbarButtons: [...new Set([...document.querySelectorAll('[data-testid="stElementToolbarButton"] button')]
        .filter((button) => button.checkVisibility()).map((button) => button.getAttribute('aria-label')))],
})"""


@pytest.mark.parametrize("path", ["pages/trends.py", "app.py"])
def test_streamlit_shows_no_english_menus_only_the_fullscreen_button(server, page, path):
    open_view(page, server, path, "month=2025-03&lang=zh")
    page.locator('[data-testid="stVegaLiteChart"]').first.hover()  # a toolbar shows on hover
    controls = page.evaluate(STREAMLIT_CONTROLS)
    assert controls["menu"] == 0 and controls["vegaActions"] == 0
    assert set(controls["toolbarButtons"]) <= {"全屏"}, "only the fullscreen button, labelled in Chinese"


@pytest.mark.parametrize(("lang", "label"), [("zh", "全屏"), ("en", "Fullscreen")])
def test_the_fullscreen_buttons_label_and_tooltip_are_in_the_pages_language(server, page, lang, label):
    open_view(page, server, "pages/trends.py", f"month=2025-03&lang={lang}")
    chart = page.locator('[data-testid="stElementContainer"]:has([data-testid="stVegaLiteChart"])').first
    chart.hover()
    button = chart.locator('[data-testid="stElementToolbarButton"] button[data-csat-label="Fullscreen"]')
    playwright_api.expect(button).to_have_attribute("aria-label", label, timeout=10_000)
    tooltip = page.locator('[role="tooltip"]')
    for _ in range(5):  # the tooltip shows after a second's hover; on a loaded machine a hover may be missed
        button.hover(force=True)
        try:
            tooltip.first.wait_for(state="visible", timeout=6_000)
            break
        except playwright_api.TimeoutError:
            chart.hover()
    playwright_api.expect(tooltip.first).to_have_text(label, timeout=5_000)


def test_overview_counts_as_ready_only_once_the_map_is_drawn(server, page):
    """wait_for_page_ready returns only once deck.gl has drawn the map, labels included (read from the canvas's own
    pixels), and the picture a reader sees then is the finished one."""
    from tests.browser_support import (
        MAP_DRAWN_COLOURS,
        MAP_LABEL_PIXELS,
        colour_count,
        map_pixels,
        wait_for_page_ready,
    )

    page.goto(f"{server}/?month=2025-03&lang=zh")
    wait_for_page_ready(page, timeout=MAP_TIMEOUT_MS / 1000)
    first = map_pixels(page)
    assert len(first) == 1 and first[0]["label"] >= MAP_LABEL_PIXELS, "the top cities' labels are drawn"
    page.evaluate("() => new Promise((done) => setTimeout(done, 1000))")  # a second later: nothing left to draw
    assert [read["checksum"] for read in map_pixels(page)] == [first[0]["checksum"]]
    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    assert colour_count(canvas.screenshot()) >= MAP_DRAWN_COLOURS, "outlines and cities drawn"
    assert page.locator('[data-testid="stSkeleton"]').count() == 0
