"""Streamlit's own controls, reduced to what a viewer needs (in both languages: their texts are English only).

`.streamlit/config.toml` sets `client.toolbarMode = "minimal"`, which removes the main menu ("Print", "Record
screen", "Made with Streamlit" — the browser prints, and the sidebar builds the deck). Altair charts show no
vega-embed "…" menu (Streamlit 1.67 embeds them with `actions: false` and drops a chart's own embedOptions).
What is left is each chart's and table's toolbar: its developer tools (show the raw data, copy the Vega-Lite
spec, download PNG or an untranslated CSV, search, hide columns) are hidden, and only the icon-only fullscreen
button stays — the pages' own CSV buttons download the data in the page's language.
"""

import streamlit as st

# Streamlit's toolbar buttons carry English aria-labels; those of the fullscreen button are kept.
FULLSCREEN_LABELS = ("Fullscreen", "Close fullscreen")
VIEWER_TOOLBARS = ("<style>[data-testid='stElementToolbarButton']:not(:has("
                   + ", ".join(f"button[aria-label='{label}']" for label in FULLSCREEN_LABELS)
                   + ")) { display: none; }</style>")


def viewer_toolbars() -> None:
    """Hide the chart and table toolbars' developer tools on this page (see the module's docstring)."""
    st.html(VIEWER_TOOLBARS)
