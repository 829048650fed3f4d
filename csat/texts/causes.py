"""Texts of the causes page (pages/causes.py): the low-satisfaction diagnosis, its charts and tables."""

TEXTS: dict[str, dict[str, str]] = {
    "causes.no_drivers": {"zh": "数据不足：至少需要若干个有排名的城市月份，才能分析团队因素与满意度的关系。", "en": "Not enough data: the driver analysis needs ranked city-months to relate team factors to satisfaction."},
    "causes.title": {"zh": "{month}低满意度城市问题诊断", "en": "Low-satisfaction diagnosis, {month}"},
    "causes.scope_bottom": {"zh": "诊断本月满意度最低的 {count} 个城市：{cities}。在侧栏选择城市可诊断其他城市。",
                            "en": "Diagnosing the month's {count} lowest-ranked cities: {cities}. Choose cities in "
                                  "the sidebar to diagnose others."},
    "causes.scope_bottom.one": {"zh": "诊断本月满意度最低的城市：{cities}。在侧栏选择城市可诊断其他城市。",
                                "en": "Diagnosing the month's lowest-ranked city: {cities}. Choose cities in "
                                      "the sidebar to diagnose others."},
    "causes.scope_chosen": {"zh": "诊断所选城市：{cities}。", "en": "Diagnosing the chosen cities: {cities}."},
    "causes.city_rank": {"zh": "{name}（第 {rank} 名，{index}）", "en": "{name} (rank {rank}, {index})"},
    "causes.city_unranked": {"zh": "{name}（样本不足，未排名）", "en": "{name} (too few responses to rank)"},
    "causes.no_cities": {"zh": "本月没有可诊断的城市（没有城市的样本量足以排名）。",
                         "en": "No city to diagnose this month: no city had enough responses to be ranked."},
    "causes.warning_banner": {"zh": "▲ 预警：{cities}——下月满意度预测（或其区间下限）低于 {threshold:.0f}，或已连续 {falling} 个月下降。详见“下月预警”标签页。",
                              "en": "▲ Early warning for {cities}: next month's projected index (or its lower bound) "
                                    "is below {threshold:.0f}, or the index has fallen {falling} months running. "
                                    "See the “Early warning” tab."},
    "causes.together": {"zh": "所选城市合计", "en": "Chosen cities together"},
    # A row's scope and a mix's source, as the CSV downloads write them (csat.codes).
    "causes.scope.city": {"zh": "城市", "en": "City"},
    "causes.scope.selection": {"zh": "所选城市合计", "en": "Chosen cities together"},
    "causes.scope.nation": {"zh": "全国", "en": "Nationwide"},
    "causes.scope.lowest": {"zh": "本月最低的城市", "en": "Lowest city of the month"},
    "causes.scope.highest": {"zh": "本月最高的城市", "en": "Highest city of the month"},
    "causes.source.reason": {"zh": "低分原因", "en": "Low-score reason"},
    "causes.source.category": {"zh": "投诉类别", "en": "Complaint category"},

    # The page's tabs, by their codes (csat.frame.PAGES)
    "causes.tab.diagnosis": {"zh": "问题诊断", "en": "Diagnosis"},
    "causes.tab.why": {"zh": "低分原因", "en": "Why low"},
    "causes.tab.drivers": {"zh": "驱动因素", "en": "Drivers"},
    "causes.tab.words": {"zh": "客户原话", "en": "Verbatims"},
    "causes.tab.outages": {"zh": "系统故障", "en": "Outages"},
    "causes.tab.warning": {"zh": "下月预警", "en": "Early warning"},

    # 1. Diagnosis table
    "causes.diagnosis": {"zh": "问题诊断：坐席、响应、分级、方言、培训与流失", "en": "Diagnosis: seats, response, triage, dialect, training and attrition"},
    "causes.col_figure": {"zh": "指标", "en": "Figure"},
    "causes.col_best": {"zh": "最佳城市", "en": "Best city"},
    "causes.best_city": {"zh": "{name} {value}", "en": "{name} {value}"},
    "causes.best_tied": {"zh": "{count} 个城市 {value}", "en": "{count} cities at {value}"},
    "causes.diagnosis_caption": {
        "zh": "各城市本月数值与全国、最佳城市（本月该指标最好的城市）对比。颜色表示比全国差多少（按指标的好坏方向）："
              "深红 = 差 50% 以上，红 = 差 20–50%，浅红 = 差 5–20%，蓝 = 比全国好 5% 以上。"
              "“所选城市合计”按全部工单、天数和坐席汇总计算（与全国口径相同），不是城市数值的平均。"
              "坐席数和日均咨询量只作规模参考，全国值为合计，不参与着色。智能分级 = 启用智能分级的坐席占比。",
        "en": "Each city's figure of the month against the nation and the best city (the city "
              "with the month's best value on that figure). Colour shows how much worse than the nation, in the figure's good direction: dark red "
              "= over 50% worse, red = 20–50% worse, light red = 5–20% worse, blue = over 5% better. “Chosen cities "
              "together” is computed over all their tickets, days and seats (like the nation), not as a mean of "
              "cities. Seats and daily inquiries show size only: the nation's are totals and are not coloured. "
              "Intelligent triage = share of seats in cities with triage switched on."},

    # 2. Why customers scored low
    "causes.why_low": {"zh": "客户为什么打低分", "en": "Why customers scored low"},
    "causes.reasons_title": {"zh": "低分原因（问卷）", "en": "Low-score reasons (survey)"},
    "causes.categories_title": {"zh": "投诉类别（工单）", "en": "Complaint categories (tickets)"},
    "causes.mix_share": {"zh": "占比", "en": "Share"},
    "causes.mix_item": {"zh": "原因 / 类别", "en": "Reason / category"},
    "causes.mix_row": {"zh": "{name}（{total} 条）", "en": "{name} (n={total})"},
    "causes.col_share_selected": {"zh": "所选城市", "en": "Chosen cities"},
    "causes.col_share_nation": {"zh": "全国", "en": "Nation"},
    "causes.col_count_nation": {"zh": "全国数量", "en": "Nation, count"},
    "causes.tip_last_month": {"zh": "上月占比", "en": "Last month"},
    "causes.tip_count": {"zh": "数量", "en": "Count"},
    "causes.why_caption": {
        "zh": "左：打低分的客户在问卷中选择的原因；右：投诉工单的类别。每条横条为一个范围（各城市、所选城市合计、全国）内的构成，"
              "括号内为条数——单个城市的低分问卷较少，占比波动大。下表为所选城市合计与全国的占比和全国数量，括号内为较上月的变化（占比为百分点）。",
        "en": "Left: the reason customers picked when they scored low (survey); right: the category of complaint "
              "tickets. Each bar is the mix within one scope (each city, the chosen cities together, the nation); "
              "n is the count behind it — a single city has few low-score responses, so its shares move a lot. "
              "The tables give the chosen cities' and the nation's shares and the nation's count, each with the "
              "change on last month in brackets (shares in percentage points)."},
    "causes.reason.slow_response": {"zh": "响应慢", "en": "Slow response"},
    "causes.reason.unresolved": {"zh": "问题未解决", "en": "Not resolved"},
    "causes.reason.dialect": {"zh": "听不懂 / 方言", "en": "Not understood / dialect"},
    "causes.reason.attitude": {"zh": "服务态度", "en": "Attitude"},
    "causes.reason.no_follow_up": {"zh": "无后续跟进", "en": "No follow-up"},
    "causes.reason.logistics": {"zh": "物流", "en": "Logistics"},
    "causes.reason.system_outage": {"zh": "系统故障", "en": "System outage"},
    "causes.reason.other": {"zh": "其他", "en": "Other"},
    "causes.category.logistics": {"zh": "物流", "en": "Logistics"},
    "causes.category.product": {"zh": "产品", "en": "Product"},
    "causes.category.billing": {"zh": "账单", "en": "Billing"},
    "causes.category.account": {"zh": "账户", "en": "Account"},
    "causes.category.technical": {"zh": "技术", "en": "Technical"},
    "causes.category.dialect": {"zh": "听不懂 / 方言", "en": "Not understood / dialect"},
    "causes.category.attitude": {"zh": "服务态度", "en": "Attitude"},
    "causes.category.other": {"zh": "其他", "en": "Other"},

    # 3. Drivers
    "causes.drivers": {"zh": "驱动因素：团队状况与满意度的关系", "en": "Drivers: how the team's state goes with satisfaction"},
    "causes.driver_pick": {"zh": "查看关系", "en": "Relationship to show"},
    "causes.driver_pair": {"zh": "{factor} → {outcome}", "en": "{factor} → {outcome}"},
    "causes.pair_reading": {"zh": "**{pair}**\n\n相关系数 r = {r}（{strength}相关），基于 {observations} 个城市·月；"
                                  "该因素可解释结果差异的 {r2}（r²）。\n\n斜率：{slope}。",
                            "en": "**{pair}**\n\nCorrelation r = {r} ({strength}) over {observations} city-months; "
                                  "the factor accounts for {r2} of the outcome's variation (r²).\n\nSlope: {slope}."},
    "causes.driver_legend_other": {"zh": "其他城市", "en": "Other cities"},
    "causes.col_factor": {"zh": "因素", "en": "Factor"},
    "causes.col_outcome": {"zh": "结果", "en": "Outcome"},
    "causes.col_r": {"zh": "相关系数 r", "en": "Correlation r"},
    "causes.col_strength": {"zh": "强度", "en": "Strength"},
    "causes.col_effect": {"zh": "斜率（平均而言）", "en": "Slope (on average)"},
    "causes.col_observations": {"zh": "城市·月数", "en": "City-months"},
    "causes.strength.strong": {"zh": "强", "en": "strong"},
    "causes.strength.moderate": {"zh": "中等", "en": "moderate"},
    "causes.strength.weak": {"zh": "弱", "en": "weak"},
    "causes.strength.none": {"zh": "几乎无", "en": "hardly any"},
    "causes.effect_points": {"zh": "{per}，指数 {value} 分", "en": "{value} index points {per}"},
    "causes.effect_pp": {"zh": "{per}，{outcome} {value} 个百分点", "en": "{value} pp of {outcome} {per}"},
    "causes.strength.unknown": {"zh": "数据不足，无法判断", "en": "not enough data to tell"},
    "causes.pair_no_data": {"zh": "**{pair}**\n\n本期数据不足以判断这一关系：{observations} 个城市·月中，该因素或结果几乎没有变化（例如措施尚未在任何城市上线），因此不计算相关系数与斜率。",
                            "en": "**{pair}**\n\nThe data cannot tell this relationship yet: over {observations} city-months the factor or the outcome hardly varies (for example, a measure no city has launched yet), so no correlation or slope is computed."},
    "causes.per.share": {"zh": "每高 10 个百分点", "en": "per 10 pp more"},
    "causes.per.hours": {"zh": "每多 1 小时", "en": "per extra hour"},
    "causes.per.per_day": {"zh": "每坐席每天多 10 个咨询", "en": "per 10 more inquiries a seat a day"},
    "causes.per.score": {"zh": "每多 1 小时", "en": "per extra hour"},
    "causes.drivers_caption": {
        "zh": "方法：取截至本月、样本量足以排名的全部城市·月（每个点为一个城市的一个月），计算皮尔逊相关系数 r（−1 到 1，"
              "绝对值 ≥0.5 为强、≥0.3 为中等、≥0.1 为弱）和最小二乘斜率（DuckDB 的 corr() 与 regr_slope()）。"
              "斜率表示该因素相差一个单位时结果平均相差多少。相关只说明“一起变化”，不证明因果：城市规模、地区等其他因素也会同时起作用。"
              "彩色点为所选城市，带黑框的是本月。",
        "en": "Method: every ranked city-month up to this month (each point is one city in one month); Pearson's "
              "correlation r (−1 to 1; |r| ≥ 0.5 strong, ≥ 0.3 moderate, ≥ 0.1 weak) and the least-squares slope "
              "(DuckDB's corr() and regr_slope()). The slope says how much the outcome differs on average when the "
              "factor differs by one step. A correlation shows that two figures move together, not that one causes "
              "the other: size, region and other factors move with them. Coloured points are the chosen cities; "
              "outlined ones are this month."},

    # 4. Verbatims
    "causes.verbatims": {"zh": "客户反馈摘录", "en": "Customer verbatims"},
    "causes.themes_title": {"zh": "低分评论的主题", "en": "Themes of low-score comments"},
    "causes.themes_caption": {
        "zh": "方法：中文没有空格分词，因此不统计单词，而是用一个小型主题词典：评论包含某主题的任一关键词即计为提及该主题"
              "（一条评论可提及多个主题）。占比 = 提及该主题的低分评论 / 全部低分评论（所选城市合计 {selected} 条，全国 {national} 条）。"
              "词典只能找到它列出的词，其余内容请用下方搜索。",
        "en": "Method: Chinese has no spaces between words, so words are not counted; a small theme dictionary is "
              "used instead: a comment mentions a theme when it contains any of the theme's keywords (a comment can "
              "mention several). Share = low-score comments mentioning the theme / all low-score comments ({selected} "
              "in the chosen cities, {national} nationwide). The dictionary finds only what it lists; search the "
              "comments below for anything else."},
    "causes.themes_keywords": {"zh": "主题关键词", "en": "Theme keywords"},
    "causes.col_theme": {"zh": "主题", "en": "Theme"},
    "causes.col_keywords": {"zh": "关键词（中文原文）", "en": "Keywords (matched in the Chinese text)"},
    "causes.col_example": {"zh": "所选城市的例子", "en": "Example from the chosen cities"},
    "causes.theme.waiting": {"zh": "等待 / 响应慢", "en": "Waiting / slow response"},
    "causes.theme.not_understood": {"zh": "听不懂 / 理解偏差", "en": "Not understood / misunderstood"},
    "causes.theme.unresolved": {"zh": "问题未解决", "en": "Not resolved"},
    "causes.theme.part_time": {"zh": "兼职客服", "en": "Part-time agents"},
    "causes.theme.attitude": {"zh": "态度", "en": "Attitude"},
    "causes.theme.no_follow_up": {"zh": "无回访 / 无下文", "en": "No call-back / follow-up"},
    "causes.theme.repeat_contact": {"zh": "反复反映", "en": "Had to repeat themselves"},
    "causes.theme.lost_records": {"zh": "系统故障 / 工单丢失", "en": "System down / lost tickets"},
    "causes.theme.logistics": {"zh": "物流", "en": "Logistics"},
    "causes.theme.process": {"zh": "流程 / 规则", "en": "Process / rules"},
    "causes.search": {"zh": "搜索评论", "en": "Search the comments"},
    "causes.search_placeholder": {"zh": "例如：听不懂、工单、兼职", "en": "Words of the comment, in Chinese"},
    "causes.reason_filter": {"zh": "低分原因", "en": "Low-score reason"},
    "causes.all_reasons": {"zh": "全部原因", "en": "All reasons"},
    "causes.verbatims_count": {"zh": "显示 {shown} / {matches} 条低分评论（最新在前）。",
                               "en": "Showing {shown} of {matches} low-score comments, newest first."},
    "causes.no_verbatims": {"zh": "没有符合条件的评论。", "en": "No comment matches."},
    "causes.col_date": {"zh": "提交时间", "en": "Submitted"},
    "causes.col_reason": {"zh": "低分原因", "en": "Reason"},
    "causes.col_comment": {"zh": "客户原话", "en": "Comment (customer's words)"},
    "causes.col_score": {"zh": "本份问卷得分", "en": "Response score"},
    "causes.col_nps": {"zh": "推荐意愿（0–10）", "en": "Recommend (0–10)"},
    "causes.share_selected": {"zh": "所选城市", "en": "Chosen cities"},

    # 5. Incidents
    "causes.incidents": {"zh": "系统故障与二次投诉", "en": "Outages and the repeat complaints that followed"},
    "causes.outages": {"zh": "故障次数", "en": "Outages"},
    "causes.lost_all": {"zh": "丢失工单", "en": "Lost tickets"},
    "causes.lost_selected": {"zh": "丢失 · 所选城市", "en": "Lost · chosen cities"},
    "causes.repeats_all": {"zh": "故障引发的二次投诉", "en": "Repeats of lost tickets"},
    "causes.repeats_selected": {"zh": "二次投诉 · 所选城市", "en": "Repeats · chosen cities"},
    "causes.col_of_which_selected": {"zh": "其中所选城市", "en": "of which chosen cities"},
    "causes.no_incidents": {"zh": "本月没有记录系统故障。", "en": "No outage was recorded this month."},
    "causes.col_incident": {"zh": "故障", "en": "Outage"},
    "causes.col_started": {"zh": "开始时间", "en": "Started"},
    "causes.col_duration": {"zh": "持续（小时）", "en": "Hours down"},
    "causes.col_where": {"zh": "范围", "en": "Where"},
    "causes.col_system": {"zh": "系统", "en": "System"},
    "causes.incidents_caption": {
        "zh": "丢失工单 = 故障期间在处理中、被标记为丢失的工单；二次投诉 = 之后以“重复投诉”登记、指向一张丢失工单的新工单（可能在下月登记）。",
        "en": "Lost tickets = tickets open during the outage and marked lost in it; repeat complaints = later tickets "
              "filed as a repeat of a lost ticket (possibly in the next month)."},

    # 6. Early warning
    "causes.warning": {"zh": "预警：下月满意度预测", "en": "Early warning: next month's projected index"},
    "causes.warning_chart_title": {"zh": "近 {months} 个月指数与 {month} 预测（90% 预测区间）",
                                   "en": "Index over the last {months} months and the {month} projection "
                                         "(90% prediction interval)"},
    "causes.threshold_label": {"zh": "预警线 {threshold:.0f}", "en": "Threshold {threshold:.0f}"},
    "causes.projection": {"zh": "预测", "en": "Projection"},
    "causes.actual": {"zh": "实际（已有数据）", "en": "Actual (data already in)"},
    "causes.warning_marks": {"zh": "实线：已测得的指数；虚线与 ◆：下月预测；竖条：90% 预测区间；○：下月实际值（数据中已有时，用于检验预测）；琥珀色 ▲：预警。",
                             "en": "Solid line: measured index; dashed line and ◆: next month's projection; bar: 90% "
                                   "prediction interval; ○: next month's actual value where the data already has it "
                                   "(a check of the method); amber ▲: warned."},
    "causes.no_warnings": {"zh": "本月没有城市触发预警。", "en": "No city is warned this month."},
    "causes.col_index_now": {"zh": "本月", "en": "This month"},
    "causes.col_projected": {"zh": "下月预测", "en": "Projected"},
    "causes.col_interval": {"zh": "90% 区间", "en": "90% interval"},
    "causes.col_slope": {"zh": "趋势/月", "en": "Trend/month"},
    "causes.col_falling": {"zh": "连续下降月数", "en": "Months falling"},
    "causes.col_warning": {"zh": "预警原因", "en": "Why warned"},
    "causes.col_actual": {"zh": "下月实际", "en": "Actual next month"},
    "causes.why.projected": {"zh": "预测低于 {threshold:.0f}", "en": "projection below {threshold:.0f}"},
    "causes.why.low": {"zh": "区间下限低于 {threshold:.0f}", "en": "lower bound below {threshold:.0f}"},
    "causes.why.falling": {"zh": "连续 {months} 个月下降", "en": "fell {months} months running"},
    "causes.why.none": {"zh": "未预警", "en": "not warned"},
    "causes.too_short": {"zh": "数据不足", "en": "too little history"},
    "causes.warning_caption": {
        "zh": "方法：对每个城市最近 {window} 个月的指数做最小二乘直线趋势，外推一个月。不确定性取两者中较大者：趋势残差的方差，"
              "与问卷本身的抽样误差（单份问卷加权得分的方差 ÷ 样本量）；再加上趋势线本身的估计误差，"
              "得到 90% 预测区间（t 分布，自由度 = 月数 − 2）。预测值或区间下限低于 {threshold:.0f}，或指数已连续 {falling} 个月下降，"
              "即标记琥珀色 ▲（总览地图同样标记）。预警提示风险，并非定论：只有 {window} 个点的趋势可能很快改变。",
        "en": "Method: a least-squares straight-line trend through each city's index of the last {window} months, "
              "extended one month. The spread of a new month is the larger of the trend's residual variance and "
              "the survey's own sampling error (variance of single responses' weighted scores ÷ responses); adding "
              "the trend's own estimation error gives a 90% prediction interval (Student's t, months − 2 degrees of "
              "freedom). A city gets the amber ▲ (also on the overview map) when the projection or the interval's "
              "lower end is below {threshold:.0f}, or the index fell {falling} months running. A warning flags a "
              "risk, not a certainty: a trend through {window} points can turn quickly."},
}
