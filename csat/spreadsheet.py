"""Query results as CSV files a spreadsheet user can read: headers in the page's language, city names beside
their codes, values rounded as the page shows them but still numbers, and no cell a spreadsheet would run.

    spreadsheet_csv(frame, tr, city_names)   # bytes: UTF-8 with a BOM (Excel then reads Chinese), one header row

A column named after a KPI (`csat.kpis.KPIS`) takes the KPI's label and unit and the page's decimals (shares as
percentages); a column named NAME_prev, NAME_delta, NAME_change, NAME_year_ago or NAME_selected is NAME's with
a note; a column in both languages (name_zh, name_en) keeps the page's language only; every other column has
its header in csat/texts/export.py. The page may say which KPI a generic "value" column holds (`value_kpi`).

Every text cell — a city's code and name, a title, a comment, a translated code, a header — is written as the
page shows it (csat.markup.bare: no bidirectional controls), and one a spreadsheet would run as a formula (OWASP's
CSV injection: it starts with =, +, -, @, a tab or a carriage return) gets a leading apostrophe, so it shows as
text; numbers stay numbers (a negative change is a number, not a formula).

Cells are in the page's language too: a column of codes (a channel, a low-score reason, a status, a region…) holds
their texts (csat.codes, the pages' own mapping; a mix's `item` is a reason or a category as its `source` says), and
a column that names KPIs (metric, factor, outcome, kpi) their labels.
"""

from collections.abc import Mapping

import pandas as pd

from csat import kpis
from csat.codes import CODE_TEXTS, code_text
from csat.i18n import Translator
from csat.kpis import KPIS, Kpi
from csat.markup import bare
from csat.texts import TEXTS

# Decimals a KPI's value is written with, by format: the page's (csat.kpis.DECIMALS), except that a share is
# written as a percentage with one decimal (the page's 0.35 → "35%"; the sheet's 35.0).
DECIMALS = {**kpis.DECIMALS, "share": 1}
OTHER_DECIMALS = 3      # a measured number that is no KPI (a slope, a standard error, a share of a mix)
SUFFIXES = ("prev", "delta", "change", "year_ago", "selected")
CHANGES = ("delta", "change")
# The columns that hold the value of the KPI a page names (`value_kpi`), e.g. the trends page's chosen KPI.
VALUE_COLUMNS = ("value", "value_se", "ci_low", "ci_high", "change", "change_se")
# Columns that hold, row by row, the value of the KPI their row's `metric` names (the scorecard's long table): each
# rounded as its own KPI is written (shares in percent).
ROW_KPI_COLUMNS = ("baseline_value", "target_value", "month_value", "expected_value", "ytd_value",
                   "expected_ytd_value")
# Columns whose cells name KPIs (csat.kpis.KPIS, or an initiative's metric: kpis.PLAN_METRIC_KPIS).
KPI_NAME_COLUMNS = ("metric", "factor", "outcome", "kpi")
# A text cell a spreadsheet would read as a formula (CSV injection) gets a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _split(column: str) -> tuple[str, str | None]:
    """"index_prev" → ("index", "prev"); a column without a known suffix → (column, None)."""
    for suffix in SUFFIXES:
        if column.endswith(f"_{suffix}") and column != suffix:
            return column.removesuffix(f"_{suffix}"), suffix
    return column, None


def _kpi_of(column: str, value_kpi: Kpi | None) -> tuple[Kpi | None, str | None]:
    """The KPI a column holds and the column's suffix (None, None for a column that holds no KPI)."""
    if value_kpi is not None and column in VALUE_COLUMNS:
        return value_kpi, "change" if column.startswith("change") else None
    base, suffix = _split(column)
    if column in KPIS:
        return KPIS[column], None
    if f"csv.{column}" not in TEXTS and base in KPIS:
        return KPIS[base], suffix
    return None, None


def _header(column: str, tr: Translator, kpi: Kpi | None, suffix: str | None) -> str:
    if kpi is not None and column in VALUE_COLUMNS and column != "value":  # "95% interval, low" of the page's KPI
        unit = tr("csv.unit.points" if suffix in CHANGES else "csv.unit.percent") if kpi.format == "share" else ""
        return tr(f"csv.{column}") + unit
    if kpi is not None:
        unit = tr("csv.unit.points" if suffix in CHANGES else "csv.unit.percent") if kpi.format == "share" else ""
        header = kpi.titled(tr.lang) + unit
        return header + (tr(f"csv.suffix.{suffix}") if suffix else "")
    if f"csv.{column}" in TEXTS:
        return tr(f"csv.{column}")
    base, suffix = _split(column)
    if suffix and f"csv.{base}" in TEXTS:
        return tr(f"csv.{base}") + tr(f"csv.suffix.{suffix}")
    return column  # a column this module does not know yet keeps its name rather than failing the download


def _rounded(values: pd.Series, kpi: Kpi | None) -> pd.Series:
    if kpi is not None and kpi.format == "share":
        values = values * 100
    decimals = DECIMALS[kpi.format] if kpi is not None else OTHER_DECIMALS
    rounded = values.round(decimals) + 0.0  # + 0.0 turns a rounded −0.0 into 0.0
    if decimals == 0 and rounded.dropna().eq(rounded.dropna().round()).all():
        return rounded.astype("Int64")
    return rounded


