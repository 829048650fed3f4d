"""The frame every page starts with: page setup, the shared filters, navigation and the data stamp.

The filters live in the URL (`month=YYYY-MM`, `city=CODE` repeatable, `lang=zh|en`), which is the single
source of truth: each run reads them from `st.query_params`, the sidebar widgets are set from them, and a
widget's change writes back to the URL. So any view can be bookmarked or shared, opens the same way on a
freshly started server, and survives moving between pages (our links carry the parameters along).

    def overview(filters: Filters, tr: Translator) -> None: ...   # layout only
    run_page("overview", overview)

With `present=1` in the URL, any page shows presentation mode instead (csat/presentation.py: the month's
review as slides, `slide=N`, no sidebar); the sidebar's present button opens it for the current view.
"""

import datetime as dt
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st

import queries
from csat import chrome, formats, identity, presentation, styles, viewers
from csat.i18n import DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, Translator
from csat.markup import bare, plain
from queries.access import AccessDenied, Viewer, viewing_as
from queries.catalogue import parse_month
from queries.contract import REGIONS
from queries.loader import skipped_files

logger = logging.getLogger(__name__)

# A scope line names up to this many chosen cities; more are counted.
NAMED_CITIES = 4


# The URL parameter naming the open tab of a page with tabs, by the tab's code (csat.components.url_tabs).
TAB_PARAMETER = "section"


@dataclass(frozen=True)
class PageLink:
    """A page of the navigation: its texts key (nav.<key>), its script and its tabs, if it has any."""

    key: str      # texts key suffix: nav.<key>
    path: str     # the script, relative to app.py
    # The codes of its tabs in order (labels: texts <key>.tab.<code>); only the open one is drawn, the first at first.
    tabs: tuple[str, ...] = ()


# The pages, in navigation order. Streamlit's own navigation is hidden (config.toml) so that these
# translated links, which carry the filters, are the only way between pages.
PAGES: tuple[PageLink, ...] = (
    PageLink("overview", "app.py"),
    PageLink("trends", "pages/trends.py"),
    PageLink("city", "pages/city.py"),
    PageLink("causes", "pages/causes.py", tabs=("diagnosis", "why", "drivers", "words", "outages", "warning")),
    PageLink("plan", "pages/plan.py"),
    PageLink("scorecard", "pages/scorecard.py"),
    PageLink("quality", "pages/quality.py"),
)


def page_tabs(key: str) -> tuple[str, ...]:
    """The codes of the tabs of the page `key` (PAGES), in order."""
    return next(page.tabs for page in PAGES if page.key == key)


@dataclass(frozen=True)
class Filters:
    """The shared filters of a view, as read from the URL: the month (its first day), the chosen city
    codes (empty: the nation) and the language."""

    month: dt.date
    cities: tuple[str, ...]
    lang: str

    def url_params(self, **overrides: object) -> dict[str, str | list[str]]:
        """The URL parameters of this view (optionally changed), for links and for the address bar."""
        month = overrides.get("month", self.month)
        cities = overrides.get("cities", self.cities)
        params: dict[str, str | list[str]] = {"lang": str(overrides.get("lang", self.lang)),
                                              "month": f"{month:%Y-%m}"}
        if cities:
            params["city"] = list(cities)
        return params


# The data stamp names up to this many of the files it skipped (hidden, or links to nothing); more are counted.
SKIPPED_FILES_NAMED = 3
# A value from the URL named in a note: at most this many characters, shown as code (never read as markdown); a
# file's path relative to the data directory: at most this many.
SHOWN_URL_VALUE = 40
SHOWN_FILE_NAME = 120


