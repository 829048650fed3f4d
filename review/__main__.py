"""Command line of the review: the month's deck as PPTX or PDF.

    python -m review --out review.pptx [--month YYYY-MM] [--cities CODE,CODE] [--lang zh|en] [--data DIR] [--as USER]

--month defaults to the latest month with data, --lang to Chinese, the data directory to $CSAT_DATA_DIR or
the bundled demo (as `python -m queries`); the extension of --out picks the format. Prints the written path.
With an access file, `--as USER` is required and the deck is the one that user would get from the dashboard: a
regional manager's is about their cities (by default all of them), with the nation as the benchmark.
A bad argument, exports that break the contract or a machine without the deck's fonts or LibreOffice exit
with status 2 and one line on standard error — never a traceback.
"""

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from csat.i18n import LANGUAGES
from queries import DataContractError, QueryError, latest_month, run
from queries.access import AccessDenied, AccessFileError, Viewer, command_line_viewer, viewer_cities, viewing_as
from queries.catalogue import parse_cities, parse_month
from queries.settings import data_directory

EXIT_BAD_INPUT = 2


class BadArgument(Exception):
    """A bad argument, said in one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse prints the usage too; one line is the rule here
        raise BadArgument(message)


def _argument_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m review", description="Write the monthly review as a deck (PPTX or PDF).")
    parser.add_argument("--out", required=True, help="the file to write: NAME.pptx or NAME.pdf")
    parser.add_argument("--month", help="YYYY-MM (default: the latest month with data)")
    parser.add_argument("--cities", help="CODE,CODE: a review of these cities (default: the nation)")
    parser.add_argument("--lang", default="zh", help=f"language: {' or '.join(LANGUAGES)} (default: zh)")
    parser.add_argument("--data", help="data directory (default: $CSAT_DATA_DIR or the bundled demo)")
    parser.add_argument("--as", dest="as_user", metavar="USER",
                        help="write the deck this user of the access file would get (required when there is one)")
    return parser


def _output(value: str) -> Path:
    from review.deck import FORMATS

    path = Path(value).expanduser()
    if path.suffix.lower() not in FORMATS:
        raise BadArgument(f"--out {value}: the deck is written as .pptx or .pdf")
    folder = path.resolve().parent
    if path.is_dir() or not folder.is_dir() or not os.access(folder, os.W_OK) or \
            (path.exists() and not os.access(path, os.W_OK)):
        raise BadArgument(f"--out {value}: cannot write there")
    return path


def _month(value: str | None, data_dir: Path):
    if value is None:
        month = latest_month(data_dir)
        if month is None:
            raise BadArgument(f"the exports in {data_dir} have no survey responses")
        return month
    month = parse_month(value)
    months = sorted(run("months", data_dir=data_dir)["month"].dt.date)
    if month not in months:
        covered = f"{months[0]:%Y-%m} … {months[-1]:%Y-%m}" if months else "no month"
        raise BadArgument(f"--month {value}: no data for that month (the exports cover {covered})")
    return month


def _cities(value: str | None, data_dir: Path, viewer: Viewer) -> tuple[str, ...]:
    codes = parse_cities(value)
    known = list(run("city_directory", data_dir=data_dir)["city_code"])
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise BadArgument(f"--cities: unknown city code {', '.join(unknown)} (known: {', '.join(sorted(known))})")
    return viewer_cities(viewer, codes, known)


def _contract_line(error: DataContractError) -> str:
    first = str(error.problems[0]) if error.problems else "unreadable"
    more = f" (and {len(error.problems) - 1} more problems)" if len(error.problems) > 1 else ""
    return f"error: the exports in {error.data_dir} break the data contract: {first}{more}"


def main(argv: Sequence[str] | None = None) -> int:
    """Write the deck the arguments ask for and print its path; returns the exit status (2 for a bad
    argument, exports that break the contract, or a missing font or LibreOffice)."""
    from review.deck import DeckError, write_deck
    from review.slides import build_review

    try:
        args = _argument_parser().parse_args(argv)
        if args.lang not in LANGUAGES:
            raise BadArgument(f"--lang {args.lang}: unknown language (choose {' or '.join(LANGUAGES)})")
        out = _output(args.out)
        data_dir = data_directory(args.data)
        viewer = command_line_viewer(args.as_user, lambda: run("city_directory", data_dir=data_dir))
        month, cities = _month(args.month, data_dir), _cities(args.cities, data_dir, viewer)  # known to the exports?
        with viewing_as(viewer):
            written = write_deck(build_review(month, cities, args.lang, data_dir=data_dir), out)
    except (BadArgument, AccessDenied, AccessFileError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except DataContractError as error:
        print(_contract_line(error), file=sys.stderr)
        return EXIT_BAD_INPUT
    except (QueryError, DeckError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(written)
    return 0


if __name__ == "__main__":
    sys.exit(main())
