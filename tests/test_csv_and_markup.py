"""Text from the exports in CSV downloads and through the display helpers (csat.markup): every download the pages
offer, built from the hostile exports (tests/hostile_data.py), holds no cell a spreadsheet would run as a formula
and no bidirectional control, codes and names included; numbers stay numbers. The helpers escape Markdown and HTML,
drop bidirectional controls and nothing else, and keep a table's styles; a deck's text run drops them too.
"""

import io

import pandas as pd
import pytest

from csat import spreadsheet
from csat.i18n import Translator
from csat.markup import BIDI_CONTROLS, bare, bare_table, plain, plain_table
from tests.hostile_data import FORMULAS, RTL_OVERRIDE, markup_payloads, write_hostile_fixture

MARKUP = markup_payloads(9)
MARCH = "2025-03"


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory):
    return write_hostile_fixture(tmp_path_factory.mktemp("hostile_exports"), 9)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cells(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)


def assert_guarded(data: bytes) -> pd.DataFrame:
    cells = csv_cells(data)
    for header in cells.columns:
        assert not header.startswith(FORMULA_STARTS), header
    for value in cells.to_numpy().ravel():
        assert not value.startswith(FORMULA_STARTS) or _is_number(value), f"a formula in the CSV: {value!r}"
        assert not BIDI_CONTROLS.search(value)
    return cells


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


# Every download the pages offer, as (query, parameters, value_kpi name): the pages' own calls of csv_download.
DOWNLOADS = [
    ("city_scores", {"month": MARCH}, None),
    ("diagnosis", {"month": MARCH, "cities": ["=AA", "+BB"], "metrics": ["index", "avg_first_response_hours"]}, None),
    ("verbatims", {"month": MARCH, "cities": ["=AA", "+BB", "@CC"]}, None),
    ("early_warning", {"month": MARCH}, None),
    ("incident_impact", {"month": MARCH, "cities": ["+BB"]}, None),
    ("low_score_causes", {"month": MARCH, "cities": ["+BB"]}, None),
    ("rank_streaks", {"month": MARCH}, None),
    ("kpi_trend_by_city", {"month": MARCH, "months": 2, "cities": ["=AA", "+BB"], "metric": "index"}, "index"),
    ("city_history", {"city": "=AA", "month": MARCH, "months": 2}, None),
    ("city_channels", {"city": "=AA", "month": MARCH, "months": 2}, None),
    ("milestones_timeline", {"month": MARCH}, None),
    ("plan_outcomes", {"month": MARCH, "months": 3}, None),
    ("plan_progress", {"month": MARCH}, None),
]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("query", "params", "kpi"), DOWNLOADS, ids=[d[0] for d in DOWNLOADS])
def test_no_csv_cell_is_a_formula(hostile_dir, query, params, kpi, lang):
    import queries
    from csat.kpis import KPIS

    frame = queries.run(query, data_dir=hostile_dir, **params)
    assert not frame.empty, query
    tr = Translator(lang)
    names = dict(zip(*(queries.run("city_directory", data_dir=hostile_dir)[c] for c in ("city_code", f"name_{lang}")),
                     strict=True))
    cells = assert_guarded(spreadsheet.spreadsheet_csv(frame, tr, names, KPIS.get(kpi)))
    if "city_code" in frame.columns and frame["city_code"].notna().any():  # codes and names guarded too
        assert {"'=AA", "'+BB", "'@CC"} & set(cells.to_numpy().ravel())


def test_the_plan_matrix_and_driver_downloads_are_guarded(hostile_dir):
    import queries
    from csat.tables import causes as cause_tables
    from csat.tables import plan as plan_tables
    from csat.tables import trends as trend_tables

    tr = Translator("en")
    current = plan_tables.current_state(queries.run("plan_progress", data_dir=hostile_dir, month=MARCH))
    assert_guarded(spreadsheet.spreadsheet_csv(plan_tables.overview_export(current), tr, {}))
    team = queries.run("team_matrix", data_dir=hostile_dir, month=MARCH, cities=["=AA", "+BB"])
    practices = queries.run("practice_matrix", data_dir=hostile_dir, month=MARCH, cities=["=AA", "+BB"])
    for cells in (trend_tables.technology_cells(team, practices, tr), trend_tables.capability_cells(team, tr)):
        assert_guarded(spreadsheet.spreadsheet_csv(cells, tr, {}))
    relationships = queries.run("driver_relationships", data_dir=hostile_dir, month=MARCH)
    assert_guarded(spreadsheet.spreadsheet_csv(cause_tables.driver_pairs(relationships), tr, {}))


