"""Two languages, complete everywhere: every text a page shows comes from `csat/texts/`, in Chinese and English.

    tr = Translator("en")
    tr("overview.title", month=tr.month(month))

A key missing in one language is a test failure (tests/test_i18n.py), never a silent fallback.
"""

import datetime as dt

from csat.texts import TEXTS

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
LANGUAGE_NAMES = {"zh": "中文", "en": "English"}


class Translator:
    def __init__(self, lang: str):
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE

    def __call__(self, key: str, **values: object) -> str:
        text = TEXTS[key][self.lang]
        return text.format(**values) if values else text

    def month(self, month: dt.date) -> str:
        return f"{month.year}年{month.month}月" if self.lang == "zh" else month.strftime("%B %Y")

    def place(self, city_name: object) -> str:
        """A city's name from a query row, or "Nationwide" where the row is national (no city)."""
        return city_name if isinstance(city_name, str) else self("frame.nationwide")
