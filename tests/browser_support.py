"""Helpers for the browser tests: start the dashboard on a free local port, drive Debian's Chromium with
Playwright, wait for Streamlit to finish a run, and record any request that tries to leave the machine."""

import contextlib
import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def dashboard_server(data_dir: Path | None = None, timeout: float = 60) -> Iterator[str]:
    """A freshly started dashboard server; yields its base URL and stops it afterwards."""
    with dashboard_process(data_dir, timeout) as (base_url, _):
        yield base_url


@contextlib.contextmanager
def dashboard_process(data_dir: Path | None = None, timeout: float = 60, environment: dict[str, str] | None = None,
                      log: Path | None = None, arguments: Sequence[str] = ()) -> Iterator[tuple[str, subprocess.Popen]]:
    """A freshly started dashboard server with `environment` added to this process's (e.g. CSAT_STORE_DIR) and
    `arguments` added to `streamlit run`'s (e.g. `--secrets.files PATH`); yields its base URL and its process
    (tools/soak.py samples its memory) and stops it afterwards. Its output goes to `log` when given: a server that
    runs for minutes must not block on a full pipe nobody reads."""
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **(environment or {})}
    if data_dir is not None:
        env["CSAT_DATA_DIR"] = str(data_dir)
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
               *arguments]
    with contextlib.ExitStack() as files:
        output = files.enter_context(open(log, "wb")) if log is not None else subprocess.PIPE
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
        base_url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    text = log.read_bytes() if log is not None else process.stdout.read() if process.stdout else b""
                    raise RuntimeError(f"the dashboard did not start:\n{text.decode(errors='replace')}")
                time.sleep(0.3)
            yield base_url, process
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise RuntimeError("Debian's chromium is not installed: run tools/run_tests.sh, which installs it")
    return path


class OutsideRequests:
    """Blocks and remembers every request of a browser context to a host other than this machine."""

    def __init__(self) -> None:
        self.blocked: list[str] = []

    def attach(self, context) -> None:
        context.route("**/*", self._handle)

    def _handle(self, route) -> None:
        url = route.request.url
        host = urlparse(url).hostname
        if url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()


# Streamlit draws an element as a grey skeleton until the browser has loaded its code (a chart, a table, a
# link…): on a loaded machine a page can report a finished run for seconds while half of it is still skeletons.
_ELEMENTS_LOADED = """() => document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState === 'notRunning'
    && !document.querySelector('[data-testid="stMain"] [data-testid="stSkeleton"]')"""


def _elements_loaded(page) -> bool:
    # A page that navigates meanwhile (a sign-out passing through the identity provider and back) has no document
    # to ask for a moment: not loaded yet; the next look asks the new document.
    from playwright.sync_api import Error as PlaywrightError

    try:
        return page.evaluate(_ELEMENTS_LOADED)
    except PlaywrightError as error:
        if "context was destroyed" not in str(error) and "navigat" not in str(error):
            raise
        return False


def wait_for_app(page, settle: float = 0.75, timeout: float = 60) -> None:
    """Wait until Streamlit has finished running the page script, every element has replaced its loading
    skeleton, and the page stayed so for `settle` seconds (the first load may run twice, and a page may navigate
    meanwhile)."""
    deadline = time.monotonic() + timeout
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout * 1000)
    idle_since = None
    while time.monotonic() < deadline:
        if _elements_loaded(page):
            idle_since = idle_since or time.monotonic()
            if time.monotonic() - idle_since >= settle:
                return
        else:
            idle_since = None
        time.sleep(0.1)
    raise TimeoutError("the page script did not finish running")


# True once every chart of the page has drawn: each Vega-Lite chart holds a sized canvas or svg, and each map's
# deck.gl canvas has a size (Streamlit reports a finished run before the browser has drawn them).
_VISUALS_DRAWN = """() => {
    const sized = (el) => el && el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().height > 0;
    const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')];
    const maps = [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"]')];
    return charts.every((c) => sized(c.querySelector('canvas, svg')))
        && maps.every((m) => sized(m.querySelector('canvas')));
}"""
# Resolves after the browser has painted two more frames: what was drawn from loaded data is on screen.
_TWO_FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"