def parse_filters(params: Mapping[str, list[str]], months: list[dt.date], city_codes: list[str],
                  default_month: dt.date | None = None,
                  viewer: Viewer | None = None) -> tuple[Filters, list[tuple[str, tuple[str, ...]]]]:
    """Filters from URL parameters (each a list of values), checked against the data.

    Returns the filters and the problems found, each as a text key and the offending values, so that a stale
    bookmark opens the nearest valid view with a note naming what was wrong instead of an error: a month that is
    no month (2025-03-99, 2025-13) or not in the data falls back to the default month (`default_month`, the
    query layer's latest_month; without it the latest of `months`), unknown city codes are dropped, an unknown
    language falls back to Chinese. For a `viewer` restricted to some cities, cities not theirs are left out with a
    note, and choosing none means all of theirs (in `city_codes` order): their pages are about their cities, with
    the nation as the benchmark.
    """
    problems: list[tuple[str, tuple[str, ...]]] = []
    lang = (params.get("lang") or [DEFAULT_LANGUAGE])[0]
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    latest = default_month or (max(months) if months else dt.date.today().replace(day=1))
    month = latest
    requested = (params.get("month") or [None])[0]
    if requested:
        try:
            month = parse_month(requested)
        except queries.QueryError:
            problems.append(("frame.bad_month", (requested,)))
            month = latest
        else:
            if month not in months:
                problems.append(("frame.unknown_month", (requested,)))
                month = latest
    cities = tuple(dict.fromkeys(c for c in params.get("city", []) if c))
    unknown = tuple(c for c in cities if c not in city_codes)
    if unknown:
        problems.append(("frame.unknown_city", unknown))
    cities = tuple(c for c in cities if c in city_codes)
    if viewer is not None and viewer.restricted:
        forbidden = tuple(c for c in cities if not viewer.may_see(c))
        if forbidden:
            problems.append(("access.forbidden_city", forbidden))
        cities = tuple(c for c in cities if viewer.may_see(c)) or tuple(c for c in city_codes if viewer.may_see(c))
    return Filters(month, cities, lang), problems


def note_naming(key: str, values: Sequence[str], tr: Translator, count: int | None = None,
                longest: int = SHOWN_URL_VALUE) -> str:
    """The text `key` naming `values` (its {value}; {count}: `count`, by default how many): each shown as code and
    cut to `longest` characters — a link's values are anyone's, never markdown, a link or a wall of text."""
    shown = []
    for value in values:
        cut = "".join(ch if ch.isprintable() and ch != "`" else " " for ch in value[:longest]).strip()
        shown.append(f"`{cut}{'…' if len(value) > longest else ''}`")
    return tr(key, value=tr.join(shown), count=len(values) if count is None else count)


def _url_values() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in ("lang", "month", "city")}


# Widget callbacks: write the changed widget's value to the URL; the rerun that follows reads it back.
def _on_language_change() -> None:
    st.query_params["lang"] = st.session_state["frame_lang"]


def _on_month_change() -> None:
    st.query_params["month"] = f"{st.session_state['frame_month']:%Y-%m}"


def _on_cities_change() -> None:
    st.query_params["city"] = list(st.session_state["frame_cities"])


def _on_region_change(directory: pd.DataFrame) -> None:
    region = st.session_state["frame_region"]
    if region:
        st.query_params["city"] = list(directory.loc[directory["region"] == region, "city_code"])
    st.session_state["frame_region"] = None


def on_map_pick() -> None:
    """A click on a city of the overview map filters the dashboard to that city."""
    from csat.maps import picked_city

    city = picked_city(st.session_state.get("overview_map"))
    if city:
        st.query_params["city"] = [city]


def contract_problems(error: queries.DataContractError, tr: Translator) -> None:
    """The contract's problems, file by file (files named relative to the data folder)."""
    problems = pd.DataFrame([{tr("frame.col_file"): p.file, tr("frame.col_column"): p.column or "",
                              tr("frame.col_rule"): p.rule} for p in error.problems])
    st.dataframe(problems, hide_index=True, width="stretch")


def show_contract_error(error: queries.DataContractError, tr: Translator) -> None:
    """The page a broken data directory gets when no version of it passed: what is wrong, file by file — never a
    traceback, and never the server's own path (the data folder by its name)."""
    st.title(tr("frame.contract_error_title"))
    st.error(tr("frame.contract_error", directory=plain(error.data_dir.name)))
    contract_problems(error, tr)
    st.caption(tr("frame.contract_error_help"))


