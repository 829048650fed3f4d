"""The query layer: named SQL questions over the checked parquet exports.

    from queries import run
    run("city_scores", month="2025-03")          # a DataFrame

See `queries/runner.py` for how queries are found, bound and cached, `queries/contract.py` for the export
contract, and `python -m queries --list` for the catalogue.
"""

from queries.access import AccessDenied
from queries.catalogue import QueryError, QueryInfo, list_queries
from queries.loader import ContractProblem, DataContractError
from queries.runner import (
    check_data,
    clear_caches,
    clear_results,
    export_problem,
    latest_month,
    run,
    snapshot,
)
from queries.settings import DEFAULT_SETTINGS, Settings, data_directory

__all__ = ["DEFAULT_SETTINGS", "AccessDenied", "ContractProblem", "DataContractError", "QueryError", "QueryInfo",
           "Settings", "check_data", "clear_caches", "clear_results", "data_directory", "export_problem",
           "latest_month", "list_queries", "run", "snapshot"]
