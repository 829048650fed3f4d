"""Table builders highlight and pick cities by the nation's ranking, whatever the selection shows."""

from csat.i18n import Translator
from csat.tables import overview
from queries import run

EN = Translator("en")


def test_a_selection_of_middle_cities_has_no_top_or_bottom_rows():
    middle = run("city_scores", month="2025-03", cities=["NJ", "SUZ", "CD"])  # ranks 6–8
    top, bottom = overview.top_and_bottom(middle)
    assert top.empty and bottom.empty
    styled = overview.ranking_table(middle, EN)
    styled._compute()
    assert not any("background-color" in prop for cell in styled.ctx.values() for prop, _ in cell)


def test_the_top_and_bottom_rows_are_tinted_in_the_full_ranking():
    styled = overview.ranking_table(run("city_scores", month="2025-03"), EN)
    styled._compute()
    tinted_rows = sorted({row for (row, _), cell in styled.ctx.items()
                          if any(prop == "background-color" for prop, _ in cell)})
    assert tinted_rows == [0, 1, 2, 3, 4, 29, 30, 31]


def test_movers_leave_out_cities_too_small_to_rank(fixture_dir):
    from tests.fixture_data import FIXTURE_SETTINGS

    scores = run("city_scores", data_dir=fixture_dir, settings=FIXTURE_SETTINGS, month="2025-03")
    # Beta fell 10 points (66 → 56) but had a single response in February: unranked then, so not a "fall".
    assert scores.set_index("city_code").loc["BB", "index_delta"] < 0
    assert overview.movers(scores, EN, rising=False).empty
    # Alpha, ranked in both months, rose 9.5 points.
    assert list(overview.movers(scores, EN, rising=True)["City"]) == ["Alpha"]
