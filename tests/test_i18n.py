"""Two languages, complete everywhere: every text exists in Chinese and English with the same placeholders,
every key the code asks for exists, and no English text carries Chinese characters (nor the reverse)."""

import re
import string

import pytest

from csat.i18n import Translator
from csat.texts import TEXTS
from queries.settings import REPOSITORY_ROOT

CJK = re.compile(r"[\u4e00-\u9fff]")
SOURCES = [p for folder in ("csat", "review") for p in (REPOSITORY_ROOT / folder).rglob("*.py")] + [
    REPOSITORY_ROOT / "app.py"] + sorted(
    (REPOSITORY_ROOT / "pages").glob("*.py"))
# tr("key") and tr('key') with a literal key; keys built at run time (tr(f"region.{r}")) are checked below.
LITERAL_KEY = re.compile(r"""\btr\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""")


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_text_has_both_languages_with_the_same_placeholders(key):
    zh, en = TEXTS[key]["zh"], TEXTS[key]["en"]
    assert zh.strip() and en.strip()
    assert placeholders(zh) == placeholders(en)
    assert not CJK.search(en), "English text with Chinese characters"
    assert CJK.search(zh) or zh == en or not re.search(r"[A-Za-z]{4,}", zh), "Chinese text left in English"


def test_every_literal_key_used_in_code_exists():
    used = {key for path in SOURCES for key in LITERAL_KEY.findall(path.read_text(encoding="utf-8"))}
    assert used, "the scan found no keys: the pattern is wrong"
    assert sorted(used - TEXTS.keys()) == []


def test_dynamic_keys_exist_for_every_value():
    from csat.frame import PAGES
    from queries.contract import EVENT_KINDS, REGIONS

    for prefix, values in (("region", REGIONS), ("kind", EVENT_KINDS), ("nav", [p.key for p in PAGES])):
        for value in values:
            assert f"{prefix}.{value}" in TEXTS


def test_months_read_naturally_in_each_language():
    import datetime as dt

    assert Translator("zh").month(dt.date(2025, 3, 1)) == "2025年3月"
    assert Translator("en").month(dt.date(2025, 3, 1)) == "March 2025"
    assert Translator("fr").lang == "zh"  # unknown languages fall back to Chinese, the department's language


def test_texts_name_group_sizes_and_weights_from_the_settings():
    from queries.settings import Settings

    changed = Settings(top_group_size=4, bottom_group_size=2, weight_speed=0.25, weight_resolution=0.45)
    assert Translator("en", changed)("overview.top_five") == "Top four"
    assert Translator("zh", changed)("overview.bottom_three") == "后二名"
    assert "25% response speed + 45% resolution efficiency" in Translator("en", changed)("overview.index_help")
    assert Translator("en")("trends.col_top_streak") == "Months in top five"  # the department's default


# Numbers that are settings: a text writing them out would not follow a change of setting.
SETTING_NUMBERS = re.compile(r"前五|后三|top five|bottom three|top 5|bottom 3|\b[1-4]0% ?(×|response|speed)", re.I)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_text_writes_out_a_setting(lang):
    assert [key for key, text in TEXTS.items() if SETTING_NUMBERS.search(text[lang])] == []
