"""Load and soak test of the dashboard (issue 13): many viewers at once against one local server, without a browser.

    python tools/soak.py --sessions 40 --minutes 3 --ladder 1,2,3,5,8,10,20,30,40,50 --step-seconds 40 \
        --write-results                                                     # the run in benchmarks/results.md
    python tools/soak.py --sessions 30 --minutes 1.25 --responses 100000   # the short form (tests/test_soak.py)

What it does, in order:
- writes contract-following exports with tools/scale_data.py (--responses survey responses over 21 months,
  hive-partitioned by month) into a temporary folder (or --work-dir; removed afterwards unless --keep) and builds
  their store there once (CSAT_STORE_DIR: a folder of the run's own), as a deploy would;
- starts the dashboard on a free port of 127.0.0.1 (tests/browser_support.py; nothing leaves the machine) on those
  exports, its output in the work folder's server.log;
- soak: --sessions viewers for --minutes, each a websocket session speaking Streamlit's own protocol (what the
  browser sends: a BackMsg `rerun_script` with the page's URL path and query string; then the server's ForwardMsgs
  until `script_finished`). A viewer opens a page (the overview, trends, city, causes, plan, scorecard, quality), a
  month of the data, 0–3 cities and a language at random, and reads it for --think seconds on average (uniformly ½× to
  1½×; 10 s: an active viewer, a meeting's audience reads longer) before the next; the viewers start spread over
  the first think time. The settle time of a page run is from the request to `script_finished`: the server's work,
  not the browser's drawing;
- meanwhile the exports change as they do in production: at 1/4 of the time a new month is added (new partition
  files, scale_data.add_month) and the soak's own session opens its overview under the load (its KPI cards checked
  as on screen below; the exports wait for it); at 5/12 — or once that page is shown — a survey_responses file is
  overwritten with garbage, and restored at 7/12 or later, once a page has shown the last version that passed with
  its banner saying so (a warning: csat/frame.py, queries/runner.py), at the latest at the soak's end (or --timeout
  after the damage when the added month's check ran past that end). A probe session opens the overview right
  after the damage, so that a page is asked for while the file is broken even when every viewer is still waiting
  for a page asked for before;
- an error is a page run that shows an exception, shows an `st.error` (every one the pages have — an unexpected
  error, exports unusable with no version that passed, a deck that failed — is a failure while a good version
  exists), runs another page than asked or reports a page not found, does not finish within --timeout seconds, or
  a connection that drops or cannot be opened. There must be none;
- memory: the server process's resident memory (VmRSS of it and its children) every second. Flat means that the
  median of the soak's last third (the file restored, as a rule) exceeds the median of its middle third by at most
  FLAT_TOLERANCE (10%): memory that grows with the requests served would not stop growing;
- on screen: a fresh session opens the overview of the added month in English; its KPI cards must show exactly
  the values and changes of `queries.run("national_kpis")` on the same exports, written by the KPIs' own formatting
  (csat/kpis.py), and no last-good-version banner;
- ladder (--ladder 10,20,30): for each count, that many viewers for --step-seconds on the same server, exports
  steady: page runs, errors, settle p50 / p90, pages served per second. Viewers held = the largest count whose p90
  is under 3 s with no error.
Prints a summary; --write-results puts it into benchmarks/results.md as the section between `<!-- soak:begin -->`
and `<!-- soak:end -->` (replaced if there, appended if not; tools/benchmark.py keeps it when it rewrites the
file). Bounded: at most MAX_SESSIONS sessions and MAX_MINUTES minutes a phase, on loopback only.
"""

import argparse
import asyncio
import contextlib
import datetime as dt
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: python tools/soak.py
    sys.path.insert(0, str(ROOT))

from streamlit.proto.Alert_pb2 import Alert  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from websockets.asyncio.client import ClientConnection, connect  # noqa: E402 (a dependency of Streamlit's)
from websockets.exceptions import ConnectionClosed, InvalidHandshake  # noqa: E402

