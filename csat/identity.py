"""Who is looking at the dashboard: the signed-in viewer, from one of two sources the deployment configures.

- **OpenID Connect** (mode "oidc"): an `[auth]` section in `.streamlit/secrets.toml` (redirect_uri, cookie_secret,
  client_id, client_secret, server_metadata_url). `st.login()` sends the viewer to the identity provider; Streamlit
  checks the returned id_token (signature, issuer, audience, expiry, nonce) and keeps its claims in a signed cookie,
  read into `st.user` (with `is_logged_in`) whenever a session connects.
- **A trusted reverse proxy** (mode "header"): `server.trustedUserHeaders` in `.streamlit/config.toml` maps the
  headers the proxy sets to keys of `st.user` — Streamlit copies them from the WebSocket's opening request. The keys
  this module reads are `email`, `name`, `user` (or `preferred_username`, `sub`) and `groups` (a comma-separated
  list). The header is only trustworthy when the proxy is the only way to the dashboard and strips it from
  incoming requests (README, "Sign-in").
- With neither (mode "none", the local demo) there is no sign-in at all.

    mode = sign_in_mode()
    identity = current_identity()          # None: nobody signed in (or mode "none")
    if mode != "none" and identity is None:
        show_sign_in(tr); st.stop()

Every function can be called outside a Streamlit run (tests, tools): there nobody is signed in.
"""

import contextlib
import functools
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit import config
from streamlit.runtime.scriptrunner import get_script_run_ctx

from csat.i18n import Translator

logger = logging.getLogger(__name__)

OIDC = "oidc"
HEADER = "header"
NONE = "none"
# The st.user keys that name the viewer, in order of preference, after the e-mail address: a user name, then the
# provider's subject (opaque, but stable).
USER_NAME_KEYS = ("user", "preferred_username", "sub")
# The keys a trusted header may fill (server.trustedUserHeaders' values): others are ignored.
HEADER_KEYS = ("email", "name", "groups", *USER_NAME_KEYS)
# The settings st.login() needs in the [auth] section (Streamlit checks the same: auth_util.validate_auth_credentials).
AUTH_SETTINGS = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")


@dataclass(frozen=True)
class Identity:
    """A signed-in viewer."""

    user: str                 # the key matched against the access file: the e-mail, lower-cased, when known, else the
                              # user name / subject
    name: str                 # display name (falls back to the e-mail / user)
    email: str | None         # lower-cased
    groups: tuple[str, ...]   # from a "groups" claim / header when present, else ()
    source: str               # "oidc" or "header"


def _auth_section() -> Mapping | None:
    """The `[auth]` section of the secrets (st.secrets, which AppTest can replace), or None when there is none."""
    try:
        if not st.secrets.load_if_toml_exists():
            return None
        auth = st.secrets.get("auth")
    except Exception:  # secrets Streamlit cannot read: sign_in_mode reports them (_unreadable_secrets)
        return None
    return auth if isinstance(auth, Mapping) and auth else None


def _unreadable_secrets() -> list[str]:
    """The configured secrets files that exist although Streamlit could not load the secrets (a TOML error, a file
    the server may not read): such a file may hold the [auth] section, so the dashboard must not open up as if
    sign-in were not configured."""
    with contextlib.suppress(Exception):  # raised rather than reported: unreadable, or not UTF-8
        if st.secrets.load_if_toml_exists():
            return []
    paths = config.get_option("secrets.files")
    return [str(path) for path in paths if Path(path).is_file()]


def trusted_headers() -> dict[str, str]:
    """`server.trustedUserHeaders`: header name → st.user key ({} when not configured). Set in config.toml as a
    table, or on the command line as a JSON object (`--server.trustedUserHeaders '{"X-Forwarded-Email": "email"}'`)."""
    try:
        mapping = config.get_option("server.trustedUserHeaders")
    except Exception:
        return {}
    if isinstance(mapping, str):  # not yet parsed by Streamlit's config hook
        try:
            mapping = json.loads(mapping)
        except ValueError:
            return {}
    return {str(header): str(key) for header, key in mapping.items()} if isinstance(mapping, Mapping) else {}


