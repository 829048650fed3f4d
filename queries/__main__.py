"""Command line of the query layer.

    python -m queries --list
    python -m queries NAME [--month YYYY-MM] [--cities CODE,CODE] [--months N] [--PARAMETER VALUE …]
                           [--data DIR] [--format table|csv|json] [--as USER]

With an access file (queries/access.py) the command line answers as the dashboard would for `--as USER` (an
e-mail address or user name of the file): a regional manager's answers hold their own cities' rows and the
aggregates only; a user the file does not name, or no --as, exits with status 2.

csv and json (a list of records) carry full precision; table is for reading. Standard output carries the
result only: notes (rows the contract rejected, files skipped), warnings and errors go to standard error. A data
directory that breaks the contract prints its problems and exits with status 2; a bad call — an unknown query,
city code or parameter, a month that is no month — exits with status 2 too, naming the offending value, never with
a traceback. Output cut short by its reader (`python -m queries --list | head -1`) ends quietly with status 141
(128 + SIGPIPE, as a program the signal ends). Details of rejected rows: `python -m queries data_quality`.
"""

import argparse
import json
import math
import os
import signal
import sys
from collections.abc import Sequence

import duckdb
import pandas as pd

from queries.access import CITY_PARAMETER_KINDS, AccessDenied, AccessFileError, command_line_viewer, viewing_as
from queries.catalogue import QueryError, list_queries, query_info
from queries.loader import DataContractError, skipped_files
from queries.runner import run
from queries.settings import data_directory

EXIT_BAD_INPUT = 2
# How a shell reports a program ended by SIGPIPE (its reader went away): what the command line exits with then.
EXIT_OUTPUT_CLOSED = 128 + signal.SIGPIPE
# The skipped files a note names (more are counted).
SKIPPED_FILES_NAMED = 3


def _argument_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m queries", description="Run a named query over the exports.")
    parser.add_argument("name", nargs="?", help="the query to run (see --list)")
    parser.add_argument("--list", action="store_true", help="list the queries and their parameters")
    parser.add_argument("--data", help="data directory (default: $CSAT_DATA_DIR or the bundled demo)")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    parser.add_argument("--as", dest="as_user", metavar="USER",
                        help="answer as this user of the access file sees it (required when there is one)")
    # One option per query parameter in the catalogue (--month, --cities, --city, --metric, …); a query
    # given an option it does not take answers with a clear error.
    seen = {}
    for info in list_queries():
        for parameter in info.parameters:
            seen.setdefault(parameter.name, parameter)
    for name, parameter in sorted(seen.items()):
        hint = {"month": "YYYY-MM", "cities": "CODE,CODE", "city": "CODE", "names": "NAME,NAME",
                "int": "N"}.get(parameter.kind, "TEXT")
        parser.add_argument(f"--{name.replace('_', '-')}", dest=f"param_{name}", metavar=hint, help=parameter.help)
    return parser


def _catalogue_text() -> str:
    lines = []
    for info in list_queries():
        lines.append(f"{info.name}\n    {info.summary}")
        for parameter in info.parameters:
            default = f" = {parameter.default}" if parameter.default else ""
            lines.append(f"    --{parameter.name.replace('_', '-')} ({parameter.kind}{default}): {parameter.help}")
    return "\n".join(lines)


def _json_value(value: object) -> object:
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item"):  # numpy scalars → Python numbers (full precision kept)
        return _json_value(value.item())
    return value


def format_result(frame: pd.DataFrame, output_format: str) -> str:
    """A result as the command line prints it: CSV, JSON records (both at full precision) or a table
    for reading ("(no rows)" when empty)."""
    if output_format == "csv":
        return frame.to_csv(index=False)
    if output_format == "json":
        records = [{k: _json_value(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]
        return json.dumps(records, ensure_ascii=False, indent=2)
    if frame.empty:
        return "(no rows)"
    return frame.to_string(index=False, float_format=lambda x: f"{x:,.2f}")


def _unknown_cities(name: str, params: dict, data_dir: str | None) -> str | None:
    """An error naming the city codes of the call (`--cities`, `--city`) that the exports do not know, or None."""
    kinds = {parameter.name: parameter.kind for parameter in query_info(name).parameters}
    given = [code.strip() for key, value in params.items() if kinds.get(key) in CITY_PARAMETER_KINDS
             for code in str(value).split(",") if code.strip()]
    if not given:
        return None
    known = set(run("city_directory", data_dir=data_dir)["city_code"])
    unknown = list(dict.fromkeys(code for code in given if code not in known))
    if not unknown:
        return None
    return f"unknown city code {', '.join(unknown)} (known: {', '.join(sorted(known))})"


def _skipped_note(data_dir: str | None) -> str | None:
    directory = data_directory(data_dir)
    skipped = [str(path.relative_to(directory)) for path in skipped_files(directory)]
    if not skipped:
        return None
    more = ", …" if len(skipped) > SKIPPED_FILES_NAMED else ""
    return (f"note: {len(skipped)} parquet file(s) in {directory} skipped (hidden, or links to nothing): "
            f"{', '.join(skipped[:SKIPPED_FILES_NAMED])}{more}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line (`argv`, default the process's arguments): list the queries or print one's
    result; returns the exit status (2 for a bad call or exports that break the contract)."""
    args = _argument_parser().parse_args(argv)
    if args.list:
        print(_catalogue_text())
        return 0
    if not args.name:
        print("name a query to run, or --list to see them", file=sys.stderr)
        return EXIT_BAD_INPUT
    params = {key.removeprefix("param_"): value for key, value in vars(args).items()
              if key.startswith("param_") and value is not None}
    try:
        unknown = _unknown_cities(args.name, params, args.data)  # an unknown query: QueryError
        if unknown:
            print(f"error: {unknown}", file=sys.stderr)
            return EXIT_BAD_INPUT
        viewer = command_line_viewer(args.as_user, lambda: run("city_directory", data_dir=args.data))
        with viewing_as(viewer):
            frame = run(args.name, data_dir=args.data, **params)
            rejected = run("data_quality", data_dir=args.data)
    except (AccessDenied, AccessFileError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except DataContractError as error:
        print(str(error), file=sys.stderr)
        return EXIT_BAD_INPUT
    except QueryError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except duckdb.Error as error:  # e.g. a value the query itself rejects (an unknown metric)
        print(f"error: {str(error).splitlines()[0]}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(format_result(frame, args.format))
    if not rejected.empty and args.name != "data_quality":
        print(f"note: {int(rejected['rows'].sum())} row-rule violations in the exports of "
              f"{data_directory(args.data)} were excluded; see `python -m queries data_quality`.", file=sys.stderr)
    if (skipped := _skipped_note(args.data)) is not None:
        print(skipped, file=sys.stderr)
    return 0


def _output_closed() -> int:
    """The reader of standard output went away (`… | head -1`): the rest of the output goes nowhere (so that the
    interpreter's last flush raises nothing either), and the status says so, as a program SIGPIPE ends."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return EXIT_OUTPUT_CLOSED


if __name__ == "__main__":
    try:
        status = main()
        sys.stdout.flush()
    except BrokenPipeError:
        status = _output_closed()
    sys.exit(status)