import queries  # noqa: E402
from csat import frame, kpis  # noqa: E402
from csat.i18n import LANGUAGES, Translator  # noqa: E402
from queries.settings import STORE_DIR_VARIABLE  # noqa: E402
from tests.browser_support import dashboard_process  # noqa: E402
from tools import scale_data  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results.md"
SECTION_BEGIN = "<!-- soak:begin -->"
SECTION_END = "<!-- soak:end -->"
MAX_SESSIONS = 100
MAX_MINUTES = 30
# A server holds a number of viewers while their page runs' p90 stays under this (seconds): issue 13's measure.
HELD_P90_SECONDS = 3.0
FLAT_TOLERANCE = 0.10
MEMORY_SERIES_STEP = 15  # seconds between the memory figures the summary quotes
# A viewer picks up to this many cities.
MAX_CITIES = 3
NEW_MONTH = scale_data.add_months(scale_data.FIRST_MONTH, scale_data.MONTHS)  # the month the soak adds
# The partition overwritten with garbage and restored: an old month, so the pages' default month is not it.
CORRUPTED_FILE = Path("survey_responses") / f"month={scale_data.add_months(scale_data.FIRST_MONTH, 3):%Y-%m}" \
    / "part-0.parquet"
GARBAGE = b"PAR1 this is no parquet file: tools/soak.py overwrote it on purpose\n" * 64
# When the exports change, as shares of the soak's time.
ADD_MONTH_AT, CORRUPT_AT, RESTORE_AT = 1 / 4, 5 / 12, 7 / 12
# The file stays broken until a page has shown the banner, but not beyond the soak's end (on a loaded machine the
# probe's page may take half a minute to get that far).
BROKEN_AT_MOST = 1.0
# A page asked for this long after the restore should show the restored version (the server has rebuilt its store).
AFTER_RESTORE_S = 15
# The banner of the last version that passed is followed by its expander, labelled in the page's language.
BANNER_LABELS = {Translator(lang)("frame.last_good_details") for lang in LANGUAGES}
# The pages by the URL path Streamlit gives them (app.py is the root), in navigation order.
PAGE_PATHS = tuple("" if page.path == "app.py" else Path(page.path).stem for page in frame.PAGES)


# ---- pure helpers (tests/test_soak.py) --------------------------------------------------------------------------

def percentile(values: list[float], share: float) -> float:
    """The `share` quantile (0.01–0.99, whole percents) of `values`, interpolated between the two nearest ranks (as
    numpy's default); NaN for none. [1, 2, 3, 4]: p50 2.5, p90 3.7."""
    if len(values) < 2:
        return float(values[0]) if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def memory_flatness(samples: list[tuple[float, float]], duration: float,
                    tolerance: float = FLAT_TOLERANCE) -> tuple[bool, float, float]:
    """Whether memory stayed flat over a phase of `duration` seconds, from (seconds, MB) samples: the median of the
    last third is at most (1 + tolerance) × the median of the middle third. Returns the verdict and both medians."""
    middle = [mb for at, mb in samples if duration / 3 <= at < 2 * duration / 3]
    last = [mb for at, mb in samples if 2 * duration / 3 <= at <= duration]
    if not middle or not last:
        return False, float("nan"), float("nan")
    middle_median, last_median = statistics.median(middle), statistics.median(last)
    return last_median <= middle_median * (1 + tolerance), middle_median, last_median