def wait_for_visuals(page, timeout: float = 30) -> None:
    """Wait until every chart and map of the page has drawn (a condition, never a fixed sleep): charts sized,
    and each map's canvas showing the province outlines and the cities (see `map_canvas_box`)."""
    page.wait_for_function(_VISUALS_DRAWN, timeout=timeout * 1000)
    for index in range(page.locator('[data-testid="stDeckGlJsonChart"]').count()):
        map_canvas_box(page, timeout=timeout, index=index)
    page.evaluate(_TWO_FRAMES)


# A drawn map has the outlines' fill and edges, the cities' colour ramp and labels: many colours. An empty or
# half-initialised deck.gl canvas shows one or two.
MAP_DRAWN_COLOURS = 24


def colour_count(png: bytes) -> int:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 16)
    return len(colours) if colours is not None else 1 << 16


def map_canvas_box(page, timeout: float = 30, index: int = 0) -> dict:
    """The box of the page's `index`-th map canvas once the province outlines have loaded and the map has drawn
    them: the canvas keeps the same box and the same picture over two reads, in many colours.

    Streamlit reports a finished run seconds before deck.gl has drawn (it draws in software here), and may
    re-render the map once after the first run — a box read during that swap is stale (the cause of earlier
    `bounding_box` time-outs)."""
    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').nth(index)
    canvas.wait_for(state="visible", timeout=timeout * 1000)
    page.wait_for_function(
        """() => performance.getEntriesByType('resource').some((r) => r.name.endsWith('china_provinces.geojson'))""",
        timeout=timeout * 1000)
    deadline = time.monotonic() + timeout
    previous = None
    while time.monotonic() < deadline:
        page.evaluate(_TWO_FRAMES)
        box = canvas.bounding_box(timeout=timeout * 1000)
        picture = canvas.screenshot(timeout=timeout * 1000) if box else None
        current = (box, picture)
        if box and current == previous and colour_count(picture) >= MAP_DRAWN_COLOURS:
            return box
        previous = current
    raise TimeoutError("the map's canvas was not drawn")


def error_texts(page) -> list[str]:
    return [e.inner_text() for e in page.query_selector_all('[data-testid="stException"]')]


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# The page-ready condition of the layout tests (tests/test_browser_layout.py): what they check and picture must be
# the page as a reader finally sees it — no element still a grey loading skeleton (Streamlit loads the code of a
# chart or table lazily: on a loaded machine a page reports a finished run while half of it is still skeletons),
# and every map showing its drawing.
_NO_SKELETONS = """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid^="stSkeleton"]')]
    .every((el) => el.getBoundingClientRect().width === 0 || el.getBoundingClientRect().height === 0)"""
