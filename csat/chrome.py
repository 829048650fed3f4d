"""Streamlit's own controls, reduced to what a viewer needs, in the page's language.

`.streamlit/config.toml` sets `client.toolbarMode = "minimal"`, which removes the main menu ("Print", "Record
screen", "Made with Streamlit" — the browser prints, and the sidebar builds the deck). Altair charts show no
vega-embed "…" menu (Streamlit 1.67 embeds them with `actions: false` and drops a chart's own embedOptions).
What is left is each chart's and table's toolbar: its developer tools (show the raw data, copy the Vega-Lite
spec, download PNG or an untranslated CSV, search, hide columns) are hidden, and only the icon-only fullscreen
button stays — the pages' own CSV buttons download the data in the page's language.

Streamlit 1.67 writes the fullscreen button's label ("Fullscreen", "Close fullscreen": its aria-label and its
hover tooltip) in English, with no setting to change it. A small script (`TOOLBAR_LABELS_JS`) puts the page's words
in their place: it rewrites the buttons' aria-labels (keeping the original in `data-csat-label`) and the text of
the tooltip that shows on hover, whenever Streamlit draws them. The button is worth keeping: fullscreen is how a
reader sees a wide table (the plan's) or a dense chart at full size.
"""

import json

import streamlit as st

from csat.i18n import Translator

# Streamlit's toolbar buttons carry English aria-labels; those of the fullscreen button are kept (translated by the
# script, they keep their English original in data-csat-label).
FULLSCREEN_LABELS = ("Fullscreen", "Close fullscreen")
VIEWER_TOOLBARS = ("<style>[data-testid='stElementToolbarButton']:not(:has("
                   + ", ".join([*(f"button[aria-label='{label}']" for label in FULLSCREEN_LABELS),
                                "button[data-csat-label]"])
                   + ")) { display: none; }</style>")
# Replaces Streamlit's English labels (LABELS: English → the page's words) on the toolbar buttons and in their
# tooltips, now and whenever the page changes (one observer per page; a later run only updates the words).
TOOLBAR_LABELS_JS = """
<script>
(() => {
    window.csatToolbarLabels = LABELS;
    const translate = () => {
        const labels = window.csatToolbarLabels;
        for (const button of document.querySelectorAll('[data-testid="stElementToolbarButton"] button[aria-label]')) {
            const current = button.getAttribute('aria-label');
            const original = current === button.dataset.csatShown ? button.dataset.csatLabel : current;
            const [name, ...context] = original.split(': ');
            if (!(name in labels)) continue;
            const shown = [labels[name], ...context].join(': ');
            button.dataset.csatLabel = original;
            button.dataset.csatShown = shown;
            if (current !== shown) button.setAttribute('aria-label', shown);
        }
        for (const tip of document.querySelectorAll('[role="tooltip"]')) {
            const walker = document.createTreeWalker(tip, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const text = node.nodeValue.trim();
                if (text in labels && labels[text] !== text) node.nodeValue = labels[text];
            }
        }
    };
    translate();
    if (window.csatToolbarObserver) return;
    let pending = false;
    window.csatToolbarObserver = new MutationObserver(() => {
        if (pending) return;
        pending = true;
        requestAnimationFrame(() => { pending = false; translate(); });
    });
    window.csatToolbarObserver.observe(document.body, {childList: true, subtree: true, characterData: true,
                                                       attributes: true, attributeFilter: ['aria-label']});
})();
</script>
"""
LABEL_TEXTS = {"Fullscreen": "chrome.fullscreen", "Close fullscreen": "chrome.close_fullscreen"}


def toolbar_labels_script(tr: Translator) -> str:
    """The script that writes the toolbar buttons' labels in the translator's language."""
    labels = {english: tr(key) for english, key in LABEL_TEXTS.items()}
    return TOOLBAR_LABELS_JS.replace("LABELS", json.dumps(labels, ensure_ascii=False), 1)


def viewer_toolbars(tr: Translator, presenting: bool = False) -> None:
    """Hide the chart and table toolbars' developer tools on this page and write the fullscreen button's label in
    the page's language (see the module's docstring). The script sits in the sidebar (no gap in the page);
    presentation mode has no sidebar and no room to spare on a slide (its element would push the slide's navigation
    off the projector's screen), so there the button keeps Streamlit's English label."""
    st.html(VIEWER_TOOLBARS)
    if not presenting:
        st.sidebar.html(toolbar_labels_script(tr), unsafe_allow_javascript=True)
