"""Texts of the review's reported facts (their builders: csat/tables/causes.py and plan.py): the drivers of the month as reported, external
benchmarks, the second dialect category beside "could not understand", and the long-term model — shown on the
causes and plan pages and in the review."""

TEXTS: dict[str, dict[str, str]] = {
    # Drivers of the month, as the department reports them (driver_figures)
    "facts.drivers_title": {"zh": "本月满意度波动原因（部门报告）", "en": "What moved satisfaction this month (reported)"},
    "facts.drivers_caption": {
        "zh": "来自项目评估、产能测算和投诉质检的报告数值（导出数据 driver_figures），不是由工单或问卷逐条计算的；"
              "“利好”/“拖累”为报告对满意度影响方向的判断。可由导出数据计算的数字（如物流投诉 +40%）见上方的原因构成。",
        "en": "Figures reported by programme evaluations, capacity studies and complaint audits (export driver_figures), "
              "not computed from tickets or surveys row by row; “helped” / “hurt” is the report's judgement of the "
              "effect on satisfaction. Figures the exports measure (such as logistics complaints +40%) are in the mix "
              "above."},
    "facts.no_drivers": {"zh": "本月没有报告的波动原因数值（导出数据中没有 driver_figures 或本月无记录）。",
                         "en": "No reported driver figures for this month (no driver_figures export, or none for "
                               "this month)."},
    "facts.col_driver": {"zh": "原因", "en": "Driver"},
    "facts.col_effect": {"zh": "影响", "en": "Effect"},
    "facts.col_area": {"zh": "范围", "en": "Area"},
    "facts.col_measure": {"zh": "指标", "en": "Measure"},
    "facts.col_figure": {"zh": "数值", "en": "Figure"},
    "facts.col_source": {"zh": "来源", "en": "Source"},
    "facts.effect.positive": {"zh": "利好", "en": "helped"},
    "facts.effect.negative": {"zh": "拖累", "en": "hurt"},
    "facts.effect.neutral": {"zh": "中性", "en": "neutral"},
    "facts.metric.people_handled_simple_share": {"zh": "简单咨询由人工处理的占比", "en": "Simple inquiries handled by people"},
    "facts.metric.simple_inquiry_response_seconds": {"zh": "简单咨询平均响应时间", "en": "Average response to simple inquiries"},
    "facts.metric.trainee_feedback_change": {"zh": "参训坐席客户好评率变化", "en": "Trainees' customer feedback rate"},
    "facts.metric.hard_complaint_resolution_rate": {"zh": "疑难投诉解决率", "en": "Hard-complaint resolution rate"},
    "facts.metric.logistics_capacity_share": {"zh": "物流投诉占用坐席产能", "en": "Agent capacity taken by logistics complaints"},
    "facts.metric.misunderstanding_complaint_share": {"zh": "“理解偏差”投诉占比", "en": "“Misunderstanding” share of complaints"},
    "facts.seconds": {"zh": "{value} 秒", "en": "{value} s"},
    "facts.below": {"zh": "< {value}", "en": "< {value}"},
    "facts.above": {"zh": "> {value}", "en": "> {value}"},
    "facts.before_after": {"zh": "{before} → {after}", "en": "{before} → {after}"},

    # External benchmarks (external_benchmarks)
    "facts.benchmark_title": {"zh": "{kpi}：与外部基准对比", "en": "{kpi} against the external benchmark"},
    "facts.benchmark_value": {"zh": "外部基准", "en": "External benchmark"},
    "facts.benchmark_help": {"zh": "来源：{source}；自 {as_of} 起适用。", "en": "Source: {source}; applies from {as_of}."},
    "facts.benchmark_sentence": {"zh": "{who}的{kpi}为 {value}，{clause}。", "en": "{who}: {kpi} {value}, {clause}."},
    "facts.benchmark_times": {"zh": "是外部基准 {benchmark}的 {times} 倍（来源：{source}）",
                              "en": "{times} times the external benchmark of {benchmark} (source: {source})"},
    "facts.benchmark_against": {"zh": "外部基准为 {benchmark}（来源：{source}）",
                                "en": "against an external benchmark of {benchmark} (source: {source})"},

    # The second dialect category beside "could not understand"
    "facts.understanding_title": {"zh": "方言相关投诉：“听不懂”与“理解偏差”",
                                  "en": "Dialect complaints: “could not understand” and “misunderstanding”"},
    "facts.col_city": {"zh": "城市", "en": "City"},
    "facts.col_not_understood": {"zh": "“听不懂”（方言投诉，工单计算）", "en": "“Could not understand” (dialect complaints, from tickets)"},
    "facts.col_misunderstood": {"zh": "“理解偏差”（报告值）", "en": "“Misunderstanding” (reported)"},
    "facts.understanding_caption": {
        "zh": "两类投诉各占该城市本月投诉的比例：“听不懂”= 类别为方言的投诉工单，由导出数据计算；"
              "“理解偏差”= 坐席听懂了话、却理解错了诉求，工单类别和问卷原因都不区分，取自投诉质检报告（driver_figures）。",
        "en": "Each as a share of the city's complaints of the month: “could not understand” = complaint tickets in the "
              "dialect category, computed from the exports; “misunderstanding” = the agent understood the words but "
              "not the request, which neither ticket categories nor survey reasons tell apart, so it comes from a "
              "complaint audit (driver_figures)."},

    # The long-term model (long_term_plan)
    "facts.long_term_title": {"zh": "5 长期模式：“三维一循环”", "en": "5 Long-term model: three dimensions, one loop"},
    "facts.long_term_slide": {"zh": "长期模式：三维一循环", "en": "Long-term model: three dimensions, one loop"},
    "facts.long_term_intro": {"zh": "{adopted} 通过的长期规划：技术、人员、生态三个维度，各有短期、中期、长期路径。",
                              "en": "The long-term plan adopted on {adopted}: technology, people and ecosystem, each "
                                    "with short-, medium- and long-term paths."},
    "facts.long_term_loop": {"zh": "一循环：数据收集 → 分析 → 优化 → 再收集，每月回顾时闭环一次。",
                             "en": "One loop: collect data → analyse → optimise → collect again, closed at every monthly "
                                   "review."},
    "facts.no_long_term": {"zh": "本月尚无长期规划（导出数据中没有 long_term_plan，或规划尚未通过）。",
                           "en": "No long-term plan for this month (no long_term_plan export, or none adopted yet)."},
    "facts.col_dimension": {"zh": "维度", "en": "Dimension"},
    "facts.dimension.technology": {"zh": "技术", "en": "Technology"},
    "facts.dimension.people": {"zh": "人员", "en": "People"},
    "facts.dimension.ecosystem": {"zh": "生态", "en": "Ecosystem"},
    "facts.horizon.short": {"zh": "短期（6–12个月）", "en": "Short term (6–12 months)"},
    "facts.horizon.medium": {"zh": "中期（1–2年）", "en": "Medium term (1–2 years)"},
    "facts.horizon.long": {"zh": "长期（3年以上）", "en": "Long term (3+ years)"},
    "facts.item_separator": {"zh": "；", "en": "; "},
}
