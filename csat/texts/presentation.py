"""Texts of presentation mode (csat/presentation.py): slide navigation, the exit, the present button."""

TEXTS: dict[str, dict[str, str]] = {
    "presentation.start": {"zh": "▶ 演示模式", "en": "▶ Present"},
    "presentation.start_help": {"zh": "全屏逐页展示本月回顾（翻页笔、方向键、空格翻页）",
                                "en": "Show this month's review slide by slide (clicker, arrow keys, Space)"},
    "presentation.page_title": {"zh": "演示", "en": "Presentation"},
    "presentation.previous": {"zh": "◀ 上一页", "en": "◀ Previous"},
    "presentation.next": {"zh": "下一页 ▶", "en": "Next ▶"},
    "presentation.exit": {"zh": "✕ 退出演示", "en": "✕ Exit"},
    "presentation.counter": {"zh": "{number} / {count}", "en": "{number} / {count}"},
    "presentation.key_previous": {"zh": "上一页", "en": "Previous slide"},
    "presentation.key_next": {"zh": "下一页", "en": "Next slide"},
    "presentation.key_first": {"zh": "第一页", "en": "First slide"},
    "presentation.key_last": {"zh": "最后一页", "en": "Last slide"},
}
