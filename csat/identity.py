"""Who is signed in. Interim: nobody signs in here (the local demo); OpenID Connect and the trusted proxy header
come with the sign-in work (issue 14), behind this same interface."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Identity:
    """A signed-in person: the key the access file matches (user), display name, e-mail, groups and the source."""

    user: str
    name: str
    email: str | None
    groups: tuple[str, ...]
    source: str


def sign_in_mode() -> str:
    """How people sign in: "oidc", "header" or "none"."""
    return "none"


def current_identity() -> Identity | None:
    """Who is signed in (None: nobody)."""
    return None


def show_sign_in(tr) -> None:
    """The sign-in page (nothing to draw without sign-in)."""


def sign_out_button(tr, key: str) -> None:
    """The sidebar's sign-out button (none without sign-in)."""
