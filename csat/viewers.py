"""Who is looking, for the page frame: sign-in (csat/identity.py) and the access file (queries/access.py) decide the
viewer every question of a page run is asked for (queries.access.viewing_as).

- Neither sign-in nor an access file: the local demo — everyone sees every city as an executive, and the sidebar
  says so.
- Otherwise the access file is in force, deny by default: nobody signed in gets the sign-in page; a signed-in person
  no rule names gets "no access" with whom to ask; a missing or broken access file shows its problems and no data.
- An admin can view as another user of the access file (the sidebar), to check what they see; that choice lives in
  the session, never in a shared link.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

import queries
from csat.i18n import Translator
from csat.markup import plain
from queries.access import AccessFileError, AccessRules, Viewer, access_file_path, parse_access_file

VIEW_AS_KEY = "frame_view_as"


@dataclass(frozen=True)
class Looking:
    """Who is looking at a page run: the viewer its questions are for (an admin's "view as" choice applied), the
    signed-in person's name (None: the local demo, nobody signs in) and, for an admin, the users they may view as."""

    viewer: Viewer
    name: str | None = None
    view_as_users: tuple[str, ...] = ()


@functools.lru_cache(maxsize=4)
def _rules_of(path: Path, modified_ns: int, size: int, known_cities: frozenset[str]) -> AccessRules:
    return parse_access_file(path, set(known_cities))


def access_rules(directory: pd.DataFrame) -> AccessRules | None:
    """The access file's rules (read again when the file changes), or None when there is no file. Raises
    AccessFileError for a file that cannot be used."""
    path = access_file_path()
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return _rules_of(path.resolve(), status.st_mtime_ns, status.st_size, frozenset(directory["city_code"]))


def _stop_with(title: str, lines: list[str], problems: list[str] | None = None) -> None:
    st.title(title)
    for line in lines:
        st.error(line)
    if problems:
        st.markdown("\n".join(f"- {plain(problem)}" for problem in problems))
    st.stop()


def who_is_looking(mode: str, identity: Callable[[], object | None], show_sign_in: Callable[[Translator], None],
                   directory: pd.DataFrame, tr: Translator) -> Looking:
    """Who is looking at this page run, or the page stopped with why there is no data to show: `mode` is the sign-in
    mode ("oidc", "header" or "none"), `identity()` who is signed in (an Identity: user, name, email, groups) or
    None, `show_sign_in(tr)` draws the sign-in page."""
    try:
        rules = access_rules(directory)
    except AccessFileError as error:
        _stop_with(tr("access.file_error_title"), [tr("access.file_error", file=plain(error.path.name))],
                   error.problems)
    if mode == "none":
        if rules is None:
            return Looking(queries.access.EVERY_CITY)
        _stop_with(tr("access.no_access_title"), [tr("access.no_sign_in", file=plain(rules.path.name))])
    person = identity()
    if person is None:
        show_sign_in(tr)
        st.stop()
    if rules is None:
        _stop_with(tr("access.no_access_title"), [tr("access.no_file", file=plain(access_file_path().name))])
    viewer = rules.viewer_for(person.user, person.email, person.groups, directory)
    if viewer is None:
        ask = tr("access.ask", contact=plain(rules.contact)) if rules.contact else tr("access.ask_anyone")
        _stop_with(tr("access.no_access_title"), [tr("access.no_access", user=plain(person.user)), ask])
    if viewer.role != "admin":
        return Looking(viewer, person.name)
    chosen = st.session_state.get(VIEW_AS_KEY)
    if chosen in rules.users:  # a user the file names by e-mail or name: what they would see
        viewer = rules.viewer_for(chosen, chosen if "@" in chosen else None, (), directory) or viewer
    return Looking(viewer, person.name, rules.users)


def sidebar_badge(looking: Looking, directory: pd.DataFrame, tr: Translator) -> None:
    """Who is looking, in the sidebar: the local demo's note, or the signed-in name and role, a manager's cities,
    and an admin's "view as" picker."""
    if looking.name is None:
        st.caption(tr("access.local_demo"))
        return
    viewer = looking.viewer
    role = tr(f"access.role.{viewer.role}")
    if st.session_state.get(VIEW_AS_KEY) and looking.view_as_users:
        st.info(tr("access.viewing_as", user=plain(viewer.user), role=role))
    else:
        st.caption(tr("access.signed_in", name=plain(looking.name), role=role))
    if viewer.restricted:
        names = dict(zip(directory["city_code"], directory[f"name_{tr.lang}"], strict=True))
        st.caption(tr("access.scope_cities", cities=tr.join(plain(names.get(c, c)) for c in sorted(viewer.cities))))
        st.caption(tr("access.scope_benchmark"))
    if looking.view_as_users:
        st.selectbox(tr("access.view_as"), ("", *looking.view_as_users), key=VIEW_AS_KEY,
                     help=tr("access.view_as_help"), format_func=lambda user: user or tr("access.view_as_self"))
