-- comment_theme_keywords: the small dictionary of themes that low-score comments are sorted into — one row per
-- theme and keyword, in the order the keywords are listed (position). Chinese is written without spaces, so words
-- are not counted: a comment mentions a theme when it contains any of the theme's keywords (a comment can mention
-- several themes). Read by comment_theme_city_month (the counts) and comment_themes (the themes and keywords
-- shown). Columns: theme, keyword, position.
CREATE OR REPLACE TABLE comment_theme_keywords AS
SELECT theme, keyword, position
FROM (
    VALUES
        ('waiting', '等', 1), ('waiting', '慢', 2), ('waiting', '排队', 3), ('waiting', '没人接', 4),
        ('waiting', '打不进', 5), ('waiting', '没人联系', 6), ('waiting', '没人理', 7), ('waiting', '拖', 8),
        ('not_understood', '听不懂', 1), ('not_understood', '没听明白', 2), ('not_understood', '理解', 3),
        ('not_understood', '说不清楚', 4), ('not_understood', '方言', 5), ('not_understood', '普通话', 6),
        ('not_understood', '会说', 7),
        ('unresolved', '没解决', 1), ('unresolved', '不了了之', 2), ('unresolved', '没用', 3),
        ('unresolved', '重启', 4), ('unresolved', '一问三不知', 5),
        ('part_time', '兼职', 1),
        ('attitude', '态度', 1), ('attitude', '不耐烦', 2), ('attitude', '敷衍', 3), ('attitude', '挂了', 4),
        ('attitude', '话术', 5),
        ('no_follow_up', '回电', 1), ('no_follow_up', '回访', 2), ('no_follow_up', '下文', 3),
        ('no_follow_up', '没消息', 4),
        ('repeat_contact', '反映了', 1), ('repeat_contact', '重新说', 2), ('repeat_contact', '重新讲', 3),
        ('repeat_contact', '从头讲', 4), ('repeat_contact', '好几遍', 5), ('repeat_contact', '第二次', 6),
        ('lost_records', '工单丢', 1), ('lost_records', '查不到', 2), ('lost_records', '不见了', 3),
        ('lost_records', '系统', 4),
        ('logistics', '物流', 1), ('logistics', '快递', 2), ('logistics', '发货', 3), ('logistics', '供应链', 4),
        ('process', '流程', 1), ('process', '入口', 2), ('process', '规则', 3), ('process', '发票', 4),
        ('process', '退款', 5)
) AS dictionary (theme, keyword, position)
ORDER BY theme, position;