@functools.cache
def _report_unreadable(paths: tuple[str, ...]) -> None:
    logger.error("the secrets file(s) %s cannot be read: sign-in stays closed", ", ".join(paths))


def sign_in_mode() -> str:
    """"oidc" (an [auth] section in st.secrets — or a secrets file Streamlit cannot read, so that a broken file keeps
    the dashboard closed), "header" (server.trustedUserHeaders configured) or "none"."""
    if _auth_section() is not None:
        return OIDC
    unreadable = _unreadable_secrets()
    if unreadable:
        _report_unreadable(tuple(unreadable))
        return OIDC
    if trusted_headers():
        return HEADER
    return NONE


def _text(value: object, source: str) -> str | None:
    """A claim or header value as text (None when missing or blank). Header values reach Streamlit as Latin-1; a
    proxy sending UTF-8 (a Chinese name) is read back as UTF-8."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value)
    if source == HEADER:
        with contextlib.suppress(UnicodeError):
            text = text.encode("latin-1").decode("utf-8")
    text = text.strip()
    return text or None


def _groups(value: object, source: str) -> tuple[str, ...]:
    """A "groups" claim or header: a list, or a comma-separated string; blanks and repeats dropped."""
    if isinstance(value, str):
        items: Iterable[object] = value.split(",")
    elif isinstance(value, list | tuple):
        items = value
    else:
        return ()
    names = (_text(item, source) for item in items)
    return tuple(dict.fromkeys(name for name in names if name))


def identity_from_claims(claims: Mapping[str, object], source: str) -> Identity | None:
    """The viewer named by `claims` (st.user's contents: id_token claims, or the trusted headers' values), or None
    when they name nobody. An e-mail address the provider says is not verified (`email_verified` false) is not used:
    anybody could have typed it."""
    email = _text(claims.get("email"), source)
    email = email.lower() if email is not None and claims.get("email_verified") is not False else None
    user_name = next((name for key in USER_NAME_KEYS if (name := _text(claims.get(key), source))), None)
    user = email or user_name
    if user is None:
        return None
    name = _text(claims.get("name"), source) or email or user_name or user
    return Identity(user=user, name=name, email=email, groups=_groups(claims.get("groups"), source), source=source)


def current_identity() -> Identity | None:
    """Who is signed in; None when sign-in is configured but nobody is signed in, in mode "none", and outside a
    Streamlit run."""
    mode = sign_in_mode()
    if mode == NONE or get_script_run_ctx() is None:
        return None
    user = st.user.to_dict()
    if mode == OIDC:
        return identity_from_claims(user, OIDC) if user.get("is_logged_in") is True else None
    # Only what the proxy's headers filled (a stale sign-in cookie's claims are not the proxy's word).
    keys = set(trusted_headers().values()) & set(HEADER_KEYS)
    return identity_from_claims({key: user.get(key) for key in keys}, HEADER)


def show_sign_in(tr: Translator) -> None:
    """The page a viewer gets before signing in (no data): a title, one line why and a "Sign in" button that starts
    st.login(). Behind a trusted proxy that did not name the viewer: a note to come through the proxy instead. The
    caller then stops the run (st.stop())."""
    mode = sign_in_mode()
    st.title(tr("sign_in.title"))
    auth = _auth_section() or {}
    missing = [setting for setting in AUTH_SETTINGS if not auth.get(setting)]
    if mode == HEADER:
        st.warning(tr("sign_in.no_header"))
    elif missing:
        if auth:
            logger.error("the [auth] section of the secrets lacks %s: nobody can sign in", ", ".join(missing))
        st.error(tr("sign_in.misconfigured"))
    else:
        st.write(tr("sign_in.why"))
        st.button(tr("sign_in.button"), key="sign_in", type="primary", on_click=st.login)


def sign_out_button(tr: Translator, key: str) -> None:
    """The sidebar's "Sign out" button (OpenID Connect only: behind a proxy, signing out is the proxy's)."""
    if sign_in_mode() == OIDC:
        st.button(tr("sign_in.sign_out"), key=key, on_click=st.logout, width="stretch")
