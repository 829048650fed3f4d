"""Table builders of the city page: which city it shows and offers, the city's rank in words (its events table is
the trends page's)."""

import pandas as pd

from csat.i18n import Translator
from csat.tables.overview import top_and_bottom


def rank_text(row: pd.Series, tr: Translator) -> str:
    """"rank 4 of 32" for a city_history row, or "too few responses to rank"."""
    if pd.isna(row.get("rank")):
        return tr("map.unranked")
    return tr("map.rank_of", rank=int(row["rank"]), count=int(row["ranked_cities"]))


def lowest_ranked_city(scores: pd.DataFrame) -> str | None:
    """The month's lowest-ranked city of a city_scores result (the review's focus), or None if none is ranked."""
    ranked = scores.dropna(subset=["rank"]).sort_values("rank")
    _, bottom = top_and_bottom(ranked)
    last = bottom if not bottom.empty else ranked
    return None if last.empty else str(last["city_code"].iloc[-1])


def pickable_cities(chosen: tuple[str, ...], every_city: list[str]) -> list[str]:
    """The cities the page's own picker offers: the sidebar's when it names two or more (the picker then only
    chooses which of them the page shows, the sidebar's filter stays); else every city (choosing one makes it
    the sidebar's filter, so the two never disagree)."""
    return list(chosen) if len(chosen) > 1 else list(every_city)