# A map counts as drawn once this share of its canvas is painted (an empty deck.gl canvas is blank white; the
# province outlines alone fill far more), the land's colour shows, and the labels of the top cities (text in
# theme.GOOD, drawn last: the TextLayer waits for its font atlas) show in at least this many pixels.
MAP_PAINTED_SHARE = 0.05
MAP_LABEL_PIXELS = 15
# A map without labels counts as drawn once its picture has not changed for this long (seconds).
MAP_UNLABELLED_SETTLE = 3.0
# What each deck.gl canvas of the page holds, read from its own pixels: deck.gl draws with preserveDrawingBuffer
# (Streamlit's pydeck chart; checked in headless Chromium with --disable-gpu, SwiftShader), so the canvas can be
# copied onto a 2-D canvas and read. Counts of painted (not white), land-coloured and label-coloured pixels, and a
# checksum of the picture to tell whether it is still changing.
_MAP_PIXELS = """([land, label]) => [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"] canvas')]
    .map((canvas) => {
        if (!canvas.width || !canvas.height) return {pixels: 0, painted: 0, land: 0, label: 0, checksum: 0};
        const copy = document.createElement('canvas');
        copy.width = canvas.width;
        copy.height = canvas.height;
        const context = copy.getContext('2d', {willReadFrequently: true});
        context.drawImage(canvas, 0, 0);
        const data = context.getImageData(0, 0, copy.width, copy.height).data;
        const near = (i, colour, tolerance) => Math.abs(data[i] - colour[0]) + Math.abs(data[i + 1] - colour[1])
            + Math.abs(data[i + 2] - colour[2]) <= tolerance;
        let painted = 0, landPixels = 0, labelPixels = 0, checksum = 0;
        for (let i = 0; i < data.length; i += 4) {
            const alpha = data[i + 3];
            if (alpha > 0 && data[i] + data[i + 1] + data[i + 2] < 3 * 255 - 12) painted++;
            if (alpha > 0 && near(i, land, 6)) landPixels++;
            if (alpha > 200 && near(i, label, 30)) labelPixels++;
            checksum = (checksum * 31 + data[i] + 7 * data[i + 1] + 13 * data[i + 2] + 17 * alpha) % 1000000007;
        }
        return {pixels: data.length / 4, painted, land: landPixels, label: labelPixels, checksum};
    })"""


def painted_share(png: bytes) -> float:
    """The share of a picture's pixels (every fourth in each direction) that are not the white page."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        picture = image.convert("RGB")
    pixels = picture.load()
    sampled = [(x, y) for x in range(0, picture.width, 4) for y in range(0, picture.height, 4)]
    return sum(sum(pixels[x, y]) < 3 * 255 - 12 for x, y in sampled) / max(len(sampled), 1)


def map_pixels(page) -> list[dict]:
    """What each map canvas of the page holds (see _MAP_PIXELS)."""
    from csat import theme

    return page.evaluate(_MAP_PIXELS, [list(theme.rgb(theme.LAND)), list(theme.rgb(theme.GOOD))])


def wait_for_maps_painted(page, timeout: float = 90) -> None:
    """Wait until every deck.gl map of the page has drawn, read from the canvas's own pixels: painted, the land
    showing, the top cities' labels drawn (or, for a map without labels, the picture unchanged for
    MAP_UNLABELLED_SETTLE seconds), and the same picture in two reads a couple of frames apart (Streamlit reports a
    finished run, and the canvas has its size, seconds before a software renderer draws; the labels come last)."""
    deadline = time.monotonic() + timeout
    previous: list[dict] = []
    unchanged_since: dict[int, float] = {}
    while True:
        now = time.monotonic()
        current = map_pixels(page)
        ready = []
        for index, read in enumerate(current):
            same = index < len(previous) and previous[index]["checksum"] == read["checksum"]
            unchanged_since[index] = unchanged_since.get(index, now) if same else now
            drawn = read["pixels"] and read["painted"] >= MAP_PAINTED_SHARE * read["pixels"] and read["land"] > 0
            labelled = read["label"] >= MAP_LABEL_PIXELS or now - unchanged_since[index] >= MAP_UNLABELLED_SETTLE
            ready.append(bool(drawn and same and labelled))
        if all(ready):
            return
        if now > deadline:
            raise TimeoutError(f"a map has not finished drawing: {current}")
        previous = current
        page.evaluate(_TWO_FRAMES)


def wait_for_page_ready(page, timeout: float = 90) -> None:
    """The page as a reader finally sees it: its script finished, no element a loading skeleton, every chart drawn
    and every map showing its drawing — so that no check and no screenshot sees an empty map or a placeholder."""
    wait_for_app(page, timeout=timeout)
    page.wait_for_function(_NO_SKELETONS, timeout=timeout * 1000)
    wait_for_visuals(page, timeout=timeout)
    wait_for_maps_painted(page, timeout=timeout)
