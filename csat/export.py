"""The deck for the current view, as a Streamlit block: "Prepare the deck", a progress bar, then downloads.

    deck_download(filters, tr, key="frame_deck")   # every page's sidebar and presentation mode (via presentation.py)

Building takes a while (charts rendered, LibreOffice printing the PDF), so it happens on the click, with a
progress bar, and the files stay in the session until the month, cities or language change.
"""

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from csat.i18n import Translator
from csat.markup import plain
from queries.access import current_viewer

if TYPE_CHECKING:  # csat.frame imports the components; only the type is needed here
    from csat.frame import Filters


def file_stem(filters: "Filters") -> str:
    """csat-review-2025-03-zh, with the chosen cities: csat-review-2025-03-zh-WLMQ-LZ."""
    return "-".join(["csat-review", f"{filters.month:%Y-%m}", filters.lang, *filters.cities])


def build_files(filters: "Filters", tr: Translator, progress) -> dict[str, bytes | str]:
    """The deck of the view: {"pptx": bytes, "scope": the review's scope, and "pdf": bytes or, when LibreOffice
    could not print it, "pdf_error": why}. `progress(fraction, text)` follows the work. Raises DeckError when
    not even the PPTX can be made."""
    from review.deck import DeckError, pptx_to_pdf, write_deck
    from review.slides import build_review

    progress(0.0, tr("deck.progress_start"))
    review = build_review(filters.month, tuple(filters.cities), filters.lang)
    with tempfile.TemporaryDirectory(prefix="csat-deck-") as scratch:
        pptx = Path(scratch) / f"{file_stem(filters)}.pptx"
        write_deck(review, pptx, lambda fraction, text: progress(0.05 + 0.7 * fraction, text))
        files: dict[str, bytes | str] = {"pptx": pptx.read_bytes(), "scope": review.scope}
        progress(0.8, tr("deck.progress_pdf"))
        try:
            files["pdf"] = pptx_to_pdf(pptx, pptx.with_suffix(".pdf")).read_bytes()
        except DeckError as error:
            files["pdf_error"] = str(error)
    progress(1.0, tr("deck.progress_done"))
    return files


def deck_download(filters: "Filters", tr: Translator, key: str) -> None:
    """A "Prepare the deck" button; on click the deck is built with a progress bar, then PPTX and PDF download
    buttons appear (kept for this view in the session). `key` must be unique on the page."""
    from review.deck import DeckError

    view = (filters.month, tuple(filters.cities), filters.lang, current_viewer())  # an admin's "view as" too
    state = f"{key}_files"
    if st.session_state.get(state, {}).get("view") != view:
        st.session_state.pop(state, None)  # built for another month, selection or language
    if st.button(tr("deck.prepare"), key=f"{key}_prepare", help=tr("deck.prepare_help"),
                 icon=":material/slideshow:", width="stretch"):
        bar = st.progress(0.0, text=tr("deck.progress_start"))
        try:
            # A progress text names the slide drawn, whose title may name cities: Markdown there, so plain text.
            files = build_files(filters, tr, lambda fraction, text: bar.progress(fraction, text=plain(text)))
        except DeckError as error:
            bar.empty()
            st.error(tr("deck.failed", reason=str(error)))
            return
        bar.empty()
        st.session_state[state] = {"view": view, **files}
    files = st.session_state.get(state)
    if not files:
        return
    st.caption(tr("deck.ready", scope=plain(files["scope"]), month=tr.month(filters.month)))
    stem = file_stem(filters)
    st.download_button(tr("deck.download_pptx"), data=files["pptx"], file_name=f"{stem}.pptx", key=f"{key}_pptx",
                       mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                       icon=":material/download:", width="stretch", on_click="ignore")
    if "pdf" in files:
        st.download_button(tr("deck.download_pdf"), data=files["pdf"], file_name=f"{stem}.pdf", key=f"{key}_pdf",
                           mime="application/pdf", icon=":material/download:", width="stretch", on_click="ignore")
    else:
        st.warning(tr("deck.pdf_failed", reason=files["pdf_error"]))
