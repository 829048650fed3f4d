"""Table builders of the monthly overview: the top five and bottom three, the city ranking and its biggest
movers, the drivers' change on last month, the cities linked to their page, and the month's events.

Tables are DataFrames (or Stylers) for `st.dataframe`, lists are Markdown; numbers are formatted through the KPI
definitions. The trends tables, the review's slides and the written summary take their top and bottom cities
from `top_and_bottom` too.
"""

import pandas as pd
from pandas.io.formats.style import Styler

from csat import theme
from csat.i18n import Translator
from csat.kpis import INDEX, RESPONSES
from csat.markup import plain


def _rank_movement(change: object) -> str:
    if pd.isna(change) or int(change) == 0:
        return "–" if pd.isna(change) else "="
    return f"↑{int(change)}" if change > 0 else f"↓{-int(change)}"  # arrows: ▲ is the early warning's mark


def top_and_bottom(scores: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The nation's top five and bottom three among the rows of a city_scores result (best first in both)."""
    ranked = scores.sort_values("rank")
    return ranked[ranked["in_top"].astype(bool)], ranked[ranked["in_bottom"].astype(bool)]


def ranked_list(group: pd.DataFrame, tr: Translator) -> str:
    """Cities of a city_scores result as a Markdown list: "1. Beijing **92.1** (+1.2)" (names as plain text)."""
    return "\n".join(f"{int(city['rank'])}. {plain(city[f'name_{tr.lang}'])} **{INDEX.format_value(city['index'])}** "
                     f"({INDEX.format_delta(city['index_delta'], city['index_prev'], value=city['index']) or '–'})"
                     for _, city in group.iterrows())


def ranking_table(scores: pd.DataFrame, tr: Translator) -> Styler:
    """All cities of a city_scores result: rank, name, region, index, change, rank movement, responses;
    the top five rows tinted red, the bottom three blue (the map's colours)."""
    scores = scores.reset_index(drop=True)
    top, bottom = top_and_bottom(scores)
    table = pd.DataFrame({
        tr("col.rank"): [str(int(r)) if pd.notna(r) else tr("overview.unranked") for r in scores["rank"]],
        tr("col.city"): scores[f"name_{tr.lang}"],
        tr("col.region"): [tr(f"region.{r}") for r in scores["region"]],
        INDEX.label(tr.lang): [INDEX.format_value(v) for v in scores["index"]],
        tr("col.change"): INDEX.format_deltas(scores),
        tr("col.rank_change"): [_rank_movement(v) for v in scores["rank_change"]],
        tr("col.responses"): [RESPONSES.format_value(v) for v in scores["responses"]],
    })
    tints = {**{code: theme.PALE_GOOD for code in top["city_code"]},
             **{code: theme.PALE_BAD for code in bottom["city_code"]}}
    row_colours = [tints.get(code) for code in scores["city_code"]]

    def tint(row: pd.Series) -> list[str]:
        colour = row_colours[row.name]
        return [f"background-color: {colour}" if colour else ""] * len(row)

    return table.style.apply(tint, axis=1)


def movers(scores: pd.DataFrame, tr: Translator, rising: bool, count: int = 3) -> pd.DataFrame:
    """The cities whose index changed most on last month, up (rising) or down."""
    # Only cities ranked this month and last: an unranked city's index is too noisy to call a move.
    changed = scores[scores["ranked"].fillna(False).astype(bool) & scores["ranked_prev"].fillna(False).astype(bool)]
    changed = changed.dropna(subset=["index_delta"])
    changed = changed[changed["index_delta"] > 0] if rising else changed[changed["index_delta"] < 0]
    picked = changed.sort_values("index_delta", ascending=not rising).head(count)
    return pd.DataFrame({
        tr("col.city"): picked[f"name_{tr.lang}"],
        tr("col.index_short"): [INDEX.format_value(v) for v in picked["index"]],  # a narrow column: short header
        tr("col.change_short"): INDEX.format_deltas(picked),
    })


def movement_table(row: pd.Series, kpis: tuple, tr: Translator) -> pd.DataFrame:
    """Figures of a national_kpis row with last month's value and the change, for the given KPIs."""
    return pd.DataFrame({
        tr("overview.col_kpi"): [k.label(tr.lang) for k in kpis],
        tr("overview.col_value"): [k.format_value(row.get(k.name), tr.lang) for k in kpis],
        tr("overview.col_previous"): [k.format_value(row.get(f"{k.name}_prev"), tr.lang) for k in kpis],
        tr("overview.col_change"): [k.format_delta(row.get(f"{k.name}_delta"), row.get(f"{k.name}_prev"), tr.lang,
                                                   value=row.get(k.name)) or "–" for k in kpis],
    })


def linked_cities(shown: pd.DataFrame, top: pd.DataFrame, bottom: pd.DataFrame, filtered: bool) -> list[str]:
    """The cities the overview links to their detail page: the chosen ones, else the top five and bottom three."""
    return list(shown["city_code"]) if filtered else [*top["city_code"], *bottom["city_code"]]


# Markdown colour marks (no emoji: projector and kiosk machines often lack an emoji font).
KIND_MARKS = {"positive": ":green[**+**]", "negative": ":red[**−**]", "neutral": ":gray[●]"}  # green is GOOD blue


def event_lines(events: pd.DataFrame, tr: Translator) -> str:
    """An events_in_window result as Markdown lines: mark, date, place, title (and tickets lost in an outage);
    the exports' texts (places, titles, systems) as plain text."""
    lines = []
    for _, event in events.iterrows():
        place = plain(tr.place(event[f"city_{tr.lang}"]))
        lost = (plain(tr("overview.incident_lost", system=event["system"], lost=int(event["tickets_lost"])))
                if event["source"] == "incident" else "")
        lines.append(f"{KIND_MARKS[event['kind']]} {event['happened_on']:%m-%d} · {place} · "
                     f"{plain(event[f'title_{tr.lang}'])}{lost}")
    return "  \n".join(lines)