def _last_good_banner(tr: Translator) -> None:
    """While changed exports break the contract, every page says so above the figures of the last version that
    passed: what broke, which file and rule, since when."""
    problem = queries.export_problem()
    if problem is None:
        return
    error, since = problem
    files = tr.join(plain(file) for file in sorted({p.file for p in error.problems}))  # names from the exports
    st.warning(tr("frame.last_good_version", since=formats.moment(since), files=files))
    with st.expander(tr("frame.last_good_details")):
        contract_problems(error, tr)


def _data_stamp(filters: Filters, current: str, tr: Translator) -> None:
    as_of = queries.run("data_as_of").iloc[0]["data_as_of"]
    directory = queries.data_directory()
    st.caption(tr("frame.data_as_of", as_of=formats.moment(as_of), directory=directory.name))
    skipped = [str(path.relative_to(directory)) for path in skipped_files(directory)]
    if skipped:
        st.caption(note_naming("frame.skipped_files", skipped[:SKIPPED_FILES_NAMED], tr, count=len(skipped),
                               longest=SHOWN_FILE_NAME))
    rejected = queries.run("data_quality")
    tables = queries.run("export_tables")
    if rejected.empty:
        st.caption(tr("frame.quality_clean", rows=f"{int(tables['rows_read'].sum()):,}"))
    else:
        rows = int(tables["rows_read"].sum() - tables["rows_kept"].sum())
        st.warning(tr("frame.quality_rejected", rows=f"{rows:,}"))
    # The count's details: the data-quality page, for the same view.
    st.page_link("pages/quality.py", label=tr("frame.quality_link"), query_params=filters.url_params(),
                 disabled=current == "quality")
    if rejected.empty:
        return
    with st.expander(tr("frame.quality_details")):
        shown = rejected.rename(columns={"table_name": tr("frame.col_table"), "file": tr("frame.col_file"),
                                         "rule": tr("frame.col_rule"), "column_name": tr("frame.col_column"),
                                         "rows": tr("frame.col_rows")})
        st.dataframe(shown, hide_index=True, width="stretch")


def _sidebar(filters: Filters, current: str, months: list[dt.date], directory: pd.DataFrame,
             looking: viewers.Looking, tr: Translator) -> None:
    if looking.viewer.restricted:  # a manager picks among their own cities and regions only
        directory = directory[directory["city_code"].isin(looking.viewer.cities)]
    with st.sidebar:
        st.session_state["frame_lang"] = filters.lang
        st.radio(tr("frame.language"), LANGUAGES, format_func=LANGUAGE_NAMES.get, key="frame_lang",
                 horizontal=True, on_change=_on_language_change)
        st.markdown(f"**{tr('app.name')}**")
        viewers.sidebar_badge(looking, directory, tr)  # who is looking, on every page
        identity.sign_out_button(tr, key="frame_sign_out")
        for page in PAGES:
            st.page_link(page.path, label=tr(f"nav.{page.key}"), query_params=filters.url_params(),
                         disabled=page.key == current)
        st.button(tr("presentation.start"), key="frame_present", help=tr("presentation.start_help"),
                  on_click=presentation.start, width="stretch")
        presentation.deck_download(filters, tr, key="frame_deck")
        st.divider()
        st.session_state["frame_month"] = filters.month
        st.selectbox(tr("frame.month"), months, format_func=tr.month, key="frame_month", on_change=_on_month_change)
        regions = [r for r in REGIONS if r in set(directory["region"])]
        st.selectbox(tr("frame.region"), regions, index=None, placeholder=tr("frame.region_placeholder"),
                     format_func=lambda r: tr(f"region.{r}"), key="frame_region",
                     on_change=_on_region_change, args=(directory,))
        names = dict(zip(directory["city_code"], directory[f"name_{tr.lang}"], strict=True))
        st.session_state["frame_cities"] = list(filters.cities)
        st.multiselect(tr("frame.cities"), list(directory["city_code"]),
                       format_func=lambda code: bare(names[code]),
                       placeholder=tr("frame.cities_placeholder"), key="frame_cities", on_change=_on_cities_change)
        st.divider()
        _data_stamp(filters, current, tr)


