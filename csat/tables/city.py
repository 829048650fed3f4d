"""Table builders of the city page: the city's rank in words (its events table is the trends page's)."""

import pandas as pd

from csat.i18n import Translator


def rank_text(row: pd.Series, tr: Translator) -> str:
    """"rank 4 of 32" for a city_history row, or "too few responses to rank"."""
    if pd.isna(row.get("rank")):
        return tr("map.unranked")
    return tr("map.rank_of", rank=int(row["rank"]), count=int(row["ranked_cities"]))
