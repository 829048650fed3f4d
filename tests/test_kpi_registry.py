"""One KPI registry (csat.kpis) drives every view: every KPI the registry says kpi_monthly computes is computed,
every KPI the SQL offers (kpi_catalogue, kpi_values, national_kpis, plan_progress, the pages' lists) is in the
registry, and each has honest labels in both languages, a known format and a direction."""

import re

import duckdb
import pytest

from csat import kpis
from queries import run
from queries.contract import PLAN_METRICS
from tests.test_causes_queries import FIXTURE_SETTINGS

CJK = re.compile(r"[\u4e00-\u9fff]")
FROM_KPI_MONTHLY = {k.name for k in kpis.KPIS.values() if k.source == kpis.KPI_MONTHLY}


def offered(fixture_dir, name: str, **params):
    return run(name, data_dir=fixture_dir, settings=FIXTURE_SETTINGS, **params)


def test_every_kpi_the_registry_offers_is_computed_and_every_computed_kpi_is_in_the_registry(fixture_dir):
    catalogue = set(offered(fixture_dir, "kpi_catalogue")["metric"])
    assert sorted(FROM_KPI_MONTHLY - catalogue) == []  # declared, but no view computes it
    assert sorted(catalogue - FROM_KPI_MONTHLY) == []  # computed, but the registry does not know it


def test_the_long_form_offers_exactly_the_catalogue(fixture_dir):
    from queries.runner import _database, data_directory

    database = _database(data_directory(fixture_dir), FIXTURE_SETTINGS)
    values = database.execute("SELECT DISTINCT metric FROM kpi_values([])", {})
    assert set(values["metric"]) == set(offered(fixture_dir, "kpi_catalogue")["metric"])


def test_national_kpis_offers_every_kpi_with_its_previous_value_and_change(fixture_dir):
    columns = set(offered(fixture_dir, "national_kpis", month="2025-03").columns) - {"month"}
    expected = {f"{name}{suffix}" for name in FROM_KPI_MONTHLY for suffix in ("", "_prev", "_delta")}
    assert columns == expected


def test_every_kpi_another_query_computes_is_one_of_its_columns(fixture_dir):
    others = [k for k in kpis.KPIS.values() if k.source != kpis.KPI_MONTHLY]
    assert others, "the registry names no other source"
    for kpi in others:
        assert kpi.name in offered(fixture_dir, kpi.source, month="2025-03").columns, kpi


def test_the_pages_lists_and_the_plan_metrics_name_kpis_the_sql_offers():
    for kpi in (*kpis.TREND_KPIS, *kpis.DIAGNOSIS_KPIS, *kpis.DRIVER_FACTORS, *kpis.DRIVER_OUTCOMES,
                *kpis.OVERVIEW_CARDS):
        assert kpi.name in FROM_KPI_MONTHLY, kpi
    assert set(PLAN_METRICS.values()) <= FROM_KPI_MONTHLY
    assert {m: k.name for m, k in kpis.PLAN_METRIC_KPIS.items()} == PLAN_METRICS


def test_diagnosis_answers_for_the_kpis_it_is_asked_and_refuses_unknown_names(fixture_dir):
    asked = offered(fixture_dir, "diagnosis", month="2025-03", cities=["AA"], metrics=kpis.names(kpis.DIAGNOSIS_KPIS))
    assert set(asked["metric"]) == set(kpis.names(kpis.DIAGNOSIS_KPIS))
    every = offered(fixture_dir, "diagnosis", month="2025-03", cities=["AA"])
    assert set(every["metric"]) == FROM_KPI_MONTHLY
    with pytest.raises(duckdb.Error, match="unknown metric colour"):
        offered(fixture_dir, "diagnosis", month="2025-03", cities=["AA"], metrics=["seats", "colour"])


def test_drivers_answer_for_the_pairs_they_are_asked_and_refuse_unknown_names(fixture_dir):
    by_default = offered(fixture_dir, "driver_relationships", month="2025-03")  # the page's pairs
    pairs = {(kpis.KPIS[f], kpis.KPIS[o]) for f, o in zip(by_default["factor"], by_default["outcome"], strict=True)}
    assert pairs <= set(kpis.DRIVER_PAIRS) and (kpis.DIALECT_COVERAGE, kpis.DIALECT_COMPLAINT_SHARE) in pairs
    one = offered(fixture_dir, "driver_relationships", month="2025-03", factors=["part_time_share"], outcomes=["index"])
    assert set(zip(one["factor"], one["outcome"], strict=True)) == {("part_time_share", "index")}
    every = offered(fixture_dir, "driver_relationships", month="2025-03", factors=[], outcomes=[])
    assert set(every["outcome"]) == {"index"} and set(every["factor"]) <= FROM_KPI_MONTHLY - {"index"}
    with pytest.raises(duckdb.Error, match="unknown metric colour"):
        offered(fixture_dir, "driver_relationships", month="2025-03", factors=["colour"], outcomes=["index"])


@pytest.mark.parametrize("name", sorted(kpis.KPIS))
def test_every_kpi_has_both_labels_a_format_and_a_step(name):
    kpi = kpis.KPIS[name]
    assert kpi.name == name
    assert CJK.search(kpi.label_zh) and kpi.label_en.strip() and not CJK.search(kpi.label_en)
    assert kpi.format in kpis.STEPS and kpi.step > 0
    assert kpi.higher_is_better in (True, False, None)
    assert kpi.format_value(1.0) != "–"
