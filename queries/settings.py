"""Settings of the query layer: where the exports are and the few numbers that define the KPIs.

Every setting has a default; the data directory can be changed with the environment variable
`CSAT_DATA_DIR`. The numeric settings are loaded into the one-row `settings` table of each database, so
SQL reads them from there and they are defined here once.

How DuckDB may use the machine is set by environment variables, not `Settings` (they change no figure, so they
are no part of a store's identity): `CSAT_DUCKDB_MEMORY_LIMIT` (default 600MB while building a store, 200MB while
serving; see `engine_config`), `CSAT_DUCKDB_THREADS` (default: the core count) and `CSAT_STORE_DIR` (where the
checked exports are kept; default `.csat-store/` beside the data directory).
"""

import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_DEMO_DATA = REPOSITORY_ROOT / "data" / "demo"
DATA_DIR_VARIABLE = "CSAT_DATA_DIR"
STORE_DIR_VARIABLE = "CSAT_STORE_DIR"
MEMORY_LIMIT_VARIABLE = "CSAT_DUCKDB_MEMORY_LIMIT"
THREADS_VARIABLE = "CSAT_DUCKDB_THREADS"
# DuckDB's own limit; the process adds Python, pandas and the dashboard on top (about 150–230 MB), so these keep a
# build under 1 GB and a serving process under 500 MB (benchmarks/results.md). A build is no faster with more: it
# is bound by compressing the rows it writes, and a larger buffer pool only holds more written pages. A server fills
# its limit with the pages it has read (at 100M responses 300MB made a 529 MB process; 200MB, 416 MB, the pages as
# fast): every kept table of the questions fits in far less.
DEFAULT_MEMORY_LIMITS = {"build": "600MB", "serve": "200MB"}


@dataclass(frozen=True)
class Settings:
    """The query layer's numbers, each with its default: the index weights, the responses a city needs to be
    ranked, the ranking's group sizes, the first-response target and the early-warning rule."""

    # Satisfaction-index weights of the four dimensions (the department's definition; they sum to 1).
    weight_speed: float = 0.30
    weight_resolution: float = 0.40
    weight_attitude: float = 0.20
    weight_follow_up: float = 0.10
    # A city with fewer survey responses in a month is shown but not ranked: its index is too noisy.
    min_responses_to_rank: int = 30
    # The review's "top five" and "bottom three": the groups the map labels and the ranking highlights.
    top_group_size: int = 5
    bottom_group_size: int = 3
    # "First-response rate" = share of a month's tickets answered within this many hours (the plan's target).
    first_response_sla_hours: float = 2.0
    # CSAT share (the scorecard's "customer satisfaction"): a response is satisfied when its own satisfaction index
    # — the weighted mean of the dimensions it answered, with the index's weights — is at least this score.
    satisfied_score: float = 80.0
    # Early warning (causes page, overview map): a city is warned when next month's projected index, or the
    # lower end of its 90% prediction interval, is below the threshold, or the index fell this many months
    # running. The projection is a least-squares trend over the last `warning_window_months` months.
    warning_threshold: float = 80.0
    warning_window_months: int = 6
    warning_falling_months: int = 3
    # The map's colour scale for the satisfaction index: fixed, so that a shade means the same score every month
    # (indexes outside it take the end colours; the legend states the range).
    map_scale_low: float = 80.0
    map_scale_high: float = 95.0

    def as_row(self) -> dict[str, float]:
        return asdict(self)


DEFAULT_SETTINGS = Settings()


def data_directory(explicit: str | os.PathLike | None = None) -> Path:
    """The data directory: an explicit one, else `CSAT_DATA_DIR`, else the bundled demo exports."""
    chosen = explicit or os.environ.get(DATA_DIR_VARIABLE) or BUNDLED_DEMO_DATA
    return Path(chosen).expanduser().resolve()


def engine_config(role: str = "serve") -> dict[str, object]:
    """DuckDB's limits for a connection of the query layer that builds a store (`role` "build") or serves queries
    ("serve"): memory limit and threads from the environment (`CSAT_DUCKDB_MEMORY_LIMIT`, default per role in
    DEFAULT_MEMORY_LIMITS; `CSAT_DUCKDB_THREADS`, default the core count), and a spill folder of this process's own
    in the system's temporary folder — the machine is shared, so a large build or query spills to disk instead of
    growing without bound, and processes never share spill files."""
    threads = os.environ.get(THREADS_VARIABLE) or os.cpu_count() or 1
    return {"memory_limit": os.environ.get(MEMORY_LIMIT_VARIABLE) or DEFAULT_MEMORY_LIMITS[role],
            "threads": int(threads),
            "temp_directory": str(Path(tempfile.gettempdir()) / f"csat-duckdb-{os.getpid()}")}