def every(samples: list[tuple[float, float]], step: float) -> list[tuple[float, float]]:
    """The first sample at or after each multiple of `step` seconds: memory over time, short enough to read."""
    picked: list[tuple[float, float]] = []
    for at, mb in samples:
        if not picked or at >= (picked[-1][0] // step + 1) * step:
            picked.append((at, mb))
    return picked


def soak_section(text: str) -> str | None:
    """The soak's section of a results.md text, markers included; None when it has none."""
    begin = text.find(SECTION_BEGIN)
    end = text.find(SECTION_END, begin)
    if begin < 0 or end < 0:
        return None
    return text[begin:end + len(SECTION_END)]


def with_soak_section(text: str, section: str) -> str:
    """`text` with its soak section replaced by `section` (markers included), or with `section` appended."""
    current = soak_section(text)
    if current is not None:
        return text.replace(current, section, 1)
    return (text.rstrip("\n") + "\n\n" if text.strip() else "") + section + "\n"


def keep_soak_section(new_text: str, old_text: str) -> str:
    """`new_text` (a rewritten results.md) with the soak section of `old_text` kept: tools/benchmark.py rewrites the
    file, and the soak's figures come from another run."""
    kept = soak_section(old_text)
    return new_text if kept is None else with_soak_section(new_text, kept)


# ---- the server's memory ----------------------------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(child) for child in (task / "children").read_text().split()]
    return found


def process_tree_rss_mb(pid: int) -> float:
    """Resident memory (VmRSS) of the process `pid` and all its descendants, in MB; 0 once it has ended."""
    total_kb, pending = 0, [pid]
    while pending:
        current = pending.pop()
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
            pending += _children(current)
    return total_kb / 1024


# ---- one viewer ---------------------------------------------------------------------------------------------------

@dataclass
class View:
    """What a viewer asks for: a page by its URL path and the URL's filters."""

    page: str
    month: str
    cities: tuple[str, ...]
    lang: str

    def query_string(self) -> str:
        return urlencode([("lang", self.lang), ("month", self.month), *(("city", c) for c in self.cities)])


@dataclass
class PageRun:
    """One page run as a viewer saw it."""

    view: View
    at: float            # seconds from the phase's start to the request
    seconds: float       # settle time: request to script_finished (or to the failure)
    errors: list[str]
    banner: bool = False  # the page said it shows the last version that passed
    metrics: list[tuple[str, str, str]] = field(default_factory=list)  # (label, value, change) of st.metric
    probe: bool = False  # asked by the soak itself (the broken file's probe, the final check), not by a viewer


@dataclass
class Workload:
    """What the viewers choose from: the pages, the data's months (the added one joins when written), the cities;
    and whether any page has shown the banner of the last version that passed (set as soon as one does)."""

    months: list[str]
    cities: list[str]
    think: float
    banner_seen: asyncio.Event = field(default_factory=asyncio.Event)

    def pick(self, rng: random.Random) -> View:
        cities = tuple(rng.sample(self.cities, rng.randint(0, MAX_CITIES)))
        return View(rng.choice(PAGE_PATHS), rng.choice(self.months), cities, rng.choice(LANGUAGES))

    def pause(self, rng: random.Random) -> float:
        return rng.uniform(0.5, 1.5) * self.think


class _Screen:
    """What one page run put on the screen, read from the server's ForwardMsgs."""

    def __init__(self, banner_seen: asyncio.Event | None = None) -> None:
        self.banner_seen = banner_seen
        self.errors: list[str] = []
        self.metrics: list[tuple[str, str, str]] = []
        self.banner = False
        self.page_hash: str | None = None
        self.page_paths: dict[str, str] = {}  # page script hash → URL path

    def read(self, message: ForwardMsg) -> None:
        kind = message.WhichOneof("type")
        if kind == "navigation":
            self.page_hash = message.navigation.page_script_hash
            self.page_paths = {p.page_script_hash: p.url_pathname for p in message.navigation.app_pages}
        elif kind == "page_not_found":
            self.errors.append(f"page not found: {message.page_not_found.page_name!r}")
        elif kind == "session_event" and message.session_event.HasField("script_compilation_exception"):
            self.errors.append(f"script does not compile: {message.session_event.script_compilation_exception.message}")
        elif kind == "delta":
            self._read_delta(message.delta)

    def _read_delta(self, delta) -> None:
        if delta.WhichOneof("type") == "add_block":
            block = delta.add_block
            if block.WhichOneof("type") == "expandable" and block.expandable.label in BANNER_LABELS:
                self.banner = True
                if self.banner_seen is not None:
                    self.banner_seen.set()
            return
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.errors.append(f"exception {element.exception.type}: {element.exception.message[:200]}")
        elif kind == "alert" and element.alert.format == Alert.ERROR:
            self.errors.append(f"st.error: {element.alert.body[:200]}")
        elif kind == "metric":
            self.metrics.append((element.metric.label, element.metric.body, element.metric.delta))


async def page_run(connection: ClientConnection, view: View, timeout: float, at: float,
                   banner_seen: asyncio.Event | None = None) -> PageRun:
    """Ask the server to run `view`'s page on this session and read its messages until the run has finished
    (`banner_seen` is set as soon as the page shows the last version's banner)."""
    request = BackMsg()
    request.rerun_script.query_string = view.query_string()
    request.rerun_script.page_name = view.page
    start = time.monotonic()
    screen = _Screen(banner_seen)
    try:
        async with asyncio.timeout(timeout):
            await connection.send(request.SerializeToString())
            while True:
                message = ForwardMsg.FromString(await connection.recv())
                if message.WhichOneof("type") != "script_finished":
                    screen.read(message)
                elif message.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    # The page asked for a rerun itself: what counts is the run that follows.
                    screen = _Screen(banner_seen)
                else:
                    if message.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                        screen.errors.append(f"script finished with status {message.script_finished}")
                    break
    except TimeoutError:
        screen.errors.append(f"no script_finished within {timeout:g} s")
    except ConnectionClosed as closed:
        screen.errors.append(f"connection dropped ({closed})")
    ran = screen.page_paths.get(screen.page_hash or "")
    if not screen.errors and ran != view.page:
        screen.errors.append(f"ran the page {ran!r} instead of {view.page!r}")
    return PageRun(view, at, time.monotonic() - start, screen.errors, screen.banner, screen.metrics)


def stream_url(base_url: str) -> str:
    return base_url.replace("http://", "ws://", 1) + "/_stcore/stream"


@contextlib.asynccontextmanager
async def session(base_url: str, timeout: float):
    """A websocket session with the dashboard, as a browser tab opens one (no pings: the browser sends none)."""
    async with connect(stream_url(base_url), subprotocols=["streamlit"], max_size=None, ping_interval=None,
                       open_timeout=timeout, close_timeout=5) as connection:
        yield connection


async def viewer(number: int, base_url: str, workload: Workload, phase_start: float, stop: float, timeout: float,
                 runs: list[PageRun], seed: int) -> None:
    """One viewer until `stop` (loop time): page runs with pauses between; a session that failed is replaced by a
    new one, as a viewer would reload the page."""
    loop = asyncio.get_running_loop()
    rng = random.Random(seed * 1000 + number)
    await asyncio.sleep(rng.uniform(0, workload.think))  # viewers arrive over the first think time
    while loop.time() < stop:
        view = workload.pick(rng)
        at = loop.time() - phase_start
        try:
            async with session(base_url, timeout) as connection:
                while loop.time() < stop:
                    run = await page_run(connection, view, timeout, at, workload.banner_seen)
                    runs.append(run)
                    if run.errors and any(e.startswith(("no script_finished", "connection")) for e in run.errors):
                        break  # the session's state is unknown: open a new one
                    await asyncio.sleep(min(workload.pause(rng), max(0.0, stop - loop.time())))
                    view, at = workload.pick(rng), loop.time() - phase_start
        except (OSError, TimeoutError, InvalidHandshake) as error:
            runs.append(PageRun(view, at, loop.time() - phase_start - at, [f"connection failed: {error!r}"]))
            await asyncio.sleep(1)


async def viewers(count: int, base_url: str, workload: Workload, seconds: float, timeout: float, seed: int,
                  *others) -> tuple[list[PageRun], float]:
    """`count` viewers for `seconds` (and the coroutines `others` beside them, given the phase's start and the list
    of page runs); returns the page runs and the phase's start (loop time)."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    runs: list[PageRun] = []
    await asyncio.gather(*(viewer(n, base_url, workload, start, start + seconds, timeout, runs, seed)
                           for n in range(count)), *(other(start, runs) for other in others))
    return runs, start


# ---- the soak -----------------------------------------------------------------------------------------------------

@contextlib.contextmanager
def _store_directory(path: Path) -> Iterator[None]:
    # The run's stores, for the server it starts (which inherits the environment) and for the expected figures.
    previous = os.environ.get(STORE_DIR_VARIABLE)
    os.environ[STORE_DIR_VARIABLE] = str(path)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(STORE_DIR_VARIABLE, None)
        else:
            os.environ[STORE_DIR_VARIABLE] = previous


def expected_cards(exports: Path, month: str) -> list[tuple[str, str, str]]:
    """The overview's KPI cards in English as (label, value, change), from the query layer and the KPIs' own
    formatting (csat/components.py's kpi_card writes them so); a card's label may carry its weight after it."""
    row = queries.run("national_kpis", data_dir=exports, month=month, cities=[]).iloc[0]
    cards = []
    for kpi in kpis.OVERVIEW_CARDS:
        value = row[kpi.name]
        change = kpi.format_delta(row.get(f"{kpi.name}_delta"), row.get(f"{kpi.name}_prev"), "en", value=value)
        cards.append((kpi.label("en"), kpi.format_value(value, "en"), change or ""))
    return cards


async def check_screen(base_url: str, exports: Path, month: str, timeout: float, wait: float = 60) -> dict:
    """Open the overview of `month` in English in a fresh session until its KPI cards show the query layer's values
    and changes with no banner, or `wait` seconds pass. Until the server has built the exports' new version it
    serves the one before (a new month's page then shows the latest month it has), or the last version that passed
    with its banner."""
    expected = await asyncio.to_thread(expected_cards, exports, month)
    view = View("", month, (), "en")
    deadline = time.monotonic() + wait
    attempts = 0
    while True:
        attempts += 1
        async with session(base_url, timeout) as connection:
            run = await page_run(connection, view, timeout, 0.0)
        run.probe = True
        shown = run.metrics[:len(expected)]
        matches = not run.banner and not run.errors and len(shown) == len(expected) and all(
            label.startswith(want_label) and value == want_value and change == want_change
            for (label, value, change), (want_label, want_value, want_change) in zip(shown, expected, strict=False))
        if matches or time.monotonic() > deadline:
            break
        await asyncio.sleep(2)
    queries.clear_caches()  # let go of the store (the work folder is removed afterwards)
    return {"month": month, "expected": expected, "shown": shown, "matches": matches, "errors": run.errors,
            "banner": run.banner, "attempts": attempts}


def _timing(runs: list[PageRun]) -> dict:
    # Settle times, and the pages served per second from the phase's start to the last run's end (what the server
    # gets through: the viewers' pauses aside, the rest of the time is queueing).
    settled = [r.seconds for r in runs if not r.errors]
    span = max((r.at + r.seconds for r in runs), default=0)
    return {"runs": len(runs), "errors": sum(bool(r.errors) for r in runs),
            "p50_s": round(percentile(settled, 0.5), 2), "p90_s": round(percentile(settled, 0.9), 2),
            "max_s": round(max(settled), 2) if settled else float("nan"),
            "per_s": round(len(settled) / span, 2) if span else float("nan")}


def _error_kinds(runs: list[PageRun]) -> dict[str, int]:
    # The ten most frequent errors by their first 80 characters, counted.
    return dict(Counter(e[:80] for r in runs for e in r.errors).most_common(10))


async def _sample_memory(pid: int, origin: float, samples: list[tuple[float, float]], stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        samples.append((round(loop.time() - origin, 1), round(process_tree_rss_mb(pid), 1)))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 1.0)


async def _probe(base_url: str, workload: Workload, timeout: float, start: float, runs: list[PageRun]) -> None:
    # Overviews asked for while the file is broken, until one has shown the banner (or the file is restored). Not the
    # data-quality page: it says the same in its own refresh section instead of the banner the probe looks for.
    loop = asyncio.get_running_loop()
    async with session(base_url, timeout) as connection:
        while not workload.banner_seen.is_set():
            view = View("", workload.months[-1], (), "en")
            run = await page_run(connection, view, timeout, loop.time() - start, workload.banner_seen)
            run.probe = True
            runs.append(run)
            if run.errors:
                return


async def _change_exports(base_url: str, exports: Path, workload: Workload, seconds: float,
                          options: argparse.Namespace, events: list[dict], start: float, runs: list[PageRun]) -> None:
    """During the soak: add a month, break a file, restore it once a page has shown the last version that passed
    (see the module's docstring)."""
    loop = asyncio.get_running_loop()

    def event(text: str, **figures) -> None:
        events.append({"event": text, "at_s": round(loop.time() - start, 1), **figures})

    async def at(share: float) -> None:
        await asyncio.sleep(max(0.0, start + share * seconds - loop.time()))

    await at(ADD_MONTH_AT)
    began = loop.time()
    rows = await asyncio.to_thread(scale_data.add_month, exports, NEW_MONTH, options.responses // scale_data.MONTHS)
    workload.months.append(f"{NEW_MONTH:%Y-%m}")
    event(f"month {NEW_MONTH:%Y-%m} added ({rows['survey_responses']:,} responses)",
          took_s=round(loop.time() - began, 1))
    # The added month, opened by the soak's own session while the viewers go on: the exports stay as they are until
    # it has been shown (on a loaded machine that outlasts CORRUPT_AT), so whether the month was served does not
    # depend on a viewer happening to pick it.
    began = loop.time()
    arrival = await check_screen(base_url, exports, f"{NEW_MONTH:%Y-%m}", options.timeout, wait=options.timeout)
    took = loop.time() - began
    event(f"the overview of {NEW_MONTH:%Y-%m} {'showed' if arrival['matches'] else 'did not show'} its figures "
          f"within {took:.0f} s ({arrival['attempts']} page run{'s' * (arrival['attempts'] > 1)})",
          took_s=round(took, 1), screen=arrival)
    await at(CORRUPT_AT)
    target = exports / CORRUPTED_FILE
    original = target.read_bytes()
    workload.banner_seen.clear()  # the new month's files, read half-written, may have shown it already
    target.write_bytes(GARBAGE)
    event(f"{CORRUPTED_FILE} overwritten with garbage")
    broken_at = loop.time()
    probe = asyncio.create_task(_probe(base_url, workload, options.timeout, start, runs))
    # Broken until a page has shown the banner: at the latest the soak's end, or --timeout after the damage when the
    # arrival check ran past that end.
    deadline = max(start + BROKEN_AT_MOST * seconds, broken_at + options.timeout)
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(workload.banner_seen.wait(), max(0.0, deadline - loop.time()))
    if workload.banner_seen.is_set():
        event("a page showed the last version that passed")
    await at(RESTORE_AT)
    target.write_bytes(original)
    event(f"{CORRUPTED_FILE} restored")
    workload.banner_seen.set()  # the probe stops
    await probe


async def _drive(base_url: str, pid: int, exports: Path, workload: Workload, options: argparse.Namespace) -> dict:
    loop = asyncio.get_running_loop()
    origin = loop.time()
    samples: list[tuple[float, float]] = []
    stop_sampling = asyncio.Event()
    sampler = asyncio.create_task(_sample_memory(pid, origin, samples, stop_sampling))
    events: list[dict] = []
    seconds = options.minutes * 60

    def change(start: float, runs: list[PageRun]):
        return _change_exports(base_url, exports, workload, seconds, options, events, start, runs)

    runs, start = await viewers(options.sessions, base_url, workload, seconds, options.timeout, options.seed, change)
    offset = start - origin
    soak_samples = [(at - offset, mb) for at, mb in samples if offset <= at <= offset + seconds]
    flat, middle, last = memory_flatness(soak_samples, seconds)
    corrupt = next(e["at_s"] for e in events if e["event"].endswith("garbage"))
    restored = next(e["at_s"] for e in events if e["event"].endswith("restored"))
    viewed = [r for r in runs if not r.probe]
    pages = {path or "overview": _timing([r for r in viewed if r.view.page == path]) for path in PAGE_PATHS}
    report = {
        "sessions": options.sessions, "seconds": seconds, "think_s": options.think, "timeout_s": options.timeout,
        "step_seconds": options.step_seconds,
        **_timing(viewed), "error_kinds": _error_kinds(runs), "pages": pages, "events": events,
        "probe": {"runs": sum(r.probe for r in runs), "errors": sum(bool(r.errors) for r in runs if r.probe)},
        "banner_shown": any("last version" in e["event"] for e in events),
        "banners": {"while_broken": sum(r.banner for r in runs if corrupt <= r.at < restored),
                    "runs_while_broken": sum(corrupt <= r.at < restored for r in runs),
                    "after_restore": sum(r.banner for r in runs if r.at >= restored + AFTER_RESTORE_S)},
        "new_month_runs": sum(r.view.month == f"{NEW_MONTH:%Y-%m}" and not r.errors for r in viewed),
        "arrival": next(e["screen"] for e in events if "screen" in e),
        "memory": {"start_mb": soak_samples[0][1] if soak_samples else None,
                   "after_warm_up_mb": next((mb for at, mb in soak_samples if at >= seconds / 6), None),
                   "end_mb": soak_samples[-1][1] if soak_samples else None,
                   "max_mb": max((mb for _, mb in soak_samples), default=None),
                   "middle_third_median_mb": middle, "last_third_median_mb": last, "flat": flat,
                   "tolerance": FLAT_TOLERANCE,
                   "series": every(soak_samples, MEMORY_SERIES_STEP)},
    }
    report["screen"] = await check_screen(base_url, exports, f"{NEW_MONTH:%Y-%m}", options.timeout)
    ladder = []
    for count in options.ladder:
        step_runs, _ = await viewers(count, base_url, workload, options.step_seconds, options.timeout,
                                     options.seed + count)
        ladder.append({"sessions": count, **_timing(step_runs), "error_kinds": _error_kinds(step_runs),
                       "rss_mb": samples[-1][1] if samples else None})
    held = [step["sessions"] for step in ladder if step["errors"] == 0 and step["p90_s"] < HELD_P90_SECONDS]
    report["ladder"] = ladder
    report["viewers_held"] = max(held, default=0) if ladder else None
    stop_sampling.set()
    await sampler
    report["memory"]["whole_run_max_mb"] = max((mb for _, mb in samples), default=None)
    return report


def run_soak(options: argparse.Namespace) -> dict:
    """The whole soak (see the module's docstring) with parsed options; returns the report."""
    work = Path(options.work_dir) if options.work_dir else Path(tempfile.mkdtemp(prefix="csat-soak-"))
    exports, store = work / "exports", work / "store"
    store.mkdir(parents=True, exist_ok=True)
    load_start = os.getloadavg()
    try:
        with _store_directory(store):
            began = time.perf_counter()
            rows = scale_data.generate(exports, options.responses)
            queries.check_data(exports)  # the store, built once before the server starts, as after a deploy
            directory = queries.run("city_directory", data_dir=exports)
            months = [f"{m:%Y-%m}" for m in queries.run("months", data_dir=exports)["month"]]
            queries.clear_caches()
            prepared = time.perf_counter() - began
            workload = Workload(months, list(directory["city_code"]), options.think)
            with dashboard_process(exports, log=work / "server.log") as (base_url, process):
                report = asyncio.run(_drive(base_url, process.pid, exports, workload, options))
        report.update({"responses": rows["survey_responses"], "prepared_s": round(prepared, 1),
                       "measured_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
                       "cores": os.cpu_count(), "python": platform.python_version(),
                       "load_average": [round(v, 1) for v in load_start],
                       "load_average_end": [round(v, 1) for v in os.getloadavg()],
                       "server_log_tracebacks": (work / "server.log").read_text(errors="replace").count("Traceback")})
        return report
    finally:
        if not options.keep:
            shutil.rmtree(work, ignore_errors=True)


def passed(report: dict) -> bool:
    """The issue's verdict: no error (soak, probe and ladder), the broken file noticed, flat memory, the right
    numbers on screen, both for the added month under load and afterwards."""
    errors = report["errors"] + report["probe"]["errors"] + sum(step["errors"] for step in report["ladder"])
    return errors == 0 and report["banner_shown"] and report["memory"]["flat"] and report["screen"]["matches"] \
        and report["arrival"]["matches"]


# ---- the report ---------------------------------------------------------------------------------------------------

def _clock(seconds: float) -> str:
    return f"{int(seconds) // 60}:{int(seconds) % 60:02d}"


def summary(report: dict, command: str) -> str:
    """The report as the Markdown section of benchmarks/results.md (markers included)."""
    memory, screen = report["memory"], report["screen"]
    events = "; ".join(f"{_clock(e['at_s'])} {e['event']}" for e in report["events"])
    lines = [
        SECTION_BEGIN, "## Load and soak (issue 13)", "",
        f"Measured {report['measured_at']} by `{command}` on {report['cores']} cores, Python {report['python']} (load "
        f"average {', '.join(map(str, report['load_average']))} at the start, "
        f"{', '.join(map(str, report['load_average_end']))} at the end; the machine is shared). "
        f"{report['responses']:,} survey responses (tools/scale_data.py, hive-partitioned by month), one dashboard "
        "server on 127.0.0.1. Each session speaks Streamlit's websocket protocol as a browser tab does (no browser: "
        "the settle time is the server's run of a page, from the request to `script_finished`, without drawing) "
        "and acts as a viewer: a page, month, 0–3 cities and language at random, then "
        f"{report['think_s'] * 0.5:g}–{report['think_s'] * 1.5:g} s of reading before the next. "
        f"An error is an exception, an `st.error`, a wrong page, a run over {report['timeout_s']:g} s or a dropped "
        "connection.", "",
        f"**Soak: {report['sessions']} sessions for {_clock(report['seconds'])} — {report['runs']:,} page runs, "
        f"{report['errors']} errors**, settle p50 {report['p50_s']:.2f} s, p90 {report['p90_s']:.2f} s, max "
        f"{report['max_s']:.2f} s ({report['per_s']:.2f} pages served per second). The exports changed meanwhile: "
        f"{events}. Of the "
        f"{report['banners']['runs_while_broken']} page runs asked for while the file was broken (the "
        f"probe's {report['probe']['runs']} with {report['probe']['errors']} errors included), "
        f"{report['banners']['while_broken']} showed the last version that passed with its banner (a page pins the "
        "version its first question finds; a viewer's run may start before the damage is seen); "
        f"{report['banners']['after_restore']} asked for {AFTER_RESTORE_S} s or more after the restore still showed "
        f"it. {report['new_month_runs']:,} viewers' runs showed the added month. The server's log holds "
        f"{report['server_log_tracebacks']} tracebacks.", "",
        f"**On screen:** the overview of {screen['month']} in English, opened afterwards, shows the national KPIs of "
        f"`queries.run(\"national_kpis\")` as `csat/kpis.py` writes them: "
        f"{'yes' if screen['matches'] else 'NO'} ("
        + ", ".join(f"{label} {value}" for label, value, _ in screen["shown"]) + ").", "",
        f"**Server memory** (VmRSS with children): {memory['start_mb']:,.0f} MB at the start, "
        f"{memory['after_warm_up_mb']:,.0f} MB after warm-up ({_clock(report['seconds'] / 6)}), "
        f"{memory['end_mb']:,.0f} MB at the end, {memory['max_mb']:,.0f} MB at most "
        f"({memory['whole_run_max_mb']:,.0f} MB including the ladder). Median of the middle third "
        f"{memory['middle_third_median_mb']:,.0f} MB, of the last third {memory['last_third_median_mb']:,.0f} MB: "
        f"**{'flat' if memory['flat'] else 'NOT flat'}** (rule: the last third's median at most "
        f"{memory['tolerance']:.0%} above the middle third's). Over time: "
        + ", ".join(f"{_clock(at)} {mb:,.0f}" for at, mb in memory["series"]) + " MB.", "",
        "| page (soak) | runs | errors | p50 (s) | p90 (s) | max (s) |", "|---|---|---|---|---|---|",
    ]
    lines += [f"| {page} | {t['runs']} | {t['errors']} | {t['p50_s']:.2f} | {t['p90_s']:.2f} | {t['max_s']:.2f} |"
              for page, t in report["pages"].items()]
    if report["error_kinds"]:
        lines += ["", "Errors by kind: " + "; ".join(f"{n}× {kind}" for kind, n in report["error_kinds"].items())]
    if report["ladder"]:
        lines += ["", "| concurrent sessions (ladder) | page runs | errors | p50 (s) | p90 (s) | max (s) | "
                  "pages served per s | server MB |", "|---|---|---|---|---|---|---|---|"]
        lines += [f"| {s['sessions']} | {s['runs']} | {s['errors']} | {s['p50_s']:.2f} | {s['p90_s']:.2f} | "
                  f"{s['max_s']:.2f} | {s['per_s']:.2f} | {s['rss_mb']:,.0f} |" for s in report["ladder"]]
        first = report["ladder"][0]
        held = report["viewers_held"] or f"none (p90 {first['p90_s']:.2f} s with {first['sessions']})"
        lines += ["", f"**Viewers held** (the most sessions whose page runs stay under {HELD_P90_SECONDS:g} s at p90, "
                  f"with no error; each step {report['step_seconds']:g} s, its viewers arriving over the first "
                  f"{report['think_s']:g} s): **{held}**."]
    lines.append(SECTION_END)
    return "\n".join(lines)


def write_results(section: str, path: Path = RESULTS) -> None:
    """Put the soak's section into results.md (replacing the previous one)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(with_soak_section(text, section), encoding="utf-8")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line's options (also what tests/test_soak.py passes to run_soak)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=40, help="concurrent viewers during the soak")
    parser.add_argument("--minutes", type=float, default=3.0, help="the soak's length")
    parser.add_argument("--responses", type=int, default=200_000, help="survey responses generated")
    parser.add_argument("--ladder", default="", help="session counts measured afterwards, e.g. 10,20,30,40,50")
    parser.add_argument("--step-seconds", type=float, default=45.0, help="each ladder step's length")
    parser.add_argument("--think", type=float, default=10.0, help="a viewer's mean reading time between pages (s)")
    parser.add_argument("--timeout", type=float, default=120.0, help="a page run slower than this is an error (s)")
    parser.add_argument("--seed", type=int, default=13, help="the viewers' random choices")
    parser.add_argument("--work-dir", help="where the exports, store and server log go (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--write-results", action="store_true", help=f"write the summary into {RESULTS.name}")
    options = parser.parse_args(argv)
    options.ladder = [int(n) for n in options.ladder.split(",") if n.strip()]
    if not 1 <= options.sessions <= MAX_SESSIONS or any(not 1 <= n <= MAX_SESSIONS for n in options.ladder):
        parser.error(f"sessions must be 1–{MAX_SESSIONS}")
    if not 0 < options.minutes <= MAX_MINUTES or not 0 < options.step_seconds <= MAX_MINUTES * 60:
        parser.error(f"a phase lasts at most {MAX_MINUTES} minutes")
    return options


def main(argv: list[str] | None = None) -> int:
    """Command line: run the soak, print its summary, optionally write it into benchmarks/results.md."""
    options = parse_args(argv)
    report = run_soak(options)
    command = "python tools/soak.py " + " ".join(sys.argv[1:] if argv is None else argv)
    section = summary(report, command.strip())
    print(section)
    if options.write_results:
        write_results(section)
    return 0 if passed(report) else 1


if __name__ == "__main__":
    sys.exit(main())
