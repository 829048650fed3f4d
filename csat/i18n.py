"""Two languages, complete everywhere: every text a page shows comes from `csat/texts/`, in Chinese and English.

    tr = Translator("en")
    tr("overview.title", month=tr.month(month))

A key missing in one language is a test failure (tests/test_i18n.py), never a silent fallback.

Texts that name a setting say it through a placeholder the translator fills from the settings, so they follow
a change of setting: {top} and {bottom} (the ranking's group sizes, as words: "five", "五"), {w_speed},
{w_resolution}, {w_attitude} and {w_follow_up} (the index weights, "30%").
"""

import datetime as dt
from collections.abc import Iterable

from csat.texts import TEXTS
from queries.settings import DEFAULT_SETTINGS, Settings

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
LANGUAGE_NAMES = {"zh": "中文", "en": "English"}
# Small counts as words, the way the review names its groups ("top five", "前五名").
NUMBER_WORDS = {"zh": "零一二三四五六七八九十",
                "en": ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")}


def number_word(count: int, lang: str) -> str:
    """0–10 as a word in `lang` ("five", "五"); larger counts as digits."""
    words = NUMBER_WORDS[lang]
    return words[count] if 0 <= count < len(words) else str(count)


def setting_values(settings: Settings, lang: str) -> dict[str, str]:
    """The settings texts may name, written for reading in `lang`."""
    return {"top": number_word(settings.top_group_size, lang), "bottom": number_word(settings.bottom_group_size, lang),
            "w_speed": f"{settings.weight_speed:.0%}", "w_resolution": f"{settings.weight_resolution:.0%}",
            "w_attitude": f"{settings.weight_attitude:.0%}", "w_follow_up": f"{settings.weight_follow_up:.0%}",
            "satisfied": f"{settings.satisfied_score:g}"}


class Translator:
    """Texts, months, lists and place names in one language (zh or en; anything else falls back to zh)."""

    def __init__(self, lang: str, settings: Settings = DEFAULT_SETTINGS):
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
        self.settings = setting_values(settings, self.lang)

    def __call__(self, key: str, **values: object) -> str:
        """The text `key` with its placeholders filled; a count of one picks the singular "KEY.one" if there is
        one ("1 city", not "1 cities")."""
        if values.get("count") == 1 and f"{key}.one" in TEXTS:
            key = f"{key}.one"
        text = TEXTS[key][self.lang]
        return text.format_map({**self.settings, **values}) if "{" in text else text

    def month(self, month: dt.date) -> str:
        return f"{month.year}年{month.month}月" if self.lang == "zh" else month.strftime("%B %Y")

    def join(self, names: Iterable[str]) -> str:
        """Names as one list in the page's language: "北京、上海" or "Beijing, Shanghai"."""
        return ("、" if self.lang == "zh" else ", ").join(names)

    def place(self, city_name: object) -> str:
        """A city's name from a query row, or "Nationwide" where the row is national (no city)."""
        return city_name if isinstance(city_name, str) else self("frame.nationwide")
