"""Table builders of the data-quality page: query results in (export_tables, table_months, data_quality,
data_quality_examples, export_files, thin_data), display tables out — headers in the page's language, counts with
thousands separators, months as 2025-03, "–" where there is no value. Values from the exports (file names, keys,
values) stay plain text in table cells, never Markdown.
"""

import math

import pandas as pd

from csat import formats
from csat.codes import code_text
from csat.i18n import Translator

# What counts as thin data (thin_data's parameters): a month below this percentage of the median of the last
# THIN_MONTHS months.
THIN_PERCENT = 50
THIN_MONTHS = 12
THIN_FINDINGS = ("thin_responses", "thin_tickets")


def count(value: object) -> str:
    """A count with thousands separators ("12,345"; "–" for none)."""
    return formats.number(value, ",.0f")


def _months(values: pd.Series) -> list[str]:
    return [formats.month(v) for v in values]


def table_overview(tables: pd.DataFrame, months: pd.DataFrame) -> pd.DataFrame:
    """Each table's files and rows (an export_tables result) with the months its rows cover (table_months), in the
    contract's order: the page's table and its CSV file."""
    return tables.merge(months, on="table_name", how="left", validate="one_to_one")


def overview_table(overview: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """A table_overview for the page: files, rows read, kept and rejected, first and last month, months."""
    return pd.DataFrame({
        tr("frame.col_table"): overview["table_name"],
        tr("quality.col_files"): [count(v) for v in overview["files"]],
        tr("quality.col_rows_read"): [count(v) for v in overview["rows_read"]],
        tr("quality.col_rows_kept"): [count(v) for v in overview["rows_kept"]],
        tr("quality.col_rows_rejected"): [count(v) for v in overview["rows_rejected"]],
        tr("quality.col_first_month"): _months(overview["first_month"]),
        tr("quality.col_last_month"): _months(overview["last_month"]),
        tr("quality.col_months"): [count(v) for v in overview["months"]],
    })


def rejections_table(rejected: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """A data_quality result: each rule's rejected rows per table and file."""
    return pd.DataFrame({
        tr("frame.col_table"): rejected["table_name"],
        tr("frame.col_file"): rejected["file"],
        tr("frame.col_rule"): rejected["rule"],
        tr("frame.col_column"): rejected["column_name"].fillna(""),
        tr("frame.col_rows"): [count(v) for v in rejected["rows"]],
    })


def examples_table(examples: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """A data_quality_examples result: where each example row is in its file, its key and the value the rule checks.
    The file names its table (NAME.parquet or a file under NAME/): no table column, so that a phone shows more of
    the key and value."""
    return pd.DataFrame({
        tr("frame.col_file"): examples["file"],
        tr("frame.col_rule"): examples["rule"],
        tr("quality.col_source_row"): [count(v) for v in examples["source_row"]],
        tr("quality.col_key"): examples["key_value"].fillna(formats.MISSING),
        tr("quality.col_value"): examples["value"].fillna(formats.MISSING),
    })


def _size(size_bytes: object) -> str:
    return formats.MISSING if formats.is_missing(size_bytes) else f"{math.ceil(size_bytes / 1024):,} KB"


def files_table(files: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """An export_files result: each file of the version in use, its size, when it changed and the rows read."""
    return pd.DataFrame({
        tr("frame.col_table"): files["table_name"],
        tr("frame.col_file"): files["file"],
        tr("quality.col_size"): [_size(v) for v in files["size_bytes"]],
        tr("quality.col_modified"): [formats.moment(v) for v in files["modified_at"]],
        tr("quality.col_rows_read"): [count(v) for v in files["rows_read"]],
    })


def silent_cities(thin: pd.DataFrame, names: dict[str, str]) -> list[str]:
    """The names of the cities a thin_data result finds without survey responses, in its order."""
    codes = thin.loc[thin["finding"] == "city_without_responses", "city_code"]
    return [names.get(code, code) for code in codes]


def thin_months(thin: pd.DataFrame) -> pd.DataFrame:
    """The thin months of a thin_data result (responses, then tickets, oldest first)."""
    return thin[thin["finding"].isin(THIN_FINDINGS)].reset_index(drop=True)


def thin_months_table(months: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """The thin months (thin_months) for the page: what is thin, the month, its count, the median and the threshold."""
    return pd.DataFrame({
        tr("quality.col_finding"): [code_text("finding", f, tr) for f in months["finding"]],
        tr("col.month"): _months(months["month"]),
        tr("quality.col_count"): [count(v) for v in months["count"]],
        tr("quality.col_median"): [formats.number(v, ",.1f") for v in months["median"]],
        tr("quality.col_thin_below"): [formats.number(v, ",.1f") for v in months["thin_below"]],
    })