def _rounded_by_row(values: pd.Series, metrics: pd.Series) -> pd.Series:
    """Each value rounded as its row's KPI is written (a share as a percentage); a row of no KPI as a number."""
    rounded = []
    for value, name in zip(values, metrics, strict=True):
        kpi = KPIS.get(name) if isinstance(name, str) else None
        if pd.isna(value):
            rounded.append(None)
            continue
        scaled = float(value) * 100 if kpi is not None and kpi.format == "share" else float(value)
        rounded.append(round(scaled, DECIMALS[kpi.format] if kpi is not None else OTHER_DECIMALS) + 0.0)
    return pd.Series(rounded, index=values.index, dtype="Float64")


def _dates(values: pd.Series) -> pd.Series:
    """Months as 2025-03, dates as 2025-03-14, moments as 2025-03-14 09:30 (text a spreadsheet reads as a date)."""
    present = values.dropna()
    if present.empty or (present.dt.normalize() == present).all():
        monthly = not present.empty and (present.dt.day == 1).all() and bool(present.dt.is_month_start.all())
        text = values.dt.strftime("%Y-%m" if monthly and values.name and "month" in values.name else "%Y-%m-%d")
    else:
        text = values.dt.strftime("%Y-%m-%d %H:%M")
    return text.where(values.notna(), "")


def _guarded(value: object) -> object:
    """A text cell as the page shows it, with a leading apostrophe where a spreadsheet would run it; any other
    cell (a number, a missing value) unchanged."""
    if not isinstance(value, str):
        return value
    value = bare(value)
    if value.startswith(FORMULA_STARTS):
        value = f"'{value}"
    # A carriage return inside a cell would end the row (the file's lines end in "\n", and the csv module quotes a
    # cell only for the line end's own characters): the next line would start a row of its own, unguarded. Written as
    # a line break, the cell is quoted and stays one cell.
    return value.replace("\r\n", "\n").replace("\r", "\n")


def _kpi_label(name: object, tr: Translator) -> object:
    kpi = (KPIS.get(name) or kpis.PLAN_METRIC_KPIS.get(name)) if isinstance(name, str) else None
    return kpi.label(tr.lang) if kpi is not None else name


def _cell_texts(column: str, frame: pd.DataFrame, tr: Translator) -> pd.Series | None:
    """The column's codes as texts in the page's language (None for a column that holds no codes)."""
    values = frame[column]
    if column in KPI_NAME_COLUMNS:
        return values.map(lambda name: _kpi_label(name, tr))
    if column == "item" and "source" in frame.columns:  # a mix: a reason or a complaint category
        return pd.Series([code_text(source, item, tr) for source, item in zip(frame["source"], values, strict=True)],
                         index=values.index)
    if column in CODE_TEXTS:
        return values.map(lambda code: code_text(column, code, tr))
    return None


def spreadsheet_frame(frame: pd.DataFrame, tr: Translator, city_names: Mapping[str, str],
                      value_kpi: Kpi | None = None) -> pd.DataFrame:
    """`frame` as it goes into the CSV file (see the module's docstring)."""
    other_language = "en" if tr.lang == "zh" else "zh"
    named = {f"name_{tr.lang}", f"city_{tr.lang}"} & set(frame.columns)
    columns: dict[str, pd.Series] = {}
    for column in frame.columns:
        values = frame[column]
        if column.endswith(f"_{other_language}"):
            continue
        if column.endswith(f"_{tr.lang}"):
            base = column.removesuffix(f"_{tr.lang}")
            columns[tr(f"csv.{base}") if f"csv.{base}" in TEXTS else base] = values  # as _header: never a failure
            continue
        kpi, suffix = _kpi_of(column, value_kpi)
        header = _header(column, tr, kpi, suffix)
        while header in columns:  # two columns of one name would overwrite each other
            header = f"{header} ({column})"
        if column == "city_code":
            columns[header] = values
            if not named:  # the city's name right after its code
                columns[tr("csv.name")] = values.map(lambda code: city_names.get(code, code) if isinstance(code, str)
                                                     else tr("frame.nationwide"))
        elif column in ROW_KPI_COLUMNS and "metric" in frame.columns:
            columns[header] = _rounded_by_row(values, frame["metric"])
        elif (texts := _cell_texts(column, frame, tr)) is not None:
            columns[header] = texts
        elif pd.api.types.is_bool_dtype(values):
            columns[header] = values.map(lambda v: "" if pd.isna(v) else tr("csv.yes" if v else "csv.no"))
        elif pd.api.types.is_datetime64_any_dtype(values):
            columns[header] = _dates(values)
        elif pd.api.types.is_float_dtype(values) or (kpi is not None and pd.api.types.is_numeric_dtype(values)):
            columns[header] = _rounded(values.astype(float), kpi)
        elif pd.api.types.is_numeric_dtype(values):
            columns[header] = values
        else:
            columns[header] = values
    # Every text cell and header guarded, whatever column it is in (codes and names included).
    return pd.DataFrame({_guarded(header): values.map(_guarded) if not pd.api.types.is_numeric_dtype(values)
                         else values for header, values in columns.items()})


def spreadsheet_csv(frame: pd.DataFrame, tr: Translator, city_names: Mapping[str, str],
                    value_kpi: Kpi | None = None) -> bytes:
    """`frame` as a CSV file for a spreadsheet: UTF-8 with a BOM, translated headers, rounded numbers."""
    table = spreadsheet_frame(frame, tr, city_names, value_kpi)
    return table.to_csv(index=False, lineterminator="\n").encode("utf-8-sig")