def start_page(current: str) -> tuple[Filters, Translator, viewers.Looking]:
    """Set up the page `current` (a PAGES key) and return its filters, translator and who is looking (in
    presentation mode: the page collapsed, without the sidebar).

    Stops the page with a clear explanation when the exports break the contract, and with no data at all when
    nobody is signed in, the person has no access, or the access file is broken (csat/viewers.py). The questions
    asked after it returns are for the viewer: run_page asks them within queries.access.viewing_as.
    """
    url = _url_values()
    tr = Translator((url["lang"] or [DEFAULT_LANGUAGE])[0])
    presenting = presentation.requested()
    title = tr("presentation.page_title") if presenting else tr("nav." + current)
    # "auto": open on laptops, closed on phones, where the sidebar would cover the page (csat/styles.py).
    st.set_page_config(page_title=f"{title} · {tr('app.name')}", page_icon="📊", layout="wide",
                       initial_sidebar_state="collapsed" if presenting else "auto")
    chrome.viewer_toolbars(tr, presenting)
    # With sign-in configured, nobody signed in gets the sign-in page before any data is read.
    if identity.sign_in_mode() != "none" and identity.current_identity() is None:
        identity.show_sign_in(tr)
        st.stop()
    try:
        queries.check_data()
        monthly = queries.run("months")
        months = [m.date() for m in monthly["month"]]
        directory = queries.run("city_directory")
        default_month = queries.latest_month()
    except queries.DataContractError as error:
        show_contract_error(error, tr)
        st.stop()
    looking = viewers.who_is_looking(identity.sign_in_mode(), identity.current_identity, identity.show_sign_in,
                                     directory, tr)
    with viewing_as(looking.viewer):  # the sidebar's figures and downloads, as the page's
        filters, problems = parse_filters(url, months, list(directory["city_code"]), default_month, looking.viewer)
        tr = Translator(filters.lang)
        if not presenting:
            styles.apply()
            _sidebar(filters, current, months, directory, looking, tr)
        if current != "quality":  # the data-quality page opens with the same facts in full (its refresh section)
            _last_good_banner(tr)
        for key, values in problems:
            st.warning(note_naming(key, values, tr))
        if not monthly.empty and not monthly.loc[monthly["month"].dt.date == filters.month, "tickets"].gt(0).any():
            # A month whose ticket export has not arrived: its ticket figures are missing, not zero.
            st.info(tr("frame.tickets_missing", month=tr.month(filters.month)))
    return filters, tr, looking


def run_page(current: str, render: Callable[[Filters, Translator], None]) -> None:
    """Start the page `current`, then draw it with `render(filters, tr)` (or the slides, in presentation mode),
    every question asked for who is looking (queries.access.viewing_as).

    Whatever goes wrong while drawing, the viewer gets a clear message instead of a traceback: exports that
    break the contract (replaced while the page was open) get the contract page, a question about cities the
    viewer may not see a short note, anything else a short apology while the details go to the server log.
    """
    with queries.snapshot():  # the whole run reads one export version, even when the exports change meanwhile
        filters, tr, looking = start_page(current)
        if presentation.requested():
            render = presentation.present
        with viewing_as(looking.viewer):
            try:
                render(filters, tr)
            except queries.DataContractError as error:
                show_contract_error(error, tr)
            except AccessDenied:
                logger.warning("the %s page asked for what %s may not see", current, looking.viewer.user)
                st.warning(tr("access.denied"))
            except Exception:
                logger.exception("the %s page failed", current)
                st.error(tr("frame.unexpected_error"))


def scope_label(cities: Sequence[str], tr: Translator) -> str:
    """Who a page's figures are about, for its scope line (Markdown): "Nationwide", the chosen cities by name (up
    to NAMED_CITIES, as plain text), or "12 selected cities"."""
    if not cities:
        return tr("frame.nationwide")
    if len(cities) > NAMED_CITIES:
        return tr("frame.selection", count=len(cities))
    names = city_names(tr)
    return tr.join(plain(names.get(code, code)) for code in cities)


def city_names(tr: Translator) -> dict[str, str]:
    """City code → name in the page's language."""
    directory = queries.run("city_directory")
    return dict(zip(directory["city_code"], directory[f"name_{tr.lang}"], strict=True))
