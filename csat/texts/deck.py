"""Texts of the deck export (review/deck.py, csat/export.py, python -m review): buttons, progress, errors."""

TEXTS: dict[str, dict[str, str]] = {
    "deck.heading": {"zh": "会议材料", "en": "Meeting deck"},
    "deck.prepare": {"zh": "生成汇报材料（PPTX / PDF）", "en": "Prepare the deck (PPTX / PDF)"},
    "deck.prepare_help": {
        "zh": "按当前月份、城市和语言生成月度回顾的幻灯片，需要十几秒到半分钟。",
        "en": "Builds the monthly review's slides for the current month, cities and language; takes ten to thirty seconds.",
    },
    "deck.progress_start": {"zh": "正在汇总数据…", "en": "Collecting the figures…"},
    "deck.progress_slide": {"zh": "正在绘制第 {number}/{count} 页：{title}", "en": "Drawing slide {number} of {count}: {title}"},
    "deck.progress_pdf": {"zh": "正在转换为 PDF…", "en": "Converting to PDF…"},
    "deck.progress_done": {"zh": "已完成", "en": "Done"},
    "deck.ready": {"zh": "材料已生成：{scope} · {month}", "en": "The deck is ready: {scope} · {month}"},
    "deck.download_pptx": {"zh": "下载 PPTX", "en": "Download PPTX"},
    "deck.download_pdf": {"zh": "下载 PDF", "en": "Download PDF"},
    "deck.pdf_failed": {"zh": "PDF 未能生成：{reason}", "en": "The PDF could not be made: {reason}"},
    "deck.failed": {"zh": "材料未能生成：{reason}", "en": "The deck could not be built: {reason}"},
}
