"""Text from the exports stays text: Streamlit's Markdown elements would otherwise turn a tag, link, image,
heading or colour directive written into a city name, event title or comment into markup."""

import re

# Every ASCII punctuation character: CommonMark lets each be backslash-escaped, and Streamlit's extensions
# (:colour[…], :emoji:, $maths$) start with one of them.
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def plain(text: object) -> str:
    """`text` for an element that reads Markdown, every Markdown character escaped: it shows as written."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", str(text))
