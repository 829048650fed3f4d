"""Text from the exports stays text. City names, event and initiative titles, comments, owners… are written by
other systems, and every element that shows them reads them one way or another:

- Streamlit's Markdown elements (st.markdown, captions, titles, alerts, metric labels and help, expander and page
  link labels, and every cell and header of st.table) would turn a tag, link, image, heading or colour directive
  into markup — and an image into a request to wherever it points — and a web or e-mail address into a link:
  `plain`, `plain_frame`, `plain_table`;
- everything else (st.dataframe, st.text, widget options, chart labels and tooltips, map labels and tooltips — the
  tooltip is an HTML template, but Streamlit's map escapes every field it fills in —, the deck's text runs, CSV
  cells) shows text as written: `bare`, `bare_frame`, `bare_table`, `bare_chart`.

Bidirectional controls (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates, U+200E/U+200F marks,
U+061C) are removed from data text wherever it is shown. Removed rather than isolated: wrapped in an isolate
(FSI … PDI) a text's own controls still reorder the text itself — a city named "\u202e12" would show as "21" —,
isolates are not honoured alike by the canvas grids, Vega, deck.gl, PowerPoint and spreadsheets, and no text the
contract carries (Chinese and English) needs an explicit control: the Unicode bidirectional algorithm places
right-to-left script without them. So a figure never shows reordered next to a name, whatever the name holds.
"""

import re

import pandas as pd
from altair.utils.schemapi import SchemaBase
from pandas.io.formats.style import Styler

# The bidirectional formatting characters: ALM, LRM, RLM, LRE RLE PDF LRO RLO, LRI RLI FSI PDI.
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Every ASCII punctuation character: CommonMark lets each be backslash-escaped, and Streamlit's extensions
# (:colour[…], :emoji:, $maths$) start with one of them.
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# Streamlit's Markdown (remark-gfm) turns a web address or an e-mail address into a link after the escapes are read:
# it looks for "http://", "https://" or "www." and for a word character before "@" in the text as finally read. A
# word joiner (U+2060: invisible, no width) after "http", "https" or "www" and before every "@" breaks each pattern.
_AUTOLINK_STARTS = re.compile(r"(?i)(?:https?(?=:)|www(?=\.)|(?=@))")
WORD_JOINER = "\u2060"


def bare(text: object) -> object:
    """`text` without bidirectional controls, for an element that shows text as written (anything that is not a
    string is returned unchanged)."""
    return BIDI_CONTROLS.sub("", text) if isinstance(text, str) else text


def plain(text: object) -> str:
    """`text` for an element that reads Markdown, every Markdown character escaped and no address a link: it shows
    as written."""
    text = _AUTOLINK_STARTS.sub(lambda found: found.group() + WORD_JOINER, BIDI_CONTROLS.sub("", str(text)))
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def _texts(frame: pd.DataFrame, convert) -> pd.DataFrame:
    """A copy of `frame` with `convert` applied to every text cell (in the columns that hold text: numbers, dates
    and flags keep their types) and to every text column and index label."""
    shown = frame.copy()
    for position, dtype in enumerate(frame.dtypes):
        if pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype):
            shown.isetitem(position, frame.iloc[:, position].map(
                lambda value: convert(value) if isinstance(value, str) else value))
    if not isinstance(frame.columns, pd.MultiIndex):
        shown.columns = [convert(c) if isinstance(c, str) else c for c in frame.columns]
    if not isinstance(frame.index, pd.MultiIndex) and (pd.api.types.is_object_dtype(frame.index.dtype)
                                                       or pd.api.types.is_string_dtype(frame.index.dtype)):
        shown.index = pd.Index([convert(i) if isinstance(i, str) else i for i in frame.index], name=frame.index.name)
    return shown


def bare_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` for an element that shows text as written (st.dataframe, a chart): no bidirectional controls."""
    return _texts(frame, bare)


def plain_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` for st.table, which reads every cell, header and index label as Markdown: all of them escaped."""
    return _texts(frame, plain)


def _restyled(styler: Styler, convert) -> Styler:
    """A Styler over `convert`'s copy of the styled frame with the same cell styles. The styles are computed on the
    original frame (a builder's style functions read its values and labels) and carried over by position."""
    styler._compute()  # what Streamlit itself does before reading a Styler (ctx: (row, column) → CSS pairs)
    frame = styler.data
    css = [["; ".join(f"{name}: {value}" for name, value in styler.ctx.get((row, column), []))
            for column in range(frame.shape[1])] for row in range(frame.shape[0])]
    shown = _texts(frame, convert)
    styles = pd.DataFrame(css, index=shown.index, columns=shown.columns)
    return shown.style.apply(lambda _: styles, axis=None)


def bare_table(data: pd.DataFrame | Styler) -> pd.DataFrame | Styler:
    """A table for st.dataframe (a frame or a Styler): its texts without bidirectional controls."""
    return _restyled(data, bare) if isinstance(data, Styler) else bare_frame(data)


def plain_table(data: pd.DataFrame | Styler) -> pd.DataFrame | Styler:
    """A table for st.table (a frame or a Styler): its texts escaped for Markdown, its cell styles kept."""
    return _restyled(data, plain) if isinstance(data, Styler) else plain_frame(data)


def bare_chart(chart: object) -> object:
    """An Altair chart whose texts — its data's text cells, titles, scale domains (a colour per city name), any
    literal — have no bidirectional controls: the chart's pieces are changed in place and the chart returned. Field
    names and expressions hold no such control, so they are left as they are."""
    if isinstance(chart, SchemaBase):
        for name, value in chart._kwds.items():  # an Altair object keeps its properties there
            chart._kwds[name] = bare_chart(value)
        return chart
    if isinstance(chart, pd.DataFrame):
        return bare_frame(chart)
    if isinstance(chart, list | tuple):
        return type(chart)(bare_chart(value) for value in chart)
    if isinstance(chart, dict):
        return {name: bare_chart(value) for name, value in chart.items()}
    return bare(chart)
