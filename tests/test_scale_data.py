"""The scale generator (tools/scale_data.py) writes exports that pass the contract with the rows asked for."""

import datetime as dt

import queries
from tools import scale_data


def test_generated_exports_pass_the_contract_with_the_rows_asked_for(tmp_path):
    exports = tmp_path / "exports"
    counts = scale_data.generate(exports, 20_000, months=3)
    assert counts["survey_responses"] == 20_000
    assert counts["tickets"] == sum(-(-n // scale_data.TICKETS_PER_RESPONSE) for n in (6_667, 6_667, 6_666))
    assert counts["contact_center_daily"] == 32 * (30 + 31 + 30)  # April, May, June 2024: one row per city and day
    assert (exports / "survey_responses" / "month=2024-04" / "part-0.parquet").is_file()

    queries.check_data(exports)
    assert queries.run("data_quality", data_dir=exports).empty
    tables = queries.run("export_tables", data_dir=exports).set_index("table_name")
    assert tables.loc["survey_responses", "rows_kept"] == 20_000
    assert tables["rows_rejected"].sum() == 0
    ranking = queries.run("city_scores", data_dir=exports, month="2024-05")
    assert ranking["index"].between(80, 95).all() and ranking["index"].nunique() > 20

    added = scale_data.add_month(exports, dt.date(2024, 7, 1), 5_000)
    assert added["survey_responses"] == 5_000 and added["tickets"] == 1_000
    queries.clear_caches()
    assert queries.run("data_quality", data_dir=exports).empty
    assert queries.run("national_kpis", data_dir=exports, month="2024-07").loc[0, "responses"] == 5_000
