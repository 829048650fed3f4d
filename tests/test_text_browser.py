"""Text from the exports stays text in a real browser (Debian's Chromium, driven by Playwright): the dashboard serves
exports whose every text column holds an <img> tag, a Markdown link and image, a heading, a colour directive,
spreadsheet formulas and a right-to-left override (tests/hostile_data.py), the tag and the images pointing at a
trap server on this machine. Every page and every slide of presentation mode is opened, the map's tooltip shown:
no request goes to the payloads' addresses (the browser's own record and the trap's), and the page holds no image,
link or heading made from the data — while the data is shown, as written."""

import contextlib
import http.server
import io
import threading
from pathlib import Path

import pandas as pd
import pytest

from csat.frame import PAGES
from csat.markup import WORD_JOINER
from tests.browser_support import (
    OutsideRequests,
    dashboard_server,
    error_texts,
    free_port,
    map_canvas_box,
    wait_for_app,
    wait_for_visuals,
)
from tests.hostile_data import write_hostile_fixture

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")

VIEWPORT = {"width": 1440, "height": 2600}
PAYLOAD_PATHS = ("/pwned", "/md", "/img.png")
# Elements the data must never become: an image or a link to the payloads' addresses (the trap's port; a title's own
# anchor link, "#…pwned…", is Streamlit's link to the heading), and a heading of the text "heading".
FROM_THE_DATA = ('img[src*="pwned"]', 'img[src*="img.png"]', 'img[src*=":{port}/"]', 'a[href*=":{port}/"]',
                 'a[href$="/md"]', 'a[href$="/pwned"]', 'a[href$="/img.png"]')
HEADINGS_FROM_THE_DATA = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .filter((h) => h.textContent.trim().startsWith('heading')).length"""
MONTH = "2025-03"


class Trap(http.server.BaseHTTPRequestHandler):
    """Records every path asked of it (a request the browser should never make)."""

    asked: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (the handler's name is http.server's)
        Trap.asked.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def trap_server():
    port = free_port()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Trap)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield port
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    """A fresh dashboard on the hostile exports, and the trap's port the payloads point at."""
    with trap_server() as port:
        directory = write_hostile_fixture(tmp_path_factory.mktemp("hostile_exports"), port)
        with dashboard_server(directory) as base_url:
            yield base_url, port


def page_url(path: str) -> str:
    return "/" if path == "app.py" else "/" + path.removeprefix("pages/").removesuffix(".py")


def assert_nothing_from_the_data(page, port: int, requested: list[str]) -> None:
    assert error_texts(page) == []
    to_trap = [url for url in requested if f":{port}/" in url or url.endswith(PAYLOAD_PATHS)]
    assert to_trap == [], "the browser requested a payload's address"
    assert Trap.asked == [], "the trap server was asked"
    for selector in FROM_THE_DATA:
        assert page.query_selector(selector.format(port=port)) is None, f"an element from the data: {selector}"
    assert page.evaluate(HEADINGS_FROM_THE_DATA) == 0, "a heading from the data"


def hover_a_city(page) -> str:
    """Hover the map's first city (the fixture's AA) until deck.gl shows its tooltip; the tooltip's HTML."""
    from csat.maps import CHINA_VIEW, screen_position

    box = map_canvas_box(page, timeout=90)
    centre_x, centre_y = screen_position(CHINA_VIEW.longitude, CHINA_VIEW.latitude)
    city_x, city_y = screen_position(116.4, 39.9)
    tooltip = page.locator(".deck-tooltip")
    for _ in range(8):  # deck.gl picks once its picking buffer holds the points: move again until it does
        page.mouse.move(box["x"] + box["width"] / 2 + city_x - centre_x + 1,
                        box["y"] + box["height"] / 2 + city_y - centre_y)
        page.mouse.move(box["x"] + box["width"] / 2 + city_x - centre_x,
                        box["y"] + box["height"] / 2 + city_y - centre_y)
        try:
            page.wait_for_function("""() => { const tip = document.querySelector('.deck-tooltip');
                return tip && tip.textContent.includes('pwned'); }""", timeout=4_000)
            return tooltip.inner_html()
        except playwright_api.TimeoutError:
            continue
    raise AssertionError("the map's tooltip did not show")


@pytest.fixture
def watched(browser, hostile_server):
    """A fresh page (every request it makes recorded), the server's URL, the trap's port and the requests."""
    base_url, port = hostile_server
    context = browser.new_context(viewport=VIEWPORT, locale="en-GB")
    outside = OutsideRequests()
    outside.attach(context)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    Trap.asked.clear()
    yield page, base_url, port, requested
    context.close()
    assert outside.blocked == [], "requests tried to leave the machine"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("dashboard_page", PAGES, ids=lambda p: p.key)
def test_no_page_turns_the_exports_texts_into_markup(watched, dashboard_page, lang):
    page, base_url, port, requested = watched
    page.goto(f"{base_url}{page_url(dashboard_page.path)}?month={MONTH}&lang={lang}&city=%3DAA&city=%2BBB")
    wait_for_app(page)
    wait_for_visuals(page, timeout=90)
    if dashboard_page.key == "overview":
        tip = hover_a_city(page)  # an HTML template: the fields escaped once, shown as written
        assert "<img" not in tip and f"&lt;img src=http://127.0.0.1:{port}/pwned&gt;" in tip
        assert page.query_selector(".deck-tooltip img") is None
    assert_nothing_from_the_data(page, port, requested)
    shown = page.inner_text('[data-testid="stMain"]').replace(WORD_JOINER, "")  # it keeps addresses from linking
    if dashboard_page.key != "quality":  # it names export texts only where rows were rejected: none here
        assert f"<img src=http://127.0.0.1:{port}/pwned>" in shown, "the data is shown, as written"
    assert "\u202e" not in shown


def test_presentation_mode_turns_no_slide_into_markup(watched):
    page, base_url, port, requested = watched
    number = 1
    while True:
        page.goto(f"{base_url}/?month={MONTH}&lang=en&city=%3DAA&present=1&slide={number}")
        wait_for_app(page)  # the map stays folded away on the slides without it: no wait for its drawing
        assert_nothing_from_the_data(page, port, requested)
        if page.evaluate("() => new URLSearchParams(location.search).get('slide')") != str(number):
            break  # past the last slide
        number += 1
    assert number > 5, "every slide was opened"


def test_two_csv_downloads_in_a_row_both_arrive_and_guard_every_cell(watched):
    # The second click comes as soon as the first file has arrived: with Streamlit's default (a click reruns the
    # page, and the rerun gives the button a new file id) it asked for a dropped file and downloaded nothing.
    page, base_url, port, requested = watched
    page.goto(f"{base_url}/?month={MONTH}&lang=en")
    wait_for_app(page)
    button = page.locator('[data-testid="stDownloadButton"] button').first
    files = []
    for _ in range(2):
        with page.expect_download(timeout=30_000) as download:
            button.click()
        files.append(Path(download.value.path()).read_bytes())
    for data in files:
        cells = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
        texts = set(cells.to_numpy().ravel())
        assert {"'=AA", "'+BB", "'@CC"} <= texts, "city codes guarded"
        assert not any(text.startswith(("=", "+", "@", "\t", "\r")) for text in texts)
    assert_nothing_from_the_data(page, port, requested)
