"""Texts of the meeting: presentation mode, the written summary and the deck."""

TEXTS: dict[str, dict[str, str]] = {
    "review.slide.cover": {"zh": "本月概览", "en": "The month at a glance"},
    "review.slide.map": {"zh": "全国满意度热力图：前五名与后三名", "en": "National satisfaction map: top five and bottom three"},
    "review.slide.trends": {"zh": "领先与落后城市近 {months} 个月走势", "en": "Leaders and laggards over the last {months} months"},
    "review.slide.diagnosis": {"zh": "低满意度城市诊断：{cities}", "en": "Low-satisfaction diagnosis: {cities}"},
    "review.slide.causes": {"zh": "低分原因与客户原声", "en": "Why customers scored low, in their words"},
    "review.slide.warning": {"zh": "下月预警", "en": "Early warning for next month"},
    "review.slide.plan": {"zh": "改进计划进度", "en": "Improvement-plan progress"},
    "review.slide.conclusions": {"zh": "结论与下一步", "en": "Conclusions and next steps"},
    "review.national_index": {"zh": "全国满意度指数", "en": "National satisfaction index"},
    "review.col_figure": {"zh": "指标", "en": "Figure"},
    "review.no_warning": {"zh": "本月没有城市触发预警。", "en": "No city triggers a warning this month."},
    "review.as_of": {"zh": "数据截至 {as_of}", "en": "Data as of {as_of}"},
}
