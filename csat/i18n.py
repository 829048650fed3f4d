"""Two languages, complete everywhere: every text a page shows comes from `csat/texts/`, in Chinese and English.

    tr = Translator("en")
    tr("overview.title", month=tr.month(month))

A key missing in one language is a test failure (tests/test_i18n.py), never a silent fallback.
"""

import datetime as dt
from collections.abc import Mapping

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

    def pick(self, zh: str, en: str) -> str:
        """Choose between a Chinese and an English value from the data (e.g. name_zh / name_en)."""
        return zh if self.lang == "zh" else en

    def column(self, row: Mapping, stem: str) -> str:
        """row['name_zh'] or row['name_en'] for stem 'name', by language."""
        return row[f"{stem}_{self.lang}"]

    def month(self, month: dt.date) -> str:
        return f"{month.year}年{month.month}月" if self.lang == "zh" else month.strftime("%B %Y")

    def month_short(self, month: dt.date) -> str:
        return f"{month.year}-{month.month:02d}"