def test_negative_numbers_stay_numbers_and_formula_texts_are_guarded():
    tr = Translator("en")
    frame = pd.DataFrame({"city_code": ["=AA", "-BB"], "name_en": [FORMULAS[1], "\t tab"],
                          "index_delta": [-1.34, 2.0], "rank_change": [-3, 1], "comment": [FORMULAS[2], "-2+3"],
                          "note": [f"{RTL_OVERRIDE}=1+1", "\rx"]})
    table = spreadsheet.spreadsheet_frame(frame, tr, {})
    assert table.iloc[:, 0].tolist() == ["'=AA", "'-BB"]                 # codes
    assert table.iloc[:, 1].tolist() == ["'" + FORMULAS[1], "'\t tab"]   # names
    assert table.iloc[:, 2].tolist() == [-1.3, 2.0] and table.iloc[:, 3].tolist() == [-3, 1]  # numbers
    assert pd.api.types.is_float_dtype(table.iloc[:, 2]) and pd.api.types.is_integer_dtype(table.iloc[:, 3])
    assert table.iloc[:, 4].tolist() == ["'" + FORMULAS[2], "'-2+3"]     # any other text
    assert table.iloc[:, 5].tolist() == ["'=1+1", "'\nx"]               # the override gone, the formula guarded
    written = csv_cells(spreadsheet.spreadsheet_csv(frame, tr, {}))
    assert written.iloc[:, 2].tolist() == ["-1.3", "2.0"] and written.iloc[:, 3].tolist() == ["-3", "1"]
    assert written.iloc[:, 5].tolist() == ["'=1+1", "'\nx"]  # a carriage return ends no row: two rows, not three


# --- the display helpers --------------------------------------------------------------------------------------

def test_every_bidirectional_control_is_removed_and_nothing_else():
    controls = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    assert bare(f"a{controls}1 2") == "a1 2" and bare(12) == 12
    assert plain(f"{RTL_OVERRIDE}12 <b>") == r"12 \<b\>"


def test_no_address_in_markdown_becomes_a_link():
    # Streamlit's Markdown links a web or e-mail address after reading the escapes: a word joiner breaks each one.
    escaped = plain("http://x.y HTTPS://x.y www.x.y a@b.cn")
    assert "http\u2060" in escaped and "HTTPS\u2060" in escaped and "www\u2060" in escaped and "a\u2060\\@" in escaped


def test_tables_keep_their_styles_and_types():
    frame = pd.DataFrame({"City": [f"{RTL_OVERRIDE}**x**", "y"], "Value": [-1.5, 2.0]})
    styled = frame.style.apply(lambda column: ["color: red" if column.name == "City" else ""] * 2, axis=0)
    screen, paper = bare_table(styled), plain_table(styled)
    assert list(screen.data["City"]) == ["**x**", "y"] and list(paper.data["City"]) == [r"\*\*x\*\*", "y"]
    assert paper.data["Value"].tolist() == [-1.5, 2.0]
    paper._compute()
    assert paper.ctx[(0, 0)] == [("color", "red")] and not paper.ctx.get((0, 1))
    assert list(plain_table(frame.set_index("City")).index) == [r"\*\*x\*\*", "y"]


def test_a_deck_run_holds_the_text_without_bidirectional_controls():
    from pptx import Presentation

    from review.deck import _run

    paragraph = Presentation().slides.add_slide(Presentation().slide_layouts[6]).shapes.add_textbox(
        0, 0, 100, 100).text_frame.paragraphs[0]
    _run(paragraph, f"{MARKUP[0]} {RTL_OVERRIDE}12 34", 12)
    assert paragraph.runs[0].text == f"{MARKUP[0]} 12 34"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_query_can_be_downloaded_with_headers_in_the_language(lang):
    # A section that offers a query's answer as CSV must never fail to write it: every named query, on the demo
    # data, including those no page offers today (driver_figures, index_targets).
    from queries import list_queries, run

    tr = Translator(lang)
    directory = run("city_directory")
    names = dict(zip(directory["city_code"], directory[f"name_{lang}"], strict=True))
    for info in list_queries():
        cells = csv_cells(spreadsheet.spreadsheet_csv(run(info.name), tr, names))
        assert not any(header.endswith(("_zh", "_en")) for header in cells.columns), (info.name, list(cells.columns))
    drivers = csv_cells(spreadsheet.spreadsheet_csv(run("driver_figures"), tr, names))
    assert [h for h in drivers.columns if h in {tr("csv.driver"), tr("csv.source")}] == [tr("csv.driver"),
                                                                                        tr("csv.source")]
    targets = csv_cells(spreadsheet.spreadsheet_csv(run("index_targets"), tr, names))
    assert tr("csv.names") in targets.columns
