"""Checks the text-from-the-exports tests share: the hostile exports as the pages' data directory, and what a page
shows in Streamlit's AppTest, by how each element reads its text.

Every element that reads Markdown (text, captions, titles, alerts, labels, help, st.table's cells) must hold the
payloads escaped — and hold them: the data is shown, as written —, and nothing shown as written (st.text, grids,
charts, the map) may keep a bidirectional control.
"""

import re
from pathlib import Path

import pytest
from google.protobuf.json_format import MessageToDict

from csat.markup import BIDI_CONTROLS, plain
from tests.hostile_data import RTL_OVERRIDE, markup_payloads, write_hostile_fixture

PORT = 9  # AppTest requests nothing: the address only has to be recognisable
MARKUP = markup_payloads(PORT)
MARCH = "2025-03"
# Fields of an element's message that Streamlit reads as Markdown (widget options are plain text: not listed).
MARKDOWN_FIELDS = {"body", "label", "help", "text"}
RTL_BYTES = RTL_OVERRIDE.encode()
ESCAPED = re.compile(r"\\[!-/:-@\[-`{-~]")  # a backslash-escaped punctuation character
# Elements that show text as written: st.text, st.dataframe's grid, Altair charts, pydeck maps.
AS_WRITTEN = ("Text", "Arrow", "ArrowVegaLiteChart", "DeckGlJsonChart")


def hostile_data_dir(tmp_path_factory) -> Path:
    """The hostile exports, made the data directory of every page opened until the generator is closed (a module
    fixture: `yield from hostile_data_dir(tmp_path_factory)`)."""
    directory = write_hostile_fixture(tmp_path_factory.mktemp("hostile_exports"), PORT)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CSAT_DATA_DIR", str(directory))
        yield directory


def nodes(node):
    """Every block and element of an AppTest tree."""
    yield node
    for child in getattr(node, "children", {}).values():
        yield from nodes(child)


def markdown_texts(message: object, key: str = "") -> list[str]:
    """The strings of an element's message (as a dict) in fields Streamlit reads as Markdown."""
    if isinstance(message, dict):
        return [text for name, value in message.items() for text in markdown_texts(value, name)]
    if isinstance(message, list):
        return [text for value in message for text in markdown_texts(value, key)]
    return [message] if isinstance(message, str) and key in MARKDOWN_FIELDS else []


def shown(app) -> dict[str, list]:
    """What the page shows, by how it is read: Markdown strings, st.table frames, and the bytes of everything
    shown as written (grids' and charts' data, chart specs, map decks)."""
    seen = {"markdown": [], "tables": [], "as_written": []}
    for node in nodes(app._tree):
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "DESCRIPTOR"):
            continue
        if type(node).__name__ == "Table":
            seen["tables"].append(node.value)
            continue
        if proto.DESCRIPTOR.name in AS_WRITTEN:
            seen["as_written"].append(proto.SerializeToString())
            continue
        seen["markdown"] += markdown_texts(MessageToDict(proto))
    return seen


def assert_text_stays_text(*apps, data_shown: bool = True) -> None:
    """The page ran (each of `apps`: a page opened on each of its tabs), its Markdown holds no payload unescaped
    and no bidirectional control, nor do its st.table cells, charts, grids and maps; with `data_shown`, some text
    from the exports is on the page (escaped; in one of its tabs at least)."""
    markdown = []
    for app in apps:
        assert not app.exception, [e.message for e in app.exception]
        assert not app.error, [e.value for e in app.error]  # run_page turns a failure into an error message
        seen = shown(app)
        for table in seen["tables"]:
            seen["markdown"] += [*map(str, table.columns), *map(str, table.index), *map(str, table.to_numpy().ravel())]
        for text in seen["markdown"]:
            unescaped = ESCAPED.sub("\0", text)  # what is left once every escaped character is set aside
            for payload in MARKUP:
                assert payload not in unescaped, f"unescaped {payload!r} in {text!r}"
            assert not BIDI_CONTROLS.search(text), f"a bidirectional control in {text!r}"
        for data in seen["as_written"]:
            assert RTL_BYTES not in data, "a bidirectional control in a chart, grid or map"
        markdown += seen["markdown"]
    # The data is shown (escaped), not dropped: the first payload, escaped, is somewhere in the page's Markdown.
    assert not data_shown or any(plain(MARKUP[0]) in text for text in markdown), "no text from the exports"
