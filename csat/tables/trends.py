"""Table builders of the trends and city pages: which cities to show, the streaks and movement table, the
events list, and the cells of the leading cities' technology and capability matrices (drawn by
`csat.charts.trends.heat_table`)."""

import datetime as dt

import numpy as np
import pandas as pd
from pandas.io.formats.style import Styler

from csat import formats, kpis, theme
from csat.codes import code_text
from csat.i18n import Translator
from csat.kpis import INDEX, Kpi
from csat.markup import plain
from csat.tables.overview import top_and_bottom
from queries.access import current_viewer

TECHNOLOGY_KPIS = (kpis.ASSISTANT_PENETRATION, kpis.TRIAGE)
# The practices the technology matrix shows (where the data has them); the others are listed with their effects.
TECHNOLOGY_PRACTICES = ("emotion_recognition", "customer_profile", "dialect_recognition", "offline_station",
                        "local_life_partnership")
CAPABILITY_KPIS = (kpis.TRAINING_HOURS, kpis.SKILL_ASSESSMENT, kpis.CERTIFIED_SHARE, kpis.SENIOR_CERTIFIED_SHARE,
                   kpis.ATTRITION, kpis.EMOTION_MANAGEMENT, kpis.PRODUCT_KNOWLEDGE, kpis.COMPLEX_PROBLEMS,
                   kpis.COMMUNICATION)
# A figure this much better than the national one (relatively) gets the ramp's full red; as much worse, full blue.
FULL_COLOUR_AT = 0.20
RUNNING_SCORE = 0.8       # a practice the city runs: strong red; one it does not run: grey (no judgement)


def shown_cities(streaks: pd.DataFrame, chosen: tuple[str, ...]) -> list[str]:
    """The cities the trends page draws: the filter's, else the month's top five and bottom three."""
    if chosen:
        return list(chosen)
    top, bottom = top_and_bottom(streaks)
    return [*top["city_code"], *bottom["city_code"]]


def leading_cities(streaks: pd.DataFrame, chosen: tuple[str, ...]) -> list[str]:
    """The cities of the matrices: the filter's, else the month's top five."""
    return list(chosen) or list(top_and_bottom(streaks)[0]["city_code"])


def streak_summary(streaks: pd.DataFrame, tr: Translator) -> list[str]:
    """Markdown sentences: for how many months in a row the current top five and bottom three have held their
    places (the shortest streak of the group, so that "3 months" holds for every city named); names as plain text."""
    top, bottom = top_and_bottom(streaks)
    # A regional manager's answers hold their own cities only: of the groups, theirs (queries/access.py).
    own = "_own" if current_viewer().restricted else ""
    sentences = []
    for group, column, key in ((top, "top_streak", f"trends.top_streak{own}"),
                               (bottom, "bottom_streak", f"trends.bottom_streak{own}")):
        if group.empty:
            continue
        months, cities = int(group[column].min()), tr.join(plain(name) for name in group[f"name_{tr.lang}"])
        sentences.append(tr(key, months=months, cities=cities) if months > 1 else tr(f"{key}_new", cities=cities))
    return sentences


def _significance(row: pd.Series, tr: Translator) -> str:
    if pd.isna(row.get("change")):
        return "–"
    if pd.isna(row.get("significant")):
        return tr("trends.no_noise_estimate")
    if not row["significant"]:
        return tr("trends.within_noise")
    return ("↑ " if row["change"] > 0 else "↓ ") + tr("trends.significant")


def streak_table(streaks: pd.DataFrame, index_trend: pd.DataFrame, month: dt.date, tr: Translator) -> Styler:
    """Rank, index, change on last month against its sampling noise, the top-five and bottom-three streaks and
    the change on a year earlier, for the cities of a rank_streaks result (with kpi_trend_by_city for the index)."""
    rows = streaks.reset_index(drop=True)
    now = index_trend[pd.to_datetime(index_trend["month"]) == pd.Timestamp(month)].set_index("city_code")
    moved = [now.loc[code] if code in now.index else pd.Series(dtype=object) for code in rows["city_code"]]
    table = pd.DataFrame({
        tr("col.rank"): [str(int(r)) if pd.notna(r) else "–" for r in rows["rank"]],
        tr("col.city"): rows[f"name_{tr.lang}"],
        INDEX.label(tr.lang): [INDEX.format_value(v) for v in rows["index"]],
        tr("col.change_short"): [INDEX.format_delta(m.get("change")) or "–" for m in moved],
        tr("trends.col_change_margin"): ["±" + INDEX.format_value(1.96 * m["change_se"]) if pd.notna(m.get("change_se"))
                                         else "–" for m in moved],
        tr("trends.col_moved"): [_significance(m, tr) for m in moved],
        tr("trends.col_top_streak"): [str(int(n)) for n in rows["top_streak"]],
        tr("trends.col_bottom_streak"): [str(int(n)) for n in rows["bottom_streak"]],
        tr("trends.col_year_change"): [INDEX.format_delta(v) or "–" for v in rows["year_change"]],
    })
    top_column, bottom_column = tr("trends.col_top_streak"), tr("trends.col_bottom_streak")

    def tint(column: pd.Series) -> list[str]:
        colour = theme.PALE_GOOD if column.name == top_column else theme.PALE_BAD
        return [f"background-color: {colour}; font-weight: bold" if value != "0" else "" for value in column]

    return table.style.apply(tint, subset=[top_column, bottom_column])


def event_table(events: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """The numbered events and incidents of an events_in_window result, as the trend chart labels them."""
    where = [tr.place(c) for c in events[f"city_{tr.lang}"]]
    what = [title + (tr("overview.incident_lost", system=system, lost=int(lost)) if source == "incident" else "")
            for title, source, system, lost in zip(events[f"title_{tr.lang}"], events["source"], events["system"],
                                                   events["tickets_lost"], strict=True)]
    return pd.DataFrame({
        "#": events["number"].astype(int),
        tr("trends.col_date"): [formats.day(d) for d in events["happened_on"]],
        tr("trends.col_kind"): [code_text("kind", k, tr) for k in events["kind"]],
        tr("trends.col_where"): where,
        tr("trends.col_event"): what,
    })


def _score(value: float, national: float, kpi: Kpi) -> float:
    """−1 … 1: how much worse (−, red) or better (+, blue) than the national figure, relative to it."""
    if pd.isna(value) or pd.isna(national) or kpi.higher_is_better is None:
        return np.nan
    relative = (value - national) / abs(national) if national else 0.0
    if not kpi.higher_is_better:
        relative = -relative
    return float(np.clip(relative / FULL_COLOUR_AT, -1, 1))


def _columns(team: pd.DataFrame, tr: Translator) -> tuple[pd.DataFrame, pd.Series, str]:
    cities = team[team["city_code"].notna()]
    national = team[team["city_code"].isna()]
    national_row = national.iloc[0] if not national.empty else pd.Series(dtype=object)
    return cities, national_row, tr("frame.nationwide")


def _kpi_cells(team: pd.DataFrame, kpi_list: tuple[Kpi, ...], tr: Translator) -> list[dict]:
    cities, nation, national_label = _columns(team, tr)
    cells = []
    for kpi in kpi_list:
        national = nation.get(kpi.name, np.nan)
        if kpi.name not in team or team[kpi.name].isna().all():
            continue  # the export that carries this figure is missing: leave the row out
        national_text = kpi.format_value(national, tr.lang)
        for _, city in cities.iterrows():
            value = city[kpi.name]
            text = ("✓" if value >= 1 else "✗") if kpi == kpis.TRIAGE else kpi.format_value(value, tr.lang)
            cells.append({"row": kpi.label(tr.lang), "column": city[f"name_{tr.lang}"], "value": value, "text": text,
                          "score": _score(value, national, kpi), "national_value": national,
                          "national_text": national_text})
        cells.append({"row": kpi.label(tr.lang), "column": national_label, "value": national, "text": national_text,
                      "score": np.nan, "national_value": national, "national_text": national_text})
    return cells


def _practice_cells(team: pd.DataFrame, practices: pd.DataFrame, tr: Translator) -> list[dict]:
    cities, _, national_label = _columns(team, tr)
    cells = []
    for practice in TECHNOLOGY_PRACTICES:
        rows = practices[practices["practice"] == practice].set_index("city_code")
        if rows.empty:
            continue  # nobody runs it (or the optional export is missing): the matrix has no row for it
        label = tr(f"trends.practice_{practice}")
        running, total = int(rows["cities_running"].iloc[0]), int(rows["all_cities"].iloc[0])
        national_text = tr("trends.cities_running", running=running, total=total)
        for _, city in cities.iterrows():
            since = rows["started_on"].get(city["city_code"])
            runs = since is not None and pd.notna(since)
            cells.append({"row": label, "column": city[f"name_{tr.lang}"], "value": float(runs),
                          "text": f"✓ {formats.month(since)}" if runs else "–",
                          "score": RUNNING_SCORE if runs else np.nan, "national_value": running / total,
                          "national_text": national_text})
        cells.append({"row": label, "column": national_label, "value": running / total, "text": national_text,
                      "score": np.nan, "national_value": running / total, "national_text": national_text})
    return cells


def technology_cells(team: pd.DataFrame, practices: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """The technology matrix (team_matrix and practice_matrix results): assistant penetration, intelligent
    triage and the tools the data records, one cell per figure and city plus the national column."""
    return pd.DataFrame(_kpi_cells(team, TECHNOLOGY_KPIS, tr) + _practice_cells(team, practices, tr))


def capability_cells(team: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """The capability matrix (a team_matrix result): training, assessment, certification, attrition and the
    assessed skills, one cell per figure and city plus the national column."""
    return pd.DataFrame(_kpi_cells(team, CAPABILITY_KPIS, tr))


def practice_table(practices: pd.DataFrame, cities: list[str], tr: Translator) -> pd.DataFrame:
    """Every practice the given cities run (a practice_matrix result), with its start and reported effect."""
    running = practices[practices["started_on"].notna() & practices["city_code"].isin(cities)].copy()
    running["order"] = running["city_code"].map({code: i for i, code in enumerate(cities)})
    running = running.sort_values(["order", "started_on"])
    return pd.DataFrame({
        tr("col.city"): running[f"name_{tr.lang}"],
        tr("trends.col_practice"): [code_text("practice", p, tr) for p in running["practice"]],
        tr("trends.col_since"): [formats.day(d) for d in running["started_on"]],
        tr("trends.col_effect"): [e if isinstance(e, str) else "–" for e in running[f"effect_{tr.lang}"]],
    })
